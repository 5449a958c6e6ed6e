import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import type { ScanReport } from '../../../src/core/scan/scanReport';
import { buildScanFixture } from '../scan/scanFixture';
import type { CliRun } from '../support/cliProcess';
import { PROJECT_ROOT, runCliProcess } from '../support/cliProcess';
import { GitRepoBuilder } from '../support/gitRepoBuilder';

const ROOT = PROJECT_ROOT;

/** Runs the real CLI entry point in a child process, as a user would. */
function cli(args: readonly string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): CliRun {
  return runCliProcess(args, options.cwd ?? ROOT, { ...process.env, DEBT_LENS_CACHE_DIR: cacheDir, ...options.env });
}

let cacheDir: string;

describe('debt-lens CLI', function () {
  this.timeout(120_000);
  let repo: GitRepoBuilder;

  before(() => {
    repo = buildScanFixture();
    cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'debt-lens-cli-cache-'));
  });

  after(() => {
    repo.cleanup();
    fs.rmSync(cacheDir, { recursive: true, force: true });
  });

  it('prints a JSON report that validates against the published schema, and nothing else on stdout', () => {
    const run = cli(['scan', repo.dir, '--format', 'json', '--since', '2025-11-21', '--until', '2026-11-21']);
    assert.equal(run.code, 0, run.stderr);
    const report = JSON.parse(run.stdout) as { files: { path: string; score: number }[] };
    const ajv = new Ajv2020({ allErrors: true, strict: false });
    addFormats(ajv);
    const validate = ajv.compile(JSON.parse(fs.readFileSync(path.join(ROOT, 'schema/scan-report.schema.json'), 'utf8')));
    assert.ok(validate(report), JSON.stringify(validate.errors, null, 2));
    assert.deepEqual(report.files.slice(0, 2).map((f) => [f.path, f.score]), [['src/session.ts', 42], ['src/util.ts', 6]]);
    // Not a terminal: one plain line per phase start and end, on stderr (commits read, bots included).
    assert.match(run.stderr, /^debt-lens: git history: reading 9 commits \(bots and commits after the window included; the report leaves them out\)$/m);
    assert.match(run.stderr, /^debt-lens: parsing files: \d+ files$/m);
    assert.match(run.stderr, /^debt-lens: function history: done in [\d.]+ s$/m);
  });

  it('caches in the user cache folder, never in the repository, and --no-cache writes none', () => {
    const isolated = fs.mkdtempSync(path.join(os.tmpdir(), 'debt-lens-cli-own-cache-'));
    try {
      assert.equal(cli(['scan', repo.dir, '--quiet', '--no-cache'], { env: { DEBT_LENS_CACHE_DIR: isolated } }).code, 0);
      assert.deepEqual(fs.readdirSync(isolated), []);
      assert.equal(cli(['scan', repo.dir, '--quiet'], { env: { DEBT_LENS_CACHE_DIR: isolated } }).code, 0);
      const [folder] = fs.readdirSync(isolated);
      assert.match(folder!, /^debt-lens-scan-.+-[0-9a-f]{16}$/);
      assert.deepEqual(fs.readdirSync(path.join(isolated, folder!)).sort(), ['report.json', 'scan.json']);
      assert.equal(repo.git('status', '--porcelain', '--ignored'), '', 'the repository is untouched');
      // The same inputs again: the report memo answers, with the same report in every format.
      const window = ['--since', '2025-11-21', '--until', '2026-11-21'];
      const ran = cli(['scan', repo.dir, '--format', 'json', '--no-cache', ...window]);
      const remembered = cli(['scan', repo.dir, '--format', 'json', ...window], { env: { DEBT_LENS_CACHE_DIR: isolated } });
      const rescanned = cli(['scan', repo.dir, '--format', 'json', ...window], { env: { DEBT_LENS_CACHE_DIR: isolated } });
      assert.equal(rescanned.code, 0, rescanned.stderr);
      const stable = (text: string): string => text.replace(/"cache":"\w+","durationMs":\d+/, '');
      assert.equal(stable(rescanned.stdout), stable(ran.stdout));
      assert.equal(stable(remembered.stdout), stable(ran.stdout));
      assert.equal((JSON.parse(rescanned.stdout) as ScanReport).stats.cache, 'warm');
      for (const format of ['table', 'markdown', 'csv', 'sarif']) {
        const fresh = cli(['scan', repo.dir, '--quiet', '--format', format, '--no-cache', ...window]);
        const memo = cli(['scan', repo.dir, '--quiet', '--format', format, ...window], { env: { DEBT_LENS_CACHE_DIR: isolated } });
        assert.equal(memo.stdout, fresh.stdout, `${format} from the memo`);
      }
    } finally {
      fs.rmSync(isolated, { recursive: true, force: true });
    }
  });

  it('prints the ranked table, Markdown and CSV', () => {
    const table = cli(['scan', '--quiet', '--top', '2', '--since', '2025-11-21', '--until', '2026-11-21'], { cwd: path.join(repo.dir, 'src') });
    assert.equal(table.code, 0, table.stderr);
    const lines = table.stdout.split('\n');
    assert.match(lines[0]!, /^Hotspots in .+ @ [0-9a-f]{8} · 2025-11-21 → 2026-11-21 · 8 commits · 4 ranked files$/);
    assert.equal(lines[2], 'pctl percentile · revs revisions · cogn/cyclo cognitive/cyclomatic complexity · loc lines of code');
    assert.deepEqual(lines.slice(4, 10), [
      '#  score  pctl  revs  cogn  cyclo  loc  authors  churn +/-  file',
      '-  -----  ----  ----  ----  -----  ---  -------  ---------  --------------------------',
      '1     42  87.5     7     6      4   12        3     +18/-6  src/session.ts',
      '      42           7     6      4   10                        └ Session.refresh (2-11)',
      '2      6  62.5     6     1      2    3        2      +8/-5  src/util.ts',
      '       6           6     1      2    3                        └ clamp (1-3)',
    ]);
    const markdown = cli(['scan', repo.dir, '--quiet', '--format', 'markdown']);
    assert.match(markdown.stdout, /^# Debt Lens hotspot report\n/);
    assert.match(markdown.stdout, /^\| 1 \| `src\/session.ts` \| 42 \| 87.5 \| 7 \| \+18 \/ −6 \| 6 \| 4 \| 12 \| 3 \| .*PROJ-1.* \|$/m);
    const csv = cli(['scan', repo.dir, '--quiet', '--format', 'csv', '--top', '1']);
    assert.equal(csv.stdout.split('\r\n').length, 3);
    assert.match(csv.stdout.split('\r\n')[1]!, /^src\/session\.ts,1,87\.5,42,false,7,18,6,3,Alice Example,1,12,4,6,0,2026-07-05T10:00:00\.000Z,,/);
  });

  it('fails with one line and exit 1 for a missing path, a non-repository, an empty repository and a missing git', () => {
    const missing = path.join(os.tmpdir(), 'debt-lens-does-not-exist');
    assert.deepEqual(cli(['scan', missing]), { code: 1, stdout: '', stderr: `debt-lens: no such folder: ${missing}\n` });

    const plain = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'debt-lens-plain-')));
    const empty = GitRepoBuilder.create('debt-lens-empty-');
    const noGit = fs.mkdtempSync(path.join(os.tmpdir(), 'debt-lens-nogit-bin-'));
    try {
      assert.deepEqual(cli(['scan', plain]), { code: 1, stdout: '', stderr: `debt-lens: not a git repository: ${plain}\n` });
      assert.deepEqual(cli(['scan', empty.dir, '--quiet']), { code: 1, stdout: '', stderr: `debt-lens: the repository has no commits yet: ${empty.dir}\n` });
      // A PATH with node but without git.
      fs.symlinkSync(process.execPath, path.join(noGit, 'node'));
      const run = cli(['scan', repo.dir, '--quiet'], { env: { PATH: noGit } });
      assert.deepEqual(run, { code: 1, stdout: '', stderr: 'debt-lens: git is not installed or not on PATH (git); install git and try again\n' });
    } finally {
      fs.rmSync(plain, { recursive: true, force: true });
      fs.rmSync(noGit, { recursive: true, force: true });
      empty.cleanup();
    }
  });

  it('scans a shallow clone with a warning', () => {
    const shallow = GitRepoBuilder.cloneShallow(repo, 3);
    try {
      const run = cli(['scan', shallow.dir, '--quiet', '--format', 'json']);
      assert.equal(run.code, 0);
      assert.match(run.stderr, /^debt-lens: warning: shallow clone: history is partial/);
      assert.equal((JSON.parse(run.stdout) as Pick<ScanReport, 'warnings'>).warnings.length, 1);
    } finally {
      shallow.cleanup();
    }
  });

  it('prints SARIF and fails a --fail-on gate with exit 3 and its reason', () => {
    // session.ts has cognitive 6: significant once the complexity floor is lowered to 5.
    const sarif = cli(['scan', repo.dir, '--quiet', '--format', 'sarif', '--significant', '85', '--min-complexity', '5']);
    assert.equal(sarif.code, 0, sarif.stderr);
    const log = JSON.parse(sarif.stdout) as { version: string; runs: { results: { ruleId: string; locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }[] }[] };
    assert.equal(log.version, '2.1.0');
    assert.deepEqual(
      log.runs[0]!.results.map((r) => [r.ruleId, r.locations[0]!.physicalLocation.artifactLocation.uri]),
      [['debt-lens/hotspot', 'src/session.ts']],
    );
    const gated = cli(['scan', repo.dir, '--quiet', '--format', 'csv', '--significant', '85', '--min-complexity', '5', '--fail-on', 'new-hotspot,critical>0']);
    assert.equal(gated.code, 3);
    assert.match(gated.stderr, /^debt-lens: fail-on: new-hotspot: .*src\/session\.ts/m);
    assert.match(gated.stdout, /^path,rank,/, 'the report is still printed');
    assert.deepEqual(cli(['scan', repo.dir, '--fail-on', 'critical>x']).code, 2);
  });

  it('exits 2 on bad usage and prints help on --help', () => {
    assert.deepEqual(cli(['scan', '--format', 'yaml']), { code: 2, stdout: '', stderr: "debt-lens: --format must be table, json, markdown, csv or sarif, not 'yaml'\nRun 'debt-lens --help' for usage.\n" });
    const help = cli(['--help']);
    assert.equal(help.code, 0);
    assert.match(help.stdout, /^Usage: debt-lens scan \[path\] \[options\]/);
  });
});
