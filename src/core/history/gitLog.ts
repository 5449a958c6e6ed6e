import type { GitOptions } from './gitProcess';
import { GitCommandError, RecordSplitter, runGit, runGitWithInput, streamGit, throwIfAborted } from './gitProcess';
import type { CommitRecord, FileChange } from './logParser';
import { LOG_FORMAT, LogParser } from './logParser';
import type { FilePatch } from './patchParser';
import { PATCH_LOG_FORMAT, PatchParser } from './patchParser';

/**
 * `fast` reads which files each commit changed (`--name-status`), `full` also reads line churn
 * (`--raw --numstat`). Both detect renames the same way and yield the same commits and files; only
 * `added`/`deleted` differ (`null` in the fast pass). The fast pass skips content diffs except for
 * rename detection: 4× faster on expressjs/express (5,700 commits: 0.2 s against 0.8 s), and the gap
 * grows with file size.
 */
export type HistoryMode = 'fast' | 'full';

/** A span of history for extending a cache: commits reachable from `to` and not from `from`. */
export interface HistoryRange {
  /** Exclusive: a commit id already read (e.g. the cached head). */
  readonly from: string;
  readonly to: string;
}

export interface HistoryQuery {
  readonly mode: HistoryMode;
  /** Inclusive lower bound on the committer date. */
  readonly since?: Date;
  /** Inclusive upper bound on the committer date. */
  readonly until?: Date;
  /** Defaults to everything reachable from HEAD. */
  readonly range?: HistoryRange;
  /**
   * A shallow clone's boundary commits (`.git/shallow`), left out as `^<id>`: their parents are
   * missing, so git would diff them against nothing and count the whole tree as added. History then
   * starts after them, as it starts after the root commit's parent in a full clone.
   */
  readonly boundary?: readonly string[];
  /** Paths left out of the walk (`:(exclude)`), e.g. those whose blobs the object store lacks. */
  readonly excludePaths?: readonly string[];
  /**
   * Follow only renames that kept the content (`-M100%`): git finds them by blob id, without reading
   * a blob, where `-M` reads both sides of every candidate (and a partial clone fetches them).
   */
  readonly exactRenames?: boolean;
}

export interface ReadHistoryOptions extends GitOptions, HistoryQuery {
  /** Called with the number of commits read so far, at most once per {@link PROGRESS_STEP} commits and once at the end. */
  readonly onProgress?: (commitsSoFar: number) => void;
}

/**
 * `log.showRoot`: the root commit lists the files it added; `diff.relative=false`: paths are always
 * relative to the top folder and no file is hidden when git runs in a subfolder.
 */
const LOG_CONFIG = ['-c', 'log.showRoot=true', '-c', 'diff.relative=false'] as const;

/** How many commits pass between two progress reports. */
export const PROGRESS_STEP = 100;

/**
 * The arguments of the one `git log` that {@link readHistory} runs; exported so tests can feed the
 * very same output to the parser.
 *
 * - `--no-merges`: a merge's diff repeats its branch's changes; the branch's own commits are counted.
 * - `-M`: renames are detected whatever the user's `diff.renames` says; copies are not looked for.
 * - `--date-order`: newest first, and never a parent before its children even under clock skew,
 *   which following renames from the newest commit backwards relies on.
 * - `--no-textconv --no-ext-diff`: churn counts the committed bytes, not a user's conversion of them.
 * - `--diff-algorithm=myers`: git's default, pinned so a user's `diff.algorithm` does not change churn
 *   between machines (the editor and CI must agree).
 * - {@link LOG_CONFIG}: the root commit's files, paths from the top folder.
 */
export function historyLogArguments(query: HistoryQuery): string[] {
  const args = [
    ...LOG_CONFIG,
    'log',
    '--no-merges',
    query.exactRenames === true ? '-M100%' : '-M',
    '--date-order',
    '--no-textconv',
    '--no-ext-diff',
    '--no-color',
    `--format=${LOG_FORMAT}`,
    '-z',
    ...(query.mode === 'full' ? ['--raw', '--numstat', '--diff-algorithm=myers'] : ['--name-status']),
    ...windowArguments(query.since, query.until),
    ...pathArguments(query),
  ];
  return args;
}

/**
 * The revisions and paths of a walk. With paths excluded, `--full-history`: git's default history
 * simplification would otherwise hide side branches whose merge matches one parent in those paths.
 */
function pathArguments(query: Pick<HistoryQuery, 'range' | 'boundary' | 'excludePaths'>): string[] {
  const excluded = query.excludePaths ?? [];
  return [
    ...(excluded.length > 0 ? ['--full-history'] : []),
    '--end-of-options',
    ...(query.range === undefined ? ['HEAD'] : [`${query.range.from}..${query.range.to}`]),
    ...(query.boundary ?? []).map((commit) => `^${commit}`),
    '--',
    ...excluded.map((path) => `:(exclude,literal)${path}`),
  ];
}

/**
 * Reads the non-merge commits reachable from HEAD (or in `range`) within the window, newest first,
 * streaming git's output through {@link LogParser} so the raw log is never held whole.
 *
 * @throws EmptyRepositoryError, NotAGitRepositoryError, GitNotFoundError, GitCommandError from gitProcess;
 *   CancelledError when `signal` aborts.
 */
export async function readHistory(options: ReadHistoryOptions): Promise<CommitRecord[]> {
  const commits: CommitRecord[] = [];
  const { signal, onProgress } = options;
  const parser = new LogParser((commit) => {
    // Checked per commit, not per chunk: one chunk can hold hundreds of commits.
    throwIfAborted(signal);
    commits.push(commit);
    if (onProgress !== undefined && commits.length % PROGRESS_STEP === 0) {
      onProgress(commits.length);
    }
  });
  await streamGit(options, historyLogArguments(options), (chunk) => parser.push(chunk));
  parser.end();
  throwIfAborted(signal);
  onProgress?.(commits.length);
  return commits;
}

/** What {@link readAvailableHistory} read. */
export interface AvailableHistory {
  /** As {@link readHistory} returns them. */
  readonly commits: CommitRecord[];
  /**
   * Paths with a change in the window whose blob the object store lacks (a mirror left it out, a
   * damaged clone): their changes are listed, without churn and without rename detection. Sorted.
   */
  readonly unreadablePaths: readonly string[];
}

/**
 * {@link readHistory}, degrading instead of failing when blobs are missing: git needs both blobs of a
 * change to count its lines or detect a rename, and dies at the first one it cannot read. On a
 * failure, the window is listed again without reading any blob (`--raw --no-renames`), the blobs it
 * names are looked up (`git cat-file --batch-check`), and when some are missing the history is read
 * once more without their paths, which are then added back from the listing with null churn. A
 * healthy repository pays nothing: all of this runs only after git has failed.
 *
 * @throws what {@link readHistory} throws when no blob is missing (the failure was something else).
 */
export async function readAvailableHistory(options: ReadHistoryOptions): Promise<AvailableHistory> {
  try {
    return { commits: await readHistory(options), unreadablePaths: [] };
  } catch (error) {
    if (!(error instanceof GitCommandError)) {
      throw error;
    }
    let listing: Awaited<ReturnType<typeof readBloblessListing>>;
    let missing: string[];
    try {
      listing = await readBloblessListing(options);
      missing = await findMissingObjects(options, [...listing.pathsByBlob.keys()]);
    } catch (diagnosis) {
      // Worse than blobs (a missing commit or tree): git's first reason is the one to tell.
      throw diagnosis instanceof GitCommandError ? error : diagnosis;
    }
    if (missing.length === 0) {
      throw error;
    }
    const unreadablePaths = [...new Set(missing.flatMap((blob) => listing.pathsByBlob.get(blob) ?? []))].sort();
    const readable = await readHistory({ ...options, excludePaths: [...(options.excludePaths ?? []), ...unreadablePaths] });
    return { commits: mergeListing(listing.commits, readable, new Set(unreadablePaths)), unreadablePaths };
  }
}

/**
 * Every commit of the listing, in its order (the one {@link readHistory} gives without paths excluded):
 * the changes read with the paths excluded, then the listing's changes to those paths. A commit that
 * changed only those paths, or nothing, is the listing's own.
 */
function mergeListing(listing: readonly CommitRecord[], readable: readonly CommitRecord[], excluded: ReadonlySet<string>): CommitRecord[] {
  const byHash = new Map(readable.map((commit) => [commit.hash, commit]));
  return listing.map((listed) => {
    const extra = listed.files.filter((change) => excluded.has(change.path));
    const read = byHash.get(listed.hash);
    return { ...(read ?? listed), files: [...(read?.files ?? []), ...extra] };
  });
}

/** The window's commits with their changes, read without opening a blob, and which paths each blob id was seen at. */
async function readBloblessListing(options: ReadHistoryOptions): Promise<{ commits: CommitRecord[]; pathsByBlob: Map<string, string[]> }> {
  const commits: CommitRecord[] = [];
  const pathsByBlob = new Map<string, string[]>();
  const note = (blob: string, mode: string, path: string): void => {
    // Submodule entries name commits of another repository; all zeros is "no blob on this side".
    if (mode !== GITLINK_MODE && !/^0+$/.test(blob)) {
      const paths = pathsByBlob.get(blob);
      if (paths === undefined) {
        pathsByBlob.set(blob, [path]);
      } else if (!paths.includes(path)) {
        paths.push(path);
      }
    }
  };
  const parser = new LogParser(
    (commit) => {
      throwIfAborted(options.signal);
      commits.push(commit);
    },
    (change: FileChange, raw) => {
      note(raw.oldBlob, raw.oldMode, change.oldPath ?? change.path);
      note(raw.newBlob, raw.newMode, change.path);
    },
  );
  const args = [
    ...LOG_CONFIG,
    'log',
    '--no-merges',
    '--no-renames',
    '--date-order',
    '--no-color',
    `--format=${LOG_FORMAT}`,
    '-z',
    '--raw',
    '--no-abbrev',
    ...windowArguments(options.since, options.until),
    ...pathArguments(options),
  ];
  await streamGit(options, args, (chunk) => parser.push(chunk));
  parser.end();
  return { commits, pathsByBlob };
}

const GITLINK_MODE = '160000';

/** Which of `ids` the object store does not have, in one `git cat-file --batch-check`. */
async function findMissingObjects(git: GitOptions, ids: readonly string[]): Promise<string[]> {
  if (ids.length === 0) {
    return [];
  }
  const output = await runGitWithInput(git, ['cat-file', '--batch-check'], `${ids.join('\n')}\n`);
  return output.split('\n').flatMap((line) => (line.endsWith(' missing') ? [line.slice(0, -' missing'.length)] : []));
}

/**
 * The number of commits {@link readHistory} will return for the same window (non-merge, reachable
 * from HEAD), cheaply, for progress totals.
 *
 * @param git the folder, or the folder with signal and binary.
 */
export async function countCommits(git: string | GitOptions, since?: Date, until?: Date, boundary: readonly string[] = []): Promise<number> {
  const options = typeof git === 'string' ? { cwd: git } : git;
  const output = await runGit(options, ['rev-list', '--count', '--no-merges', ...windowArguments(since, until), ...pathArguments({ boundary })]);
  return Number(output.trim());
}

/**
 * The messages of the non-merge commits reachable from HEAD since `since`, newest first: what project
 * keys are discovered from when no full history pass runs (the `debt` commands). Streamed, with no
 * diff: cheap even on a large repository.
 */
export async function readCommitMessages(git: GitOptions, since: Date): Promise<string[]> {
  const messages: string[] = [];
  const splitter = new RecordSplitter(0, (record) => messages.push(record.replace(/^\n/, '')));
  await streamGit(git, ['log', '--no-merges', '--format=%B%x00', ...windowArguments(since, undefined), 'HEAD', '--'], (chunk) => splitter.push(chunk));
  splitter.end();
  return messages.filter((message) => message.trim() !== '');
}

/** A file whose patches {@link readFilePatches} reads. */
export interface PatchRequest {
  /** Every path the file had in the window (today's included), so renames are followed. */
  readonly historicalPaths: readonly string[];
  /**
   * The commits that changed the file in the window, with the path the file had in each. Only these
   * are counted; other commits that the log shows (after the window's end) are only walked through.
   */
  readonly commits: ReadonlyMap<string, string>;
}

/**
 * Reads the patches of several files in ONE `git log -p -U0` walk (a walk per file would repeat the
 * history traversal for each), newest first, and routes each file section to the file it belongs to:
 * by the path that file had in a counted commit, else by its historical paths (commits after the
 * window's end or by bots, which must be undone but are not counted). The log is not limited by
 * `--until` for that reason. A shallow clone's `boundary` commits are left out, as in the history pass.
 */
export async function readFilePatches(git: GitOptions, files: readonly PatchRequest[], since: Date, boundary: readonly string[] = []): Promise<FilePatch[][]> {
  const result: FilePatch[][] = files.map(() => []);
  const byCommitPath = new Map<string, number>();
  const byPath = new Map<string, number>();
  files.forEach((file, index) => {
    for (const [commit, pathThen] of file.commits) {
      byCommitPath.set(`${commit}\0${pathThen}`, index);
    }
    for (const historical of file.historicalPaths) {
      if (!byPath.has(historical)) {
        byPath.set(historical, index);
      }
    }
  });
  const parser = new PatchParser((patch) => {
    const owner = byCommitPath.get(`${patch.commit}\0${patch.newPath}`) ?? byPath.get(patch.newPath);
    const patches = owner === undefined ? undefined : result[owner];
    if (patches && patches[patches.length - 1]?.commit !== patch.commit) {
      patches.push(patch);
    }
  });
  const pathspecs = [...byPath.keys()].map((p) => `:(literal)${p}`);
  const args = ['log', '--no-merges', '-M', '-p', '-U0', '--no-color', '--no-ext-diff', '--no-textconv', `--format=${PATCH_LOG_FORMAT}`, ...windowArguments(since, undefined), 'HEAD', ...boundary.map((commit) => `^${commit}`), '--', ...pathspecs];
  await streamGit(git, args, (chunk) => parser.push(chunk));
  parser.end();
  return result;
}

/**
 * A bound of the window as git's `--since`/`--until` read it exactly: `@<unix seconds> +0000`. The
 * zone matters: without it git takes a number for a timestamp only from 100,000,000 up, so a bare
 * `@94694400` (any date before 1973-03-03) matched no commit at all. git's timestamps are unsigned
 * and no commit is dated before 1970, so an earlier bound is 1970's first second.
 *
 * @param round how a fraction of a second rounds: `ceil` for a lower bound, `floor` for an upper one.
 */
export function gitDateArgument(date: Date, round: 'ceil' | 'floor'): string {
  return `@${Math.max(0, Math[round](date.getTime() / 1000))} +0000`;
}

/**
 * Both bounds are inclusive and compare committer dates, which are whole seconds (hence `since`
 * rounds up and `until` down). A window that ends before 1970 holds no commit: `--max-count=0`, as
 * `@0` would still take a commit of 1970's first second.
 */
function windowArguments(since: Date | undefined, until: Date | undefined): string[] {
  const args: string[] = [];
  if (since !== undefined) {
    args.push(`--since=${gitDateArgument(since, 'ceil')}`);
  }
  if (until !== undefined) {
    args.push(...(until.getTime() < 0 ? ['--max-count=0'] : [`--until=${gitDateArgument(until, 'floor')}`]));
  }
  return args;
}
