import * as assert from 'node:assert/strict';
import { NO_COST } from '../../../src/core/cost/codeCost';
import type { LedgerEntry } from '../../../src/core/ledger/ledgerEntry';
import type { AnchorResolution } from '../../../src/core/ledger/resolveAnchors';
import type { EntryReport, ScannedLedger } from '../../../src/core/scan/scanLedger';
import { patchLedgerEntries, patchScannedLedger } from '../../../src/editor/patchScannedLedger';

const REFRESH = { path: 'src/session.ts', symbol: 'Session.refresh', lines: [10, 48] as const, fingerprint: 'fp1:aaaaaaaaaaaaaaaa' };
const MOVED = { ...REFRESH, lines: [12, 50] as const };
const CLOSE = { path: 'src/session.ts', lines: [122, 124] as const, fingerprint: 'fp1:bbbbbbbbbbbbbbbb' };

function entry(fields: Partial<LedgerEntry> & Pick<LedgerEntry, 'id'>): LedgerEntry {
  return { title: `Entry ${fields.id}`, status: 'open', severity: 'medium', tags: [], backlog: [], anchors: [], created: '2024-05-01', body: '', path: `.techdebt/${fields.id}.md`, ...fields };
}

const REFRESH_ENTRY = entry({ id: 'TD-aaaaaa', title: 'Refresh re-reads everything', severity: 'high', principal: '3d', backlog: ['PROJ-12'], anchors: [REFRESH] });
const CLOSE_ENTRY = entry({ id: 'TD-cccccc', anchors: [CLOSE, { path: 'src/gone.ts', symbol: 'gone' }] });

/** What the scan measured of an entry: 4 changes on its code, priority 0.05. */
function scanned(of: LedgerEntry, anchors: EntryReport['anchors']): EntryReport {
  return {
    id: of.id, title: of.title, status: of.status, severity: of.severity, principal: of.principal ?? null, tags: of.tags, backlog: of.backlog, file: of.path, anchors,
    interest: { revisions: 4, churn: 31, tickets: ['PROJ-12'], byMonth: [] },
    cost: { ...NO_COST, commits: 4 },
    principalHours: 24,
    monthlyInterest: { hoursPerMonth: 1.2, extraFixCommits: 1, extraLeadTimeHours: 0, months: 12, method: '(fixes)' },
    priority: 0.05,
  };
}

const REFRESH_REPORT = scanned(REFRESH_ENTRY, [{ status: 'resolved', how: 'symbol', moved: false, path: 'src/session.ts', symbol: 'Session.refresh', lines: [10, 48] }]);
const CLOSE_REPORT = scanned(CLOSE_ENTRY, [
  { status: 'resolved', how: 'fingerprint', moved: false, path: 'src/session.ts', symbol: null, lines: [122, 124] },
  { status: 'orphaned', reason: 'file-missing', path: 'src/gone.ts', symbol: 'gone' },
]);
const REFRESH_AT_REST: AnchorResolution = { status: 'resolved', how: 'symbol', anchor: REFRESH, moved: false };

function ledger(): ScannedLedger {
  return {
    report: { folder: '.techdebt', entries: [REFRESH_REPORT, CLOSE_REPORT], orphaned: 1, diagnostics: [], markers: { total: 2, byTag: { TODO: 2 } } },
    entries: [REFRESH_ENTRY, CLOSE_ENTRY],
    resolutions: new Map<string, readonly AnchorResolution[]>([
      [REFRESH_ENTRY.id, [REFRESH_AT_REST]],
      [CLOSE_ENTRY.id, [{ status: 'resolved', how: 'fingerprint', anchor: CLOSE, moved: false }, { status: 'orphaned', reason: 'file-missing' }]],
    ]),
  };
}

describe('patchLedgerEntries', () => {
  it('adds a new entry in the store\'s order (by file), replaces a rewritten one by id, drops a removed one', () => {
    const added = entry({ id: 'TD-bbbbbb' });
    const paid = { ...REFRESH_ENTRY, status: 'paid' as const };
    assert.deepEqual(patchLedgerEntries([REFRESH_ENTRY, CLOSE_ENTRY], { written: [{ entry: added }], removed: [] }).map((e) => e.id), ['TD-aaaaaa', 'TD-bbbbbb', 'TD-cccccc']);
    assert.deepEqual(patchLedgerEntries([REFRESH_ENTRY, CLOSE_ENTRY], { written: [{ entry: paid }], removed: [] }), [paid, CLOSE_ENTRY]);
    assert.deepEqual(patchLedgerEntries([REFRESH_ENTRY, added, CLOSE_ENTRY], { written: [], removed: ['TD-bbbbbb'] }), [REFRESH_ENTRY, CLOSE_ENTRY]);
  });
});

describe('patchScannedLedger', () => {
  it('a new status: the entry\'s fields change, its anchors, interest and priority stay as the scan found them', () => {
    const accepted = { ...REFRESH_ENTRY, status: 'accepted' as const, updated: '2024-06-01T10:00:00Z' };
    const before = ledger();
    const after = patchScannedLedger(before, { written: [{ entry: accepted }], removed: [] });
    assert.deepEqual(after.report.entries, [{ ...REFRESH_REPORT, status: 'accepted' }, CLOSE_REPORT]);
    assert.deepEqual(after.entries, [accepted, CLOSE_ENTRY]);
    assert.deepEqual(after.resolutions, before.resolutions);
    assert.equal(after.report.orphaned, 1);
    // The scan's own objects are not touched: its report stays what it was.
    assert.equal(before.report.entries[0]!.status, 'open');
  });

  it('moved anchors: the entry\'s anchors and resolutions are where the command found the code', () => {
    const rewritten = { ...REFRESH_ENTRY, anchors: [MOVED] };
    const now: AnchorResolution = { status: 'resolved', how: 'symbol', anchor: MOVED, moved: false };
    const after = patchScannedLedger(ledger(), { written: [{ entry: rewritten, resolutions: [now] }], removed: [] });
    assert.deepEqual(after.report.entries[0], { ...REFRESH_REPORT, anchors: [{ status: 'resolved', how: 'symbol', moved: false, path: 'src/session.ts', symbol: 'Session.refresh', lines: [12, 50] }] });
    assert.deepEqual(after.resolutions.get(REFRESH_ENTRY.id), [now]);
    // Its Undo writes the old anchors back: found moved again, at the code's place.
    const undone = patchScannedLedger(after, { written: [{ entry: REFRESH_ENTRY, resolutions: [{ ...now, moved: true }] }], removed: [] });
    assert.deepEqual(undone.report.entries[0]!.anchors, [{ status: 'resolved', how: 'symbol', moved: true, path: 'src/session.ts', symbol: 'Session.refresh', lines: [12, 50] }]);
    assert.deepEqual(undone.entries[0], REFRESH_ENTRY);
  });

  it('keeps an orphaned anchor orphaned, and counts the entries with one', () => {
    const rewritten = { ...CLOSE_ENTRY, anchors: [{ ...CLOSE, lines: [130, 132] as const }, CLOSE_ENTRY.anchors[1]!] };
    const after = patchScannedLedger(ledger(), {
      written: [{ entry: rewritten, resolutions: [{ status: 'resolved', how: 'fingerprint', anchor: rewritten.anchors[0]!, moved: false }, { status: 'orphaned', reason: 'file-missing' }] }],
      removed: [],
    });
    assert.deepEqual(after.report.entries[1]!.anchors, [
      { status: 'resolved', how: 'fingerprint', moved: false, path: 'src/session.ts', symbol: null, lines: [130, 132] },
      { status: 'orphaned', reason: 'file-missing', path: 'src/gone.ts', symbol: 'gone' },
    ]);
    assert.equal(after.report.orphaned, 1);
    assert.equal(patchScannedLedger(ledger(), { written: [], removed: [CLOSE_ENTRY.id] }).report.orphaned, 0);
  });

  it('a new entry stays out of the scan\'s ledger (it has no interest to report yet); a removed one leaves all three', () => {
    const added = entry({ id: 'TD-bbbbbb', anchors: [CLOSE] });
    const withNew = patchScannedLedger(ledger(), { written: [{ entry: added, resolutions: [{ status: 'resolved', how: 'fingerprint', anchor: CLOSE, moved: false }] }], removed: [] });
    assert.deepEqual(withNew.report.entries.map((report) => report.id), ['TD-aaaaaa', 'TD-cccccc']);
    assert.equal(withNew.resolutions.has('TD-bbbbbb'), false);
    const without = patchScannedLedger(ledger(), { written: [], removed: [REFRESH_ENTRY.id] });
    assert.deepEqual([without.report.entries, without.entries, [...without.resolutions.keys()]], [[CLOSE_REPORT], [CLOSE_ENTRY], [CLOSE_ENTRY.id]]);
    assert.deepEqual(without.report.markers, { total: 2, byTag: { TODO: 2 } });
  });
});
