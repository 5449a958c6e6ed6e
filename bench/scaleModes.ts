import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import type { BigFilesRepoInfo } from './bigFiles';
import { BIG_FILES, ensureBigFilesRepo } from './bigFiles';
import type { HistoryWindow, NodeRun, ScanPhases } from './measure';
import { countCommits, gitLogFloor, loadAverage, Measurer, median, reportWindow, scanPhases } from './measure';
import type { ParseFloorResult } from './parseFloor';
import { SOURCE_EXTENSIONS } from './parseFloor';
import { gitOutput } from './processes';
import type { Row, Summary } from './report';
import { renderTable, summarize } from './report';
import type { LargeRepoSpec } from './syntheticLarge';
import { ensureLargeRepo } from './syntheticLarge';

/**
 * The scale modes of `npm run bench` (issue 14), each on a repository generated once under
 * `.cache/bench/`:
 * - `--history 200k`: a 200,000-commit history in the last 12 months (~3,000 files); the cold scan
 *   and its peak RSS beside the `git log` floor. Targets: cold ≤ 2× that floor, peak ≤ 400 MB.
 * - `--big-files`: a ~3,500-file repository, and a copy with a 5 MB generated client and three
 *   10 MB minified bundles committed on top (bigFiles.ts); the cold scan and its peak RSS of both.
 *   Target: peak ≤ 400 MB with the big files.
 * Cold scans only: `scan --format json --cache-dir <empty dir>`, timed like `npm run bench`.
 */

const TARGET_HISTORY_RATIO = 2.0;
const TARGET_PEAK_MB = 400;

/** The ~3,500-file repository of the big-files mode and of `npm run bench:editor -- --large`. */
export const LARGE_REPO: LargeRepoSpec = { name: 'large-3.5k-v2', seed: 0x3500, commits: 12_000, files: 3_700, days: 360, quietDays: 4, maxLines: 700 };

export function historySpec(commits: number): LargeRepoSpec {
  // Hot files of a 200k-commit history get thousands of edits: held to ~300 lines (a module a team keeps
  // splitting), else they settle at 700–900 and git's diffs of them dominate every figure.
  return { name: `history-${commits >= 1000 && commits % 1000 === 0 ? `${commits / 1000}k` : commits}-v2`, seed: 0x200c, commits, files: 3_000, days: 360, quietDays: 0, maxLines: 300 };
}

export interface ScaleOptions {
  readonly root: string;
  readonly cli: string;
  /** This bundle, which runs floor (b) as `--parse-floor`. */
  readonly script: string;
  readonly runs: number;
  readonly json: boolean;
  readonly regenerate: boolean;
  readonly log: (line: string) => void;
}

interface Subject {
  readonly label: string;
  readonly repo: string;
  readonly window: HistoryWindow;
  readonly commitsInWindow: number;
  readonly trackedFiles: number;
  readonly sourceFiles: number;
  readonly sourceList: string;
  /** The report of the warm-up scan. */
  readonly report: string;
}

interface ColdRun {
  readonly seconds: number;
  readonly peakMb: number;
  readonly phases: ScanPhases;
}

/** A repository prepared for cold scans: listed, warmed up once (unrecorded), its window read from the report. */
async function prepare(options: ScaleOptions, measurer: Measurer, label: string, repo: string): Promise<Subject> {
  const tracked = (await gitOutput(repo, ['ls-files', '-z'])).split('\0').filter((name) => name !== '');
  const sources = tracked.filter((name) => SOURCE_EXTENSIONS.test(name));
  const sourceList = measurer.next('sources.txt');
  writeFileSync(sourceList, sources.join('\0'));
  options.log(`bench: ${label}: warming up the file cache (one unrecorded cold scan and git log)`);
  const warmUp = await coldScan(options, measurer, repo, 'capture');
  const { window } = reportWindow(warmUp.stdout);
  await gitLogFloor(repo, window);
  return { label, repo, window, commitsInWindow: await countCommits(repo, window), trackedFiles: tracked.length, sourceFiles: sources.length, sourceList, report: warmUp.stdout };
}

async function coldScan(options: ScaleOptions, measurer: Measurer, repo: string, stdout: 'ignore' | 'capture'): Promise<NodeRun> {
  const cacheDir = measurer.next('cache');
  mkdirSync(cacheDir);
  try {
    return await measurer.node([options.cli, 'scan', repo, '--format', 'json', '--cache-dir', cacheDir], repo, stdout);
  } finally {
    rmSync(cacheDir, { recursive: true, force: true });
  }
}

async function measureCold(options: ScaleOptions, measurer: Measurer, subject: Subject): Promise<ColdRun> {
  const run = await coldScan(options, measurer, subject.repo, 'ignore');
  return { seconds: run.seconds, peakMb: run.peakMb, phases: scanPhases(run.stderr) };
}

async function parseFloor(options: ScaleOptions, measurer: Measurer, subject: Subject): Promise<{ seconds: number; peakMb: number; result: ParseFloorResult }> {
  const run = await measurer.node([options.script, '--parse-floor', subject.repo, subject.sourceList], subject.repo, 'capture');
  return { seconds: run.seconds, peakMb: run.peakMb, result: JSON.parse(run.stdout) as ParseFloorResult };
}

function phaseText(runs: readonly ColdRun[]): string {
  const names = [...new Set(runs.flatMap((run) => Object.keys(run.phases)))];
  return names.map((name) => `${name} ${median(runs.map((run) => run.phases[name] ?? Number.NaN)).toFixed(2)} s`).join(', ');
}

function machineLines(loadAtStart: string): string[] {
  const cpus = os.cpus();
  return [
    `machine: ${cpus.length} cores (${cpus[0]?.model.trim() ?? 'unknown'}), ${Math.round(os.totalmem() / 1e9)} GB, ${os.platform()} ${os.release()}, node ${process.version}`,
    `         load average (1, 5, 15 min) ${loadAtStart} at the start, ${loadAverage()} at the end`,
  ];
}

function subjectLine(subject: Subject): string {
  return `${subject.label}: ${subject.repo}: ${subject.trackedFiles} tracked files, ${subject.sourceFiles} source files; window ${subject.window.since} → ${subject.window.until}: ${subject.commitsInWindow} non-merge commits`;
}

/** `--history <n>`: the cold scan of an n-commit history beside the `git log` floor. */
export async function historyMode(options: ScaleOptions, commits: number): Promise<void> {
  const startedAt = new Date();
  const loadAtStart = loadAverage();
  const spec = historySpec(commits);
  const info = await ensureLargeRepo(options.root, spec, { regenerate: options.regenerate, log: options.log });
  const measurer = new Measurer(options.log);
  try {
    const subject = await prepare(options, measurer, `${spec.commits / 1000}k-commit history`, info.path);
    const samples: { gitLog: { seconds: number; bytes: number }; parse: { seconds: number; peakMb: number }; cold: ColdRun }[] = [];
    for (let run = 1; run <= options.runs; run++) {
      const gitLog = await gitLogFloor(subject.repo, subject.window);
      const parse = await parseFloor(options, measurer, subject);
      const cold = await measureCold(options, measurer, subject);
      samples.push({ gitLog, parse, cold });
      options.log(`bench: run ${run}/${options.runs}: git log ${gitLog.seconds.toFixed(2)} s, parse ${parse.seconds.toFixed(2)} s, cold ${cold.seconds.toFixed(2)} s (${cold.peakMb.toFixed(0)} MB; ${phaseText([cold])}); load ${loadAverage()}`);
    }
    const of = (pick: (s: (typeof samples)[number]) => number): Summary => summarize(samples.map(pick));
    const floor = of((s) => s.gitLog.seconds);
    const ratio = median(samples.map((s) => s.cold.seconds / s.gitLog.seconds));
    const peak = of((s) => s.cold.peakMb);
    const rows: Row[] = [
      { metric: 'floor a: git log over the window', unit: 's', summary: floor },
      { metric: `floor b: read + parse ${subject.sourceFiles} files (context)`, unit: 's', summary: of((s) => s.parse.seconds) },
      { metric: 'cold scan', unit: 's', summary: of((s) => s.cold.seconds), floor: floor.median, ratio, target: `≤ ${TARGET_HISTORY_RATIO.toFixed(1)}× floor a`, pass: ratio <= TARGET_HISTORY_RATIO },
      { metric: 'peak RSS, parse floor', unit: 'MB', summary: of((s) => s.parse.peakMb) },
      { metric: 'peak RSS, cold scan', unit: 'MB', summary: peak, target: `≤ ${TARGET_PEAK_MB} MB`, pass: peak.median <= TARGET_PEAK_MB },
    ];
    if (options.json) {
      process.stdout.write(`${JSON.stringify({ mode: 'history', subject: { ...subject, report: undefined }, gitLogMb: (samples[0]?.gitLog.bytes ?? 0) / 1e6, runs: options.runs, rows, samples, loadAverage: { start: loadAtStart, end: loadAverage() } }, undefined, 2)}\n`);
      return;
    }
    const lines = [
      `Debt Lens benchmark — ${spec.commits} commits (--history), ${options.runs} run${options.runs === 1 ? '' : 's'}, medians; ${startedAt.toISOString().slice(0, 16)}Z`,
      subjectLine(subject),
      `         git log output over the window ${((samples[0]?.gitLog.bytes ?? 0) / 1e6).toFixed(1)} MB; generated ${info.reused ? 'before' : 'now'} in ${info.generationSeconds} s`,
      ...machineLines(loadAtStart),
      '',
      renderTable(rows),
      '',
      `cold scan phases (medians of its own progress lines; they overlap): ${phaseText(samples.map((s) => s.cold))}.`,
      'cold = `scan --format json --cache-dir <empty dir>`, X-Ray on (20 files); ratio = median of per-run ratios to the git log of the same run.',
      'Peak RSS = maxRSS of the scan\'s Node process (worker threads included, git subprocesses not).',
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
  } finally {
    measurer.dispose();
  }
}

/** Where the big files stand in a report: ranked (and where), or excluded and why. */
function bigFileStanding(report: string): string[] {
  const files = (JSON.parse(report) as { files: { path: string; rank: number | null; excluded: string | null; loc: number | null; cognitive: number | null; functions: unknown[] }[] }).files;
  return [BIG_FILES.client, ...BIG_FILES.bundles].map((name) => {
    const file = files.find((candidate) => candidate.path === name);
    if (file === undefined) {
      return `  ${name}: not in the report`;
    }
    const measured = `loc ${file.loc ?? '—'}, cognitive ${file.cognitive ?? '—'}, ${file.functions.length} functions`;
    return `  ${name}: ${file.rank !== null ? `ranked #${file.rank}` : `not ranked (${file.excluded ?? 'no score'})`}; ${measured}`;
  });
}

/** `--big-files`: the cold scan of a ~3,500-file repository without and with the big files. */
export async function bigFilesMode(options: ScaleOptions): Promise<void> {
  const startedAt = new Date();
  const loadAtStart = loadAverage();
  const base = await ensureLargeRepo(options.root, LARGE_REPO, { regenerate: options.regenerate, log: options.log });
  const big: BigFilesRepoInfo = await ensureBigFilesRepo(options.root, base, { regenerate: options.regenerate || !base.reused, log: options.log });
  const measurer = new Measurer(options.log);
  try {
    const without = await prepare(options, measurer, 'without the big files', base.path);
    const withBig = await prepare(options, measurer, 'with the big files', big.path);
    const samples: { without: ColdRun; with: ColdRun }[] = [];
    for (let run = 1; run <= options.runs; run++) {
      // Which goes first alternates, so a drift of the machine's speed weighs on both alike.
      const first = run % 2 === 1 ? without : withBig;
      const a = await measureCold(options, measurer, first);
      const b = await measureCold(options, measurer, first === without ? withBig : without);
      const sample = first === without ? { without: a, with: b } : { without: b, with: a };
      samples.push(sample);
      options.log(`bench: run ${run}/${options.runs}: without ${sample.without.seconds.toFixed(2)} s (${sample.without.peakMb.toFixed(0)} MB), with ${sample.with.seconds.toFixed(2)} s (${sample.with.peakMb.toFixed(0)} MB); load ${loadAverage()}`);
    }
    const of = (pick: (s: (typeof samples)[number]) => number): Summary => summarize(samples.map(pick));
    const peakWithout = of((s) => s.without.peakMb);
    const peakWith = of((s) => s.with.peakMb);
    const rows: Row[] = [
      { metric: 'cold scan, without the big files', unit: 's', summary: of((s) => s.without.seconds) },
      { metric: 'cold scan, with them (ratio: to without)', unit: 's', summary: of((s) => s.with.seconds), floor: of((s) => s.without.seconds).median, ratio: median(samples.map((s) => s.with.seconds / s.without.seconds)) },
      { metric: 'peak RSS, without the big files', unit: 'MB', summary: peakWithout, target: `≤ ${TARGET_PEAK_MB} MB`, pass: peakWithout.median <= TARGET_PEAK_MB },
      { metric: 'peak RSS, with them (ratio: to without)', unit: 'MB', summary: peakWith, floor: peakWithout.median, ratio: median(samples.map((s) => s.with.peakMb / s.without.peakMb)), target: `≤ ${TARGET_PEAK_MB} MB`, pass: peakWith.median <= TARGET_PEAK_MB },
    ];
    if (options.json) {
      process.stdout.write(`${JSON.stringify({ mode: 'big-files', subjects: [without, withBig].map((s) => ({ ...s, report: undefined })), big, runs: options.runs, rows, samples, loadAverage: { start: loadAtStart, end: loadAverage() } }, undefined, 2)}\n`);
      return;
    }
    const lines = [
      `Debt Lens benchmark — big generated and minified files (--big-files), ${options.runs} run${options.runs === 1 ? '' : 's'}, medians; ${startedAt.toISOString().slice(0, 16)}Z`,
      subjectLine(without),
      subjectLine(withBig),
      `         the big files: ${BIG_FILES.client} (${(big.clientBytes / 1e6).toFixed(1)} MB, ${big.clientFunctions} functions, no banner), ` +
        `${BIG_FILES.bundles.map((name, i) => `${name} (${((big.bundleBytes[i] ?? 0) / 1e6).toFixed(1)} MB)`).join(', ')}; charts.js in a few long lines, the others in one`,
      ...machineLines(loadAtStart),
      '',
      renderTable(rows),
      '',
      'The big files in the report of the scan with them:',
      ...bigFileStanding(withBig.report),
      `cold scan phases without (medians; they overlap): ${phaseText(samples.map((s) => s.without))}.`,
      `cold scan phases with:                            ${phaseText(samples.map((s) => s.with))}.`,
      'cold = `scan --format json --cache-dir <empty dir>`, X-Ray on (20 files); which repository goes first alternates from run to run.',
      'Peak RSS = maxRSS of the scan\'s Node process (worker threads included, git subprocesses not).',
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
  } finally {
    measurer.dispose();
  }
}
