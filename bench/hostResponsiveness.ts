/**
 * Is the extension host still responsive while the editor scans a large repository?
 *
 * `npm run bench:host [-- <repo>] [--runs N]` runs the scan as the extension runs it (parsing on one
 * worker thread, `dist/editorParseWorker.js`; cold: no cache) and measures how late timers fire on this
 * thread meanwhile, with `perf_hooks.monitorEventLoopDelay`: the time a keystroke, a CodeLens request
 * or a tree refresh would wait. Beside it, the same scan with everything on this thread (the CLI's
 * choice before workers), as the floor of what the worker buys. Without a repo: the synthetic one.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { scanRepository } from '../src/core/scan/scanRepository';
import { ensureSyntheticRepo } from './syntheticRepo';

interface Sample {
  readonly seconds: number;
  readonly p99Ms: number;
  readonly maxMs: number;
  /** Share of 50 ms slices in which the thread answered within 50 ms. */
  readonly responsive: number;
}

async function measure(repo: string, workerScript: string | undefined): Promise<Sample> {
  const histogram = monitorEventLoopDelay({ resolution: 5 });
  // Also count the slices: a timer every 50 ms that fires more than 50 ms late is a missed frame.
  let slices = 0;
  let late = 0;
  let expected = performance.now() + 50;
  const ticker = setInterval(() => {
    const now = performance.now();
    slices++;
    if (now - expected > 50) {
      late++;
    }
    expected = now + 50;
  }, 50);
  histogram.enable();
  const started = performance.now();
  const cacheDir = mkdtempSync(path.join(os.tmpdir(), 'debt-lens-host-bench-'));
  try {
    await scanRepository({ cwd: repo, now: new Date(), workerScript, workers: 1, cacheFile: path.join(cacheDir, 'cache.json') });
  } finally {
    histogram.disable();
    clearInterval(ticker);
    rmSync(cacheDir, { recursive: true, force: true });
  }
  return {
    seconds: (performance.now() - started) / 1000,
    p99Ms: histogram.percentile(99) / 1e6,
    maxMs: histogram.max / 1e6,
    responsive: slices === 0 ? 1 : 1 - late / slices,
  };
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const runsAt = args.indexOf('--runs');
  const runs = runsAt === -1 ? 3 : Number(args[runsAt + 1]);
  const positional = args.filter((arg, index) => !arg.startsWith('--') && (runsAt === -1 || index !== runsAt + 1));
  const root = path.resolve(__dirname, '..');
  const workerScript = path.join(root, 'dist', 'editorParseWorker.js');
  if (!existsSync(workerScript)) {
    throw new Error(`build first: ${workerScript} is missing`);
  }
  const repo = positional[0] ?? (await ensureSyntheticRepo(root, { regenerate: false, log: (line) => process.stderr.write(`${line}\n`) })).path;
  const rows: [string, Sample[]][] = [
    ['worker thread (the editor)', []],
    ['this thread only (floor)', []],
  ];
  for (let run = 1; run <= runs; run++) {
    rows[0]![1].push(await measure(repo, workerScript));
    rows[1]![1].push(await measure(repo, undefined));
    process.stderr.write(`bench:host: run ${run}/${runs} done\n`);
  }
  process.stdout.write(`Extension-host responsiveness during a cold scan of ${repo} — ${runs} runs, medians\n\n`);
  process.stdout.write('| scan | wall | event-loop delay p99 | max | 50 ms slices on time |\n| --- | --- | --- | --- | --- |\n');
  for (const [label, samples] of rows) {
    process.stdout.write(
      `| ${label} | ${median(samples.map((s) => s.seconds)).toFixed(2)} s | ${median(samples.map((s) => s.p99Ms)).toFixed(0)} ms | ` +
        `${median(samples.map((s) => s.maxMs)).toFixed(0)} ms | ${(median(samples.map((s) => s.responsive)) * 100).toFixed(0)} % |\n`,
    );
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench:host: ${(error as Error).message}\n`);
  process.exitCode = 1;
});
