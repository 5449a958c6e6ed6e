import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { ResolutionOptions } from '../metrics/importGraph';
import { loadTsconfigResolution } from '../metrics/importGraph';

/**
 * Path-alias resolution for the import graph from the repository's tracked tsconfig/jsconfig files
 * (monorepos have one per package). Reads only those files and what they extend.
 */
export async function loadResolutionOptions(root: string, trackedPaths: readonly string[]): Promise<(path: string) => ResolutionOptions | undefined> {
  const configs = trackedPaths.filter((p) => /(?:^|\/)(?:tsconfig|jsconfig)\.json$/.test(p));
  if (configs.length === 0) {
    return () => undefined;
  }
  const resolution = loadTsconfigResolution(configs, (relative) => {
    const absolute = path.resolve(root, relative);
    if (!absolute.startsWith(root + path.sep)) {
      return undefined;
    }
    try {
      return readFileSync(absolute, 'utf8');
    } catch {
      return undefined;
    }
  });
  return resolution.optionsFor;
}
