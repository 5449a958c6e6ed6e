import { createHash } from 'node:crypto';
import { DEFAULT_LEDGER_FOLDER, DEFAULT_SIGNIFICANCE_PERCENTILE, DEFAULT_WINDOW_MONTHS, DEFAULT_XRAY_TOP } from '../defaults';
import { forEachConcurrently } from '../forEachConcurrently';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { projectKeysOf } from '../backlog/projectKeys';
import { computeChangeCoupling } from '../history/changeCoupling';
import { DEFAULT_COUPLING_THRESHOLDS } from '../history/changeCoupling';
import type { CouplingThresholds } from '../history/changeCoupling';
import { aggregateHistory, createBotMatcher } from '../history/fileHistory';
import type { FileHistory, HistorySummary } from '../history/fileHistory';
import type { FunctionChangeStats } from '../history/functionHistory';
import { readFilePatches } from '../history/functionHistory';
import type { FilePatch } from '../history/functionHistory';
import type { GitOptions } from '../history/gitProcess';
import { CancelledError, runGit, throwIfAborted } from '../history/gitProcess';
import { countCommits, readHistory } from '../history/gitLog';
import type { CommitRecord } from '../history/logParser';
import type { TrackedFile } from '../history/repositoryInfo';
import { inspectRepository, listTrackedFiles } from '../history/repositoryInfo';
import { availableParallelism } from 'node:os';
import { createPathFilter } from '../hotspots/pathFilter';
import type { ExclusionReason } from '../hotspots/pathFilter';
import { isSignificant, rankByScore } from '../hotspots/rankByScore';
import type { FileAnalysis } from '../metrics/analyzeFile';
import { isSourcePath } from '../metrics/sourcePaths';
import { buildImportGraph } from '../metrics/importGraph';
import type { ImportGraph } from '../metrics/importGraph';
import type { CachedFunctionHistory, CachedHistory, ScanCacheData } from './scanCache';
import { CACHE_FORMAT_VERSION, loadScanCache, saveScanCache } from './scanCache';
import type { ComplexityMetric, CouplingReport, FileReport, FunctionReport, ScanErrorReport, ScanReport } from './scanReport';
import { SCAN_REPORT_SCHEMA_VERSION, toFunctionReport } from './scanReport';
import { loadResolutionOptions } from './tsconfigLoader';
import type { ScannedLedger } from './scanLedger';
import { scanLedger } from './scanLedger';
import type { ParsePool, PooledAnalysis } from './parsePool';
import { createInlinePool, createWorkerPool } from './parsePool';

export type ScanPhase = 'history' | 'metrics' | 'xray' | 'report';

export interface ScanProgress {
  readonly phase: ScanPhase;
  readonly done: number;
  /** 0 when unknown. */
  readonly total: number;
}

/** Where diagnostics go; the CLI writes them to stderr, the editor to its log channel. */
export interface ScanLogger {
  info(message: string): void;
  warn(message: string): void;
}

export interface ScanOptions {
  /** Any folder inside the repository. */
  readonly cwd: string;
  /** The clock: the default window ends now. */
  readonly now: Date;
  readonly since?: Date;
  readonly until?: Date;
  /** Length of the default window in months, counted back from `until`. */
  readonly windowMonths?: number;
  /**
   * The cache file, or a function from the repository root to it (the root is known only after git
   * answers); undefined scans without reading or writing a cache.
   */
  readonly cacheFile?: string | ((root: string) => string);
  /**
   * Count added and deleted lines (`git log --numstat`, the default). Without churn the history pass
   * reads only which files each commit changed (`--name-status`, measured 8–10× cheaper): ranks,
   * revisions, authors, coupling and tickets are the same, `added`/`deleted` are null, and ownership
   * and bus factor weigh authors by revisions instead of added lines. The editor uses it for its first
   * results on a large repository.
   */
  readonly churn?: boolean;
  /** How many of the top-ranked files get function-level history (X-Ray). */
  readonly xrayTop?: number;
  /** Files that get X-Ray whatever their rank (on demand). */
  readonly xrayPaths?: readonly string[];
  readonly complexityMetric?: ComplexityMetric;
  readonly significancePercentile?: number;
  /** Globs of paths not to rank, in addition to generated, vendored, minified and lock files. */
  readonly excludes?: readonly string[];
  /** Regular expression tested against `name <email>`; matching authors are left out. */
  readonly botPattern?: string;
  readonly coupling?: Partial<CouplingThresholds>;
  /** The debt ledger's folder, repository-relative (default `.techdebt`); a missing folder is an empty ledger. */
  readonly ledgerFolder?: string;
  /** Jira/Linear project keys the team uses; keys seen in history are discovered as well. */
  readonly projectKeys?: readonly string[];
  readonly gitBinary?: string;
  /**
   * The bundled parse worker (`dist/parseWorker.js`): parsing and X-Ray replays then run on worker
   * threads, keeping this thread free (the editor's extension host must stay responsive). Without it
   * everything runs on this thread, which is faster where cores are few: the CLI's choice.
   */
  readonly workerScript?: string;
  /** Worker threads to start; default: the machine's parallelism, at most 2. */
  readonly workers?: number;
  readonly signal?: AbortSignal;
  readonly onProgress?: (progress: ScanProgress) => void;
  readonly logger?: ScanLogger;
  /**
   * Receives what the report summarises, before the report is returned: the editor's impact panel
   * needs the history and the import graph, which the JSON report leaves out.
   */
  readonly onDetails?: (details: ScanDetails) => void;
}

/** The scan's working data behind the report. */
export interface ScanDetails {
  readonly history: HistorySummary;
  readonly imports: ImportGraph;
  /** The ledger as the scan read and resolved it: the editor need not read or resolve it again. */
  readonly ledger: ScannedLedger;
}

/**
 * Files in flight at once: deep enough that a worker never waits for this thread (busy with git's
 * output), shallow enough that cancelling stops promptly.
 */
const PARSE_CONCURRENCY = 64;

interface SourceFile {
  readonly tracked: TrackedFile;
  /** Blob id of the content scanned: HEAD's for clean files, computed for edited ones. */
  readonly key: string;
}

/**
 * Scans a repository into ranked hotspots: git history over the window (one streaming log pass),
 * AST metrics for every tracked TS/JS file, scores and ranks, function-level history for the top
 * files, change coupling and the import graph. The working tree's content is measured (edited files
 * included); history is what HEAD can reach.
 *
 * Throws the typed errors of `gitProcess` for a missing git, a non-repository or an empty repository,
 * and `CancelledError` when `signal` aborts.
 */
export async function scanRepository(options: ScanOptions): Promise<ScanReport> {
  const started = Date.now();
  const logger = options.logger ?? { info: () => undefined, warn: () => undefined };
  const probe: GitOptions = { cwd: options.cwd, signal: options.signal, binary: options.gitBinary };
  const info = await inspectRepository(probe);
  const git: GitOptions = { ...probe, cwd: info.root };
  const warnings: string[] = [];
  if (info.isShallow) {
    warnings.push('shallow clone: history is partial, so revisions, churn, authors and coupling are undercounted (run `git fetch --unshallow` for full history)');
  }

  const until = options.until ?? options.now;
  const since = options.since ?? monthsBefore(until, options.windowMonths ?? DEFAULT_WINDOW_MONTHS);
  if (since.getTime() >= until.getTime()) {
    throw new RangeError(`the window is empty: since ${since.toISOString()} is not before until ${until.toISOString()}`);
  }

  const cacheFile = typeof options.cacheFile === 'function' ? options.cacheFile(info.root) : options.cacheFile;
  const [tracked, dirty, mailmapKey, cache] = await Promise.all([
    listTrackedFiles(git),
    listDirtyPaths(git),
    readMailmapKey(info.root),
    cacheFile ? loadScanCache(cacheFile, info.root) : undefined,
  ]);
  if (cache?.status === 'discarded') {
    warnings.push(`cache discarded and rebuilt (${cache.reason})`);
  }
  const cached = cache?.status === 'loaded' ? cache.data : undefined;

  // Workers start only when something needs parsing: a warm rescan starts none.
  let pool: ParsePool | undefined;
  const getPool = (): ParsePool => {
    pool ??= options.workerScript
      ? createWorkerPool(options.workerScript, options.workers ?? Math.min(2, availableParallelism()), options.signal)
      : createInlinePool();
    return pool;
  };
  try {
    return await scanWithPool();
  } finally {
    await pool?.dispose();
  }

  async function scanWithPool(): Promise<ScanReport> {
    const livePaths = new Set(tracked.map((file) => file.path));
    const isBot = createBotMatcher(options.botPattern);
    const pathFilter = createPathFilter(options.excludes ?? []);
    const xrayTop = options.xrayTop ?? DEFAULT_XRAY_TOP;
    const historyPromise = loadHistory(git, info.head, since, until, mailmapKey, cached?.history, options, logger);
    // History is usually read before parsing ends: summarise it and start X-Ray's own git walk for the
    // likely top files then, on the core git would otherwise leave idle.
    const summaryPromise = historyPromise.then(async ({ commits }) => {
      const projectKeys = projectKeysOf(options.projectKeys ?? [], commits.map((commit) => commit.message));
      await yieldToEventLoop();
      return aggregateHistory(commits, { isBot, livePaths, backlog: { projectKeys } });
    });
    const sources = await keySourceFiles(info.root, tracked, dirty);
    const cachedMetrics = cached?.metrics ?? {};
    // Worth it only while files are being parsed; otherwise ranking comes at once.
    const parsing = [...sources.values()].some((source) => !Object.prototype.hasOwnProperty.call(cachedMetrics, source.key));
    const prefetchPromise = parsing
      ? summaryPromise.then(async (summary) => {
          await yieldToEventLoop();
          return prefetchXray(git, summary, tracked, pathFilter, xrayTop, since, info.head, cached?.xray ?? {}, dirty);
        })
      : Promise.resolve(new Map<string, PrefetchedXray>());
    // Keep rejections observed while metrics run (an unobserved one would end the process); they are
    // rethrown by the awaits below.
    summaryPromise.catch(() => undefined);
    prefetchPromise.catch(() => undefined);
    const analyses = await analyzeSources(info.root, sources, cachedMetrics, getPool, options);
    const { history, reused: historyReused, unchanged: historyUnchanged } = await historyPromise;
    const summary = await summaryPromise;

    options.onProgress?.({ phase: 'report', done: 0, total: 0 });
    const metric = options.complexityMetric ?? 'cognitive';
    const threshold = options.significancePercentile ?? DEFAULT_SIGNIFICANCE_PERCENTILE;

    const errors: ScanErrorReport[] = [];
    const rows: MutableFileRow[] = tracked.map((file) => {
      const source = sources.get(file.path);
      const analysis = source ? analyses.get(source.key) : undefined;
      if (analysis?.parseError) {
        errors.push({ path: file.path, message: analysis.parseError });
      }
      const excluded: ExclusionReason | undefined = pathFilter(file.path) ?? analysis?.exclusion;
      return { path: file.path, history: summary.files.get(file.path), analysis: analysis?.parseError ? undefined : analysis, excluded, key: source?.key, blob: file.blob };
    });

    const ranked = rows.filter((row) => row.analysis !== undefined && row.excluded === undefined);
    const fileScores = ranked.map((row) => (row.history?.revisions ?? 0) * complexityOf(row.analysis!, metric));
    rankByScore(fileScores).forEach((standing, index) => {
      const row = ranked[index]!;
      row.score = fileScores[index]!;
      row.rank = standing.rank;
      row.percentile = standing.percentile;
      row.significant = isSignificant(standing, row.score, threshold);
    });

    const xrayTargets = pickXrayTargets(ranked, xrayTop, options.xrayPaths ?? []);
    const xray = await runXray(git, xrayTargets, since, info.head, cached?.xray ?? {}, getPool, options, await prefetchPromise);

    await yieldToEventLoop();
    const graph = buildImportGraph({
      files: new Map(rows.filter((row) => row.analysis).map((row) => [row.path, row.analysis!.specifiers])),
      compilerOptionsFor: await loadResolutionOptions(info.root, tracked.map((file) => file.path)),
    });

    const coupling: CouplingReport[] = computeChangeCoupling(summary.changesets, { ...DEFAULT_COUPLING_THRESHOLDS, ...options.coupling })
      .filter((pair) => livePaths.has(pair.a) && livePaths.has(pair.b))
      .map(({ a, b, shared, degree }) => ({ a, b, shared, degree }));

    await yieldToEventLoop();
    const files = buildFileReports(rows, xray.results, graph, options.churn !== false);
    const scannedLedger = await scanLedger({
      git,
      root: info.root,
      head: info.head,
      folder: options.ledgerFolder ?? DEFAULT_LEDGER_FOLDER,
      history: summary,
      window: { since, until },
      dirty,
      markerCounts: [...analyses.values()].map((analysis) => analysis.markers),
    });
    const ledger = scannedLedger.report;
    options.onDetails?.({ history: summary, imports: graph, ledger: scannedLedger });

    // Nothing new to remember: a warm rescan does not rewrite the cache.
    const warm = historyUnchanged && analyses.reusedAll && xray.reusedAll;
    if (cacheFile && !warm) {
      const cacheData: ScanCacheData = {
        version: CACHE_FORMAT_VERSION,
        root: info.root,
        history,
        metrics: Object.fromEntries([...sources.values()].flatMap((source) => {
          const analysis = analyses.get(source.key);
          return analysis ? [[source.key, analysis]] : [];
        })),
        xray: xray.cache,
      };
      try {
        await yieldToEventLoop();
        await saveScanCache(cacheFile, cacheData);
      } catch (error) {
        warnings.push(`could not write the cache: ${(error as Error).message}`);
      }
    }

    const cacheState: ScanReport['stats']['cache'] = !cacheFile
      ? 'off'
      : warm
        ? 'warm'
        : historyReused || analyses.reused > 0
          ? 'partial'
          : 'cold';
    return {
      schemaVersion: SCAN_REPORT_SCHEMA_VERSION,
      root: info.root,
      head: info.head,
      window: { since: since.toISOString(), until: until.toISOString() },
      complexityMetric: metric,
      significancePercentile: threshold,
      stats: {
        commits: summary.commits.length,
        trackedFiles: tracked.length,
        parsedFiles: [...analyses.values()].filter((analysis) => !analysis.parseError).length,
        rankedFiles: ranked.length,
        significantFiles: ranked.filter((row) => row.significant).length,
        xrayFiles: xray.results.size,
        cache: cacheState,
        durationMs: Date.now() - started,
      },
      files,
      coupling,
      errors: errors.sort((a, b) => a.path.localeCompare(b.path)),
      ledger,
      warnings,
    };
  }
}

interface MutableFileRow {
  readonly path: string;
  readonly history: FileHistory | undefined;
  readonly analysis: PooledAnalysis | undefined;
  readonly excluded: ExclusionReason | undefined;
  readonly key: string | undefined;
  /** HEAD's blob id: X-Ray walks committed history, whatever the working tree holds. */
  readonly blob: string;
  score?: number;
  rank?: number;
  percentile?: number;
  significant?: boolean;
}

/**
 * Lets pending events run between the long synchronous steps of a scan: in the editor the scan shares
 * the extension host's thread, and a keystroke or a CodeLens request should not wait for all of them.
 */
function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

function complexityOf(analysis: FileAnalysis, metric: ComplexityMetric): number {
  return metric === 'cyclomatic' ? analysis.cyclomatic : metric === 'loc' ? analysis.loc : analysis.cognitive;
}

function monthsBefore(date: Date, months: number): Date {
  const result = new Date(date.getTime());
  result.setUTCMonth(result.getUTCMonth() - months);
  return result;
}

async function listDirtyPaths(git: GitOptions): Promise<Set<string>> {
  // Compares HEAD's tree with the working tree (staged and unstaged edits alike), stat-based and cheap.
  const output = await runGit(git, ['diff-index', '--name-only', '-z', '--no-renames', 'HEAD', '--']);
  return new Set(output.split('\0').filter((entry) => entry.length > 0));
}

async function readMailmapKey(root: string): Promise<string> {
  try {
    return gitBlobId(await fs.readFile(path.join(root, '.mailmap')));
  } catch {
    return 'none';
  }
}

function gitBlobId(content: Buffer): string {
  return createHash('sha1').update(`blob ${content.length}\0`).update(content).digest('hex');
}

async function keySourceFiles(root: string, tracked: readonly TrackedFile[], dirty: ReadonlySet<string>): Promise<Map<string, SourceFile>> {
  const sources = new Map<string, SourceFile>();
  for (const file of tracked) {
    if (!isSourcePath(file.path)) {
      continue;
    }
    if (!dirty.has(file.path)) {
      sources.set(file.path, { tracked: file, key: file.blob });
      continue;
    }
    try {
      const content = await fs.readFile(path.join(root, file.path));
      sources.set(file.path, { tracked: file, key: gitBlobId(content) });
    } catch {
      // Deleted in the working tree: nothing to measure.
    }
  }
  return sources;
}

type AnalysisMap = Map<string, PooledAnalysis> & { reused: number; reusedAll: boolean };

async function analyzeSources(
  root: string,
  sources: ReadonlyMap<string, SourceFile>,
  cachedMetrics: Readonly<Record<string, FileAnalysis>>,
  pool: () => ParsePool,
  options: ScanOptions,
): Promise<AnalysisMap> {
  const analyses = new Map() as AnalysisMap;
  const pending: SourceFile[] = [];
  const queued = new Set<string>();
  let reused = 0;
  for (const source of sources.values()) {
    const hit = Object.prototype.hasOwnProperty.call(cachedMetrics, source.key) ? cachedMetrics[source.key] : undefined;
    if (hit) {
      analyses.set(source.key, hit);
      reused++;
    } else if (!queued.has(source.key)) {
      queued.add(source.key);
      pending.push(source);
    }
  }
  analyses.reused = reused;
  analyses.reusedAll = pending.length === 0;
  if (pending.length === 0) {
    return analyses;
  }
  options.onProgress?.({ phase: 'metrics', done: 0, total: pending.length });
  let done = 0;
  let lastReport = 0;
  await forEachConcurrently(pending, PARSE_CONCURRENCY, async (source) => {
    throwIfAborted(options.signal);
    analyses.set(source.key, await pool().analyze(root, source.tracked.path));
    done++;
    if (Date.now() - lastReport >= 50) {
      lastReport = Date.now();
      options.onProgress?.({ phase: 'metrics', done, total: pending.length });
    }
  });
  throwIfAborted(options.signal);
  options.onProgress?.({ phase: 'metrics', done: pending.length, total: pending.length });
  return analyses;
}


interface LoadedHistory {
  readonly history: CachedHistory;
  readonly commits: readonly CommitRecord[];
  readonly reused: boolean;
  /** The cached history was used as it was: same head, nothing to add. */
  readonly unchanged: boolean;
}

/**
 * History over [since, until]. A cached log is extended from its head when HEAD descends from it,
 * covers the window's start, and `.mailmap` is unchanged; otherwise the window is read afresh.
 */
async function loadHistory(
  git: GitOptions,
  head: string,
  since: Date,
  until: Date,
  mailmapKey: string,
  cached: CachedHistory | undefined,
  options: ScanOptions,
  logger: ScanLogger,
): Promise<LoadedHistory> {
  const sinceSeconds = Math.floor(since.getTime() / 1000);
  const untilSeconds = Math.floor(until.getTime() / 1000);
  const mode = options.churn === false ? 'fast' : 'full';
  const inWindow = (commit: CommitRecord): boolean => commit.commitTime >= sinceSeconds && commit.commitTime <= untilSeconds;
  // A history read with churn serves a scan without; not the other way round.
  const modeFits = (cached?.mode ?? 'full') === 'full' || mode === 'fast';
  if (cached && modeFits && cached.since <= sinceSeconds && cached.mailmapKey === mailmapKey && (await isAncestor(git, cached.head, head))) {
    const fresh =
      cached.head === head
        ? []
        : await readHistory({ ...git, since, mode: cached.mode ?? 'full', range: { from: cached.head, to: head } });
    if (fresh.length > 0) {
      logger.info(`history: ${fresh.length} new commit(s) since the cached ${cached.head.slice(0, 8)}`);
    }
    const all = [...fresh, ...cached.commits.filter((commit) => commit.commitTime >= sinceSeconds)];
    const kept = { head, since: sinceSeconds, mailmapKey, mode: cached.mode ?? 'full', commits: all };
    // A scan without churn reports the same whatever its cache held: churn read earlier is not used.
    const used = mode === 'fast' && kept.mode === 'full' ? all.map(withoutChurn) : all;
    return { history: kept, commits: used.filter(inWindow), reused: true, unchanged: fresh.length === 0 && cached.head === head };
  }
  const total = await countCommits(git, since);
  options.onProgress?.({ phase: 'history', done: 0, total });
  const commits = await readHistory({
    ...git,
    since,
    mode,
    onProgress: (done: number) => options.onProgress?.({ phase: 'history', done, total }),
  });
  options.onProgress?.({ phase: 'history', done: total, total });
  return { history: { head, since: sinceSeconds, mailmapKey, mode, commits }, commits: commits.filter(inWindow), reused: false, unchanged: false };
}

function withoutChurn(commit: CommitRecord): CommitRecord {
  return { ...commit, files: commit.files.map((file) => ({ ...file, added: null, deleted: null })) };
}

async function isAncestor(git: GitOptions, ancestor: string, head: string): Promise<boolean> {
  if (ancestor === head) {
    return true;
  }
  // Not `merge-base --is-ancestor`: it answers by exit code alone, and simple-git takes a non-zero
  // exit with an empty stderr as success.
  try {
    return (await runGit(git, ['merge-base', ancestor, head])).trim() === ancestor;
  } catch (error) {
    if (error instanceof CancelledError) {
      throw error;
    }
    return false;
  }
}

function pickXrayTargets(ranked: readonly MutableFileRow[], top: number, requested: readonly string[]): MutableFileRow[] {
  const byRank = ranked
    .filter((row) => (row.score ?? 0) > 0)
    .sort((a, b) => (a.rank ?? 0) - (b.rank ?? 0) || a.path.localeCompare(b.path))
    .slice(0, Math.max(0, top));
  const wanted = new Set(requested);
  const extra = ranked.filter((row) => wanted.has(row.path) && !byRank.includes(row));
  return [...byRank, ...extra];
}

/** HEAD's text of a file: from the working tree when it is unedited (no process), else from git. */
function readHeadText(git: GitOptions, head: string, file: string, edited: boolean): Promise<string> {
  return edited ? runGit(git, ['cat-file', 'blob', `${head}:${file}`]) : fs.readFile(path.join(git.cwd, file), 'utf8');
}

/** What an X-Ray result depends on: HEAD, the file's blob there, and exactly which commits count (not the window's bounds, which move with the clock). */
function xrayKey(head: string, blob: string, history: FileHistory): string {
  return createHash('sha1').update(`${head}|${blob}|${[...history.pathByCommit].join(',')}`).digest('hex');
}

interface PrefetchedXray {
  readonly key: string;
  readonly patches: readonly FilePatch[];
  readonly headText: string;
}

/**
 * Reads, while files are still being parsed, the patches of the files likely to be X-Rayed, so that
 * git walks the history on the core the parser leaves idle. Ranking needs every file's complexity,
 * but revisions × size picks nearly the same top files; the X-Ray count plus a quarter are fetched,
 * and a top file missed here is read after ranking. (Replaying them early on this thread as well was
 * measured slower and 60 MB heavier: it starves the parser of work.)
 */
async function prefetchXray(
  git: GitOptions,
  summary: HistorySummary,
  tracked: readonly TrackedFile[],
  pathFilter: (path: string) => ExclusionReason | undefined,
  xrayTop: number,
  since: Date,
  head: string,
  cachedXray: Readonly<Record<string, CachedFunctionHistory>>,
  dirty: ReadonlySet<string>,
): Promise<Map<string, PrefetchedXray>> {
  const prefetched = new Map<string, PrefetchedXray>();
  const candidates = tracked
    .map((file) => ({ file, history: summary.files.get(file.path) }))
    .filter(({ file, history }) => history && history.revisions > 0 && isSourcePath(file.path) && pathFilter(file.path) === undefined)
    .map(({ file, history }) => ({ file, history: history!, key: xrayKey(head, file.blob, history!) }))
    .filter(({ file, key }) => cachedXray[file.path]?.key !== key)
    .sort((a, b) => b.history.revisions * b.file.size - a.history.revisions * a.file.size || a.file.path.localeCompare(b.file.path))
    .slice(0, xrayTop + Math.ceil(xrayTop / 4));
  if (candidates.length === 0) {
    return prefetched;
  }
  const [patches, headTexts] = await Promise.all([
    readFilePatches(git, candidates.map(({ history }) => ({ historicalPaths: history.historicalPaths, commits: history.pathByCommit })), since),
    Promise.all(candidates.map(({ file }) => readHeadText(git, head, file.path, dirty.has(file.path)))),
  ]);
  candidates.forEach(({ file, key }, index) => prefetched.set(file.path, { key, patches: patches[index]!, headText: headTexts[index]! }));
  return prefetched;
}

async function runXray(
  git: GitOptions,
  targets: readonly MutableFileRow[],
  since: Date,
  head: string,
  cachedXray: Readonly<Record<string, CachedFunctionHistory>>,
  pool: () => ParsePool,
  options: ScanOptions,
  prefetched: ReadonlyMap<string, PrefetchedXray>,
): Promise<{ results: Map<string, Map<string, FunctionChangeStats>>; cache: Record<string, CachedFunctionHistory>; reusedAll: boolean }> {
  const results = new Map<string, Map<string, FunctionChangeStats>>();
  const cache: Record<string, CachedFunctionHistory> = {};
  const ready: { row: MutableFileRow; key: string; input: PrefetchedXray }[] = [];
  const misses: { row: MutableFileRow; key: string }[] = [];
  for (const row of targets) {
    if (!row.history || row.history.revisions === 0) {
      continue;
    }
    const key = xrayKey(head, row.blob, row.history);
    const hit = cachedXray[row.path];
    const early = prefetched.get(row.path);
    if (hit && hit.key === key) {
      results.set(row.path, new Map(Object.entries(hit.functions).map(([name, value]) => [name, { ...value }])));
      cache[row.path] = hit;
    } else if (early && early.key === key) {
      ready.push({ row, key, input: early });
    } else {
      misses.push({ row, key });
    }
  }
  const total = ready.length + misses.length;
  if (total === 0) {
    return { results, cache, reusedAll: true };
  }
  options.onProgress?.({ phase: 'xray', done: 0, total });
  let done = 0;
  const replay = async ({ row, key, input }: { row: MutableFileRow; key: string; input: Omit<PrefetchedXray, 'key'> }): Promise<void> => {
    const stats = await pool().replay(input.patches, input.headText, row.history!.pathByCommit);
    results.set(row.path, stats);
    cache[row.path] = { key, functions: Object.fromEntries(stats) };
    options.onProgress?.({ phase: 'xray', done: ++done, total });
  };
  // Files missed by the prefetch are read from git while the prefetched ones are replayed.
  const fetched = misses.length === 0
    ? Promise.resolve(undefined)
    : Promise.all([
        readFilePatches(git, misses.map(({ row }) => ({ historicalPaths: row.history!.historicalPaths, commits: row.history!.pathByCommit })), since),
        Promise.all(misses.map(({ row }) => readHeadText(git, head, row.path, row.key !== row.blob))),
      ]);
  fetched.catch(() => undefined);
  await Promise.all(ready.map(replay));
  const fresh = await fetched;
  if (fresh) {
    const [patches, headTexts] = fresh;
    await Promise.all(misses.map(({ row, key }, index) => replay({ row, key, input: { patches: patches[index]!, headText: headTexts[index]! } })));
  }
  return { results, cache, reusedAll: false };
}

function buildFileReports(
  rows: readonly MutableFileRow[],
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
  rankByScore(xrayFunctions.map((fn) => fn.score)).forEach((standing, index) => {
    const fn = xrayFunctions[index]!;
    functionStandings.set(`${fn.path}\0${fn.name}`, standing);
  });

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
