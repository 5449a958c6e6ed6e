import type { FileHistory, HistorySummary } from '../history/fileHistory';
import type { FunctionChangeStats } from '../history/functionHistory';
import type { TrackedFile } from '../history/repositoryInfo';
import type { ExclusionReason } from '../hotspots/pathFilter';
import { isSignificant, rankByScore } from '../hotspots/rankByScore';
import type { FileAnalysis } from '../metrics/analyzeFile';
import type { ImportGraph } from '../metrics/importGraph';
import { zip } from '../zip';
import type { PooledAnalysis } from './parsePool';
import type { ComplexityMetric, FileReport, FunctionReport, ScanErrorReport } from './scanReport';
import { toFunctionReport } from './scanReport';
import type { SourceFile } from './workingTree';

/** One tracked file on its way to the report: its history, its metrics, and its standing once ranked. */
export interface FileRow {
  readonly path: string;
  readonly history: FileHistory | undefined;
  readonly analysis: PooledAnalysis | undefined;
  readonly excluded: ExclusionReason | undefined;
  readonly key: string | undefined;
  /** The working tree's content differs from HEAD's. */
  readonly edited: boolean;
  /** HEAD's blob id: X-Ray walks committed history, whatever the working tree holds. */
  readonly blob: string;
  score?: number;
  rank?: number;
  percentile?: number;
  significant?: boolean;
}

/** What {@link rankFiles} ranks. */
export interface RankInput {
  readonly tracked: readonly TrackedFile[];
  readonly sources: ReadonlyMap<string, SourceFile>;
  /** By source key. */
  readonly analyses: ReadonlyMap<string, PooledAnalysis>;
  /** Source files whose working-tree entry could not be read, with why: reported with the files that do not parse. */
  readonly unreadable?: ReadonlyMap<string, string>;
  /** Source files over the byte limit, never read: not ranked, as `oversized` unless the path says more. */
  readonly oversized?: ReadonlyMap<string, number>;
  readonly history: HistorySummary;
  readonly pathFilter: (path: string) => ExclusionReason | undefined;
  readonly metric: ComplexityMetric;
  readonly significancePercentile: number;
}

export interface RankedFiles {
  /** Every tracked file, in the order git listed them. */
  readonly rows: FileRow[];
  /** The rows that parsed and are not excluded, with score, rank, percentile and significance set. */
  readonly ranked: FileRow[];
  /** Files that did not parse or could not be read, in the order git listed them. */
  readonly errors: ScanErrorReport[];
}

/**
 * Scores every file that parsed and is not excluded (revisions × the metric's complexity) and ranks
 * them within the repository; files at or above the significance percentile are significant.
 */
export function rankFiles(input: RankInput): RankedFiles {
  const errors: ScanErrorReport[] = [];
  const rows: FileRow[] = input.tracked.map((file) => {
    const source = input.sources.get(file.path);
    const analysis = source ? input.analyses.get(source.key) : undefined;
    const unread = input.unreadable?.get(file.path);
    if (analysis?.parseError) {
      errors.push({ path: file.path, message: analysis.parseError });
    } else if (unread !== undefined) {
      errors.push({ path: file.path, message: unread });
    }
    const excluded: ExclusionReason | undefined = input.pathFilter(file.path) ?? (input.oversized?.has(file.path) ? 'oversized' : analysis?.exclusion);
    return {
      path: file.path,
      history: input.history.files.get(file.path),
      analysis: analysis?.parseError ? undefined : analysis,
      excluded,
      key: source?.key,
      edited: source?.edited ?? false,
      blob: file.blob,
    };
  });

  const ranked = rows.filter((row): row is FileRow & { readonly analysis: PooledAnalysis } => row.analysis !== undefined && row.excluded === undefined);
  const fileScores = ranked.map((row) => (row.history?.revisions ?? 0) * complexityOf(row.analysis, input.metric));
  for (const [[row, score], standing] of zip(zip(ranked, fileScores), rankByScore(fileScores))) {
    row.score = score;
    row.rank = standing.rank;
    row.percentile = standing.percentile;
    row.significant = isSignificant(standing, score, input.significancePercentile);
  }
  return { rows, ranked, errors };
}

/**
 * The report's files: ranked first (by rank, then revisions, then path), each with its functions —
 * ranked across every X-Rayed file of the scan when the file was X-Rayed, as analysed otherwise.
 */
export function buildFileReports(
  rows: readonly FileRow[],
  xray: ReadonlyMap<string, ReadonlyMap<string, FunctionChangeStats>>,
  graph: ImportGraph,
  churn: boolean,
): FileReport[] {
  // Functions are ranked across every X-Rayed file of the scan, like files across the repository.
  const xrayFunctions: { path: string; name: string; score: number }[] = [];
  for (const row of rows) {
    const stats = xray.get(row.path);
    if (!stats || !row.analysis) {
      continue;
    }
    for (const fn of row.analysis.functions) {
      xrayFunctions.push({ path: row.path, name: fn.name, score: (stats.get(fn.name)?.revisions ?? 0) * fn.cognitive });
    }
  }
  const functionStandings = new Map<string, { rank: number; percentile: number }>();
  for (const [fn, standing] of zip(xrayFunctions, rankByScore(xrayFunctions.map(({ score }) => score)))) {
    functionStandings.set(`${fn.path}\0${fn.name}`, standing);
  }

  const reports = rows.map((row): FileReport => {
    const history = row.history;
    const analysis = row.analysis;
    const stats = xray.get(row.path);
    const functions: FunctionReport[] = (analysis?.functions ?? []).map((fn) =>
      toFunctionReport(fn, stats ? (stats.get(fn.name) ?? { revisions: 0, churn: 0 }) : undefined, stats ? functionStandings.get(`${row.path}\0${fn.name}`) : undefined),
    );
    const importers = analysis ? graph.importersOf(row.path).length : null;
    return {
      path: row.path,
      revisions: history?.revisions ?? 0,
      added: churn ? (history?.added ?? 0) : null,
      deleted: churn ? (history?.deleted ?? 0) : null,
      authors: history?.authors.size ?? 0,
      mainDeveloper: history?.mainDeveloper.name ?? null,
      ownership: history?.ownership ?? null,
      fragmentation: history?.fragmentation ?? 0,
      busFactor: history?.busFactor ?? 0,
      firstChange: history?.firstChange ? new Date(history.firstChange * 1000).toISOString() : null,
      lastChange: history?.lastChange ? new Date(history.lastChange * 1000).toISOString() : null,
      tickets: history ? history.refs.map((ref) => ref.reference.id) : [],
      loc: analysis?.loc ?? null,
      cyclomatic: analysis?.cyclomatic ?? null,
      cognitive: analysis?.cognitive ?? null,
      score: row.score ?? null,
      rank: row.rank ?? null,
      percentile: row.percentile ?? null,
      significant: row.significant ?? false,
      excluded: row.excluded ?? null,
      importers,
      transitiveImporters: analysis ? graph.transitiveImporterCount(row.path) : null,
      functions: stats ? functions.sort((a, b) => (b.score ?? 0) - (a.score ?? 0) || a.startLine - b.startLine) : functions,
      xray: stats !== undefined,
    };
  });
  return reports.sort(
    (a, b) =>
      (a.rank ?? Number.MAX_SAFE_INTEGER) - (b.rank ?? Number.MAX_SAFE_INTEGER) ||
      b.revisions - a.revisions ||
      a.path.localeCompare(b.path),
  );
}

function complexityOf(analysis: FileAnalysis, metric: ComplexityMetric): number {
  return metric === 'cyclomatic' ? analysis.cyclomatic : metric === 'loc' ? analysis.loc : analysis.cognitive;
}
