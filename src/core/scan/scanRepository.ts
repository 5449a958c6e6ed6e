import { availableParallelism } from 'node:os';
import * as path from 'node:path';
import { createBugFixMatcher, DEFAULT_BUG_FIX_PATTERN } from '../cost/bugFixRule';
import { codeCost } from '../cost/codeCost';
import { buildCostLedger } from '../cost/costBasis';
import { DEFAULT_HOURS_PER_POINT, entryPriority, interestBasis } from '../cost/entryPriority';
import { repositoryCost } from '../cost/repositoryCost';
import type { IntervalMemo } from '../cost/costRatios';
import type { TicketLookup, TrackerAnswers } from '../cost/trackerLookups';
import { lookUpTrackerFacts } from '../cost/trackerLookups';
import { DEFAULT_BUG_LABELS } from '../cost/trackerFacts';
import { projectKeysOf } from '../backlog/projectKeys';
import { DEFAULT_COMPLEXITY_METRIC, DEFAULT_LEDGER_FOLDER, DEFAULT_MASS_COMMIT_FILES, DEFAULT_MAX_FILE_BYTES, DEFAULT_XRAY_TOP } from '../defaults';
import { computeChangeCoupling } from '../history/changeCoupling';
import type { CouplingThresholds } from '../history/changeCoupling';
import { aggregateHistory, createBotMatcher } from '../history/fileHistory';
import type { HistorySummary } from '../history/fileHistory';
import type { GitOptions } from '../history/gitProcess';
import type { TrackedFile } from '../history/repositoryInfo';
import { inspectRepository, listTrackedFiles, readPromisorRemote, readShallowBoundary } from '../history/repositoryInfo';
import { createPathFilter } from '../hotspots/pathFilter';
import type { SignificanceSettings } from '../hotspots/significance';
import { createCategoryMatcher, significanceRule, testGlobsOf } from '../hotspots/significance';
import { summarizeTickets } from '../history/ticketHistory';
import { ledgerFolderOf } from '../ledger/ledgerStore';
import { buildImportGraph } from '../metrics/importGraph';
import type { ImportGraph } from '../metrics/importGraph';
import { analyzeSources } from './analyzeSources';
import { loadHistory, readMailmapKey } from './loadHistory';
import type { ParsePool } from './parsePool';
import { createInlinePool, createWorkerPool } from './parsePool';
import { buildFileReports, rankFiles } from './rankFiles';
import type { CacheLoadResult, ScanCacheData } from './scanCache';
import { CACHE_FORMAT_VERSION, loadScanCache, removeStaleCacheTemps, saveScanCache } from './scanCache';
import { contentSignatures, listFilesUnder, patchedReportText, readReportMemo, REPORT_MEMO_VERSION, ReportMemoWriter, reportMemoFileFor, reportMemoKey } from './reportMemo';
import type { ScannedLedger } from './scanLedger';
import { scanLedger } from './scanLedger';
import type { ComplexityMetric, CouplingReport, FileReport, ScanReport } from './scanReport';
import { SCAN_REPORT_SCHEMA_VERSION } from './scanReport';
import type { ScanWindow, WindowSpan } from './scanWindow';
import { resolveWindow } from './scanWindow';
import { loadResolutionOptions } from './tsconfigLoader';
import { keySourceFiles, listDirtyPaths } from './workingTree';
import type { PrefetchedXray, XrayContext } from './xray';
import { pickXrayTargets, prefetchXray, runXray } from './xray';

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
  /** The clock: read only when the window ends now (`windowEnd: 'now'`). */
  readonly now: Date;
  /** The window's start, or a span back from its end; default `windowMonths` back from the end. */
  readonly since?: Date | WindowSpan;
  /** The window's end; default: as `windowEnd` says. */
  readonly until?: Date;
  /** Where the window ends without `until`: HEAD's committer date (default: the same commit gives the same report on any day) or the clock. */
  readonly windowEnd?: 'head' | 'now';
  /** Length of the default window in months, counted back from its end. */
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
   *
   * Undefined: churn, except in a partial clone (a promisor remote, e.g. `--filter=blob:none`), where
   * reading it would fetch every blob of the window one at a time: there the scan reads no blob it
   * lacks (no churn, exact renames only, no X-Ray, no debt interest) and warns. `true` reads them
   * anyway, fetching.
   */
  readonly churn?: boolean;
  /** How many of the top-ranked files get function-level history (X-Ray). */
  readonly xrayTop?: number;
  /** Files that get X-Ray whatever their rank (on demand). */
  readonly xrayPaths?: readonly string[];
  readonly complexityMetric?: ComplexityMetric;
  /** The floors of significance; what is left out takes the defaults (`minComplexity`: the metric's own). */
  readonly significance?: SignificanceSettings;
  /** @deprecated the same as `significance.percentile`, which wins when both are given. */
  readonly significancePercentile?: number;
  /** Globs of test and fixture paths, replacing the defaults (`DEFAULT_TEST_GLOBS`) when not empty. */
  readonly testGlobs?: readonly string[];
  /** A commit changing more files attributes its backlog references to no file or function (default: 30, the coupling cap). */
  readonly massCommitFiles?: number;
  /** Globs of paths not to rank, in addition to generated, vendored, minified and lock files. */
  readonly excludes?: readonly string[];
  /**
   * Source files larger than this many bytes are neither read nor parsed, and are reported as not
   * ranked (`oversized`); default {@link DEFAULT_MAX_FILE_BYTES}.
   */
  readonly maxFileBytes?: number;
  /** Regular expression tested against `name <email>`; matching authors are left out. */
  readonly botPattern?: string;
  readonly coupling?: Partial<CouplingThresholds>;
  /** The debt ledger's folder, repository-relative (default {@link DEFAULT_LEDGER_FOLDER}); a missing folder is an empty ledger. */
  readonly ledgerFolder?: string;
  /** Regular expression tested against commit subjects: a match is a bug fix (default {@link DEFAULT_BUG_FIX_PATTERN}). */
  readonly bugFixPattern?: string;
  /** GitHub labels that make an issue a bug (default `bug`); a Jira issue type `Bug` always does. */
  readonly bugLabels?: readonly string[];
  /** Hours a story point (`sp`, `pt`) of principal stands for, and what one extra fix commit is valued at (default 6). */
  readonly hoursPerPoint?: number;
  /**
   * Asks the tracker about each ticket of the window, for its bug type and its own created → resolved
   * times; without it, kinds come from commit subjects and lead times from commits.
   */
  readonly ticketLookup?: TicketLookup;
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
  /**
   * The whole result but X-Ray, while X-Ray runs: files ranked and scored, their functions measured
   * but without change history or function ranks (`xray` false), ledger and cost complete, stats
   * counting no X-Ray file. Called at most once, before the scan resolves: whenever files were parsed,
   * else only while X-Ray is still running (a warm rescan's comes from the cache, as quick as the
   * rest). The editor shows file lenses from it.
   */
  readonly onPreview?: (preview: ScanResult) => void;
  readonly logger?: ScanLogger;
}

/** The scan's working data behind the report: what the editor's impact panel needs and the JSON report leaves out. */
export interface ScanDetails {
  readonly history: HistorySummary;
  readonly imports: ImportGraph;
  /** The ledger as the scan read and resolved it: the editor need not read or resolve it again. */
  readonly ledger: ScannedLedger;
}

export interface ScanResult {
  readonly report: ScanReport;
  readonly details: ScanDetails;
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
export async function scanRepository(options: ScanOptions): Promise<ScanResult> {
  const started = Date.now();
  return runScan(await openScan(options), options, started);
}

async function runScan(setup: ScanSetup, options: ScanOptions, started: number): Promise<ScanResult> {
  // Workers start only when something needs parsing: a warm rescan starts none.
  let pool: ParsePool | undefined;
  const getPool = (): ParsePool => {
    pool ??= options.workerScript
      ? createWorkerPool(options.workerScript, options.workers ?? Math.min(2, availableParallelism()), options.signal)
      : createInlinePool();
    return pool;
  };
  // Once X-Ray is done nothing parses: the workers (each with its compiler and heap) go before the
  // report and the cache are written, the scan's largest moment.
  const releasePool = async (): Promise<void> => {
    const done = pool;
    pool = undefined;
    await done?.dispose();
  };
  try {
    return await runPipeline(setup, getPool, releasePool, options, started);
  } finally {
    await releasePool();
  }
}

/** The repository, the window and what the scan starts from, read before any heavy work. */
interface ScanSetup {
  readonly git: GitOptions;
  readonly root: string;
  readonly head: string;
  readonly window: ScanWindow;
  readonly tracked: readonly TrackedFile[];
  readonly dirty: ReadonlySet<string>;
  readonly mailmapKey: string;
  /** A shallow clone's boundary commits; empty for a full clone. */
  readonly boundary: readonly string[];
  /** Read churn, X-Ray and interest, which read old blobs (false in a partial clone unless asked). */
  readonly readsBlobs: boolean;
  readonly churn: boolean;
  readonly cacheFile: string | undefined;
  readonly cached: ScanCacheData | undefined;
  /** The report's warnings, added to as the scan goes. */
  readonly warnings: string[];
}

/** @param readCache false to leave the cache unread (see {@link withCache}): the report memo may make it unneeded. */
async function openScan(options: ScanOptions, readCache = true): Promise<ScanSetup> {
  const probe: GitOptions = { cwd: options.cwd, signal: options.signal, binary: options.gitBinary };
  const info = await inspectRepository(probe);
  // A ledger folder outside the repository is bad usage: fail before the heavy work, not after it.
  ledgerFolderOf(info.root, options.ledgerFolder);
  const git: GitOptions = { ...probe, cwd: info.root };
  const warnings: string[] = [];

  const window = resolveWindow({ now: options.now, headTime: info.headTime, since: options.since, until: options.until, windowEnd: options.windowEnd, windowMonths: options.windowMonths });

  const cacheFile = typeof options.cacheFile === 'function' ? options.cacheFile(info.root) : options.cacheFile;
  const [tracked, dirty, mailmapKey, cache, boundary, promisor] = await Promise.all([
    listTrackedFiles(git),
    listDirtyPaths(git),
    readMailmapKey(info.root),
    cacheFile && readCache ? loadScanCache(cacheFile, info.root) : undefined,
    info.isShallow ? readShallowBoundary(git) : [],
    readPromisorRemote(git),
  ]);
  if (info.isShallow) {
    // Exactly what the numbers are: every commit counted is real and counted in full, but those
    // before the boundary are missing and the boundary's own change (its parent is missing) is left out.
    warnings.push(
      'shallow clone: history is partial, so revisions, churn and authors are lower bounds of the full history\'s ' +
        '(history starts after the clone\'s boundary commit, whose own changes are not counted), and ownership, ' +
        'bus factor, ages and coupling come from that partial history (run `git fetch --unshallow` for full history)',
    );
  }
  const readsBlobs = promisor === undefined || options.churn === true;
  if (promisor !== undefined && readsBlobs) {
    // Before the fetching starts, not with the report at the end.
    options.logger?.warn(`partial clone: churn and X-Ray read old blobs, which git fetches from '${promisor}' one at a time; this can take long`);
  } else if (promisor !== undefined) {
    warnings.push(
      `partial clone (blobs missing here are fetched from '${promisor}' on demand): to fetch none, history is read ` +
        'without churn and follows only renames that kept the content, and X-Ray and debt interest are skipped ' +
        '(the CLI\'s --churn reads them anyway, fetching the blobs of every change in the window)',
    );
  }
  const churn = readsBlobs && options.churn !== false;
  const setup = { git, root: info.root, head: info.head, window, tracked, dirty, mailmapKey, boundary, readsBlobs, churn, cacheFile, cached: undefined, warnings };
  return cache === undefined ? setup : adoptCache(setup, cache);
}

/** The setup of a scan opened without reading its cache, with the cache read. */
async function withCache(setup: ScanSetup): Promise<ScanSetup> {
  return setup.cacheFile ? adoptCache(setup, await loadScanCache(setup.cacheFile, setup.root)) : setup;
}

function adoptCache(setup: ScanSetup, cache: CacheLoadResult): ScanSetup {
  if (cache.status === 'discarded') {
    setup.warnings.push(`cache discarded and rebuilt (${cache.reason})`);
  }
  return { ...setup, cached: cache.status === 'loaded' ? cache.data : undefined };
}

/** A scan that may be answered by the report memo (see `reportMemo.ts`): the CLI's scan. */
export interface MemoizedScan {
  /** The report; when it came from the memo, parsed on the first call. */
  report(): ScanReport;
  /** The report's warnings, known without parsing it. */
  readonly warnings: readonly string[];
  /** When the memo answered: the JSON report's text, in pieces to write in order, its stats this scan's. */
  readonly memoText?: readonly Buffer[];
  /** When the scan ran and its report can be remembered: opens the memo for writing its JSON text. */
  readonly remember?: () => Promise<ReportMemoWriter>;
}

/** Options that cannot change the report: left out of the memo's key. */
const NOT_IN_MEMO_KEY: ReadonlySet<string> = new Set(['cwd', 'now', 'cacheFile', 'workerScript', 'workers', 'signal', 'onProgress', 'onPreview', 'logger']);

/**
 * {@link scanRepository}, answered from the report memo kept beside the cache when everything the
 * report depends on is as it was, and otherwise run and offered to the memo. No memo without a cache
 * file, with a tracker to ask (its answers change by themselves) or with a window that ends at the
 * clock. `salt` names the program: another build never reads this one's reports.
 */
export async function scanRepositoryMemoized(options: ScanOptions, salt: string): Promise<MemoizedScan> {
  const started = Date.now();
  const opened = await openScan(options, false);
  const memoFile = opened.cacheFile !== undefined && options.ticketLookup === undefined && opened.window.end !== 'now' ? reportMemoFileFor(opened.cacheFile) : undefined;
  const key = memoFile && reportMemoKey(await memoInputs(opened, options, salt));
  if (memoFile !== undefined && key !== undefined) {
    const hit = await readReportMemo(memoFile, key);
    if (hit !== undefined) {
      // What a killed write left goes, as when the cache is read (which a memo hit does not do).
      await Promise.all([memoFile, opened.cacheFile ?? memoFile].map((file) => removeStaleCacheTemps(file, Date.now())));
      const text = patchedReportText(hit, { ...hit.header.stats, cache: 'warm', durationMs: Date.now() - started });
      let parsed: ScanReport | undefined;
      return { warnings: hit.header.warnings, memoText: text, report: () => (parsed ??= JSON.parse(Buffer.concat(text).toString('utf8')) as ScanReport) };
    }
  }
  const setup = await withCache(opened);
  if (memoFile !== undefined) {
    await removeStaleCacheTemps(memoFile, Date.now());
  }
  const { report } = await runScan(setup, options, started);
  return {
    warnings: report.warnings,
    report: () => report,
    remember: memoFile !== undefined && key !== undefined ? () => ReportMemoWriter.open(memoFile, key, report) : undefined,
  };
}

/**
 * What the report depends on beyond the commit: the options, the program, and the bytes of what the
 * scan reads from the working tree (edited tracked files, the ledger folder, which may hold files git
 * does not track).
 */
async function memoInputs(setup: ScanSetup, options: ScanOptions, salt: string): Promise<unknown> {
  const kept = Object.fromEntries(Object.entries(options).filter(([name, value]) => !NOT_IN_MEMO_KEY.has(name) && value !== undefined));
  const { root, head, window, mailmapKey, boundary, readsBlobs, churn } = setup;
  const ledgerFolder = path.join(root, ledgerFolderOf(root, options.ledgerFolder));
  return {
    version: REPORT_MEMO_VERSION,
    cache: CACHE_FORMAT_VERSION,
    salt,
    root,
    head,
    window: { since: window.since.toISOString(), until: window.until.toISOString(), end: window.end },
    mailmapKey,
    boundary,
    readsBlobs,
    churn,
    options: kept,
    edited: await contentSignatures(root, [...setup.dirty].sort()),
    ledger: await contentSignatures(root, (await listFilesUnder(ledgerFolder)).map((file) => path.relative(root, file).split(path.sep).join('/'))),
  };
}

/**
 * The scan proper. git's history pass runs while files are parsed, and once history is in, X-Ray's
 * patches for the likely top files are read too; between long synchronous steps the scan yields.
 */
async function runPipeline(setup: ScanSetup, getPool: () => ParsePool, releasePool: () => Promise<void>, options: ScanOptions, started: number): Promise<ScanResult> {
  const { git, root, head, window, tracked, dirty, cached, cacheFile, warnings, boundary, readsBlobs, churn } = setup;
  const { since, until } = window;
  const progress = (phase: ScanPhase) => (done: number, total: number): void => options.onProgress?.({ phase, done, total });
  const livePaths = new Set(tracked.map((file) => file.path));
  const isBot = createBotMatcher(options.botPattern);
  const pathFilter = createPathFilter(options.excludes ?? []);
  const testGlobs = testGlobsOf(options.testGlobs);
  const categoryOf = createCategoryMatcher(testGlobs);
  const metric = options.complexityMetric ?? DEFAULT_COMPLEXITY_METRIC;
  const significance = significanceRule(metric, { ...options.significance, percentile: options.significance?.percentile ?? options.significancePercentile });
  const massCommitFiles = options.massCommitFiles ?? DEFAULT_MASS_COMMIT_FILES;
  const bugFixPattern = options.bugFixPattern ?? DEFAULT_BUG_FIX_PATTERN;
  const isFix = createBugFixMatcher(bugFixPattern);
  const bugLabels = options.bugLabels ?? DEFAULT_BUG_LABELS;
  const xrayEligible = (path: string): boolean => pathFilter(path) === undefined && (significance.includeTests || categoryOf(path) === 'production');
  // X-Ray's patches read every old version of a file: none in a partial clone unless asked.
  const xrayTop = readsBlobs ? (options.xrayTop ?? DEFAULT_XRAY_TOP) : 0;
  const xrayPaths = readsBlobs ? (options.xrayPaths ?? []) : [];
  const xrayContext: XrayContext = { git, head, since, boundary, cached: cached?.xray ?? {} };
  const historyPromise = loadHistory({
    git,
    head,
    since,
    until,
    mailmapKey: setup.mailmapKey,
    cached: cached?.history,
    churn,
    boundary,
    exactRenames: !readsBlobs,
    onProgress: progress('history'),
    log: (message) => options.logger?.info(message),
  });
  // History is usually read before parsing ends: summarise it and start X-Ray's own git walk for the
  // likely top files then, on the core git would otherwise leave idle.
  const summaryPromise = historyPromise.then(async ({ commits, unreadablePaths }) => {
    if (unreadablePaths.length > 0) {
      warnings.push(
        `missing blobs: the object store lacks blobs of ${unreadablePaths.length} file(s), so their changes are counted ` +
          `without churn and their renames are not followed: ${listPaths(unreadablePaths)}`,
      );
    }
    const projectKeys = projectKeysOf(options.projectKeys ?? [], commits.map((commit) => commit.message));
    await yieldToEventLoop();
    return aggregateHistory(commits, { isBot, livePaths, backlog: { projectKeys }, massCommitFiles });
  });
  const maxFileBytes = options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
  const { sources, links, unreadable: unreadableSources, oversized } = await keySourceFiles(root, tracked, dirty, maxFileBytes);
  if (links.length > 0) {
    warnings.push(`not measured: ${links.length} tracked source file(s) are symbolic links, which the scan never follows (a link may lead out of the repository): ${listPaths(links)}`);
  }
  if (oversized.size > 0) {
    const listed = listPaths([...oversized].map(([file, bytes]) => `${file} (${bytes} bytes)`));
    warnings.push(`not read: ${oversized.size} source file(s) are larger than ${maxFileBytes} bytes, so they are not ranked (the CLI's --max-file-bytes and the setting debtLens.scan.maxFileBytes raise the limit): ${listed}`);
  }
  const cachedMetrics = cached?.metrics ?? {};
  // Worth it only while files are being parsed; otherwise ranking comes at once.
  const parsing = [...sources.values()].some((source) => !Object.prototype.hasOwnProperty.call(cachedMetrics, source.key));
  const prefetchPromise = parsing
    ? summaryPromise.then(async (summary) => {
        await yieldToEventLoop();
        // A file with a missing blob has no readable patches; one over the limit is never ranked, and
        // its patches and text would be the largest of all.
        const missingBlobs = new Set((await historyPromise).unreadablePaths);
        return prefetchXray(xrayContext, summary, tracked.filter((file) => !missingBlobs.has(file.path) && !oversized.has(file.path)), xrayEligible, xrayTop, significance.includeTests, dirty);
      })
    : Promise.resolve(new Map<string, PrefetchedXray>());
  // Keep rejections observed while metrics run (an unobserved one would end the process); they are
  // rethrown by the awaits below.
  summaryPromise.catch(() => undefined);
  prefetchPromise.catch(() => undefined);
  const analyses = await analyzeSources(root, sources, cachedMetrics, getPool, maxFileBytes, options.signal, progress('metrics'));
  const loaded = await historyPromise;
  const summary = await summaryPromise;

  options.onProgress?.({ phase: 'report', done: 0, total: 0 });
  const { rows, ranked, errors } = rankFiles({ tracked, sources, analyses, unreadable: unreadableSources, oversized, history: summary, pathFilter, categoryOf, metric, significance });
  const missingBlobs = new Set(loaded.unreadablePaths);
  const xrayTargets = pickXrayTargets(ranked.filter((row) => !missingBlobs.has(row.path)), xrayTop, xrayPaths, significance.includeTests);
  // X-Ray (git and the workers) runs while this thread builds the rest: only file reports wait for it.
  const xrayPromise = runXray(xrayContext, xrayTargets, getPool, await prefetchPromise, progress('xray'));
  let xrayDone = false;
  xrayPromise.then(() => (xrayDone = true), () => undefined);

  await yieldToEventLoop();
  const graph = buildImportGraph({
    files: new Map(rows.flatMap((row) => (row.analysis ? [[row.path, row.analysis.specifiers]] : []))),
    compilerOptionsFor: loadResolutionOptions(root, tracked.map((file) => file.path)),
  });

  // X-Ray's git output is parsed on this thread meanwhile: shorter steps keep the editor's waits short.
  await yieldToEventLoop();
  const coupling: CouplingReport[] = computeChangeCoupling(summary.changesets, options.coupling)
    .filter((pair) => livePaths.has(pair.a) && livePaths.has(pair.b))
    .map(({ a, b, shared, degree }) => ({ a, b, shared, degree }));

  await yieldToEventLoop();
  const ticketHistory = summarizeTickets(summary, livePaths);
  const answers: TrackerAnswers | undefined = options.ticketLookup
    ? await lookUpTrackerFacts(ticketHistory.map((ticket) => ticket.reference), options.ticketLookup, bugLabels, options.signal)
    : undefined;
  const costLedger = buildCostLedger(summary, ticketHistory, isFix, answers?.facts ?? new Map());
  await yieldToEventLoop();
  const tickets = ticketHistory.map((ticket) => {
    const work = costLedger.work.get(ticket.reference.id);
    return { id: ticket.reference.id, commits: ticket.commits.length, files: ticket.files.length, title: ticket.title, ...work! };
  });
  const commitIndex = new Map(summary.commits.map((commit, index) => [commit.hash, index]));
  const basis = interestBasis(costLedger.bugFix, costLedger.leadTimes.values(), { since, until }, options.hoursPerPoint ?? DEFAULT_HOURS_PER_POINT);
  const ledger = await scanLedger({
    git,
    root,
    head,
    folder: options.ledgerFolder ?? DEFAULT_LEDGER_FOLDER,
    history: summary,
    window: { since, until },
    dirty,
    // Per file, not per analysis: identical files share one analysis but each holds its markers.
    markerCounts: [...sources.values()].map((source) => analyses.get(source.key)?.markers),
    interest: readsBlobs,
    costOf: (hashes, ids) => codeCost(hashes.flatMap((hash) => commitIndex.get(hash) ?? []), ids, costLedger),
    priceOf: (principal, entryCost, ids) => entryPriority(principal, entryCost, ids.map((id) => costLedger.leadTimes.get(id) ?? null), basis),
  });
  await yieldToEventLoop();
  const intervals: IntervalMemo = { known: new Map(Object.entries(cached?.intervals ?? {})), used: new Map() };
  const cost = repositoryCost({
    summary,
    ledger: costLedger,
    files: ranked
      .filter((row) => significance.includeTests || row.category === 'production')
      .map((row) => ({
        path: row.path,
        significant: row.significant ?? false,
        complexity: row.analysis ? (metric === 'cyclomatic' ? row.analysis.cyclomatic : metric === 'loc' ? row.analysis.loc : row.analysis.cognitive) : 0,
        loc: row.analysis?.loc ?? 0,
        commits: row.history?.changes.map((change) => change.commit) ?? [],
        tickets: row.history?.refs.map((ref) => ref.reference.id) ?? [],
      })),
    window: { since, until },
    tracker: answers && { asked: answers.asked, answered: answers.answered },
    intervals,
  });

  const assemble = (files: FileReport[], xrayFiles: number, cacheState: ScanReport['stats']['cache']): ScanReport => ({
    schemaVersion: SCAN_REPORT_SCHEMA_VERSION,
    root,
    head,
    window: { since: since.toISOString(), until: until.toISOString(), end: window.end },
    complexityMetric: metric,
    significancePercentile: significance.percentile,
    significance,
    categories: { testGlobs: [...testGlobs] },
    massCommitFiles,
    stats: {
      commits: summary.commits.length,
      trackedFiles: tracked.length,
      // Distinct (content, script kind) pairs that parsed: identical files are parsed once.
      parsedFiles: [...analyses.values()].filter((analysis) => !analysis.parseError).length,
      rankedFiles: ranked.length,
      testFiles: ranked.filter((row) => row.category === 'test').length,
      significantFiles: ranked.filter((row) => row.significant).length,
      xrayFiles,
      cache: cacheState,
      durationMs: Date.now() - started,
    },
    files,
    coupling,
    tickets,
    cost,
    bugFix: { pattern: bugFixPattern, labels: [...bugLabels] },
    errors: errors.sort((a, b) => a.path.localeCompare(b.path)),
    ledger: ledger.report,
    warnings: [...warnings],
  });
  const fileContext = { graph, history: summary, churn, significance, cost: costLedger };
  const details: ScanDetails = { history: summary, imports: graph, ledger };
  // Always after parsing (a cold scan's X-Ray reads history), never when it is ready already.
  if (options.onPreview && (parsing || !xrayDone)) {
    await yieldToEventLoop();
    // Its cache state as the final one would say it, X-Ray aside (a preview is never warm).
    const previewCache = !cacheFile ? 'off' : loaded.reused || analyses.reused > 0 ? 'partial' : 'cold';
    const preview = assemble(buildFileReports(rows, { ...fileContext, xray: new Map() }), 0, previewCache);
    options.onPreview({ report: preview, details });
  }
  const xray = await xrayPromise;
  await releasePool();
  const files = buildFileReports(rows, { ...fileContext, xray: xray.results });

  // Nothing new to remember: a warm rescan does not rewrite the cache.
  const warm = loaded.unchanged && analyses.reusedAll && xray.reusedAll && [...intervals.used.keys()].every((key) => intervals.known.has(key));
  if (cacheFile && !warm) {
    const metrics = Object.fromEntries([...sources.values()].flatMap((source) => {
      const analysis = analyses.get(source.key);
      return analysis ? [[source.key, analysis]] : [];
    }));
    try {
      await yieldToEventLoop();
      await saveScanCache(cacheFile, { version: CACHE_FORMAT_VERSION, root, history: loaded.history, metrics, xray: xray.cache, intervals: Object.fromEntries(intervals.used) });
    } catch (error) {
      warnings.push(`could not write the cache: ${(error as Error).message}`);
    }
  }

  const cacheState: ScanReport['stats']['cache'] = !cacheFile
    ? 'off'
    : warm
      ? 'warm'
      : loaded.reused || analyses.reused > 0
        ? 'partial'
        : 'cold';
  const report = assemble(files, xray.results.size, cacheState);
  return { report, details };
}

/** At most ten paths, then how many more: a warning stays one readable line. */
function listPaths(paths: readonly string[], max = 10): string {
  const shown = paths.slice(0, max).join(', ');
  return paths.length > max ? `${shown} and ${paths.length - max} more` : shown;
}

/**
 * Lets pending events run between the long synchronous steps of a scan: in the editor the scan shares
 * the extension host's thread, and a keystroke or a CodeLens request should not wait for all of them.
 */
function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
