import * as assert from 'node:assert/strict';
import type { LedgerEntry } from '../../../src/core/ledger/ledgerEntry';
import type { FailOnRule } from '../../../src/core/report/failOn';
import { evaluateFailOn, FailOnSyntaxError, parseFailOn } from '../../../src/core/report/failOn';
import type { LedgerReportEntry, LedgerReportInput } from '../../../src/core/report/formatSarif';
import { otherFiles, scanReport } from '../support/reportBuilders';

function entry(fields: Partial<LedgerEntry> & Pick<LedgerEntry, 'id' | 'status' | 'severity'>): LedgerEntry {
  return { title: 'Debt', tags: [], backlog: [], anchors: [], created: '2026-01-01', body: '', path: `.techdebt/${fields.id}.md`, ...fields };
}

/**
 * Five files changed once, scored by their cognitive complexity. Significant (≥ 50th percentile):
 * session.ts at 90 (covered by TD-aaaa01), lib.ts at 70 (covered by TD-bbbb02) and util.ts at 50
 * (only a paid entry: uncovered). Below: x.ts at 30 (uncovered), a.ts with score 0.
 * Active critical: TD-aaaa01, TD-cccc03; active high: TD-eeee05 (TD-dddd04 is paid).
 * Orphaned and active: TD-bbbb02 (src/old.ts), TD-eeee05 (src/gone.ts); TD-dddd04's orphan is paid.
 */
function input(): LedgerReportInput {
  const report = scanReport(
    [
      { path: 'src/session.ts', cognitive: 42, percentile: 90, significant: true },
      { path: 'src/util.ts', cognitive: 6, percentile: 50, significant: true },
      { path: 'src/lib.ts', cognitive: 7, percentile: 70, significant: true },
      { path: 'src/x.ts', cognitive: 3, percentile: 30, significant: false },
      { path: 'src/a.ts', cognitive: 0, score: 0, percentile: 10 },
    ],
    { significance: { percentile: 50, minRevisions: 1, minComplexity: 1 } },
  );
  const entries: LedgerReportEntry[] = [
    {
      entry: entry({ id: 'TD-aaaa01', status: 'open', severity: 'critical', anchors: [{ path: 'src/session.ts', symbol: 'Session.refresh' }] }),
      anchors: [{ status: 'resolved', how: 'symbol', moved: false, anchor: { path: 'src/session.ts', symbol: 'Session.refresh', lines: [2, 11] } }],
    },
    {
      entry: entry({ id: 'TD-bbbb02', status: 'scheduled', severity: 'medium', anchors: [{ path: 'src/lib.ts' }, { path: 'src/old.ts' }] }),
      anchors: [{ status: 'resolved', how: 'file', moved: false, anchor: { path: 'src/lib.ts' } }, { status: 'orphaned', reason: 'file-missing' }],
    },
    { entry: entry({ id: 'TD-cccc03', status: 'accepted', severity: 'critical' }), anchors: [] },
    {
      entry: entry({ id: 'TD-dddd04', status: 'paid', severity: 'high', anchors: [{ path: 'src/util.ts' }, { path: 'src/older.ts' }] }),
      anchors: [{ status: 'resolved', how: 'file', moved: false, anchor: { path: 'src/util.ts' } }, { status: 'orphaned', reason: 'file-missing' }],
    },
    {
      entry: entry({ id: 'TD-eeee05', status: 'open', severity: 'high', anchors: [{ path: 'src/gone.ts', symbol: 'gone', fingerprint: 'f' }] }),
      anchors: [{ status: 'orphaned', reason: 'code-missing' }],
    },
  ];
  return { report, entries };
}

const reasonsOf = (spec: string): readonly string[] => evaluateFailOn(parseFailOn(spec), input()).reasons;

describe('parseFailOn', () => {
  it('reads comma-separated rules, ignoring spaces and repeats', () => {
    assert.deepEqual(parseFailOn(' new-hotspot , orphaned,critical > 0,high>2, hotspot-percentile >= 95.5,new-hotspot'), [
      { kind: 'new-hotspot', text: 'new-hotspot' },
      { kind: 'orphaned', text: 'orphaned' },
      { kind: 'severity-count', severity: 'critical', max: 0, text: 'critical>0' },
      { kind: 'severity-count', severity: 'high', max: 2, text: 'high>2' },
      { kind: 'hotspot-percentile', min: 95.5, text: 'hotspot-percentile>=95.5' },
    ] satisfies FailOnRule[]);
  });

  it('refuses a bad rule with a typed error naming it', () => {
    const cases: [string, string][] = [
      ['new-hotspots', 'new-hotspots'],
      ['orphaned,,critical>0', ''],
      ['', ''],
      ['critical>', 'critical>'],
      ['critical>-1', 'critical>-1'],
      ['critical>=1', 'critical>=1'],
      ['urgent>1', 'urgent>1'],
      ['hotspot-percentile>=101', 'hotspot-percentile>=101'],
      ['hotspot-percentile>90', 'hotspot-percentile>90'],
    ];
    for (const [spec, rule] of cases) {
      assert.throws(() => parseFailOn(spec), (error: unknown) => error instanceof FailOnSyntaxError && error.rule === rule, spec);
    }
    assert.throws(() => parseFailOn('new-hotspot, urgent>1'), {
      name: 'FailOnSyntaxError',
      message: 'invalid fail-on rule "urgent>1": unknown severity "urgent"; expected new-hotspot, orphaned, hotspot-percentile>=P (0–100) or <severity>>N (severity one of low, medium, high, critical, N a whole number)',
    });
    assert.throws(() => parseFailOn('hotspot-percentile>=101'), { message: 'invalid fail-on rule "hotspot-percentile>=101": a percentile is between 0 and 100' });
  });
});

describe('evaluateFailOn', () => {
  it('new-hotspot: lists significant hotspots no active entry is anchored in (a paid entry does not count)', () => {
    assert.deepEqual(reasonsOf('new-hotspot'), ['new-hotspot: 1 significant hotspot with no debt entry: src/util.ts']);
  });

  it('hotspot-percentile>=P: the same with its own threshold; files with score 0 never count', () => {
    assert.deepEqual(reasonsOf('hotspot-percentile>=30'), ['hotspot-percentile>=30: 2 hotspots at or above percentile 30 with no debt entry: src/util.ts, src/x.ts']);
    assert.deepEqual(reasonsOf('hotspot-percentile>=0'), ['hotspot-percentile>=0: 2 hotspots at or above percentile 0 with no debt entry: src/util.ts, src/x.ts']);
    assert.deepEqual(reasonsOf('hotspot-percentile>=60'), []);
  });

  it('hotspot-percentile>=P replaces only the percentile: the revision and complexity floors and the category still apply', () => {
    // The scan's default rule: 3 revisions, cognitive 15, production code.
    const report = scanReport([
      { path: 'src/hot.ts', revisions: 5, cognitive: 20 },
      { path: 'src/once.ts', revisions: 1, cognitive: 90 },
      { path: 'src/flat.ts', revisions: 8, cognitive: 10 },
      { path: 'test/big.test.ts', category: 'test', revisions: 9, cognitive: 50 },
      ...otherFiles(6, { revisions: 1 }),
    ], { commits: 9 });
    const gate = (spec: string): readonly string[] => evaluateFailOn(parseFailOn(spec), { report, entries: [] }).reasons;
    assert.deepEqual(gate('hotspot-percentile>=0'), ['hotspot-percentile>=0: 1 hotspot at or above percentile 0 with no debt entry: src/hot.ts']);
    assert.deepEqual(gate('new-hotspot'), ['new-hotspot: 1 significant hotspot with no debt entry: src/hot.ts']);
    assert.deepEqual(gate('hotspot-percentile>=95'), [], 'src/hot.ts ranks first of 9 production files: percentile 94.4');
  });

  it('orphaned: lists active entries with an orphaned anchor and the anchors lost', () => {
    assert.deepEqual(reasonsOf('orphaned'), ['orphaned: 2 debt entries orphaned: TD-bbbb02 (src/old.ts), TD-eeee05 (src/gone.ts)']);
  });

  it('<severity>>N: fails when active entries of that severity exceed N', () => {
    assert.deepEqual(reasonsOf('critical>1'), ['critical>1: 2 critical debt entries (more than 1): TD-aaaa01, TD-cccc03']);
    assert.deepEqual(reasonsOf('critical>2'), []);
    assert.deepEqual(reasonsOf('high>0'), ['high>0: 1 high debt entry (more than 0): TD-eeee05']);
    assert.deepEqual(reasonsOf('low>0'), []);
  });

  it('gives one reason per violated rule, in the order given, and passes when none is violated', () => {
    const failing = evaluateFailOn(parseFailOn('critical>5,orphaned,new-hotspot'), input());
    assert.deepEqual(failing, {
      failed: true,
      reasons: ['orphaned: 2 debt entries orphaned: TD-bbbb02 (src/old.ts), TD-eeee05 (src/gone.ts)', 'new-hotspot: 1 significant hotspot with no debt entry: src/util.ts'],
    });
    assert.deepEqual(evaluateFailOn(parseFailOn('critical>5,hotspot-percentile>=60'), input()), { failed: false, reasons: [] });
  });
});
