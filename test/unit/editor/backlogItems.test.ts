import * as assert from 'node:assert/strict';
import type { LedgerEntry } from '../../../src/core/ledger/ledgerEntry';
import { backlogItemDescription, backlogItems, withoutReference } from '../../../src/editor/backlogItems';
import { compareReferenceIds } from '../../../src/core/backlog/referenceOrder';
import { otherFiles, scanReport } from '../support/reportBuilders';

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
    { id: 'PROJ-7', commits: 2, files: 2, title: 'PROJ-7: retry the refresh' },
    { id: '#991', commits: 1, files: 1, title: 'Parse the header #991' },
    { id: '#992', commits: 1, files: 1, title: 'Cache the totals (#992)' },
    { id: '#9910', commits: 1, files: 1, title: '#9910' },
    { id: 'PROJ-500', commits: 1, files: 0, title: 'Switch to type imports (PROJ-500)' },
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
