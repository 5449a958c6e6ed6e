/**
 * The scan report: a versioned contract read by the editor, CI and other tools (`--format json`).
 * Additive changes keep `schemaVersion`; renaming or removing a field, or changing a unit or a
 * meaning, bumps it. The JSON Schema lives in `schema/scan-report.schema.json`.
 */
import type { CodeCost } from '../cost/codeCost';
import { NO_COST } from '../cost/codeCost';
import type { RepositoryCost } from '../cost/repositoryCost';
import type { LeadTimeSource } from '../cost/ticketWork';
import type { FileCategory, SignificanceRule } from '../hotspots/significance';
import type { LedgerReport } from './scanLedger';
import type { WindowEnd } from './scanWindow';

/**
 * 2: ranks and percentiles are computed within each file category, and `significant` takes the
 * revision and complexity floors of `significance` (1: percentile alone, one population).
 */
export const SCAN_REPORT_SCHEMA_VERSION = 2;

export interface FunctionReport {
  /** Qualified name, e.g. `SessionManager.refresh`; `<anonymous>@42` where the code gives none. */
  readonly name: string;
  readonly kind: string;
  /** 1-based, inclusive. */
  readonly startLine: number;
  readonly endLine: number;
  readonly cyclomatic: number;
  readonly cognitive: number;
  readonly loc: number;
  readonly nesting: number;
  readonly params: number;
  /** Commits in the window whose changed lines touch this function (X-Ray); null where X-Ray did not run. */
  readonly revisions: number | null;
  /** Lines added plus deleted inside the function in the window; null where X-Ray did not run. */
  readonly churn: number | null;
  /** revisions × cognitive; null where X-Ray did not run. */
  readonly score: number | null;
  /** Rank among the X-Rayed functions of the scan in files of the same category; null where X-Ray did not run. */
  readonly rank: number | null;
  readonly percentile: number | null;
  /** The report's `significance` rule holds (with the cognitive floor `minFunctionComplexity`); false where X-Ray did not run. */
  readonly significant: boolean;
  /** Distinct authors of the commits X-Ray attributed to the function; null where X-Ray did not run. */
  readonly authors: number | null;
  /** The author of most lines added inside the function (of most of its commits when none added); null where X-Ray did not run or no commit touched it. */
  readonly mainDeveloper: string | null;
  /** The main developer's share of those lines (or commits), 0–1; null as `mainDeveloper`. */
  readonly ownership: number | null;
  /** Fewest authors who together added more than half of those lines; 0 when untouched, null where X-Ray did not run. */
  readonly busFactor: number | null;
  /** Backlog references of the function's commits, mass commits left out, most frequent first; null where X-Ray did not run. */
  readonly tickets: readonly string[] | null;
  /** What the function's commits cost: bug fixes among them, its tickets and their lead time; null where X-Ray did not run. */
  readonly cost: CodeCost | null;
}

/** What X-Ray tells of one function: its history in the window, from the commits attributed to it. */
export type FunctionHistoryFacts = Pick<FunctionReport, 'mainDeveloper' | 'ownership'> & {
  readonly revisions: number;
  readonly churn: number;
  readonly authors: number;
  readonly busFactor: number;
  readonly tickets: readonly string[];
  readonly cost: CodeCost;
};

/** A function's place among the X-Rayed functions of its category. */
export interface FunctionStanding {
  readonly rank: number;
  readonly percentile: number;
  readonly significant: boolean;
}

/**
 * A measured function as the report gives it. Without X-Ray (`history` undefined) its history fields
 * are null; with X-Ray a function no commit touched has 0 revisions and 0 authors.
 */
export function toFunctionReport(
  fn: Pick<FunctionReport, 'name' | 'kind' | 'startLine' | 'endLine' | 'cyclomatic' | 'cognitive' | 'loc' | 'nesting' | 'params'>,
  history: FunctionHistoryFacts | undefined,
  standing: FunctionStanding | undefined,
): FunctionReport {
  return {
    name: fn.name,
    kind: fn.kind,
    startLine: fn.startLine,
    endLine: fn.endLine,
    cyclomatic: fn.cyclomatic,
    cognitive: fn.cognitive,
    loc: fn.loc,
    nesting: fn.nesting,
    params: fn.params,
    revisions: history ? history.revisions : null,
    churn: history ? history.churn : null,
    score: history ? history.revisions * fn.cognitive : null,
    rank: standing?.rank ?? null,
    percentile: standing?.percentile ?? null,
    significant: standing?.significant ?? false,
    authors: history ? history.authors : null,
    mainDeveloper: history ? history.mainDeveloper : null,
    ownership: history ? history.ownership : null,
    busFactor: history ? history.busFactor : null,
    tickets: history ? history.tickets : null,
    cost: history ? history.cost : null,
  };
}

/** The X-Ray facts a report's function carries, to rebuild it (re-measured, same history); undefined where X-Ray did not run. */
export function functionHistoryOf(fn: FunctionReport): FunctionHistoryFacts | undefined {
  if (fn.revisions === null) {
    return undefined;
  }
  return {
    revisions: fn.revisions,
    churn: fn.churn ?? 0,
    authors: fn.authors ?? 0,
    mainDeveloper: fn.mainDeveloper,
    ownership: fn.ownership,
    busFactor: fn.busFactor ?? 0,
    tickets: fn.tickets ?? [],
    cost: fn.cost ?? NO_COST,
  };
}

/** An X-Ray function's history fields with no commit: what a function X-Ray saw no change in reports. */
export const UNTOUCHED_FUNCTION: FunctionHistoryFacts = { revisions: 0, churn: 0, authors: 0, mainDeveloper: null, ownership: null, busFactor: 0, tickets: [], cost: NO_COST };

export interface FileReport {
  /** Repository-relative, forward slashes. */
  readonly path: string;
  /** By the test globs (`categories.testGlobs`); rank and percentile are within the category. */
  readonly category: FileCategory;
  readonly revisions: number;
  /** Lines added and deleted in the window; null when the scan ran without churn (`--no-churn`). */
  readonly added: number | null;
  readonly deleted: number | null;
  /** Distinct authors in the window (bots left out, `.mailmap` applied). */
  readonly authors: number;
  readonly mainDeveloper: string | null;
  /** Main developer's share of added lines, 0–1; null with no added lines. */
  readonly ownership: number | null;
  readonly fragmentation: number;
  readonly busFactor: number;
  /** ISO dates of the first and last change in the window; null when unchanged in the window. */
  readonly firstChange: string | null;
  readonly lastChange: string | null;
  /**
   * Backlog references of the commits that changed the file, most frequent first, then by id (numbers
   * by value). Commits touching more than the report's `massCommitFiles` files are left out: their
   * references belong to no file.
   */
  readonly tickets: readonly string[];
  /** null for files that are not parsed (not TS/JS, or did not parse). */
  readonly loc: number | null;
  readonly cyclomatic: number | null;
  readonly cognitive: number | null;
  /** revisions × the chosen complexity; null for files that are not ranked. */
  readonly score: number | null;
  /** Within the file's category: production files among production files, test files among test files. */
  readonly rank: number | null;
  readonly percentile: number | null;
  /** The report's `significance` rule holds: percentile, revisions and complexity floors, and production code unless tests are included. */
  readonly significant: boolean;
  /** Why the file is not ranked, when it is not. */
  readonly excluded: string | null;
  readonly importers: number | null;
  readonly transitiveImporters: number | null;
  /** Empty where X-Ray did not run and the file has no functions; X-Ray fills revisions/score. */
  readonly functions: readonly FunctionReport[];
  readonly xray: boolean;
  /** What the file's commits in the window cost (`commits` equals `revisions`). */
  readonly cost: CodeCost;
}

/** A file the scan ranked: its rank, score and percentile are set together (see rankFiles). */
export interface RankedFileReport extends FileReport {
  readonly score: number;
  readonly rank: number;
  readonly percentile: number;
}

export function isRankedFile(file: FileReport): file is RankedFileReport {
  return file.rank !== null && file.score !== null && file.percentile !== null;
}

export interface CouplingReport {
  readonly a: string;
  readonly b: string;
  readonly shared: number;
  readonly degree: number;
}

/** A backlog item cited in the window. */
export interface TicketReport {
  readonly id: string;
  /** Kept (non-bot) commits citing it in the window, mass commits included. */
  readonly commits: number;
  /** Files (alive at HEAD) it is attributed to: changed by its commits, mass commits left out. */
  readonly files: number;
  /** The subject of the newest commit citing it: a title that needs no tracker. */
  readonly title: string;
  /** `bug` when a citing commit's subject is a fix by the bug-fix rule, or the tracker types it as a bug. */
  readonly kind: 'bug' | 'change';
  /** Author dates of the oldest and newest citing commits, ISO. */
  readonly firstCommit: string;
  readonly lastCommit: string;
  /** Hours (two decimals): the tracker's created → resolved when known, else first → last citing commit when two or more; else null. */
  readonly leadTimeHours: number | null;
  readonly leadTimeSource: LeadTimeSource | null;
}

export interface ScanErrorReport {
  readonly path: string;
  readonly message: string;
}

export interface ScanReport {
  readonly schemaVersion: number;
  readonly root: string;
  readonly head: string;
  /** ISO dates; `end` says where `until` came from (HEAD's committer date by default). */
  readonly window: { readonly since: string; readonly until: string; readonly end: WindowEnd };
  readonly complexityMetric: ComplexityMetric;
  /** The same as `significance.percentile`, for readers of schema 1. */
  readonly significancePercentile: number;
  /** The rule `significant` applies (files and functions). */
  readonly significance: SignificanceRule;
  /** The globs that made files `category: "test"`. */
  readonly categories: { readonly testGlobs: readonly string[] };
  /** A commit changing more files than this attributes its backlog references to no file or function. */
  readonly massCommitFiles: number;
  readonly stats: ScanStats;
  /** Ranked production files by rank, then ranked test files by rank, then the rest. */
  readonly files: readonly FileReport[];
  readonly coupling: readonly CouplingReport[];
  /** Every backlog item cited in the window, most cited first, then by id (numbers by value). */
  readonly tickets: readonly TicketReport[];
  /** What changes cost here: ticket coverage, significant hotspots against the rest, and the backtest. */
  readonly cost: RepositoryCost;
  /** The bug-fix rule the costs use: the subject pattern and the tracker labels that mean a bug. */
  readonly bugFix: { readonly pattern: string; readonly labels: readonly string[] };
  readonly errors: readonly ScanErrorReport[];
  /** The debt ledger: entries with their anchors as found now and their interest, and markers. */
  readonly ledger: LedgerReport;
  readonly warnings: readonly string[];
}

export interface ScanStats {
  readonly commits: number;
  readonly trackedFiles: number;
  readonly parsedFiles: number;
  readonly rankedFiles: number;
  /** Ranked files in the test category (counted in `rankedFiles`). */
  readonly testFiles: number;
  readonly significantFiles: number;
  readonly xrayFiles: number;
  readonly cache: 'cold' | 'warm' | 'partial' | 'off';
  readonly durationMs: number;
}

export type ComplexityMetric = 'cognitive' | 'cyclomatic' | 'loc';
