/**
 * The review report: what a branch does to the code between its base and its head (`debt-lens
 * review --format json`). A versioned contract like the scan report: additive changes keep
 * `schemaVersion`, renaming or removing a field or changing a meaning bumps it. The JSON Schema is
 * `schema/review-report.schema.json`.
 */
import type { FileCategory, SignificanceRule } from '../hotspots/significance';
import type { ComplexityMetric } from '../scan/scanReport';

export const REVIEW_REPORT_SCHEMA_VERSION = 1;

/** How the base was chosen (see `resolveReviewBase`). */
export type BaseSource =
  /** `--base`: the merge-base of the head with the given ref. */
  | 'given'
  /** The merge-base of HEAD with the current branch's upstream. */
  | 'upstream'
  /** The merge-base of HEAD with `origin/HEAD` (the remote's default branch). */
  | 'origin-head'
  /** The merge-base of HEAD with the local `main` branch. */
  | 'main'
  /** The merge-base of HEAD with the local `master` branch. */
  | 'master';

export interface ReviewBase {
  /** The commit compared against. */
  readonly sha: string;
  readonly source: BaseSource;
  /** The ref the merge-base was taken with, as the user or git names it (`origin/main`, `main`, `HEAD~20`). */
  readonly ref: string;
}

export type ChangeKind = 'added' | 'modified' | 'removed';

/** A function's complexity in one version. */
export interface FunctionComplexity {
  readonly cognitive: number;
  readonly cyclomatic: number;
}

/** One function the branch adds, modifies or removes. */
export interface FunctionChangeReport {
  /** The file at head (at base for a removed function or file). */
  readonly path: string;
  /** Qualified name at head (at base when removed), as the metrics name it. */
  readonly name: string;
  /** The name at base when the branch renamed the function (matched by position); else null. */
  readonly previousName: string | null;
  readonly change: ChangeKind;
  /** Its lines at head (at base when removed), 1-based, inclusive. */
  readonly startLine: number;
  readonly endLine: number;
  readonly before: FunctionComplexity | null;
  readonly after: FunctionComplexity | null;
  /** Lines the branch added inside the function (head side) and deleted from it (base side). */
  readonly linesAdded: number;
  readonly linesDeleted: number;
  /** Its function hotspot rank and score at base (X-Ray); null where X-Ray did not run or it is new. */
  readonly hotspotRank: number | null;
  readonly score: number | null;
  /** A significant function hotspot at base (the significance rule of `significance`). */
  readonly significant: boolean;
}

/** One changed source file. */
export interface FileChangeReport {
  /** At head (at base when removed). */
  readonly path: string;
  /** The path at base when git found the file renamed; else null. */
  readonly previousPath: string | null;
  readonly change: ChangeKind;
  readonly category: FileCategory;
  /** The file's complexity in the report's metric at base and at head; null where it did not exist or does not parse. */
  readonly before: number | null;
  readonly after: number | null;
  /** Its hotspot rank, score and significance at base; null and false when it was not ranked there. */
  readonly hotspotRank: number | null;
  readonly score: number | null;
  readonly significant: boolean;
  readonly linesAdded: number;
  readonly linesDeleted: number;
}

/** A function new on the branch at or above the complexity floor (`significance.minFunctionComplexity`, cognitive). */
export interface NewComplexFunction {
  readonly path: string;
  readonly name: string;
  readonly startLine: number;
  readonly cognitive: number;
  readonly cyclomatic: number;
  readonly category: FileCategory;
}

/** A partner that changed with a changed file at base, and that the branch leaves unchanged. */
export interface MissingCoChange {
  /** The changed file, at head. */
  readonly changed: string;
  readonly partner: string;
  /** Percent, as the scan's coupling gives it (code-maat's degree). */
  readonly degree: number;
  /** Commits at base that changed both. */
  readonly shared: number;
}

/** A ledger entry whose code the branch changes (`touched`) or loses (`orphaned`). */
export interface EntryChangeReport {
  readonly id: string;
  readonly title: string;
  readonly status: string;
  readonly severity: string;
  readonly state: 'touched' | 'orphaned';
  /** Where the touched code is at head, or where the orphaned anchor pointed. */
  readonly path: string;
  readonly symbol: string | null;
  /** The entry's file at head. */
  readonly file: string;
  readonly backlog: readonly string[];
}

export type ReviewVerdict = 'ok' | 'attention' | 'worse';

export interface ReviewReport {
  readonly schemaVersion: number;
  readonly kind: 'review';
  readonly root: string;
  readonly base: string;
  readonly baseSource: BaseSource;
  readonly baseRef: string;
  readonly head: string;
  /** Uncommitted changes of the work tree count as the head's (`--worktree`). */
  readonly worktree: boolean;
  readonly verdict: ReviewVerdict;
  readonly complexityMetric: ComplexityMetric;
  /** The rule `significant` applies, from the scan at base. */
  readonly significance: SignificanceRule;
  /** The branch's commits (non-merge, base..head). */
  readonly commits: number;
  readonly files: readonly FileChangeReport[];
  readonly functions: readonly FunctionChangeReport[];
  readonly newComplexFunctions: readonly NewComplexFunction[];
  readonly missingCoChanges: readonly MissingCoChange[];
  readonly entries: readonly EntryChangeReport[];
  /** Backlog items cited by the branch's commits and by the entries touched or orphaned, numbers by value. */
  readonly tickets: readonly string[];
  /** Why the verdict, one line per rule that held, the verdict's own rules first. */
  readonly reasons: readonly string[];
  readonly warnings: readonly string[];
  readonly durationMs: number;
}
