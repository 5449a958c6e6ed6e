import * as assert from 'node:assert/strict';
import type { ReviewReport } from '../../../src/core/review/reviewReport';
import { decideVerdict } from '../../../src/core/review/reviewVerdict';
import type { BranchRow } from '../../../src/editor/branchViewModel';
import { BRANCH_FUNCTION_ROWS, branchRows, functionsWorstFirst } from '../../../src/editor/branchViewModel';
import { coChange, entryChange, functionChange, newComplex, reviewReport } from '../review/reviewBuilders';

/**
 * A branch of three commits against the merge-base with its upstream origin/main: it raises the
 * significant Session.refresh (rank 3) from cognitive 12 to 18, renames Session.end to Session.close
 * and simplifies it, removes legacyLogin (orphaning TD-0a1b2c's anchor), adds parseToken at cognitive
 * 16 (above the floor of 15), touches TD-7f3a1c's refresh, leaves session-store.ts (80 % coupled)
 * alone, and cites PROJ-12 and PROJ-40. Since the review, a save moved refresh from line 10 to 12.
 */
function branchReport(): ReviewReport {
  const report = reviewReport({
    commits: 3,
    functions: [
      functionChange({ path: 'src/session.ts', name: 'Session.refresh', startLine: 10, endLine: 48, before: { cognitive: 12, cyclomatic: 7 }, after: { cognitive: 18, cyclomatic: 9 }, linesAdded: 9, linesDeleted: 2, hotspotRank: 3, score: 140, significant: true }),
      functionChange({ path: 'src/session.ts', name: 'Session.close', previousName: 'Session.end', startLine: 60, endLine: 70, before: { cognitive: 4, cyclomatic: 3 }, after: { cognitive: 2, cyclomatic: 2 } }),
      functionChange({ path: 'src/auth/login.ts', name: 'legacyLogin', change: 'removed', startLine: 40, endLine: 52, before: { cognitive: 8, cyclomatic: 5 }, after: null, linesAdded: 0, linesDeleted: 13 }),
      functionChange({ path: 'src/auth/token.ts', name: 'parseToken', change: 'added', startLine: 5, endLine: 30, before: null, after: { cognitive: 16, cyclomatic: 9 }, linesAdded: 26, linesDeleted: 0 }),
    ],
    newComplexFunctions: [newComplex({ path: 'src/auth/token.ts', name: 'parseToken', startLine: 5, cognitive: 16, cyclomatic: 9 })],
    entries: [
      entryChange({ id: 'TD-7f3a1c', state: 'touched', title: 'Session refresh is copy-pasted', severity: 'high', path: 'src/session.ts', symbol: 'Session.refresh' }),
      entryChange({ id: 'TD-0a1b2c', state: 'orphaned', title: 'Legacy login', path: 'src/auth/login.ts', symbol: 'legacyLogin' }),
    ],
    missingCoChanges: [coChange({ changed: 'src/session.ts', partner: 'src/session-store.ts', degree: 80, shared: 8 })],
    tickets: ['PROJ-12', 'PROJ-40'],
  });
  return { ...report, ...decideVerdict(report) };
}

const savedSince = (_path: string, name: string): number | undefined => (name === 'Session.refresh' ? 12 : undefined);

/** `label · description` (or the label alone) with the icon, children nested under their row. */
type Shape = [string, string] | [string, string, Shape[]];

function shape(rows: readonly BranchRow[]): Shape[] {
  return rows.map((row) => {
    const text = row.description === undefined ? row.label : `${row.label} · ${row.description}`;
    return row.children === undefined ? [text, row.icon] : [text, row.icon, shape(row.children)];
  });
}

function find(rows: readonly BranchRow[], key: string): BranchRow {
  const flat = (list: readonly BranchRow[]): BranchRow[] => list.flatMap((row) => [row, ...flat(row.children ?? [])]);
  const row = flat(rows).find((candidate) => candidate.key === key);
  assert.ok(row, `no row ${key}`);
  return row;
}

describe('the Branch view rows', () => {
  it('shows the verdict with its reasons, the base and why, then each finding, changed functions worst first', () => {
    const rows = branchRows({ kind: 'ready', report: branchReport() }, savedSince);
    assert.deepEqual(shape(rows), [
      ['Verdict: worse · 3 commits · 4 functions changed · cognitive +12', 'error', [
        ['significant function src/session.ts Session.refresh (rank 3): cognitive 12 → 18', 'error'],
        ['debt entry TD-0a1b2c orphaned: its code in src/auth/login.ts (legacyLogin) is gone', 'error'],
        ['new function src/auth/token.ts parseToken: cognitive 16 (floor 15)', 'error'],
        ['debt entry TD-7f3a1c touched: src/session.ts (Session.refresh)', 'warning'],
        ['src/session.ts usually changes with src/session-store.ts (degree 80 %, 8 shared), which the branch leaves unchanged', 'warning'],
      ]],
      ['Base: origin/main · merge-base aaaaaaaa · the upstream of the branch', 'git-merge'],
      ['Changed functions · 4', 'symbol-function', [
        ['parseToken · added · cognitive 16 · src/auth/token.ts', 'add'],
        ['Session.refresh · cognitive 12 → 18 · #3 · src/session.ts', 'flame'],
        ['Session.close (was Session.end) · cognitive 4 → 2 · src/session.ts', 'arrow-down'],
        ['legacyLogin · removed · was cognitive 8 · src/auth/login.ts', 'remove'],
      ]],
      ['New complex functions · 1', 'flame', [['parseToken · cognitive 16 · src/auth/token.ts:5', 'flame']]],
      ['Debt entries · 2', 'warning', [
        ['Session refresh is copy-pasted · TD-7f3a1c · touched · src/session.ts · Session.refresh', 'warning'],
        ['Legacy login · TD-0a1b2c · orphaned · src/auth/login.ts · legacyLogin', 'error'],
      ]],
      ['Missing co-changes · 1', 'files', [['src/session-store.ts · with src/session.ts · 80 % · 8 shared', 'files']]],
      ['Backlog · 2', 'issues', [['PROJ-12', 'issues'], ['PROJ-40', 'issues']]],
    ]);
  });

  it('opens each row\'s code where the editor has it now; an orphaned entry opens the entry, a removed function nothing', () => {
    const rows = branchRows({ kind: 'ready', report: branchReport() }, savedSince);
    const acts = (key: string): Pick<BranchRow, 'action' | 'subject' | 'contextValue'> => {
      const { action, subject, contextValue } = find(rows, key);
      return { action, subject, contextValue };
    };
    assert.deepEqual(acts('fn:src/session.ts:Session.refresh:10'), {
      action: { kind: 'open', path: 'src/session.ts', line: 12 },
      subject: { kind: 'symbol', path: 'src/session.ts', name: 'Session.refresh', line: 12 },
      contextValue: 'branchFunction',
    });
    assert.deepEqual(acts('fn:src/auth/login.ts:legacyLogin:40'), { action: undefined, subject: undefined, contextValue: 'branchRemovedFunction' });
    assert.deepEqual(acts('new:src/auth/token.ts:parseToken:5'), {
      action: { kind: 'open', path: 'src/auth/token.ts', line: 5 },
      subject: { kind: 'symbol', path: 'src/auth/token.ts', name: 'parseToken', line: 5 },
      contextValue: 'branchFunction',
    });
    assert.deepEqual(acts('entry:TD-7f3a1c:src/session.ts:Session.refresh'), { action: { kind: 'open', path: 'src/session.ts', line: 12 }, subject: { kind: 'entry', id: 'TD-7f3a1c' }, contextValue: 'debtEntry' });
    assert.deepEqual(acts('entry:TD-0a1b2c:src/auth/login.ts:legacyLogin'), { action: { kind: 'entry', id: 'TD-0a1b2c' }, subject: { kind: 'entry', id: 'TD-0a1b2c' }, contextValue: 'debtEntry' });
    assert.deepEqual(acts('cochange:src/session.ts:src/session-store.ts'), { action: { kind: 'open', path: 'src/session-store.ts', line: 1 }, subject: undefined, contextValue: undefined });
    assert.deepEqual(acts('backlog:PROJ-12'), { action: { kind: 'backlog', ref: 'PROJ-12' }, subject: { kind: 'backlog', ref: 'PROJ-12' }, contextValue: 'backlogItem' });
  });

  it('explains a function\'s change, the base and the verdict in tooltips', () => {
    const rows = branchRows({ kind: 'ready', report: branchReport() }, savedSince);
    assert.equal(
      find(rows, 'fn:src/session.ts:Session.refresh:10').tooltip,
      'Session.refresh in src/session.ts:10–48\nmodified: cognitive 12 → 18, cyclomatic 7 → 9; +9/−2 lines\nHotspot #3 at the base (score 140), significant',
    );
    assert.equal(
      find(rows, 'base').tooltip,
      'Reviewed bbbbbbbb against aaaaaaaa, the merge-base of HEAD with origin/main (the upstream of the branch). Ranks and significance are those of a scan at the base. Set debtLens.review.base to compare with another branch.',
    );
    assert.equal(find(rows, 'verdict').tooltip, 'worse: a significant hotspot gets more complex, an anchor is orphaned, or a new function reaches the complexity floor.');
    assert.equal(find(rows, 'reason:3').tooltip, 'attention: debt entry TD-7f3a1c touched: src/session.ts (Session.refresh)');
  });

  it('says which base was used for each way of choosing it', () => {
    const described = (baseSource: ReviewReport['baseSource'], baseRef: string): string | undefined =>
      find(branchRows({ kind: 'ready', report: reviewReport({ baseSource, baseRef }) }), 'base').description;
    assert.equal(described('given', 'origin/develop'), 'merge-base aaaaaaaa · debtLens.review.base');
    assert.equal(described('upstream', 'origin/feature'), 'merge-base aaaaaaaa · the upstream of the branch');
    assert.equal(described('origin-head', 'origin/main'), "merge-base aaaaaaaa · the remote's default branch");
    assert.equal(described('main', 'main'), 'merge-base aaaaaaaa · the local main branch');
    assert.equal(described('master', 'master'), 'merge-base aaaaaaaa · the local master branch');
  });

  it('an ok review lists its verdict and base alone, with nothing to expand', () => {
    const rows = branchRows({ kind: 'ready', report: reviewReport({ functions: [functionChange({ path: 'src/a.ts', name: 'a' })] }) });
    assert.deepEqual(shape(rows), [
      ['Verdict: ok · 1 commit · 1 function changed · cognitive ±0', 'pass'],
      ['Base: origin/main · merge-base aaaaaaaa · the upstream of the branch', 'git-merge'],
      ['Changed functions · 1', 'symbol-function', [['a · cognitive 3 → 3 · src/a.ts', 'symbol-method']]],
    ]);
  });

  it('says there is nothing to review when HEAD is the base', () => {
    const sha = 'c'.repeat(40);
    const rows = branchRows({ kind: 'ready', report: reviewReport({ base: sha, head: sha, baseSource: 'main', baseRef: 'main', commits: 0 }) });
    assert.deepEqual(shape(rows), [
      ['Nothing to review · HEAD is the base itself', 'info'],
      ['Base: main · merge-base cccccccc · the local main branch', 'git-merge'],
    ]);
    assert.equal(rows[0]?.tooltip, 'HEAD (cccccccc) is the merge-base with main: the branch has no commits of its own. Commit on a branch, or set debtLens.review.base to the ref to compare with.');
    // With the work tree counted, the same commit is a review of the uncommitted changes.
    assert.equal(branchRows({ kind: 'ready', report: reviewReport({ base: sha, head: sha, worktree: true }) })[0]?.label, 'Verdict: ok');
  });

  it('says why there is no base: none found, or the configured one names nothing related', () => {
    const message = 'no base to review against: the branch has no upstream, and there is no origin/HEAD, main or master; give --base <ref>';
    const automatic = branchRows({ kind: 'no-base', message, configuredBase: undefined });
    assert.deepEqual(shape(automatic), [['No base to review against · no upstream, origin/HEAD, main or master', 'info']]);
    assert.equal(automatic[0]?.tooltip, `${message}\n\nSet debtLens.review.base to the branch or commit to compare with (empty: the upstream, origin/HEAD, main, master).`);
    assert.deepEqual(shape(branchRows({ kind: 'no-base', message: "--base: no commit 'develop'", configuredBase: 'develop' })), [['No base to review against · debtLens.review.base: develop', 'info']]);
  });

  it('shows nothing before the first review (the welcome content offers it), a row while it runs, the last review while the next runs, and a failure with the log', () => {
    assert.deepEqual(branchRows({ kind: 'none' }), []);
    assert.deepEqual(shape(branchRows({ kind: 'running', previous: undefined })), [['Reviewing the branch…', 'loading~spin']]);
    const report = branchReport();
    assert.deepEqual(branchRows({ kind: 'running', previous: report }, savedSince), branchRows({ kind: 'ready', report }, savedSince));
    const failed = branchRows({ kind: 'failed', message: 'git exited with code 128' });
    assert.deepEqual(shape(failed), [['The review failed · git exited with code 128', 'error']]);
    assert.deepEqual(failed[0]?.action, { kind: 'showLog' });
  });

  it(`lists at most ${BRANCH_FUNCTION_ROWS} changed functions, then how many more`, () => {
    const functions = Array.from({ length: BRANCH_FUNCTION_ROWS + 2 }, (_, index) => functionChange({ path: 'src/many.ts', name: `f${index}`, startLine: 1 + 10 * index, after: { cognitive: 3 + index, cyclomatic: 2 } }));
    const group = find(branchRows({ kind: 'ready', report: reviewReport({ functions }) }), 'functions');
    assert.equal(group.description, String(BRANCH_FUNCTION_ROWS + 2));
    assert.equal(group.children?.length, BRANCH_FUNCTION_ROWS + 1);
    // Worst first: the largest rise, f51 (3 → 54), leads.
    assert.equal(group.children?.[0]?.label, `f${BRANCH_FUNCTION_ROWS + 1}`);
    assert.deepEqual(shape(group.children?.slice(-1) ?? []), [['… and 2 more', 'ellipsis']]);
  });

  it('orders functions by their rise in cognitive complexity, a new one from 0 and a removed one to 0; significant first on a tie', () => {
    const order = functionsWorstFirst([
      functionChange({ path: 'a.ts', name: 'same' }),
      functionChange({ path: 'a.ts', name: 'gone', change: 'removed', before: { cognitive: 4, cyclomatic: 1 }, after: null }),
      functionChange({ path: 'a.ts', name: 'plain', after: { cognitive: 8, cyclomatic: 2 } }),
      functionChange({ path: 'a.ts', name: 'hot', after: { cognitive: 8, cyclomatic: 2 }, significant: true }),
      functionChange({ path: 'a.ts', name: 'new', change: 'added', before: null, after: { cognitive: 6, cyclomatic: 2 } }),
    ]).map((fn) => fn.name);
    assert.deepEqual(order, ['new', 'hot', 'plain', 'same', 'gone']);
  });
});
