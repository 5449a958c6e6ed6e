import { DEFAULT_BUG_FIX_PATTERN } from '../../../src/core/cost/bugFixRule';
import { NO_COST } from '../../../src/core/cost/codeCost';
import type { RepositoryCost } from '../../../src/core/cost/repositoryCost';
import { DEFAULT_MASS_COMMIT_FILES, DEFAULT_TEST_GLOBS } from '../../../src/core/defaults';
import { rankByScore } from '../../../src/core/hotspots/rankByScore';
import type { SignificanceSettings } from '../../../src/core/hotspots/significance';
import { meetsSignificance, significanceRule } from '../../../src/core/hotspots/significance';
import type { EntryReport } from '../../../src/core/scan/scanLedger';
import type { ComplexityMetric, FileReport, FunctionReport, ScanReport } from '../../../src/core/scan/scanReport';
import { SCAN_REPORT_SCHEMA_VERSION } from '../../../src/core/scan/scanReport';

const EMPTY_BAND = { files: 0, commits: 0, bugFixCommits: 0, bugFixShare: null, tickets: 0, medianLeadTimeHours: null, p90LeadTimeHours: null, n: 0 };

/** The cost section of a report with no cost to speak of: what fixtures that do not test cost carry. */
export const EMPTY_REPOSITORY_COST: RepositoryCost = {
  ticketCoverage: null,
  leadTimes: { tracker: 0, commits: 0, none: 0 },
  bands: { significant: EMPTY_BAND, rest: EMPTY_BAND },
  ratios: { bugFixShare: null, leadTime: null, reasons: [], bootstrap: { replicates: 2000, seed: 13 } },
  backtest: null,
  byMonth: [],
  notes: [],
};

/** The report's bug-fix rule at its defaults. */
export const DEFAULT_BUG_FIX = { pattern: DEFAULT_BUG_FIX_PATTERN, labels: ['bug'] };

/** A file row of a scan report: unchanged, unparsed and unranked unless `fields` says otherwise. */
export function fileReport(path: string, fields: Partial<FileReport>): FileReport {
  return {
    path,
    category: 'production',
    revisions: 0,
    added: null,
    deleted: null,
    authors: 0,
    mainDeveloper: null,
    ownership: null,
    fragmentation: 0,
    busFactor: 0,
    firstChange: null,
    lastChange: null,
    tickets: [],
    loc: null,
    cyclomatic: null,
    cognitive: null,
    score: null,
    rank: null,
    percentile: null,
    significant: false,
    excluded: null,
    importers: null,
    transitiveImporters: null,
    functions: [],
    xray: false,
    cost: NO_COST,
    ...fields,
  };
}

/** A function row: a 3-line function of complexity 1/0, without X-Ray, unless `overrides` says otherwise. */
export function functionRow(overrides: Partial<FunctionReport>): FunctionReport {
  return {
    name: 'f', kind: 'function', startLine: 1, endLine: 3, cyclomatic: 1, cognitive: 0, loc: 3, nesting: 0, params: 0,
    revisions: null, churn: null, score: null, rank: null, percentile: null,
    significant: false, authors: null, mainDeveloper: null, ownership: null, busFactor: null, tickets: null, cost: null, ...overrides,
  };
}

/** A parsed, ranked file row (src/a.ts, rank 5, one change by Alice), unless `overrides` says otherwise. */
export function rankedFileRow(overrides: Partial<FileReport>): FileReport {
  return {
    path: 'src/a.ts', category: 'production', revisions: 1, added: 1, deleted: 0, authors: 1, mainDeveloper: 'Alice', ownership: 1, fragmentation: 0, busFactor: 1,
    firstChange: null, lastChange: null, tickets: [], loc: 10, cyclomatic: 1, cognitive: 0, score: 0, rank: 5, percentile: 10, significant: false,
    excluded: null, importers: 0, transitiveImporters: 0, functions: [], xray: false, cost: NO_COST, ...overrides,
  };
}

/**
 * What a fixture says of a file. Left out, it is a parsed file changed once by Alice (10 lines,
 * cyclomatic 1, cognitive 0); `loc: null` makes it a file the scan does not parse, `excluded` one it
 * does not rank. Its standing (score, rank, percentile, significant) is the scan's: when given, it is
 * checked, not taken.
 */
export type FileSpec = Partial<Omit<FileReport, 'path' | 'functions'>> & { readonly path: string; readonly functions?: readonly FunctionSpec[] };

/**
 * What a fixture says of a function: a 3-line function of complexity 1/0 unless told otherwise. In a
 * file with `xray`, its revisions default to 0, its churn to a line per revision, and its standing is
 * the scan's (checked when given); without X-Ray all five are null.
 */
export type FunctionSpec = Partial<Omit<FunctionReport, 'name'>> & { readonly name: string };

export interface ReportFields {
  readonly root?: string;
  readonly head?: string;
  /** Default: the year up to 2026-11-21, ending at HEAD. */
  readonly window?: ScanReport['window'];
  readonly complexityMetric?: ComplexityMetric;
  /** Default: the scan's defaults (percentile 90, 3 revisions, the metric's complexity floor, no tests). */
  readonly significance?: SignificanceSettings;
  /** Commits in the window; default: the most revisions of a file. */
  readonly commits?: number;
  readonly entries?: readonly EntryReport[];
  readonly coupling?: ScanReport['coupling'];
  readonly warnings?: readonly string[];
  /** The backlog items the window's commits cite; default none. */
  readonly tickets?: ScanReport['tickets'];
}

/**
 * A scan report in a state a scan can leave it in: the ranked files (parsed, not excluded) scored
 * revisions × the metric's complexity and ranked within their category (`rankByScore`), significant
 * by the rule (`meetsSignificance`), the X-Rayed files' functions scored revisions × cognitive and
 * ranked across the X-Rayed files of their category, the X-Ray fields null elsewhere, files and
 * functions in the scan's order, stats counted from the files. Throws when the fixture states a
 * standing the scan would not give, or an impossible file.
 */
export function scanReport(files: readonly FileSpec[], fields: ReportFields = {}): ScanReport {
  const window = fields.window ?? { since: '2025-11-21T00:00:00.000Z', until: '2026-11-21T00:00:00.000Z', end: 'head' };
  const metric = fields.complexityMetric ?? 'cognitive';
  const rule = significanceRule(metric, fields.significance);
  const rows = files.map((spec) => measuredFile(spec, window));
  const standings = new Map<(typeof rows)[number], { rank: number; percentile: number; score: number; significant: boolean }>();
  const functionStandings = new Map<FunctionReport, { rank: number; percentile: number; score: number; significant: boolean }>();
  for (const category of ['production', 'test'] as const) {
    const ranked = rows.filter((row) => row.loc !== null && row.excluded === null && row.category === category);
    const scores = ranked.map((row) => row.revisions * (row[metric] ?? 0));
    rankByScore(scores).forEach((standing, index) => {
      const row = ranked[index]!;
      const candidate = { category, score: scores[index]!, percentile: standing.percentile, revisions: row.revisions, complexity: row[metric] ?? 0 };
      standings.set(row, { ...standing, score: scores[index]!, significant: meetsSignificance(candidate, rule, rule.minComplexity) });
    });
    const xrayed = rows.filter((row) => row.xray && row.category === category).flatMap((row) => row.functions.map((fn) => ({ fn, score: (fn.revisions ?? 0) * fn.cognitive })));
    rankByScore(xrayed.map((item) => item.score)).forEach((standing, index) => {
      const { fn, score } = xrayed[index]!;
      const candidate = { category, score, percentile: standing.percentile, revisions: fn.revisions ?? 0, complexity: fn.cognitive };
      functionStandings.set(fn, { ...standing, score, significant: meetsSignificance(candidate, rule, rule.minFunctionComplexity) });
    });
  }
  const reports = rows.map((row, index): FileReport => {
    const spec = files[index]!;
    const standing = standings.get(row);
    if (row.xray && standing === undefined) {
      throw new Error(`${row.path}: X-Ray runs on ranked files only`);
    }
    const functions = row.functions.map((fn, at): FunctionReport => {
      const fnStanding = functionStandings.get(fn);
      const ranked = { ...fn, score: fnStanding?.score ?? null, rank: fnStanding?.rank ?? null, percentile: fnStanding?.percentile ?? null, significant: fnStanding?.significant ?? false };
      checkStated(`${row.path} ${fn.name}`, spec.functions?.[at] ?? {}, ranked, ['revisions', 'churn', 'score', 'rank', 'percentile', 'significant']);
      return ranked;
    });
    if (row.xray) {
      functions.sort((a, b) => (b.score ?? 0) - (a.score ?? 0) || a.startLine - b.startLine);
    }
    const { excluded, importers, transitiveImporters, functions: _unranked, xray, cost, ...measured } = row;
    // In the report's key order, as JSON writes it.
    const file: FileReport = {
      ...measured,
      score: standing?.score ?? null,
      rank: standing?.rank ?? null,
      percentile: standing?.percentile ?? null,
      significant: standing?.significant ?? false,
      excluded,
      importers,
      transitiveImporters,
      functions,
      xray,
      cost,
    };
    checkStated(row.path, spec, file, ['score', 'rank', 'percentile', 'significant']);
    return file;
  });
  const tier = (file: FileReport): number => (file.rank === null ? 2 : file.category === 'production' ? 0 : 1);
  reports.sort((a, b) => tier(a) - tier(b) || (a.rank ?? 0) - (b.rank ?? 0) || b.revisions - a.revisions || a.path.localeCompare(b.path));
  const mostRevisions = Math.max(0, ...reports.map((file) => file.revisions));
  const commits = fields.commits ?? mostRevisions;
  if (commits < mostRevisions) {
    throw new Error(`${commits} commits, but a file changed ${mostRevisions} times`);
  }
  const entries = fields.entries ?? [];
  return {
    schemaVersion: SCAN_REPORT_SCHEMA_VERSION,
    root: fields.root ?? '/repo',
    head: fields.head ?? 'abc123',
    window,
    complexityMetric: metric,
    significancePercentile: rule.percentile,
    significance: rule,
    categories: { testGlobs: [...DEFAULT_TEST_GLOBS] },
    massCommitFiles: DEFAULT_MASS_COMMIT_FILES,
    stats: {
      commits,
      trackedFiles: reports.length,
      parsedFiles: reports.filter((file) => file.loc !== null).length,
      rankedFiles: reports.filter((file) => file.rank !== null).length,
      testFiles: reports.filter((file) => file.rank !== null && file.category === 'test').length,
      significantFiles: reports.filter((file) => file.significant).length,
      xrayFiles: reports.filter((file) => file.xray).length,
      cache: 'off',
      durationMs: 1,
    },
    files: reports,
    coupling: fields.coupling ?? [],
    tickets: fields.tickets ?? [],
    cost: EMPTY_REPOSITORY_COST,
    bugFix: DEFAULT_BUG_FIX,
    errors: [],
    ledger: {
      folder: '.techdebt',
      entries,
      orphaned: entries.filter((entry) => entry.anchors.some((anchor) => anchor.status === 'orphaned')).length,
      diagnostics: [],
      markers: { total: 0, byTag: {} },
    },
    warnings: fields.warnings ?? [],
  };
}

/** `count` more files (src/other-1.ts …), each changed once, cognitive 1, no X-Ray: the rest of a repository for a fixture's files to rank among. */
export function otherFiles(count: number, fields: Omit<FileSpec, 'path'> = {}): FileSpec[] {
  return Array.from({ length: count }, (_, index) => ({ path: `src/other-${index + 1}.ts`, cognitive: 1, ...fields }));
}

/** A file row before ranking: its measurements and history as the spec says, or an unremarkable file's. */
function measuredFile(spec: FileSpec, window: ScanReport['window']): Omit<FileReport, 'score' | 'rank' | 'percentile' | 'significant'> {
  const parsed = spec.loc !== null;
  const revisions = spec.revisions ?? 1;
  const changed = revisions > 0;
  // A change in the middle of the window, where the fixture does not say when.
  const when = new Date((Date.parse(window.since) + Date.parse(window.until)) / 2).toISOString();
  const xray = spec.xray ?? false;
  const row = {
    path: spec.path,
    category: spec.category ?? 'production',
    revisions,
    added: spec.added ?? (changed ? 1 : 0),
    deleted: spec.deleted ?? 0,
    authors: spec.authors ?? (changed ? 1 : 0),
    mainDeveloper: spec.mainDeveloper !== undefined ? spec.mainDeveloper : changed ? 'Alice' : null,
    ownership: spec.ownership !== undefined ? spec.ownership : changed ? 1 : null,
    fragmentation: spec.fragmentation ?? 0,
    busFactor: spec.busFactor ?? (changed ? 1 : 0),
    firstChange: spec.firstChange !== undefined ? spec.firstChange : changed ? when : null,
    lastChange: spec.lastChange !== undefined ? spec.lastChange : changed ? when : null,
    tickets: spec.tickets ?? [],
    loc: parsed ? (spec.loc ?? 10) : null,
    cyclomatic: parsed ? (spec.cyclomatic ?? 1) : null,
    cognitive: parsed ? (spec.cognitive ?? 0) : null,
    excluded: spec.excluded ?? null,
    importers: parsed ? (spec.importers ?? 0) : null,
    transitiveImporters: parsed ? (spec.transitiveImporters ?? 0) : null,
    functions: (spec.functions ?? []).map((fn) => measuredFunction(spec.path, fn, xray)),
    xray,
    cost: spec.cost ?? NO_COST,
  };
  if (!parsed && (spec.cyclomatic != null || spec.cognitive != null || row.functions.length > 0)) {
    throw new Error(`${spec.path}: a file the scan does not parse has no complexity and no functions`);
  }
  if (!changed && (row.authors > 0 || row.added !== 0 || row.tickets.length > 0 || row.functions.some((fn) => (fn.revisions ?? 0) > 0))) {
    throw new Error(`${spec.path}: a file unchanged in the window has no authors, lines or tickets of the window`);
  }
  if (row.functions.some((fn) => (fn.revisions ?? 0) > revisions)) {
    throw new Error(`${spec.path}: a function changed more often than its file`);
  }
  return row;
}

function measuredFunction(path: string, spec: FunctionSpec, xray: boolean): FunctionReport {
  const revisions = xray ? (spec.revisions ?? 0) : null;
  // Each commit that touched the function changed a line of it, at least.
  const churn = xray ? (spec.churn ?? revisions) : null;
  if (revisions === 0 && churn !== 0) {
    throw new Error(`${path} ${spec.name}: churn without a revision`);
  }
  // X-Rayed and changed: by Alice alone unless the spec says otherwise.
  const touched = revisions !== null && revisions > 0;
  const fact = <T>(value: T | undefined, changed: T, untouched: T): T | null => (revisions === null ? null : value !== undefined ? value : touched ? changed : untouched);
  return {
    name: spec.name,
    kind: spec.kind ?? 'function',
    startLine: spec.startLine ?? 1,
    endLine: spec.endLine ?? 3,
    cyclomatic: spec.cyclomatic ?? 1,
    cognitive: spec.cognitive ?? 0,
    loc: spec.loc ?? 3,
    nesting: spec.nesting ?? 0,
    params: spec.params ?? 0,
    revisions,
    churn,
    score: null,
    rank: null,
    percentile: null,
    significant: false,
    authors: fact(spec.authors ?? undefined, 1, 0),
    mainDeveloper: fact<string | null>(spec.mainDeveloper, 'Alice', null),
    ownership: fact<number | null>(spec.ownership, 1, null),
    busFactor: fact(spec.busFactor ?? undefined, 1, 0),
    tickets: fact(spec.tickets ?? undefined, [], []),
    cost: revisions === null ? null : (spec.cost ?? NO_COST),
  };
}

/** Throws when the fixture states one of `keys` other than the scan gives it. */
function checkStated<K extends string>(what: string, stated: Partial<Record<K, unknown>>, actual: Record<K, unknown>, keys: readonly K[]): void {
  for (const key of keys) {
    if (stated[key] !== undefined && stated[key] !== actual[key]) {
      throw new Error(`${what}: ${key} ${JSON.stringify(stated[key])} is not what a scan gives (${JSON.stringify(actual[key])})`);
    }
  }
}
