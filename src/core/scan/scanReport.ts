/**
 * The scan report: a versioned contract read by the editor, CI and other tools (`--format json`).
 * Additive changes keep `schemaVersion`; renaming or removing a field, or changing a unit, bumps it.
 * The JSON Schema lives in `schema/scan-report.schema.json`.
 */
import type { LedgerReport } from './scanLedger';

export const SCAN_REPORT_SCHEMA_VERSION = 1;

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
  /** Rank among all X-Rayed functions of the scan; null where X-Ray did not run. */
  readonly rank: number | null;
  readonly percentile: number | null;
}

/**
 * A measured function as the report gives it. Without X-Ray (`change` undefined) its history fields
 * are null; with X-Ray a function no commit touched has 0 revisions.
 */
export function toFunctionReport(
  fn: Pick<FunctionReport, 'name' | 'kind' | 'startLine' | 'endLine' | 'cyclomatic' | 'cognitive' | 'loc' | 'nesting' | 'params'>,
  change: { readonly revisions: number; readonly churn: number } | undefined,
  standing: { readonly rank: number; readonly percentile: number } | undefined,
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
    revisions: change ? change.revisions : null,
    churn: change ? change.churn : null,
    score: change ? change.revisions * fn.cognitive : null,
    rank: standing?.rank ?? null,
    percentile: standing?.percentile ?? null,
  };
}

export interface FileReport {
  /** Repository-relative, forward slashes. */
  readonly path: string;
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
  /** Backlog references of the commits that changed the file, most frequent first. */
  readonly tickets: readonly string[];
  /** null for files that are not parsed (not TS/JS, or did not parse). */
  readonly loc: number | null;
  readonly cyclomatic: number | null;
  readonly cognitive: number | null;
  /** revisions × the chosen complexity; null for files that are not ranked. */
  readonly score: number | null;
  readonly rank: number | null;
  readonly percentile: number | null;
  /** At or above the significance percentile. */
  readonly significant: boolean;
  /** Why the file is not ranked, when it is not. */
  readonly excluded: string | null;
  readonly importers: number | null;
  readonly transitiveImporters: number | null;
  /** Empty where X-Ray did not run and the file has no functions; X-Ray fills revisions/score. */
  readonly functions: readonly FunctionReport[];
  readonly xray: boolean;
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

export interface ScanErrorReport {
  readonly path: string;
  readonly message: string;
}

export interface ScanReport {
  readonly schemaVersion: number;
  readonly root: string;
  readonly head: string;
  readonly window: { readonly since: string; readonly until: string };
  readonly complexityMetric: ComplexityMetric;
  readonly significancePercentile: number;
  readonly stats: ScanStats;
  readonly files: readonly FileReport[];
  readonly coupling: readonly CouplingReport[];
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
  readonly significantFiles: number;
  readonly xrayFiles: number;
  readonly cache: 'cold' | 'warm' | 'partial' | 'off';
  readonly durationMs: number;
}

export type ComplexityMetric = 'cognitive' | 'cyclomatic' | 'loc';
