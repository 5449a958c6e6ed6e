import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { GitOptions } from '../history/gitProcess';
import { CancelledError, runGit } from '../history/gitProcess';
import { countCommits, readAvailableHistory } from '../history/gitLog';
import type { CommitRecord } from '../history/logParser';
import type { CachedHistory } from './scanCache';
import { gitBlobId } from './workingTree';

/** What {@link loadHistory} reads the history of. */
export interface HistoryRequest {
  readonly git: GitOptions;
  readonly head: string;
  readonly since: Date;
  readonly until: Date;
  /** {@link readMailmapKey}'s answer: a cached history is reused only under the same `.mailmap`. */
  readonly mailmapKey: string;
  readonly cached: CachedHistory | undefined;
  /** Read added and deleted lines (see `ScanOptions.churn`). */
  readonly churn: boolean;
  /** A shallow clone's boundary commits: history starts after them (see `HistoryQuery.boundary`). */
  readonly boundary: readonly string[];
  /** Follow only renames that kept the content, reading no blob (a partial clone; see `HistoryQuery.exactRenames`). */
  readonly exactRenames: boolean;
  /** Commits read so far of the total, when the window is read afresh. */
  readonly onProgress?: (done: number, total: number) => void;
  readonly log: (message: string) => void;
}

export interface LoadedHistory {
  /** What the cache keeps: every commit read, possibly more than the window. */
  readonly history: CachedHistory;
  /** The commits in the window, newest first. */
  readonly commits: readonly CommitRecord[];
  readonly reused: boolean;
  /** The cached history was used as it was: same head, nothing to add. */
  readonly unchanged: boolean;
  /** Paths whose blobs the object store lacks: their changes are counted without churn. Sorted. */
  readonly unreadablePaths: readonly string[];
}

/**
 * History over [since, until]. A cached log is extended from its head when HEAD descends from it,
 * covers the window's start, and `.mailmap` is unchanged; otherwise the window is read afresh.
 */
export async function loadHistory(request: HistoryRequest): Promise<LoadedHistory> {
  const { git, head, since, until, mailmapKey, cached, boundary, exactRenames } = request;
  const sinceSeconds = Math.floor(since.getTime() / 1000);
  const untilSeconds = Math.floor(until.getTime() / 1000);
  const mode = request.churn ? 'full' : 'fast';
  const boundaryKey = [...boundary].sort().join(',');
  const inWindow = (commit: CommitRecord): boolean => commit.commitTime >= sinceSeconds && commit.commitTime <= untilSeconds;
  // A history read with churn serves a scan without; not the other way round. Likewise one that
  // followed every rename serves one that follows only exact renames.
  const modeFits = (cached?.mode ?? 'full') === 'full' || mode === 'fast';
  const renamesFit = cached?.exactRenames !== true || exactRenames;
  // A deepened or unshallowed clone has history the cache never saw below its old boundary.
  const boundaryFits = (cached?.boundary ?? '') === boundaryKey;
  if (cached && modeFits && renamesFit && boundaryFits && cached.since <= sinceSeconds && cached.mailmapKey === mailmapKey && (await isAncestor(git, cached.head, head))) {
    const fresh =
      cached.head === head
        ? { commits: [], unreadablePaths: [] }
        : await readAvailableHistory({ ...git, since, mode: cached.mode ?? 'full', boundary, exactRenames: cached.exactRenames === true, range: { from: cached.head, to: head } });
    if (fresh.commits.length > 0) {
      request.log(`history: ${fresh.commits.length} new commit(s) since the cached ${cached.head.slice(0, 8)}`);
    }
    const all = [...fresh.commits, ...cached.commits.filter((commit) => commit.commitTime >= sinceSeconds)];
    const unreadablePaths = [...new Set([...(cached.unreadable ?? []), ...fresh.unreadablePaths])].sort();
    const kept = cachedHistory({ head, since: sinceSeconds, mailmapKey, mode: cached.mode ?? 'full', commits: all }, boundaryKey, cached.exactRenames === true, unreadablePaths);
    // A scan without churn reports the same whatever its cache held: churn read earlier is not used.
    const used = mode === 'fast' && kept.mode === 'full' ? all.map(withoutChurn) : all;
    return { history: kept, commits: used.filter(inWindow), reused: true, unchanged: fresh.commits.length === 0 && cached.head === head, unreadablePaths };
  }
  const total = await countCommits(git, since, undefined, boundary);
  request.onProgress?.(0, total);
  const { commits, unreadablePaths } = await readAvailableHistory({
    ...git,
    since,
    mode,
    boundary,
    exactRenames,
    onProgress: (done: number) => request.onProgress?.(done, total),
  });
  request.onProgress?.(total, total);
  return {
    history: cachedHistory({ head, since: sinceSeconds, mailmapKey, mode, commits }, boundaryKey, exactRenames, unreadablePaths),
    commits: commits.filter(inWindow),
    reused: false,
    unchanged: false,
    unreadablePaths,
  };
}

/** The history as the cache keeps it; the optional facts only where they hold, to keep the file small. */
function cachedHistory(base: CachedHistory, boundaryKey: string, exactRenames: boolean, unreadable: readonly string[]): CachedHistory {
  return {
    ...base,
    ...(boundaryKey === '' ? {} : { boundary: boundaryKey }),
    ...(exactRenames ? { exactRenames: true as const } : {}),
    ...(unreadable.length === 0 ? {} : { unreadable }),
  };
}

/** Identity of the repository's `.mailmap` (its blob id, or `none`): git resolves author names with it while reading. */
export async function readMailmapKey(root: string): Promise<string> {
  try {
    return gitBlobId(await fs.readFile(path.join(root, '.mailmap')));
  } catch {
    return 'none';
  }
}

function withoutChurn(commit: CommitRecord): CommitRecord {
  return { ...commit, files: commit.files.map((file) => ({ ...file, added: null, deleted: null })) };
}

async function isAncestor(git: GitOptions, ancestor: string, head: string): Promise<boolean> {
  if (ancestor === head) {
    return true;
  }
  // Not `merge-base --is-ancestor`: it answers by exit code alone, and simple-git takes a non-zero
  // exit with an empty stderr as success.
  try {
    return (await runGit(git, ['merge-base', ancestor, head])).trim() === ancestor;
  } catch (error) {
    if (error instanceof CancelledError) {
      throw error;
    }
    return false;
  }
}
