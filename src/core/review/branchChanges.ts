import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { GitOptions } from '../history/gitProcess';
import { RecordSplitter, runGit, streamGit } from '../history/gitProcess';
import type { Hunk } from '../history/patchParser';
import { PatchParser } from '../history/patchParser';
import { gitBlobId } from '../scan/workingTree';

/** One file the branch changed, as git's diff between base and head tells it. */
export interface ChangedFile {
  /** At head; null when the branch deleted the file. */
  readonly path: string | null;
  /** At base; null when the branch added it. */
  readonly previousPath: string | null;
  /** Blob ids of the two versions; null where a side does not exist. */
  readonly baseBlob: string | null;
  readonly headBlob: string | null;
  /** `git diff -U0` hunks, in order: new-side lines are head's, old-side lines base's. */
  readonly hunks: readonly Hunk[];
  /** Lines added and deleted (`--numstat`; 0 for a binary file). */
  readonly linesAdded: number;
  readonly linesDeleted: number;
}

/** What the branch's diff is taken between. */
export interface BranchDiffRequest {
  readonly git: GitOptions;
  readonly base: string;
  /** The head commit; ignored with `worktree`. */
  readonly head: string;
  /** Compare base with the work tree (uncommitted and untracked, not ignored, files included). */
  readonly worktree: boolean;
}

const NULL_BLOB = /^0+$/;

/**
 * The files that differ between base and head, renames found (`-M`, git's default similarity), with
 * their hunks and blob ids. Two git processes, run at once: the raw diff (exact paths and blob ids)
 * and the zero-context patch (hunks). In work-tree mode edited files are named by the blob id their
 * content would get, and untracked files count as added.
 */
export async function readBranchChanges(request: BranchDiffRequest): Promise<ChangedFile[]> {
  const { git, base, worktree } = request;
  const sides = worktree ? [base] : [base, request.head];
  const common = ['-c', 'diff.relative=false', '-c', 'diff.noprefix=false', '-c', 'diff.mnemonicPrefix=false', 'diff', '-M', '--no-color', '--no-ext-diff', '--no-textconv', '--ignore-submodules'];
  const [raw, numstat, hunks, untracked] = await Promise.all([
    runGit(git, [...common, '--raw', '-z', '--no-abbrev', '--end-of-options', ...sides, '--']),
    runGit(git, [...common, '--numstat', '-z', '--end-of-options', ...sides, '--']),
    readHunks(git, [...common, '-U0', '--src-prefix=a/', '--dst-prefix=b/', '--end-of-options', ...sides, '--']),
    worktree ? runGit(git, ['-c', 'core.quotepath=off', 'ls-files', '-z', '--others', '--exclude-standard', '--full-name']) : Promise.resolve(''),
  ]);
  const counts = parseNumstat(numstat);
  const files: ChangedFile[] = parseRawDiff(raw).map((file) => {
    const count = counts.get(file.path ?? file.previousPath ?? '');
    return { ...file, hunks: file.path === null ? [] : (hunks.get(file.path) ?? []), linesAdded: count?.[0] ?? 0, linesDeleted: count?.[1] ?? 0 };
  });
  for (const added of untracked.split('\0').filter((entry) => entry !== '')) {
    files.push({ path: added, previousPath: null, baseBlob: null, headBlob: null, hunks: [], linesAdded: 0, linesDeleted: 0 });
  }
  if (!worktree) {
    return files;
  }
  // The work tree's content has no blob in the object store yet: name it as git would.
  return Promise.all(
    files.map(async (file): Promise<ChangedFile> => {
      if (file.path === null || (file.headBlob !== null && !NULL_BLOB.test(file.headBlob))) {
        return file;
      }
      const content = await fs.readFile(path.join(git.cwd, file.path));
      const untrackedFile = file.headBlob === null;
      const hunksOf = untrackedFile ? wholeFileHunks(content) : file.hunks;
      return { ...file, headBlob: gitBlobId(content), hunks: hunksOf, linesAdded: untrackedFile ? (hunksOf[0]?.newCount ?? 0) : file.linesAdded };
    }),
  );
}

/** `:<mode> <mode> <blob> <blob> <status>\0<path>\0[<path>\0]` records of `git diff --raw -z`. */
function parseRawDiff(raw: string): Omit<ChangedFile, 'hunks' | 'linesAdded' | 'linesDeleted'>[] {
  const fields = raw.split('\0');
  const files: Omit<ChangedFile, 'hunks' | 'linesAdded' | 'linesDeleted'>[] = [];
  for (let i = 0; i < fields.length; i++) {
    const header = fields[i] ?? '';
    if (!header.startsWith(':')) {
      continue;
    }
    const [, , oldBlob = '', newBlob = '', status = ''] = header.slice(1).split(' ');
    const letter = status.charAt(0);
    const first = fields[++i] ?? '';
    const second = letter === 'R' || letter === 'C' ? (fields[++i] ?? '') : first;
    const baseBlob = letter === 'A' ? null : oldBlob;
    const headBlob = letter === 'D' ? null : newBlob;
    files.push({
      path: letter === 'D' ? null : second,
      previousPath: letter === 'A' || letter === 'C' ? null : first,
      baseBlob: baseBlob === null || NULL_BLOB.test(baseBlob) ? null : baseBlob,
      headBlob,
    });
  }
  return files;
}

/** Added and deleted lines by head path (base path for a deleted file), from `git diff --numstat -z`. */
function parseNumstat(output: string): Map<string, [number, number]> {
  const counts = new Map<string, [number, number]>();
  const fields = output.split('\0');
  for (let i = 0; i < fields.length; i++) {
    const match = /^(\d+|-)\t(\d+|-)\t(.*)$/s.exec(fields[i] ?? '');
    if (match === null) {
      continue;
    }
    // A rename leaves the path empty and gives the old and new paths as the next two fields.
    const file = match[3] === '' ? ((i += 2), fields[i] ?? '') : (match[3] ?? '');
    counts.set(file, [match[1] === '-' ? 0 : Number(match[1]), match[2] === '-' ? 0 : Number(match[2])]);
  }
  return counts;
}

/** Hunks by head path, from `git diff -U0` read by the X-Ray patch parser (one diff is one "commit"). */
async function readHunks(git: GitOptions, args: readonly string[]): Promise<Map<string, Hunk[]>> {
  const byPath = new Map<string, Hunk[]>();
  const parser = new PatchParser((patch) => byPath.set(patch.newPath, patch.hunks));
  // The parser starts a commit at a NUL-led line; a diff has no commit header of its own.
  parser.push(Buffer.from('\0diff\n'));
  await streamGit(git, args, (chunk) => parser.push(chunk));
  parser.end();
  return byPath;
}

/** An untracked file: every line added (an empty file, none). */
function wholeFileHunks(content: Buffer): Hunk[] {
  let lines = 0;
  const splitter = new RecordSplitter(0x0a, () => lines++);
  splitter.push(content);
  splitter.end();
  return lines === 0 ? [] : [{ oldStart: 0, oldCount: 0, newStart: 1, newCount: lines, removed: [] }];
}
