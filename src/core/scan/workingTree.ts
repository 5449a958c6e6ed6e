import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { GitOptions } from '../history/gitProcess';
import { runGit } from '../history/gitProcess';
import type { TrackedFile } from '../history/repositoryInfo';
import { isSourcePath } from '../metrics/sourcePaths';

/** A tracked source file as the scan measures it: the working tree's content, named by its blob id. */
export interface SourceFile {
  readonly tracked: TrackedFile;
  /** Blob id of the content scanned: HEAD's for clean files, computed for edited ones. */
  readonly key: string;
}

export async function listDirtyPaths(git: GitOptions): Promise<Set<string>> {
  // Compares HEAD's tree with the working tree (staged and unstaged edits alike), stat-based and cheap.
  const output = await runGit(git, ['diff-index', '--name-only', '-z', '--no-renames', 'HEAD', '--']);
  return new Set(output.split('\0').filter((entry) => entry.length > 0));
}

/** The id git would give `content` as a blob: what the metrics cache is keyed by. */
export function gitBlobId(content: Buffer): string {
  return createHash('sha1').update(`blob ${content.length}\0`).update(content).digest('hex');
}

/** The tracked source files by path, each keyed by the blob id of its content in the working tree; files deleted there are left out. */
export async function keySourceFiles(root: string, tracked: readonly TrackedFile[], dirty: ReadonlySet<string>): Promise<Map<string, SourceFile>> {
  const sources = new Map<string, SourceFile>();
  for (const file of tracked) {
    if (!isSourcePath(file.path)) {
      continue;
    }
    if (!dirty.has(file.path)) {
      sources.set(file.path, { tracked: file, key: file.blob });
      continue;
    }
    try {
      const content = await fs.readFile(path.join(root, file.path));
      sources.set(file.path, { tracked: file, key: gitBlobId(content) });
    } catch {
      // Deleted in the working tree: nothing to measure.
    }
  }
  return sources;
}

/**
 * HEAD's text of a file, where walks of committed history start (X-Ray, the ledger's interest): from
 * the working tree when it is unedited (no process), else from git.
 */
export function readHeadText(git: GitOptions, head: string, file: string, edited: boolean): Promise<string> {
  return edited ? runGit(git, ['cat-file', 'blob', `${head}:${file}`]) : fs.readFile(path.join(git.cwd, file), 'utf8');
}
