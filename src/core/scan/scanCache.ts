import { createHash, randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { CommitRecord } from '../history/logParser';
import type { FileAnalysis } from '../metrics/analyzeFile';
import type { FunctionTuple } from '../metrics/functionTuple';
import { fromFunctionTuple, toFunctionTuple } from '../metrics/functionTuple';

/**
 * Bump when the cache's shape or any cached computation changes (metrics rules, log parsing): an
 * older cache is then discarded and rebuilt rather than trusted.
 */
export const CACHE_FORMAT_VERSION = 6;

export interface CachedHistory {
  /** The commit the history was read up to. */
  readonly head: string;
  /** Unix seconds: commits committed at or after this are all present. */
  readonly since: number;
  /** Identity of `.mailmap` at read time: author names are resolved by git while reading. */
  readonly mailmapKey: string;
  /** 'fast' histories were read without churn (`--name-status`); absent means 'full'. */
  readonly mode?: 'full' | 'fast';
  /** Newest first. */
  readonly commits: readonly CommitRecord[];
}

export interface CachedFunctionHistory {
  /** What the result depends on: head, window and the file's blob; a different key means recompute. */
  readonly key: string;
  readonly functions: Readonly<Record<string, { readonly revisions: number; readonly churn: number }>>;
}

export interface ScanCacheData {
  readonly version: number;
  readonly root: string;
  readonly history?: CachedHistory;
  /** By the analysed content's git blob id and script kind (`<blob>:<ts|tsx|js|jsx>`, see `sourceKey`). */
  readonly metrics: Readonly<Record<string, FileAnalysis>>;
  /** By today's path. */
  readonly xray: Readonly<Record<string, CachedFunctionHistory>>;
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
 * repository, wrong shapes) is reported as `discarded` so the scan rebuilds it: a cache is never
 * trusted over recomputing.
 */
export async function loadScanCache(file: string, root: string): Promise<CacheLoadResult> {
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
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
  const problem = shapeProblem(data, root);
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

/** Writes the cache atomically (temp file in the same folder, then rename), so a reader never sees half a file. */
export async function saveScanCache(file: string, data: ScanCacheData): Promise<void> {
  await fs.mkdir(path.dirname(file), { recursive: true });
  const temp = `${file}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    const metrics: Record<string, StoredAnalysis> = {};
    for (const [key, analysis] of Object.entries(data.metrics)) {
      metrics[key] = { ...analysis, functions: analysis.functions.map(toFunctionTuple) };
    }
    await fs.writeFile(temp, JSON.stringify({ ...data, metrics }));
    await fs.rename(temp, file);
  } catch (error) {
    await fs.rm(temp, { force: true });
    throw error;
  }
}

function shapeProblem(data: unknown, root: string): string | undefined {
  if (!isRecord(data)) {
    return 'not an object';
  }
  if (data.version !== CACHE_FORMAT_VERSION) {
    return `format ${String(data.version)} is not ${CACHE_FORMAT_VERSION}`;
  }
  if (data.root !== root) {
    return 'written for another repository';
  }
  if (!isRecord(data.metrics) || !isRecord(data.xray)) {
    return 'missing sections';
  }
  for (const analysis of Object.values(data.metrics)) {
    if (!isRecord(analysis) || typeof analysis.cognitive !== 'number' || !Array.isArray(analysis.functions) || !Array.isArray(analysis.specifiers)) {
      return 'malformed metrics entry';
    }
    for (const fn of analysis.functions as unknown[]) {
      if (!Array.isArray(fn) || fn.length !== 9 || typeof fn[0] !== 'string' || typeof fn[2] !== 'number') {
        return 'malformed function entry';
      }
    }
  }
  for (const entry of Object.values(data.xray)) {
    if (!isRecord(entry) || typeof entry.key !== 'string' || !isRecord(entry.functions)) {
      return 'malformed X-Ray entry';
    }
  }
  if (data.history !== undefined) {
    const history = data.history;
    if (!isRecord(history) || typeof history.head !== 'string' || typeof history.since !== 'number' || typeof history.mailmapKey !== 'string' || !Array.isArray(history.commits)) {
      return 'malformed history';
    }
    for (const commit of history.commits as unknown[]) {
      if (!isRecord(commit) || typeof commit.hash !== 'string' || !Array.isArray(commit.files)) {
        return 'malformed commit';
      }
    }
  }
  return undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
