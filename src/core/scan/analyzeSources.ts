import { forEachConcurrently } from '../forEachConcurrently';
import { throwIfAborted } from '../history/gitProcess';
import type { FileAnalysis } from '../metrics/analyzeFile';
import type { ParsePool, PooledAnalysis } from './parsePool';
import type { SourceFile } from './workingTree';

/**
 * Files in flight at once: deep enough that a worker never waits for this thread (busy with git's
 * output), shallow enough that cancelling stops promptly.
 */
const PARSE_CONCURRENCY = 64;

/** Analyses by source key, and how many came from the cache. */
export type AnalysisMap = Map<string, PooledAnalysis> & { reused: number; reusedAll: boolean };

/**
 * The metrics of every source file: the cache's analysis when it holds the file's key, else parsed
 * on the pool (each distinct content once).
 */
export async function analyzeSources(
  root: string,
  sources: ReadonlyMap<string, SourceFile>,
  cachedMetrics: Readonly<Record<string, FileAnalysis>>,
  pool: () => ParsePool,
  maxFileBytes: number,
  signal: AbortSignal | undefined,
  onProgress?: (done: number, total: number) => void,
): Promise<AnalysisMap> {
  const analyses = new Map() as AnalysisMap;
  const pending: SourceFile[] = [];
  const queued = new Set<string>();
  let reused = 0;
  for (const source of sources.values()) {
    const hit = Object.prototype.hasOwnProperty.call(cachedMetrics, source.key) ? cachedMetrics[source.key] : undefined;
    if (hit) {
      analyses.set(source.key, hit);
      reused++;
    } else if (!queued.has(source.key)) {
      queued.add(source.key);
      pending.push(source);
    }
  }
  analyses.reused = reused;
  analyses.reusedAll = pending.length === 0;
  if (pending.length === 0) {
    return analyses;
  }
  onProgress?.(0, pending.length);
  let done = 0;
  let lastReport = 0;
  await forEachConcurrently(pending, PARSE_CONCURRENCY, async (source) => {
    throwIfAborted(signal);
    analyses.set(source.key, await pool().analyze(root, source.tracked.path, maxFileBytes));
    done++;
    if (Date.now() - lastReport >= 50) {
      lastReport = Date.now();
      onProgress?.(done, pending.length);
    }
  });
  throwIfAborted(signal);
  onProgress?.(pending.length, pending.length);
  return analyses;
}
