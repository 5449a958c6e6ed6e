import type { GitOptions } from '../history/gitProcess';
import { CancelledError, runGit } from '../history/gitProcess';
import { NoReviewBaseError } from './reviewErrors';
import type { BaseSource, ReviewBase } from './reviewReport';

/**
 * The commit a branch is reviewed against: the merge-base of `head` with `--base` when given,
 * else with the upstream of the current branch, else with `origin/HEAD`, else with the local
 * `main`, else `master`: the first that exists. A merge-base, not the ref itself, so commits that
 * landed on the target after the branch forked are not counted as the branch's (what a pull
 * request's diff shows).
 *
 * @throws NoReviewBaseError when nothing fits (the message says what was tried).
 */
export async function resolveReviewBase(git: GitOptions, head: string, given?: string): Promise<ReviewBase> {
  if (given !== undefined) {
    const sha = await commitOf(git, given);
    if (sha === undefined) {
      throw new NoReviewBaseError(`--base: no commit '${given}'`);
    }
    return { sha: await mergeBase(git, head, sha, given), source: 'given', ref: given };
  }
  const candidates: [BaseSource, () => Promise<string | undefined>][] = [
    ['upstream', () => upstreamOf(git)],
    ['origin-head', () => existingRef(git, 'refs/remotes/origin/HEAD', 'origin/HEAD')],
    ['main', () => existingRef(git, 'refs/heads/main', 'main')],
    ['master', () => existingRef(git, 'refs/heads/master', 'master')],
  ];
  for (const [source, find] of candidates) {
    const ref = await find();
    if (ref !== undefined) {
      const sha = await commitOf(git, ref);
      if (sha !== undefined) {
        return { sha: await mergeBase(git, head, sha, ref), source, ref };
      }
    }
  }
  throw new NoReviewBaseError('no base to review against: the branch has no upstream, and there is no origin/HEAD, main or master; give --base <ref>');
}

/** The upstream's short name (`origin/main`), or undefined when the branch has none (or HEAD is detached). */
async function upstreamOf(git: GitOptions): Promise<string | undefined> {
  const name = await quietly(git, ['rev-parse', '--abbrev-ref', '--symbolic-full-name', '@{upstream}']);
  return name === undefined || name === '' ? undefined : name;
}

/** `short` when `full` names a ref; for `origin/HEAD`, the branch it points to (`origin/main`). */
async function existingRef(git: GitOptions, full: string, short: string): Promise<string | undefined> {
  const target = await quietly(git, ['symbolic-ref', '-q', '--short', full]);
  if (target !== undefined && target !== '') {
    return target;
  }
  return (await quietly(git, ['rev-parse', '--verify', '-q', full])) === undefined ? undefined : short;
}

/** The commit `ref` names, or undefined when it names none. */
export async function commitOf(git: GitOptions, ref: string): Promise<string | undefined> {
  const sha = await quietly(git, ['rev-parse', '--verify', '-q', '--end-of-options', `${ref}^{commit}`]);
  return sha === undefined || sha === '' ? undefined : sha;
}

async function mergeBase(git: GitOptions, head: string, other: string, ref: string): Promise<string> {
  const sha = await quietly(git, ['merge-base', head, other]);
  if (sha === undefined || sha === '') {
    throw new NoReviewBaseError(`'${ref}' shares no history with the head (no merge-base)`);
  }
  return sha;
}

/** git's trimmed output, or undefined when the command fails (a missing ref is an answer here, not an error). */
async function quietly(git: GitOptions, args: readonly string[]): Promise<string | undefined> {
  try {
    return (await runGit(git, args)).trim();
  } catch (error) {
    if (error instanceof CancelledError) {
      throw error;
    }
    return undefined;
  }
}
