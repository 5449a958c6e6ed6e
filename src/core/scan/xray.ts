import { createHash } from 'node:crypto';
import type { FileHistory, HistorySummary } from '../history/fileHistory';
import type { FunctionChangeStats } from '../history/functionHistory';
import { readFilePatches } from '../history/gitLog';
import type { GitOptions } from '../history/gitProcess';
import type { FilePatch } from '../history/patchParser';
import type { TrackedFile } from '../history/repositoryInfo';
import type { ExclusionReason } from '../hotspots/pathFilter';
import { isSourcePath } from '../metrics/sourcePaths';
import { zip } from '../zip';
import type { ParsePool } from './parsePool';
import type { FileRow } from './rankFiles';
import type { CachedFunctionHistory } from './scanCache';
import { readHeadText } from './workingTree';

/** What both halves of X-Ray (the early patch read and the replays) work against. */
export interface XrayContext {
  readonly git: GitOptions;
  readonly head: string;
  readonly since: Date;
  /** A shallow clone's boundary commits, left out of the patch walk as from the history pass. */
  readonly boundary: readonly string[];
  /** The cache's X-Ray results, by today's path. */
  readonly cached: Readonly<Record<string, CachedFunctionHistory>>;
}

/** A file's patches and HEAD text, read before ranking, and the X-Ray key they were read for. */
export interface PrefetchedXray {
  readonly key: string;
  readonly patches: readonly FilePatch[];
  readonly headText: string;
}

export interface XrayResult {
  /** Function-level history by path, then by qualified function name. */
  readonly results: Map<string, Map<string, FunctionChangeStats>>;
  /** What the cache keeps for the next scan: every X-Rayed file's result, reused or new. */
  readonly cache: Record<string, CachedFunctionHistory>;
  /** Every result came from the cache. */
  readonly reusedAll: boolean;
}

/** A file to replay: its row and history, the key its result is cached under, and what is replayed. */
interface XrayTarget {
  readonly row: FileRow;
  readonly history: FileHistory;
  readonly key: string;
  readonly input: Omit<PrefetchedXray, 'key'>;
}

/** The top `top` ranked files with a score, by rank then path, and the requested files among the rest. */
export function pickXrayTargets(ranked: readonly FileRow[], top: number, requested: readonly string[]): FileRow[] {
  const byRank = ranked
    .filter((row) => (row.score ?? 0) > 0)
    .sort((a, b) => (a.rank ?? 0) - (b.rank ?? 0) || a.path.localeCompare(b.path))
    .slice(0, Math.max(0, top));
  const wanted = new Set(requested);
  const extra = ranked.filter((row) => wanted.has(row.path) && !byRank.includes(row));
  return [...byRank, ...extra];
}

/**
 * Reads, while files are still being parsed, the patches of the files likely to be X-Rayed, so that
 * git walks the history on the core the parser leaves idle. Ranking needs every file's complexity,
 * but revisions × size picks nearly the same top files; the X-Ray count plus a quarter are fetched,
 * and a top file missed here is read after ranking. (Replaying them early on this thread as well was
 * measured slower and 60 MB heavier: it starves the parser of work.)
 */
export async function prefetchXray(
  context: XrayContext,
  summary: HistorySummary,
  tracked: readonly TrackedFile[],
  pathFilter: (path: string) => ExclusionReason | undefined,
  xrayTop: number,
  dirty: ReadonlySet<string>,
): Promise<Map<string, PrefetchedXray>> {
  const { git, head, since, boundary } = context;
  const prefetched = new Map<string, PrefetchedXray>();
  const candidates = tracked
    .flatMap((file) => {
      const history = summary.files.get(file.path);
      return history && history.revisions > 0 && file.symlink !== true && isSourcePath(file.path) && pathFilter(file.path) === undefined ? [{ file, history, key: xrayKey(head, file.blob, history) }] : [];
    })
    .filter(({ file, key }) => context.cached[file.path]?.key !== key)
    .sort((a, b) => b.history.revisions * b.file.size - a.history.revisions * a.file.size || a.file.path.localeCompare(b.file.path))
    .slice(0, xrayTop + Math.ceil(xrayTop / 4));
  if (candidates.length === 0) {
    return prefetched;
  }
  const [patches, headTexts] = await Promise.all([
    readFilePatches(git, candidates.map(({ history }) => ({ historicalPaths: history.historicalPaths, commits: history.pathByCommit })), since, boundary),
    Promise.all(candidates.map(({ file }) => readHeadText(git, head, file.path, dirty.has(file.path)))),
  ]);
  for (const [[{ file, key }, filePatches], headText] of zip(zip(candidates, patches), headTexts)) {
    prefetched.set(file.path, { key, patches: filePatches, headText });
  }
  return prefetched;
}

/**
 * Function-level history of the targets: from the cache when their key is unchanged, else replayed
 * on the pool from the prefetched patches, or from patches read now for the files the prefetch missed.
 */
export async function runXray(
  context: XrayContext,
  targets: readonly FileRow[],
  pool: () => ParsePool,
  prefetched: ReadonlyMap<string, PrefetchedXray>,
  onProgress?: (done: number, total: number) => void,
): Promise<XrayResult> {
  const { git, head, since, boundary } = context;
  const results = new Map<string, Map<string, FunctionChangeStats>>();
  const cache: Record<string, CachedFunctionHistory> = {};
  const ready: XrayTarget[] = [];
  const misses: Omit<XrayTarget, 'input'>[] = [];
  for (const row of targets) {
    const history = row.history;
    if (!history || history.revisions === 0) {
      continue;
    }
    const key = xrayKey(head, row.blob, history);
    const hit = context.cached[row.path];
    const early = prefetched.get(row.path);
    if (hit && hit.key === key) {
      results.set(row.path, new Map(Object.entries(hit.functions).map(([name, value]) => [name, { ...value }])));
      cache[row.path] = hit;
    } else if (early && early.key === key) {
      ready.push({ row, history, key, input: early });
    } else {
      misses.push({ row, history, key });
    }
  }
  const total = ready.length + misses.length;
  if (total === 0) {
    return { results, cache, reusedAll: true };
  }
  onProgress?.(0, total);
  let done = 0;
  const replay = async ({ row, history, key, input }: XrayTarget): Promise<void> => {
    const stats = await pool().replay(input.patches, input.headText, history.pathByCommit);
    results.set(row.path, stats);
    cache[row.path] = { key, functions: Object.fromEntries(stats) };
    onProgress?.(++done, total);
  };
  // Files missed by the prefetch are read from git while the prefetched ones are replayed.
  const fetched = misses.length === 0
    ? Promise.resolve(undefined)
    : Promise.all([
        readFilePatches(git, misses.map(({ history }) => ({ historicalPaths: history.historicalPaths, commits: history.pathByCommit })), since, boundary),
        Promise.all(misses.map(({ row }) => readHeadText(git, head, row.path, row.edited))),
      ]);
  fetched.catch(() => undefined);
  await Promise.all(ready.map(replay));
  const fresh = await fetched;
  if (fresh) {
    const [patches, headTexts] = fresh;
    await Promise.all(zip(zip(misses, patches), headTexts).map(([[miss, filePatches], headText]) => replay({ ...miss, input: { patches: filePatches, headText } })));
  }
  return { results, cache, reusedAll: false };
}

/** What an X-Ray result depends on: HEAD, the file's blob there, and exactly which commits count (not the window's bounds, which move with the clock). */
function xrayKey(head: string, blob: string, history: FileHistory): string {
  return createHash('sha1').update(`${head}|${blob}|${[...history.pathByCommit].join(',')}`).digest('hex');
}
