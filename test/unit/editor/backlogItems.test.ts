import * as assert from 'node:assert/strict';
import type { LedgerEntry } from '../../../src/core/ledger/ledgerEntry';
import { backlogItemDescription, backlogItems, withoutReference } from '../../../src/editor/backlogItems';
import { compareReferenceIds } from '../../../src/core/backlog/referenceOrder';
import type { TicketReport } from '../../../src/core/scan/scanReport';
import { otherFiles, scanReport } from '../support/reportBuilders';

/** A ticket as the scan reports it, cited by commits made these many days before 2026-11-21 (oldest first), on one file. */
function cited(id: string, title: string, daysAgo: readonly number[]): TicketReport {
  const at = (days: number): string => new Date(Date.parse('2026-11-21T00:00:00Z') - days * 86_400_000).toISOString();
  const first = daysAgo[0] ?? 0;
  const last = daysAgo[daysAgo.length - 1] ?? 0;
  return {
    id, commits: daysAgo.length, files: 1, title, kind: 'change', firstCommit: at(first), lastCommit: at(last),
    leadTimeHours: daysAgo.length > 1 ? (first - last) * 24 : null, leadTimeSource: daysAgo.length > 1 ? 'commits' : null,
  };
}

function entry(id: string, backlog: readonly string[]): LedgerEntry {
  return { id, title: `Debt ${id}`, status: 'open', severity: 'medium', tags: [], backlog, anchors: [], created: '2026-01-01', body: '', path: `.techdebt/${id}.md` };
}

/**
 * hot.ts (score 200) and warm.ts (score 60) are significant; cool.ts ranks but is not. PROJ-7 went into
 * both significant files, #992 into hot.ts, #9910 into warm.ts, #991 only into cool.ts.
 */
const REPORT = scanReport([
  { path: 'src/hot.ts', revisions: 10, cognitive: 20, tickets: ['#992', 'PROJ-7'], significant: true },
  { path: 'src/warm.ts', revisions: 4, cognitive: 15, tickets: ['PROJ-7', '#9910'], significant: true },
  { path: 'src/cool.ts', revisions: 2, cognitive: 2, tickets: ['#991'], significant: false },
  ...otherFiles(17),
], {
  commits: 12,
  // As the scan lists them from the window's commits: by commits, then id; the mass commit's PROJ-500 on no file.
  tickets: [
    { ...cited('PROJ-7', 'PROJ-7: retry the refresh', [9, 3]), files: 2 },
    cited('#991', 'Parse the header #991', [12]),
    cited('#992', 'Cache the totals (#992)', [5]),
    cited('#9910', '#9910', [20]),
    { ...cited('PROJ-500', 'Switch to type imports (PROJ-500)', [30]), files: 0 },
  ],
});


describe('Backlog view items', () => {
  it('sorts ids in reading order', () => {
    assert.deepEqual(['#9910', '#992', 'PROJ-10', '#991', 'PROJ-9'].sort(compareReferenceIds), ['#991', '#992', '#9910', 'PROJ-9', 'PROJ-10']);
  });

  it('lists the items linked to entries first, then by the summed score of the significant files they touched, then by commits and id', () => {
    const items = backlogItems([entry('TD-000001', ['PROJ-123']), entry('TD-000002', ['#991'])], REPORT);
    assert.deepEqual(items.map(({ ref, entries, files, score, commits }) => ({ ref, entries, files, score, commits })), [
      { ref: '#991', entries: ['TD-000002'], files: [], score: 0, commits: 1 },
      { ref: 'PROJ-123', entries: ['TD-000001'], files: [], score: 0, commits: 0 },
      { ref: 'PROJ-7', entries: [], files: ['src/hot.ts', 'src/warm.ts'], score: 260, commits: 2 },
      { ref: '#992', entries: [], files: ['src/hot.ts'], score: 200, commits: 1 },
      { ref: '#9910', entries: [], files: ['src/warm.ts'], score: 60, commits: 1 },
      { ref: 'PROJ-500', entries: [], files: [], score: 0, commits: 1 },
    ]);
  });

  it('titles each item with the subject of the newest commit citing it, the reference left out', () => {
    const titles = Object.fromEntries(backlogItems([], REPORT).map((item) => [item.ref, item.title]));
    assert.deepEqual(titles, {
      'PROJ-7': 'retry the refresh',
      '#992': 'Cache the totals',
      '#9910': '#9910',
      '#991': 'Parse the header #991',
      'PROJ-500': 'Switch to type imports',
    });
    assert.equal(withoutReference('[PROJ-12] Discounts', 'PROJ-12'), 'Discounts');
    assert.equal(withoutReference('PROJ-12 - Discounts', 'PROJ-12'), 'Discounts');
    assert.equal(withoutReference('PROJ-123: not PROJ-12', 'PROJ-12'), 'PROJ-123: not PROJ-12');
  });

  it('describes an item by its title and what links it: entries, significant files, or else its commits', () => {
    const [onDebt, , hot, , , mass] = backlogItems([entry('TD-000001', ['PROJ-123']), entry('TD-000002', ['#991'])], REPORT);
    assert.equal(backlogItemDescription(onDebt!, onDebt!.title), 'Parse the header #991 · 1 entry');
    assert.equal(backlogItemDescription(hot!, 'Live title'), 'Live title · 2 hotspot files');
    assert.equal(backlogItemDescription(mass!, mass!.title), 'Switch to type imports · 1 commit');
  });
});
