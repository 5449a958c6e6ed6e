import * as assert from 'node:assert/strict';
import { NO_COST } from '../../../src/core/cost/codeCost';
import type { LedgerEntry } from '../../../src/core/ledger/ledgerEntry';
import type { EntryReport } from '../../../src/core/scan/scanLedger';
import type { FunctionReport, ScanReport } from '../../../src/core/scan/scanReport';
import { annotationsFor, debtLensTitle, enclosingSignificantFunction, escapeMarkdown, hoverMarkdown, shortPath, ticketList, windowMonths } from '../../../src/editor/annotations';
import type { FunctionFacts } from '../../../src/editor/reportFacts';
import { functionChange } from '../review/reviewBuilders';
import type { FileSpec, FunctionSpec } from '../support/reportBuilders';
import { otherFiles, scanReport } from '../support/reportBuilders';

/**
 * session.ts ranks first of 14 files (percentile 95, 23 changes, cognitive 120): four significant
 * functions (percentile ≥ 90, ≥ 3 changes, cognitive ≥ 15) by score refresh 140, open 108, save 80,
 * load 60; tiny scores 60 too but changed twice; refresh's callback at line 20 ranks 6th (percentile
 * 90.4) with 2 changes and cognitive 2; close never scores.
 */
const SESSION: FileSpec = {
  path: 'src/session.ts', revisions: 23, cognitive: 120, rank: 1, percentile: 95, significant: true, authors: 5, mainDeveloper: 'Alice Anders', ownership: 0.4,
  tickets: ['PROJ-12', 'PROJ-40', '#7', 'PROJ-9'], xray: true,
  functions: [
    { name: 'Session.refresh', kind: 'method', startLine: 10, endLine: 48, cognitive: 20, cyclomatic: 9, loc: 39, revisions: 7, churn: 80, rank: 1, percentile: 99.1 },
    { name: 'Session.refresh.<anonymous>@20', kind: 'arrow', startLine: 20, endLine: 30, cognitive: 2, revisions: 2, rank: 6, percentile: 90.4 },
    { name: 'Session.open', kind: 'method', startLine: 50, endLine: 70, cognitive: 18, revisions: 6, rank: 2 },
    { name: 'Session.save', kind: 'method', startLine: 72, endLine: 90, cognitive: 16, revisions: 5, rank: 3 },
    { name: 'Session.load', kind: 'method', startLine: 92, endLine: 110, cognitive: 15, revisions: 4, rank: 4 },
    { name: 'Session.tiny', kind: 'method', startLine: 112, endLine: 120, cognitive: 30, revisions: 2, rank: 4 },
    { name: 'Session.close', kind: 'method', startLine: 122, endLine: 124, cognitive: 0, revisions: 1 },
  ],
};

/** `count` functions changed once, of cognitive 1: score 1. */
const quietFunctions = (file: string, count: number): FunctionSpec[] =>
  Array.from({ length: count }, (_, index) => ({ name: `${file}.f${index}`, startLine: 1 + 4 * index, endLine: 3 + 4 * index, cognitive: 1, revisions: 1 }));

/** Five X-Rayed files of ten quiet functions each (the population the functions rank in) and four more files. */
const REST: readonly FileSpec[] = [
  ...[1, 2, 3, 4, 5].map((n): FileSpec => ({ path: `src/quiet-${n}.ts`, cognitive: 5, xray: true, functions: quietFunctions(`quiet${n}`, 10) })),
  ...otherFiles(4),
];

/** Each function's own facts, as X-Ray attributes them (report schema 2). */
const FACTS: Record<string, FunctionFacts> = {
  'Session.refresh': { authors: 2, mainDeveloper: 'Bob Brown', ownership: 0.75, busFactor: 1, tickets: ['PROJ-12', 'PROJ-40'] },
  'Session.open': { authors: 1, mainDeveloper: 'Alice Anders', ownership: 1, busFactor: 1, tickets: ['PROJ-12', 'PROJ-40', '#7'] },
  'Session.save': { authors: 3, mainDeveloper: 'Alice Anders', ownership: 0.5, busFactor: 2, tickets: [] },
};

function report(files: readonly FileSpec[] = [SESSION, ...REST], entries: readonly EntryReport[] = []): ScanReport {
  // The window is the year up to 2026-11-21.
  return scanReport(files, { commits: 30, entries });
}

/** The report with each function's own facts (FACTS) where X-Ray gives them. */
function withFacts(scan: ScanReport): ScanReport {
  return {
    ...scan,
    files: scan.files.map((file) => ({
      ...file,
      functions: file.functions.map((fn): FunctionReport => {
        const facts = FACTS[fn.name];
        return facts ? { ...fn, ...facts } : fn;
      }),
    })),
  };
}

function entry(overrides: Partial<LedgerEntry> & Pick<LedgerEntry, 'id'>): LedgerEntry {
  return { title: 'Debt', status: 'open', severity: 'medium', tags: [], backlog: [], anchors: [], created: '2026-01-01', body: '', path: `.techdebt/${overrides.id}.md`, ...overrides };
}

const ALL = { hotspots: true, debt: true, maxFunctionLenses: 3 };

describe('editor annotations', () => {
  it('counts the window in months', () => {
    assert.equal(windowMonths(report([])), 12);
    assert.equal(windowMonths({ window: { since: '2026-08-01T00:00:00Z', until: '2026-11-15T00:00:00Z', end: 'head' } }), 4);
  });

  it('names two tickets, and counts more', () => {
    assert.equal(ticketList([]), '');
    assert.equal(ticketList(['PROJ-1']), 'PROJ-1');
    assert.equal(ticketList(['PROJ-1', 'PROJ-2']), 'PROJ-1, PROJ-2');
    assert.equal(ticketList(['PROJ-1', 'PROJ-2', '#3']), '3 tickets');
  });

  it('gives the file a lens and its top three significant functions by score, each with its own authors and tickets', () => {
    const lenses = annotationsFor('src/session.ts', withFacts(report()), [], ALL);
    assert.deepEqual(lenses.map((lens) => [lens.line, lens.kind === 'debt' ? lens.entryId : lens.symbol, lens.title]), [
      [1, undefined, '🔥 Hotspot file #1 · 23 changes in 12 mo · cognitive 120 · 5 authors · 4 tickets'],
      [10, 'Session.refresh', '🔥 Hotspot #1 · 7 changes in 12 mo · cognitive 20 · 2 authors · PROJ-12, PROJ-40'],
      [50, 'Session.open', '🔥 Hotspot #2 · 6 changes in 12 mo · cognitive 18 · 1 author · 3 tickets'],
      [72, 'Session.save', '🔥 Hotspot #3 · 5 changes in 12 mo · cognitive 16 · 3 authors'],
    ]);
    assert.equal(
      lenses[1]!.tooltip,
      'Ranked #1 of the measured functions (percentile 99.1): 7 changes in the last 12 months × cognitive 20; cyclomatic 9, 39 lines; 2 authors, main developer Bob Brown (75 %). Click for the impact.',
    );
  });

  it('caps the function lenses at the setting: load (the 4th score) with a higher cap, none with 0; tiny (2 changes) and the callback never', () => {
    const lines = (max: number): number[] => annotationsFor('src/session.ts', report(), [], { ...ALL, maxFunctionLenses: max }).map((lens) => lens.line);
    assert.deepEqual(lines(3), [1, 10, 50, 72]);
    assert.deepEqual(lines(50), [1, 10, 50, 72, 92]);
    assert.deepEqual(lines(1), [1, 10]);
    assert.deepEqual(lines(0), [1]);
    assert.deepEqual(annotationsFor('src/session.ts', report(), [], { ...ALL, hotspots: false }), []);
    assert.deepEqual(annotationsFor('src/other.ts', report(), [], ALL), []);
  });

  it('puts the debt lens first on a line it shares with a hotspot lens', () => {
    const onRefresh = entry({ id: 'TD-7f3a1c', title: 'Session refresh is copy-pasted', severity: 'high', backlog: ['PROJ-123', 'PROJ-124', 'PROJ-125'], anchors: [{ path: 'src/session.ts', symbol: 'Session.refresh', lines: [10, 48] }] });
    const lenses = annotationsFor('src/session.ts', withFacts(report()), [onRefresh], ALL);
    assert.deepEqual(lenses.slice(0, 3).map((lens) => [lens.line, lens.kind, lens.title]), [
      [1, 'hotspot', '🔥 Hotspot file #1 · 23 changes in 12 mo · cognitive 120 · 5 authors · 4 tickets'],
      [10, 'debt', '⚠ TD-7f3a1c Session refresh is copy-pasted · high · 3 tickets'],
      [10, 'hotspot', '🔥 Hotspot #1 · 7 changes in 12 mo · cognitive 20 · 2 authors · PROJ-12, PROJ-40'],
    ]);
    // The cap is for hotspot lenses: with none, the debt lens stays.
    assert.deepEqual(annotationsFor('src/session.ts', report(), [onRefresh], { ...ALL, maxFunctionLenses: 0 }).map((lens) => [lens.line, lens.kind]), [[1, 'hotspot'], [10, 'debt']]);
  });

  it('puts the branch lens after the debt and hotspot lenses of its line, where the scan has the function now', () => {
    const onRefresh = entry({ id: 'TD-7f3a1c', title: 'Session refresh is copy-pasted', severity: 'high', backlog: ['PROJ-123'], anchors: [{ path: 'src/session.ts', symbol: 'Session.refresh', lines: [10, 48] }] });
    // The review saw refresh at head on line 9 (a save since moved it to 10) and close at 122; a rise each.
    const branch = [
      functionChange({ path: 'src/session.ts', name: 'Session.refresh', startLine: 9, endLine: 47, before: { cognitive: 12, cyclomatic: 7 }, after: { cognitive: 20, cyclomatic: 9 }, linesAdded: 6, linesDeleted: 1, hotspotRank: 1, significant: true }),
      functionChange({ path: 'src/session.ts', name: 'Session.close', startLine: 122, endLine: 124, before: { cognitive: 0, cyclomatic: 1 }, after: { cognitive: 1, cyclomatic: 2 } }),
    ];
    const lenses = annotationsFor('src/session.ts', withFacts(report()), [onRefresh], ALL, branch);
    assert.deepEqual(lenses.map((lens) => [lens.line, lens.kind, lens.title]), [
      [1, 'hotspot', '🔥 Hotspot file #1 · 23 changes in 12 mo · cognitive 120 · 5 authors · 4 tickets'],
      [10, 'debt', '⚠ TD-7f3a1c Session refresh is copy-pasted · high · PROJ-123'],
      [10, 'hotspot', '🔥 Hotspot #1 · 7 changes in 12 mo · cognitive 20 · 2 authors · PROJ-12, PROJ-40'],
      [10, 'branch', '▲ cognitive 12 → 20 on this branch'],
      [50, 'hotspot', '🔥 Hotspot #2 · 6 changes in 12 mo · cognitive 18 · 1 author · 3 tickets'],
      [72, 'hotspot', '🔥 Hotspot #3 · 5 changes in 12 mo · cognitive 16 · 3 authors'],
      [122, 'branch', '▲ cognitive 0 → 1 on this branch'],
    ]);
    assert.equal(lenses[3]!.tooltip, "This branch raises Session.refresh's cognitive complexity from 12 to 20 (cyclomatic 7 → 9; +6/−1 lines): a significant hotspot at the base (#1). Click for the impact.");
    assert.deepEqual([lenses[3]!.endLine, lenses[6]!.endLine], [48, 124]);
  });

  it('hovers over a function the branch changed with its complexity before and after, innermost first, where the scan has it now', () => {
    const branch = [
      // The review saw refresh at head on line 9; a save since moved it to 10–48.
      functionChange({ path: 'src/session.ts', name: 'Session.refresh', startLine: 9, endLine: 47, before: { cognitive: 12, cyclomatic: 7 }, after: { cognitive: 20, cyclomatic: 9 } }),
      functionChange({ path: 'src/session.ts', name: 'Session.refresh.<anonymous>@20', startLine: 20, endLine: 30, before: { cognitive: 2, cyclomatic: 2 }, after: { cognitive: 3, cyclomatic: 2 } }),
      functionChange({ path: 'src/session.ts', name: 'Session.save', startLine: 72, endLine: 90, before: { cognitive: 16, cyclomatic: 5 }, after: { cognitive: 16, cyclomatic: 5 } }),
    ];
    const first = (line: number): string | undefined => hoverMarkdown('src/session.ts', line, withFacts(report()), [], branch)?.split('\n\n---\n\n')[0];
    assert.equal(first(48), '**Session\\.refresh** — this branch: cognitive 12 → 20, cyclomatic 7 → 9');
    assert.equal(first(25), '**Session\\.refresh\\.\\<anonymous\\>@20** — this branch: cognitive 2 → 3, cyclomatic 2 → 2');
    // A change that left the complexity as it was says nothing of the branch.
    assert.match(first(80) ?? '', /^\*\*Session\\.save\*\* — hotspot #3/);
    assert.equal(hoverMarkdown('src/session.ts', 48, withFacts(report()), [])?.includes('this branch'), false);
  });

  it('gives branch lenses to risen modified functions of the file only, under the hotspot lenses\' switch and cap (the largest rises)', () => {
    const branch = [
      functionChange({ path: 'src/session.ts', name: 'Session.open', startLine: 50, before: { cognitive: 10, cyclomatic: 4 }, after: { cognitive: 18, cyclomatic: 6 } }),
      functionChange({ path: 'src/session.ts', name: 'Session.save', startLine: 72, before: { cognitive: 14, cyclomatic: 4 }, after: { cognitive: 16, cyclomatic: 5 } }),
      functionChange({ path: 'src/session.ts', name: 'Session.load', startLine: 92, before: { cognitive: 17, cyclomatic: 4 }, after: { cognitive: 15, cyclomatic: 4 } }),
      functionChange({ path: 'src/session.ts', name: 'Session.tiny', startLine: 112, before: { cognitive: 26, cyclomatic: 4 }, after: { cognitive: 30, cyclomatic: 5 } }),
      functionChange({ path: 'src/session.ts', name: 'Session.fresh', change: 'added', startLine: 130, before: null, after: { cognitive: 9, cyclomatic: 3 } }),
      functionChange({ path: 'src/other.ts', name: 'elsewhere', startLine: 3, before: { cognitive: 1, cyclomatic: 1 }, after: { cognitive: 9, cyclomatic: 3 } }),
    ];
    const branchLines = (options: typeof ALL): number[] => annotationsFor('src/session.ts', report(), [], options, branch).filter((lens) => lens.kind === 'branch').map((lens) => lens.line);
    // open +8, tiny +4, save +2; load fell, fresh is new (the view lists it), elsewhere is another file.
    assert.deepEqual(branchLines(ALL), [50, 72, 112]);
    assert.deepEqual(branchLines({ ...ALL, maxFunctionLenses: 2 }), [50, 112]);
    assert.deepEqual(branchLines({ ...ALL, maxFunctionLenses: 0 }), []);
    assert.deepEqual(branchLines({ ...ALL, hotspots: false }), []);
    assert.deepEqual(annotationsFor('src/session.ts', report(), [], ALL).filter((lens) => lens.kind === 'branch'), []);
  });

  it('writes singular counts and leaves out an empty ticket list', () => {
    // First of ten files, nine of them scoring 1.
    const lone: FileSpec = { path: 'src/b.ts', revisions: 3, cognitive: 20, score: 60, rank: 1, percentile: 95, significant: true, authors: 1 };
    assert.deepEqual(annotationsFor('src/b.ts', report([lone, ...otherFiles(9)]), [], ALL).map((lens) => lens.title), ['🔥 Hotspot file #1 · 3 changes in 12 mo · cognitive 20 · 1 author']);
  });

  it('names the file complexity its score multiplies: the scan\'s metric, while functions stay cognitive', () => {
    const scored: FileSpec = { ...SESSION, cyclomatic: 52, loc: 310 };
    for (const [metric, complexity] of [
      ['cyclomatic', 'cyclomatic 52'],
      ['loc', 'LOC 310'],
      ['cognitive', 'cognitive 120'],
    ] as const) {
      const scan = withFacts(scanReport([scored, ...REST], { complexityMetric: metric }));
      const lenses = annotationsFor('src/session.ts', scan, [], { ...ALL, maxFunctionLenses: 1 });
      assert.deepEqual(lenses.map((lens) => lens.title), [
        `🔥 Hotspot file #1 · 23 changes in 12 mo · ${complexity} · 5 authors · 4 tickets`,
        '🔥 Hotspot #1 · 7 changes in 12 mo · cognitive 20 · 2 authors · PROJ-12, PROJ-40',
      ]);
      assert.equal(lenses[0]!.tooltip, `Ranked #1 of the repository's files (percentile 95): 23 changes in the last 12 months × ${complexity}. Click for the impact.`);
      assert.match(hoverMarkdown('src/session.ts', 1, scan, []) ?? '', new RegExp(`23 changes in 12 mo · ${complexity} · 5 authors`));
    }
  });

  it('puts the debt lens where the scan resolved the anchor, follows the symbol, and skips closed entries', () => {
    const open = entry({ id: 'TD-7f3a1c', title: 'Session refresh is copy-pasted', severity: 'high', backlog: ['PROJ-123'], anchors: [{ path: 'src/old.ts', symbol: 'Session.refresh', lines: [2, 30] }] });
    const paid = entry({ id: 'TD-000001', status: 'paid', anchors: [{ path: 'src/session.ts', lines: [122, 124] }] });
    const fresh = entry({ id: 'TD-000002', title: 'Idle timer', severity: 'low', anchors: [{ path: 'src/session.ts', lines: [112, 120] }] });
    const scanned: EntryReport = {
      id: 'TD-7f3a1c', title: open.title, status: 'open', severity: 'high', principal: null, tags: [], backlog: ['PROJ-123'], file: open.path,
      anchors: [{ status: 'resolved', how: 'renamed-symbol', moved: true, path: 'src/session.ts', symbol: 'Session.refresh', lines: [8, 40] }],
      interest: { revisions: 4, churn: 31, tickets: [], byMonth: [] },
      cost: NO_COST,
      principalHours: null,
      monthlyInterest: null,
      priority: null,
    };
    const lenses = annotationsFor('src/session.ts', report(undefined, [scanned]), [open, paid, fresh], { ...ALL, hotspots: false });
    // The report (patched on save) places Session.refresh at 10–48; the entry written since the scan sits where it was written.
    assert.deepEqual(lenses.map((lens) => [lens.line, lens.endLine, lens.title]), [
      [10, 48, '⚠ TD-7f3a1c Session refresh is copy-pasted · high · PROJ-123'],
      [112, 120, '⚠ TD-000002 Idle timer · low'],
    ]);
  });

  it('shortens long titles', () => {
    assert.equal(debtLensTitle({ id: 'TD-abcd', title: 'x'.repeat(70), severity: 'low', backlog: [] }), `⚠ TD-abcd ${'x'.repeat(59)}… · low`);
    assert.equal(debtLensTitle({ id: 'TD-abcd', title: 'Two', severity: 'low', backlog: ['PROJ-1', '#2'] }), '⚠ TD-abcd Two · low · PROJ-1, #2');
  });

  it('hovers with the function\'s own numbers and people, and the entries on the line, escaping what the repository wrote', () => {
    const onIt = entry({ id: 'TD-7f3a1c', title: 'Copy *pasted* <b>', severity: 'high', principal: '3d', backlog: ['PROJ-123'], anchors: [{ path: 'src/session.ts', symbol: 'Session.refresh', lines: [10, 48] }] });
    assert.equal(
      hoverMarkdown('src/session.ts', 12, withFacts(report()), [onIt]),
      '**Session\\.refresh** — hotspot #1 (percentile 99.1)  \n7 changes in 12 mo · churn 80 lines · cognitive 20 · cyclomatic 9 · 39 LOC  \n' +
        '2 authors · main developer Bob Brown (75 %) · bus factor 1  \nTickets: PROJ\\-12, PROJ\\-40' +
        '\n\n---\n\n⚠ **TD-7f3a1c** Copy \\*pasted\\* \\<b\\>  \nopen · high · principal 3d  \nBacklog: PROJ\\-123',
    );
    assert.equal(hoverMarkdown('src/session.ts', 53, report([{ path: 'src/session.ts' }]), []), undefined);
    assert.equal(escapeMarkdown('[a](b)'), '\\[a\\]\\(b\\)');
  });

  it('inside a callback of a hot function, hovers over the hot function; inside a function that is not significant, says nothing', () => {
    const scan = withFacts(report());
    const file = scan.files.find((candidate) => candidate.path === 'src/session.ts');
    assert.equal(enclosingSignificantFunction(file, 25)?.name, 'Session.refresh');
    assert.equal(hoverMarkdown('src/session.ts', 25, scan, []), hoverMarkdown('src/session.ts', 12, scan, []));
    assert.equal(enclosingSignificantFunction(file, 115), undefined);
    assert.equal(hoverMarkdown('src/session.ts', 115, scan, []), undefined);
    assert.equal(hoverMarkdown('src/session.ts', 123, scan, []), undefined);
  });

  it('inside a function X-Ray did not measure, hovers with the significant file\'s numbers', () => {
    // Without function history no function is significant; the file still is, and a hover anywhere in it says so.
    const unmeasured: FileSpec = { ...SESSION, xray: false, functions: SESSION.functions!.map(({ name, kind, startLine, endLine, cognitive }) => ({ name, kind, startLine, endLine, cognitive })) };
    const scan = report([unmeasured, ...REST]);
    const hover = hoverMarkdown('src/session.ts', 12, scan, []) ?? '';
    assert.equal(hover, '**src/session\\.ts** — hotspot file #1 (percentile 95)  \n23 changes in 12 mo · cognitive 120 · 5 authors · main developer Alice Anders  \nTickets: PROJ\\-12, PROJ\\-40, \\#7, PROJ\\-9');
    assert.doesNotMatch(hover, /hotspot #/);
  });

  it('shortens a tree row\'s path from the left, keeping the file name whole', () => {
    assert.equal(shortPath('src/billing/invoice.ts'), 'src/billing/invoice.ts');
    assert.equal(shortPath('packages/core/src/repository/Repository.ts'), '…/repository/Repository.ts');
    assert.equal(shortPath('packages/core/src/repository/Repository.ts', 20), '…/Repository.ts');
    assert.equal(shortPath('src/a-file-name-longer-than-the-budget.ts', 10), '…/a-file-name-longer-than-the-budget.ts');
  });
});
