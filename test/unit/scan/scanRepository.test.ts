import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CancelledError, EmptyRepositoryError, GitNotFoundError, NotAGitRepositoryError } from '../../../src/core/history/gitProcess';
import type { FileReport, ScanReport } from '../../../src/core/scan/scanReport';
import type { ScanDetails, ScanOptions, ScanResult } from '../../../src/core/scan/scanRepository';
import { scanRepository } from '../../../src/core/scan/scanRepository';
import { GitRepoBuilder } from '../support/gitRepoBuilder';
import { buildScanFixture, NOW, sessionSource } from './scanFixture';

function fileOf(report: ScanReport, file: string): FileReport {
  const found = report.files.find((f) => f.path === file);
  assert.ok(found, `${file} is in the report`);
  return found;
}

/** The report minus what legitimately differs between two scans of the same state. */
function stable(report: ScanReport): unknown {
  return { ...report, stats: { ...report.stats, cache: undefined, durationMs: undefined }, warnings: undefined };
}

describe('scanRepository', function () {
  this.timeout(120_000);
  let repo: GitRepoBuilder;
  let cacheDir: string;
  let report: ScanReport;
  let details: ScanDetails;
  // The fixture's session.ts has cognitive 6: below the default floor (15), so these tests lower it.
  const base = (): ScanOptions => ({ cwd: repo.dir, now: NOW, significance: { percentile: 85, minComplexity: 5 } });

  before(async () => {
    repo = buildScanFixture();
    cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'debt-lens-cache-'));
    ({ report, details } = await scanRepository(base()));
  });

  after(() => {
    repo.cleanup();
    fs.rmSync(cacheDir, { recursive: true, force: true });
  });

  it('reports the repository, head, window and counts', () => {
    assert.equal(report.schemaVersion, 2);
    assert.equal(report.root, repo.dir);
    assert.equal(report.head, repo.head());
    assert.deepEqual(report.window, { since: '2025-09-05T10:00:00.000Z', until: '2026-09-05T10:00:00.000Z', end: 'head' }, '12 months up to HEAD (c9)');
    assert.equal(report.stats.commits, 8, 'c1…c7 and c9; the bot commit and the commit before the window are left out');
    assert.equal(report.stats.trackedFiles, 7);
    assert.equal(report.stats.rankedFiles, 4);
    assert.equal(report.stats.cache, 'off');
  });

  it('ranks files by revisions × cognitive complexity, ranked files first', () => {
    assert.deepEqual(
      report.files.map((f) => [f.path, f.rank, f.score, f.percentile, f.significant, f.excluded]),
      [
        ['src/session.ts', 1, 42, 87.5, true, null],
        ['src/util.ts', 2, 6, 62.5, false, null],
        ['src/a.ts', 3, 0, 25, false, null],
        ['src/b.ts', 3, 0, 25, false, null],
        ['dist/bundle.js', null, null, null, false, 'generated'],
        ['package-lock.json', null, null, null, false, 'lockfile'],
        ['src/broken.ts', null, null, null, false, null],
      ],
    );
  });

  it('gives each file its history: revisions, churn, authors, ownership, tickets', () => {
    const session = fileOf(report, 'src/session.ts');
    assert.deepEqual(
      {
        revisions: session.revisions, added: session.added, deleted: session.deleted, authors: session.authors,
        mainDeveloper: session.mainDeveloper, busFactor: session.busFactor, firstChange: session.firstChange, lastChange: session.lastChange,
        loc: session.loc, cyclomatic: session.cyclomatic, cognitive: session.cognitive,
      },
      {
        revisions: 7, added: 18, deleted: 6, authors: 3, mainDeveloper: 'Alice Example', busFactor: 1,
        firstChange: '2026-01-05T10:00:00.000Z', lastChange: '2026-07-05T10:00:00.000Z', loc: 12, cyclomatic: 4, cognitive: 6,
      },
    );
    assert.equal(session.ownership!.toFixed(4), (15 / 18).toFixed(4));
    assert.equal(session.fragmentation.toFixed(4), (28 / 49).toFixed(4));
    assert.deepEqual([...session.tickets].sort(), ['#12', '#7', 'PROJ-1', 'PROJ-2']);
    const util = fileOf(report, 'src/util.ts');
    assert.deepEqual([util.revisions, util.added, util.deleted, util.authors], [6, 8, 5, 2]);
  });

  it('X-Rays the top files: function revisions, churn, score and rank', () => {
    const session = fileOf(report, 'src/session.ts');
    assert.equal(session.xray, true);
    assert.deepEqual(session.functions, [
      {
        name: 'Session.refresh', kind: 'method', startLine: 2, endLine: 11, cyclomatic: 4, cognitive: 6, loc: 10, nesting: 3, params: 1,
        revisions: 7, churn: 22, score: 42, rank: 1, percentile: 75, significant: false,
        // Its own lines: Alice wrote its 10 lines and changed 3, Bob 2, Carol 1 (13 of 16).
        authors: 3, mainDeveloper: 'Alice Example', ownership: 13 / 16, busFactor: 1, tickets: ['#7', '#12', 'PROJ-1', 'PROJ-2'],
        // "fix #12" is a fix by its subject; each ticket is cited once, so none has a lead time.
        cost: { commits: 7, bugFixCommits: 1, bugFixShare: 1 / 7, tickets: 4, medianLeadTimeHours: null },
      },
    ]);
    const util = fileOf(report, 'src/util.ts');
    assert.deepEqual(
      util.functions.map((f) => [f.name, f.revisions, f.churn, f.score, f.rank]),
      [['clamp', 6, 13, 6, 2]],
    );
    const a = fileOf(report, 'src/a.ts');
    assert.equal(a.xray, false, 'a file with score 0 gets no X-Ray');
  });

  it('reports change coupling with code-maat degrees', () => {
    assert.deepEqual(report.coupling, [{ a: 'src/session.ts', b: 'src/util.ts', shared: 6, degree: 92 }]);
  });

  it('reports a file that does not parse and keeps going', () => {
    assert.equal(report.errors.length, 1);
    assert.equal(report.errors[0]!.path, 'src/broken.ts');
    assert.match(report.errors[0]!.message, /^1:\d+ /);
  });

  it('counts importers from the import graph', () => {
    assert.deepEqual([fileOf(report, 'src/a.ts').importers, fileOf(report, 'src/b.ts').importers], [1, 0]);
  });

  it('returns the working data behind the report: the history summary, the import graph and the ledger it read', () => {
    assert.equal(details.history.commits.length, report.stats.commits);
    assert.deepEqual(
      ['src/session.ts', 'src/util.ts'].map((file) => [details.history.files.get(file)?.revisions, details.history.files.get(file)?.pathByCommit.size]),
      [[7, 7], [6, 6]],
    );
    assert.deepEqual(details.imports.importsOf('src/b.ts'), ['src/a.ts']);
    assert.deepEqual(details.imports.importersOf('src/a.ts'), ['src/b.ts']);
    assert.equal(details.ledger.report, report.ledger);
    assert.deepEqual([details.ledger.entries.length, details.ledger.resolutions.size], [0, 0]);
  });

  it('leaves user-excluded paths unranked, X-Rays files on demand, and scores by LOC when asked', async () => {
    const { report: custom } = await scanRepository({ ...base(), excludes: ['src/util.ts'], xrayTop: 0, xrayPaths: ['src/a.ts', 'src/session.ts'], complexityMetric: 'loc' });
    assert.deepEqual(
      custom.files.filter((f) => f.rank !== null).map((f) => [f.path, f.rank, f.score, f.xray]),
      [
        ['src/session.ts', 1, 7 * 12, true],
        ['src/a.ts', 2, 0, false],
        ['src/b.ts', 2, 0, false],
      ],
    );
    assert.equal(fileOf(custom, 'src/util.ts').excluded, 'userExclude');
    assert.equal(fileOf(custom, 'src/util.ts').rank, null);
    assert.equal(custom.complexityMetric, 'loc');
  });

  it('gives the same report when parsing runs on worker threads', async () => {
    const { report: pooled } = await scanRepository({ ...base(), workerScript: path.join(__dirname, '../support/parseWorkerShim.js'), workers: 2 });
    assert.deepEqual(stable(pooled), stable(report));
  });

  it('honours --until, --since and the complexity metric', async () => {
    const { report: early } = await scanRepository({ ...base(), since: new Date('2026-01-01T00:00:00Z'), until: new Date('2026-03-31T00:00:00Z'), complexityMetric: 'cyclomatic' });
    assert.deepEqual(
      early.files.filter((f) => f.rank !== null).map((f) => [f.path, f.revisions, f.score]),
      [
        ['src/session.ts', 3, 12],
        ['src/util.ts', 3, 6],
        ['src/a.ts', 0, 0],
        ['src/b.ts', 0, 0],
      ],
    );
    assert.deepEqual(fileOf(early, 'src/session.ts').functions.map((f) => [f.name, f.revisions]), [['Session.refresh', 3]]);
  });

  it('without churn ranks the same, leaves churn empty, and weighs authors by revisions', async () => {
    const { report: fast } = await scanRepository({ ...base(), churn: false });
    assert.deepEqual(
      fast.files.map((f) => [f.path, f.rank, f.score, f.revisions, f.added, f.deleted]),
      report.files.map((f) => [f.path, f.rank, f.score, f.revisions, null, null]),
    );
    const session = fileOf(fast, 'src/session.ts');
    // Alice 4 of 7 revisions: ownership 4/7, and she alone is not more than half... 4 > 3.5, so 1.
    assert.equal(session.ownership!.toFixed(4), (4 / 7).toFixed(4));
    assert.equal(session.busFactor, 1);
    assert.deepEqual(fast.coupling, report.coupling);
    assert.deepEqual(session.functions, fileOf(report, 'src/session.ts').functions);
  });

  it('reports the ledger: anchors resolved in memory, interest on the anchored code, orphans and markers', async () => {
    const clone = GitRepoBuilder.create('debt-lens-scan-ledger-');
    try {
      clone.git('pull', '-q', repo.dir, 'main');
      const entry = (id: string, title: string, anchor: string): string =>
        `---\nid: ${id}\ntitle: ${title}\nstatus: open\nseverity: high\nprincipal: 2d\nbacklog: [PROJ-9]\nanchors:\n${anchor}\ncreated: 2026-10-01\n---\nWhy it matters.\n`;
      clone
        .write('.techdebt/TD-aaaa01-refresh-loops.md', entry('TD-aaaa01', 'Refresh loops', '  - path: src/session.ts\n    symbol: Session.refresh\n    lines: [2, 11]'))
        .write('.techdebt/TD-bbbb02-gone.md', entry('TD-bbbb02', 'Gone', '  - path: src/removed.ts\n    symbol: removed'))
        .write('.techdebt/TD-cccc03-broken.md', '---\nid: TD-cccc03\ntitle: Broken\nstatus: someday\nseverity: high\ncreated: 2026-10-01\n---\n')
        .write('src/notes.ts', '// TODO(PROJ-9): split this\n// FIXME handle errors\nexport const notes = 1;\n')
        .commit({ message: 'ledger', date: '2026-10-02T10:00:00Z' });
      const broken = clone.read('.techdebt/TD-cccc03-broken.md');
      const { report: result } = await scanRepository({ cwd: clone.dir, now: NOW });
      assert.deepEqual(
        result.ledger.entries.map((e) => [e.id, e.anchors.map((a) => [a.status, a.status === 'resolved' ? a.how : a.reason, a.path]), e.interest.revisions, e.interest.churn, e.interest.tickets]),
        [
          ['TD-aaaa01', [['resolved', 'symbol', 'src/session.ts']], 7, 22, ['#12', '#7', 'PROJ-1', 'PROJ-2']],
          ['TD-bbbb02', [['orphaned', 'file-missing', 'src/removed.ts']], 0, 0, []],
        ],
      );
      assert.equal(result.ledger.orphaned, 1);
      assert.deepEqual(result.ledger.diagnostics.map((d) => [d.path, d.code]), [['.techdebt/TD-cccc03-broken.md', 'unknown-status']]);
      assert.equal(clone.read('.techdebt/TD-cccc03-broken.md'), broken, 'a malformed entry is never rewritten');
      assert.deepEqual(result.ledger.markers, { total: 2, byTag: { TODO: 1, FIXME: 1 } });
      const months = result.ledger.entries[0]!.interest.byMonth.filter((m) => m.revisions > 0).map((m) => [m.month, m.revisions, m.churn]);
      assert.deepEqual(months, [['2026-01', 1, 10], ['2026-02', 1, 2], ['2026-03', 1, 2], ['2026-04', 1, 2], ['2026-05', 1, 2], ['2026-06', 1, 2], ['2026-07', 1, 2]]);
    } finally {
      clone.cleanup();
    }
  });

  it('follows an anchored file renamed before the window, as the debt commands do', async () => {
    const old = GitRepoBuilder.create('debt-lens-scan-old-rename-');
    try {
      old.write('src/old.ts', 'export function helper(a: number): number {\n  return a + 1;\n}\n').commit({ message: 'add', date: '2024-01-10T10:00:00Z' });
      // Renamed long before the window, and edited, so only the rename history can find it.
      old.rename('src/old.ts', 'src/new.ts');
      old.write('src/new.ts', 'export function helper(a: number): number {\n  return a + 2;\n}\n').commit({ message: 'move', date: '2024-06-10T10:00:00Z' });
      old
        .write('.techdebt/TD-dddd04-helper.md', '---\nid: TD-dddd04\ntitle: Helper\nstatus: open\nseverity: low\nanchors:\n  - path: src/old.ts\n    symbol: helper\n    fingerprint: fp1:0000000000000000\ncreated: 2024-01-11\n---\n')
        .commit({ message: 'ledger', date: '2024-01-11T10:00:00Z' });
      const { report: result } = await scanRepository({ cwd: old.dir, now: NOW });
      assert.deepEqual(
        result.ledger.entries[0]!.anchors.map((a) => [a.status, a.status === 'resolved' ? a.how : a.reason, a.path, a.symbol]),
        [['resolved', 'renamed-symbol', 'src/new.ts', 'helper']],
      );
    } finally {
      old.cleanup();
    }
  });

  describe('cache', () => {
    it('serves a scan without churn from a history with churn, but not the other way round', async () => {
      const cacheFile = path.join(cacheDir, 'modes', 'scan.json');
      const { report: fast } = await scanRepository({ ...base(), cacheFile, churn: false });
      assert.equal(fileOf(fast, 'src/session.ts').added, null);
      const { report: full } = await scanRepository({ ...base(), cacheFile });
      assert.deepEqual(stable(full), stable(report));
      const { report: fastAgain } = await scanRepository({ ...base(), cacheFile, churn: false });
      assert.equal(fastAgain.stats.cache, 'warm');
      assert.deepEqual(stable(fastAgain), stable(fast));
    });

    it('a warm rescan reuses everything and reports the same', async () => {
      const cacheFile = path.join(cacheDir, 'warm', 'scan.json');
      const { report: cold } = await scanRepository({ ...base(), cacheFile });
      assert.equal(cold.stats.cache, 'cold');
      const { report: warm } = await scanRepository({ ...base(), cacheFile });
      assert.equal(warm.stats.cache, 'warm');
      assert.deepEqual(stable(warm), stable(cold));
      assert.deepEqual(stable(cold), stable(report));
    });

    it('previews a cold scan before X-Ray: every file ranked, functions measured without history; a warm rescan has no preview', async () => {
      const cacheFile = path.join(cacheDir, 'preview', 'scan.json');
      const previews: ScanResult[] = [];
      const cold = await scanRepository({ ...base(), cacheFile, onPreview: (preview) => previews.push(preview) });
      assert.equal(previews.length, 1);
      assert.deepEqual(stable(cold.report), stable(report), 'a preview changes nothing in the report');
      const { report: preview, details: previewDetails } = previews[0]!;
      assert.equal(preview.stats.xrayFiles, 0);
      assert.equal(preview.stats.cache, 'cold');
      assert.equal(cold.report.stats.xrayFiles, 2);
      const measured = (file: FileReport) => ({
        ...file,
        xray: undefined,
        functions: file.functions.map(({ name, kind, startLine, endLine, cyclomatic, cognitive, loc, nesting, params }) => ({ name, kind, startLine, endLine, cyclomatic, cognitive, loc, nesting, params })),
      });
      assert.deepEqual(preview.files.map(measured), cold.report.files.map(measured), 'files rank and score the same before X-Ray');
      assert.equal(fileOf(preview, 'src/session.ts').xray, false);
      assert.deepEqual(
        fileOf(preview, 'src/session.ts').functions.map((fn) => [fn.name, fn.cognitive, fn.revisions, fn.rank]),
        [['Session.refresh', 6, null, null]],
      );
      assert.deepEqual([preview.ledger, preview.cost, preview.coupling, preview.tickets], [cold.report.ledger, cold.report.cost, cold.report.coupling, cold.report.tickets]);
      assert.equal(previewDetails.history, cold.details.history);
      const warm = await scanRepository({ ...base(), cacheFile, onPreview: (preview) => previews.push(preview) });
      assert.equal(warm.report.stats.cache, 'warm');
      assert.equal(previews.length, 1, 'a warm rescan reads X-Ray from the cache: no preview');
    });

    it('extends the cached history with new commits and edited files, matching a cold scan', async () => {
      const clone = GitRepoBuilder.create('debt-lens-scan-extend-');
      try {
        clone.git('pull', '-q', repo.dir, 'main');
        const cacheFile = path.join(cacheDir, 'extend', 'scan.json');
        await scanRepository({ cwd: clone.dir, now: NOW, cacheFile });
        clone.write('src/session.ts', sessionSource(42)).commit({ message: 'PROJ-3: later', date: '2026-10-01T10:00:00Z' });
        clone.write('src/util.ts', '// edited, not committed\n' + clone.read('src/util.ts'));
        const { report: extended } = await scanRepository({ cwd: clone.dir, now: NOW, cacheFile });
        assert.equal(extended.stats.cache, 'partial');
        const { report: fresh } = await scanRepository({ cwd: clone.dir, now: NOW });
        assert.deepEqual(stable(extended), stable(fresh));
        assert.equal(fileOf(extended, 'src/session.ts').revisions, 8);
        assert.equal(fileOf(extended, 'src/util.ts').loc, 3, 'the working tree is measured; the comment is not code');
      } finally {
        clone.cleanup();
      }
    });

    it('discards a corrupt cache with a warning, rebuilds it, and loses nothing', async () => {
      const cacheFile = path.join(cacheDir, 'corrupt', 'scan.json');
      fs.mkdirSync(path.dirname(cacheFile), { recursive: true });
      for (const garbage of ['{"version": 3, "root": "', '[]', JSON.stringify({ version: 1, root: repo.dir, metrics: {}, xray: {} })]) {
        fs.writeFileSync(cacheFile, garbage);
        const { report: rebuilt } = await scanRepository({ ...base(), cacheFile });
        assert.equal(rebuilt.stats.cache, 'cold');
        assert.equal(rebuilt.warnings.length, 1);
        assert.match(rebuilt.warnings[0]!, /^cache discarded and rebuilt/);
        assert.deepEqual(stable(rebuilt), stable(report));
        assert.doesNotThrow(() => JSON.parse(fs.readFileSync(cacheFile, 'utf8')));
      }
    });

    it('rebuilds history when HEAD no longer descends from the cached head', async () => {
      const clone = GitRepoBuilder.create('debt-lens-scan-rewrite-');
      try {
        clone.git('pull', '-q', repo.dir, 'main');
        const cacheFile = path.join(cacheDir, 'rewrite', 'scan.json');
        clone.write('src/util.ts', 'export const gone = 1;\n').commit({ message: 'temp', date: '2026-10-01T10:00:00Z' });
        await scanRepository({ cwd: clone.dir, now: NOW, cacheFile });
        clone.git('reset', '-q', '--hard', 'HEAD~1');
        const { report: after } = await scanRepository({ cwd: clone.dir, now: NOW, cacheFile });
        assert.equal(fileOf(after, 'src/util.ts').revisions, 6);
        assert.notEqual(after.stats.cache, 'warm');
      } finally {
        clone.cleanup();
      }
    });
  });

  describe('bad input', () => {
    it('warns that a shallow clone has partial history', async () => {
      const shallow = GitRepoBuilder.cloneShallow(repo, 2);
      try {
        const { report: result } = await scanRepository({ cwd: shallow.dir, now: NOW });
        assert.equal(result.warnings.length, 1);
        assert.match(result.warnings[0]!, /^shallow clone: history is partial/);
        assert.equal(result.stats.commits, 1, 'depth 2 reaches c9 and the bot commit, which is left out');
      } finally {
        shallow.cleanup();
      }
    });

    it('throws typed errors for a non-repository, an empty repository and a missing git', async () => {
      const plain = fs.mkdtempSync(path.join(os.tmpdir(), 'debt-lens-plain-'));
      const empty = GitRepoBuilder.create('debt-lens-empty-');
      try {
        await assert.rejects(scanRepository({ cwd: plain, now: NOW }), NotAGitRepositoryError);
        await assert.rejects(scanRepository({ cwd: empty.dir, now: NOW }), EmptyRepositoryError);
        await assert.rejects(scanRepository({ cwd: repo.dir, now: NOW, gitBinary: '/nonexistent/git' }), GitNotFoundError);
      } finally {
        fs.rmSync(plain, { recursive: true, force: true });
        empty.cleanup();
      }
    });

    it('reports a failing git log as an error even when every file is cached', async () => {
      const clone = GitRepoBuilder.create('debt-lens-scan-failing-log-');
      const bin = fs.mkdtempSync(path.join(os.tmpdir(), 'debt-lens-fake-git-'));
      try {
        clone.git('pull', '-q', repo.dir, 'main');
        const cacheFile = path.join(cacheDir, 'failing-log', 'scan.json');
        await scanRepository({ cwd: clone.dir, now: NOW, cacheFile });
        clone.write('README.md', 'changed\n').commit({ message: 'docs', date: '2026-10-01T10:00:00Z' });
        // A git that fails every `log`: the history extension fails while no file needs parsing.
        const fakeGit = path.join(bin, 'git');
        fs.writeFileSync(fakeGit, `#!/bin/sh\nfor a in "$@"; do [ "$a" = log ] && { echo "fatal: simulated log failure" >&2; exit 128; }; done\nexec git "$@"\n`, { mode: 0o755 });
        await assert.rejects(scanRepository({ cwd: clone.dir, now: NOW, cacheFile, gitBinary: fakeGit }), (error: Error) => {
          assert.equal(error.name, 'GitCommandError');
          // Named by its subcommand, not by the `-c` settings the scan passes first.
          assert.equal(error.message, 'git log --no-merges failed: fatal: simulated log failure');
          return true;
        });
      } finally {
        clone.cleanup();
        fs.rmSync(bin, { recursive: true, force: true });
      }
    });

    it('a repository missing a blob of a change is scanned: that file without churn, named in one warning', async () => {
      const damaged = GitRepoBuilder.create('debt-lens-scan-damaged-');
      try {
        damaged.write('src/a.ts', 'export const a = 1;\n').write('src/b.ts', 'export const b = 1;\n').commit({ message: 'a', date: '2026-09-01T10:00:00Z' });
        damaged.write('src/a.ts', 'export const a = 2;\n').write('src/b.ts', 'export const b = 2;\nexport const c = 3;\n').commit({ message: 'b', date: '2026-09-02T10:00:00Z' });
        damaged.commit({ message: 'empty', date: '2026-09-03T10:00:00Z' });
        const blob = damaged.git('rev-parse', 'HEAD~2:src/a.ts').trim();
        fs.rmSync(path.join(damaged.dir, '.git', 'objects', blob.slice(0, 2), blob.slice(2)));
        const { report: result } = await scanRepository({ cwd: damaged.dir, now: NOW });
        const counts = (file: string): unknown[] => {
          const found = result.files.find((entry) => entry.path === file);
          return [found?.revisions, found?.added, found?.deleted];
        };
        assert.deepEqual(counts('src/a.ts'), [2, 0, 0], 'src/a.ts: its revisions, no churn');
        assert.deepEqual(counts('src/b.ts'), [2, 3, 1], 'src/b.ts: counted in full');
        assert.equal(result.stats.commits, 3, 'the empty commit is still a commit');
        assert.deepEqual(result.warnings.filter((warning) => warning.includes('src/a.ts')).length, 1);
        assert.match(result.warnings.join('\n'), /^missing blobs: .*: src\/a\.ts$/m);
      } finally {
        damaged.cleanup();
      }
    });

    it('a repository missing a tree still fails with git\'s own one-line reason', async () => {
      const damaged = GitRepoBuilder.create('debt-lens-scan-damaged-tree-');
      try {
        damaged.write('src/a.ts', 'export const a = 1;\n').commit({ message: 'a', date: '2026-09-01T10:00:00Z' });
        damaged.write('src/a.ts', 'export const a = 2;\n').commit({ message: 'b', date: '2026-09-02T10:00:00Z' });
        const tree = damaged.git('rev-parse', 'HEAD~1:src').trim();
        fs.rmSync(path.join(damaged.dir, '.git', 'objects', tree.slice(0, 2), tree.slice(2)));
        await assert.rejects(scanRepository({ cwd: damaged.dir, now: NOW }), (error: Error) => {
          assert.equal(error.name, 'GitCommandError');
          assert.match(error.message, /^git log --no-merges failed: fatal: /);
          return true;
        });
      } finally {
        damaged.cleanup();
      }
    });

    it('stops with CancelledError when aborted', async () => {
      const controller = new AbortController();
      controller.abort();
      await assert.rejects(scanRepository({ ...base(), signal: controller.signal }), CancelledError);
    });

    it('rejects an empty window', async () => {
      await assert.rejects(scanRepository({ ...base(), since: new Date('2026-05-01T00:00:00Z'), until: new Date('2026-04-01T00:00:00Z') }), RangeError);
    });
  });
});
