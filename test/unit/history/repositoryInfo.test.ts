import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { readHistory } from '../../../src/core/history/gitLog';
import { CancelledError, EmptyRepositoryError, GitNotFoundError, NotAGitRepositoryError } from '../../../src/core/history/gitProcess';
import { inspectRepository, listTrackedFiles, originRemoteUrl, repositoryRoot } from '../../../src/core/history/repositoryInfo';
import { GitRepoBuilder } from '../support/gitRepoBuilder';

describe('inspectRepository', () => {
  let repo: GitRepoBuilder;
  const cleanup: (() => void)[] = [];

  before(() => {
    repo = GitRepoBuilder.create();
    for (let day = 1; day <= 5; day++) {
      repo.write('src/app.ts', `export const day = ${day};\n`);
      repo.commit({ message: `day ${day}`, date: `2024-01-0${day}T10:00:00Z` });
    }
  });

  after(() => {
    repo.cleanup();
    for (const clean of cleanup) {
      clean();
    }
  });

  it('reports the top folder, HEAD, a full clone and the git version, from any folder inside', async () => {
    const info = await inspectRepository(path.join(repo.dir, 'src'));
    assert.deepEqual({ ...info, gitVersion: '' }, { root: repo.dir, head: repo.head(), headTime: Date.parse('2024-01-05T10:00:00Z') / 1000, isShallow: false, gitVersion: '' });
    assert.equal(info.gitVersion, repo.git('--version').trim().replace('git version ', ''));
    assert.match(info.gitVersion, /^\d+\.\d+\.\d+/);
  });

  it('repositoryRoot gives the same top folder in one git call, and the same typed errors', async () => {
    assert.equal(await repositoryRoot(path.join(repo.dir, 'src')), repo.dir);
    const plain = fs.mkdtempSync(path.join(os.tmpdir(), 'debt-lens-plain-'));
    cleanup.push(() => fs.rmSync(plain, { recursive: true, force: true }));
    await assert.rejects(repositoryRoot(plain), NotAGitRepositoryError);
    await assert.rejects(repositoryRoot({ cwd: repo.dir, binary: path.join(plain, 'no-git') }), GitNotFoundError);
  });

  it('reports a shallow clone, whose history stops at its depth', async () => {
    const clone = GitRepoBuilder.cloneShallow(repo, 3);
    cleanup.push(() => clone.cleanup());
    const info = await inspectRepository(clone.dir);
    assert.deepEqual([info.isShallow, info.head], [true, repo.head()]);
    assert.equal((await readHistory({ cwd: clone.dir, mode: 'fast' })).length, 3);
  });

  it('throws GitNotFoundError when the git binary does not exist', async () => {
    await assert.rejects(inspectRepository({ cwd: repo.dir, binary: path.join(repo.dir, 'no-such-git') }), GitNotFoundError);
    await assert.rejects(inspectRepository({ cwd: repo.dir, binary: 'no-such-git-binary' }), GitNotFoundError);
  });

  it('throws NotAGitRepositoryError outside a repository and for a missing folder', async () => {
    const plain = fs.mkdtempSync(path.join(os.tmpdir(), 'debt-lens-plain-'));
    cleanup.push(() => fs.rmSync(plain, { recursive: true, force: true }));
    await assert.rejects(inspectRepository(plain), NotAGitRepositoryError);
    await assert.rejects(inspectRepository(path.join(plain, 'missing')), NotAGitRepositoryError);
  });

  it('throws EmptyRepositoryError for a repository without commits', async () => {
    const empty = GitRepoBuilder.create();
    cleanup.push(() => empty.cleanup());
    await assert.rejects(inspectRepository(empty.dir), EmptyRepositoryError);
  });

  it('throws CancelledError when the signal is aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    await assert.rejects(inspectRepository(repo.dir, controller.signal), CancelledError);
  });
});

describe('listTrackedFiles', () => {
  it('lists the blobs at HEAD with ids and sizes, odd paths included, submodules and untracked files left out', async () => {
    const repo = GitRepoBuilder.create();
    try {
      repo.write('a b/ü.ts', 'const x = 1;\n').write('z.bin', Buffer.from([0, 1, 2]));
      repo.commit({ message: 'files', date: '2024-01-01T10:00:00Z' });
      // A gitlink (submodule entry) without a checkout.
      repo.git('update-index', '--add', '--cacheinfo', `160000,${repo.head()},vendor/lib`);
      repo.commit({ message: 'submodule', date: '2024-01-02T10:00:00Z' });
      repo.write('untracked.ts', 'nope\n');
      const files = await listTrackedFiles(repo.dir);
      assert.deepEqual(files, [
        { path: 'a b/ü.ts', blob: repo.git('rev-parse', 'HEAD:a b/ü.ts').trim(), size: 13 },
        { path: 'z.bin', blob: repo.git('rev-parse', 'HEAD:z.bin').trim(), size: 3 },
      ]);
    } finally {
      repo.cleanup();
    }
  });
});

describe('originRemoteUrl', () => {
  it('is undefined without an origin, and never carries credentials', async () => {
    const repo = GitRepoBuilder.create();
    try {
      repo.commit({ message: 'init', date: '2024-01-01T10:00:00Z' });
      assert.equal(await originRemoteUrl(repo.dir), undefined);
      repo.git('remote', 'add', 'upstream', 'https://github.com/other/app.git');
      assert.equal(await originRemoteUrl(repo.dir), undefined);
      repo.git('remote', 'add', 'origin', 'https://user:s3cret@github.com/acme/app.git');
      assert.equal(await originRemoteUrl(repo.dir), 'https://github.com/acme/app.git');
      repo.git('remote', 'set-url', 'origin', 'git@github.com:acme/app.git');
      assert.equal(await originRemoteUrl(repo.dir), 'git@github.com:acme/app.git');
    } finally {
      repo.cleanup();
    }
  });
});
