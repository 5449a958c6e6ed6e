import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { historyLogArguments } from '../../../src/core/history/gitLog';
import type { CommitRecord, FileChange } from '../../../src/core/history/logParser';
import { LOG_FORMAT, LogFormatError, LogParser, parseLogOutput } from '../../../src/core/history/logParser';
import { ALICE, BOB, GitRepoBuilder } from '../support/gitRepoBuilder';

const POSIX = process.platform !== 'win32'; // tabs and newlines in file names, symlinks

function parseInChunks(output: Buffer, size: number): CommitRecord[] {
  const commits: CommitRecord[] = [];
  const parser = new LogParser((commit) => commits.push(commit));
  for (let start = 0; start < output.length; start += size) {
    parser.push(output.subarray(start, start + size));
  }
  parser.end();
  return commits;
}

function parseSplitAt(output: Buffer, cuts: readonly number[]): CommitRecord[] {
  const commits: CommitRecord[] = [];
  const parser = new LogParser((commit) => commits.push(commit));
  let start = 0;
  for (const cut of [...cuts, output.length]) {
    parser.push(output.subarray(start, cut));
    start = cut;
  }
  parser.end();
  return commits;
}

describe('LogParser', () => {
  let repo: GitRepoBuilder;
  let c1: string;
  let c2: string;
  let c3: string;
  let c4: string;
  const message1 = 'Ünïcödé 🚀 subject\n\nbody line\twith tab\nsecond \x1e line with RS and \x1f US\n\nFixes #3';
  const tabPath = POSIX ? 'tab\there\nand newline.txt' : 'tab here.txt';

  before(() => {
    repo = GitRepoBuilder.create();
    repo
      .write('dir with space/file one.txt', 'one\ntwo\nthree\n')
      .write(tabPath, 'x\ny\n')
      .write('日本語/ファイル.ts', 'export const a = 1;\nexport const b = 2;\nexport const c = 3;\nexport const d = 4;\n')
      .write('bin/data.bin', Buffer.from([0, 1, 2, 0, 3]))
      .write('link.txt', 'target\n');
    c1 = repo.commit({ message: message1, author: ALICE, date: '2024-01-01T10:00:00Z' });
    repo
      .rename('dir with space/file one.txt', 'renamed/file ü.txt')
      .write('renamed/file ü.txt', 'one\ntwo\nthree\nfour\n')
      .write('bin/data.bin', Buffer.from([0, 1, 2, 0, 4, 5]))
      .remove(tabPath);
    c2 = repo.commit({ message: 'rename with edits', author: BOB, date: '2024-01-02T10:00:00Z' });
    c3 = repo.commit({ message: 'empty', author: BOB, date: '2024-01-03T10:00:00Z' });
    repo.write('copy.ts', repo.read('日本語/ファイル.ts'));
    if (POSIX) {
      fs.rmSync(path.join(repo.dir, 'link.txt'));
      fs.symlinkSync('target', path.join(repo.dir, 'link.txt'));
    }
    c4 = repo.commit({ message: 'copy', author: ALICE, date: '2024-01-04T10:00:00Z' });
  });

  after(() => repo.cleanup());

  const fullOutput = (): Buffer => repo.gitBytes(...historyLogArguments({ mode: 'full' }));
  const fastOutput = (): Buffer => repo.gitBytes(...historyLogArguments({ mode: 'fast' }));

  function expected(churn: boolean): CommitRecord[] {
    const n = (value: number): number | null => (churn ? value : null);
    const c4Files: FileChange[] = [{ path: 'copy.ts', status: 'A', added: n(4), deleted: n(0) }];
    if (POSIX) {
      // A regular file that became a symlink is a type change; the link's target is its one line.
      c4Files.push({ path: 'link.txt', status: 'T', added: n(1), deleted: n(1) });
    }
    return [
      { hash: c4, authorName: ALICE.name, authorEmail: ALICE.email, authorTime: 1704362400, commitTime: 1704362400, message: 'copy', files: c4Files },
      { hash: c3, authorName: BOB.name, authorEmail: BOB.email, authorTime: 1704276000, commitTime: 1704276000, message: 'empty', files: [] },
      {
        hash: c2,
        authorName: BOB.name,
        authorEmail: BOB.email,
        authorTime: 1704189600,
        commitTime: 1704189600,
        message: 'rename with edits',
        files: [
          { path: 'bin/data.bin', status: 'M', added: null, deleted: null },
          { path: 'renamed/file ü.txt', oldPath: 'dir with space/file one.txt', status: 'R', added: n(1), deleted: n(0) },
          { path: tabPath, status: 'D', added: n(0), deleted: n(2) },
        ],
      },
      {
        hash: c1,
        authorName: ALICE.name,
        authorEmail: ALICE.email,
        authorTime: 1704103200,
        commitTime: 1704103200,
        message: message1,
        files: [
          { path: 'bin/data.bin', status: 'A', added: null, deleted: null },
          { path: 'dir with space/file one.txt', status: 'A', added: n(3), deleted: n(0) },
          { path: 'link.txt', status: 'A', added: n(1), deleted: n(0) },
          { path: tabPath, status: 'A', added: n(2), deleted: n(0) },
          { path: '日本語/ファイル.ts', status: 'A', added: n(4), deleted: n(0) },
        ],
      },
    ];
  }

  it('reads the full pass (--raw --numstat): statuses, renames, churn, binary files, empty commits, odd paths and messages', () => {
    assert.deepEqual(parseLogOutput(fullOutput()), expected(true));
  });

  it('reads the fast pass (--name-status): the same records with churn null', () => {
    assert.deepEqual(parseLogOutput(fastOutput()), expected(false));
  });

  it('gives identical records whatever the chunk boundaries, one byte at a time included', () => {
    for (const output of [fullOutput(), fastOutput()]) {
      const whole = parseLogOutput(output);
      for (const size of [1, 2, 3, 5, 7, 13, 64, 4096]) {
        assert.deepEqual(parseInChunks(output, size), whole, `chunks of ${size} bytes`);
      }
    }
  });

  it('decodes a multi-byte character split across chunks', () => {
    const output = fullOutput();
    const rocket = output.indexOf(Buffer.from('🚀'));
    const kanji = output.indexOf(Buffer.from('日本語'));
    assert.ok(rocket > 0 && kanji > 0);
    const commits = parseSplitAt(output, [rocket + 1, rocket + 2, rocket + 3, kanji + 1, kanji + 4]);
    assert.deepEqual(commits, parseLogOutput(output));
    assert.equal(commits[3]!.message, message1);
  });

  it('reads copies and renames in name-status form', () => {
    const output = repo.gitBytes('log', '-C', '--find-copies-harder', `--format=${LOG_FORMAT}`, '-z', '--name-status', '-1', c4);
    const [commit] = parseLogOutput(output);
    assert.deepEqual(commit!.files[0], { path: 'copy.ts', oldPath: '日本語/ファイル.ts', status: 'C', added: null, deleted: null });
  });

  it('reads copies in --raw --numstat form, joining counts by path', () => {
    const output = repo.gitBytes('log', '-C', '--find-copies-harder', `--format=${LOG_FORMAT}`, '-z', '--raw', '--numstat', '-1', c4);
    const [commit] = parseLogOutput(output);
    assert.deepEqual(commit!.files[0], { path: 'copy.ts', oldPath: '日本語/ファイル.ts', status: 'C', added: 0, deleted: 0 });
  });

  describe('on hand-written output', () => {
    const header = (hash: string, message: string): string => `\x1e${hash}\x00N\x00n@example.com\x00100\x00200\x00${message}\n\x00\x00`;

    it('reads numstat-only output, renames in -z form included', () => {
      const output = `${header('h1', 'm1')}\n1\t2\t\x00old name\x00new\tname\x00-\t-\tbin\x00${header('h2', 'm2')}`;
      assert.deepEqual(parseLogOutput(output), [
        {
          hash: 'h1',
          authorName: 'N',
          authorEmail: 'n@example.com',
          authorTime: 100,
          commitTime: 200,
          message: 'm1',
          files: [
            { path: 'new\tname', oldPath: 'old name', status: 'R', added: 1, deleted: 2 },
            { path: 'bin', status: 'M', added: null, deleted: null },
          ],
        },
        { hash: 'h2', authorName: 'N', authorEmail: 'n@example.com', authorTime: 100, commitTime: 200, message: 'm2', files: [] },
      ]);
    });

    it('reads every name-status letter', () => {
      const output = `${header('h', 'm')}\nR100\x00a\x00b\x00C075\x00c\x00d\x00T\x00e\x00A\x00f\x00D\x00g\x00M\x00h\x00`;
      assert.deepEqual(
        parseLogOutput(output)[0]!.files.map((file) => [file.status, file.oldPath, file.path]),
        [
          ['R', 'a', 'b'],
          ['C', 'c', 'd'],
          ['T', undefined, 'e'],
          ['A', undefined, 'f'],
          ['D', undefined, 'g'],
          ['M', undefined, 'h'],
        ],
      );
    });

    it('keeps a message whose lines look like diff entries as message text', () => {
      const output = `${header('h', 'M\nR100\told')}\nM\x00x\x00`;
      const [commit] = parseLogOutput(output);
      assert.equal(commit!.message, 'M\nR100\told');
      assert.deepEqual(commit!.files, [{ path: 'x', status: 'M', added: null, deleted: null }]);
    });

    it('throws LogFormatError on output it does not understand', () => {
      assert.throws(() => parseLogOutput('not a log\x00'), LogFormatError);
      assert.throws(() => parseLogOutput(`${header('h', 'm')}\n???\x00x\x00`), LogFormatError);
      assert.throws(() => parseLogOutput('\x1eh\x00N\x00e\x00yesterday\x00200\x00m\x00'), LogFormatError);
      assert.throws(() => parseLogOutput('\x1eh\x00N\x00e\x00100\x00\x00m\x00'), LogFormatError);
    });

    it('throws LogFormatError when the output stops inside a commit', () => {
      assert.throws(() => parseLogOutput('\x1eh\x00N\x00e\x00'), LogFormatError);
      assert.throws(() => parseLogOutput(`${header('h', 'm')}\nR100\x00a\x00`), LogFormatError);
    });
  });
});
