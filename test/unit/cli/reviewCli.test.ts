import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { ReviewReport } from '../../../src/core/review/reviewReport';
import type { ReviewFixture } from '../review/reviewFixture';
import { buildReviewFixture } from '../review/reviewFixture';
import type { CliRun } from '../support/cliProcess';
import { runCliProcess } from '../support/cliProcess';

describe('debt-lens review', function () {
  this.timeout(120_000);
  let fixture: ReviewFixture;
  let cacheDir: string;
  const cli = (args: readonly string[]): CliRun => runCliProcess(['review', ...args], fixture.repo.dir, { ...process.env, DEBT_LENS_CACHE_DIR: cacheDir });

  before(async () => {
    fixture = await buildReviewFixture();
    cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'debt-lens-review-cli-'));
  });

  after(() => {
    fixture.repo.cleanup();
    fs.rmSync(cacheDir, { recursive: true, force: true });
  });

  it('prints the table with the base it chose and the verdict, and exits 0 without gates', () => {
    const run = cli(['--quiet']);
    assert.equal(run.code, 0, run.stderr);
    const lines = run.stdout.split('\n');
    assert.equal(lines[0], `Review of ${fixture.repo.head().slice(0, 8)} against ${fixture.base.slice(0, 8)}, the merge-base with main (the local main branch)`);
    assert.equal(lines[1], 'Verdict: worse · 2 commit(s) · 8 function(s) changed in 6 source file(s) · cognitive +18');
    assert.match(run.stdout, /^ {3}83% {5}5 {2}src\/a\.ts ⇢ src\/b\.ts$/m);
    assert.equal(run.stderr, '');
  });

  it('prints JSON, Markdown with its marker and SARIF', () => {
    const json = JSON.parse(cli(['--quiet', '--format', 'json']).stdout) as ReviewReport;
    assert.deepEqual([json.kind, json.schemaVersion, json.verdict, json.base], ['review', 1, 'worse', fixture.base]);
    assert.match(cli(['--quiet', '--format', 'markdown']).stdout, /^<!-- debt-lens-review -->\n### Debt Lens review: 🔴 worse — 4 worse, 2 for attention\n/);
    const sarif = JSON.parse(cli(['--quiet', '--format=sarif']).stdout) as { version: string; runs: { results: unknown[] }[] };
    assert.deepEqual([sarif.version, sarif.runs[0]?.results.length], ['2.1.0', 5]);
  });

  it('exits 3 when a gate fails, with its reason on stderr, and 0 when none does', () => {
    const failed = cli(['--quiet', '--fail-on', 'orphaned,missing-cochange>=90']);
    assert.equal(failed.code, 3);
    assert.equal(failed.stderr, `debt-lens: fail-on: orphaned: the branch orphans ${fixture.orphanedId} (src/c.ts)\n`);
    assert.equal(cli(['--quiet', '--fail-on', 'missing-cochange>=90,complexity-increase>16']).code, 0);
    assert.equal(cli(['--quiet', '--fail-on', 'worse']).code, 3);
  });

  it('takes --base and says bad usage with exit 2', () => {
    const run = cli(['--quiet', '--format', 'json', '--base', 'HEAD~1']);
    assert.equal((JSON.parse(run.stdout) as ReviewReport).commits, 1);
    assert.deepEqual(cli(['--format', 'csv']), { code: 2, stdout: '', stderr: "debt-lens: --format must be table, json, markdown or sarif, not 'csv'\nRun 'debt-lens --help' for usage.\n" });
    assert.equal(cli(['--fail-on', 'better']).code, 2);
    assert.equal(cli(['--base', 'nope', '--quiet']).stderr, "debt-lens: --base: no commit 'nope'\n");
    assert.match(cli(['--help']).stdout, /^Usage: debt-lens review \[path\]/);
  });
});
