import type { GitOptions } from '../history/gitProcess';
import { runGit } from '../history/gitProcess';
import { isSourcePath } from '../metrics/sourcePaths';
import { readRepositoryFile } from '../readRepositoryFile';
import type { Anchor } from './anchor';
import type { AnchorSymbol } from './anchorFingerprint';
import { listAnchorSymbolsOfText } from './anchorFingerprint';
import { readRenames } from './gitRenames';
import type { AnchorResolver, AnchorWorkspace } from './resolveAnchors';
import { createAnchorResolver } from './resolveAnchors';

/**
 * The anchor resolver over a repository's work tree as it is on disk, shared by the scan and the
 * `debt` commands so both find an anchor in the same place: files read from disk, the
 * fingerprint-anywhere step over tracked and untracked (not ignored) source files, and renames from
 * the whole git history (not only the scan's window: a file renamed two years ago still resolves).
 *
 * Git runs only when one of `anchors` is not found in its own file: the rename log walks the whole
 * history (~0.7 s on 12,000 commits), which the usual case — code edited or moved within its file —
 * never needs. Steps 1 and 2 of the cascade do not depend on git, so the anchors found there resolve
 * the same either way.
 *
 * @param anchors every anchor the resolver will be asked about; resolving another that needs git throws.
 */
export async function createRepositoryAnchorResolver(git: GitOptions, anchors: Iterable<Anchor>): Promise<AnchorResolver> {
  const root = git.cwd;
  const texts = new Map<string, string | undefined>();
  const symbols = new Map<string, readonly AnchorSymbol[]>();
  const readFile = (file: string): string | undefined => {
    if (!texts.has(file)) {
      texts.set(file, readRepositoryFile(root, file));
    }
    return texts.get(file);
  };
  // Shared by both resolvers below, so a file parsed to find out whether git is needed is not parsed again.
  const files: Pick<AnchorWorkspace, 'readFile' | 'symbolsOf'> = {
    readFile,
    symbolsOf: (file) => {
      let found = symbols.get(file);
      if (found === undefined) {
        found = listAnchorSymbolsOfText(file, readFile(file) ?? '');
        symbols.set(file, found);
      }
      return found;
    },
  };
  let needsGit = false;
  const inPlace = createAnchorResolver({
    ...files,
    // Asked only once an anchor was not found in its own file.
    listSourcePaths: () => {
      needsGit = true;
      return [];
    },
    renamedTo: () => {
      needsGit = true;
      return undefined;
    },
  });
  for (const anchor of anchors) {
    inPlace.resolve(anchor);
    if (needsGit) {
      break;
    }
  }
  if (!needsGit) {
    return {
      resolve: (anchor) => {
        const resolution = inPlace.resolve(anchor);
        if (needsGit) {
          throw new Error(`createRepositoryAnchorResolver: ${anchor.path} was not among the anchors given, and resolving it needs git`);
        }
        return resolution;
      },
    };
  }
  const [renames, workTree] = await Promise.all([readRenames(git), listWorkTreeFiles(git)]);
  return createAnchorResolver({
    ...files,
    listSourcePaths: () => workTree.filter(isSourcePath),
    renamedTo: (file) => renames.get(file),
  });
}

/** Tracked and untracked, not ignored, files of the work tree; repository-relative, `/`-separated. */
export async function listWorkTreeFiles(git: GitOptions): Promise<string[]> {
  const output = await runGit(git, ['-c', 'core.quotepath=off', 'ls-files', '-z', '--cached', '--others', '--exclude-standard', '--full-name']);
  return [...new Set(output.split('\0').filter((file) => file !== ''))].sort();
}
