import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { GitRepoBuilder } from '../support/gitRepoBuilder';
import {
  assertCompleted,
  assertExit,
  assertNoStackFrame,
  assertOneLineError,
  assertTreeUnchanged,
  childEnv,
  entryText,
  HANG_BOUND_MS,
  mkfifo,
  runCli,
  snapshotTree,
  sourceWithBranches,
  tempDir,
} from './faultSupport';

/**
 * Issue 10, "Hangs" (7, 8). Each run is bounded ({@link HANG_BOUND_MS}) and killed with SIGKILL
 * when it overruns, so a hang fails the test instead of hanging mocha. A FIFO is never opened by
 * the tests themselves (the snapshot records its type only).
 */

describe('issue 10 · no hangs', function () {
  this.timeout(120_000);
  let repo: GitRepoBuilder;
  let cacheDir: string;
  let env: NodeJS.ProcessEnv;

  beforeEach(() => {
    repo = GitRepoBuilder.create('debt-lens-fault-hangs-');
    repo.write('src/a.ts', sourceWithBranches(3));
    repo.write('.techdebt/TD-123456-real.md', entryText('TD-123456', { title: 'A real entry' }));
    repo.commit({ message: 'initial', date: '2026-01-10T10:00:00Z' });
    cacheDir = tempDir('debt-lens-fault-cache-');
    env = childEnv({ DEBT_LENS_CACHE_DIR: cacheDir });
  });

  afterEach(() => {
    repo.cleanup();
    fs.rmSync(cacheDir, { recursive: true, force: true });
  });

  // Exit 0: a file that is not a regular file is one unreadable entry, reported like any malformed
  // entry (`file: message [code]` on standard error, exit 1 only under --strict); the others load.
  it('case 7: debt list with a FIFO named .techdebt/TD-abcdef-x.md ends, lists the other entries and reports the FIFO in one line', () => {
    mkfifo(path.join(repo.dir, '.techdebt/TD-abcdef-x.md'));
    const before = snapshotTree(repo.dir);
    const run = runCli(['debt', 'list', '--repo', repo.dir], { env, timeoutMs: HANG_BOUND_MS });
    assertCompleted(run, 'debt list');
    assertOneLineError(run.stderr, /TD-abcdef-x\.md/);
    assert.match(run.stderr, /regular file|special file|fifo|pipe|not a file/i, 'standard error does not say what is wrong with the file');
    assertExit(run, 0);
    assert.match(run.stdout, /TD-123456/, 'the other entries are not listed');
    assertTreeUnchanged(repo.dir, before);
  });

  it('case 7: scan with a FIFO among the ledger entries ends and ranks the files (exit 0)', () => {
    mkfifo(path.join(repo.dir, '.techdebt/TD-abcdef-x.md'));
    const before = snapshotTree(repo.dir);
    const run = runCli(['scan', repo.dir, '--quiet'], { env, timeoutMs: HANG_BOUND_MS });
    assertCompleted(run, 'scan');
    assertNoStackFrame(run.stderr);
    assertExit(run, 0);
    assert.match(run.stdout, /src\/a\.ts/);
    assertTreeUnchanged(repo.dir, before);
  });

  it('case 7: scan with a FIFO in the work tree in place of a tracked source file ends (exit 0)', () => {
    repo.write('src/b.ts', sourceWithBranches(5));
    repo.commit({ message: 'b', date: '2026-01-11T10:00:00Z' });
    fs.rmSync(path.join(repo.dir, 'src/b.ts'));
    mkfifo(path.join(repo.dir, 'src/b.ts'));
    const before = snapshotTree(repo.dir);
    const run = runCli(['scan', repo.dir, '--quiet'], { env, timeoutMs: HANG_BOUND_MS });
    assertCompleted(run, 'scan');
    assertNoStackFrame(run.stderr);
    assertExit(run, 0);
    assert.match(run.stdout, /src\/a\.ts/);
    assertTreeUnchanged(repo.dir, before);
  });

  // Exit 0: a bad config.yml is reported as `.techdebt/config.yml: message [code]` and the rest
  // still works (README, Tracker settings).
  it('case 7: debt markers with a FIFO as .techdebt/config.yml ends and reports the config file in one line (exit 0)', () => {
    repo.write('src/todo.ts', 'export const x = 1; // TODO split this\n');
    repo.commit({ message: 'todo', date: '2026-01-11T10:00:00Z' });
    mkfifo(path.join(repo.dir, '.techdebt/config.yml'));
    const before = snapshotTree(repo.dir);
    const run = runCli(['debt', 'markers', '--repo', repo.dir], { env, timeoutMs: HANG_BOUND_MS });
    assertCompleted(run, 'debt markers');
    assertOneLineError(run.stderr, /config\.yml/);
    assertExit(run, 0);
    assert.match(run.stdout, /split this/, 'the markers are not listed');
    assertTreeUnchanged(repo.dir, before);
  });

  // Exit 0 with a warning: a cache folder that cannot be written is already a warning today
  // ("could not write the cache"), never a failed scan; /proc must be no different.
  it('case 8: scan --cache-dir /proc/debtlens ends, warns that the cache cannot be written, and prints the report', () => {
    const before = snapshotTree(repo.dir);
    const run = runCli(['scan', repo.dir, '--quiet', '--cache-dir', '/proc/debtlens'], { env, timeoutMs: HANG_BOUND_MS });
    assertCompleted(run, 'scan --cache-dir /proc/debtlens');
    assertNoStackFrame(run.stderr);
    assertExit(run, 0);
    assert.match(run.stderr, /cache/i, 'no warning about the cache');
    assert.match(run.stdout, /src\/a\.ts/);
    assertTreeUnchanged(repo.dir, before);
  });
});
