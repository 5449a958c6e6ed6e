import type { YAMLMap } from 'yaml';
import { Document, isMap, isScalar, isSeq, parseDocument, Scalar } from 'yaml';
import type { Anchor } from './anchor';
import type { FrontMatter } from './frontMatter';
import { splitFrontMatter } from './frontMatter';
import type { LedgerDiagnosticCode, LedgerEntryChanges, LedgerEntryFields } from './ledgerEntry';

/** The text given to {@link updateEntryText} has no readable front matter; it must not be rewritten. */
export class LedgerFormatError extends Error {
  override readonly name = 'LedgerFormatError';
  constructor(readonly code: LedgerDiagnosticCode, message: string) {
    super(message);
  }
}

const FIELD_ORDER = ['id', 'title', 'status', 'severity', 'principal', 'tags', 'backlog', 'anchors', 'created', 'updated', 'author'] as const;

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
