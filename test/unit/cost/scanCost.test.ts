import * as assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createCachedLookup, createMemoryStore } from '../../../src/core/backlog/backlogCache';
import { createJiraClient } from '../../../src/core/backlog/trackerClient';
import type { ScanReport } from '../../../src/core/scan/scanReport';
import { scanRepository } from '../../../src/core/scan/scanRepository';
import { GitRepoBuilder } from '../support/gitRepoBuilder';
import { buildCostRepo } from './costRepo';

const SOME_DAY = new Date('2031-03-14T00:00:00Z');

function fileCost(report: ScanReport, path: string): unknown {
  const file = report.files.find((candidate) => candidate.path === path);
  assert.ok(file, `${path} is in the report`);
  return file.cost;
}

function functionCost(report: ScanReport, path: string, name: string): unknown {
  const fn = report.files.find((candidate) => candidate.path === path)?.functions.find((candidate) => candidate.name === name);
  assert.ok(fn, `${path} ${name} is in the report`);
  return fn.cost;
}

/** Every number in a value, with where it is: for the no-NaN, no-Infinity check. */
function numbers(value: unknown, at = ''): [string, number][] {
  if (typeof value === 'number') {
    return [[at, value]];
  }
  if (Array.isArray(value)) {
    return value.flatMap((item, index) => numbers(item, `${at}[${index}]`));
  }
  if (typeof value === 'object' && value !== null) {
    return Object.entries(value).flatMap(([key, item]) => numbers(item, `${at}.${key}`));
  }
  return [];
}

describe('cost on a real repository', function () {
  this.timeout(120_000);
  let repo: GitRepoBuilder;
  let report: ScanReport;

  before(async () => {
    repo = buildCostRepo();
    ({ report } = await scanRepository({ cwd: repo.dir, now: SOME_DAY }));
  });

  after(() => repo.cleanup());

  it('makes each ticket a unit of work: its kind, commit span and lead time', () => {
    assert.deepEqual(
      report.tickets.map(({ id, commits, kind, firstCommit, lastCommit, leadTimeHours, leadTimeSource }) => [id, commits, kind, firstCommit, lastCommit, leadTimeHours, leadTimeSource]),
      [
        ['PROJ-1', 2, 'change', '2025-02-01T00:00:00.000Z', '2025-02-02T12:00:00.000Z', 36, 'commits'],
        ['PROJ-2', 2, 'bug', '2025-03-01T00:00:00.000Z', '2025-03-03T00:00:00.000Z', 48, 'commits'],
        ['PROJ-3', 2, 'change', '2025-05-01T00:00:00.000Z', '2025-05-02T00:00:00.000Z', 24, 'commits'],
        ['PROJ-4', 1, 'bug', '2025-11-03T00:00:00.000Z', '2025-11-03T00:00:00.000Z', null, null],
      ],
    );
    assert.deepEqual(report.cost.leadTimes, { tracker: 0, commits: 3, none: 1 });
  });

  it('counts bug-fix commits per file, with or without a ticket, and the median lead time of its tickets', () => {
    assert.deepEqual(fileCost(report, 'src/hot.ts'), { commits: 6, bugFixCommits: 3, bugFixShare: 0.5, tickets: 2, medianLeadTimeHours: 42 });
    assert.deepEqual(fileCost(report, 'src/f5.ts'), { commits: 4, bugFixCommits: 2, bugFixShare: 0.5, tickets: 2, medianLeadTimeHours: 24 });
    assert.deepEqual(fileCost(report, 'src/f2.ts'), { commits: 7, bugFixCommits: 1, bugFixShare: 1 / 7, tickets: 0, medianLeadTimeHours: null });
    assert.deepEqual(fileCost(report, 'src/f3.ts'), { commits: 0, bugFixCommits: 0, bugFixShare: null, tickets: 0, medianLeadTimeHours: null });
  });

  it("gives each X-Rayed function its own commits' cost, and none where X-Ray did not run", () => {
    assert.deepEqual(functionCost(report, 'src/hot.ts', 'hot'), { commits: 5, bugFixCommits: 3, bugFixShare: 0.6, tickets: 2, medianLeadTimeHours: 42 });
    assert.deepEqual(functionCost(report, 'src/hot.ts', 'cold'), { commits: 1, bugFixCommits: 0, bugFixShare: 0, tickets: 0, medianLeadTimeHours: null });
    assert.equal(functionCost(report, 'src/f3.ts', 'long'), null, 'f3 never changed: no X-Ray');
  });

  it("gives a debt entry the cost of its anchored code's commits", () => {
    assert.deepEqual(
      report.ledger.entries.map((entry) => [entry.id, entry.interest.revisions, entry.cost]),
      [['TD-c0a7a1', 5, { commits: 5, bugFixCommits: 3, bugFixShare: 0.6, tickets: 2, medianLeadTimeHours: 42 }]],
    );
  });

  it('measures ticket coverage and the bands: the significant hotspot against the rest', () => {
    // 20 commits in the window; PROJ-1 ×2, PROJ-2 ×2, PROJ-3 ×2 and PROJ-4 cite a ticket.
    assert.equal(report.cost.ticketCoverage, 7 / 20);
    assert.deepEqual(report.files.filter((file) => file.significant).map((file) => file.path), ['src/hot.ts']);
    assert.deepEqual(report.cost.bands, {
      // Lead times 36 and 48: median 42, p90 36 + 0.9 × 12.
      significant: { files: 1, commits: 6, bugFixCommits: 3, bugFixShare: 0.5, tickets: 2, medianLeadTimeHours: 42, p90LeadTimeHours: 46.8, n: 2 },
      // f5 4 commits, f2 7, f7+f8 one, f9 one; PROJ-3 (24 h) and PROJ-4 (none).
      rest: { files: 11, commits: 13, bugFixCommits: 4, bugFixShare: 4 / 13, tickets: 2, medianLeadTimeHours: 24, p90LeadTimeHours: 24, n: 1 },
    });
  });

  it("backtests the ranking: the last quarter's bug fixes on the top tenth, beside chance, revisions alone and size alone", () => {
    // Five bug fixes after the cut: hot, f5, f5, f2, f7+f8. Top two by score {hot, f5}: 3 hits; by
    // revisions {f2, hot}: 2; by lines {hot, f3}: 1. Chance: four commits of one file, 2/12 each, and
    // one of two files, 1 − C(10,2)/C(12,2) = 21/66.
    const { chance, ...rest } = report.cost.backtest ?? { chance: NaN };
    assert.ok(Math.abs(chance - (4 * (2 / 12) + 21 / 66) / 5) < 1e-15, `chance ${chance} is 13/66`);
    assert.deepEqual(rest, {
      topShare: 0.1,
      cutoff: '2025-10-01T18:00:00.000Z',
      rankedFiles: 12,
      topFiles: 2,
      bugFixCommits: 5,
      hitRate: 3 / 5,
      byRevisions: 2 / 5,
      byLoc: 1 / 5,
    });
  });

  it('gives no ratio on so few observations, and says why', () => {
    assert.deepEqual(report.cost.ratios, {
      bugFixShare: null,
      leadTime: null,
      reasons: [
        'bug-fix share: 6 commits in the significant hotspots and 13 in the rest; a ratio needs at least 10 on each side',
        'lead time: 2 tickets with a lead time in the significant hotspots and 1 in the rest; a ratio needs at least 10 on each side',
      ],
      bootstrap: { replicates: 2000, seed: 13 },
    });
  });

  it('a repository with too little data: every ratio null with its reason, no backtest, and no NaN or Infinity anywhere', async () => {
    const tiny = GitRepoBuilder.create('debt-lens-cost-tiny-');
    try {
      tiny.write('src/a.ts', 'export const a = 1;\n').commit({ message: 'start', date: '2026-01-01T00:00:00Z' });
      tiny.write('src/a.ts', 'export const a = 2;\n').commit({ message: 'fix: a', date: '2026-01-02T00:00:00Z' });
      const { report: small } = await scanRepository({ cwd: tiny.dir, now: SOME_DAY });
      assert.equal(small.cost.ratios.bugFixShare, null);
      assert.equal(small.cost.ratios.leadTime, null);
      assert.deepEqual(small.cost.ratios.reasons, [
        'bug-fix share: 0 commits in the significant hotspots and 2 in the rest; a ratio needs at least 10 on each side',
        'lead time: 0 tickets with a lead time in the significant hotspots and 0 in the rest; a ratio needs at least 10 on each side',
      ]);
      assert.equal(small.cost.backtest, null);
      assert.ok(small.cost.notes.includes('backtest: 1 ranked files; it needs at least 10'));
      assert.equal(small.cost.ticketCoverage, 0);
      assert.deepEqual(small.cost.bands.significant, { files: 0, commits: 0, bugFixCommits: 0, bugFixShare: null, tickets: 0, medianLeadTimeHours: null, p90LeadTimeHours: null, n: 0 });
      assert.deepEqual(numbers(small).filter(([, value]) => !Number.isFinite(value)), []);
      assert.deepEqual(numbers(report).filter(([, value]) => !Number.isFinite(value)), []);
    } finally {
      tiny.cleanup();
    }
  });

  it('takes lead times and bug types from the tracker when it has them, and keeps them in the backlog cache', async () => {
    // Jira Cloud's "Get issue" shape, trimmed to the fields asked for.
    const issues: Record<string, object> = {
      'PROJ-1': { key: 'PROJ-1', fields: { summary: 'Hot path', status: { name: 'Done' }, assignee: null, labels: [], issuetype: { name: 'Story' }, created: '2025-01-20T09:00:00.000+0000', resolutiondate: '2025-02-03T09:00:00.000+0000' } },
      'PROJ-3': { key: 'PROJ-3', fields: { summary: 'f5 bounds', status: { name: 'In Progress' }, assignee: null, labels: [], issuetype: { name: 'Bug' }, created: '2025-04-30T00:00:00.000+0000', resolutiondate: null } },
    };
    const requests: string[] = [];
    const server = createServer((request, response) => {
      requests.push(request.url ?? '');
      const key = /\/issue\/([^?]+)/.exec(request.url ?? '')?.[1] ?? '';
      const body = issues[decodeURIComponent(key)];
      response.writeHead(body ? 200 : 404, { 'content-type': 'application/json' });
      response.end(JSON.stringify(body ?? { errorMessages: ['Issue does not exist or you do not have permission to see it.'] }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const clock = (): Date => new Date('2026-01-02T00:00:00Z');
      const client = createJiraClient({ baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, clock });
      const store = createMemoryStore();
      const cached = createCachedLookup((key: string) => client.lookup(key), { ttlMs: 86_400_000, negativeTtlMs: 3_600_000, clock, store });
      const ticketLookup = async (reference: { kind: string; id: string }): Promise<Awaited<ReturnType<typeof cached.lookup>> | undefined> =>
        reference.kind === 'jira' ? cached.lookup(reference.id) : undefined;
      const { report: live } = await scanRepository({ cwd: repo.dir, now: SOME_DAY, ticketLookup });
      assert.deepEqual(
        live.tickets.map(({ id, kind, leadTimeHours, leadTimeSource }) => [id, kind, leadTimeHours, leadTimeSource]),
        [
          // Two weeks on the tracker beat the 36 hours between its commits.
          ['PROJ-1', 'change', 336, 'tracker'],
          ['PROJ-2', 'bug', 48, 'commits'],
          // A bug by its type; not resolved, so its commits give the lead time.
          ['PROJ-3', 'bug', 24, 'commits'],
          ['PROJ-4', 'bug', null, null],
        ],
      );
      assert.deepEqual(live.cost.leadTimes, { tracker: 1, commits: 2, none: 1 });
      // PROJ-3's two commits are bug fixes now, by the tracker's word.
      assert.deepEqual(fileCost(live, 'src/f5.ts'), { commits: 4, bugFixCommits: 4, bugFixShare: 1, tickets: 2, medianLeadTimeHours: 24 });
      assert.deepEqual(fileCost(live, 'src/hot.ts'), { commits: 6, bugFixCommits: 3, bugFixShare: 0.5, tickets: 2, medianLeadTimeHours: 192 });
      assert.ok(live.cost.notes.includes('the tracker answered for 2 of 4 tickets; the others fall back to their commits'), live.cost.notes.join('\n'));
      assert.equal(requests.length, 4);
      const { report: again } = await scanRepository({ cwd: repo.dir, now: SOME_DAY, ticketLookup });
      assert.equal(requests.length, 4, 'a rescan asks the cache, not the tracker');
      assert.deepEqual(again.tickets, live.tickets);
    } finally {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
