import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { GitOptions } from '../history/gitProcess';
import { CancelledError, runGit } from '../history/gitProcess';

/** A commit's tree on disk, in a repository of its own whose HEAD is that commit. */
export interface CommitCheckout {
  /** The checkout's top folder. */
  readonly dir: string;
  /** Removes a temporary checkout; a kept one stays for the next review. */
  dispose(): Promise<void>;
}

/**
 * Puts `commit` on disk so the scan can run on it unchanged: the scan reads a work tree and what its
 * HEAD reaches, and a review needs that at the base (and at a head that is not the work tree).
 *
 * The checkout is a private repository that borrows the objects of the user's (git's alternates):
 * nothing is copied, nothing is registered in the user's repository (unlike `git worktree add`), and
 * its HEAD is `commit` detached. With `dir` (a folder of the scan cache) it is kept and moved to the
 * next commit by the next review, which then rewrites only the files that differ and finds its own
 * scan cache warm; without, it goes to a temporary folder removed by `dispose`. A shallow clone's
 * boundary is copied, so history walks stop where the user's do. Hooks never run.
 */
export async function checkoutCommit(git: GitOptions, commit: string, dir?: string): Promise<CommitCheckout> {
  const commonDir = path.resolve(git.cwd, (await runGit(git, ['rev-parse', '--git-common-dir'])).trim());
  if (dir === undefined) {
    const temporary = await fs.mkdtemp(path.join(os.tmpdir(), 'debt-lens-review-'));
    try {
      await prepare(git, commonDir, commit, temporary);
    } catch (error) {
      await fs.rm(temporary, { recursive: true, force: true });
      throw error;
    }
    return { dir: temporary, dispose: () => fs.rm(temporary, { recursive: true, force: true }) };
  }
  try {
    await prepare(git, commonDir, commit, dir);
  } catch (error) {
    if (error instanceof CancelledError) {
      throw error;
    }
    // A kept checkout left broken (interrupted, or its objects pruned by the user's gc): start over once.
    await fs.rm(dir, { recursive: true, force: true });
    await prepare(git, commonDir, commit, dir);
  }
  return { dir, dispose: () => Promise.resolve() };
}

async function prepare(git: GitOptions, commonDir: string, commit: string, dir: string): Promise<void> {
  await fs.mkdir(dir, { recursive: true });
  const own: GitOptions = { ...git, cwd: dir };
  const gitDir = path.join(dir, '.git');
  if (!(await exists(path.join(gitDir, 'HEAD')))) {
    await runGit(own, ['init', '-q', '.']);
    // The checkout's own config outranks the user's global one: no hook folder a user configured runs here.
    await fs.mkdir(path.join(gitDir, 'no-hooks'), { recursive: true });
    await fs.appendFile(path.join(gitDir, 'config'), `[core]\n\thooksPath = ${path.join(gitDir, 'no-hooks').replace(/\\/g, '/')}\n`);
  }
  await fs.mkdir(path.join(gitDir, 'objects', 'info'), { recursive: true });
  await fs.writeFile(path.join(gitDir, 'objects', 'info', 'alternates'), `${path.join(commonDir, 'objects')}\n`);
  const shallow = path.join(gitDir, 'shallow');
  try {
    await fs.copyFile(path.join(commonDir, 'shallow'), shallow);
  } catch {
    await fs.rm(shallow, { force: true });
  }
  // Nothing but a review writes here, and a review leaves the tree as it found it: at the same commit
  // there is nothing to do (a scan of two thousand files would otherwise pay for a stat of each).
  if ((await headOf(own)) === commit) {
    return;
  }
  await runGit(own, ['-c', 'advice.detachedHead=false', 'checkout', '-q', '--force', '--detach', commit, '--']);
  await runGit(own, ['clean', '-q', '-ffdx']);
}

async function headOf(git: GitOptions): Promise<string | undefined> {
  try {
    return (await runGit(git, ['rev-parse', '--verify', '-q', 'HEAD'])).trim() || undefined;
  } catch (error) {
    if (error instanceof CancelledError) {
      throw error;
    }
    return undefined;
  }
}

async function exists(file: string): Promise<boolean> {
  try {
    await fs.access(file);
    return true;
  } catch {
    return false;
  }
}
