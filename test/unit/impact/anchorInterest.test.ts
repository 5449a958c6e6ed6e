import * as assert from 'node:assert/strict';
import type { Hunk } from '../../../src/core/history/patchParser';
import { aggregateHistory } from '../../../src/core/history/fileHistory';
import type { HistorySummary } from '../../../src/core/history/fileHistory';
import { readHistory } from '../../../src/core/history/gitLog';
import type { AnchorInterestRequest, Interest } from '../../../src/core/impact/anchorInterest';
import { carryRangeBack, readAnchorInterest } from '../../../src/core/impact/anchorInterest';
import { monthsOf } from '../../../src/core/impact/calendarMonths';
import type { Anchor } from '../../../src/core/ledger/anchor';
import { listFunctionLayout } from '../../../src/core/metrics/functionLayout';
import { ALICE, GitRepoBuilder } from '../support/gitRepoBuilder';

const SESSION = `export function refresh(x: number): number {
  const y = x + 1;
  return y;
}

export function close(): void {
  console.log('closed');
}
`;

const TABLE = ['const a = 1;', 'const b = 2;', 'const c = 3;', 'const d = 4;', 'const e = 5;', 'const f = 6;', ''].join('\n');

/** January to June 2026; every commit below is in it except the two that create the files. */
const WINDOW = { since: new Date('2026-01-01T00:00:00Z'), until: new Date('2026-06-30T23:59:59Z') };

describe('readAnchorInterest', () => {
  let repo: GitRepoBuilder;
  let history: HistorySummary;
  const ids: Record<string, string> = {};

  before(async () => {
    repo = GitRepoBuilder.create('debt-lens-interest-');
    // Before the window: both files created (walked through by nothing, counted nowhere).
    repo.write('src/session.ts', SESSION).write('src/table.ts', TABLE).commit({ message: 'create', date: '2025-12-10T10:00:00Z' });
    // c1: refresh line 2 (`x + 1` → `x + 2`): one hunk -2,1 +2,1 inside refresh.
    repo.write('src/session.ts', repo.read('src/session.ts').replace('x + 1', 'x + 2'));
    ids['c1'] = repo.commit({ message: 'PROJ-1 tune refresh', date: '2026-01-15T10:00:00Z' });
    // t1: table line 4 (d), inside what is HEAD's range [6, 9] once carried back.
    repo.write('src/table.ts', repo.read('src/table.ts').replace('d = 4', 'd = 40'));
    ids['t1'] = repo.commit({ message: 'PROJ-4 edit d', date: '2026-01-20T10:00:00Z' });
    // c2: close line 7 only; refresh untouched.
    repo.write('src/session.ts', repo.read('src/session.ts').replace("'closed'", "'session closed'"));
    ids['c2'] = repo.commit({ message: 'PROJ-2 edit close', date: '2026-02-15T10:00:00Z' });
    // t2: table line 1 (a), outside the range.
    repo.write('src/table.ts', repo.read('src/table.ts').replace('a = 1', 'a = 10'));
    ids['t2'] = repo.commit({ message: 'PROJ-8 edit a', date: '2026-02-20T10:00:00Z' });
    // c3: renames the file and edits refresh line 3 (`return y;` → `return y * 2;`).
    repo.rename('src/session.ts', 'src/core/session.ts');
    repo.write('src/core/session.ts', repo.read('src/core/session.ts').replace('return y;', 'return y * 2;'));
    ids['c3'] = repo.commit({ message: 'move session PROJ-1', date: '2026-03-15T10:00:00Z' });
    // c4: two header lines at the top (a comment and a blank line): refresh moves to lines 3–6.
    repo.write('src/core/session.ts', '// Session handling\n\n' + repo.read('src/core/session.ts'));
    ids['c4'] = repo.commit({ message: 'PROJ-9 header', date: '2026-03-20T10:00:00Z' });
    // t3: three lines inserted at the top of table.ts: c, d, e move from 3–5 to 6–8.
    repo.write('src/table.ts', '// table\n// of\n// values\n' + repo.read('src/table.ts'));
    ids['t3'] = repo.commit({ message: 'PROJ-6 insert header', date: '2026-04-10T10:00:00Z' });
    // t4: one line inserted after c (new line 7), inside the range.
    repo.write('src/table.ts', repo.read('src/table.ts').replace('const c = 3;\n', 'const c = 3;\nconst cc = 33;\n'));
    ids['t4'] = repo.commit({ message: 'PROJ-5 grow', date: '2026-04-20T10:00:00Z' });
    // c5: a line added inside refresh after line 4 (a pure addition, +5).
    repo.write('src/core/session.ts', repo.read('src/core/session.ts').replace('  const y = x + 2;\n', '  const y = x + 2;\n  const z = y;\n'));
    ids['c5'] = repo.commit({ message: 'PROJ-3 refresh', date: '2026-05-05T10:00:00Z' });
    // c6: one commit editing refresh (line 6) and close (line 10): two hunks, one per function.
    repo.write('src/core/session.ts', repo.read('src/core/session.ts').replace('return y * 2;', 'return z * 2;').replace("'session closed'", "'bye'"));
    ids['c6'] = repo.commit({ message: 'PROJ-7 both', date: '2026-06-05T10:00:00Z' });
    // t5: table line 10 (f), below the range.
    repo.write('src/table.ts', repo.read('src/table.ts').replace('f = 6', 'f = 60'));
    ids['t5'] = repo.commit({ message: 'edit f', date: '2026-06-10T10:00:00Z' });

    const commits = await readHistory({ cwd: repo.dir, mode: 'full', since: WINDOW.since, until: WINDOW.until });
    history = aggregateHistory(commits, { backlog: { projectKeys: new Set(['PROJ']) } });
  });

  after(() => repo.cleanup());

  const request = (groups: readonly (readonly Anchor[])[]): AnchorInterestRequest => ({
    groups,
    history,
    window: WINDOW,
    headText: (path) => repo.git('show', `HEAD:${path}`),
    listFunctions: listFunctionLayout,
  });

  /** The fields the interest had before it named its commits' changes and authors. */
  const legacy = ({ revisions, churn, tickets, byMonth, commits }: Interest): Pick<Interest, 'revisions' | 'churn' | 'tickets' | 'byMonth' | 'commits'> => ({ revisions, churn, tickets, byMonth, commits });

  const months = (values: Record<string, [number, number]>): { month: string; revisions: number; churn: number }[] =>
    ['2026-01', '2026-02', '2026-03', '2026-04', '2026-05', '2026-06'].map((month) => ({ month, revisions: values[month]?.[0] ?? 0, churn: values[month]?.[1] ?? 0 }));

  it('(a) counts the commits that touch the function in their own version, following the rename', async () => {
    // HEAD: refresh is lines 3–7 of src/core/session.ts. Touching commits, with churn = added lines
    // inside + deleted lines of touching hunks:
    //   c6 (Jun) line 6 replaced: 1 + 1 = 2;  c5 (May) one line added: 1;
    //   c3 (Mar, under the old path's rename) line 3 replaced: 2;  c1 (Jan) line 2 replaced: 2.
    // Not counted: c2 (close only), c4 (header above refresh).
    // So 4 revisions, churn 7; tickets PROJ-1 ×2 (c1, c3), then PROJ-3 and PROJ-7 by id.
    const [result] = await readAnchorInterest({ cwd: repo.dir }, request([[{ path: 'src/core/session.ts', symbol: 'refresh', lines: [3, 7] }]]));
    const anchor = result!.anchors[0]!;
    assert.equal(anchor.method, 'symbol');
    assert.deepEqual(
      { revisions: anchor.revisions, churn: anchor.churn, tickets: anchor.tickets, byMonth: anchor.byMonth, commits: anchor.commits },
      {
        revisions: 4,
        churn: 7,
        tickets: ['PROJ-1', 'PROJ-3', 'PROJ-7'],
        byMonth: months({ '2026-01': [1, 2], '2026-03': [1, 2], '2026-05': [1, 1], '2026-06': [1, 2] }),
        commits: [ids['c6'], ids['c5'], ids['c3'], ids['c1']],
      },
    );
    assert.deepEqual(legacy(result!.interest), { revisions: 4, churn: 7, tickets: anchor.tickets, byMonth: anchor.byMonth, commits: anchor.commits });
    // Each commit's own share: one line added in each (c5's addition, the three replacements).
    assert.deepEqual(anchor.changes.map(({ commit, added, churn }) => [commit, added, churn]), [[ids['c6'], 1, 2], [ids['c5'], 1, 1], [ids['c3'], 1, 2], [ids['c1'], 1, 2]]);
    assert.deepEqual(anchor.authors, [{ name: ALICE.name, email: ALICE.email, added: 4, revisions: 4 }]);
  });

  it('(b) carries a line range back through the hunks above and inside it', async () => {
    // HEAD table.ts: 3 header lines, a, b, c (6), cc (7), d (8), e (9), f (10); the anchor is [6, 9].
    //   t5 edits line 10: below, not counted; the range stays [6, 9].
    //   t4 adds line 7 (a pure addition inside): churn 1; before it the range is [6, 8].
    //   t3 adds lines 1–3 (above): not counted (PROJ-6 must not show); before it the range is [3, 5].
    //   t2 edits line 1: outside.  t1 replaces line 4 (d), inside [3, 5]: churn 1 + 1 = 2.
    // At HEAD's [6, 9] without carrying, t1's line 4 would be missed.
    const [result] = await readAnchorInterest({ cwd: repo.dir }, request([[{ path: 'src/table.ts', lines: [6, 9] }]]));
    assert.equal(result!.anchors[0]!.method, 'lines');
    assert.deepEqual(legacy(result!.interest), {
      revisions: 2,
      churn: 3,
      tickets: ['PROJ-4', 'PROJ-5'],
      byMonth: months({ '2026-01': [1, 2], '2026-04': [1, 1] }),
      commits: [ids['t4'], ids['t1']],
    });
  });

  it('(c) counts a commit touching two anchors of one entry once', async () => {
    // refresh: c1, c3, c5, c6 (churn 7, as in (a)). close (HEAD lines 9–11): c2 replaces its line
    // (2) and c6 replaces line 10 (2): churn 4. Merged: c1, c2, c3, c5, c6 = 5 revisions (c6 once),
    // churn 7 + 4 = 11 (c6's two hunks are different lines); June holds c6 once with churn 2 + 2.
    const refresh: Anchor = { path: 'src/core/session.ts', symbol: 'refresh' };
    const close: Anchor = { path: 'src/core/session.ts', symbol: 'close' };
    const [result] = await readAnchorInterest({ cwd: repo.dir }, request([[refresh, close]]));
    assert.deepEqual(
      result!.anchors.map((a) => [a.revisions, a.churn, a.tickets]),
      [
        [4, 7, ['PROJ-1', 'PROJ-3', 'PROJ-7']],
        [2, 4, ['PROJ-2', 'PROJ-7']],
      ],
    );
    assert.deepEqual(legacy(result!.interest), {
      revisions: 5,
      churn: 11,
      tickets: ['PROJ-1', 'PROJ-2', 'PROJ-3', 'PROJ-7'],
      byMonth: months({ '2026-01': [1, 2], '2026-02': [1, 2], '2026-03': [1, 2], '2026-05': [1, 1], '2026-06': [1, 4] }),
      commits: [ids['c6'], ids['c5'], ids['c3'], ids['c2'], ids['c1']],
    });
    // c6 touched both functions: once, with both its added lines.
    assert.deepEqual(result!.interest.changes.map(({ commit, added, churn }) => [commit, added, churn]), [[ids['c6'], 2, 4], [ids['c5'], 1, 1], [ids['c3'], 1, 2], [ids['c2'], 1, 2], [ids['c1'], 1, 2]]);
    assert.deepEqual(result!.interest.authors, [{ name: ALICE.name, email: ALICE.email, added: 6, revisions: 5 }]);
  });

  it('counts a line covered by two anchors once, and reads every group in one call', async () => {
    // Lines [3, 7] are refresh at HEAD; carried back they follow refresh exactly (c5's addition
    // grows it, c4's header moves it), so merging the two anchors changes nothing: 4 revisions,
    // churn 7, not 8 and 14.
    const results = await readAnchorInterest(
      { cwd: repo.dir },
      request([
        [
          { path: 'src/core/session.ts', symbol: 'refresh' },
          { path: 'src/core/session.ts', lines: [3, 7] },
        ],
        [{ path: 'src/table.ts' }],
      ]),
    );
    assert.deepEqual(
      results[0]!.anchors.map((a) => [a.method, a.revisions, a.churn]),
      [
        ['symbol', 4, 7],
        ['lines', 4, 7],
      ],
    );
    assert.equal(results[0]!.interest.revisions, 4);
    assert.equal(results[0]!.interest.churn, 7);
    // The whole table.ts: t1 2, t2 2, t3 3, t4 1, t5 2 = 10 over 5 commits.
    assert.deepEqual([results[1]!.interest.revisions, results[1]!.interest.churn, results[1]!.anchors[0]!.method], [5, 10, 'file']);
  });

  it('gives zero interest, with every month, to code without history in the window', async () => {
    const [result] = await readAnchorInterest({ cwd: repo.dir }, request([[{ path: 'src/unknown.ts', symbol: 'x' }]]));
    assert.deepEqual(result!.interest, { revisions: 0, churn: 0, tickets: [], byMonth: months({}), commits: [], changes: [], authors: [] });
  });
});

describe('carryRangeBack', () => {
  const hunk = (oldStart: number, oldCount: number, newStart: number, newCount: number): Hunk => ({ oldStart, oldCount, newStart, newCount, removed: [] });

  it('shifts by hunks above, grows and shrinks by hunks inside, and empties a range that was all added', () => {
    assert.deepEqual(carryRangeBack(10, 20, [hunk(2, 0, 3, 4)]), [6, 16]); // 4 lines added above
    assert.deepEqual(carryRangeBack(10, 20, [hunk(14, 3, 15, 1)]), [10, 22]); // 3 lines became 1 inside
    assert.deepEqual(carryRangeBack(10, 20, [hunk(8, 2, 9, 3)]), [8, 19]); // start inside a replacement
    assert.deepEqual(carryRangeBack(10, 12, [hunk(9, 0, 10, 3)]), [10, 9]); // all three lines were added
    assert.deepEqual(carryRangeBack(10, 20, [hunk(12, 2, 11, 0)]), [10, 22]); // a pure deletion inside
  });
});

describe('monthsOf', () => {
  it('lists every UTC month of the window, across a year end', () => {
    assert.deepEqual(monthsOf({ since: new Date('2025-11-21T00:00:00Z'), until: new Date('2026-02-01T00:00:00Z') }), ['2025-11', '2025-12', '2026-01', '2026-02']);
  });
});
