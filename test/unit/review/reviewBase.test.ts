import * as assert from 'node:assert/strict';
import { resolveReviewBase } from '../../../src/core/review/reviewBase';
import { NoReviewBaseError } from '../../../src/core/review/reviewErrors';
import { GitRepoBuilder } from '../support/gitRepoBuilder';

/** A repository on `trunk` with one commit, `fork` the commit branches start from. */
function origin(trunk: string): { repo: GitRepoBuilder; fork: string } {
  const repo = GitRepoBuilder.create('debt-lens-base-');
  repo.git('checkout', '-q', '-b', trunk);
  repo.write('a.ts', 'export const a = 1;\n');
  const fork = repo.commit({ message: 'start', date: '2026-01-01T00:00:00Z' });
  return { repo, fork };
}

describe('resolveReviewBase', function () {
  this.timeout(60_000);
  const repos: GitRepoBuilder[] = [];
  const track = <T extends GitRepoBuilder>(repo: T): T => (repos.push(repo), repo);
  after(() => repos.forEach((repo) => repo.cleanup()));

  /** A clone of a `main` repository, with origin/HEAD, on a new branch with one commit; main moved on after the fork. */
  function clonedBranch(trackUpstream: boolean): { clone: GitRepoBuilder; fork: string } {
    const { repo, fork } = origin('main');
    track(repo);
    const clone = track(GitRepoBuilder.cloneShallow(repo, 10));
    clone.git('checkout', '-q', '-b', 'feature', ...(trackUpstream ? ['--track', 'origin/main'] : ['--no-track', fork]));
    clone.write('b.ts', 'export const b = 1;\n').commit({ message: 'feature', date: '2026-01-02T00:00:00Z' });
    repo.write('a.ts', 'export const a = 2;\n').commit({ message: 'main moves on', date: '2026-01-03T00:00:00Z' });
    clone.git('fetch', '-q', 'origin');
    return { clone, fork };
  }

  it('1. the merge-base with the upstream of the current branch', async () => {
    const { clone, fork } = clonedBranch(true);
    assert.deepEqual(await resolveReviewBase({ cwd: clone.dir }, clone.head()), { sha: fork, source: 'upstream', ref: 'origin/main' });
  });

  it('2. without an upstream, the merge-base with origin/HEAD (named by the branch it points to)', async () => {
    const { clone, fork } = clonedBranch(false);
    assert.deepEqual(await resolveReviewBase({ cwd: clone.dir }, clone.head()), { sha: fork, source: 'origin-head', ref: 'origin/main' });
  });

  it('3. without a remote, the merge-base with main', async () => {
    const { repo, fork } = origin('main');
    track(repo).branch('feature').write('b.ts', 'x\n').commit({ message: 'feature', date: '2026-01-02T00:00:00Z' });
    repo.checkout('main').write('a.ts', 'moved on\n').commit({ message: 'main moves on', date: '2026-01-03T00:00:00Z' });
    repo.checkout('feature');
    assert.deepEqual(await resolveReviewBase({ cwd: repo.dir }, repo.head()), { sha: fork, source: 'main', ref: 'main' });
  });

  it('4. with neither, the merge-base with master', async () => {
    const { repo, fork } = origin('master');
    track(repo).branch('feature').write('b.ts', 'x\n').commit({ message: 'feature', date: '2026-01-02T00:00:00Z' });
    assert.deepEqual(await resolveReviewBase({ cwd: repo.dir }, repo.head()), { sha: fork, source: 'master', ref: 'master' });
  });

  it('--base: the merge-base with the given ref', async () => {
    const { repo, fork } = origin('main');
    track(repo).write('b.ts', 'x\n');
    const second = repo.commit({ message: 'two', date: '2026-01-02T00:00:00Z' });
    repo.write('b.ts', 'y\n').commit({ message: 'three', date: '2026-01-03T00:00:00Z' });
    assert.deepEqual(await resolveReviewBase({ cwd: repo.dir }, repo.head(), 'HEAD~1'), { sha: second, source: 'given', ref: 'HEAD~1' });
    assert.deepEqual(await resolveReviewBase({ cwd: repo.dir }, repo.head(), 'HEAD~2'), { sha: fork, source: 'given', ref: 'HEAD~2' });
    await assert.rejects(resolveReviewBase({ cwd: repo.dir }, repo.head(), 'no-such-ref'), (error: unknown) => error instanceof NoReviewBaseError && /no commit 'no-such-ref'/.test(error.message));
  });

  it('says what was tried when there is no base at all', async () => {
    const { repo } = origin('trunk');
    track(repo);
    await assert.rejects(resolveReviewBase({ cwd: repo.dir }, repo.head()), (error: unknown) => error instanceof NoReviewBaseError && /no upstream, and there is no origin\/HEAD, main or master; give --base/.test(error.message));
  });
});
