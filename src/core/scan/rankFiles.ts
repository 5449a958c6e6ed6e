import type { BacklogReference } from '../backlog/backlogReferences';
import type { CostBasis } from '../cost/codeCost';
import { codeCost, NO_COST } from '../cost/codeCost';
import type { AuthorStats, FileHistory, HistorySummary } from '../history/fileHistory';
import { authorKey, compareReferenceCounts, isMassCommit, summarizeAuthors } from '../history/fileHistory';
import type { FunctionChangeStats } from '../history/functionHistory';
import type { TrackedFile } from '../history/repositoryInfo';
import type { ExclusionReason } from '../hotspots/pathFilter';
import { rankByScore } from '../hotspots/rankByScore';
import type { FileCategory, SignificanceRule } from '../hotspots/significance';
import { meetsSignificance } from '../hotspots/significance';
import type { FileAnalysis } from '../metrics/analyzeFile';
import type { ImportGraph } from '../metrics/importGraph';
import { zip } from '../zip';
import type { PooledAnalysis } from './parsePool';
import type { ComplexityMetric, FileReport, FunctionHistoryFacts, FunctionReport, FunctionStanding, ScanErrorReport } from './scanReport';
import { toFunctionReport, UNTOUCHED_FUNCTION } from './scanReport';
import type { SourceFile } from './workingTree';

/** One tracked file on its way to the report: its history, its metrics, and its standing once ranked. */
export interface FileRow {
  readonly path: string;
  readonly category: FileCategory;
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
  readonly categoryOf: (path: string) => FileCategory;
  readonly metric: ComplexityMetric;
  readonly significance: SignificanceRule;
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
 * each category apart: production files among production files, test files among test files (a
 * repository's tests would otherwise push its code down, or up). Significance is the rule's.
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
      category: input.categoryOf(file.path),
      history: input.history.files.get(file.path),
      analysis: analysis?.parseError ? undefined : analysis,
      excluded,
      key: source?.key,
      edited: source?.edited ?? false,
      blob: file.blob,
    };
  });

  const ranked = rows.filter((row): row is FileRow & { readonly analysis: PooledAnalysis } => row.analysis !== undefined && row.excluded === undefined);
  for (const category of CATEGORIES) {
    const population = ranked.filter((row) => row.category === category);
    const scores = population.map((row) => (row.history?.revisions ?? 0) * complexityOf(row.analysis, input.metric));
    for (const [[row, score], standing] of zip(zip(population, scores), rankByScore(scores))) {
      row.score = score;
      row.rank = standing.rank;
      row.percentile = standing.percentile;
      const candidate = { category, score, percentile: standing.percentile, revisions: row.history?.revisions ?? 0, complexity: complexityOf(row.analysis, input.metric) };
      row.significant = meetsSignificance(candidate, input.significance, input.significance.minComplexity);
    }
  }
  return { rows, ranked, errors };
}

const CATEGORIES: readonly FileCategory[] = ['production', 'test'];

/** What {@link buildFileReports} needs besides the rows. */
export interface FileReportContext {
  readonly xray: ReadonlyMap<string, ReadonlyMap<string, FunctionChangeStats>>;
  readonly graph: ImportGraph;
  readonly history: HistorySummary;
  readonly churn: boolean;
  readonly significance: SignificanceRule;
  /** Which commits are bug fixes and each ticket's lead time: what files' and functions' costs are computed from. */
  readonly cost: CostBasis;
}

/**
 * The report's files: ranked production files first, then ranked test files (each by rank, then
 * revisions, then path), then the rest; each with its functions, ranked across the X-Rayed files of
 * its category when the file was X-Rayed, as analysed otherwise.
 */
export function buildFileReports(rows: readonly FileRow[], context: FileReportContext): FileReport[] {
  const { xray, graph, history: summary, churn, significance, cost } = context;
  const facts = new Map<string, Map<string, FunctionHistoryFacts>>();
  const xrayFunctions: { path: string; name: string; category: FileCategory; score: number; revisions: number; cognitive: number }[] = [];
  for (const row of rows) {
    const stats = xray.get(row.path);
    if (!stats || !row.analysis || !row.history) {
      continue;
    }
    const history = row.history;
    const byName = new Map<string, FunctionHistoryFacts>();
    for (const [name, change] of stats) {
      byName.set(name, functionFacts(change, history, summary, cost));
    }
    facts.set(row.path, byName);
    for (const fn of row.analysis.functions) {
      const revisions = stats.get(fn.name)?.revisions ?? 0;
      xrayFunctions.push({ path: row.path, name: fn.name, category: row.category, score: revisions * fn.cognitive, revisions, cognitive: fn.cognitive });
    }
  }
  const functionStandings = new Map<string, FunctionStanding>();
  for (const category of CATEGORIES) {
    const population = xrayFunctions.filter((fn) => fn.category === category);
    for (const [fn, standing] of zip(population, rankByScore(population.map(({ score }) => score)))) {
      const significant = meetsSignificance({ ...fn, percentile: standing.percentile, complexity: fn.cognitive }, significance, significance.minFunctionComplexity);
      functionStandings.set(`${fn.path}\0${fn.name}`, { ...standing, significant });
    }
  }

  const reports = rows.map((row): FileReport => {
    const history = row.history;
    const analysis = row.analysis;
    const byName = facts.get(row.path);
    const functions: FunctionReport[] = (analysis?.functions ?? []).map((fn) =>
      toFunctionReport(fn, byName ? (byName.get(fn.name) ?? UNTOUCHED_FUNCTION) : undefined, byName ? functionStandings.get(`${row.path}\0${fn.name}`) : undefined),
    );
    const importers = analysis ? graph.importersOf(row.path).length : null;
    return {
      path: row.path,
      category: row.category,
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
      functions: byName ? functions.sort((a, b) => (b.score ?? 0) - (a.score ?? 0) || a.startLine - b.startLine) : functions,
      xray: byName !== undefined,
      cost: history ? codeCost(history.changes.map((change) => change.commit), history.refs.map((ref) => ref.reference.id), cost) : NO_COST,
    };
  });
  const tier = (file: FileReport): number => (file.rank === null ? 2 : file.category === 'production' ? 0 : 1);
  return reports.sort(
    (a, b) =>
      tier(a) - tier(b) ||
      (a.rank ?? 0) - (b.rank ?? 0) ||
      b.revisions - a.revisions ||
      a.path.localeCompare(b.path),
  );
}

/**
 * A function's own history, from the commits X-Ray attributed to it (metrics.md "Per function"):
 * its authors, its main developer and ownership by lines added inside it (by commits when it got
 * none), its bus factor, and the references of its commits, mass commits left out.
 */
function functionFacts(change: FunctionChangeStats, file: FileHistory, summary: HistorySummary, basis: CostBasis): FunctionHistoryFacts {
  const commits: number[] = [];
  const authors = new Map<string, { key: string; name: string; email: string; added: number; revisions: number }>();
  const refs = new Map<string, { reference: BacklogReference; commits: number }>();
  for (const [position, added] of change.commits) {
    const index = file.changes[position]?.commit;
    const commit = index === undefined ? undefined : summary.commits[index];
    if (index === undefined || commit === undefined) {
      continue;
    }
    commits.push(index);
    const key = authorKey(commit.authorName, commit.authorEmail);
    const author = authors.get(key);
    if (author === undefined) {
      authors.set(key, { key, name: commit.authorName, email: commit.authorEmail, added, revisions: 1 });
    } else {
      author.added += added;
      author.revisions++;
    }
    if (isMassCommit(summary, index)) {
      continue;
    }
    for (const reference of new Map((summary.references[index] ?? []).map((r) => [r.id, r])).values()) {
      const count = refs.get(reference.id);
      if (count === undefined) {
        refs.set(reference.id, { reference, commits: 1 });
      } else {
        count.commits++;
      }
    }
  }
  const people = summarizeAuthors([...authors.values()] satisfies AuthorStats[]);
  const tickets = [...refs.values()].sort(compareReferenceCounts).map((ref) => ref.reference.id);
  return {
    revisions: change.revisions,
    churn: change.churn,
    authors: authors.size,
    mainDeveloper: people?.mainDeveloper.name ?? null,
    ownership: people?.ownership ?? null,
    busFactor: people?.busFactor ?? 0,
    tickets,
    cost: codeCost(commits, tickets, basis),
  };
}

function complexityOf(analysis: FileAnalysis, metric: ComplexityMetric): number {
  return metric === 'cyclomatic' ? analysis.cyclomatic : metric === 'loc' ? analysis.loc : analysis.cognitive;
}
