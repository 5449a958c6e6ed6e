import { readFileSync } from 'node:fs';
import * as path from 'node:path';

/**
 * A repository-relative file's text, or undefined when it is missing, unreadable, or would lie outside
 * the root (`../`, an absolute path): paths read from tsconfig files and ledger anchors are data
 * from the repository, never trusted to point elsewhere.
 */
export function readRepositoryFile(root: string, relative: string): string | undefined {
  const absolute = path.resolve(root, relative);
  if (!absolute.startsWith(root + path.sep)) {
    return undefined;
  }
  try {
    return readFileSync(absolute, 'utf8');
  } catch {
    return undefined;
  }
}
