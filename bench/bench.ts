import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runParseFloor, SOURCE_EXTENSIONS } from './parseFloor';
import type { ParseFloorResult } from './parseFloor';
import { ChildFailedError, childEnv, gitOutput, runChild } from './processes';
import type { Row, Summary } from './report';
import { renderTable, summarize } from './report';
import { ensureSyntheticRepo } from './syntheticRepo';
import type { SyntheticRepoInfo } from './syntheticRepo';

/**
 * `npm run bench [-- <repo>] [--runs N] [--since DATE] [--json] [--cli path] [--regenerate]`
 *
 * Times the CLI's cold scan and warm rescan of a repository, and their peak memory, next to two
 * floors measured in the same run: (a) the `git log` pass the scan must read, drained and discarded,
 * and (b) reading and parsing every tracked source file with `ts.createSourceFile` in a fresh
 * process. Every figure is the wall time of a child process from spawn to exit, so Node's start-up
 * is inside the scans and floor (b) alike; `node -e 0` is printed for context.
 */

const TARGET_COLD_RATIO = 1.0;
const TARGET_WARM_SECONDS = 0.5;
const TARGET_PEAK_MB = 400;
const TARGET_REVIEW_SECONDS = 1.5;
/** The branch the review is timed on: the last commits that together change at least this many files. */
const REVIEW_BRANCH_FILES = 20;
const RSS_ENV = 'DEBT_LENS_BENCH_RSS_FILE';
const LOG_FORMAT = '--format=%H%x1f%aN%x1f%aE%x1f%at%x1f%B%x00';
/** The configuration the scan pins for its own git calls; none of it changes the cost. */
const GIT_CONFIG = ['-c', 'core.quotepath=off', '-c', 'color.ui=false', '-c', 'log.showSignature=false', '-c', 'i18n.logOutputEncoding=UTF-8'];

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
}

interface Sample {
  readonly gitLogSeconds: number;
  readonly gitLogBytes: number;
  readonly parseSeconds: number;
  readonly parse: ParseFloorResult;
  readonly parsePeakMb: number;
  readonly coldSeconds: number;
  readonly coldPeakMb: number;
  readonly warmSeconds: number;
  readonly warmPeakMb: number;
  readonly cacheMb: number;
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

const USAGE = 'usage: npm run bench -- [repo] [--runs N] [--since DATE] [--json] [--cli dist/cli.js] [--regenerate]';

function parseArgs(argv: readonly string[]): Options {
  let repo: string | undefined;
  let runs = 5;
  let since: string | undefined;
  let json = false;
  let cli: string | undefined;
  let regenerate = false;
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
        if (Number.isNaN(Date.parse(since))) {
          throw new UsageError(`--since: not a date: ${since}`);
        }
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
  return { repo, runs, since, json, cli, regenerate };
}

/** The folder holding this project's package.json, looked for from the bundle's folder, then the cwd. */
function projectRoot(): string {
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

/** Twelve months before now, to the second, in a form both git and `Date.parse` read. */
function defaultSince(): string {
  const date = new Date();
  date.setUTCFullYear(date.getUTCFullYear() - 1);
  return `${date.toISOString().slice(0, 19)}Z`;
}

function directorySize(dir: string): number {
  let bytes = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    bytes += entry.isDirectory() ? directorySize(full) : statSync(full).size;
  }
  return bytes;
}

/** Written next to the temp files and `--require`d by every Node child: records its peak RSS on exit. */
const PRELOAD = `'use strict';
process.on('exit', () => {
  const file = process.env.${RSS_ENV};
  if (file) {
    try {
      require('fs').writeFileSync(file, String(process.resourceUsage().maxRSS));
    } catch {}
  }
});
`;

class Bench {
  private serial = 0;

  constructor(
    private readonly repo: string,
    private readonly since: string,
    private readonly cli: string,
    private readonly temp: string,
    private readonly preload: string,
    private readonly sourceList: string,
    private readonly branch: ReviewBranch,
  ) {}

  async gitLog(): Promise<{ seconds: number; bytes: number }> {
    const result = await runChild('git', [...GIT_CONFIG, 'log', '--no-merges', '-M', '--numstat', '-z', LOG_FORMAT, `--since=${this.since}`, 'HEAD'], { cwd: this.repo, stdout: 'count' });
    return { seconds: result.wallMs / 1000, bytes: result.stdoutBytes };
  }

  /** Runs a Node script with the RSS preload; returns wall seconds, peak RSS in MB and stdout. */
  private async node(args: readonly string[], stdout: 'ignore' | 'capture'): Promise<{ seconds: number; peakMb: number; stdout: string }> {
    this.serial += 1;
    const rssFile = path.join(this.temp, `rss-${this.serial}.txt`);
    const result = await runChild(process.execPath, ['--require', this.preload, ...args], { cwd: this.repo, stdout, env: childEnv({ [RSS_ENV]: rssFile }) });
    let peakMb = Number.NaN;
    try {
      // maxRSS is in kilobytes on Linux and macOS.
      peakMb = Number(readFileSync(rssFile, 'utf8')) / 1024;
    } catch {
      log(`warning: no peak RSS recorded for ${args.join(' ')}`);
    }
    return { seconds: result.wallMs / 1000, peakMb, stdout: result.stdout };
  }

  async parseFloor(): Promise<{ seconds: number; peakMb: number; result: ParseFloorResult }> {
    const run = await this.node([__filename, '--parse-floor', this.repo, this.sourceList], 'capture');
    return { seconds: run.seconds, peakMb: run.peakMb, result: JSON.parse(run.stdout) as ParseFloorResult };
  }

  scan(cacheDir: string): Promise<{ seconds: number; peakMb: number }> {
    return this.node([this.cli, 'scan', this.repo, '--format', 'json', '--cache-dir', cacheDir, '--since', this.since], 'ignore');
  }

  /** `review --base <base>` of HEAD, with the scan cache of the repository in `cacheDir`. */
  review(cacheDir: string): Promise<{ seconds: number; peakMb: number }> {
    return this.node([this.cli, 'review', this.repo, '--base', this.branch.base, '--format', 'json', '--cache-dir', cacheDir, '--since', this.since, '--quiet'], 'ignore');
  }

  /** The floor of a review: git naming the files the branch changed. */
  async reviewFloor(): Promise<number> {
    return (await runChild('git', [...GIT_CONFIG, 'diff', '--name-only', this.branch.base, 'HEAD'], { cwd: this.repo, stdout: 'count' })).wallMs / 1000;
  }

  async nodeStartup(): Promise<number> {
    return (await runChild(process.execPath, ['-e', '0'], { stdout: 'ignore' })).wallMs / 1000;
  }

  async sample(): Promise<Sample> {
    const gitLog = await this.gitLog();
    const parse = await this.parseFloor();
    const cacheDir = path.join(this.temp, `cache-${this.serial}`);
    mkdirSync(cacheDir);
    try {
      const cold = await this.scan(cacheDir);
      const cacheMb = directorySize(cacheDir) / 1e6;
      if (cacheMb === 0) {
        log(`warning: the cold scan left ${cacheDir} empty, so the "warm" rescan has no cache to read`);
      }
      const warm = await this.scan(cacheDir);
      const reviewFloorSeconds = await this.reviewFloor();
      // The first review checks the base out and scans it cold; the second is what every later push costs.
      const reviewFirst = await this.review(cacheDir);
      const reviewWarm = await this.review(cacheDir);
      return {
        reviewFloorSeconds,
        reviewFirstSeconds: reviewFirst.seconds,
        reviewWarmSeconds: reviewWarm.seconds,
        gitLogSeconds: gitLog.seconds,
        gitLogBytes: gitLog.bytes,
        parseSeconds: parse.seconds,
        parse: parse.result,
        parsePeakMb: parse.peakMb,
        coldSeconds: cold.seconds,
        coldPeakMb: cold.peakMb,
        warmSeconds: warm.seconds,
        warmPeakMb: warm.peakMb,
        cacheMb,
      };
    } finally {
      rmSync(cacheDir, { recursive: true, force: true });
    }
  }
}

function buildRows(samples: readonly Sample[], nodeStartup: readonly number[], sourceFiles: number, branch: ReviewBranch): Row[] {
  const of = (pick: (s: Sample) => number): Summary => summarize(samples.map(pick));
  const floors = of((s) => s.gitLogSeconds + s.parseSeconds);
  const coldRatio = of((s) => s.coldSeconds / (s.gitLogSeconds + s.parseSeconds)).median;
  const parseRss = of((s) => s.parsePeakMb).median;
  const warm = of((s) => s.warmSeconds);
  const coldRss = of((s) => s.coldPeakMb);
  const warmRss = of((s) => s.warmPeakMb);
  return [
    { metric: 'node start-up (node -e 0)', unit: 's', summary: summarize(nodeStartup) },
    { metric: 'floor a: git log over the window', unit: 's', summary: of((s) => s.gitLogSeconds) },
    { metric: `floor b: read + parse ${sourceFiles} files`, unit: 's', summary: of((s) => s.parseSeconds) },
    { metric: 'floors a + b', unit: 's', summary: floors },
    { metric: 'cold scan', unit: 's', summary: of((s) => s.coldSeconds), floor: floors.median, ratio: coldRatio, target: `≤ ${TARGET_COLD_RATIO.toFixed(1)}× floors`, pass: coldRatio <= TARGET_COLD_RATIO },
    { metric: 'warm rescan', unit: 's', summary: warm, target: `≤ ${TARGET_WARM_SECONDS} s`, pass: warm.median <= TARGET_WARM_SECONDS },
    { metric: `floor c: git diff --name-only (${branch.commits} commits, ${branch.files} files)`, unit: 's', summary: of((s) => s.reviewFloorSeconds) },
    { metric: 'review, first (base checked out and scanned)', unit: 's', summary: of((s) => s.reviewFirstSeconds) },
    {
      metric: 'review, warm',
      unit: 's',
      summary: of((s) => s.reviewWarmSeconds),
      floor: of((s) => s.reviewFloorSeconds).median,
      ratio: of((s) => s.reviewWarmSeconds / s.reviewFloorSeconds).median,
      target: `≤ ${TARGET_REVIEW_SECONDS} s`,
      pass: of((s) => s.reviewWarmSeconds).median <= TARGET_REVIEW_SECONDS,
    },
    { metric: 'peak RSS, parse floor', unit: 'MB', summary: of((s) => s.parsePeakMb) },
    { metric: 'peak RSS, cold scan', unit: 'MB', summary: coldRss, floor: parseRss, ratio: coldRss.median / parseRss, target: `≤ ${TARGET_PEAK_MB} MB`, pass: coldRss.median <= TARGET_PEAK_MB },
    { metric: 'peak RSS, warm rescan', unit: 'MB', summary: warmRss, floor: parseRss, ratio: warmRss.median / parseRss, target: `≤ ${TARGET_PEAK_MB} MB`, pass: warmRss.median <= TARGET_PEAK_MB },
  ];
}

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  const root = projectRoot();
  const cli = options.cli ?? path.join(root, 'dist', 'cli.js');
  if (!existsSync(cli)) {
    throw new UsageError(`the CLI is not built: ${cli} (npm run bench builds it first)`);
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
  const since = options.since ?? defaultSince();

  const tracked = (await gitOutput(repo, ['ls-files', '-z'])).split('\0').filter((name) => name !== '');
  const sources = tracked.filter((name) => SOURCE_EXTENSIONS.test(name));
  const commitsInWindow = Number((await gitOutput(repo, ['rev-list', '--count', '--no-merges', `--since=${since}`, 'HEAD'])).trim());
  const commitsTotal = Number((await gitOutput(repo, ['rev-list', '--count', '--no-merges', 'HEAD'])).trim());

  const temp = mkdtempSync(path.join(os.tmpdir(), 'debt-lens-bench-'));
  try {
    const preload = path.join(temp, 'peak-rss.cjs');
    writeFileSync(preload, PRELOAD);
    const sourceList = path.join(temp, 'sources.txt');
    writeFileSync(sourceList, sources.join('\0'));
    const branch = await reviewBranchOf(repo);
    const bench = new Bench(repo, since, cli, temp, preload, sourceList, branch);

    log(`bench: review of the last ${branch.commits} commits (${branch.files} files changed, base ${branch.base.slice(0, 8)})`);
    log(`bench: ${repo}: ${sources.length} source files of ${tracked.length} tracked, ${commitsInWindow} of ${commitsTotal} non-merge commits since ${since}`);
    log('bench: warming up the file cache (one unrecorded pass of both floors)');
    await bench.gitLog();
    await bench.parseFloor();
    const nodeStartup: number[] = [];
    for (let i = 0; i < Math.max(5, options.runs); i++) {
      nodeStartup.push(await bench.nodeStartup());
    }
    const samples: Sample[] = [];
    for (let run = 1; run <= options.runs; run++) {
      const sample = await bench.sample();
      samples.push(sample);
      log(
        `bench: run ${run}/${options.runs}: git log ${sample.gitLogSeconds.toFixed(2)} s, parse ${sample.parseSeconds.toFixed(2)} s, ` +
          `cold ${sample.coldSeconds.toFixed(2)} s (${sample.coldPeakMb.toFixed(0)} MB), warm ${sample.warmSeconds.toFixed(2)} s (${sample.warmPeakMb.toFixed(0)} MB), ` +
          `review ${sample.reviewFirstSeconds.toFixed(2)} s then ${sample.reviewWarmSeconds.toFixed(2)} s`,
      );
      (globalThis as { gc?: () => void }).gc?.();
    }

    const rows = buildRows(samples, nodeStartup, sources.length, branch);
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
      since,
    };
    const cpus = os.cpus();
    const machine = { cores: cpus.length, cpu: cpus[0]?.model.trim() ?? 'unknown', memoryGb: Math.round(os.totalmem() / 1e9), platform: `${os.platform()} ${os.release()}`, node: process.version, git: (await gitOutput(repo, ['--version'])).trim() };

    if (options.json) {
      const targets = rows.filter((row) => row.pass !== undefined).map((row) => ({ metric: row.metric, median: row.summary.median, unit: row.unit, ratio: row.ratio, target: row.target, pass: row.pass }));
      process.stdout.write(`${JSON.stringify({ repo: repoInfo, machine, runs: options.runs, rows, targets, samples }, undefined, 2)}\n`);
      return;
    }
    const lines = [
      `Debt Lens benchmark — ${options.runs} run${options.runs === 1 ? '' : 's'}, medians`,
      `repo:    ${repo}${synthetic !== undefined ? ' (synthetic)' : ''}`,
      `         ${tracked.length} tracked files, ${sources.length} source files (${repoInfo.sourceMb.toFixed(1)} MB); ${commitsInWindow} of ${commitsTotal} non-merge commits since ${since} (git log output ${repoInfo.gitLogMb.toFixed(1)} MB)`,
      `machine: ${machine.cores} cores (${machine.cpu}), ${machine.memoryGb} GB, ${machine.platform}, node ${machine.node}, ${machine.git}`,
      '',
      renderTable(rows),
      '',
      'Times are wall clock of a child process from spawn to exit, Node start-up included (see node -e 0).',
      `floor b inside its process: loading TypeScript ${(summarize(samples.map((s) => s.parse.loadMs)).median / 1000).toFixed(2)} s, reading + parsing ${(summarize(samples.map((s) => s.parse.parseMs)).median / 1000).toFixed(2)} s.`,
      'cold = `scan --format json --cache-dir <empty dir>`; warm = the same command again with that cache',
      `(cache after the cold scan: ${first.cacheMb.toFixed(1)} MB). ratio = median of per-run ratios to the floors of the same run.`,
      'Peak RSS = maxRSS of the Node process (worker threads included, git subprocesses not).',
      `review = \`review --base HEAD~${branch.commits} --format json\` with the warm scan's cache: first, the base is checked out into the cache`,
      'folder and scanned; warm, the same command again (what each later push of a branch costs). floor c = git naming the changed files.',
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
  } finally {
    rmSync(temp, { recursive: true, force: true });
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
