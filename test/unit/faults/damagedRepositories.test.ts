import * as assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { GitRepoBuilder } from '../support/gitRepoBuilder';
import {
  assertCompleted,
  assertExit,
  assertNoStackFrame,
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
 * Issue 10, "Damaged or partial repositories": a repository missing a blob, and a blobless partial
 * clone. Both are scanned (exit 0) with a warning, never failed as a whole or fetched blob by blob.
 */

/** Bytes no text diff reads: git needs both blobs of a change to count it. */
function binary(seed: number): Buffer {
  return Buffer.from(Array.from({ length: 256 }, (_, i) => (i * 31 + seed * 17) % 256));
}

describe('issue 10 · damaged or partial repositories', function () {
  this.timeout(120_000);
  const dirs: string[] = [];
  let cacheDir: string;
  let env: NodeJS.ProcessEnv;

  beforeEach(() => {
    cacheDir = tempDir('debt-lens-fault-cache-');
    env = childEnv({ DEBT_LENS_CACHE_DIR: cacheDir });
  });

  afterEach(() => {
    for (const dir of dirs.splice(0)) {
      fs.rmSync(dir, { recursive: true, force: true });
    }
    fs.rmSync(cacheDir, { recursive: true, force: true });
  });

  function newRepo(): GitRepoBuilder {
    const repo = GitRepoBuilder.create('debt-lens-fault-damaged-');
    dirs.push(repo.dir);
    return repo;
  }

  it('a missing blob (a mirror left out an old image) leaves that file out with one warning naming it, and ranks the rest', () => {
    const repo = newRepo();
    repo.write('src/a.ts', sourceWithBranches(1)).write('media/logo.png', binary(1));
    repo.commit({ message: 'one', date: '2026-01-10T10:00:00Z' });
    const lost = repo.git('rev-parse', 'HEAD:media/logo.png').trim();
    repo.write('src/a.ts', sourceWithBranches(2)).write('media/logo.png', binary(2));
    repo.commit({ message: 'two', date: '2026-01-11T10:00:00Z' });
    // The old image's loose object goes: `git log --numstat` can no longer read that change.
    fs.rmSync(path.join(repo.dir, '.git/objects', lost.slice(0, 2), lost.slice(2)));
    const log = spawnSync('git', ['log', '--numstat', '--format=%H'], { cwd: repo.dir, encoding: 'utf8' });
    assert.match(log.stderr, /unable to read/, 'the test set-up is wrong: the blob is still readable');
    const before = snapshotTree(repo.dir);

    const run = runCli(['scan', repo.dir, '--quiet', '--format', 'json', '--since', '2025-06-01', '--until', '2026-06-01'], { env });
    assertCompleted(run, 'scan');
    assertNoStackFrame(run.stderr);
    assertExit(run, 0);
    const report = parseReport(run);
    const a = fileOf(report, 'src/a.ts');
    assert.deepEqual([a?.revisions, a?.cognitive], [2, 2], 'src/a.ts is not ranked with its history');
    const naming = run.stderr.split('\n').filter((line) => line.includes('media/logo.png'));
    assert.equal(naming.length, 1, `not one warning naming media/logo.png:\n${run.stderr}`);
    assert.match(report.warnings.join('\n'), /media\/logo\.png/, 'the report has no warning naming the file');
    assertTreeUnchanged(repo.dir, before);
  });

  // --xray 0: X-Ray reads old versions of the top files by design; the issue is about the history
  // pass, whose --numstat fetches every blob of the window lazily, one request at a time.
  it('a blobless partial clone (--filter=blob:none) is scanned with a warning and without fetching a blob', () => {
    const source = newRepo();
    source.git('config', 'uploadpack.allowFilter', 'true');
    for (let i = 1; i <= 4; i++) {
      source.write('src/a.ts', sourceWithBranches(i)).write('src/b.ts', `export const b = ${i};\n`);
      source.commit({ message: `change ${i}`, date: `2026-01-1${i}T10:00:00Z` });
    }
    const clone = tempDir('debt-lens-fault-blobless-');
    dirs.push(clone);
    execFileSync('git', ['clone', '-q', '--filter=blob:none', `file://${source.dir}`, clone], { env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1' } });
    const objects = (): string[] => fs.readdirSync(path.join(clone, '.git/objects/pack')).sort();
    const packs = objects();
    const before = snapshotTree(clone);

    const run = runCli(['scan', clone, '--quiet', '--format', 'json', '--xray', '0', '--since', '2025-06-01', '--until', '2026-06-01'], { env });
    assertCompleted(run, 'scan');
    assertNoStackFrame(run.stderr);
    assertExit(run, 0);
    assert.match(run.stderr, /partial clone|blobless|promisor|filter|missing blobs/i, 'no warning about the partial clone');
    assert.deepEqual(objects(), packs, 'the scan fetched blobs from the remote (new packs in .git/objects/pack)');
    assert.equal(fileOf(parseReport(run), 'src/a.ts')?.revisions, 4);
    assertTreeUnchanged(clone, before);
  });
});
