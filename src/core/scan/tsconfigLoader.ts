import type { ResolutionOptions } from '../metrics/importGraph';
import { loadTsconfigResolution } from '../metrics/importGraph';
import { readRepositoryFile } from '../readRepositoryFile';

/**
 * Path-alias resolution for the import graph from the repository's tracked tsconfig/jsconfig files
 * (monorepos have one per package). Reads only those files and what they extend.
 */
export function loadResolutionOptions(root: string, trackedPaths: readonly string[]): (path: string) => ResolutionOptions | undefined {
  const configs = trackedPaths.filter((p) => /(?:^|\/)(?:tsconfig|jsconfig)\.json$/.test(p));
  if (configs.length === 0) {
    return () => undefined;
  }
  const resolution = loadTsconfigResolution(configs, (relative) => readRepositoryFile(root, relative));
  return resolution.optionsFor;
}
