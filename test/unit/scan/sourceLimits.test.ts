import * as assert from 'node:assert/strict';
import { DEFAULT_MAX_FILE_BYTES } from '../../../src/core/defaults';
import type { FileReport, ScanReport } from '../../../src/core/scan/scanReport';
import { scanRepository } from '../../../src/core/scan/scanRepository';
import { ALICE, BOB, GitRepoBuilder } from '../support/gitRepoBuilder';
import { NOW, sessionSource } from './scanFixture';

/** What a not-ranked file's row says: why, and what was measured of it. */
function standing(report: ScanReport, file: string): Pick<FileReport, 'path' | 'revisions' | 'rank' | 'excluded' | 'loc' | 'cognitive' | 'importers' | 'xray'> & { functions: number } {
  const found = report.files.find((f) => f.path === file);
  assert.ok(found, `${file} is in the report`);
  const { path, revisions, rank, excluded, loc, cognitive, importers, xray } = found;
  return { path, revisions, rank, excluded, loc, cognitive, importers, xray, functions: found.functions.length };
}

/** 3,900 bytes of hand-written classes, 240 lines: neither minified nor machine-written. */
function midSource(): string {
  return Array.from({ length: 20 }, (_, i) => sessionSource(i).replace('class Session', `class Session${i}`)).join('');
}

/**
 * A generated API client without a banner: 200 resources × 2 functions of 3 lines, 1,200 lines of
 * 3 shapes. Each function's cognitive complexity is 0 or 1 (`?:`).
 */
function clientSource(): string {
  return Array.from(
    { length: 200 },
    (_, i) =>
      `export function getUser${i}(c: Client, id: string) {\n  return c.get('/users/' + id);\n}\n` +
      `export function listUser${i}(c: Client, p?: number) {\n  return c.get(p ? '/users?p=' + p : '/users');\n}\n`,
  ).join('');
}

/** 70,000 bytes in one line, then 2,000 short lines: minified by its head, not by its average (37 chars per line). */
function minifiedHeadSource(): string {
  return `${'var a=1;'.repeat(8750)}\n${'x;\n'.repeat(2000)}`;
}

describe('scan: oversized, minified and machine-written sources', function () {
  this.timeout(120_000);
  let repo: GitRepoBuilder;
  let report: ScanReport;

  before(async () => {
    repo = GitRepoBuilder.create('debt-lens-limits-');
    // Never parsed: were it read, its syntax error would be reported under `errors`.
    const huge = 'const = 1;\n'.repeat(Math.ceil((DEFAULT_MAX_FILE_BYTES + 1) / 11));
    repo.write('src/session.ts', sessionSource(0)).write('src/huge.ts', huge).write('src/mid.ts', midSource()).write('src/api/client.ts', clientSource());
    repo.write('src/app.js', minifiedHeadSource());
    repo.commit({ message: 'start', author: ALICE, date: '2026-01-05T10:00:00Z' });
    repo.write('src/session.ts', sessionSource(1)).write('src/huge.ts', `${huge}// again\n`).commit({ message: 'tune', author: BOB, date: '2026-02-05T10:00:00Z' });
    report = (await scanRepository({ cwd: repo.dir, now: NOW })).report;
  });

  after(() => repo.cleanup());

  it('never reads a file over the limit, and lists it as oversized with a warning', () => {
    assert.equal(DEFAULT_MAX_FILE_BYTES, 1_048_576);
    const bytes = Buffer.byteLength(repo.read('src/huge.ts'));
    assert.equal(bytes, 1_048_595);
    assert.deepEqual(standing(report, 'src/huge.ts'), { path: 'src/huge.ts', revisions: 2, rank: null, excluded: 'oversized', loc: null, cognitive: null, importers: null, xray: false, functions: 0 });
    assert.deepEqual(report.errors, []);
    assert.deepEqual(report.warnings, [
      'not read: 1 source file(s) are larger than 1048576 bytes, so they are not ranked (the CLI\'s --max-file-bytes and the setting debtLens.scan.maxFileBytes raise the limit): src/huge.ts (1048595 bytes)',
    ]);
  });

  it('calls a file minified from its first 64 KiB, and a bannerless generated client by its shape', () => {
    assert.deepEqual(standing(report, 'src/app.js'), { path: 'src/app.js', revisions: 1, rank: null, excluded: 'minified', loc: 0, cognitive: 0, importers: 0, xray: false, functions: 0 });
    // Parsed (it counts in the import graph), not ranked.
    assert.deepEqual(standing(report, 'src/api/client.ts'), { path: 'src/api/client.ts', revisions: 1, rank: null, excluded: 'generated', loc: 1200, cognitive: 200, importers: 0, xray: false, functions: 400 });
  });

  it('ranks what is left', () => {
    assert.deepEqual(
      report.files.filter((f) => f.rank !== null).map((f) => [f.path, f.rank, f.score, f.loc]),
      [
        ['src/mid.ts', 1, 120, 240],
        ['src/session.ts', 2, 12, 12],
      ],
    );
    assert.equal(report.stats.rankedFiles, 2);
  });

  it('takes the limit as an option, and judges an edited file by its size on disk', async () => {
    const raised = (await scanRepository({ cwd: repo.dir, now: NOW, maxFileBytes: 2 * 1_048_576 })).report;
    // Read now: 95,326 lines of one shape and a comment, machine-written, and not TypeScript.
    assert.equal(standing(raised, 'src/huge.ts').excluded, 'generated');
    assert.deepEqual(raised.errors, [{ path: 'src/huge.ts', message: '1:7 Variable declaration expected.' }]);
    assert.deepEqual(raised.warnings, []);

    // 4,593 bytes on disk, 193 at HEAD: the edited file's own size decides.
    repo.write('src/session.ts', `${sessionSource(2)}${'// padding\n'.repeat(400)}`);
    const lowered = (await scanRepository({ cwd: repo.dir, now: NOW, maxFileBytes: 4096 })).report;
    assert.deepEqual(
      lowered.files.filter((f) => f.excluded === 'oversized').map((f) => f.path),
      ['src/huge.ts', 'src/session.ts', 'src/api/client.ts', 'src/app.js'],
    );
    assert.deepEqual(lowered.files.filter((f) => f.rank !== null).map((f) => f.path), ['src/mid.ts']);
    assert.deepEqual(lowered.warnings, [
      'not read: 4 source file(s) are larger than 4096 bytes, so they are not ranked (the CLI\'s --max-file-bytes and the setting debtLens.scan.maxFileBytes raise the limit): ' +
        'src/api/client.ts (37580 bytes), src/app.js (76001 bytes), src/huge.ts (1048595 bytes), src/session.ts (4593 bytes)',
    ]);
  });
});
