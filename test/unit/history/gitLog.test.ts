import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { countCommits, readCommitMessages, readHistory } from '../../../src/core/history/gitLog';
import { CancelledError, EmptyRepositoryError, NotAGitRepositoryError } from '../../../src/core/history/gitProcess';
import type { CommitRecord } from '../../../src/core/history/logParser';
import { ALICE, GitRepoBuilder } from '../support/gitRepoBuilder';
import type { HistoryFixture } from './historyFixture';
import { ALICE_OLD, at, buildHistoryFixture } from './historyFixture';

function withoutChurn(commits: readonly CommitRecord[]): CommitRecord[] {
  return commits.map((commit) => ({ ...commit, files: commit.files.map((file) => ({ ...file, added: null, deleted: null })) }));
}

describe('readHistory', () => {
  let fixture: HistoryFixture;
  let names: Map<string, string>;
  const named = (commits: readonly CommitRecord[]): string[] => commits.map((commit) => names.get(commit.hash) ?? commit.hash);

  before(() => {
    fixture = buildHistoryFixture();
    names = new Map(Object.entries(fixture.c).map(([name, hash]) => [hash, name]));
  });

  after(() => fixture.repo.cleanup());

  it('lists non-merge commits reachable from HEAD, newest first, branch commits included and the merge left out', async () => {
    const commits = await readHistory({ cwd: fixture.repo.dir, mode: 'full' });
    assert.deepEqual(named(commits), ['c12', 'c11', 'c10', 'c9', 'c8', 'c7', 'm1', 'f1', 'c6', 'c5', 'c4', 'c3', 'c2', 'c1']);
  });

  it('applies .mailmap to author names and e-mails, and reads author dates', async () => {
    const commits = await readHistory({ cwd: fixture.repo.dir, mode: 'fast' });
    const c2 = commits.find((commit) => commit.hash === fixture.c.c2)!;
    assert.notEqual(ALICE_OLD.email, ALICE.email);
    assert.deepEqual([c2.authorName, c2.authorEmail, c2.authorTime, c2.commitTime], [ALICE.name, ALICE.email, at('2024-01-10T10:00:00Z'), at('2024-01-10T10:00:00Z')]);
    assert.equal(c2.message, 'PROJ-2 extend a');
  });

  it('detects renames with churn in the full pass', async () => {
    const commits = await readHistory({ cwd: fixture.repo.dir, mode: 'full' });
    const c8 = commits.find((commit) => commit.hash === fixture.c.c8)!;
    assert.deepEqual(c8.files, [{ path: 'lib/d.ts', oldPath: 'src/c.ts', status: 'R', added: 1, deleted: 1 }]);
    const c12 = commits.find((commit) => commit.hash === fixture.c.c12)!;
    assert.deepEqual(c12.files, []);
  });

  it('gives the same commits, files, statuses and renames in the fast and the full pass; only churn differs', async () => {
    const full = await readHistory({ cwd: fixture.repo.dir, mode: 'full' });
    const fast = await readHistory({ cwd: fixture.repo.dir, mode: 'fast' });
    assert.deepEqual(fast, withoutChurn(full));
    assert.ok(full.some((commit) => commit.files.some((file) => file.added !== null)));
  });

  it('keeps only commits inside the window, both bounds inclusive (committer date)', async () => {
    const since = new Date('2024-02-01T10:00:00Z');
    const until = new Date('2024-03-15T10:00:00Z');
    const commits = await readHistory({ cwd: fixture.repo.dir, mode: 'fast', since, until });
    assert.deepEqual(named(commits), ['m1', 'f1', 'c6', 'c5', 'c4', 'c3']);
    assert.equal(await countCommits(fixture.repo.dir, since, until), 6);

    const later = await readHistory({ cwd: fixture.repo.dir, mode: 'fast', since: new Date('2024-02-01T10:00:01Z'), until: new Date('2024-03-15T09:59:59Z') });
    assert.deepEqual(named(later), ['f1', 'c6', 'c5', 'c4']);
  });

  it('reads the messages of the same commits alone, whole and newest first, for project-key discovery', async () => {
    const since = new Date('2024-02-01T10:00:00Z');
    const messages = await readCommitMessages({ cwd: fixture.repo.dir }, since);
    const commits = await readHistory({ cwd: fixture.repo.dir, mode: 'fast', since });
    assert.deepEqual(messages.map((message) => message.trimEnd()), commits.map((commit) => commit.message.trimEnd()));
    assert.ok(messages.length >= 6 && messages.every((message) => message.trim() !== ''));
  });

  it('counts the commits it would read', async () => {
    assert.equal(await countCommits(fixture.repo.dir), 14);
    assert.equal(await countCommits(fixture.repo.dir, new Date('2024-05-01T10:00:00Z')), 4);
  });

  it('reads only a range, for extending a cache', async () => {
    const commits = await readHistory({ cwd: fixture.repo.dir, mode: 'fast', range: { from: fixture.c.c6!, to: 'HEAD' } });
    assert.deepEqual(named(commits), ['c12', 'c11', 'c10', 'c9', 'c8', 'c7', 'm1', 'f1']);
  });

  it('reports progress with the final count', async () => {
    const reports: number[] = [];
    await readHistory({ cwd: fixture.repo.dir, mode: 'fast', onProgress: (count) => reports.push(count) });
    assert.deepEqual(reports, [14]);
  });

  it('throws CancelledError when the signal is aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    await assert.rejects(readHistory({ cwd: fixture.repo.dir, mode: 'full', signal: controller.signal }), CancelledError);
  });

  it('windows by committer date and reports both dates', async () => {
    const rebased = GitRepoBuilder.create();
    try {
      rebased.write('a.ts', 'a\n');
      const old = rebased.commit({ message: 'old', date: '2024-01-01T10:00:00Z' });
      rebased.write('a.ts', 'b\n');
      const picked = rebased.commit({ message: 'written long ago, committed lately', date: '2023-06-01T10:00:00Z', committerDate: '2024-02-10T10:00:00Z' });
      const commits = await readHistory({ cwd: rebased.dir, mode: 'fast', since: new Date('2024-02-01T00:00:00Z') });
      assert.deepEqual(
        commits.map((commit) => [commit.hash, commit.authorTime, commit.commitTime]),
        [[picked, at('2023-06-01T10:00:00Z'), at('2024-02-10T10:00:00Z')]],
      );
      assert.notEqual(old, picked);
    } finally {
      rebased.cleanup();
    }
  });

  it('windows exactly in the early 1970s, where a bare number is no timestamp to git, and before 1970', async () => {
    const early = GitRepoBuilder.create();
    try {
      early.write('a.ts', 'a\n');
      const first = early.commit({ message: 'first', date: '1970-01-02T00:00:00Z' });
      early.write('a.ts', 'b\n');
      const second = early.commit({ message: 'second', date: '1973-03-05T00:00:00Z' });
      const window = async (since: string, until?: string): Promise<string[]> =>
        (await readHistory({ cwd: early.dir, mode: 'fast', since: new Date(since), ...(until === undefined ? {} : { until: new Date(until) }) })).map((commit) => commit.hash);
      assert.deepEqual(await window('1973-03-02T00:00:00Z'), [second]);
      assert.deepEqual(await window('1970-01-01T00:00:00Z'), [second, first]);
      assert.deepEqual(await window('1914-01-01T00:00:00Z'), [second, first]);
      assert.deepEqual(await window('1914-01-01T00:00:00Z', '1970-01-02T00:00:00Z'), [first]);
      assert.deepEqual(await window('1914-01-01T00:00:00Z', '1969-12-31T23:59:59Z'), []);
      assert.equal(await countCommits(early.dir, new Date('1960-01-01T00:00:00Z'), new Date('1973-03-04T00:00:00Z')), 1);
    } finally {
      early.cleanup();
    }
  });

  it('lists paths from the top folder when run in a subfolder, whatever diff.relative says', async () => {
    const nested = GitRepoBuilder.create();
    try {
      nested.write('src/a.ts', 'a\n').write('docs/b.md', 'b\n');
      nested.commit({ message: 'two folders', date: '2024-01-01T10:00:00Z' });
      nested.git('config', 'diff.relative', 'true');
      const [commit] = await readHistory({ cwd: path.join(nested.dir, 'src'), mode: 'full' });
      assert.deepEqual(
        commit!.files.map((file) => file.path),
        ['docs/b.md', 'src/a.ts'],
      );
    } finally {
      nested.cleanup();
    }
  });

  it('stops reading when the signal is aborted midway', async () => {
    const long = GitRepoBuilder.create();
    try {
      let stream = '';
      for (let i = 1; i <= 350; i++) {
        const message = `commit ${i}\n`;
        const content = `version ${i}\n`;
        const time = 1704103200 + i * 60;
        stream += `commit refs/heads/main\nauthor A <a@example.com> ${time} +0000\ncommitter A <a@example.com> ${time} +0000\n`;
        stream += `data ${Buffer.byteLength(message)}\n${message}M 644 inline f.txt\ndata ${Buffer.byteLength(content)}\n${content}\n`;
      }
      execFileSync('git', ['fast-import', '--quiet'], { cwd: long.dir, input: stream });
      const controller = new AbortController();
      const reports: number[] = [];
      const reading = readHistory({
        cwd: long.dir,
        mode: 'full',
        signal: controller.signal,
        onProgress: (count) => {
          reports.push(count);
          controller.abort();
        },
      });
      await assert.rejects(reading, CancelledError);
      assert.deepEqual(reports, [100]);
      assert.equal((await readHistory({ cwd: long.dir, mode: 'fast' })).length, 350);
    } finally {
      long.cleanup();
    }
  });

  it('throws the typed errors for an empty repository and a folder outside any repository', async () => {
    const empty = GitRepoBuilder.create();
    const plain = fs.mkdtempSync(path.join(os.tmpdir(), 'debt-lens-plain-'));
    try {
      await assert.rejects(readHistory({ cwd: empty.dir, mode: 'fast' }), EmptyRepositoryError);
      await assert.rejects(countCommits(empty.dir), EmptyRepositoryError);
      await assert.rejects(readHistory({ cwd: plain, mode: 'fast' }), NotAGitRepositoryError);
    } finally {
      empty.cleanup();
      fs.rmSync(plain, { recursive: true, force: true });
    }
  });
});
