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
  | 'unreadable-file'
  /** The file or its front matter is over the size the ledger reads (`MAX_ENTRY_FILE_BYTES`, `MAX_FRONT_MATTER_BYTES`). */
  | 'too-large'
  /** A title given to `add` or `update` holds a line break (a file that already has one still reads). */
  | 'multi-line-title';

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

/** No entry has this id. */
export class LedgerEntryNotFoundError extends Error {
  override readonly name = 'LedgerEntryNotFoundError';
  constructor(readonly id: string) {
    super(`no debt entry ${id}`);
  }
}
