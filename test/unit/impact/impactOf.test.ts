import * as assert from 'node:assert/strict';
import type { BacklogItemDetails } from '../../../src/core/backlog/trackerClient';
import type { HistorySummary } from '../../../src/core/history/fileHistory';
import { aggregateHistory, createBotMatcher } from '../../../src/core/history/fileHistory';
import { readHistory } from '../../../src/core/history/gitLog';
import type { GroupInterest } from '../../../src/core/impact/anchorInterest';
import { readAnchorInterest } from '../../../src/core/impact/anchorInterest';
import type { ImpactSources } from '../../../src/core/impact/impactOf';
import { impactOf } from '../../../src/core/impact/impactOf';
import { LedgerEntryNotFoundError } from '../../../src/core/ledger/ledgerEntry';
import type { Anchor } from '../../../src/core/ledger/anchor';
import type { LedgerEntry } from '../../../src/core/ledger/ledgerEntry';
import type { AnchorResolution } from '../../../src/core/ledger/resolveAnchors';
import { listFunctionLayout } from '../../../src/core/metrics/functionLayout';
import { buildImportGraph } from '../../../src/core/metrics/importGraph';
import type { FunctionReport, ScanReport } from '../../../src/core/scan/scanReport';
import { buildScanFixture, NOW } from '../scan/scanFixture';
import type { GitRepoBuilder } from '../support/gitRepoBuilder';
import { fileReport } from '../support/reportBuilders';

const WINDOW = { since: new Date('2025-11-21T00:00:00Z'), until: NOW };
const REFRESH: Anchor = { path: 'src/session.ts', symbol: 'Session.refresh', lines: [2, 11] };


const refreshReport: FunctionReport = {
  name: 'Session.refresh',
  kind: 'method',
  startLine: 2,
  endLine: 11,
  cyclomatic: 4,
  cognitive: 6,
  loc: 10,
  nesting: 3,
  params: 1,
  revisions: 7,
  churn: 22,
  score: 42,
  rank: 1,
  percentile: 100,
};

/** A report as a scan of the fixture would give it; only what impact reads matters. */
const REPORT: ScanReport = {
  schemaVersion: 1,
  ledger: { folder: '.techdebt', entries: [], orphaned: 0, diagnostics: [], markers: { total: 0, byTag: {} } },
  root: '/repo',
  head: 'HEAD',
  window: { since: WINDOW.since.toISOString(), until: WINDOW.until.toISOString() },
  complexityMetric: 'cognitive',
  significancePercentile: 90,
  stats: { commits: 8, trackedFiles: 7, parsedFiles: 5, rankedFiles: 4, significantFiles: 1, xrayFiles: 1, cache: 'off', durationMs: 1 },
  files: [
    fileReport('src/session.ts', { revisions: 7, score: 42, rank: 1, percentile: 100, significant: true, functions: [refreshReport], xray: true }),
    fileReport('src/util.ts', { revisions: 6, score: 6, rank: 2, percentile: 75 }),
  ],
  coupling: [{ a: 'src/session.ts', b: 'src/util.ts', shared: 6, degree: 92 }],
  errors: [],
  warnings: [],
};

function entry(id: string, anchors: readonly Anchor[], backlog: readonly string[] = []): LedgerEntry {
  return { id, title: `entry ${id}`, status: 'open', severity: 'high', tags: [], backlog, anchors, created: '2026-10-01', body: '', path: `.debt/${id}.md` };
}

const resolved = (anchor: Anchor): AnchorResolution => ({ status: 'resolved', how: 'symbol', anchor, moved: false });

describe('impactOf', () => {
  let repo: GitRepoBuilder;
  let history: HistorySummary;
  let sources: ImpactSources;
  const looked: string[] = [];

  before(async () => {
    repo = buildScanFixture();
    const commits = await readHistory({ cwd: repo.dir, mode: 'full', since: WINDOW.since, until: WINDOW.until });
    history = aggregateHistory(commits, { isBot: createBotMatcher(), backlog: { projectKeys: new Set(['PROJ']) } });
    const entries = [
      // TD-000001: on refresh, plus an anchor whose file is gone.
      entry('TD-000001', [REFRESH, { path: 'src/gone.ts', symbol: 'x' }], ['PROJ-9']),
      entry('TD-000002', [{ path: 'src/util.ts', symbol: 'clamp' }]),
      // TD-000003: lines 3–4 of session.ts, inside refresh (2–11).
      entry('TD-000003', [{ path: 'src/session.ts', lines: [3, 4] }]),
    ];
    sources = {
      report: REPORT,
      history,
      imports: buildImportGraph({
        files: new Map<string, readonly string[]>([
          ['src/session.ts', []],
          ['src/util.ts', []],
          ['src/app.ts', ['./session']],
          ['src/main.ts', ['./app']],
        ]),
      }),
      entries,
      resolutions: new Map<string, readonly AnchorResolution[]>([
        ['TD-000001', [resolved(REFRESH), { status: 'orphaned', reason: 'file-missing' }]],
        ['TD-000002', [resolved(entries[1]!.anchors[0]!)]],
        ['TD-000003', [resolved(entries[2]!.anchors[0]!)]],
      ]),
      interestOf: async (anchors): Promise<GroupInterest> => {
        const [result] = await readAnchorInterest(
          { cwd: repo.dir },
          { groups: [anchors], history, window: WINDOW, headText: (path) => repo.git('show', `HEAD:${path}`), listFunctions: listFunctionLayout },
        );
        return result!;
      },
      lookupBacklog: (ref): Promise<BacklogItemDetails | undefined> => {
        looked.push(ref);
        if (ref === '#7') {
          return Promise.reject(new Error('offline'));
        }
        return Promise.resolve(ref === 'PROJ-1' ? { id: ref, title: 'Add session', state: 'Done', url: 'https://jira.example/PROJ-1', fetchedAt: new Date('2026-11-20T00:00:00Z') } : undefined);
      },
    };
  });

  after(() => repo.cleanup());

  /** 2025-11 … 2026-11, with the given [revisions, churn] and zeros elsewhere. */
  const months = (values: Record<string, [number, number]>): { month: string; revisions: number; churn: number }[] =>
    ['2025-11', '2025-12', '2026-01', '2026-02', '2026-03', '2026-04', '2026-05', '2026-06', '2026-07', '2026-08', '2026-09', '2026-10', '2026-11'].map((month) => ({
      month,
      revisions: values[month]?.[0] ?? 0,
      churn: values[month]?.[1] ?? 0,
    }));

  it("assembles an entry's impact: standing, authors, coupling, importers, interest, backlog, other entries", async () => {
    const impact = await impactOf({ kind: 'entry', id: 'TD-000001' }, sources);
    // Interest of Session.refresh (lines 2–11): c1 creates the file, 10 of its 12 added lines inside
    // refresh (churn 10, January); c2…c7 each replace `return N;` on line 10 (1 + 1 = 2, one a
    // month February…July). 7 revisions, churn 10 + 6 × 2 = 22. Tickets, one commit each, by id:
    // #12 (c7 "fix #12"), #7 and PROJ-2 (c2 "PROJ-2: tune (#7)"), PROJ-1 (c1).
    assert.deepEqual(impact.interest, {
      revisions: 7,
      churn: 22,
      tickets: ['#12', '#7', 'PROJ-1', 'PROJ-2'],
      byMonth: months({ '2026-01': [1, 10], '2026-02': [1, 2], '2026-03': [1, 2], '2026-04': [1, 2], '2026-05': [1, 2], '2026-06': [1, 2], '2026-07': [1, 2] }),
      commits: history.commits.filter((commit) => commit.files.some((file) => file.path === 'src/session.ts')).map((commit) => commit.hash),
    });
    assert.deepEqual(impact.anchors, [REFRESH]);
    assert.equal(impact.orphanedAnchors, 1);
    // Authors of session.ts: Alice added 12 (c1) + 1 + 1 + 1 = 15 in 4 commits, Bob 2 in 2, Carol 1:
    // 18 lines, so Alice alone added more than half (bus factor 1).
    assert.deepEqual(impact.files, [
      {
        path: 'src/session.ts',
        hotspot: { revisions: 7, score: 42, rank: 1, percentile: 100, significant: true },
        authors: [
          { name: 'Alice Example', email: 'alice@example.com', added: 15, revisions: 4, share: 15 / 18 },
          { name: 'Bob Example', email: 'bob@example.com', added: 2, revisions: 2, share: 2 / 18 },
          { name: 'Carol Example', email: 'carol@example.com', added: 1, revisions: 1, share: 1 / 18 },
        ],
        mainDeveloper: 'Alice Example',
        ownership: 15 / 18,
        busFactor: 1,
        coupling: [{ path: 'src/util.ts', shared: 6, degree: 92 }],
        importers: ['src/app.ts'],
        transitiveImporters: ['src/app.ts', 'src/main.ts'],
      },
    ]);
    assert.deepEqual(impact.symbols, [{ path: 'src/session.ts', name: 'Session.refresh', startLine: 2, endLine: 11, cognitive: 6, churn: 22, revisions: 7, score: 42, rank: 1, percentile: 100 }]);
    // The entry's own item first, then the history's; #7's lookup failed, PROJ-1 has details.
    assert.deepEqual(impact.backlog, [
      { id: 'PROJ-9', fromEntry: true, fromHistory: false },
      { id: '#12', fromEntry: false, fromHistory: true },
      { id: '#7', fromEntry: false, fromHistory: true, lookupFailed: true },
      {
        id: 'PROJ-1',
        fromEntry: false,
        fromHistory: true,
        details: { title: 'Add session', state: 'Done', url: 'https://jira.example/PROJ-1', fetchedAt: '2026-11-20T00:00:00.000Z' },
      },
      { id: 'PROJ-2', fromEntry: false, fromHistory: true },
    ]);
    assert.deepEqual(impact.entries.map((e) => e.id), ['TD-000003']);
    assert.deepEqual(JSON.parse(JSON.stringify(impact)), impact);
  });

  it("gives a symbol's impact with the entries on it", async () => {
    const impact = await impactOf({ kind: 'symbol', path: 'src/session.ts', symbol: 'Session.refresh' }, sources);
    assert.deepEqual(impact.anchors, [REFRESH]);
    assert.equal(impact.interest?.revisions, 7);
    assert.equal(impact.interest?.churn, 22);
    assert.deepEqual(impact.entries.map((e) => e.id), ['TD-000001', 'TD-000003']);
  });

  it("gives a file's impact: the whole file's interest, bots left out", async () => {
    const impact = await impactOf({ kind: 'file', path: 'src/util.ts' }, sources);
    // util.ts: c1 creates 3 lines (3), c2…c6 replace one line each (2 × 5 = 10); the bot's c8 is not
    // counted. 6 revisions, churn 13; tickets #7, PROJ-1, PROJ-2 (one commit each).
    assert.deepEqual([impact.interest?.revisions, impact.interest?.churn, impact.interest?.tickets], [6, 13, ['#7', 'PROJ-1', 'PROJ-2']]);
    assert.deepEqual(impact.files[0]!.hotspot, { revisions: 6, score: 6, rank: 2, percentile: 75, significant: false });
    assert.deepEqual(impact.files[0]!.coupling, [{ path: 'src/session.ts', shared: 6, degree: 92 }]);
    assert.deepEqual(impact.files[0]!.importers, []);
    assert.deepEqual(impact.entries.map((e) => e.id), ['TD-000002']);
  });

  it('rejects an unknown entry', async () => {
    await assert.rejects(impactOf({ kind: 'entry', id: 'TD-ffffff' }, sources), LedgerEntryNotFoundError);
  });
});
