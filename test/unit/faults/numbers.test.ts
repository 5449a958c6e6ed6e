import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { GitRepoBuilder } from '../support/gitRepoBuilder';
import type { BoundedRun } from './faultSupport';
import {
  assertCompleted,
  assertExit,
  assertNoStackFrame,
  assertOneLineError,
  assertTreeUnchanged,
  childEnv,
  fileOf,
  parseReport,
  runCli,
  snapshotTree,
  sourceWithBranches,
  tempDir,
} from './faultSupport';

/**
 * Issue 10, "Silently wrong numbers" (9–14): each test asserts the right number exactly, from the
 * JSON report (or the table where the issue saw it), of a scan of a real repository.
 */

describe('issue 10 · the numbers are right', function () {
  this.timeout(120_000);
  const repos: GitRepoBuilder[] = [];
  let cacheDir: string;
  let env: NodeJS.ProcessEnv;

  beforeEach(() => {
    cacheDir = tempDir('debt-lens-fault-cache-');
    env = childEnv({ DEBT_LENS_CACHE_DIR: cacheDir });
  });

  afterEach(() => {
    for (const repo of repos.splice(0)) {
      repo.cleanup();
    }
    fs.rmSync(cacheDir, { recursive: true, force: true });
  });

  function newRepo(): GitRepoBuilder {
    const repo = GitRepoBuilder.create('debt-lens-fault-numbers-');
    repos.push(repo);
    return repo;
  }

  /** A scan that must succeed; the repository is left as it was. */
  function scan(repo: GitRepoBuilder, args: readonly string[]): BoundedRun {
    const before = snapshotTree(repo.dir);
    const run = runCli(['scan', repo.dir, '--quiet', ...args], { env });
    assertCompleted(run, 'scan');
    assertNoStackFrame(run.stderr);
    assertExit(run, 0);
    assertTreeUnchanged(repo.dir, before);
    return run;
  }

  describe('case 9: month arithmetic', () => {
    let repo: GitRepoBuilder;

    beforeEach(() => {
      repo = newRepo();
      repo.write('src/a.ts', sourceWithBranches(1));
      repo.commit({ message: 'initial', date: '2026-01-10T10:00:00Z' });
    });

    it('case 9: --since 1m with --until 2026-03-31 starts the window on 2026-02-28, not 2026-03-03', () => {
      const report = parseReport(scan(repo, ['--format', 'json', '--since', '1m', '--until', '2026-03-31']));
      assert.match(report.window.until, /^2026-03-31T/);
      assert.match(report.window.since, /^2026-02-28T/);
    });

    it('case 9: the default 12-month window ending 2024-02-29 starts on 2023-02-28, not 2023-03-01', () => {
      const report = parseReport(scan(repo, ['--format', 'json', '--until', '2024-02-29']));
      assert.match(report.window.until, /^2024-02-29T/);
      assert.match(report.window.since, /^2023-02-28T/);
    });
  });

  describe('case 10: early and impossible dates', () => {
    let repo: GitRepoBuilder;

    beforeEach(() => {
      // git accepts commit dates from 1970 on; a bare number below 100,000,000 it does not read as a
      // timestamp, which is what today's --since passes for dates before 1973-03-03.
      repo = newRepo();
      repo.write('src/a.ts', sourceWithBranches(1));
      repo.commit({ message: 'first', date: '1970-01-02T00:00:00Z' });
      repo.write('src/a.ts', sourceWithBranches(2));
      repo.commit({ message: 'second', date: '1973-03-05T00:00:00Z' });
    });

    for (const [since, commits] of [['1973-03-02', 1], ['1970-01-01', 2], ['60y', 2]] as const) {
      it(`case 10: --since ${since} --until 1974-01-01 counts the ${commits} commit(s) dated after it`, () => {
        const report = parseReport(scan(repo, ['--format', 'json', '--since', since, '--until', '1974-01-01']));
        assert.equal(report.stats.commits, commits, `commits in the window ${JSON.stringify(report.window)}`);
        assert.equal(fileOf(report, 'src/a.ts')?.revisions, commits);
      });
    }

    // Exit 2: an impossible date is bad usage, as an unknown format already is; it must not
    // silently become 2024-03-01.
    it('case 10: --since 2024-02-30 is refused in one line naming the date (exit 2)', () => {
      const before = snapshotTree(repo.dir);
      const run = runCli(['scan', repo.dir, '--quiet', '--since', '2024-02-30'], { env });
      assertCompleted(run, 'scan');
      assertOneLineError(run.stderr, /2024-02-30/, { usage: true });
      assertExit(run, 2);
      assertTreeUnchanged(repo.dir, before);
    });
  });

  it('case 11: a shallow clone counts no churn from its boundary commit, and its counts are lower bounds of the full clone', () => {
    const source = newRepo();
    const lines = Array.from({ length: 40 }, (_, i) => `export const v${i} = ${i};`).join('\n');
    source.write('src/big.ts', `${lines}\n`);
    source.write('src/util.ts', 'export const u1 = 0;\nexport const u2 = 2;\nexport const u3 = 3;\n');
    source.commit({ message: 'before the window', date: '2025-06-01T00:00:00Z' });
    for (let i = 1; i <= 6; i++) {
      source.write('src/util.ts', `export const u1 = ${i};\nexport const u2 = 2;\nexport const u3 = 3;\n`);
      source.commit({ message: `util ${i}`, date: `2026-01-0${i}T00:00:00Z` });
    }
    // Depth 3: commits util 4 (the boundary, whose parent is missing), util 5 and util 6.
    const shallow = GitRepoBuilder.cloneShallow(source, 3, 'debt-lens-fault-shallow-');
    repos.push(shallow);
    const window = ['--format', 'json', '--since', '2026-01-01', '--until', '2026-02-01'];

    const full = parseReport(scan(source, window));
    const partial = parseReport(scan(shallow, window));
    assert.deepEqual(
      ['src/big.ts', 'src/util.ts'].map((file) => [file, fileOf(full, file)?.revisions, fileOf(full, file)?.added, fileOf(full, file)?.deleted]),
      [['src/big.ts', 0, 0, 0], ['src/util.ts', 6, 6, 6]],
      'the full clone (the reference) is not as built',
    );
    for (const file of partial.files) {
      const reference = fileOf(full, file.path);
      assert.ok(reference !== undefined, `${file.path} is not in the full clone's report`);
      assert.ok(file.revisions <= reference.revisions, `${file.path}: ${file.revisions} revisions in the shallow clone, ${reference.revisions} in the full one`);
      assert.ok((file.added ?? 0) <= (reference.added ?? 0), `${file.path}: +${file.added} in the shallow clone, +${reference.added} in the full one`);
      assert.ok((file.deleted ?? 0) <= (reference.deleted ?? 0), `${file.path}: -${file.deleted} in the shallow clone, -${reference.deleted} in the full one`);
    }
    // Only util 5 and util 6 have a known diff: +1/-1 each. The boundary commit adds nothing.
    const util = fileOf(partial, 'src/util.ts');
    assert.deepEqual([util?.added, util?.deleted], [2, 2], 'src/util.ts churn in the shallow clone');
    assert.match(partial.warnings.join('\n'), /shallow/i);
    assert.match(partial.warnings.join('\n'), /lower bound|at least|undercount/i);
  });

  it('case 12: the same bytes in a.js and b.ts are each parsed as their own type: `<number>a` is an error in a.js only', () => {
    const repo = newRepo();
    // A type assertion: TypeScript syntax; in a .js file `<number>` opens a JSX element.
    const text = 'export function f(a) {\n  return <number>a;\n}\n';
    repo.write('a.js', text).write('b.ts', text);
    repo.commit({ message: 'same bytes', date: '2026-01-10T10:00:00Z' });
    const report = parseReport(scan(repo, ['--format', 'json', '--since', '2025-06-01', '--until', '2026-06-01']));
    assert.deepEqual(report.errors.map((error) => error.path), ['a.js']);
    assert.equal(fileOf(report, 'b.ts')?.loc, 3, 'b.ts is not measured');
  });

  it('case 12: the same bytes in a.js and b.ts are each parsed as their own type: JSX parses in a.js and is an error in b.ts', () => {
    const repo = newRepo();
    // JSX: fine in a .js file, not TypeScript in a .ts file.
    const text = 'export function view(name) {\n  return <div>{name}</div>;\n}\n';
    repo.write('a.js', text).write('b.ts', text);
    repo.commit({ message: 'same bytes', date: '2026-01-10T10:00:00Z' });
    const report = parseReport(scan(repo, ['--format', 'json', '--since', '2025-06-01', '--until', '2026-06-01']));
    assert.deepEqual(report.errors.map((error) => error.path), ['b.ts']);
    assert.equal(fileOf(report, 'a.js')?.loc, 3, 'a.js is not measured');
  });

  it('case 13: three files with the same `// TODO same text` give markers: 3 in the scan (JSON and table)', () => {
    const repo = newRepo();
    const text = 'export const x = 1; // TODO same text\n';
    repo.write('a.ts', text).write('b.ts', text).write('c.ts', text);
    repo.commit({ message: 'three todos', date: '2026-01-10T10:00:00Z' });
    const report = parseReport(scan(repo, ['--format', 'json', '--since', '2025-06-01', '--until', '2026-06-01']));
    assert.equal(report.ledger?.markers.total, 3);
    const table = scan(repo, ['--since', '2025-06-01', '--until', '2026-06-01']);
    assert.match(table.stdout, /markers: 3\b/);
  });

  it('case 14: a cache holding cognitive -1e308 is not trusted: the rescan reports the real complexity, never -Infinity', () => {
    const repo = newRepo();
    repo.write('src/a.ts', sourceWithBranches(1));
    repo.commit({ message: 'one', date: '2026-01-10T10:00:00Z' });
    repo.write('src/a.ts', sourceWithBranches(2));
    repo.commit({ message: 'two', date: '2026-01-11T10:00:00Z' });
    const args = ['--cache-dir', cacheDir, '--since', '2025-06-01', '--until', '2026-06-01'];
    const cold = fileOf(parseReport(scan(repo, ['--format', 'json', ...args])), 'src/a.ts');
    assert.deepEqual([cold?.revisions, cold?.cognitive, cold?.score], [2, 2, 4], 'the cold scan (the reference) is not as built');

    // Well-typed but impossible: every complexity in the cache's metrics becomes -1e308.
    const [folder] = fs.readdirSync(cacheDir);
    assert.ok(folder !== undefined, 'the first scan wrote no cache');
    const file = path.join(cacheDir, folder, 'scan.json');
    const poisoned = JSON.stringify(JSON.parse(fs.readFileSync(file, 'utf8')), (key, value: unknown) =>
      typeof value === 'number' && /^(cognitive|maxCognitive)$/.test(key) ? -1e308 : value,
    );
    assert.ok(poisoned.includes('-1e+308'), 'the cache has no cognitive field to poison');
    fs.writeFileSync(file, poisoned);
    // The report memo beside it too: it holds the values as the report prints them.
    const memo = path.join(cacheDir, folder, 'report.json');
    const poisonedMemo = fs.readFileSync(memo, 'utf8').replace(/"cognitive":\d+/g, '"cognitive":-1e308');
    assert.ok(poisonedMemo.includes('-1e308'), 'the memo has no cognitive field to poison');
    fs.writeFileSync(memo, poisonedMemo);

    const json = scan(repo, ['--format', 'json', ...args]);
    assert.doesNotMatch(json.stdout, /Infinity|e\+308/, `the report shows the impossible values: ${/"[^"]*":-?(Infinity|[\d.]+e\+308)/.exec(json.stdout)?.[0]}`);
    const warm = fileOf(parseReport(json), 'src/a.ts');
    assert.deepEqual([warm?.revisions, warm?.cognitive, warm?.score], [2, 2, 4]);
    const table = scan(repo, args);
    assert.doesNotMatch(table.stdout, /Infinity|e\+308/, `the table shows the impossible values:\n${table.stdout}`);
  });
});
