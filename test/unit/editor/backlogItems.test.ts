import * as assert from 'node:assert/strict';
import type { BacklogReference } from '../../../src/core/backlog/backlogReferences';
import type { HistorySummary } from '../../../src/core/history/fileHistory';
import type { CommitRecord } from '../../../src/core/history/logParser';
import type { LedgerEntry } from '../../../src/core/ledger/ledgerEntry';
import { backlogItemDescription, backlogItems, withoutReference } from '../../../src/editor/backlogItems';
import { compareIds } from '../../../src/editor/reportFacts';
import { otherFiles, scanReport } from '../support/reportBuilders';

/** A history of these commits (newest first, as git lists them), each citing `refs`. */
function history(commits: readonly { readonly subject: string; readonly daysAgo: number; readonly refs: readonly string[] }[]): HistorySummary {
  const now = Date.parse('2026-11-21T00:00:00Z') / 1000;
  const records: CommitRecord[] = commits.map((commit, index) => ({
    hash: `c${index}`, authorName: 'Alice', authorEmail: 'alice@example.com', authorTime: now - commit.daysAgo * 86_400, commitTime: now - commit.daysAgo * 86_400, message: `${commit.subject}\n\nBody.\n`, files: [],
  }));
  const references: BacklogReference[][] = commits.map((commit) => commit.refs.map((id) => ({ kind: id.startsWith('#') ? 'github' : 'jira', id })));
  return { files: new Map(), commits: records, changesets: commits.map(() => []), references, projectKeys: new Set(['PROJ']) };
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
], { commits: 12 });

const HISTORY = history([
  { subject: 'PROJ-7: retry the refresh', daysAgo: 3, refs: ['PROJ-7'] },
  { subject: 'Cache the totals (#992)', daysAgo: 5, refs: ['#992'] },
  { subject: 'PROJ-7: refresh from the store', daysAgo: 9, refs: ['PROJ-7'] },
  { subject: 'Parse the header #991', daysAgo: 12, refs: ['#991'] },
  { subject: '#9910', daysAgo: 20, refs: ['#9910'] },
  { subject: 'Switch to type imports (PROJ-500)', daysAgo: 30, refs: ['PROJ-500'] },
]);

describe('Backlog view items', () => {
  it('sorts ids in reading order', () => {
    assert.deepEqual(['#9910', '#992', 'PROJ-10', '#991', 'PROJ-9'].sort(compareIds), ['#991', '#992', '#9910', 'PROJ-9', 'PROJ-10']);
  });

  it('lists the items linked to entries first, then by the summed score of the significant files they touched, then by commits and id', () => {
    const items = backlogItems([entry('TD-000001', ['PROJ-123']), entry('TD-000002', ['#991'])], REPORT, HISTORY);
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
    const titles = Object.fromEntries(backlogItems([], REPORT, HISTORY).map((item) => [item.ref, item.title]));
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

  it('takes the report\'s tickets (schema 2) over the history', () => {
    const withTickets = { ...REPORT, tickets: [{ id: 'PROJ-7', commits: 5, files: 2, title: 'PROJ-7: the newest subject' }] };
    assert.deepEqual(backlogItems([], withTickets, HISTORY).map((item) => [item.ref, item.commits, item.title]), [
      ['PROJ-7', 5, 'the newest subject'],
      ['#992', 0, ''],
      ['#9910', 0, ''],
    ]);
  });

  it('describes an item by its title and what links it: entries, significant files, or else its commits', () => {
    const [onDebt, , hot, , , mass] = backlogItems([entry('TD-000001', ['PROJ-123']), entry('TD-000002', ['#991'])], REPORT, HISTORY);
    assert.equal(backlogItemDescription(onDebt!, onDebt!.title), 'Parse the header #991 · 1 entry');
    assert.equal(backlogItemDescription(hot!, 'Live title'), 'Live title · 2 hotspot files');
    assert.equal(backlogItemDescription(mass!, mass!.title), 'Switch to type imports · 1 commit');
  });
});
