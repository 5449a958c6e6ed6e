import { realpathSync } from 'node:fs';
import * as path from 'node:path';
import { NotARegularFileError, readRegularFileSync } from './readRegularFile';

/** A file read from inside the repository: its `/`-separated repository-relative path and its text. */
export interface RepositoryFile {
  readonly rel: string;
  readonly text: string;
}

/**
 * Why a file was not read. `outside`: the path, or the file a symlink on it leads to, is not inside
 * the root; `missing`: nothing is there; `not-a-file`: a folder; `unreadable`: any other failure,
 * with the system's error code.
 */
export type RepositoryFileProblem =
  | { readonly problem: 'outside' }
  | { readonly problem: 'missing' | 'not-a-file'; readonly rel: string }
  | { readonly problem: 'unreadable'; readonly rel: string; readonly code: string };

/**
 * A file inside `root`, or why not. Paths come from data in the repository (tsconfig files, ledger
 * anchors) or from a user's argument, and are never trusted to point elsewhere: a path that leaves
 * the root (`../`, another absolute path) is refused, and so is one that resolves outside it through
 * a symlink, by comparing real paths (the root's own symlinks, such as macOS's `/tmp`, are allowed).
 *
 * @param file relative to `root`, or absolute.
 */
export function readRepositoryFileOrProblem(root: string, file: string): RepositoryFile | RepositoryFileProblem {
  const absolute = path.resolve(root, file);
  const relative = path.relative(path.resolve(root), absolute);
  if (!isInside(relative)) {
    return { problem: 'outside' };
  }
  const rel = relative.split(path.sep).join('/');
  try {
    const real = realpathSync.native(absolute);
    if (!isInside(path.relative(realpathSync.native(root), real))) {
      return { problem: 'outside' };
    }
    // A regular file only: a FIFO (say, a tsconfig.json) would block the read forever.
    return { rel, text: readRegularFileSync(real).toString('utf8') };
  } catch (error) {
    if (error instanceof NotARegularFileError) {
      return { problem: 'not-a-file', rel };
    }
    const code = (error as NodeJS.ErrnoException).code;
    return code === 'ENOENT' ? { problem: 'missing', rel } : code === 'EISDIR' ? { problem: 'not-a-file', rel } : { problem: 'unreadable', rel, code: code ?? String(error) };
  }
}

/** {@link readRepositoryFileOrProblem}'s text, or undefined whatever the reason it could not be read. */
export function readRepositoryFile(root: string, relative: string): string | undefined {
  const read = readRepositoryFileOrProblem(root, relative);
  return 'text' in read ? read.text : undefined;
}

/** A relative path that names something below its base (not the base itself, not above it, not on another drive). */
function isInside(relative: string): boolean {
  return relative !== '' && relative !== '..' && !relative.startsWith(`..${path.sep}`) && !path.isAbsolute(relative);
}
