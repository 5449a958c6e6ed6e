import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { jsonReportChunks } from '../../../src/core/report/jsonReportChunks';
import { reportMemoFileFor } from '../../../src/core/scan/reportMemo';
import type { ScanReport } from '../../../src/core/scan/scanReport';
import type { MemoizedScan, ScanOptions } from '../../../src/core/scan/scanRepository';
import { scanRepository, scanRepositoryMemoized } from '../../../src/core/scan/scanRepository';
import type { GitRepoBuilder } from '../support/gitRepoBuilder';
import { buildScanFixture, NOW, sessionSource } from './scanFixture';

/** The JSON text a memoised scan prints: the memo's, or the report's when the scan ran. */
function textOf(scan: MemoizedScan): string {
  return scan.memoText ? Buffer.concat(scan.memoText).toString('utf8') : [...jsonReportChunks(scan.report())].join('');
}

/** Runs the scan and, as the CLI does, writes its JSON to the memo when it can be remembered. */
async function scanAndRemember(options: ScanOptions, salt = 'build-1'): Promise<MemoizedScan> {
  const scan = await scanRepositoryMemoized(options, salt);
  const memo = await scan.remember?.();
  if (memo) {
    for (const chunk of jsonReportChunks(scan.report())) {
      memo.write(chunk);
    }
    await memo.commit();
  }
  return scan;
}

/** A memo file's report: all but its last line, the header. */
function bodyOf(memo: string): string {
  return memo.slice(0, memo.lastIndexOf('\n', memo.length - 2) + 1);
}

/** The text minus what differs between two scans of the same inputs. */
function stable(text: string): string {
  return text.replace(/"cache":"\w+","durationMs":\d+/, '"cache":_,"durationMs":_');
}

describe('report memo', function () {
  this.timeout(120_000);
  let repo: GitRepoBuilder;
  let cacheDir: string;
  let cacheFile: string;
  let reference: string;
  const options = (): ScanOptions => ({ cwd: repo.dir, now: NOW, cacheFile, significance: { percentile: 85, minComplexity: 5 } });

  beforeEach(async () => {
    repo = buildScanFixture();
    cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'debt-lens-memo-'));
    cacheFile = path.join(cacheDir, 'repo', 'scan.json');
    reference = [...jsonReportChunks((await scanRepository({ ...options(), cacheFile: undefined })).report)].join('');
  });

  afterEach(() => {
    repo.cleanup();
    fs.rmSync(cacheDir, { recursive: true, force: true });
  });

  it('answers a rescan of the same inputs with the same text, its stats saying warm, without reading the scan cache', async () => {
    const cold = await scanAndRemember(options());
    assert.equal(cold.memoText, undefined, 'the first scan runs');
    assert.equal(stable(textOf(cold)), stable(reference));
    assert.ok(fs.existsSync(reportMemoFileFor(cacheFile)));
    // Without the scan cache, only the memo can make the rescan warm.
    fs.rmSync(cacheFile);
    const warm = await scanAndRemember(options());
    assert.ok(warm.memoText, 'the memo answered');
    const text = textOf(warm);
    assert.equal(stable(text), stable(reference));
    const report = JSON.parse(text) as ScanReport;
    assert.equal(report.stats.cache, 'warm');
    assert.deepEqual(warm.report(), report, 'the parsed report is the printed one');
    assert.deepEqual(warm.warnings, []);
    assert.ok(!fs.existsSync(cacheFile), 'a memo hit writes no scan cache');
  });

  it('is not used after a commit, an edit, a ledger entry, another option or another build', async () => {
    const changes: [string, () => void, (o: ScanOptions) => ScanOptions, string?][] = [
      ['an uncommitted edit', () => repo.write('src/session.ts', sessionSource(7) + '\nexport const extra = (x: number): number => (x > 1 ? 1 : 2);\n'), (o) => o],
      ['a new ledger entry (untracked)', () => repo.write('.techdebt/TD-0a1b2c.md', '---\nid: TD-0a1b2c\ntitle: Session refresh\nstatus: open\nseverity: high\nanchors:\n  - path: src/session.ts\n    symbol: Session.refresh\n---\n'), (o) => o],
      ['another option', () => undefined, (o) => ({ ...o, complexityMetric: 'cyclomatic' })],
      ['another build', () => undefined, (o) => o, 'build-2'],
      ['a new commit', () => repo.write('src/util.ts', 'export const one = 1;\n').commit({ message: 'later', date: '2026-09-06T10:00:00Z' }), (o) => o],
    ];
    for (const [what, change, adjust, salt] of changes) {
      const before = textOf(await scanAndRemember(options()));
      change();
      const again = await scanAndRemember(adjust(options()), salt);
      assert.equal(again.memoText, undefined, `${what}: the memo answered`);
      const fresh = [...jsonReportChunks((await scanRepository({ ...adjust(options()), cacheFile: undefined })).report)].join('');
      assert.equal(stable(textOf(again)), stable(fresh), `${what}: the rescan is not what a cold scan says`);
      if (salt === undefined) {
        assert.notEqual(stable(fresh), stable(before), `${what}: the change changed nothing, so this case proves nothing`);
      }
    }
  });

  it('is not used when damaged or edited, and is then written anew', async () => {
    await scanAndRemember(options());
    const file = reportMemoFileFor(cacheFile);
    const whole = fs.readFileSync(file, 'utf8');
    // Well-formed JSON with an impossible value: only the checksum tells.
    const edited = whole.replace(/"cognitive":6,/, '"cognitive":-1e308,');
    assert.notEqual(edited, whole, 'the memo holds no cognitive 6 to edit');
    for (const damaged of [edited, whole.slice(0, whole.length - 40), '', whole.replace(/"version":1,/, '"version":0,')]) {
      fs.writeFileSync(file, damaged);
      const scan = await scanAndRemember(options());
      assert.equal(scan.memoText, undefined, 'a damaged memo answered');
      assert.equal(stable(textOf(scan)), stable(reference));
      assert.equal(stable(bodyOf(fs.readFileSync(file, 'utf8'))), stable(bodyOf(whole)), 'the memo is not written anew');
    }
  });

  it('is neither read nor written without a cache file or with a window that ends at the clock', async () => {
    const offline = await scanRepositoryMemoized({ ...options(), cacheFile: undefined }, 'build-1');
    assert.equal(offline.remember, undefined);
    const clock = await scanRepositoryMemoized({ ...options(), windowEnd: 'now' }, 'build-1');
    assert.equal(clock.remember, undefined);
    assert.ok(!fs.existsSync(reportMemoFileFor(cacheFile)));
  });
});
