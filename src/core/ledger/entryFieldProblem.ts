import { DEFAULT_LEDGER_FOLDER } from '../defaults';
import { parseEntryFile } from './entryParser';
import { serializeNewEntry } from './entryWriter';
import type { LedgerEntryFields } from './ledgerEntry';

/** A field a user types when creating or linking an entry; `backlog` is one reference. */
export type TypedEntryField = 'title' | 'principal' | 'backlog';

/** An entry that is valid in every field, into which the value under test is put. */
const VALID: LedgerEntryFields = { id: 'TD-000000', title: 'x', status: 'open', severity: 'medium', tags: [], backlog: [], anchors: [], created: '2000-01-01' };
const FILE = `${DEFAULT_LEDGER_FOLDER}/TD-000000.md`;
/** Never resolved: the probe entry has no anchors. */
const ROOT = '/';

/**
 * The ledger's own verdict on a value a user typed: the message of the first problem the entry
 * reader would report for it, or `undefined` when the ledger accepts it. The value is written into
 * an otherwise valid entry and read back, exactly as `LedgerStore.add` and `update` check what they
 * write, so an input box can never accept what the store would then refuse (or the reverse).
 */
export function entryFieldProblem(field: TypedEntryField, value: string): string | undefined {
  const lineProblem = field === 'title' ? titleLineProblem(value) : undefined;
  if (lineProblem !== undefined) {
    return lineProblem;
  }
  const fields: LedgerEntryFields =
    field === 'title' ? { ...VALID, title: value } : field === 'principal' ? { ...VALID, principal: value } : { ...VALID, backlog: [value] };
  const result = parseEntryFile(serializeNewEntry(fields, ''), FILE, ROOT);
  return 'entry' in result ? undefined : result.diagnostics[0]?.message;
}

/**
 * Why a title for a new or changed entry is not one line, or `undefined`. A line break in a title
 * splits every table row and list line that shows it, so `LedgerStore.add` and `update` refuse one;
 * an entry file that already holds such a title still reads (the tables show the break escaped).
 */
export function titleLineProblem(title: string): string | undefined {
  return /[\r\n\u0085\u2028\u2029]/.test(title) ? 'the title must be one line (it holds a line break) — put the detail in the body' : undefined;
}

/**
 * The references in a typed list: separated by commas and/or white space, empty items dropped,
 * repeats kept once in first-seen order. Not validated here (see {@link entryFieldProblem}).
 */
export function splitReferenceList(text: string): string[] {
  return [...new Set(text.split(/[\s,]+/).filter((item) => item !== ''))];
}
