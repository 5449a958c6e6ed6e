import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { HistoryWindow, NodeRun, ScanPhases } from './measure';
import { countCommits, gitLogFloor, loadAverage, Measurer, median, nodeStartup, reportWindow, scanPhases } from './measure';
import { runParseFloor, SOURCE_EXTENSIONS } from './parseFloor';
import type { ParseFloorResult } from './parseFloor';
import type { FallowPeer, FallowRun } from './peerFallow';
import { ensureFallow, FALLOW_ARGS, FallowCache, fallowWindow, runFallow } from './peerFallow';
import { ChildFailedError, gitOutput } from './processes';
import { bigFilesMode, historyMode } from './scaleModes';
import type { Row, Summary } from './report';
import { renderTable, summarize } from './report';
import { ensureSyntheticRepo } from './syntheticRepo';
import type { SyntheticRepoInfo } from './syntheticRepo';

/**
 * `npm run bench [-- <repo>] [--runs N] [--since DATE] [--json] [--cli path] [--regenerate] [--no-fallow]`
 * `npm run bench -- --history 200k [--runs N]` and `npm run bench -- --big-files [--runs N]`: the
 * scale modes of scaleModes.ts, on repositories generated once.
 *
 * Times the CLI's cold scan and warm rescan of a repository, and their peak memory, beside fallow's
 * cold and warm runs on the same repository (the peer, bench/peerFallow.ts), interleaved run by run,
 * and beside two floors measured in the same run: (a) the `git log` pass the scan must read, drained
 * and discarded, and (b) reading and parsing every tracked source file with `ts.createSourceFile` in
 * a fresh process. Every figure is the wall time of a child process from spawn to exit, so Node's
 * start-up is inside the scans, fallow's npm launcher and floor (b) alike; `node -e 0` is printed
 * for context.
 */

/** Issue 14: the cold scan at most as long as fallow's, the warm one at most half of fallow's warm run. */
const TARGET_COLD_VS_FALLOW = 1.0;
const TARGET_WARM_VS_FALLOW = 0.5;
/** On the synthetic repository. */
const TARGET_WARM_SECONDS = 0.5;
const TARGET_PEAK_MB = 400;
/** Issue 12: a warm review of a branch. */
const TARGET_REVIEW_SECONDS = 1.5;
/** The branch the review is timed on: the last commits that together change at least this many files. */
const REVIEW_BRANCH_FILES = 20;

/** The wrong arguments; usage is printed. */
class UsageError extends Error {
  override readonly name = 'UsageError';
}

interface Options {
  readonly repo: string | undefined;
  readonly runs: number;
  readonly since: string | undefined;
  readonly json: boolean;
  readonly cli: string | undefined;
  readonly regenerate: boolean;
  readonly fallow: boolean;
  /** `--history <n>`: the n-commit scale mode. */
  readonly history: number | undefined;
  readonly bigFiles: boolean;
}

interface FallowSample {
  readonly coldSeconds: number;
  readonly coldPeakMb: number;
  readonly warmSeconds: number;
  readonly warmPeakMb: number;
}

interface Sample {
  readonly gitLogSeconds: number;
  readonly gitLogBytes: number;
  readonly parseSeconds: number;
  readonly parse: ParseFloorResult;
  readonly parsePeakMb: number;
  readonly coldSeconds: number;
  readonly coldPeakMb: number;
  readonly coldPhases: ScanPhases;
  readonly warmSeconds: number;
  readonly warmPeakMb: number;
  readonly cacheMb: number;
  readonly fallow: FallowSample | undefined;
  readonly fallowFirst: boolean;
  readonly reviewFloorSeconds: number;
  readonly reviewFirstSeconds: number;
  readonly reviewWarmSeconds: number;
}

/** The branch a review is timed on: its base and how many commits and files it spans. */
interface ReviewBranch {
  readonly base: string;
  readonly commits: number;
  readonly files: number;
}

const USAGE = [
  'usage: npm run bench -- [repo] [--runs N] [--since DATE] [--json] [--cli dist/cli.js] [--regenerate] [--no-fallow]',
  '       npm run bench -- --history 200k [--runs N] [--json] [--regenerate]   (a 200,000-commit history, generated once)',
  '       npm run bench -- --big-files [--runs N] [--json] [--regenerate]      (a ~3,500-file repository with and without big generated and minified files)',
].join('\n');

/** `200k`, `50000`: a commit count of at least 1,000. */
function commitCount(text: string): number {
  const match = /^(\d+)(k?)$/i.exec(text);
  const count = match ? Number(match[1]) * (match[2] ? 1000 : 1) : Number.NaN;
  if (!Number.isInteger(count) || count < 1000) {
    throw new UsageError(`--history takes a number of commits ≥ 1000, like 200k: ${text}`);
  }
  return count;
}

function parseArgs(argv: readonly string[]): Options {
  let repo: string | undefined;
  let runs = 5;
  let since: string | undefined;
  let json = false;
  let cli: string | undefined;
  let regenerate = false;
  let fallow = true;
  let history: number | undefined;
  let bigFiles = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    const value = (): string => {
      const next = argv[++i];
      if (next === undefined) {
        throw new UsageError(`${arg} needs a value`);
      }
      return next;
    };
    switch (arg) {
      case '--runs':
        runs = Number(value());
        if (!Number.isInteger(runs) || runs < 1) {
          throw new UsageError('--runs takes a whole number ≥ 1');
        }
        break;
      case '--since':
        since = value();
        break;
      case '--json':
        json = true;
        break;
      case '--cli':
        cli = path.resolve(value());
        break;
      case '--regenerate':
        regenerate = true;
        break;
      case '--no-fallow':
        fallow = false;
        break;
      case '--history':
        history = commitCount(value());
        break;
      case '--big-files':
        bigFiles = true;
        break;
      case '-h':
      case '--help':
        throw new UsageError('');
      default:
        if (arg.startsWith('-') || repo !== undefined) {
          throw new UsageError(`unexpected argument: ${arg}`);
        }
        repo = path.resolve(arg);
    }
  }
  if ((history !== undefined || bigFiles) && (repo !== undefined || since !== undefined)) {
    throw new UsageError('--history and --big-files scan the repositories they generate: no repository or --since');
  }
  if (history !== undefined && bigFiles) {
    throw new UsageError('one of --history and --big-files at a time');
  }
  return { repo, runs, since, json, cli, regenerate, fallow, history, bigFiles };
}

/** The folder holding this project's package.json, looked for from the bundle's folder, then the cwd. */
export function projectRoot(): string {
  for (const start of [__dirname, process.cwd()]) {
    let dir = start;
    for (;;) {
      const manifest = path.join(dir, 'package.json');
      if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === 'debt-lens') {
        return dir;
      }
      const parent = path.dirname(dir);
      if (parent === dir) {
        break;
      }
      dir = parent;
    }
  }
  return process.cwd();
}

function log(line: string): void {
  process.stderr.write(`${line}\n`);
}

function directorySize(dir: string): number {
  let bytes = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    bytes += entry.isDirectory() ? directorySize(full) : statSync(full).size;
  }
  return bytes;
}

interface Peer {
  readonly fallow: FallowPeer;
  readonly cache: FallowCache;
}

class Bench {
  constructor(
    private readonly repo: string,
    private readonly window: HistoryWindow,
    private readonly scanArgs: readonly string[],
    private readonly cli: string,
    private readonly measurer: Measurer,
    private readonly sourceList: string,
    private readonly peer: Peer | undefined,
    private readonly branch: ReviewBranch,
  ) {}

  gitLog(): Promise<{ seconds: number; bytes: number }> {
    return gitLogFloor(this.repo, this.window);
  }

  async parseFloor(): Promise<{ seconds: number; peakMb: number; result: ParseFloorResult }> {
    const run = await this.measurer.node([__filename, '--parse-floor', this.repo, this.sourceList], this.repo, 'capture');
    return { seconds: run.seconds, peakMb: run.peakMb, result: JSON.parse(run.stdout) as ParseFloorResult };
  }

  scan(cacheDir: string): Promise<NodeRun> {
    return this.measurer.node([this.cli, 'scan', this.repo, '--format', 'json', '--cache-dir', cacheDir, ...this.scanArgs], this.repo, 'ignore');
  }

  /** `review --base <base>` of HEAD, with the scan cache of the repository in `cacheDir`. */
  private review(cacheDir: string): Promise<NodeRun> {
    return this.measurer.node([this.cli, 'review', this.repo, '--base', this.branch.base, '--format', 'json', '--cache-dir', cacheDir, ...this.scanArgs, '--quiet'], this.repo, 'ignore');
  }

  /** The floor of a review: git naming the files the branch changed. */
  private async reviewFloor(): Promise<number> {
    const started = performance.now();
    await gitOutput(this.repo, ['diff', '--name-only', this.branch.base, 'HEAD']);
    return (performance.now() - started) / 1000;
  }

  /**
   * Our cold scan into an empty cache folder, then the warm rescan with it, then two reviews of the
   * branch with that cache: the first checks the base out and scans it cold, the second is what every
   * later push costs.
   */
  private async ours(): Promise<{ cold: NodeRun; warm: NodeRun; cacheMb: number; reviewFloor: number; reviewFirst: NodeRun; reviewWarm: NodeRun }> {
    const cacheDir = this.measurer.next('cache');
    mkdirSync(cacheDir);
    try {
      const cold = await this.scan(cacheDir);
      const cacheMb = directorySize(cacheDir) / 1e6;
      if (cacheMb === 0) {
        log(`warning: the cold scan left ${cacheDir} empty, so the "warm" rescan has no cache to read`);
      }
      const warm = await this.scan(cacheDir);
      const reviewFloor = await this.reviewFloor();
      const reviewFirst = await this.review(cacheDir);
      const reviewWarm = await this.review(cacheDir);
      return { cold, warm, cacheMb, reviewFloor, reviewFirst, reviewWarm };
    } finally {
      rmSync(cacheDir, { recursive: true, force: true });
    }
  }

  /** fallow without its cache folder, then again with the cache that run wrote; the folder is removed after. */
  async fallowPair(capture = false): Promise<{ cold: FallowRun; warm: FallowRun } | undefined> {
    if (this.peer === undefined) {
      return undefined;
    }
    this.peer.cache.clear();
    try {
      const cold = await runFallow(this.peer.fallow, this.repo, this.measurer.next('fallow-rss'), capture);
      const warm = await runFallow(this.peer.fallow, this.repo, this.measurer.next('fallow-rss'), false);
      return { cold, warm };
    } finally {
      this.peer.cache.clear();
    }
  }

  /** One run: both floors, then our pair and fallow's, which goes first alternating from run to run. */
  async sample(run: number): Promise<Sample> {
    const gitLog = await this.gitLog();
    const parse = await this.parseFloor();
    const fallowFirst = run % 2 === 0;
    const theirs = fallowFirst ? await this.fallowPair() : undefined;
    const ours = await this.ours();
    const fallow = fallowFirst ? theirs : await this.fallowPair();
    return {
      gitLogSeconds: gitLog.seconds,
      gitLogBytes: gitLog.bytes,
      parseSeconds: parse.seconds,
      parse: parse.result,
      parsePeakMb: parse.peakMb,
      coldSeconds: ours.cold.seconds,
      coldPeakMb: ours.cold.peakMb,
      coldPhases: scanPhases(ours.cold.stderr),
      warmSeconds: ours.warm.seconds,
      warmPeakMb: ours.warm.peakMb,
      cacheMb: ours.cacheMb,
      fallow: fallow && { coldSeconds: fallow.cold.seconds, coldPeakMb: fallow.cold.peakMb, warmSeconds: fallow.warm.seconds, warmPeakMb: fallow.warm.peakMb },
      fallowFirst,
      reviewFloorSeconds: ours.reviewFloor,
      reviewFirstSeconds: ours.reviewFirst.seconds,
      reviewWarmSeconds: ours.reviewWarm.seconds,
    };
  }
}

function buildRows(samples: readonly Sample[], startup: readonly number[], sourceFiles: number, synthetic: boolean, branch: ReviewBranch): Row[] {
  const of = (pick: (s: Sample) => number): Summary => summarize(samples.map(pick));
  const floors = of((s) => s.gitLogSeconds + s.parseSeconds);
  const parseRss = of((s) => s.parsePeakMb).median;
  const warm = of((s) => s.warmSeconds);
  const coldRss = of((s) => s.coldPeakMb);
  const warmRss = of((s) => s.warmPeakMb);
  const rows: Row[] = [
    { metric: 'node start-up (node -e 0)', unit: 's', summary: summarize(startup) },
    { metric: 'floor a: git log over the window', unit: 's', summary: of((s) => s.gitLogSeconds) },
    { metric: `floor b: read + parse ${sourceFiles} files`, unit: 's', summary: of((s) => s.parseSeconds) },
    { metric: 'floors a + b', unit: 's', summary: floors },
    { metric: 'cold scan (ratio: to floors a + b)', unit: 's', summary: of((s) => s.coldSeconds), floor: floors.median, ratio: median(samples.map((s) => s.coldSeconds / (s.gitLogSeconds + s.parseSeconds))) },
  ];
  const paired = samples.filter((s) => s.fallow !== undefined);
  const fallowOf = (pick: (f: FallowSample) => number): Summary => summarize(paired.map((s) => pick(s.fallow as FallowSample)));
  if (paired.length > 0) {
    const fallowCold = fallowOf((f) => f.coldSeconds);
    const coldRatio = median(paired.map((s) => s.coldSeconds / (s.fallow as FallowSample).coldSeconds));
    rows.push(
      { metric: 'fallow cold run', unit: 's', summary: fallowCold },
      { metric: 'cold scan vs fallow cold', unit: 's', summary: of((s) => s.coldSeconds), floor: fallowCold.median, ratio: coldRatio, target: `≤ ${TARGET_COLD_VS_FALLOW.toFixed(1)}× fallow`, pass: coldRatio <= TARGET_COLD_VS_FALLOW },
    );
  }
  rows.push({ metric: 'warm rescan', unit: 's', summary: warm, ...(synthetic && { target: `≤ ${TARGET_WARM_SECONDS} s`, pass: warm.median <= TARGET_WARM_SECONDS }) });
  if (paired.length > 0) {
    const fallowWarm = fallowOf((f) => f.warmSeconds);
    const warmRatio = median(paired.map((s) => s.warmSeconds / (s.fallow as FallowSample).warmSeconds));
    rows.push(
      { metric: 'fallow warm run', unit: 's', summary: fallowWarm },
      { metric: 'warm rescan vs fallow warm', unit: 's', summary: warm, floor: fallowWarm.median, ratio: warmRatio, target: `≤ ${TARGET_WARM_VS_FALLOW.toFixed(1)}× fallow`, pass: warmRatio <= TARGET_WARM_VS_FALLOW },
    );
  }
  rows.push(
    { metric: 'peak RSS, parse floor', unit: 'MB', summary: of((s) => s.parsePeakMb) },
    { metric: 'peak RSS, cold scan', unit: 'MB', summary: coldRss, floor: parseRss, ratio: coldRss.median / parseRss, target: `≤ ${TARGET_PEAK_MB} MB`, pass: coldRss.median <= TARGET_PEAK_MB },
    { metric: 'peak RSS, warm rescan', unit: 'MB', summary: warmRss, floor: parseRss, ratio: warmRss.median / parseRss, target: `≤ ${TARGET_PEAK_MB} MB`, pass: warmRss.median <= TARGET_PEAK_MB },
  );
  const reviewFloor = of((s) => s.reviewFloorSeconds);
  const reviewWarm = of((s) => s.reviewWarmSeconds);
  rows.push(
    { metric: `floor c: git diff --name-only (${branch.commits} commits, ${branch.files} files)`, unit: 's', summary: reviewFloor },
    { metric: 'review, first (base checked out and scanned)', unit: 's', summary: of((s) => s.reviewFirstSeconds) },
    {
      metric: 'review, warm',
      unit: 's',
      summary: reviewWarm,
      floor: reviewFloor.median,
      ratio: median(samples.map((s) => s.reviewWarmSeconds / s.reviewFloorSeconds)),
      target: `≤ ${TARGET_REVIEW_SECONDS} s`,
      pass: reviewWarm.median <= TARGET_REVIEW_SECONDS,
    },
  );
  if (paired.length > 0 && paired.some((s) => Number.isFinite((s.fallow as FallowSample).coldPeakMb))) {
    rows.push({ metric: 'peak RSS, fallow cold run', unit: 'MB', summary: fallowOf((f) => f.coldPeakMb) }, { metric: 'peak RSS, fallow warm run', unit: 'MB', summary: fallowOf((f) => f.warmPeakMb) });
  }
  return rows;
}

/** Per run: our figure, fallow's and their ratio, as the medians above are taken from. */
function pairLines(samples: readonly Sample[]): string[] {
  const paired = samples.filter((s) => s.fallow !== undefined);
  if (paired.length === 0) {
    return [];
  }
  const mb = (value: number): string => (Number.isFinite(value) ? value.toFixed(0) : '?');
  const lines = ['Pairs, run by run (debt-lens / fallow):'];
  samples.forEach((s, i) => {
    const f = s.fallow;
    if (f === undefined) {
      return;
    }
    lines.push(
      `  run ${i + 1} (${s.fallowFirst ? 'fallow' : 'debt-lens'} first): cold ${s.coldSeconds.toFixed(2)} / ${f.coldSeconds.toFixed(2)} s = ${(s.coldSeconds / f.coldSeconds).toFixed(2)}×, ` +
        `warm ${s.warmSeconds.toFixed(2)} / ${f.warmSeconds.toFixed(2)} s = ${(s.warmSeconds / f.warmSeconds).toFixed(2)}×, ` +
        `peak cold ${mb(s.coldPeakMb)} / ${mb(f.coldPeakMb)} MB, warm ${mb(s.warmPeakMb)} / ${mb(f.warmPeakMb)} MB`,
    );
  });
  const cold = median(paired.map((s) => s.coldSeconds / (s.fallow as FallowSample).coldSeconds));
  const warm = median(paired.map((s) => s.warmSeconds / (s.fallow as FallowSample).warmSeconds));
  lines.push(`  median of the per-run ratios: cold ${cold.toFixed(2)}×, warm ${warm.toFixed(2)}×`);
  return lines;
}

/** Medians of the phases our cold scan reported. */
function phaseLine(samples: readonly Sample[]): string {
  const names = [...new Set(samples.flatMap((s) => Object.keys(s.coldPhases)))];
  if (names.length === 0) {
    return '';
  }
  const parts = names.map((name) => `${name} ${median(samples.map((s) => s.coldPhases[name] ?? Number.NaN)).toFixed(2)} s`);
  return `cold scan phases (medians of its own progress lines; they overlap): ${parts.join(', ')}.`;
}

/** Says where a window ends: now, at HEAD's commit, or at a given date. */
function describeEnd(until: string, headEpoch: number, startedAt: number): string {
  const end = Date.parse(until);
  if (Math.abs(end - headEpoch * 1000) < 2000) {
    return "HEAD's commit date";
  }
  return Math.abs(end - startedAt) < 15 * 60_000 ? 'now' : until;
}

/** Twelve calendar months before `epochSeconds`, as fallow's `--since 12m` counts back from HEAD. */
function twelveMonthsBefore(epochSeconds: number): string {
  const date = new Date(epochSeconds * 1000);
  date.setUTCFullYear(date.getUTCFullYear() - 1);
  return date.toISOString();
}

interface PeerWindow {
  readonly text: string;
  readonly commits: number | undefined;
}

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  const startedAt = Date.now();
  const loadAtStart = loadAverage();
  const root = projectRoot();
  const cli = options.cli ?? path.join(root, 'dist', 'cli.js');
  if (!existsSync(cli)) {
    throw new UsageError(`the CLI is not built: ${cli} (npm run bench builds it first)`);
  }
  if (options.history !== undefined || options.bigFiles) {
    const scale = { root, cli, script: path.resolve(process.argv[1] ?? __filename), runs: options.runs, json: options.json, regenerate: options.regenerate, log };
    await (options.history !== undefined ? historyMode(scale, options.history) : bigFilesMode(scale));
    return;
  }
  let synthetic: SyntheticRepoInfo | undefined;
  let repo = options.repo;
  if (repo === undefined) {
    synthetic = await ensureSyntheticRepo(root, { regenerate: options.regenerate, log });
    log(synthetic.reused ? `synthetic repo: reusing ${synthetic.path} (history ends ${synthetic.anchor})` : `synthetic repo: generated in ${synthetic.generationSeconds} s`);
    repo = synthetic.path;
  }
  if (!existsSync(repo)) {
    throw new UsageError(`no such folder: ${repo}`);
  }
  repo = (await gitOutput(repo, ['rev-parse', '--show-toplevel'])).trim();
  // As a repository is after any `git status`: a freshly generated or copied one has an index whose
  // file times do not match, and git then hashes every file to tell what is edited (measured 0.14 s
  // of each warm rescan of the synthetic repository, against 0.01 s with a fresh index).
  await gitOutput(repo, ['update-index', '-q', '--refresh']).catch(() => undefined);
  const scanArgs = options.since !== undefined ? ['--since', options.since] : [];
  const headEpoch = Number((await gitOutput(repo, ['log', '-1', '--format=%ct', 'HEAD'])).trim());

  const tracked = (await gitOutput(repo, ['ls-files', '-z'])).split('\0').filter((name) => name !== '');
  const sources = tracked.filter((name) => SOURCE_EXTENSIONS.test(name));
  const commitsTotal = Number((await gitOutput(repo, ['rev-list', '--count', '--no-merges', 'HEAD'])).trim());

  const measurer = new Measurer(log);
  let fallowCache: FallowCache | undefined;
  const cleanUp = (): void => {
    fallowCache?.restore();
    measurer.dispose();
  };
  const interrupted = (): void => {
    cleanUp();
    process.exit(130);
  };
  process.once('SIGINT', interrupted);
  process.once('SIGTERM', interrupted);
  try {
    let peer: Peer | undefined;
    let peerStatus: string;
    if (!options.fallow) {
      peerStatus = 'peer: fallow left out (--no-fallow)';
    } else {
      const availability = await ensureFallow(root, log);
      if ('unavailable' in availability) {
        peerStatus = `peer: fallow could not be installed, so its rows are left out: ${availability.unavailable}`;
        log(`bench: ${peerStatus}`);
      } else {
        fallowCache = new FallowCache(repo, measurer.next('fallow-cache-before-bench'));
        peer = { fallow: availability.peer, cache: fallowCache };
        peerStatus =
          `peer: fallow ${availability.peer.version} \`fallow ${FALLOW_ARGS.join(' ')}\`; cold = without <repo>/.fallow (removed before each), warm = the same command again with the cache it wrote` +
          (fallowCache.existedBefore ? '; the .fallow found in the repository is put back at the end' : '; .fallow is removed at the end') +
          (availability.peer.measuresRss ? '' : '; no GNU time (/usr/bin/time), so no peak RSS for fallow');
      }
    }

    // The unrecorded warm-up: the page cache, and the window the CLI's default reads, from its report.
    log('bench: warming up the file cache (one unrecorded cold scan, both floors and a fallow pair)');
    const warmUpCache = measurer.next('cache');
    mkdirSync(warmUpCache);
    const warmUp = await measurer.node([cli, 'scan', repo, '--format', 'json', '--cache-dir', warmUpCache, ...scanArgs], repo, 'capture');
    rmSync(warmUpCache, { recursive: true, force: true });
    const { window } = reportWindow(warmUp.stdout);
    const commitsInWindow = await countCommits(repo, window);
    const sourceList = measurer.next('sources.txt');
    writeFileSync(sourceList, sources.join('\0'));
    const branch = await reviewBranchOf(repo);
    log(`bench: review of the last ${branch.commits} commits (${branch.files} files changed, base ${branch.base.slice(0, 8)})`);
    const bench = new Bench(repo, window, scanArgs, cli, measurer, sourceList, peer, branch);
    await bench.gitLog();
    await bench.parseFloor();
    let peerWindow: PeerWindow | undefined;
    const fallowWarmUp = await bench.fallowPair(true);
    if (fallowWarmUp !== undefined) {
      const stated = fallowWindow(fallowWarmUp.cold.stdout);
      const end = stated.clockEpoch ?? headEpoch;
      const span = { since: twelveMonthsBefore(end), until: new Date(end * 1000).toISOString() };
      const commits = await countCommits(repo, span);
      peerWindow = {
        text: `fallow --since 12m: ${stated.since} back from its clock (${stated.clock}: ${span.until}), i.e. since ${span.since}: ${commits} non-merge commits; ${stated.filesAnalyzed ?? '?'} files with ≥ 3 commits in its hotspots`,
        commits,
      };
    }
    const startup: number[] = [];
    for (let i = 0; i < Math.max(5, options.runs); i++) {
      startup.push(await nodeStartup());
    }
    const samples: Sample[] = [];
    for (let run = 1; run <= options.runs; run++) {
      const sample = await bench.sample(run);
      samples.push(sample);
      const f = sample.fallow;
      log(
        `bench: run ${run}/${options.runs}: git log ${sample.gitLogSeconds.toFixed(2)} s, parse ${sample.parseSeconds.toFixed(2)} s, ` +
          `cold ${sample.coldSeconds.toFixed(2)} s (${sample.coldPeakMb.toFixed(0)} MB), warm ${sample.warmSeconds.toFixed(2)} s (${sample.warmPeakMb.toFixed(0)} MB)` +
          (f ? `; fallow cold ${f.coldSeconds.toFixed(2)} s (${f.coldPeakMb.toFixed(0)} MB), warm ${f.warmSeconds.toFixed(2)} s (${f.warmPeakMb.toFixed(0)} MB)` : '') +
          `; review ${sample.reviewFirstSeconds.toFixed(2)} s then ${sample.reviewWarmSeconds.toFixed(2)} s; load ${loadAverage()}`,
      );
      (globalThis as { gc?: () => void }).gc?.();
    }

    const rows = buildRows(samples, startup, sources.length, synthetic !== undefined, branch);
    const first = samples[0] as Sample;
    const repoInfo = {
      path: repo,
      synthetic: synthetic !== undefined,
      trackedFiles: tracked.length,
      sourceFiles: sources.length,
      sourceMb: first.parse.bytes / 1e6,
      commitsInWindow,
      commitsTotal,
      gitLogMb: first.gitLogBytes / 1e6,
      cacheMb: first.cacheMb,
      window,
      windowEnds: describeEnd(window.until, headEpoch, startedAt),
      peerWindow: peerWindow?.text,
    };
    const cpus = os.cpus();
    const machine = {
      cores: cpus.length,
      cpu: cpus[0]?.model.trim() ?? 'unknown',
      memoryGb: Math.round(os.totalmem() / 1e9),
      platform: `${os.platform()} ${os.release()}`,
      node: process.version,
      git: (await gitOutput(repo, ['--version'])).trim(),
      loadAverage: { start: loadAtStart, end: loadAverage() },
    };

    if (options.json) {
      const targets = rows.filter((row) => row.pass !== undefined).map((row) => ({ metric: row.metric, median: row.summary.median, unit: row.unit, ratio: row.ratio, target: row.target, pass: row.pass }));
      process.stdout.write(`${JSON.stringify({ repo: repoInfo, machine, peer: peerStatus, runs: options.runs, rows, targets, samples }, undefined, 2)}\n`);
      return;
    }
    const lines = [
      `Debt Lens benchmark — ${options.runs} run${options.runs === 1 ? '' : 's'}, medians; ${new Date(startedAt).toISOString().slice(0, 16)}Z`,
      `repo:    ${repo}${synthetic !== undefined ? ' (synthetic)' : ''}`,
      `         ${tracked.length} tracked files, ${sources.length} source files (${repoInfo.sourceMb.toFixed(1)} MB); ${commitsTotal} non-merge commits (git log output over the window ${repoInfo.gitLogMb.toFixed(1)} MB)`,
      `windows: debt-lens scan${scanArgs.length > 0 ? ` --since ${options.since}` : ' (its default)'}: ${window.since} → ${window.until} (ends ${repoInfo.windowEnds}): ${commitsInWindow} non-merge commits; the floors read the same window`,
      ...(peerWindow !== undefined ? [`         ${peerWindow.text}`] : []),
      `machine: ${machine.cores} cores (${machine.cpu}), ${machine.memoryGb} GB, ${machine.platform}, node ${machine.node}, ${machine.git}`,
      `         load average (1, 5, 15 min) ${machine.loadAverage.start} at the start, ${machine.loadAverage.end} at the end`,
      peerStatus,
      '',
      renderTable(rows),
      '',
      ...pairLines(samples),
      ...(samples.some((s) => s.fallow !== undefined) ? [''] : []),
      'Times are wall clock of a child process from spawn to exit, Node start-up included (see node -e 0; fallow\'s npm launcher is Node too).',
      `floor b inside its process: loading TypeScript ${(summarize(samples.map((s) => s.parse.loadMs)).median / 1000).toFixed(2)} s, reading + parsing ${(summarize(samples.map((s) => s.parse.parseMs)).median / 1000).toFixed(2)} s.`,
      ...[phaseLine(samples)].filter((line) => line !== ''),
      'cold = `scan --format json --cache-dir <empty dir>`; warm = the same command again with that cache',
      `(cache after the cold scan: ${first.cacheMb.toFixed(1)} MB). ratio = median of per-run ratios, each to the figure of the same run.`,
      'Peak RSS = the kernel\'s high-water mark: maxRSS of the scan\'s Node process (worker threads included, git subprocesses not);',
      'for fallow, GNU time\'s %M: the largest process of its tree (the native binary, not its launcher).',
      `review = \`review --base HEAD~${branch.commits} --format json\` with the warm scan's cache: first, the base is checked out into the cache`,
      'folder and scanned; warm, the same command again (what each later push of a branch costs). floor c = git naming the changed files.',
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
  } finally {
    process.removeListener('SIGINT', interrupted);
    process.removeListener('SIGTERM', interrupted);
    cleanUp();
  }
}

/** The last commits of HEAD's first-parent line that together change at least {@link REVIEW_BRANCH_FILES} files (at most 200 commits). */
async function reviewBranchOf(repo: string): Promise<ReviewBranch> {
  let last: ReviewBranch | undefined;
  for (let commits = 1; commits <= 200; commits++) {
    let base: string;
    try {
      base = (await gitOutput(repo, ['rev-parse', '--verify', '-q', `HEAD~${commits}`])).trim();
    } catch {
      break;
    }
    const files = (await gitOutput(repo, ['diff', '--name-only', base, 'HEAD'])).split('\n').filter((line) => line !== '').length;
    last = { base, commits, files };
    if (files >= REVIEW_BRANCH_FILES) {
      break;
    }
  }
  if (last === undefined) {
    throw new UsageError('the repository has a single commit: no branch to review');
  }
  return last;
}

async function parseFloorMode(repo: string | undefined, listFile: string | undefined): Promise<void> {
  if (repo === undefined || listFile === undefined) {
    throw new UsageError('--parse-floor <repo> <file list>');
  }
  process.stdout.write(`${JSON.stringify(await runParseFloor(repo, listFile))}\n`);
}

const args = process.argv.slice(2);
(args[0] === '--parse-floor' ? parseFloorMode(args[1], args[2]) : main()).catch((error: unknown) => {
  if (error instanceof UsageError) {
    if (error.message !== '') {
      process.stderr.write(`bench: ${error.message}\n`);
    }
    process.stderr.write(`${USAGE}\n`);
    process.exitCode = 2;
    return;
  }
  if (error instanceof ChildFailedError) {
    process.stderr.write(`bench: ${error.message}\n--- its stderr ---\n${error.stderr.trimEnd()}\n`);
  } else {
    process.stderr.write(`bench: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  }
  process.exitCode = 1;
});
