import * as assert from 'node:assert/strict';
import type { FileReport, FunctionReport, ScanReport } from '../../../src/core/scan/scanReport';
import type { ScanOptions } from '../../../src/core/scan/scanRepository';
import { scanRepository } from '../../../src/core/scan/scanRepository';
import type { Author } from '../support/gitRepoBuilder';
import { ALICE, BOB, CAROL, GitRepoBuilder } from '../support/gitRepoBuilder';

const DAVE: Author = { name: 'Dave Example', email: 'dave@example.com' };
const ERIN: Author = { name: 'Erin Example', email: 'erin@example.com' };
const COPILOT: Author = { name: 'Copilot', email: '198982749+Copilot@users.noreply.github.com' };
/** Any clock: the default window ends at HEAD's commit date, whatever the day. */
const SOME_DAY = new Date('2031-03-14T00:00:00Z');

/** A function of cognitive complexity `branches` (one `if` each, no nesting) returning `variant`. */
function branchy(name: string, branches: number, variant: number): string {
  const ifs = Array.from({ length: branches }, (_, i) => `  if (a === ${i + 100}) {\n    return ${i};\n  }\n`).join('');
  return `export function ${name}(a: number): number {\n${ifs}  return ${variant};\n}\n`;
}

function fileOf(report: ScanReport, path: string): FileReport {
  const found = report.files.find((file) => file.path === path);
  assert.ok(found, `${path} is in the report`);
  return found;
}

function functionOf(report: ScanReport, path: string, name: string): FunctionReport {
  const found = fileOf(report, path).functions.find((fn) => fn.name === name);
  assert.ok(found, `${path} ${name} is in the report`);
  return found;
}

/** The report minus what differs between two scans of the same state. */
function stable(report: ScanReport): unknown {
  return { ...report, stats: { ...report.stats, cache: undefined, durationMs: undefined } };
}

/**
 * 30 production files and 10 test files, all created by one commit (2026-01-05), then changed:
 * - src/hot.ts: 5 revisions × cognitive 20 = 100: rank 1 of 30 (percentile 98.3);
 * - src/twice.ts: 2 revisions × cognitive 45 = 90: rank 2 (percentile 95), under the revision floor;
 * - src/simple.ts: 6 revisions × cognitive 14 = 84: rank 3 (91.7), under the complexity floor;
 * - 27 src/filler-N.ts: 1 × 1 (rank 4, percentile 45);
 * - test/hot.test.ts: 10 revisions × cognitive 30 = 300, above every production file, rank 1 of
 *   the 10 test files (percentile 95); 9 test/filler-N.test.ts: 1 × 1.
 */
function buildRankingRepo(): GitRepoBuilder {
  const repo = GitRepoBuilder.create('debt-lens-rules-rank-');
  for (let i = 1; i <= 27; i++) {
    repo.write(`src/filler-${i}.ts`, branchy(`filler${i}`, 1, 0));
  }
  for (let i = 1; i <= 9; i++) {
    repo.write(`test/filler-${i}.test.ts`, branchy(`testFiller${i}`, 1, 0));
  }
  repo.write('src/hot.ts', branchy('hot', 20, 0)).write('src/twice.ts', branchy('twice', 45, 0)).write('src/simple.ts', branchy('simple', 14, 0)).write('test/hot.test.ts', branchy('hotTest', 30, 0));
  repo.commit({ message: 'start', date: '2026-01-05T10:00:00Z' });
  const changes: [string, string, number, number][] = [
    ['src/hot.ts', 'hot', 20, 4],
    ['src/twice.ts', 'twice', 45, 1],
    ['src/simple.ts', 'simple', 14, 5],
    ['test/hot.test.ts', 'hotTest', 30, 9],
  ];
  let day = 1;
  for (const [path, name, branches, times] of changes) {
    for (let n = 1; n <= times; n++) {
      repo.write(path, branchy(name, branches, n)).commit({ message: `tune ${name} ${n}`, date: `2026-02-${String(day++).padStart(2, '0')}T10:00:00Z` });
    }
  }
  return repo;
}

describe('hotspot rules on real repositories', function () {
  this.timeout(120_000);

  describe('significance floors and test code apart', () => {
    let repo: GitRepoBuilder;
    let report: ScanReport;
    const base = (): ScanOptions => ({ cwd: repo.dir, now: SOME_DAY });
    const standing = (scan: ScanReport, path: string): unknown[] => {
      const file = fileOf(scan, path);
      return [file.category, file.rank, file.score, file.percentile, file.significant];
    };

    before(async () => {
      repo = buildRankingRepo();
      ({ report } = await scanRepository(base()));
    });

    after(() => repo.cleanup());

    it('states the rule it applied and the test globs', () => {
      assert.deepEqual(report.significance, { percentile: 90, minRevisions: 3, minComplexity: 15, minFunctionComplexity: 15, includeTests: false });
      assert.equal(report.significancePercentile, 90);
      assert.deepEqual(report.categories.testGlobs, ['**/{test,tests,__tests__,spec,e2e,fixtures,__fixtures__,__mocks__}/**', '**/*.{test,spec}.*']);
      assert.deepEqual([report.stats.rankedFiles, report.stats.testFiles, report.stats.significantFiles], [40, 10, 1]);
    });

    it('a file at percentile 95 with 2 revisions is not significant, nor one of cognitive 14 at 91.7', () => {
      assert.deepEqual(
        ['src/hot.ts', 'src/twice.ts', 'src/simple.ts', 'src/filler-1.ts'].map((path) => standing(report, path)),
        [
          ['production', 1, 100, 98.3, true],
          ['production', 2, 90, 95, false],
          ['production', 3, 84, 91.7, false],
          ['production', 4, 1, 45, false],
        ],
      );
    });

    it('lowering a floor makes exactly the file it held back significant', async () => {
      const { report: twoRevisions } = await scanRepository({ ...base(), significance: { minRevisions: 2 } });
      assert.deepEqual(['src/hot.ts', 'src/twice.ts', 'src/simple.ts'].map((path) => fileOf(twoRevisions, path).significant), [true, true, false]);
      const { report: fourteen } = await scanRepository({ ...base(), significance: { minComplexity: 14 } });
      assert.deepEqual(['src/hot.ts', 'src/twice.ts', 'src/simple.ts'].map((path) => fileOf(fourteen, path).significant), [true, false, true]);
      assert.equal(fourteen.significance.minFunctionComplexity, 14);
    });

    it('ranks test files among themselves: the test file scoring 300 leaves production ranks alone and is never significant', () => {
      assert.deepEqual(standing(report, 'test/hot.test.ts'), ['test', 1, 300, 95, false]);
      assert.deepEqual(standing(report, 'test/filler-1.test.ts'), ['test', 2, 1, 45, false]);
      // Production first by rank, then tests by rank.
      assert.deepEqual(report.files.slice(0, 4).map((file) => file.path), ['src/hot.ts', 'src/twice.ts', 'src/simple.ts', 'src/filler-1.ts']);
      assert.deepEqual(report.files.slice(30, 32).map((file) => file.path), ['test/hot.test.ts', 'test/filler-1.test.ts']);
      assert.equal(fileOf(report, 'test/hot.test.ts').xray, false, 'X-Ray picks production files');
    });

    it('includeTests lets a test file be significant, by its own category\'s percentile', async () => {
      const { report: withTests } = await scanRepository({ ...base(), significance: { includeTests: true } });
      assert.deepEqual(standing(withTests, 'test/hot.test.ts'), ['test', 1, 300, 95, true]);
      assert.deepEqual(standing(withTests, 'src/hot.ts'), ['production', 1, 100, 98.3, true]);
      assert.equal(withTests.stats.significantFiles, 2);
      assert.equal(fileOf(withTests, 'test/hot.test.ts').xray, true);
      assert.equal(functionOf(withTests, 'test/hot.test.ts', 'hotTest').significant, true);
    });

    it('test globs given replace the defaults', async () => {
      const { report: noTests } = await scanRepository({ ...base(), testGlobs: ['checks/**'] });
      assert.deepEqual(noTests.categories.testGlobs, ['checks/**']);
      assert.deepEqual(standing(noTests, 'test/hot.test.ts'), ['production', 1, 300, 98.8, true]);
      assert.deepEqual([noTests.stats.testFiles, fileOf(noTests, 'src/hot.ts').rank], [0, 2]);
    });

    it('functions follow the same rule, with the cognitive floor, ranked among the X-Rayed functions of their category', async () => {
      // Every production file X-Rayed: its 30 functions rank as the files do.
      const { report: all } = await scanRepository({ ...base(), xrayTop: 30 });
      assert.deepEqual(
        [['src/hot.ts', 'hot'], ['src/twice.ts', 'twice'], ['src/simple.ts', 'simple']].map(([path, name]) => {
          const fn = functionOf(all, path!, name!);
          return [name, fn.revisions, fn.cognitive, fn.rank, fn.percentile, fn.significant];
        }),
        [
          ['hot', 5, 20, 1, 98.3, true],
          ['twice', 2, 45, 2, 95, false],
          ['simple', 6, 14, 3, 91.7, false],
        ],
      );
    });
  });

  describe("each function's own facts, tickets and mass commits", () => {
    let repo: GitRepoBuilder;
    let report: ScanReport;

    /** alpha: lines 1–6; beta: lines 8–13. */
    const pair = (x: number, y: number): string =>
      `export function alpha(a: number): number {\n  if (a > 0) {\n    return ${x};\n  }\n  return 0;\n}\n\n` +
      `export function beta(b: number): number {\n  if (b > 0) {\n    return ${y};\n  }\n  return 0;\n}\n`;
    /** legacy: lines 1–7 (its line 3 is deleted in the window); stable: lines 9–11. */
    const old = (withLine: boolean): string =>
      `export function legacy(a: number): number {\n  if (a > 0) {\n${withLine ? '    a = a + 1;\n' : ''}    return a;\n  }\n  return 0;\n}\n\n` +
      `export function stable(): number {\n  return 1;\n}\n`;
    const generated = (i: number, v: number): string => `export const g${i} = ${v};\n`;

    before(() => {
      repo = GitRepoBuilder.create('debt-lens-rules-facts-');
      // Before the window (which ends at HEAD, 2026-06-01, and starts 2025-06-01).
      repo.write('src/old.ts', old(true)).write('src/untouched.ts', branchy('untouched', 2, 0)).commit({ message: 'legacy', author: DAVE, date: '2025-01-10T10:00:00Z' });
      repo.write('src/pair.ts', pair(0, 0)).commit({ message: '#1 add pair', author: ALICE, date: '2026-02-01T10:00:00Z' });
      repo.write('src/pair.ts', pair(1, 0)).commit({ message: '#2 tune alpha', author: BOB, date: '2026-02-02T10:00:00Z' });
      repo.write('src/pair.ts', pair(1, 1)).commit({ message: '#3 tune beta', author: CAROL, date: '2026-02-03T10:00:00Z' });
      repo.write('src/pair.ts', pair(1, 2)).commit({ message: '#4 tune beta', author: DAVE, date: '2026-02-04T10:00:00Z' });
      repo.write('src/pair.ts', pair(1, 3)).commit({ message: '#5 tune beta again (#3)', author: ERIN, date: '2026-02-05T10:00:00Z' });
      repo.write('src/pair.ts', pair(1, 4)).commit({ message: 'Copilot tweak for #77', author: COPILOT, date: '2026-02-06T10:00:00Z' });
      // 30 files: exactly the cap, so #9 is attributed to each.
      for (let i = 1; i <= 30; i++) {
        repo.write(`src/gen/g-${i}.ts`, generated(i, 0));
      }
      repo.commit({ message: 'add generated constants (#9)', author: BOB, date: '2026-03-01T10:00:00Z' });
      // 31 files (the 30 and beta): a mass commit, #12 goes to none of them.
      for (let i = 1; i <= 30; i++) {
        repo.write(`src/gen/g-${i}.ts`, generated(i, 1));
      }
      repo.write('src/pair.ts', pair(1, 5)).commit({ message: 'chore: reformat everything (#12)', author: ALICE, date: '2026-04-01T10:00:00Z' });
      repo.write('src/gen/g-1.ts', generated(1, 2)).commit({ message: 'fix: g1 overflow (#12)', author: CAROL, date: '2026-04-02T10:00:00Z' });
      repo.write('src/old.ts', old(false)).commit({ message: 'drop a line of legacy', author: CAROL, date: '2026-04-03T10:00:00Z' });
      for (const [i, id] of ['#9910', '#991', '#992'].entries()) {
        repo.write('NOTES.md', `note ${i}\n`).commit({ message: `notes for ${id}`, author: BOB, date: `2026-05-0${i + 1}T10:00:00Z` });
      }
      repo.write('NOTES.md', 'final\n').commit({ message: 'notes', author: BOB, date: '2026-06-01T10:00:00Z' });
    });

    before(async () => {
      ({ report } = await scanRepository({ cwd: repo.dir, now: SOME_DAY }));
    });

    after(() => repo.cleanup());

    it("gives a function its own authors, main developer, ownership, bus factor and tickets, never the file's", () => {
      const file = fileOf(report, 'src/pair.ts');
      assert.deepEqual([file.revisions, file.authors, file.tickets], [6, 5, ['#3', '#1', '#2', '#4', '#5']], 'the Copilot commit and the mass commit\'s ticket are left out');
      const facts = (fn: FunctionReport): unknown[] => [fn.revisions, fn.authors, fn.mainDeveloper, fn.ownership, fn.busFactor, fn.tickets];
      // alpha: Alice wrote its 6 lines, Bob changed one: 2 of the file's 5 authors.
      assert.deepEqual(facts(functionOf(report, 'src/pair.ts', 'alpha')), [2, 2, 'Alice Example', 6 / 7, 1, ['#1', '#2']]);
      // beta: Alice 6 lines + 1 in the mass commit, Carol, Dave and Erin one each: 7 of 10.
      assert.deepEqual(facts(functionOf(report, 'src/pair.ts', 'beta')), [5, 4, 'Alice Example', 7 / 10, 1, ['#3', '#1', '#4', '#5']]);
    });

    it('weighs by commits where no line was added inside, and says nothing of code X-Ray saw unchanged or did not run on', () => {
      const facts = (fn: FunctionReport): unknown[] => [fn.revisions, fn.authors, fn.mainDeveloper, fn.ownership, fn.busFactor, fn.tickets];
      assert.deepEqual(facts(functionOf(report, 'src/old.ts', 'legacy')), [1, 1, 'Carol Example', 1, 1, []], 'a pure deletion: by revisions');
      assert.deepEqual(facts(functionOf(report, 'src/old.ts', 'stable')), [0, 0, null, null, 0, []]);
      assert.equal(fileOf(report, 'src/untouched.ts').xray, false);
      assert.deepEqual(facts(functionOf(report, 'src/untouched.ts', 'untouched')), [null, null, null, null, null, null]);
      assert.equal(functionOf(report, 'src/untouched.ts', 'untouched').significant, false);
    });

    it('a commit touching 31 files attributes its ticket to no file; one touching 30 to each', () => {
      assert.deepEqual(fileOf(report, 'src/gen/g-1.ts').tickets, ['#9', '#12'], '#12 from the 1-file fix only');
      assert.deepEqual(fileOf(report, 'src/gen/g-2.ts').tickets, ['#9']);
      assert.equal(report.massCommitFiles, 30);
    });

    it('lists every cited item with its commits, files and the newest citing subject; numbers in order; bots left out', () => {
      const at = (day: string): string => `2026-${day}T10:00:00.000Z`;
      const once = (day: string): object => ({ kind: 'change', firstCommit: at(day), lastCommit: at(day), leadTimeHours: null, leadTimeSource: null });
      assert.deepEqual(report.tickets, [
        { id: '#3', commits: 2, files: 1, title: '#5 tune beta again (#3)', kind: 'change', firstCommit: at('02-03'), lastCommit: at('02-05'), leadTimeHours: 48, leadTimeSource: 'commits' },
        { id: '#12', commits: 2, files: 1, title: 'fix: g1 overflow (#12)', kind: 'bug', firstCommit: at('04-01'), lastCommit: at('04-02'), leadTimeHours: 24, leadTimeSource: 'commits' },
        { id: '#1', commits: 1, files: 1, title: '#1 add pair', ...once('02-01') },
        { id: '#2', commits: 1, files: 1, title: '#2 tune alpha', ...once('02-02') },
        { id: '#4', commits: 1, files: 1, title: '#4 tune beta', ...once('02-04') },
        { id: '#5', commits: 1, files: 1, title: '#5 tune beta again (#3)', ...once('02-05') },
        { id: '#9', commits: 1, files: 30, title: 'add generated constants (#9)', ...once('03-01') },
        { id: '#991', commits: 1, files: 1, title: 'notes for #991', ...once('05-02') },
        { id: '#992', commits: 1, files: 1, title: 'notes for #992', ...once('05-03') },
        { id: '#9910', commits: 1, files: 1, title: 'notes for #9910', ...once('05-01') },
      ]);
    });

    it('a higher mass-commit cap attributes the 31-file commit as well', async () => {
      const { report: wide } = await scanRepository({ cwd: repo.dir, now: SOME_DAY, massCommitFiles: 31 });
      assert.deepEqual(fileOf(wide, 'src/gen/g-2.ts').tickets, ['#9', '#12']);
      assert.deepEqual(functionOf(wide, 'src/pair.ts', 'beta').tickets, ['#3', '#1', '#4', '#5', '#12']);
      assert.deepEqual(wide.tickets.find((ticket) => ticket.id === '#12'), {
        id: '#12', commits: 2, files: 31, title: 'fix: g1 overflow (#12)', kind: 'bug', firstCommit: '2026-04-01T10:00:00.000Z', lastCommit: '2026-04-02T10:00:00.000Z', leadTimeHours: 24, leadTimeSource: 'commits',
      });
    });

    it('ends the window at HEAD: two clocks give the same report; --until now brings the clock back', async () => {
      assert.deepEqual(report.window, { since: '2025-06-01T10:00:00.000Z', until: '2026-06-01T10:00:00.000Z', end: 'head' });
      const { report: otherDay } = await scanRepository({ cwd: repo.dir, now: new Date('2027-09-30T08:00:00Z') });
      assert.deepEqual(stable(otherDay), stable(report));
      const { report: clock } = await scanRepository({ cwd: repo.dir, now: SOME_DAY, windowEnd: 'now' });
      assert.deepEqual(clock.window, { since: '2030-03-14T00:00:00.000Z', until: '2031-03-14T00:00:00.000Z', end: 'now' });
      assert.equal(clock.stats.commits, 0, 'a clock years after the last commit leaves the window empty of history');
      const { report: given } = await scanRepository({ cwd: repo.dir, now: SOME_DAY, until: new Date('2026-03-15T00:00:00Z'), since: { amount: 2, unit: 'm' } });
      assert.deepEqual(given.window, { since: '2026-01-15T00:00:00.000Z', until: '2026-03-15T00:00:00.000Z', end: 'given' });
      const { report: span } = await scanRepository({ cwd: repo.dir, now: SOME_DAY, since: { amount: 90, unit: 'd' } });
      assert.deepEqual(span.window, { since: '2026-03-03T10:00:00.000Z', until: '2026-06-01T10:00:00.000Z', end: 'head' }, 'a span counts back from HEAD');
    });

    it('a warm rescan gives every per-function fact from the cache', async () => {
      const cacheFile = `${repo.dir}.cache/scan.json`;
      try {
        const { report: cold } = await scanRepository({ cwd: repo.dir, now: SOME_DAY, cacheFile });
        const { report: warm } = await scanRepository({ cwd: repo.dir, now: SOME_DAY, cacheFile });
        assert.equal(warm.stats.cache, 'warm');
        assert.deepEqual(stable(warm), stable(cold));
        assert.deepEqual(stable(cold), stable(report));
      } finally {
        (await import('node:fs')).rmSync(`${repo.dir}.cache`, { recursive: true, force: true });
      }
    });
  });
});
