import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { gitOutput, runChild } from './processes';
import { DAY, writeHistory } from './syntheticHistory';

/**
 * The large synthetic repository the benchmark scans when it is given none: ~2,000 TS/JS files and
 * ~10,000 non-merge commits over 24 months, written with one `git fast-import` stream
 * (syntheticHistory.ts), and the cache of it under `.cache/bench`.
 *
 * Content is deterministic for a seed; commit dates are laid out backwards from an anchor day (the
 * day it was generated), so a 12-month window always covers about half of the history. The cache is
 * reused until the anchor is older than {@link MAX_AGE_DAYS}, after which the window would start to
 * lose commits and the figures would drift.
 */

/** Bump when the generator changes, so old caches are not mistaken for the new shape. */
const VERSION = 'synthetic-v1';
const SEED = 0x5eed_2024;
const MAX_AGE_DAYS = 30;
const MARKER = 'complete.json';

export interface SyntheticRepoInfo {
  /** The work tree. */
  readonly path: string;
  /** ISO date of the day the history ends. */
  readonly anchor: string;
  readonly nonMergeCommits: number;
  readonly mergeCommits: number;
  readonly trackedFiles: number;
  readonly generationSeconds: number;
  readonly reused: boolean;
}

interface Marker {
  readonly version: string;
  readonly seed: number;
  readonly anchorEpoch: number;
  readonly nonMergeCommits: number;
  readonly mergeCommits: number;
  readonly trackedFiles: number;
  readonly generationSeconds: number;
}

/**
 * Returns the synthetic repository under `<projectRoot>/.cache/bench/synthetic-v1/repo`, generating
 * it first when there is no complete one (the marker file is written last) or it is too old.
 */
export async function ensureSyntheticRepo(projectRoot: string, options: { readonly regenerate: boolean; readonly log: (line: string) => void }): Promise<SyntheticRepoInfo> {
  const folder = path.join(projectRoot, '.cache', 'bench', VERSION);
  const repo = path.join(folder, 'repo');
  const markerPath = path.join(folder, MARKER);
  const now = Math.floor(Date.now() / 1000);
  const marker = readMarker(markerPath);
  if (!options.regenerate && marker !== undefined && now - marker.anchorEpoch < MAX_AGE_DAYS * DAY && existsSync(path.join(repo, '.git'))) {
    return { path: repo, anchor: isoDay(marker.anchorEpoch), nonMergeCommits: marker.nonMergeCommits, mergeCommits: marker.mergeCommits, trackedFiles: marker.trackedFiles, generationSeconds: marker.generationSeconds, reused: true };
  }
  if (marker !== undefined && !options.regenerate) {
    options.log(`synthetic repo: the cached one ends ${isoDay(marker.anchorEpoch)}, more than ${MAX_AGE_DAYS} days ago; regenerating`);
  }

  const started = performance.now();
  rmSync(folder, { recursive: true, force: true });
  mkdirSync(repo, { recursive: true });
  await runChild('git', ['init', '-q', '-b', 'main', repo], { stdout: 'ignore' });
  await runChild('git', ['config', 'gc.auto', '0'], { cwd: repo, stdout: 'ignore' });
  const anchorEpoch = Math.floor(now / DAY) * DAY;
  const counts = await writeHistory(repo, SEED, anchorEpoch, options.log);
  // fast-import stores most blobs whole (it only deltas against the previous blob, another file);
  // a cloned repository is delta-compressed, and git log reads such a pack differently.
  options.log('synthetic repo: repacking with deltas, as a clone would be');
  await runChild('git', ['repack', '-a', '-d', '-f', '-q'], { cwd: repo, stdout: 'ignore' });
  options.log('synthetic repo: checking out the work tree');
  await runChild('git', ['reset', '-q', '--hard', 'main'], { cwd: repo, stdout: 'ignore' });
  const trackedFiles = (await gitOutput(repo, ['ls-files', '-z'])).split('\0').filter((name) => name !== '').length;
  const generationSeconds = Math.round((performance.now() - started) / 100) / 10;
  const result: Marker = { version: VERSION, seed: SEED, anchorEpoch, ...counts, trackedFiles, generationSeconds };
  writeFileSync(markerPath, `${JSON.stringify(result, undefined, 2)}\n`);
  return { path: repo, anchor: isoDay(anchorEpoch), ...counts, trackedFiles, generationSeconds, reused: false };
}

function readMarker(file: string): Marker | undefined {
  try {
    const marker = JSON.parse(readFileSync(file, 'utf8')) as Partial<Marker>;
    return marker.version === VERSION && marker.seed === SEED && typeof marker.anchorEpoch === 'number' ? (marker as Marker) : undefined;
  } catch {
    return undefined;
  }
}

function isoDay(epochSeconds: number): string {
  return new Date(epochSeconds * 1000).toISOString().slice(0, 10);
}
