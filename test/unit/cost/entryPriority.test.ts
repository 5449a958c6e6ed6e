import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runDebt } from '../../../src/cli/debt/runDebt';
import { parseDebtArgs } from '../../../src/cli/parseCliArgs';
import type { DebtCommand } from '../../../src/cli/parseCliArgs';
import { byPriority, entryPriority, interestBasis, principalHours } from '../../../src/core/cost/entryPriority';
import { scanRepository } from '../../../src/core/scan/scanRepository';
import type { GitRepoBuilder } from '../support/gitRepoBuilder';
import { buildCostRepo } from './costRepo';

const SOME_DAY = new Date('2031-03-14T00:00:00Z');

describe('principal in hours', () => {
  it('reads h as written, d as 8 h, w as 40 h and points at the configured hours', () => {
    assert.deepEqual(
      ['3h', '1.5h', '2d', '0.5d', '1w', '5sp', '2pt', undefined, '3', 'soon'].map((text) => principalHours(text)),
      [3, 1.5, 16, 4, 40, 30, 12, null, null, null],
    );
    assert.equal(principalHours('5sp', 4), 20);
    assert.equal(principalHours('2pt', 2.5), 5);
  });
});

describe('interest and priority', () => {
  const basis = interestBasis([true, false, false, false], [10, 20, 30, null], { since: new Date('2025-01-01T00:00:00Z'), until: new Date('2025-01-31T10:30:00Z') }, 6);

  it("measures the repository's base: its bug-fix share, its median lead time and the window in months", () => {
    assert.deepEqual(basis, { bugFixShare: 0.25, medianLeadTimeHours: 20, months: 1, hoursPerPoint: 6 });
  });

  it('charges fixes above the base share at one point each, and lead time above the median, per month', () => {
    // 3 of 4 commits fix: 3 − 4 × 0.25 = 2 extra, × 6 h = 12 h; tickets of 30 h and 10 h: 10 h over the median.
    const price = entryPriority('2d', { commits: 4, bugFixCommits: 3, bugFixShare: 0.75, tickets: 2, medianLeadTimeHours: 20 }, [30, 10], basis);
    assert.deepEqual(price, {
      principalHours: 16,
      monthlyInterest: {
        hoursPerMonth: 22,
        extraFixCommits: 2,
        extraLeadTimeHours: 10,
        months: 1,
        method: "(3 of 4 commits are fixes, 2 above the repository's 25 % bug-fix share, × 6 h a point) + 10 h of ticket lead time over the 20 h median, over 1 months",
      },
      priority: 1.375,
    });
  });

  it('never charges below the base, and gives no priority without a principal or a measurement', () => {
    const healthy = entryPriority('1w', { commits: 8, bugFixCommits: 1, bugFixShare: 0.125, tickets: 0, medianLeadTimeHours: null }, [], basis);
    assert.equal(healthy.monthlyInterest?.hoursPerMonth, 0);
    assert.equal(healthy.priority, 0);
    assert.equal(entryPriority(undefined, { commits: 4, bugFixCommits: 3, bugFixShare: 0.75, tickets: 0, medianLeadTimeHours: null }, [], basis).priority, null);
    assert.deepEqual(entryPriority('3h', undefined, [], basis), { principalHours: 3, monthlyInterest: null, priority: null });
  });

  it('orders the highest priority first, then those without one, each by id', () => {
    const entries = [
      { id: 'TD-000005', priority: null },
      { id: 'TD-000004', priority: 0.5 },
      { id: 'TD-000003', priority: null },
      { id: 'TD-000002', priority: 2 },
      { id: 'TD-000001', priority: 0.5 },
    ];
    assert.deepEqual([...entries].sort(byPriority).map((entry) => entry.id), ['TD-000002', 'TD-000001', 'TD-000004', 'TD-000003', 'TD-000005']);
  });
});

/**
 * The cost repository (see costRepo.ts) with two more entries, written after its last commit: on the
 * whole of src/f5.ts (half a point, with two hours a point) and on src/f2.ts (no principal).
 */
function withMoreEntries(repo: GitRepoBuilder): void {
  const entry = (id: string, slug: string, principal: string | undefined, file: string): string =>
    `---\nid: ${id}\ntitle: ${slug}\nstatus: open\nseverity: medium\n${principal === undefined ? '' : `principal: ${principal}\n`}anchors:\n  - path: ${file}\ncreated: 2025-12-01\n---\n`;
  repo.write('.techdebt/TD-0000f5-f5-bounds.md', entry('TD-0000f5', 'f5 bounds', '0.5sp', 'src/f5.ts'));
  repo.write('.techdebt/TD-0000f2-f2-tuning.md', entry('TD-0000f2', 'f2 tuning', undefined, 'src/f2.ts'));
  repo.write('.techdebt/config.yml', 'cost:\n  hoursPerPoint: 2\n');
}

describe('interest and priority on a real repository', function () {
  this.timeout(120_000);
  let repo: GitRepoBuilder;
  let cacheDir: string;

  before(() => {
    repo = buildCostRepo();
    cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'debt-lens-priority-cache-'));
  });

  after(() => {
    repo.cleanup();
    fs.rmSync(cacheDir, { recursive: true, force: true });
  });

  it("prices the ledger's entry in the scan report: fixes above the base rate and lead time over the median, per month", async () => {
    const { report } = await scanRepository({ cwd: repo.dir, now: SOME_DAY });
    // 7 of the window's 20 commits fix (35 %); hot's 5 commits hold 3 fixes: 3 − 5 × 0.35 = 1.25 extra.
    // Lead times 36, 48, 24 h: median 36; hot's tickets PROJ-1 (36) and PROJ-2 (48): 12 h over.
    // (1.25 × 6 + 12) h over 365 / 30.4375 = 11.99 months is 1.63 h a month; ÷ 2d = 16 h.
    const [entry] = report.ledger.entries;
    assert.deepEqual(
      { principalHours: entry?.principalHours, monthlyInterest: entry?.monthlyInterest, priority: entry?.priority },
      {
        principalHours: 16,
        monthlyInterest: {
          hoursPerMonth: 1.63,
          extraFixCommits: 1.25,
          extraLeadTimeHours: 12,
          months: 11.99,
          method: "(3 of 5 commits are fixes, 1.25 above the repository's 35 % bug-fix share, × 6 h a point) + 12 h of ticket lead time over the 36 h median, over 11.99 months",
        },
        priority: 0.1019,
      },
    );
  });

  it('debt list --sort priority puts the cheapest relief first and entries without a principal last', async () => {
    withMoreEntries(repo);
    const run = async (args: string[]): Promise<string> => {
      let out = '';
      const code = await runDebt(parseDebtArgs(['list', '--repo', repo.dir, ...args]) as DebtCommand, {
        out: (text) => {
          out += text;
          return Promise.resolve();
        },
        err: () => undefined,
        cwd: repo.dir,
        env: { DEBT_LENS_CACHE_DIR: cacheDir },
        now: () => SOME_DAY,
      });
      assert.equal(code, 0);
      return out;
    };
    // Two hours a point: f5's 4 commits hold 2 fixes, 2 − 4 × 0.35 = 0.6 extra × 2 h over 11.99 months
    // is 0.1 h a month, ÷ 1 h; hot: (1.25 × 2 + 12) / 11.99 = 1.21 h a month ÷ 16 h.
    const json = JSON.parse(await run(['--sort', 'priority', '--format', 'json'])) as { entries: { id: string; principalHours: number | null; priority: number | null }[] };
    assert.deepEqual(json.entries.map((entry) => [entry.id, entry.principalHours, entry.priority]), [
      ['TD-0000f5', 1, 0.1],
      ['TD-c0a7a1', 16, 0.0756],
      ['TD-0000f2', null, null],
    ]);
    const table = await run(['--sort', 'priority']);
    assert.match(table, /TD-0000f5 .*0\.5sp .*0\.1 h .*0\.1 /);
    assert.match(table, /TD-0000f2 .* - +0 h +- /, "f2 fixes less than the base share: no interest, and no principal");
    const ledgerOrder = JSON.parse(await run(['--format', 'json'])) as { entries: { id: string; priority?: unknown }[] };
    assert.deepEqual(ledgerOrder.entries.map((entry) => entry.id), ['TD-0000f2', 'TD-0000f5', 'TD-c0a7a1']);
    assert.equal(ledgerOrder.entries[0]?.priority, undefined, 'the ledger order prints no priority');
  });
});
