import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CancelledError } from '../../../src/core/history/gitProcess';
import type { BlameLine, HarvestProgress } from '../../../src/core/ledger/harvestMarkers';
import { harvestMarkers, LinePorcelainParser } from '../../../src/core/ledger/harvestMarkers';
import { ALICE, BOB, GitRepoBuilder } from '../support/gitRepoBuilder';

const seconds = (iso: string): number => Date.parse(iso) / 1000;

describe('harvestMarkers', () => {
  let repo: GitRepoBuilder;
  let aliceCommit: string;
  let bobCommit: string;
  let countingGit: string;
  let log: string;
  const NOW = new Date('2026-03-11T00:00:00Z');
  const FILES = ['src/a.ts', 'tools/b.py', 'src/clean.ts', 'src/untracked.ts', 'src/staged.ts', 'src/gone.ts'];

  before(() => {
    repo = GitRepoBuilder.create();
    repo.write('src/a.ts', ['export const a = 1;', '// TODO(PROJ-12): alice wrote this', 'export const b = 2;', ''].join('\n'));
    repo.write('src/clean.ts', 'export const todo = "TODO in a string";\n');
    aliceCommit = repo.commit({ message: 'alice', date: '2026-01-10T12:00:00Z', author: ALICE });
    repo.write('src/a.ts', ['export const a = 1;', '// TODO(PROJ-12): alice wrote this', 'export const b = 2;', '// FIXME #45 bob wrote this', ''].join('\n'));
    repo.write('tools/b.py', 'x = 1  # HACK bob again\n');
    bobCommit = repo.commit({ message: 'bob', date: '2026-03-01T12:00:00Z', author: BOB });
    // Work tree changes: an uncommitted marker, an untracked file, a staged new file.
    repo.write('src/a.ts', ['export const a = 1;', '// TODO(PROJ-12): alice wrote this', 'export const b = 2;', '// FIXME #45 bob wrote this', '/* XXX not committed yet */', ''].join('\n'));
    repo.write('src/untracked.ts', '// TODO untracked\n');
    repo.write('src/staged.ts', '// HACK staged only\n');
    repo.git('add', 'src/staged.ts');

    log = path.join(repo.dir, '.git', 'calls.log');
    countingGit = path.join(repo.dir, '.git', 'counting-git.sh');
    fs.writeFileSync(countingGit, `#!/bin/sh\necho "$*" >> '${log}'\nexec git "$@"\n`, { mode: 0o755 });
  });

  after(() => repo.cleanup());

  const readFile = async (file: string): Promise<string | undefined> => {
    try {
      return await fs.promises.readFile(path.join(repo.dir, file), 'utf8');
    } catch {
      return undefined;
    }
  };

  it('dates every marker with its author, time, commit and age; uncommitted, staged and untracked lines have no author', async () => {
    const progress: HarvestProgress[] = [];
    const markers = await harvestMarkers({
      git: { cwd: repo.dir },
      files: FILES,
      readFile,
      options: { projectKeys: new Set(['PROJ']) },
      now: NOW,
      onProgress: (step) => progress.push(step),
    });
    const pick = (marker: (typeof markers)[number]): unknown[] => [
      marker.path,
      marker.line,
      marker.tag,
      marker.references.map((reference) => reference.id),
      marker.blame,
      marker.author,
      marker.authorEmail,
      marker.authorTime,
      marker.commit,
      marker.ageDays,
    ];
    assert.deepEqual(markers.map(pick), [
      ['src/a.ts', 2, 'TODO', ['PROJ-12'], 'committed', ALICE.name, ALICE.email, seconds('2026-01-10T12:00:00Z'), aliceCommit, 59],
      ['src/a.ts', 4, 'FIXME', ['#45'], 'committed', BOB.name, BOB.email, seconds('2026-03-01T12:00:00Z'), bobCommit, 9],
      ['src/a.ts', 5, 'XXX', [], 'uncommitted', null, null, null, null, 0],
      ['tools/b.py', 1, 'HACK', [], 'committed', BOB.name, BOB.email, seconds('2026-03-01T12:00:00Z'), bobCommit, 9],
      ['src/untracked.ts', 1, 'TODO', [], 'untracked', null, null, null, null, null],
      ['src/staged.ts', 1, 'HACK', [], 'uncommitted', null, null, null, null, 0],
    ]);
    assert.deepEqual(markers[0], {
      path: 'src/a.ts',
      line: 2,
      column: 4,
      tag: 'TODO',
      text: '(PROJ-12): alice wrote this',
      references: [{ kind: 'jira', id: 'PROJ-12' }],
      blame: 'committed',
      author: ALICE.name,
      authorEmail: ALICE.email,
      authorTime: seconds('2026-01-10T12:00:00Z'),
      commit: aliceCommit,
      ageDays: 59,
    });
    assert.deepEqual(progress.at(-1), { phase: 'blame', done: 4, total: 4 });
    assert.deepEqual(progress.filter((step) => step.phase === 'read').at(-1), { phase: 'read', done: 6, total: 6 });
  });

  it('runs exactly one git blame per tracked file with markers, all its marker lines in that one process', async () => {
    fs.rmSync(log, { force: true });
    const markers = await harvestMarkers({
      git: { cwd: repo.dir, binary: countingGit },
      files: FILES,
      readFile,
      options: { projectKeys: new Set() },
      now: NOW,
      concurrency: 2,
    });
    assert.equal(markers.length, 6);
    const blames = fs
      .readFileSync(log, 'utf8')
      .split('\n')
      .filter((line) => / blame /.test(line))
      .map((line) => line.slice(line.indexOf('blame ')))
      .sort();
    assert.deepEqual(blames, [
      'blame --line-porcelain -L 1,1 -- src/staged.ts',
      'blame --line-porcelain -L 1,1 -- tools/b.py',
      'blame --line-porcelain -L 2,2 -L 4,4 -L 5,5 -- src/a.ts',
    ]);
  });

  it('runs no git at all when no file has a marker', async () => {
    fs.rmSync(log, { force: true });
    const markers = await harvestMarkers({
      git: { cwd: repo.dir, binary: countingGit },
      files: ['src/clean.ts'],
      readFile,
      options: { projectKeys: new Set() },
      now: NOW,
    });
    assert.deepEqual([markers, fs.existsSync(log)], [[], false]);
  });

  it('reports a file git cannot blame (text read no longer matches the disk) without authors instead of failing', async () => {
    const markers = await harvestMarkers({
      git: { cwd: repo.dir },
      files: ['tools/b.py', 'src/a.ts'],
      readFile: async (file) => (file === 'tools/b.py' ? '\n\n\n\n\n\n# TODO line 7 is past the end on disk\n' : readFile(file)),
      options: { projectKeys: new Set() },
      now: NOW,
    });
    assert.deepEqual(
      markers.map((marker) => [marker.path, marker.line, marker.blame, marker.author]),
      [
        ['tools/b.py', 7, 'unavailable', null],
        ['src/a.ts', 2, 'committed', ALICE.name],
        ['src/a.ts', 4, 'committed', BOB.name],
        ['src/a.ts', 5, 'uncommitted', null],
      ],
    );
  });

  it('stops with CancelledError when the signal aborts', async () => {
    const controller = new AbortController();
    controller.abort();
    await assert.rejects(
      harvestMarkers({ git: { cwd: repo.dir }, files: FILES, readFile, options: { projectKeys: new Set() }, now: NOW, signal: controller.signal }),
      CancelledError,
    );
    const later = new AbortController();
    let reads = 0;
    await assert.rejects(
      harvestMarkers({
        git: { cwd: repo.dir },
        files: FILES,
        readFile: async (file) => {
          if (++reads === 2) {
            later.abort();
          }
          return readFile(file);
        },
        options: { projectKeys: new Set() },
        now: NOW,
        signal: later.signal,
        concurrency: 1,
      }),
      CancelledError,
    );
    assert.equal(reads, 2);
  });
});

describe('LinePorcelainParser', () => {
  it('reads commit, final line, author, mail and time from each line record', () => {
    const output = [
      `${'a'.repeat(40)} 3 7 1`,
      'author Alice Example',
      'author-mail <alice@example.com>',
      'author-time 1768046400',
      'author-tz +0000',
      'committer Alice Example',
      'summary author-time 5 in a summary is not read',
      'filename src/a.ts',
      '\tauthor fake',
      `${'0'.repeat(40)} 9 9 1`,
      'author Not Committed Yet',
      'author-mail <not.committed.yet>',
      'author-time 1773000000',
      'filename src/a.ts',
      '\t// XXX',
    ];
    const lines: BlameLine[] = [];
    const parser = new LinePorcelainParser((line) => lines.push(line));
    output.forEach((line) => parser.push(line));
    assert.deepEqual(lines, [
      { commit: 'a'.repeat(40), line: 7, author: 'Alice Example', authorEmail: 'alice@example.com', authorTime: 1768046400 },
      { commit: '0'.repeat(40), line: 9, author: 'Not Committed Yet', authorEmail: 'not.committed.yet', authorTime: 1773000000 },
    ]);
  });
});
