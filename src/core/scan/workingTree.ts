import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { GitOptions } from '../history/gitProcess';
import { runGit } from '../history/gitProcess';
import type { TrackedFile } from '../history/repositoryInfo';
import { FileTooLargeError, NotARegularFileError, readRegularFile } from '../readRegularFile';
import { isSourcePath, sourceKindOf } from '../metrics/sourcePaths';
import { whyNotRead } from './whyNotRead';

/** A tracked source file as the scan measures it: the working tree's content, named by its blob id. */
export interface SourceFile {
  readonly tracked: TrackedFile;
  /**
   * What its analysis is cached and shared under: the blob id of the content scanned (HEAD's for
   * clean files, computed for edited ones) and the kind it parses as ({@link sourceKey}).
   */
  readonly key: string;
  /** The working tree's content differs from HEAD's. */
  readonly edited: boolean;
}

/** The tracked source files of the working tree, and those the scan does not read. */
export interface WorkTreeSources {
  /** By path; files deleted in the working tree are left out. */
  readonly sources: Map<string, SourceFile>;
  /** Source paths that are symbolic links, at HEAD or in the working tree: never read, never measured. */
  readonly links: readonly string[];
  /** Source paths whose working-tree entry cannot be read (a FIFO, a device, no permission), with why. */
  readonly unreadable: ReadonlyMap<string, string>;
  /** Source paths larger than the byte limit, with their size in bytes: never read, never measured. */
  readonly oversized: ReadonlyMap<string, number>;
}

export async function listDirtyPaths(git: GitOptions): Promise<Set<string>> {
  // Compares HEAD's tree with the working tree (staged and unstaged edits alike), stat-based and cheap.
  const output = await runGit(git, ['diff-index', '--name-only', '-z', '--no-renames', 'HEAD', '--']);
  return new Set(output.split('\0').filter((entry) => entry.length > 0));
}

/** The id git would give `content` as a blob. */
export function gitBlobId(content: Buffer): string {
  return createHash('sha1').update(`blob ${content.length}\0`).update(content).digest('hex');
}

/**
 * What the metrics cache is keyed by: the content's blob id and the kind `path` parses as, since the
 * same bytes in `a.js` and `b.ts` are two different parses.
 */
export function sourceKey(blob: string, path: string): string {
  return `${blob}:${sourceKindOf(path)}`;
}

/**
 * How the scan reads a tracked file from the working tree: a regular file only (a FIFO would block
 * the read forever) and never through a symbolic link at the path (it may lead out of the repository
 * or in a loop).
 */
export function readWorkTreeFile(root: string, file: string, maxBytes?: number): Promise<Buffer> {
  return readRegularFile(path.join(root, file), { followSymlinks: false, maxBytes });
}

/**
 * The tracked source files by path, each keyed by its working-tree content ({@link sourceKey}).
 * Clean files take HEAD's blob id without a read: `git diff-index` found them unchanged, which also
 * means no symbolic link leads to them. Edited ones are read and hashed. Files over `maxFileBytes`
 * (HEAD's blob size from `git ls-tree -l` for clean files, the working tree's for edited ones) are
 * set apart unread.
 */
export async function keySourceFiles(root: string, tracked: readonly TrackedFile[], dirty: ReadonlySet<string>, maxFileBytes: number): Promise<WorkTreeSources> {
  const sources = new Map<string, SourceFile>();
  const links: string[] = [];
  const unreadable = new Map<string, string>();
  const oversized = new Map<string, number>();
  for (const file of tracked) {
    if (!isSourcePath(file.path)) {
      continue;
    }
    if (file.symlink === true) {
      links.push(file.path);
      continue;
    }
    if (!dirty.has(file.path)) {
      if (file.size > maxFileBytes) {
        oversized.set(file.path, file.size);
      } else {
        sources.set(file.path, { tracked: file, key: sourceKey(file.blob, file.path), edited: false });
      }
      continue;
    }
    try {
      if (!(await isInsideRoot(root, file.path))) {
        links.push(file.path);
        continue;
      }
      const content = await readWorkTreeFile(root, file.path, maxFileBytes);
      sources.set(file.path, { tracked: file, key: sourceKey(gitBlobId(content), file.path), edited: true });
    } catch (error) {
      if (error instanceof FileTooLargeError) {
        oversized.set(file.path, error.size);
      } else if (error instanceof NotARegularFileError && error.kind === 'symlink') {
        links.push(file.path);
      } else if (error instanceof NotARegularFileError || !isMissing(error)) {
        unreadable.set(file.path, whyNotRead(error));
      }
      // Missing: deleted in the working tree, nothing to measure.
    }
  }
  return { sources, links, unreadable, oversized };
}

/**
 * Whether the folder holding `file` is inside the repository once symbolic links are resolved. git
 * reports a file under a folder that became a link as deleted, so only edited files need the check.
 */
async function isInsideRoot(root: string, file: string): Promise<boolean> {
  const folder = path.dirname(path.join(root, file));
  const [realRoot, realFolder] = await Promise.all([fs.realpath(root), fs.realpath(folder)]);
  const relative = path.relative(realRoot, realFolder);
  return relative === '' || (relative !== '..' && !relative.startsWith(`..${path.sep}`) && !path.isAbsolute(relative));
}

function isMissing(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException).code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}

/**
 * HEAD's text of a file, where walks of committed history start (X-Ray, the ledger's interest): from
 * the working tree when it is unedited (no process), else from git.
 */
export async function readHeadText(git: GitOptions, head: string, file: string, edited: boolean): Promise<string> {
  return edited ? runGit(git, ['cat-file', 'blob', `${head}:${file}`]) : (await readWorkTreeFile(git.cwd, file)).toString('utf8');
}
