import { strict as assert } from 'node:assert';
import { projectKeysOf, readProjectKeys } from '../../../src/core/backlog/projectKeys';
import { GitRepoBuilder } from '../support/gitRepoBuilder';

describe('projectKeysOf', () => {
  it('lists the configured keys first, then those the messages use as tickets, each once', () => {
    const keys = projectKeysOf(['PROJ', 'UTF'], ['PROJ-3: login', 'ENG-12: cache', 'Use UTF-8 and UTF-16', 'renames ABC-1 once']);
    assert.deepEqual([...keys], ['PROJ', 'UTF', 'ENG']);
  });

  it('is the configured keys alone when no message names a ticket', () => {
    assert.deepEqual([...projectKeysOf(['OPS'], ['fix the build', 'see SHA-256'])], ['OPS']);
    assert.deepEqual([...projectKeysOf([], [])], []);
  });
});

describe('readProjectKeys', () => {
  let repo: GitRepoBuilder;
  const NOW = new Date('2026-06-01T00:00:00Z');

  before(() => {
    repo = GitRepoBuilder.create();
    repo.write('a.ts', '1\n');
    repo.commit({ message: 'OLD-7: before the default window', date: '2025-05-01T00:00:00Z' });
    repo.write('a.ts', '2\n');
    repo.commit({ message: 'PROJ-12: within it', date: '2026-01-15T00:00:00Z' });
  });

  after(() => repo.cleanup());

  it('discovers keys in the last 12 months of commit messages, after the configured ones', async () => {
    assert.deepEqual([...(await readProjectKeys({ cwd: repo.dir }, ['OPS'], NOW))], ['OPS', 'PROJ']);
    assert.deepEqual([...(await readProjectKeys({ cwd: repo.dir }, [], new Date('2026-04-30T00:00:00Z')))], ['OLD', 'PROJ']);
  });

  it('has only the configured keys in a repository with no commit yet', async () => {
    const empty = GitRepoBuilder.create();
    try {
      assert.deepEqual([...(await readProjectKeys({ cwd: empty.dir }, ['OPS'], NOW))], ['OPS']);
    } finally {
      empty.cleanup();
    }
  });
});
