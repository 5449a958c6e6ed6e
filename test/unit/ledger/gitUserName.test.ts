import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { GitNotFoundError } from '../../../src/core/history/gitProcess';
import { gitUserName } from '../../../src/core/ledger/gitUserName';
import { ALICE, GitRepoBuilder } from '../support/gitRepoBuilder';

describe('gitUserName', () => {
  let repo: GitRepoBuilder;

  before(() => {
    repo = GitRepoBuilder.create();
  });

  after(() => repo.cleanup());

  it('is the configured user.name', async () => {
    assert.equal(await gitUserName({ cwd: repo.dir }), ALICE.name);
  });

  it('is undefined when the name is blank or git has none (git exits non-zero)', async () => {
    repo.git('config', 'user.name', '  ');
    try {
      assert.equal(await gitUserName({ cwd: repo.dir }), undefined);
    } finally {
      repo.git('config', 'user.name', ALICE.name);
    }
    const unset = path.join(repo.dir, '.git', 'no-name-git.sh');
    fs.writeFileSync(unset, '#!/bin/sh\nexit 1\n', { mode: 0o755 });
    assert.equal(await gitUserName({ cwd: repo.dir, binary: unset }), undefined);
  });

  it('throws when git itself is missing: that is not "no name"', async () => {
    await assert.rejects(gitUserName({ cwd: repo.dir, binary: path.join(repo.dir, 'no-such-git') }), GitNotFoundError);
  });
});
