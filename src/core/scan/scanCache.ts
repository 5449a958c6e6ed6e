import { createHash, randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { FunctionChangeStats } from '../history/functionHistory';
import type { CommitRecord } from '../history/logParser';
import type { FileAnalysis } from '../metrics/analyzeFile';
import type { FunctionTuple } from '../metrics/functionTuple';
import type { BootstrapInterval } from '../cost/statistics';
import { fromFunctionTuple, toFunctionTuple } from '../metrics/functionTuple';
import { ensureDirectory } from '../ensureDirectory';
import { readRegularFile } from '../readRegularFile';
import { cacheProblem } from './cacheProblem';
import { compactJsonChunks } from '../compactJsonChunks';

/**
 * Bump when the cache's shape or any cached computation changes (metrics rules, log parsing): an
 * older cache is then discarded and rebuilt rather than trusted.
 */
export const CACHE_FORMAT_VERSION = 7;

export interface CachedHistory {
  /** The commit the history was read up to. */
  readonly head: string;
  /** Unix seconds: commits committed at or after this are all present. */
  readonly since: number;
  /** Identity of `.mailmap` at read time: author names are resolved by git while reading. */
  readonly mailmapKey: string;
  /** 'fast' histories were read without churn (`--name-status`); absent means 'full'. */
  readonly mode?: 'full' | 'fast';
  /** A shallow clone's boundary commits, sorted and comma-separated; absent for a full clone. */
  readonly boundary?: string;
  /** Read following only renames that kept the content (a partial clone); absent otherwise. */
  readonly exactRenames?: true;
  /** Paths whose blobs were missing, counted without churn; absent when none. */
  readonly unreadable?: readonly string[];
  /** Newest first. */
  readonly commits: readonly CommitRecord[];
}

export interface CachedFunctionHistory {
  /** What the result depends on: head, window and the file's blob; a different key means recompute. */
  readonly key: string;
  /** By qualified name; `commits` index the file's commits newest first, as its history lists them. */
  readonly functions: Readonly<Record<string, Readonly<FunctionChangeStats>>>;
}

export interface ScanCacheData {
  readonly version: number;
  readonly root: string;
  readonly history?: CachedHistory;
  /** By the analysed content's git blob id and script kind (`<blob>:<ts|tsx|js|jsx>`, see `sourceKey`). */
  readonly metrics: Readonly<Record<string, FileAnalysis>>;
  /** By today's path. */
  readonly xray: Readonly<Record<string, CachedFunctionHistory>>;
  /** The cost ratios' bootstrap intervals, by the digest of their inputs (see `IntervalMemo`); absent in older caches. */
  readonly intervals?: Readonly<Record<string, BootstrapInterval>>;
}

type StoredAnalysis = Omit<FileAnalysis, 'functions'> & { readonly functions: readonly FunctionTuple[] };

export type CacheLoadResult =
  | { readonly status: 'missing' }
  | { readonly status: 'discarded'; readonly reason: string }
  | { readonly status: 'loaded'; readonly data: ScanCacheData };

/** The cache file of one repository inside the cache folder (the user's cache dir or the editor's storage). */
export function cacheFileFor(cacheDir: string, root: string): string {
  const id = createHash('sha1').update(root).digest('hex').slice(0, 16);
  return path.join(cacheDir, `${path.basename(root).replace(/[^\w.-]/g, '_')}-${id}`, 'scan.json');
}

/**
 * Reads the cache. Anything unexpected (unreadable, not JSON, another format version, another
 * repository, wrong shapes, impossible values: see {@link cacheProblem}) is reported as `discarded`
 * so the scan rebuilds it: a cache is never trusted over recomputing. The temp files of killed cache
 * writes in its folder are removed on the way (see {@link removeStaleCacheTemps}): every scan that
 * uses the cache reads it, even a warm one that writes nothing.
 *
 * @param now milliseconds since the epoch, for the age of temp files.
 */
export async function loadScanCache(file: string, root: string, now: number = Date.now()): Promise<CacheLoadResult> {
  await removeStaleCacheTemps(file, now);
  let text: string;
  try {
    text = (await readRegularFile(file)).toString('utf8');
  } catch (error) {
    // ENOTDIR: a file where a folder of the path should be; there is no cache either way, and the
    // save says why it cannot write one (one warning, not two).
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') {
      return { status: 'missing' };
    }
    return { status: 'discarded', reason: `unreadable: ${(error as Error).message}` };
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return { status: 'discarded', reason: 'not valid JSON' };
  }
  const problem = cacheProblem(data, root, CACHE_FORMAT_VERSION);
  if (problem !== undefined) {
    return { status: 'discarded', reason: problem };
  }
  const stored = data as Omit<ScanCacheData, 'metrics'> & { metrics: Record<string, StoredAnalysis> };
  const metrics: Record<string, FileAnalysis> = {};
  for (const [key, analysis] of Object.entries(stored.metrics)) {
    metrics[key] = { ...analysis, functions: analysis.functions.map(fromFunctionTuple) };
  }
  return { status: 'loaded', data: { ...stored, metrics } };
}

/** A temp file older than this was left by a killed write: a live one is renamed within seconds. */
const STALE_TEMP_MS = 60_000;

/**
 * Removes from the cache file's folder the temp files {@link saveScanCache} names
 * (`scan.json.<12 hex>.tmp`) that are older than a minute: what a killed write leaves. Younger ones
 * may be another scan's, at work; no other file is touched. Best effort: a folder that cannot be
 * listed or a file that cannot be removed is left as it is.
 */
export async function removeStaleCacheTemps(file: string, now: number): Promise<void> {
  const dir = path.dirname(file);
  const prefix = `${path.basename(file)}.`;
  const isOurs = (name: string): boolean => name.startsWith(prefix) && /^[0-9a-f]{12}\.tmp$/.test(name.slice(prefix.length));
  let names: string[];
  try {
    names = await fs.readdir(dir);
  } catch {
    return;
  }
  await Promise.all(
    names
      .filter(isOurs)
      .map(async (name) => {
        const temp = path.join(dir, name);
        try {
          if (now - (await fs.lstat(temp)).mtimeMs > STALE_TEMP_MS) {
            await fs.unlink(temp);
          }
        } catch {
          // Removed by another scan meanwhile, or not ours to remove: leave it.
        }
      }),
  );
}

/** Writes the cache atomically (temp file in the same folder, then rename), so a reader never sees half a file. */
export async function saveScanCache(file: string, data: ScanCacheData): Promise<void> {
  await ensureDirectory(path.dirname(file));
  const temp = `${file}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    const metrics: Record<string, StoredAnalysis> = {};
    for (const [key, analysis] of Object.entries(data.metrics)) {
      metrics[key] = { ...analysis, functions: analysis.functions.map(toFunctionTuple) };
    }
    await writeChunked(temp, compactJsonChunks({ ...data, metrics }, 3));
    await fs.rename(temp, file);
  } catch (error) {
    await fs.rm(temp, { force: true });
    throw error;
  }
}

/** Writes `chunks` to a new file in batches of about a megabyte: the text is never whole in memory. */
async function writeChunked(file: string, chunks: Iterable<string>): Promise<void> {
  const handle = await fs.open(file, 'w');
  try {
    let batch = '';
    for (const chunk of chunks) {
      batch += chunk;
      if (batch.length >= 1 << 20) {
        await handle.writeFile(batch);
        batch = '';
      }
    }
    await handle.writeFile(batch);
  } finally {
    await handle.close();
  }
}
