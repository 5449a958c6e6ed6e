import * as assert from 'node:assert/strict';
import type { HistorySummary } from '../../../src/core/history/fileHistory';
import { aggregateHistory, createBotMatcher } from '../../../src/core/history/fileHistory';
import { readHistory } from '../../../src/core/history/gitLog';
import type { GroupInterest } from '../../../src/core/impact/anchorInterest';
import type { Anchor } from '../../../src/core/ledger/anchor';
import { InterestMemo, interestKey } from '../../../src/editor/interestMemo';
import { buildScanFixture, NOW } from '../scan/scanFixture';
import type { GitRepoBuilder } from '../support/gitRepoBuilder';

const WINDOW = { since: new Date('2025-11-21T00:00:00Z'), until: NOW };
const REPORT = { head: 'c9', window: { since: WINDOW.since.toISOString(), until: WINDOW.until.toISOString(), end: 'given' as const } };
const REFRESH: Anchor = { path: 'src/session.ts', symbol: 'Session.refresh', lines: [2, 11], fingerprint: 'fp1:aaaaaaaaaaaaaaaa' };
const LINES: Anchor = { path: 'src/util.ts', lines: [3, 4], fingerprint: 'fp1:bbbbbbbbbbbbbbbb' };

/** What the panel reads of an interest: its revisions tell the reads apart. */
function interest(revisions: number): Promise<GroupInterest> {
  const group: GroupInterest = { interest: { revisions, churn: 0, tickets: [], byMonth: [], authors: [], changes: [], commits: [] }, anchors: [] };
  return Promise.resolve(group);
}

describe('interestKey', () => {
  let repo: GitRepoBuilder;
  /** Two reads of the same history (as two scans of one HEAD make), and one that counts the bot's commit. */
  let first: HistorySummary;
  let again: HistorySummary;
  let withBot: HistorySummary;

  before(async () => {
    repo = buildScanFixture();
    const read = (): ReturnType<typeof readHistory> => readHistory({ cwd: repo.dir, mode: 'full', since: WINDOW.since, until: WINDOW.until });
    const backlog = { projectKeys: new Set(['PROJ']) };
    first = aggregateHistory(await read(), { isBot: createBotMatcher(), backlog });
    again = aggregateHistory(await read(), { isBot: createBotMatcher(), backlog });
    withBot = aggregateHistory(await read(), { isBot: createBotMatcher(''), backlog });
  });

  after(() => repo.cleanup());

  it('is the same for a rescan of the same HEAD, though its history is a new object', () => {
    assert.notEqual(first, again);
    assert.equal(interestKey([REFRESH, LINES], REPORT, again), interestKey([REFRESH, LINES], REPORT, first));
  });

  it('keeps a symbol moved within the work tree, not a moved line range', () => {
    assert.equal(interestKey([{ ...REFRESH, lines: [4, 13] }], REPORT, first), interestKey([REFRESH], REPORT, first));
    assert.notEqual(interestKey([{ ...LINES, lines: [5, 6] }], REPORT, first), interestKey([LINES], REPORT, first));
  });

  it('changes with HEAD, the window, the commits counted for a file and their authors', () => {
    const key = interestKey([LINES], REPORT, first);
    assert.notEqual(interestKey([LINES], { ...REPORT, head: 'c10' }, first), key);
    assert.notEqual(interestKey([LINES], { ...REPORT, window: { ...REPORT.window, since: '2025-12-01T00:00:00.000Z' } }, first), key);
    // The bot's commit changed util.ts only: counted, it is another history of util.ts, not of session.ts.
    assert.notEqual(interestKey([LINES], REPORT, withBot), key);
    assert.equal(interestKey([REFRESH], REPORT, withBot), interestKey([REFRESH], REPORT, first));
    // A .mailmap that names Bob otherwise.
    const renamed: HistorySummary = { ...first, commits: first.commits.map((commit) => (commit.authorName === 'Bob Example' ? { ...commit, authorName: 'Robert Example' } : commit)) };
    assert.notEqual(interestKey([REFRESH], REPORT, renamed), interestKey([REFRESH], REPORT, first));
  });
});

describe('InterestMemo', () => {
  it('reads once per key, and not at all for a key it keeps', async () => {
    const memo = new InterestMemo();
    let reads = 0;
    const read = (): Promise<GroupInterest> => interest(++reads);
    assert.equal((await memo.get('a', read)).interest.revisions, 1);
    assert.equal((await memo.get('a', read)).interest.revisions, 1);
    assert.equal((await memo.get('b', read)).interest.revisions, 2);
    assert.equal(reads, 2);
  });

  it('keeps nothing for a read that failed (a cancelled walk)', async () => {
    const memo = new InterestMemo();
    await assert.rejects(memo.get('a', () => Promise.reject(new Error('cancelled'))), /cancelled/);
    assert.equal((await memo.get('a', () => interest(5))).interest.revisions, 5);
  });

  it('keeps the 32 most recently used', async () => {
    const memo = new InterestMemo();
    for (let n = 0; n < 32; n++) {
      await memo.get(`k${n}`, () => interest(n));
    }
    // k0 used again: k1 is now the least recent, and the 33rd key pushes it out.
    await memo.get('k0', () => interest(-1));
    await memo.get('k32', () => interest(32));
    assert.equal((await memo.get('k0', () => interest(-1))).interest.revisions, 0);
    assert.equal((await memo.get('k1', () => interest(-1))).interest.revisions, -1);
  });
});
