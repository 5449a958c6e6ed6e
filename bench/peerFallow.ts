import { cpSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { ChildFailedError, childEnv, runChild } from './processes';

/**
 * fallow, the peer the cold and warm scans are held against (issue 14): a Rust TS/JS analyser with
 * git hotspots and ownership, run as `fallow health --hotspots --ownership --since 12m --format json`.
 * It is installed from npm into `.cache/peers/fallow/`, once, and is never a dependency of the
 * project. It keeps a cache in `<repo>/.fallow/`: a cold run is one without that folder (it writes
 * it, ~26 MB on the synthetic repository), a warm run the same command again with it. `--no-cache`
 * neither reads nor writes the folder; it is ~0.3 s faster than a cold run there, the cost of
 * writing the cache, and is not what a user's first run does, so it is not what is timed.
 */

export const FALLOW_VERSION = '3.36.0';
export const FALLOW_ARGS: readonly string[] = ['health', '--hotspots', '--ownership', '--since', '12m', '--format', 'json'];
/** GNU time writes the peak RSS (kB) of the command and its waited-for descendants here. */
const GNU_TIME = '/usr/bin/time';
const INSTALL_TIMEOUT_MS = 180_000;

export interface FallowPeer {
  readonly bin: string;
  readonly version: string;
  /** Whether GNU time is there to read fallow's peak RSS; without it the memory columns stay empty. */
  readonly measuresRss: boolean;
}

export type FallowAvailability = { readonly peer: FallowPeer } | { readonly unavailable: string };

interface Marker {
  readonly version: string;
  readonly installedAt: string;
}

/**
 * fallow from `<projectRoot>/.cache/peers/fallow/`, installed with npm first when the marker is
 * missing or names another version. Offline, or when npm fails, says why instead.
 */
export async function ensureFallow(projectRoot: string, log: (line: string) => void): Promise<FallowAvailability> {
  const dir = path.join(projectRoot, '.cache', 'peers', 'fallow');
  const bin = path.join(dir, 'node_modules', '.bin', 'fallow');
  const markerPath = path.join(dir, '.installed.json');
  const measuresRss = await hasGnuTime();
  if (readMarker(markerPath)?.version === FALLOW_VERSION && existsSync(bin)) {
    return { peer: { bin, version: FALLOW_VERSION, measuresRss } };
  }
  log(`peer: installing fallow@${FALLOW_VERSION} from npm into ${path.relative(projectRoot, dir)}/ (once)`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  // A private manifest keeps npm from walking up into the project's package.json.
  writeFileSync(path.join(dir, 'package.json'), `${JSON.stringify({ name: 'debt-lens-bench-peers', private: true, description: 'Peers of npm run bench (bench/peerFallow.ts); not a dependency' }, undefined, 2)}\n`);
  // Offline, npm's default retries take over a minute to give up; one retry, sooner, says so in ~15 s.
  const env = childEnv({ npm_config_fund: 'false', npm_config_audit: 'false', npm_config_update_notifier: 'false', npm_config_fetch_retries: '1', npm_config_fetch_retry_mintimeout: '2000', npm_config_fetch_retry_maxtimeout: '10000' });
  try {
    await runChild('npm', ['install', '--prefix', dir, '--no-save', '--no-package-lock', '--loglevel=error', `fallow@${FALLOW_VERSION}`], { cwd: dir, env, stdout: 'ignore', timeoutMs: INSTALL_TIMEOUT_MS });
    const version = (await runChild(bin, ['--version'], { cwd: dir, stdout: 'capture' })).stdout.split('\n')[0]?.trim() ?? '';
    if (version !== `fallow ${FALLOW_VERSION}`) {
      return { unavailable: `the installed fallow says "${version}", not fallow ${FALLOW_VERSION}` };
    }
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    const detail = error instanceof ChildFailedError ? npmProblem(error.stderr) || error.message : error instanceof Error ? error.message : String(error);
    return { unavailable: `npm install fallow@${FALLOW_VERSION} failed (offline?): ${detail}` };
  }
  writeFileSync(markerPath, `${JSON.stringify({ version: FALLOW_VERSION, installedAt: new Date().toISOString() } satisfies Marker, undefined, 2)}\n`);
  return { peer: { bin, version: FALLOW_VERSION, measuresRss } };
}

export interface FallowRun {
  readonly seconds: number;
  /** Peak RSS of fallow's process tree (the npm launcher and the native binary it runs), NaN without GNU time. */
  readonly peakMb: number;
  readonly stdout: string;
}

/**
 * Runs fallow's command in `repo`, timed from spawn to exit like the scans (the npm launcher's Node
 * start-up included, as in a user's `npx fallow`), under GNU time for the peak RSS: the kernel's
 * high-water mark of the largest process of the tree, the same figure as the scan's `maxRSS`.
 */
export async function runFallow(peer: FallowPeer, repo: string, rssFile: string, capture: boolean): Promise<FallowRun> {
  const command = peer.measuresRss ? GNU_TIME : peer.bin;
  const args = peer.measuresRss ? ['-f', '%M', '-o', rssFile, peer.bin, ...FALLOW_ARGS] : [...FALLOW_ARGS];
  const result = await runChild(command, args, { cwd: repo, stdout: capture ? 'capture' : 'ignore', env: childEnv(), okExitCodes: [0, 1] });
  let peakMb = Number.NaN;
  if (peer.measuresRss) {
    // On a non-zero exit GNU time writes "Command exited with non-zero status N" first.
    peakMb = Number(lastLine(readFileSync(rssFile, 'utf8'))) / 1024;
  }
  return { seconds: result.wallMs / 1000, peakMb, stdout: result.stdout };
}

/** What fallow's JSON says about the window it read: `hotspot_summary.since` and its clock. */
export function fallowWindow(stdout: string): { since: string; clock: string; clockEpoch: number | undefined; filesAnalyzed: number | undefined } {
  try {
    const summary = (JSON.parse(stdout) as { hotspot_summary?: { since?: string; files_analyzed?: number; clock?: { source?: string; epoch_secs?: number } } }).hotspot_summary;
    return { since: summary?.since ?? '?', clock: summary?.clock?.source ?? '?', clockEpoch: summary?.clock?.epoch_secs, filesAnalyzed: summary?.files_analyzed };
  } catch {
    return { since: '?', clock: '?', clockEpoch: undefined, filesAnalyzed: undefined };
  }
}

/**
 * fallow's cache folder in a repository. The bench removes it before every cold run and at the end;
 * one that was there before the bench is moved aside meanwhile and put back, so the repository is
 * left as it was found.
 */
export class FallowCache {
  private readonly folder: string;
  private readonly saved: string | undefined;

  constructor(repo: string, aside: string) {
    this.folder = path.join(repo, '.fallow');
    if (existsSync(this.folder)) {
      this.saved = aside;
      moveFolder(this.folder, aside);
    }
  }

  get existedBefore(): boolean {
    return this.saved !== undefined;
  }

  clear(): void {
    rmSync(this.folder, { recursive: true, force: true });
  }

  restore(): void {
    this.clear();
    if (this.saved !== undefined && existsSync(this.saved)) {
      moveFolder(this.saved, this.folder);
    }
  }
}

function moveFolder(from: string, to: string): void {
  try {
    renameSync(from, to);
  } catch {
    // Another file system (the temp folder on tmpfs): fall back to a copy.
    cpSync(from, to, { recursive: true, preserveTimestamps: true });
    rmSync(from, { recursive: true, force: true });
  }
}

async function hasGnuTime(): Promise<boolean> {
  try {
    const result = await runChild(GNU_TIME, ['--version'], { stdout: 'capture' });
    return /GNU/.test(result.stdout);
  } catch (error) {
    return error instanceof ChildFailedError && /GNU/.test(error.stderr);
  }
}

function readMarker(file: string): Marker | undefined {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as Marker;
  } catch {
    return undefined;
  }
}

/** The lines of npm's error that say what went wrong, not where its log is. */
function npmProblem(stderr: string): string {
  return stderr
    .split('\n')
    .filter((line) => line.startsWith('npm error') && !/complete log of this run|^npm error\s*$/.test(line))
    .slice(0, 3)
    .map((line) => line.replace(/^npm error\s*/, ''))
    .join('; ');
}

function lastLine(text: string): string {
  return text.trim().split('\n').pop()?.trim() ?? '';
}
