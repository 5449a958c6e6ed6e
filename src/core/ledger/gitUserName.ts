import type { GitOptions } from '../history/gitProcess';
import { GitCommandError, runGit } from '../history/gitProcess';

/**
 * `git config user.name`, which new entries record as their author; undefined when it is not set
 * (git then exits non-zero). Other failures (git missing, cancelled) are thrown: they are not "no
 * name", and a caller that must not fail on them says so.
 */
export async function gitUserName(git: GitOptions): Promise<string | undefined> {
  try {
    const name = (await runGit(git, ['config', 'user.name'])).trim();
    return name === '' ? undefined : name;
  } catch (error) {
    if (error instanceof GitCommandError) {
      return undefined;
    }
    throw error;
  }
}
