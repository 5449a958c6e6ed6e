import * as path from 'node:path';
import { readRegularFile } from '../readRegularFile';
import type { GitOptions } from './gitProcess';
import { GitCommandError, RecordSplitter, runGit, streamGit } from './gitProcess';

export interface RepositoryInfo {
  /** Absolute path of the work tree's top folder, in the platform's form. */
  readonly root: string;
  /** The commit HEAD points at (40 or 64 hex digits). */
  readonly head: string;
  /** HEAD's committer date, unix seconds: where the default window ends, so a commit scans the same on any day. */
  readonly headTime: number;
  /** A shallow clone: history before its cut-off is missing, so revisions and age are understated. */
  readonly isShallow: boolean;
  /** As `git --version` prints it after "git version ", e.g. `2.39.5` or `2.45.1.windows.1`. */
  readonly gitVersion: string;
}

/** A file at HEAD. */
export interface TrackedFile {
  /** Repository-relative, `/`-separated. */
  readonly path: string;
  /** The blob id of its content at HEAD: a cache key for per-content results. */
  readonly blob: string;
  /** Bytes. */
  readonly size: number;
  /**
   * A symbolic link (mode 120000): its blob is the link's target path, not content. The scan never
   * reads through one (the target may be outside the repository, or a loop). Absent otherwise.
   */
  readonly symlink?: true;
}

/**
 * Checks that git runs and that the folder is inside a repository with at least one commit, and
 * reports what a scan needs to know about it.
 *
 * @param git the folder (any folder inside the work tree), or the folder with signal and binary.
 * @throws GitNotFoundError when git does not run; NotAGitRepositoryError when the folder is not in a
 *   work tree (or does not exist); EmptyRepositoryError when HEAD has no commit yet (also on an
 *   unborn branch); CancelledError when the signal aborts.
 */
export async function inspectRepository(git: string | GitOptions, signal?: AbortSignal): Promise<RepositoryInfo> {
  const options = gitOptions(git, signal);
  // In parallel: every failure (no git, no repository, no commit) is typed the same whichever comes first.
  const [versionText, location, headText] = await Promise.all([
    runGit(options, ['--version']),
    runGit(options, ['rev-parse', '--show-toplevel', '--is-shallow-repository']),
    runGit(options, ['rev-parse', 'HEAD']),
  ]);
  const version = versionText.trim();
  const [toplevel = '', shallow = ''] = location.split('\n');
  const head = headText.trim();
  // The raw commit (plumbing: no configuration changes its output): "committer <name> <<email>> <seconds> <zone>".
  const commit = await runGit(options, ['cat-file', 'commit', head]);
  const headTime = /^committer .* (\d+) [+-]\d{4}$/m.exec(commit)?.[1];
  return {
    root: path.resolve(toplevel),
    head,
    headTime: Number(headTime),
    isShallow: shallow.trim() === 'true',
    gitVersion: version.replace(/^git version\s+/, ''),
  };
}

/**
 * The repository's top folder alone (one git call, where {@link inspectRepository} makes four): for
 * what needs only the root before a scan that inspects the repository itself. Throws the same typed
 * errors for a missing git or a folder outside a repository.
 */
export async function repositoryRoot(git: string | GitOptions, signal?: AbortSignal): Promise<string> {
  return path.resolve((await runGit(gitOptions(git, signal), ['rev-parse', '--show-toplevel'])).split('\n', 1)[0] ?? '');
}

const SYMLINK_MODE = '120000';

/**
 * The files at HEAD (`git ls-tree -r -l -z HEAD`), read as a stream. Submodules are left out: they
 * have no content in this repository. Symbolic links are included, marked `symlink` (their blob is the link target).
 */
export async function listTrackedFiles(root: string | GitOptions, signal?: AbortSignal): Promise<TrackedFile[]> {
  const files: TrackedFile[] = [];
  // "<mode> SP <type> SP <object> SP+ <size> TAB <path>"
  const splitter = new RecordSplitter(0, (record) => {
    const tab = record.indexOf('\t');
    const [mode, type, blob, size] = record.slice(0, tab).split(/ +/);
    if (type === 'blob' && blob !== undefined) {
      const file = { path: record.slice(tab + 1), blob, size: Number(size) };
      files.push(mode === SYMLINK_MODE ? { ...file, symlink: true } : file);
    }
  });
  await streamGit(gitOptions(root, signal), ['ls-tree', '-r', '-l', '-z', '--full-tree', 'HEAD'], (chunk) => splitter.push(chunk));
  splitter.end();
  return files;
}

/**
 * A shallow clone's boundary commits, as `.git/shallow` lists them: the commits whose parents the
 * clone lacks (one per fetched branch tip, or more after `--shallow-since`). Empty for a full clone.
 */
export async function readShallowBoundary(git: GitOptions): Promise<string[]> {
  const file = path.resolve(git.cwd, (await runGit(git, ['rev-parse', '--git-path', 'shallow'])).trim());
  let text: string;
  try {
    text = (await readRegularFile(file)).toString('utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      return [];
    }
    throw error;
  }
  return text.split('\n').map((line) => line.trim()).filter((line) => /^[0-9a-f]{40}(?:[0-9a-f]{24})?$/.test(line));
}

/**
 * The remote a partial clone (`--filter=blob:none` and the like) fetches missing objects from on
 * demand (`extensions.partialClone`, or a remote with `promisor = true`), or undefined for a complete
 * clone. There, every diff of an old commit fetches its blobs from that remote, one request at a time.
 */
export async function readPromisorRemote(git: GitOptions): Promise<string | undefined> {
  let output: string;
  try {
    output = await runGit(git, ['config', '--get-regexp', '^(extensions\\.partialclone|remote\\..*\\.promisor)$']);
  } catch (error) {
    // git config exits 1 when nothing matches.
    if (error instanceof GitCommandError) {
      return undefined;
    }
    throw error;
  }
  for (const line of output.split('\n')) {
    const [key = '', value = ''] = line.trim().split(/\s+/, 2);
    if (key.toLowerCase() === 'extensions.partialclone' && value !== '') {
      return value;
    }
    const remote = /^remote\.(.+)\.promisor$/i.exec(key);
    if (remote?.[1] !== undefined && value.toLowerCase() === 'true') {
      return remote[1];
    }
  }
  return undefined;
}

/**
 * The URL of the `origin` remote, or `undefined` when there is none. A user name and password
 * embedded in an http(s) URL are removed, so a token never reaches a report or a log.
 */
export async function originRemoteUrl(root: string | GitOptions, signal?: AbortSignal): Promise<string | undefined> {
  const options = gitOptions(root, signal);
  const remotes = (await runGit(options, ['remote'])).split('\n').map((name) => name.trim());
  if (!remotes.includes('origin')) {
    return undefined;
  }
  const url = (await runGit(options, ['remote', 'get-url', 'origin'])).trim();
  return url === '' ? undefined : withoutCredentials(url);
}

/** A folder with an optional signal, or complete options (whose own signal wins). */
function gitOptions(git: string | GitOptions, signal: AbortSignal | undefined): GitOptions {
  return typeof git === 'string' ? { cwd: git, signal } : { ...git, signal: git.signal ?? signal };
}

function withoutCredentials(url: string): string {
  return url.replace(/^(https?:\/\/)[^/@]*@/i, '$1');
}
