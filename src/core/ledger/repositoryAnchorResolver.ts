import type { GitOptions } from '../history/gitProcess';
import { runGit } from '../history/gitProcess';
import { isSourcePath } from '../metrics/sourcePaths';
import { readRepositoryFile } from '../readRepositoryFile';
import type { Anchor } from './anchor';
import { readRenames } from './gitRenames';
import type { AnchorResolver } from './resolveAnchors';
import { createAnchorResolver } from './resolveAnchors';

/**
 * The anchor resolver over a repository's work tree as it is on disk, shared by the scan and the
 * `debt` commands so both find an anchor in the same place: files read from disk, the
 * fingerprint-anywhere step over tracked and untracked (not ignored) source files, and renames from
 * the whole git history (not only the scan's window: a file renamed two years ago still resolves).
 * Git runs only when some anchor needs resolving.
 */
export async function createRepositoryAnchorResolver(git: GitOptions, anchors: Iterable<Anchor>): Promise<AnchorResolver> {
  const root = git.cwd;
  const needed = [...anchors].length > 0;
  const [renames, files] = needed ? await Promise.all([readRenames(git), listWorkTreeFiles(git)]) : [new Map<string, string>(), []];
  return createAnchorResolver({
    readFile: (file) => readRepositoryFile(root, file),
    listSourcePaths: () => files.filter(isSourcePath),
    renamedTo: (file) => renames.get(file),
  });
}

/** Tracked and untracked, not ignored, files of the work tree; repository-relative, `/`-separated. */
export async function listWorkTreeFiles(git: GitOptions): Promise<string[]> {
  const output = await runGit(git, ['-c', 'core.quotepath=off', 'ls-files', '-z', '--cached', '--others', '--exclude-standard', '--full-name']);
  return [...new Set(output.split('\0').filter((file) => file !== ''))].sort();
}
