import * as assert from 'node:assert/strict';
import { NO_COST } from '../../../src/core/cost/codeCost';
import type { LedgerEntry } from '../../../src/core/ledger/ledgerEntry';
import type { EntryReport } from '../../../src/core/scan/scanLedger';
import type { ScanReport } from '../../../src/core/scan/scanReport';
import { annotationsFor, debtLensTitle, escapeMarkdown, hoverMarkdown, windowMonths } from '../../../src/editor/annotations';
import type { FileSpec, FunctionSpec } from '../support/reportBuilders';
import { otherFiles, scanReport } from '../support/reportBuilders';

const SESSION: FileSpec = {
  path: 'src/session.ts', revisions: 23, cognitive: 41, rank: 1, percentile: 95, significant: true, authors: 3,
  tickets: ['PROJ-12', 'PROJ-40', '#7', 'PROJ-9'], xray: true,
  functions: [
    { name: 'Session.refresh', kind: 'method', startLine: 10, endLine: 48, cognitive: 14, revisions: 7, churn: 80, score: 98, rank: 3, percentile: 92 },
    { name: 'Session.close', kind: 'method', startLine: 50, endLine: 52, cognitive: 0, revisions: 1, churn: 2, score: 0 },
    { name: 'Session.idle', kind: 'method', startLine: 54, endLine: 56, cognitive: 2, revisions: 0, churn: 0, score: 0 },
  ],
};

/** `count` functions changed once, of cognitive 1: score 1. */
const quietFunctions = (file: string, count: number): FunctionSpec[] =>
  Array.from({ length: count }, (_, index) => ({ name: `${file}.f${index}`, startLine: 1 + 4 * index, endLine: 3 + 4 * index, cognitive: 1, revisions: 1 }));

/**
 * The rest of the repository session.ts ranks first of ten in (percentile 95): nine files changed less,
 * X-Rayed too, with the other 41 of the 44 functions Session.refresh ranks among: two hotter, two as
 * hot (so it shares rank 3, at percentile 92), 37 cooler.
 */
const REST: readonly FileSpec[] = [
  {
    path: 'src/hot.ts', revisions: 10, cognitive: 70, xray: true,
    functions: [
      { name: 'Hot.a', startLine: 1, endLine: 20, cognitive: 20, revisions: 10 },
      { name: 'Hot.b', startLine: 21, endLine: 40, cognitive: 20, revisions: 9 },
      { name: 'Hot.c', startLine: 41, endLine: 60, cognitive: 14, revisions: 7 },
      { name: 'Hot.d', startLine: 61, endLine: 80, cognitive: 14, revisions: 7 },
    ],
  },
  ...[5, 5, 5, 5, 5, 4, 4, 4].map((count, index): FileSpec => ({ path: `src/quiet-${index + 1}.ts`, cognitive: 5, xray: true, functions: quietFunctions(`quiet${index + 1}`, count) })),
];

function report(files: readonly FileSpec[] = [SESSION, ...REST], entries: readonly EntryReport[] = []): ScanReport {
  // The window is the year up to 2026-11-21.
  return scanReport(files, { commits: 30, entries });
}

function entry(overrides: Partial<LedgerEntry> & Pick<LedgerEntry, 'id'>): LedgerEntry {
  return { title: 'Debt', status: 'open', severity: 'medium', tags: [], backlog: [], anchors: [], created: '2026-01-01', body: '', path: `.techdebt/${overrides.id}.md`, ...overrides };
}

const ALL = { hotspots: true, debt: true, percentile: 90 };

describe('editor annotations', () => {
  it('counts the window in months', () => {
    assert.equal(windowMonths(report([])), 12);
    assert.equal(windowMonths({ window: { since: '2026-08-01T00:00:00Z', until: '2026-11-15T00:00:00Z', end: 'head' } }), 4);
  });

  it('titles the file and its hot functions, at or above the percentile, with at most three tickets', () => {
    const lenses = annotationsFor('src/session.ts', report(), [], ALL);
    assert.deepEqual(lenses.map((lens) => [lens.line, lens.title]), [
      [1, '🔥 Hotspot file #1 · 23 changes in 12 mo · cognitive 41 · 3 authors · PROJ-12, PROJ-40, #7 +1'],
      [10, '🔥 Hotspot #3 · 7 changes in 12 mo · cognitive 14 · 3 authors · PROJ-12, PROJ-40, #7 +1'],
    ]);
    // Session.refresh, at the 92nd, is below the 95th.
    assert.deepEqual(annotationsFor('src/session.ts', report(), [], { ...ALL, percentile: 95 }).map((lens) => lens.line), [1]);
    // Session.close and Session.idle share the bottom percentile, but idle never changed in the window: no lens.
    assert.deepEqual(annotationsFor('src/session.ts', report(), [], { ...ALL, percentile: 0 }).map((lens) => lens.line), [1, 10, 50]);
    assert.deepEqual(annotationsFor('src/session.ts', report(), [], { ...ALL, hotspots: false }), []);
    assert.deepEqual(annotationsFor('src/other.ts', report(), [], ALL), []);
  });

  it('writes singular counts and leaves out an empty ticket list', () => {
    // First of ten files, nine of them scoring 1.
    const lone: FileSpec = { path: 'src/b.ts', revisions: 1, cognitive: 2, score: 2, rank: 1, percentile: 95, significant: true, authors: 1 };
    // Floors lowered so that a file changed once is significant (the defaults ask for 3 changes and cognitive 15).
    const lowFloors = scanReport([lone, ...otherFiles(9)], { commits: 30, significance: { minRevisions: 1, minComplexity: 1 } });
    assert.deepEqual(annotationsFor('src/b.ts', lowFloors, [], ALL).map((lens) => lens.title), ['🔥 Hotspot file #1 · 1 change in 12 mo · cognitive 2 · 1 author']);
  });

  it('names the file complexity its score multiplies: the scan\'s metric, while functions stay cognitive', () => {
    const scored: FileSpec = { ...SESSION, cyclomatic: 52, loc: 310 };
    for (const [metric, complexity, tooltip] of [
      ['cyclomatic', 'cyclomatic 52', 'cyclomatic 52'],
      ['loc', 'LOC 310', 'LOC 310'],
      ['cognitive', 'cognitive 41', 'cognitive 41'],
    ] as const) {
      const scan = scanReport([scored, ...REST], { complexityMetric: metric });
      const lenses = annotationsFor('src/session.ts', scan, [], ALL);
      assert.deepEqual(lenses.map((lens) => lens.title), [
        `🔥 Hotspot file #1 · 23 changes in 12 mo · ${complexity} · 3 authors · PROJ-12, PROJ-40, #7 +1`,
        '🔥 Hotspot #3 · 7 changes in 12 mo · cognitive 14 · 3 authors · PROJ-12, PROJ-40, #7 +1',
      ]);
      assert.equal(lenses[0]!.tooltip, `Ranked #1 of the repository's files (percentile 95): 23 changes in the last 12 months × ${tooltip}. Click for the impact.`);
      assert.match(hoverMarkdown('src/session.ts', 1, scan, []) ?? '', new RegExp(`23 changes in 12 mo · ${complexity} · 3 authors`));
    }
  });

  it('puts the debt lens where the scan resolved the anchor, follows the symbol, and skips closed entries', () => {
    const open = entry({ id: 'TD-7f3a1c', title: 'Session refresh is copy-pasted', severity: 'high', backlog: ['PROJ-123'], anchors: [{ path: 'src/old.ts', symbol: 'Session.refresh', lines: [2, 30] }] });
    const paid = entry({ id: 'TD-000001', status: 'paid', anchors: [{ path: 'src/session.ts', lines: [50, 52] }] });
    const fresh = entry({ id: 'TD-000002', title: 'Idle timer', severity: 'low', anchors: [{ path: 'src/session.ts', lines: [54, 56] }] });
    const scanned: EntryReport = {
      id: 'TD-7f3a1c', title: open.title, status: 'open', severity: 'high', principal: null, tags: [], backlog: ['PROJ-123'], file: open.path,
      anchors: [{ status: 'resolved', how: 'renamed-symbol', moved: true, path: 'src/session.ts', symbol: 'Session.refresh', lines: [8, 40] }],
      interest: { revisions: 4, churn: 31, tickets: [], byMonth: [] },
      cost: NO_COST,
    };
    const lenses = annotationsFor('src/session.ts', report(undefined, [scanned]), [open, paid, fresh], { ...ALL, hotspots: false });
    // The report (patched on save) places Session.refresh at 10–48; the entry written since the scan sits where it was written.
    assert.deepEqual(lenses.map((lens) => [lens.line, lens.endLine, lens.title]), [
      [10, 48, '⚠ TD-7f3a1c Session refresh is copy-pasted · high · PROJ-123'],
      [54, 56, '⚠ TD-000002 Idle timer · low'],
    ]);
  });

  it('shortens long titles', () => {
    assert.equal(debtLensTitle({ id: 'TD-abcd', title: 'x'.repeat(70), severity: 'low', backlog: [] }), `⚠ TD-abcd ${'x'.repeat(59)}… · low`);
  });

  it('hovers with the function numbers and the entries on the line, escaping what the repository wrote', () => {
    const onIt = entry({ id: 'TD-7f3a1c', title: 'Copy *pasted* <b>', severity: 'high', principal: '3d', backlog: ['PROJ-123'], anchors: [{ path: 'src/session.ts', symbol: 'Session.refresh', lines: [10, 48] }] });
    const text = hoverMarkdown('src/session.ts', 20, report(), [onIt]);
    assert.equal(
      text,
      '**Session\\.refresh** — hotspot #3 (percentile 92)  \n7 changes in 12 mo · churn 80 lines · cognitive 14 · cyclomatic 1 · 3 LOC' +
        '\n\n---\n\n⚠ **TD-7f3a1c** Copy \\*pasted\\* \\<b\\>  \nopen · high · principal 3d  \nBacklog: PROJ\\-123',
    );
    assert.equal(hoverMarkdown('src/session.ts', 53, report([{ path: 'src/session.ts' }]), []), undefined);
    assert.equal(escapeMarkdown('[a](b)'), '\\[a\\]\\(b\\)');
  });
});
