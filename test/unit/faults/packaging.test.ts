import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { PROJECT_ROOT } from '../support/cliProcess';
import { GitRepoBuilder } from '../support/gitRepoBuilder';
import type { BoundedRun } from './faultSupport';
import { assertCompleted, assertExit, assertNoStackFrame, assertTreeUnchanged, childEnv, entryText, runBounded, snapshotTree, sourceWithBranches, tempDir } from './faultSupport';

/**
 * Issue 10, "Packaging and README" (23, 24): the package a user installs, and `npm start` in a
 * checkout, run the real commands.
 */

/** npm's own variables leak in when the tests run under `npm test`; a user's shell has none. */
function npmEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env = childEnv(extra);
  for (const name of Object.keys(env)) {
    if (/^npm_/i.test(name)) {
      delete env[name];
    }
  }
  return env;
}

function npm(args: readonly string[], cwd: string, timeoutMs: number, env: NodeJS.ProcessEnv = npmEnv()): BoundedRun {
  return runBounded('npm', args, { cwd, env, timeoutMs });
}

describe('issue 10 · packaging', function () {
  this.timeout(600_000);
  let repo: GitRepoBuilder;
  let cacheDir: string;

  beforeEach(() => {
    repo = GitRepoBuilder.create('debt-lens-fault-pack-repo-');
    repo.write('src/a.ts', sourceWithBranches(1));
    repo.write('.techdebt/TD-abcdef-entry.md', entryText('TD-abcdef', { title: 'Packaged entry' }));
    repo.commit({ message: 'initial', date: '2026-01-10T10:00:00Z' });
    cacheDir = tempDir('debt-lens-fault-cache-');
  });

  afterEach(() => {
    repo.cleanup();
    fs.rmSync(cacheDir, { recursive: true, force: true });
  });

  // Cheap enough to run (about 10 s here): the pack takes a second, the install of the 27 packages
  // a few seconds from npm's cache (the registry is reached when the cache lacks one).
  it('case 23: npm pack of a clean checkout gives a tarball that installs a debt-lens command running scan and debt list', () => {
    const work = tempDir('debt-lens-fault-pack-');
    try {
      // A clean clone: the files git would check out (and new ones not ignored), so no dist/; the
      // dependencies as after `npm ci`.
      const checkout = path.join(work, 'checkout');
      const files = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: PROJECT_ROOT, encoding: 'utf8' })
        .split('\0')
        .filter((file) => file !== '' && fs.existsSync(path.join(PROJECT_ROOT, file)));
      for (const file of files) {
        fs.mkdirSync(path.dirname(path.join(checkout, file)), { recursive: true });
        fs.cpSync(path.join(PROJECT_ROOT, file), path.join(checkout, file), { verbatimSymlinks: true });
      }
      fs.symlinkSync(path.join(PROJECT_ROOT, 'node_modules'), path.join(checkout, 'node_modules'));

      const pack = npm(['pack', '--pack-destination', work], checkout, 300_000);
      assertCompleted(pack, 'npm pack');
      assertExit(pack, 0);
      const [tarball] = fs.readdirSync(work).filter((name) => name.endsWith('.tgz'));
      assert.ok(tarball !== undefined, 'npm pack wrote no tarball');
      const listing = execFileSync('tar', ['-tzf', path.join(work, tarball)], { encoding: 'utf8' }).split('\n').filter((line) => line !== '');
      assert.ok(listing.includes('package/dist/cli.js'), `the tarball has no program (package/dist/cli.js); it holds ${listing.length} files`);
      const stray = listing.filter((entry) => /^package\/(test|src|bench|scripts|media\/screenshots|\.ci)\//.test(entry));
      assert.deepEqual(stray, [], 'the tarball ships tests, sources or screenshots');

      const prefix = path.join(work, 'prefix');
      fs.mkdirSync(prefix);
      const install = npm(['install', '--prefix', prefix, '--no-audit', '--no-fund', '--prefer-offline', path.join(work, tarball)], prefix, 300_000);
      assertCompleted(install, 'npm install');
      assertExit(install, 0);
      const bin = path.join(prefix, 'node_modules/.bin/debt-lens');
      assert.ok(fs.existsSync(bin), 'installing the tarball gave no debt-lens command');

      const before = snapshotTree(repo.dir);
      const env = npmEnv({ DEBT_LENS_CACHE_DIR: cacheDir });
      const list = runBounded(bin, ['debt', 'list', '--repo', repo.dir], { cwd: os.tmpdir(), env });
      assertCompleted(list, 'debt-lens debt list');
      assertNoStackFrame(list.stderr);
      assertExit(list, 0);
      assert.match(list.stdout, /TD-abcdef .*Packaged entry/);
      const scan = runBounded(bin, ['scan', repo.dir, '--quiet'], { cwd: os.tmpdir(), env });
      assertCompleted(scan, 'debt-lens scan');
      assertNoStackFrame(scan.stderr);
      assertExit(scan, 0);
      assert.match(scan.stdout, /^Hotspots in /);
      assert.match(scan.stdout, /src\/a\.ts/);
      assertTreeUnchanged(repo.dir, before);
    } finally {
      fs.rmSync(work, { recursive: true, force: true });
    }
  });

  // `npm start` builds the CLI into dist/ (git-ignored) first, then runs it.
  describe('case 24: npm start in a checkout', () => {
    it('case 24: npm start -- debt list --repo <repo> runs the debt command', () => {
      const before = snapshotTree(repo.dir);
      const run = npm(['start', '--', 'debt', 'list', '--repo', repo.dir], PROJECT_ROOT, 120_000, npmEnv({ DEBT_LENS_CACHE_DIR: cacheDir }));
      assertCompleted(run, 'npm start -- debt list');
      assertNoStackFrame(run.stderr);
      assertExit(run, 0);
      assert.match(run.stdout, /TD-abcdef .*Packaged entry/);
      assertTreeUnchanged(repo.dir, before);
    });

    it('case 24: npm start -- scan <repo> --format json runs that scan', () => {
      const before = snapshotTree(repo.dir);
      const run = npm(['start', '--', 'scan', repo.dir, '--quiet', '--format', 'json'], PROJECT_ROOT, 120_000, npmEnv({ DEBT_LENS_CACHE_DIR: cacheDir }));
      assertCompleted(run, 'npm start -- scan');
      assertNoStackFrame(run.stderr);
      assertExit(run, 0);
      assert.ok(run.stdout.includes(`"root": ${JSON.stringify(repo.dir)}`), `not a JSON report of the repository:\n${run.stdout}`);
      assertTreeUnchanged(repo.dir, before);
    });

    // Passes today (the script ends in `scan`): it keeps the default when the script changes.
    it('case 24: npm start with no arguments still scans the checkout itself', () => {
      const run = npm(['start'], PROJECT_ROOT, 180_000, npmEnv({ DEBT_LENS_CACHE_DIR: cacheDir }));
      assertCompleted(run, 'npm start');
      assertNoStackFrame(run.stderr);
      assertExit(run, 0);
      assert.ok(run.stdout.includes(`Hotspots in ${PROJECT_ROOT} @ `), `not a scan of ${PROJECT_ROOT}:\n${run.stdout.slice(0, 2000)}`);
    });

    it('case 24: the README says how to run the debt commands from a checkout', () => {
      const readme = fs.readFileSync(path.join(PROJECT_ROOT, 'README.md'), 'utf8');
      assert.match(readme, /npm start -- debt /, 'the README shows no `npm start -- debt …` command');
    });
  });
});
