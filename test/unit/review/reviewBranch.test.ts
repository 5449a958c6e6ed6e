import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { reviewBranch } from '../../../src/core/review/reviewBranch';
import type { ReviewReport } from '../../../src/core/review/reviewReport';
import { cacheFileFor } from '../../../src/core/scan/scanCache';
import { PROJECT_ROOT } from '../support/cliProcess';
import type { ReviewFixture } from './reviewFixture';
import { buildReviewFixture } from './reviewFixture';

const NOW = new Date('2026-08-01T00:00:00Z');

describe('reviewBranch on a real branch', function () {
  this.timeout(120_000);
  let fixture: ReviewFixture;
  let report: ReviewReport;

  before(async () => {
    fixture = await buildReviewFixture();
    report = await reviewBranch({ cwd: fixture.repo.dir, now: NOW });
  });

  after(() => fixture.repo.cleanup());

  it('compares HEAD with its merge-base with main, and says so', () => {
    assert.equal(report.base, fixture.base);
    assert.equal(report.baseSource, 'main');
    assert.equal(report.baseRef, 'main');
    assert.equal(report.head, fixture.repo.head());
    assert.equal(report.commits, 2);
  });

  it('gives each changed function its complexity before and after, a rename and a move within the file included', () => {
    const rows = report.functions.map((fn) => [fn.path, fn.name, fn.previousName, fn.change, fn.before, fn.after, fn.linesAdded, fn.linesDeleted]);
    assert.deepEqual(rows, [
      ['src/c.ts', 'keep', null, 'modified', { cognitive: 0, cyclomatic: 1 }, { cognitive: 0, cyclomatic: 1 }, 1, 2],
      ['src/c.ts', 'legacy', null, 'removed', { cognitive: 1, cyclomatic: 2 }, null, 0, 3],
      // Renamed file (src/legacy/format.ts): its function found across the rename, with its new guard.
      ['src/format.ts', 'format', null, 'modified', { cognitive: 0, cyclomatic: 1 }, { cognitive: 1, cyclomatic: 2 }, 3, 0],
      ['src/hot.ts', 'Session.refresh', null, 'modified', { cognitive: 15, cyclomatic: 11 }, { cognitive: 17, cyclomatic: 12 }, 3, 0],
      ['src/new.ts', 'parseAll', null, 'added', null, { cognitive: 16, cyclomatic: 12 }, 26, 0],
      ['src/new.ts', 'tiny', null, 'added', null, { cognitive: 0, cyclomatic: 1 }, 3, 0],
      // Renamed function: matched by position.
      ['src/util.ts', 'newName', 'oldName', 'modified', { cognitive: 1, cyclomatic: 2 }, { cognitive: 1, cyclomatic: 2 }, 1, 1],
      // Moved from the top of the file to its end: matched by name, its lines added and deleted.
      ['src/util.ts', 'moved', null, 'modified', { cognitive: 1, cyclomatic: 2 }, { cognitive: 1, cyclomatic: 2 }, 3, 3],
    ]);
    const refresh = report.functions.find((fn) => fn.name === 'Session.refresh');
    assert.deepEqual([refresh?.startLine, refresh?.endLine, refresh?.hotspotRank, refresh?.score, refresh?.significant], [2, 33, 1, 90, true]);
  });

  it('gives each changed file its complexity before and after and its rank at base', () => {
    assert.deepEqual(
      report.files.map((file) => [file.path, file.previousPath, file.change, file.before, file.after, file.hotspotRank, file.significant, file.linesAdded, file.linesDeleted]),
      [
        ['src/a.ts', null, 'modified', 0, 0, 4, false, 1, 1],
        ['src/c.ts', null, 'modified', 1, 0, 3, false, 1, 5],
        ['src/format.ts', 'src/legacy/format.ts', 'modified', 0, 1, 4, false, 3, 0],
        ['src/hot.ts', null, 'modified', 15, 17, 1, true, 3, 0],
        ['src/new.ts', null, 'added', null, 16, null, false, 29, 0],
        ['src/util.ts', null, 'modified', 2, 2, 2, false, 4, 4],
      ],
    );
  });

  it('lists the new complex function, the missing co-change with its degree, the entries touched and orphaned, and the tickets', () => {
    assert.deepEqual(report.newComplexFunctions, [{ path: 'src/new.ts', name: 'parseAll', startLine: 1, cognitive: 16, cyclomatic: 12, category: 'production' }]);
    assert.deepEqual(report.missingCoChanges, [{ changed: 'src/a.ts', partner: 'src/b.ts', degree: 83, shared: 5 }]);
    assert.deepEqual(
      report.entries.map((entry) => [entry.id, entry.state, entry.path, entry.symbol, entry.backlog]),
      [
        [fixture.orphanedId, 'orphaned', 'src/c.ts', 'legacy', []],
        [fixture.touchedId, 'touched', 'src/c.ts', 'keep', ['PROJ-3']],
      ],
    );
    // PROJ is a key because the base's history cites PROJ-1 and PROJ-2; PROJ-3 comes from the touched entry.
    assert.deepEqual(report.tickets, ['#12', 'PROJ-3', 'PROJ-7']);
  });

  it('is worse, with every reason', () => {
    assert.equal(report.verdict, 'worse');
    assert.deepEqual(report.reasons, [
      'worse: significant hotspot src/hot.ts (rank 1): cognitive 15 → 17',
      'worse: significant function src/hot.ts Session.refresh (rank 1): cognitive 15 → 17',
      `worse: debt entry ${fixture.orphanedId} orphaned: its code in src/c.ts (legacy) is gone`,
      'worse: new function src/new.ts parseAll: cognitive 16 (floor 15)',
      `attention: debt entry ${fixture.touchedId} touched: src/c.ts (keep)`,
      'attention: src/a.ts usually changes with src/b.ts (degree 83 %, 5 shared), which the branch leaves unchanged',
    ]);
  });

  it('validates against the published JSON Schema', () => {
    const ajv = new Ajv2020({ allErrors: true, strict: true });
    addFormats(ajv);
    const validate = ajv.compile(JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, 'schema/review-report.schema.json'), 'utf8')));
    assert.ok(validate(JSON.parse(JSON.stringify(report))), JSON.stringify(validate.errors, null, 2));
  });

  it('counts the work tree with --worktree: an edit and an untracked file', async () => {
    const { repo } = fixture;
    repo.write('src/b.ts', 'export const b = 9;\n').write('src/extra.ts', 'export function extra(a: boolean): number {\n  return a ? 1 : 0;\n}\n');
    try {
      const withTree = await reviewBranch({ cwd: repo.dir, now: NOW, worktree: true });
      assert.deepEqual(withTree.missingCoChanges, [], 'b.ts changed in the work tree');
      assert.deepEqual(
        withTree.functions.filter((fn) => fn.path === 'src/extra.ts').map((fn) => [fn.name, fn.change, fn.after, fn.linesAdded]),
        [['extra', 'added', { cognitive: 1, cyclomatic: 2 }, 3]],
      );
      assert.equal(withTree.worktree, true);
      const committed = await reviewBranch({ cwd: repo.dir, now: NOW });
      assert.deepEqual(committed.functions, report.functions, 'without --worktree the edits do not count');
      assert.deepEqual(committed.entries, report.entries, 'the ledger is read at HEAD, not from the edited work tree');
    } finally {
      fs.rmSync(path.join(repo.dir, 'src/extra.ts'));
      repo.git('checkout', '--', 'src/b.ts');
    }
  });

  it('keeps its checkouts in the cache folder, touches nothing in the repository, and gives the same review warm', async () => {
    const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'debt-lens-review-cache-'));
    try {
      const options = {
        cwd: fixture.repo.dir,
        now: NOW,
        cacheFile: (root: string) => cacheFileFor(cacheDir, root),
        checkoutDir: (root: string, side: string) => path.join(path.dirname(cacheFileFor(cacheDir, root)), `review-${side}`),
        headMetricsFile: (root: string) => path.join(path.dirname(cacheFileFor(cacheDir, root)), 'review-metrics.json'),
      };
      const cold = await reviewBranch(options);
      const warm = await reviewBranch(options);
      const strip = ({ durationMs: _d, ...rest }: ReviewReport): object => rest;
      assert.deepEqual(strip(cold), strip(report));
      assert.deepEqual(strip(warm), strip(report));
      assert.equal(fixture.repo.git('status', '--porcelain', '--ignored'), '');
      assert.equal(fixture.repo.git('worktree', 'list').trim().split('\n').length, 1, 'no worktree registered');
      const folder = path.dirname(cacheFileFor(cacheDir, fixture.repo.dir));
      assert.deepEqual(fs.readdirSync(folder).sort(), ['review-base', 'review-metrics.json']);
      assert.equal(fs.readFileSync(path.join(folder, 'review-base', 'src/c.ts'), 'utf8'), fixture.repo.git('show', `${fixture.base}:src/c.ts`));
    } finally {
      fs.rmSync(cacheDir, { recursive: true, force: true });
    }
  });
});
