import * as path from 'node:path';
import type { Node as YamlNode, YAMLMap } from 'yaml';
import { Document, isMap, isScalar, isSeq, parseDocument, Scalar } from 'yaml';
import type { Anchor } from './anchor';

/**
 * The life cycle of a debt entry. `accepted`: known and deliberately kept for now; `scheduled`: a
 * backlog item will pay it; `paid` and `wontfix` close it (kept in the ledger as history).
 */
export const DEBT_STATUSES = ['open', 'accepted', 'scheduled', 'paid', 'wontfix'] as const;
export type DebtStatus = (typeof DEBT_STATUSES)[number];

export const DEBT_SEVERITIES = ['low', 'medium', 'high', 'critical'] as const;
export type DebtSeverity = (typeof DEBT_SEVERITIES)[number];

/**
 * An effort estimate with its unit: hours `h`, days `d`, weeks `w`, story points `sp` or points
 * `pt`. A bare number is refused because a ledger mixing `3` (days?) and `3` (points?) cannot be
 * summed or compared.
 */
export const PRINCIPAL_PATTERN = /^\d+(\.\d+)?(h|d|w|sp|pt)$/;

/**
 * `TD-` and 4 to 16 lowercase hex digits. New ids have 6 ({@link newEntryId}); shorter and longer
 * ones are accepted so that hand-written and future ids stay valid.
 */
export const ENTRY_ID_PATTERN = /^TD-[0-9a-f]{4,16}$/;

/**
 * A calendar date (`2024-05-01`) or a date-time with an optional offset (`2024-05-01T10:00:00Z`).
 * Kept as text in the file: YAML 1.2 (the core schema) has no timestamp type, so these stay strings.
 */
const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})(?:T([01]\d|2[0-3]):[0-5]\d(?::[0-5]\d(?:\.\d+)?)?(?:Z|[+-](?:[01]\d|2[0-3]):[0-5]\d)?)?$/;

/**
 * The backlog reference forms of `parseBacklogReferences`, in their canonical spelling: `PROJ-12`,
 * `#45`, `owner/repo#45`, `AB#12`, or an http(s) URL.
 */
const BACKLOG_REFERENCE_PATTERN =
  /^(?:[A-Z][A-Z0-9_]{1,9}-[1-9]\d{0,8}|#[1-9]\d{0,8}|[A-Za-z0-9][A-Za-z0-9-]{0,38}\/[A-Za-z0-9._-]{1,100}#[1-9]\d{0,8}|AB#[1-9]\d{0,8}|https?:\/\/\S+)$/;

/** One debt entry as read from its file. */
export interface LedgerEntry {
  readonly id: string;
  readonly title: string;
  readonly status: DebtStatus;
  readonly severity: DebtSeverity;
  /** Effort to pay the debt, with a unit (see {@link PRINCIPAL_PATTERN}); absent when unknown. */
  readonly principal?: string;
  readonly tags: readonly string[];
  /** Backlog reference ids (`PROJ-12`, `#45`, `owner/repo#45`, `AB#12`, URLs). */
  readonly backlog: readonly string[];
  /** Where the debt is in the code; empty for debt not tied to code (a missing test suite…). */
  readonly anchors: readonly Anchor[];
  /** ISO date or date-time, as written. */
  readonly created: string;
  readonly updated?: string;
  readonly author?: string;
  /** The Markdown after the front matter, without the one blank line that separates them. */
  readonly body: string;
  /** Repository-relative path of the entry's file, forward slashes. */
  readonly path: string;
}

/** The front-matter fields of a new entry: everything but the body and the file's path. */
export type LedgerEntryFields = Omit<LedgerEntry, 'body' | 'path'>;

/**
 * A stable code per kind of problem, so that the editor and CI can group, filter and explain them
 * without reading message text.
 */
export type LedgerDiagnosticCode =
  | 'bad-yaml'
  | 'no-front-matter'
  | 'unterminated-front-matter'
  | 'front-matter-not-mapping'
  | 'missing-field'
  | 'empty-field'
  | 'wrong-type'
  | 'bad-id'
  | 'id-file-mismatch'
  | 'duplicate-id'
  | 'unknown-status'
  | 'unknown-severity'
  | 'bad-principal'
  | 'bad-date'
  | 'bad-backlog-ref'
  | 'anchors-not-list'
  | 'bad-anchor'
  | 'anchor-outside-repo'
  | 'unreadable-file';

/** A problem with one entry file. The file is never rewritten while it has one. */
export interface LedgerDiagnostic {
  /** Repository-relative path of the file, forward slashes. */
  readonly path: string;
  /** 1-based line in the whole file (front matter delimiters included). */
  readonly line: number;
  /** 1-based column, when the problem has a precise position. */
  readonly column?: number;
  readonly message: string;
  readonly code: LedgerDiagnosticCode;
}

/** A successful parse; `idLine` is where the id is written, for the store's duplicate-id check. */
export interface ParsedEntry {
  readonly entry: LedgerEntry;
  readonly idLine: number;
}

export interface EntryParseFailure {
  readonly diagnostics: readonly LedgerDiagnostic[];
}

export type EntryParseResult = ParsedEntry | EntryParseFailure;

/**
 * Changes to an entry's front matter (and optionally its body). `null` removes an optional field;
 * `undefined` (or absent) leaves a field as written. The id is not changeable: it is the identity
 * other entries, commits and reports refer to.
 */
export interface LedgerEntryChanges {
  readonly title?: string;
  readonly status?: DebtStatus;
  readonly severity?: DebtSeverity;
  readonly principal?: string | null;
  readonly tags?: readonly string[];
  readonly backlog?: readonly string[];
  readonly anchors?: readonly Anchor[];
  readonly updated?: string;
  readonly author?: string | null;
  readonly body?: string;
}

/** The text given to {@link updateEntryText} has no readable front matter; it must not be rewritten. */
export class LedgerFormatError extends Error {
  override readonly name = 'LedgerFormatError';
  constructor(readonly code: LedgerDiagnosticCode, message: string) {
    super(message);
  }
}

/** {@link newEntryId} found no free id; only possible with a broken random source or ~16M entries. */
export class LedgerIdExhaustedError extends Error {
  override readonly name = 'LedgerIdExhaustedError';
  constructor(readonly attempts: number) {
    super(`no free debt entry id after ${attempts} attempts`);
  }
}

const FIELD_ORDER = ['id', 'title', 'status', 'severity', 'principal', 'tags', 'backlog', 'anchors', 'created', 'updated', 'author'] as const;
const DELIMITER = /^---[ \t]*$/;
const CLOSING_DELIMITER = /^(?:---|\.\.\.)[ \t]*$/;
const BOM = '\uFEFF';
const ID_ATTEMPTS = 1000;
const SLUG_MAX = 50;

interface FrontMatter {
  /** Offset of the YAML text in the file. */
  readonly yamlStart: number;
  readonly yaml: string;
  /** Offset just after the closing delimiter's line break. */
  readonly bodyStart: number;
  readonly eol: string;
}

type Split = { readonly frontMatter: FrontMatter } | { readonly code: 'no-front-matter' | 'unterminated-front-matter'; readonly message: string };

/** Splits `---` YAML `---` from the body; line breaks may be LF or CRLF, a BOM is skipped. */
function splitFrontMatter(text: string): Split {
  const start = text.startsWith(BOM) ? 1 : 0;
  const firstBreak = text.indexOf('\n', start);
  const firstLine = text.slice(start, firstBreak < 0 ? text.length : firstBreak).replace(/\r$/, '');
  if (!DELIMITER.test(firstLine)) {
    return { code: 'no-front-matter', message: 'an entry file must start with a `---` line opening its YAML front matter' };
  }
  if (firstBreak < 0) {
    return { code: 'unterminated-front-matter', message: 'the front matter opened on line 1 is never closed by a `---` line' };
  }
  const eol = text[firstBreak - 1] === '\r' ? '\r\n' : '\n';
  const yamlStart = firstBreak + 1;
  let lineStart = yamlStart;
  while (lineStart <= text.length) {
    const lineBreak = text.indexOf('\n', lineStart);
    const lineEnd = lineBreak < 0 ? text.length : lineBreak;
    if (CLOSING_DELIMITER.test(text.slice(lineStart, lineEnd).replace(/\r$/, ''))) {
      return { frontMatter: { yamlStart, yaml: text.slice(yamlStart, lineStart), bodyStart: lineBreak < 0 ? text.length : lineBreak + 1, eol } };
    }
    if (lineBreak < 0) {
      break;
    }
    lineStart = lineBreak + 1;
  }
  return { code: 'unterminated-front-matter', message: 'the front matter opened on line 1 is never closed by a `---` line' };
}

function position(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let index = text.indexOf('\n'); index >= 0 && index < offset; index = text.indexOf('\n', index + 1)) {
    line++;
    lineStart = index + 1;
  }
  return { line, column: offset - lineStart + 1 };
}

function stripSeparator(body: string): string {
  if (body.startsWith('\r\n')) {
    return body.slice(2);
  }
  return body.startsWith('\n') ? body.slice(1) : body;
}

function isValidDate(value: string): boolean {
  const match = DATE_PATTERN.exec(value);
  if (!match) {
    return false;
  }
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/**
 * Whether a repository-relative anchor path stays inside the repository. Absolute paths (POSIX,
 * Windows drive or UNC) are refused even when they point into it: the ledger is shared, and an
 * absolute path is only meaningful on one machine.
 */
function anchorPathProblem(anchorPath: string, repoRoot: string): { code: LedgerDiagnosticCode; message: string } | undefined {
  if (anchorPath.trim() === '') {
    return { code: 'bad-anchor', message: 'anchor path is empty' };
  }
  if (anchorPath.startsWith('/') || anchorPath.startsWith('\\') || /^[A-Za-z]:/.test(anchorPath)) {
    return { code: 'anchor-outside-repo', message: `anchor path ${anchorPath} is absolute; write it relative to the repository root` };
  }
  if (anchorPath.includes('\\')) {
    return { code: 'bad-anchor', message: `anchor path ${anchorPath} must use forward slashes` };
  }
  const root = path.resolve(repoRoot);
  const relative = path.relative(root, path.resolve(root, anchorPath));
  if (relative === '' || relative === '..' || relative.startsWith(`..${path.sep}`) || path.isAbsolute(relative)) {
    return { code: 'anchor-outside-repo', message: `anchor path ${anchorPath} is outside the repository` };
  }
  return undefined;
}

/**
 * Reads one entry file. Every problem found is reported (not only the first), each with the line of
 * the offending value, so a user fixes a hand-edited file in one go. The entry is returned only when
 * there is no problem: a half-valid entry would be shown, then rewritten by the next status change.
 *
 * @param relPath repository-relative path of the file; its name must start with the entry's id.
 * @param repoRoot absolute repository root; anchor paths must resolve inside it.
 */
export function parseEntryFile(text: string, relPath: string, repoRoot: string): EntryParseResult {
  const split = splitFrontMatter(text);
  if (!('frontMatter' in split)) {
    return { diagnostics: [{ path: relPath, line: 1, message: split.message, code: split.code }] };
  }
  const { frontMatter } = split;
  const diagnostics: LedgerDiagnostic[] = [];
  const report = (offset: number | undefined, code: LedgerDiagnosticCode, message: string): void => {
    if (offset === undefined) {
      diagnostics.push({ path: relPath, line: 1, message, code });
      return;
    }
    const at = position(text, frontMatter.yamlStart + offset);
    diagnostics.push({ path: relPath, line: at.line, column: at.column, message, code });
  };

  const doc = parseDocument(frontMatter.yaml, { prettyErrors: false, uniqueKeys: true });
  const [yamlError] = doc.errors;
  if (yamlError !== undefined) {
    // Only the first: later YAML errors are mostly consequences of it. An error "at the end" (an
    // unclosed quote) is shown on the last line of the front matter, not on the closing `---`.
    report(Math.max(0, Math.min(yamlError.pos[0], frontMatter.yaml.length - 1)), 'bad-yaml', `YAML: ${yamlError.message.split('\n')[0]}`);
    return { diagnostics };
  }
  const root = doc.contents;
  if (!isMap(root)) {
    report(root?.range?.[0], 'front-matter-not-mapping', 'the front matter must be a YAML mapping of fields (`title: …`)');
    return { diagnostics };
  }
  let data: Record<string, unknown>;
  try {
    data = doc.toJS({ maxAliasCount: 100 }) as Record<string, unknown>;
  } catch (error) {
    report(0, 'bad-yaml', `YAML: ${error instanceof Error ? error.message : String(error)}`);
    return { diagnostics };
  }

  const offsetOf = (keys: readonly (string | number)[]): number | undefined => {
    for (let length = keys.length; length > 0; length--) {
      const node = doc.getIn(keys.slice(0, length), true) as YamlNode | undefined;
      if (node?.range) {
        return node.range[0];
      }
    }
    return undefined;
  };
  const requiredString = (key: string, code: LedgerDiagnosticCode = 'wrong-type'): string | undefined => {
    const value = data[key];
    if (value === undefined || value === null) {
      report(undefined, 'missing-field', `missing required field \`${key}\``);
      return undefined;
    }
    if (typeof value !== 'string') {
      report(offsetOf([key]), code, `\`${key}\` must be text`);
      return undefined;
    }
    if (value.trim() === '') {
      report(offsetOf([key]), 'empty-field', `\`${key}\` is empty`);
      return undefined;
    }
    return value;
  };
  const optionalString = (key: string): string | undefined => {
    const value = data[key];
    if (value === undefined || value === null) {
      return undefined;
    }
    if (typeof value !== 'string') {
      report(offsetOf([key]), 'wrong-type', `\`${key}\` must be text`);
      return undefined;
    }
    return value;
  };
  const stringList = (key: string, check?: (item: string, index: number) => void): string[] => {
    const value = data[key];
    if (value === undefined || value === null) {
      return [];
    }
    if (!Array.isArray(value)) {
      report(offsetOf([key]), 'wrong-type', `\`${key}\` must be a list`);
      return [];
    }
    value.forEach((item, index) => {
      if (typeof item !== 'string') {
        report(offsetOf([key, index]), 'wrong-type', `\`${key}\` item ${index + 1} must be text${key === 'backlog' ? ' (quote `"#45"`: a bare # starts a YAML comment)' : ''}`);
      } else {
        check?.(item, index);
      }
    });
    return value.filter((item): item is string => typeof item === 'string');
  };
  const date = (key: string, required: boolean): string | undefined => {
    const value = required ? requiredString(key, 'bad-date') : optionalString(key);
    if (value !== undefined && !isValidDate(value)) {
      report(offsetOf([key]), 'bad-date', `\`${key}\` must be a date (2024-05-01) or date-time (2024-05-01T10:00:00Z), not ${value}`);
      return undefined;
    }
    return value;
  };

  const id = requiredString('id', 'bad-id');
  if (id !== undefined) {
    const fileName = path.posix.basename(relPath);
    if (!ENTRY_ID_PATTERN.test(id)) {
      report(offsetOf(['id']), 'bad-id', `id ${id} is not of the form TD- and 4 to 16 lowercase hex digits`);
    } else if (fileName !== `${id}.md` && !fileName.startsWith(`${id}-`)) {
      report(offsetOf(['id']), 'id-file-mismatch', `id ${id} does not match the file name ${fileName}, which must start with the id`);
    }
  }
  const title = requiredString('title');
  const status = requiredString('status');
  if (status !== undefined && !(DEBT_STATUSES as readonly string[]).includes(status)) {
    report(offsetOf(['status']), 'unknown-status', `unknown status ${status}; expected one of ${DEBT_STATUSES.join(', ')}`);
  }
  const severity = requiredString('severity');
  if (severity !== undefined && !(DEBT_SEVERITIES as readonly string[]).includes(severity)) {
    report(offsetOf(['severity']), 'unknown-severity', `unknown severity ${severity}; expected one of ${DEBT_SEVERITIES.join(', ')}`);
  }
  const principalValue = data['principal'];
  let principal: string | undefined;
  if (principalValue !== undefined && principalValue !== null) {
    if (typeof principalValue === 'string' && PRINCIPAL_PATTERN.test(principalValue)) {
      principal = principalValue;
    } else {
      report(offsetOf(['principal']), 'bad-principal', `principal ${String(principalValue)} needs a number and a unit: h, d, w, sp or pt (3d, 5sp, 8h)`);
    }
  }
  const tags = stringList('tags');
  const backlog = stringList('backlog', (item, index) => {
    if (!BACKLOG_REFERENCE_PATTERN.test(item)) {
      report(offsetOf(['backlog', index]), 'bad-backlog-ref', `backlog reference ${item} is not PROJ-12, #45, owner/repo#45, AB#12 or a URL`);
    }
  });
  const anchors = readAnchors(data['anchors'], offsetOf, report, repoRoot);
  const created = date('created', true);
  const updated = date('updated', false);
  const author = optionalString('author');

  if (diagnostics.length > 0 || id === undefined || title === undefined || status === undefined || severity === undefined || created === undefined) {
    return { diagnostics };
  }
  const entry: LedgerEntry = {
    id,
    title,
    status: status as DebtStatus,
    severity: severity as DebtSeverity,
    ...(principal !== undefined && { principal }),
    tags,
    backlog,
    anchors,
    created,
    ...(updated !== undefined && { updated }),
    ...(author !== undefined && { author }),
    body: stripSeparator(text.slice(frontMatter.bodyStart)),
    path: relPath,
  };
  return { entry, idLine: position(text, frontMatter.yamlStart + (offsetOf(['id']) ?? 0)).line };
}

function readAnchors(
  value: unknown,
  offsetOf: (keys: readonly (string | number)[]) => number | undefined,
  report: (offset: number | undefined, code: LedgerDiagnosticCode, message: string) => void,
  repoRoot: string,
): Anchor[] {
  if (value === undefined || value === null) {
    return [];
  }
  if (!Array.isArray(value)) {
    report(offsetOf(['anchors']), 'anchors-not-list', '`anchors` must be a list of `- path: …` items');
    return [];
  }
  const anchors: Anchor[] = [];
  value.forEach((item: unknown, index) => {
    const at = (key?: string): number | undefined => offsetOf(key === undefined ? ['anchors', index] : ['anchors', index, key]);
    if (typeof item !== 'object' || item === null || Array.isArray(item)) {
      report(at(), 'bad-anchor', `anchor ${index + 1} must be a mapping with at least a \`path\``);
      return;
    }
    const fields = item as Record<string, unknown>;
    let valid = true;
    const fail = (key: string | undefined, code: LedgerDiagnosticCode, message: string): void => {
      valid = false;
      report(at(key), code, message);
    };
    if (typeof fields['path'] !== 'string') {
      fail(fields['path'] === undefined ? undefined : 'path', 'bad-anchor', `anchor ${index + 1} needs a \`path\` (text)`);
    } else {
      const problem = anchorPathProblem(fields['path'], repoRoot);
      if (problem) {
        fail('path', problem.code, problem.message);
      }
    }
    for (const key of ['symbol', 'fingerprint'] as const) {
      if (fields[key] !== undefined && fields[key] !== null && typeof fields[key] !== 'string') {
        fail(key, 'bad-anchor', `anchor ${index + 1}: \`${key}\` must be text`);
      }
    }
    const lines = fields['lines'];
    const validLines =
      Array.isArray(lines) && lines.length === 2 && lines.every((line) => Number.isInteger(line) && (line as number) >= 1) && (lines[0] as number) <= (lines[1] as number);
    if (lines !== undefined && lines !== null && !validLines) {
      fail('lines', 'bad-anchor', `anchor ${index + 1}: \`lines\` must be [first, last], 1-based with first ≤ last`);
    }
    if (valid) {
      anchors.push({
        path: fields['path'] as string,
        ...(typeof fields['symbol'] === 'string' && { symbol: fields['symbol'] }),
        ...(validLines && { lines: [lines[0] as number, lines[1] as number] as const }),
        ...(typeof fields['fingerprint'] === 'string' && { fingerprint: fields['fingerprint'] }),
      });
    }
  });
  return anchors;
}

function frontMatterObject(fields: Partial<LedgerEntryFields>): Record<string, unknown> {
  const ordered: Record<string, unknown> = {};
  for (const key of FIELD_ORDER) {
    const value = fields[key];
    if (value !== undefined) {
      ordered[key] = key === 'anchors' ? (value as readonly Anchor[]).map(anchorObject) : value;
    }
  }
  return ordered;
}

function anchorObject(anchor: Anchor): Record<string, unknown> {
  return {
    path: anchor.path,
    ...(anchor.symbol !== undefined && { symbol: anchor.symbol }),
    ...(anchor.lines !== undefined && { lines: [...anchor.lines] }),
    ...(anchor.fingerprint !== undefined && { fingerprint: anchor.fingerprint }),
  };
}

/** Line ranges read best as `[12, 30]`; everything else keeps YAML's block style. */
function flowLineRanges(doc: Document): void {
  const anchors = doc.get('anchors', true);
  if (isSeq(anchors)) {
    for (const item of anchors.items) {
      const lines = isMap(item) ? item.get('lines', true) : undefined;
      if (isSeq(lines)) {
        lines.flow = true;
      }
    }
  }
}

const STRINGIFY = { lineWidth: 0, flowCollectionPadding: false } as const;

function withBody(eol: string, body: string): string {
  if (body === '') {
    return '';
  }
  const normalized = body.endsWith('\n') ? body : `${body}\n`;
  return `${eol}${eol === '\n' ? normalized : normalized.replace(/\r?\n/g, eol)}`;
}

/**
 * The text of a new entry file: front matter in the documented field order (absent optional fields
 * left out), a blank line, then the body.
 */
export function serializeNewEntry(entry: LedgerEntryFields, body: string): string {
  const doc = new Document(frontMatterObject(entry));
  flowLineRanges(doc);
  return `---\n${doc.toString(STRINGIFY)}---\n${withBody('\n', body)}`;
}

/**
 * Applies changes to an entry file's text, keeping everything else as the user wrote it.
 *
 * A scalar field that already exists (`status: open # see PROJ-3`) is changed by replacing only
 * its value's characters, and a new scalar field is appended as one line, so a status change is a
 * one-line diff in review. Any other change (lists, removals, flow-style front matter) edits the
 * YAML Document and prints it again: comments, key order and unknown fields survive, but the
 * library may normalize spacing. The body is untouched unless `changes.body` is given.
 *
 * @throws LedgerFormatError when the text has no front matter or its YAML does not parse.
 */
export function updateEntryText(originalText: string, changes: LedgerEntryChanges): string {
  const split = splitFrontMatter(originalText);
  if (!('frontMatter' in split)) {
    throw new LedgerFormatError(split.code, split.message);
  }
  const { frontMatter } = split;
  const doc = parseDocument(frontMatter.yaml, { prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0 || !isMap(doc.contents)) {
    throw new LedgerFormatError(doc.errors.length > 0 ? 'bad-yaml' : 'front-matter-not-mapping', 'the front matter does not parse as a YAML mapping');
  }
  const root = doc.contents;
  const fieldChanges = Object.entries(changes).filter(([key, value]) => key !== 'body' && value !== undefined) as [string, unknown][];

  const splices = fieldChanges.map(([key, value]) => planSplice(root, frontMatter, key, value));
  let yaml: string;
  if (splices.every((splice) => splice !== undefined)) {
    yaml = frontMatter.yaml;
    const ordered = [...splices].sort((a, b) => b.start - a.start);
    for (const splice of ordered) {
      yaml = yaml.slice(0, splice.start) + splice.text + yaml.slice(splice.end);
    }
  } else {
    for (const [key, value] of fieldChanges) {
      if (value === null) {
        doc.delete(key);
      } else {
        doc.set(key, doc.createNode(key === 'anchors' ? (value as readonly Anchor[]).map(anchorObject) : value));
      }
    }
    flowLineRanges(doc);
    yaml = doc.toString(STRINGIFY);
    if (frontMatter.eol !== '\n') {
      yaml = yaml.replace(/\r?\n/g, frontMatter.eol);
    }
  }
  const head = originalText.slice(0, frontMatter.yamlStart);
  const closing = originalText.slice(frontMatter.yamlStart + frontMatter.yaml.length, frontMatter.bodyStart);
  const body = changes.body === undefined ? originalText.slice(frontMatter.bodyStart) : withBody(frontMatter.eol, changes.body);
  return `${head}${yaml}${closing.endsWith('\n') ? closing : `${closing}${frontMatter.eol}`}${body}`;
}

interface Splice {
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

/**
 * A text replacement for a one-line scalar change (or the removal of a one-line field, or nothing
 * when a field to remove is absent), or undefined when the Document must be reprinted.
 */
function planSplice(root: YAMLMap, frontMatter: FrontMatter, key: string, value: unknown): Splice | undefined {
  if ((value !== null && typeof value !== 'string' && typeof value !== 'number') || root.flow) {
    return undefined;
  }
  const yaml = frontMatter.yaml;
  const pair = root.items.find((item) => isScalar(item.key) && item.key.value === key);
  if (pair) {
    const node = pair.value;
    const singleLine = isScalar(node) && (node.type === 'PLAIN' || node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE');
    if (!singleLine || !node.range || node.anchor || yaml.slice(node.range[0], node.range[1]).includes('\n')) {
      return undefined;
    }
    if (value === null) {
      const keyStart = isScalar(pair.key) ? pair.key.range?.[0] : undefined;
      const lineEnd = yaml.indexOf('\n', node.range[1]);
      const atLineStart = keyStart !== undefined && (keyStart === 0 || yaml[keyStart - 1] === '\n');
      return atLineStart && lineEnd >= 0 ? { start: keyStart, end: lineEnd + 1, text: '' } : undefined;
    }
    const text = scalarText(value, node.type);
    return text === undefined ? undefined : { start: node.range[0], end: node.range[1], text };
  }
  if (value === null) {
    return { start: 0, end: 0, text: '' };
  }
  const first = root.items[0]?.key;
  const firstStart = isScalar(first) ? first.range?.[0] : undefined;
  const atLineStart = firstStart !== undefined && (firstStart === 0 || yaml[firstStart - 1] === '\n');
  const text = scalarText(value, undefined);
  if (!atLineStart || text === undefined || !yaml.endsWith('\n') || !/^[a-z]+$/.test(key)) {
    return undefined;
  }
  return { start: yaml.length, end: yaml.length, text: `${key}: ${text}${frontMatter.eol}` };
}

function scalarText(value: string | number, type: Scalar.Type | undefined): string | undefined {
  const scalar = new Scalar(value);
  if (type !== undefined) {
    scalar.type = type;
  }
  const text = new Document(scalar).toString(STRINGIFY).replace(/\n$/, '');
  return text.includes('\n') ? undefined : text;
}

/**
 * A new id, `TD-` and 6 hex digits, not in `existingIds`. Six digits (16.7M values) keep ids short
 * enough to say aloud and type in a commit message; the store still guards against a concurrent
 * writer picking the same id.
 *
 * @param random a source like `Math.random`: uniform in [0, 1).
 * @throws LedgerIdExhaustedError after 1000 draws that all collide.
 */
export function newEntryId(existingIds: Iterable<string>, random: () => number): string {
  const taken = new Set(existingIds);
  for (let attempt = 0; attempt < ID_ATTEMPTS; attempt++) {
    const value = Math.min(0xffffff, Math.floor(random() * 0x1000000));
    const id = `TD-${value.toString(16).padStart(6, '0')}`;
    if (!taken.has(id)) {
      return id;
    }
  }
  throw new LedgerIdExhaustedError(ID_ATTEMPTS);
}

/**
 * `TD-7f3a2c-session-refresh-is-copy-pasted.md`: the id makes the name unique, the slug makes a
 * folder listing readable. The slug is ASCII lowercase and dashes (accents folded), at most 50
 * characters, cut at a word boundary when one is near; an empty slug leaves just the id.
 */
export function entryFileName(id: string, title: string): string {
  const slug = title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  let cut = slug;
  if (cut.length > SLUG_MAX) {
    cut = cut.slice(0, SLUG_MAX);
    const lastDash = cut.lastIndexOf('-');
    if (slug[SLUG_MAX] !== '-' && lastDash >= SLUG_MAX / 2) {
      cut = cut.slice(0, lastDash);
    }
    cut = cut.replace(/-+$/, '');
  }
  return cut === '' ? `${id}.md` : `${id}-${cut}.md`;
}
