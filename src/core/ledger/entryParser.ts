import * as path from 'node:path';
import type { Node as YamlNode } from 'yaml';
import { isMap, parseDocument } from 'yaml';
import type { Anchor } from './anchor';
import { ENTRY_ID_PATTERN } from './entryId';
import { splitFrontMatter } from './frontMatter';
import type { DebtSeverity, DebtStatus, LedgerDiagnostic, LedgerDiagnosticCode, LedgerEntry } from './ledgerEntry';
import { DEBT_SEVERITIES, DEBT_STATUSES, PRINCIPAL_PATTERN } from './ledgerEntry';

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

/**
 * The largest front matter the reader parses, in bytes of UTF-8 (256 KiB): hundreds of times what
 * a hand-written entry holds. Parsing YAML costs far more than its size (a 16 MB front matter of 2M
 * tags took 33 s and 2.2 GB), and every load and scan would pay it; a larger one is reported
 * (`too-large`) without being parsed.
 */
export const MAX_FRONT_MATTER_BYTES = 256 * 1024;

/** A successful parse; `idLine` is where the id is written, for the store's duplicate-id check. */
export interface ParsedEntry {
  readonly entry: LedgerEntry;
  readonly idLine: number;
}

export interface EntryParseFailure {
  readonly diagnostics: readonly LedgerDiagnostic[];
}

export type EntryParseResult = ParsedEntry | EntryParseFailure;

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
  const frontMatterBytes = Buffer.byteLength(frontMatter.yaml, 'utf8');
  if (frontMatterBytes > MAX_FRONT_MATTER_BYTES) {
    return {
      diagnostics: [
        {
          path: relPath,
          line: 1,
          message: `the front matter is ${frontMatterBytes} bytes, more than the ${MAX_FRONT_MATTER_BYTES} bytes an entry may hold, so it is not read — keep long lists and notes in the body`,
          code: 'too-large',
        },
      ],
    };
  }
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
      // A list or mapping shows as String() has always shown it (`a,b`, `[object Object]`): the
      // diagnostic's text is output that must not change.
      // eslint-disable-next-line @typescript-eslint/no-base-to-string
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
