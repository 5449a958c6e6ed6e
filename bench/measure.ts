import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { childEnv, gitOutput, runChild } from './processes';

/**
 * What every benchmark mode measures the same way: a Node child's wall time and peak RSS, the
 * `git log` floor over a window, and the CLI scan with its phases.
 */

const RSS_ENV = 'DEBT_LENS_BENCH_RSS_FILE';
const LOG_FORMAT = '--format=%H%x1f%aN%x1f%aE%x1f%at%x1f%B%x00';
/** The configuration the scan pins for its own git calls; none of it changes the cost. */
const GIT_CONFIG = ['-c', 'core.quotepath=off', '-c', 'color.ui=false', '-c', 'log.showSignature=false', '-c', 'i18n.logOutputEncoding=UTF-8'];

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

/** A history window as the scan's report gives it (ISO dates). */
export interface HistoryWindow {
  readonly since: string;
  readonly until: string;
}

export interface NodeRun {
  readonly seconds: number;
  /** maxRSS of the Node process (worker threads included, git subprocesses not), MB. */
  readonly peakMb: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Seconds of each phase the CLI reports on stderr (`debt-lens: git history: done in 2.2 s`). */
export type ScanPhases = Readonly<Record<string, number>>;

/** A temp folder for the RSS files and the caches of one benchmark run; `dispose` removes it. */
export class Measurer {
  readonly temp: string;
  private readonly preload: string;
  private serial = 0;

  constructor(private readonly log: (line: string) => void) {
    this.temp = mkdtempSync(path.join(os.tmpdir(), 'debt-lens-bench-'));
    this.preload = path.join(this.temp, 'peak-rss.cjs');
    writeFileSync(this.preload, PRELOAD);
  }

  /** A fresh path inside the temp folder. */
  next(name: string): string {
    this.serial += 1;
    return path.join(this.temp, `${name}-${this.serial}`);
  }

  /** Runs a Node script with the RSS preload; returns wall seconds, peak RSS in MB and stdout. */
  async node(args: readonly string[], cwd: string, stdout: 'ignore' | 'capture'): Promise<NodeRun> {
    const rssFile = this.next('rss');
    const result = await runChild(process.execPath, ['--require', this.preload, ...args], { cwd, stdout, env: childEnv({ [RSS_ENV]: rssFile }) });
    let peakMb = Number.NaN;
    try {
      // maxRSS is in kilobytes on Linux and macOS.
      peakMb = Number(readFileSync(rssFile, 'utf8')) / 1024;
    } catch {
      this.log(`warning: no peak RSS recorded for ${args.join(' ')}`);
    }
    return { seconds: result.wallMs / 1000, peakMb, stdout: result.stdout, stderr: result.stderr };
  }

  dispose(): void {
    rmSync(this.temp, { recursive: true, force: true });
  }
}

/**
 * Floor (a): the `git log` pass a scan must read over `window`, drained and discarded — the same
 * command, format and configuration as the scan's history pass.
 */
export async function gitLogFloor(repo: string, window: HistoryWindow): Promise<{ seconds: number; bytes: number }> {
  const result = await runChild('git', [...GIT_CONFIG, 'log', '--no-merges', '-M', '--numstat', '-z', LOG_FORMAT, `--since=${window.since}`, `--until=${window.until}`, 'HEAD'], { cwd: repo, stdout: 'count' });
  return { seconds: result.wallMs / 1000, bytes: result.stdoutBytes };
}

export async function nodeStartup(): Promise<number> {
  return (await runChild(process.execPath, ['-e', '0'], { stdout: 'ignore' })).wallMs / 1000;
}

/** The phase timings in a scan's stderr. */
export function scanPhases(stderr: string): ScanPhases {
  const phases: Record<string, number> = {};
  for (const match of stderr.matchAll(/debt-lens: ([\w -]+): done in ([\d.]+) s/g)) {
    phases[match[1] as string] = Number(match[2]);
  }
  return phases;
}

/** The window and commit count a scan's JSON report states. */
export function reportWindow(json: string): { window: HistoryWindow; commits: number } {
  const report = JSON.parse(json) as { window: HistoryWindow; stats: { commits: number } };
  return { window: { since: report.window.since, until: report.window.until }, commits: report.stats.commits };
}

export async function countCommits(repo: string, window: HistoryWindow): Promise<number> {
  return Number((await gitOutput(repo, ['rev-list', '--count', '--no-merges', `--since=${window.since}`, `--until=${window.until}`, 'HEAD'])).trim());
}

/** The 1-, 5- and 15-minute load averages, for the record: the machine is shared. */
export function loadAverage(): string {
  return os
    .loadavg()
    .map((value) => value.toFixed(2))
    .join(' ');
}

export function median(values: readonly number[]): number {
  const sorted = values.filter((value) => Number.isFinite(value)).sort((a, b) => a - b);
  if (sorted.length === 0) {
    return Number.NaN;
  }
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}
