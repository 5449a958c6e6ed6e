/**
 * The rows of the Branch view, computed from a review report alone: plain data and no `vscode`
 * import, so the exact texts a user reads are unit-tested outside the editor (`branchTree.ts` turns
 * them into tree items).
 */
import type { EntryChangeReport, FunctionChangeReport, MissingCoChange, NewComplexFunction, ReviewReport } from '../core/review/reviewReport';
import { cognitiveDelta } from '../core/report/formatReviewMarkdown';
import { shortPath } from './annotations';

/** What the Branch view knows of one folder's review. */
export type BranchReviewState =
  /** Never reviewed: the view's welcome content offers the command. */
  | { readonly kind: 'none' }
  /** A review runs; `previous`, the last one, is shown meanwhile. */
  | { readonly kind: 'running'; readonly previous: ReviewReport | undefined }
  | { readonly kind: 'ready'; readonly report: ReviewReport }
  /** No base: `configuredBase`, the `debtLens.review.base` that named none, or undefined when chosen automatically. */
  | { readonly kind: 'no-base'; readonly message: string; readonly configuredBase: string | undefined }
  | { readonly kind: 'failed'; readonly message: string };

/** What clicking a row does. */
export type BranchRowAction =
  | { readonly kind: 'open'; readonly path: string; readonly line: number }
  | { readonly kind: 'entry'; readonly id: string }
  | { readonly kind: 'backlog'; readonly ref: string }
  | { readonly kind: 'showLog' };

export type BranchRowSubject =
  | { readonly kind: 'symbol'; readonly path: string; readonly name: string; readonly line: number }
  | { readonly kind: 'entry'; readonly id: string }
  | { readonly kind: 'backlog'; readonly ref: string };

export interface BranchRow {
  /** Unique among the folder's rows and stable across reviews, so expansion survives a refresh. */
  readonly key: string;
  readonly label: string;
  readonly description?: string;
  readonly tooltip?: string;
  /** A codicon id. */
  readonly icon: string;
  readonly contextValue?: string;
  readonly action?: BranchRowAction;
  /** What the row speaks of, for the commands of its context menu (Show Impact, Open Entry, Open Backlog Item). */
  readonly subject?: BranchRowSubject;
  /** Shown expanded. */
  readonly children?: readonly BranchRow[];
}

/**
 * Where the named function starts in the editor now (the one nearest `near` when several share the
 * name), 1-based: the review gives the head's lines, which a save since may have moved. Undefined:
 * the review's own line stands.
 */
export type LocateFunction = (path: string, name: string, near: number) => number | undefined;

/** Changed functions listed before the rest are left out with a note: the CLI's JSON has them all. */
export const BRANCH_FUNCTION_ROWS = 50;

const VERDICT_ICONS: Record<ReviewReport['verdict'], string> = { ok: 'pass', attention: 'warning', worse: 'error' };

const BASE_WORDS: Record<ReviewReport['baseSource'], string> = {
  given: 'debtLens.review.base',
  upstream: 'the upstream of the branch',
  'origin-head': "the remote's default branch",
  main: 'the local main branch',
  master: 'the local master branch',
};

/** The rows of one folder's review, in the order the view shows them. */
export function branchRows(state: BranchReviewState, locate: LocateFunction = () => undefined): BranchRow[] {
  switch (state.kind) {
    case 'none':
      return [];
    case 'running':
      return state.previous === undefined ? [{ key: 'running', label: 'Reviewing the branch…', icon: 'loading~spin' }] : reportRows(state.previous, locate);
    case 'ready':
      return reportRows(state.report, locate);
    case 'no-base':
      return [
        {
          key: 'no-base',
          label: 'No base to review against',
          description: state.configuredBase === undefined ? 'no upstream, origin/HEAD, main or master' : `debtLens.review.base: ${state.configuredBase}`,
          tooltip: `${state.message}\n\nSet debtLens.review.base to the branch or commit to compare with (empty: the upstream, origin/HEAD, main, master).`,
          icon: 'info',
        },
      ];
    case 'failed':
      return [{ key: 'failed', label: 'The review failed', description: state.message, tooltip: `${state.message}\n\nClick for the log.`, icon: 'error', action: { kind: 'showLog' } }];
  }
}

function reportRows(report: ReviewReport, locate: LocateFunction): BranchRow[] {
  const base = baseRow(report);
  if (report.base === report.head && !report.worktree) {
    return [
      {
        key: 'nothing',
        label: 'Nothing to review',
        description: `HEAD is the base itself`,
        tooltip: `HEAD (${short(report.head)}) is the merge-base with ${report.baseRef}: the branch has no commits of its own. Commit on a branch, or set debtLens.review.base to the ref to compare with.`,
        icon: 'info',
      },
      base,
    ];
  }
  const rows: BranchRow[] = [verdictRow(report), base];
  const group = (key: string, label: string, icon: string, children: readonly BranchRow[], count = children.length): void => {
    if (children.length > 0) {
      rows.push({ key, label, description: String(count), icon, children });
    }
  };
  const functions = functionsWorstFirst(report.functions);
  const shown = functions.slice(0, BRANCH_FUNCTION_ROWS).map((fn) => functionRow(fn, locate));
  if (functions.length > shown.length) {
    shown.push({ key: 'functions:more', label: `… and ${functions.length - shown.length} more`, tooltip: 'debt-lens review --format json lists every changed function.', icon: 'ellipsis' });
  }
  group('functions', 'Changed functions', 'symbol-function', shown, functions.length);
  group('new', 'New complex functions', 'flame', report.newComplexFunctions.map((fn) => newFunctionRow(fn, report.significance.minFunctionComplexity, locate)));
  group('entries', 'Debt entries', 'warning', report.entries.map((entry) => entryRow(entry, locate)));
  group('cochanges', 'Missing co-changes', 'files', report.missingCoChanges.map(missingRow));
  group('backlog', 'Backlog', 'issues', report.tickets.map(backlogRow));
  return rows;
}

function verdictRow(report: ReviewReport): BranchRow {
  const change = cognitiveDelta(report);
  const reasons = report.reasons.map((reason, index): BranchRow => {
    const level = reason.startsWith('worse: ') ? 'worse' : 'attention';
    return { key: `reason:${index}`, label: reason.slice(reason.indexOf(': ') + 2), tooltip: reason, icon: VERDICT_ICONS[level] };
  });
  return {
    key: 'verdict',
    label: `Verdict: ${report.verdict}`,
    description: `${plural(report.commits, 'commit')} · ${plural(report.functions.length, 'function')} changed · cognitive ${signed(change)}`,
    tooltip: verdictTooltip(report.verdict),
    icon: VERDICT_ICONS[report.verdict],
    children: reasons.length > 0 ? reasons : undefined,
  };
}

function verdictTooltip(verdict: ReviewReport['verdict']): string {
  switch (verdict) {
    case 'worse':
      return 'worse: a significant hotspot gets more complex, an anchor is orphaned, or a new function reaches the complexity floor.';
    case 'attention':
      return 'attention: a significant hotspot or a debt entry is touched, or a file that usually changes with a changed one (70 % or more) is left unchanged.';
    case 'ok':
      return 'ok: no significant hotspot or debt entry is touched, and nothing new is above the complexity floor.';
  }
}

function baseRow(report: ReviewReport): BranchRow {
  return {
    key: 'base',
    label: `Base: ${report.baseRef}`,
    description: `merge-base ${short(report.base)} · ${BASE_WORDS[report.baseSource]}`,
    tooltip:
      `Reviewed ${short(report.head)} against ${short(report.base)}, the merge-base of HEAD with ${report.baseRef} (${BASE_WORDS[report.baseSource]}). ` +
      'Ranks and significance are those of a scan at the base. Set debtLens.review.base to compare with another branch.',
    icon: 'git-merge',
  };
}

/** Worst first: the largest rise in cognitive complexity (a new function from 0, a removed one to 0), significant first on a tie. */
export function functionsWorstFirst(functions: readonly FunctionChangeReport[]): FunctionChangeReport[] {
  return functions
    .map((fn, index) => ({ fn, index }))
    .sort((x, y) => delta(y.fn) - delta(x.fn) || Number(y.fn.significant) - Number(x.fn.significant) || x.index - y.index)
    .map(({ fn }) => fn);
}

function delta(fn: FunctionChangeReport): number {
  return (fn.after?.cognitive ?? 0) - (fn.before?.cognitive ?? 0);
}

function functionRow(fn: FunctionChangeReport, locate: LocateFunction): BranchRow {
  const complexity =
    fn.change === 'added' ? `added · cognitive ${fn.after?.cognitive ?? 0}` : fn.change === 'removed' ? `removed · was cognitive ${fn.before?.cognitive ?? 0}` : `cognitive ${fn.before?.cognitive ?? 0} → ${fn.after?.cognitive ?? 0}`;
  const rank = fn.hotspotRank === null ? '' : ` · #${fn.hotspotRank}`;
  const line = fn.change === 'removed' ? fn.startLine : (locate(fn.path, fn.name, fn.startLine) ?? fn.startLine);
  const cyclomatic = `cyclomatic ${fn.before?.cyclomatic ?? '–'} → ${fn.after?.cyclomatic ?? '–'}`;
  return {
    key: `fn:${fn.path}:${fn.name}:${fn.startLine}`,
    label: fn.previousName === null ? fn.name : `${fn.name} (was ${fn.previousName})`,
    description: `${complexity}${rank} · ${shortPath(fn.path)}`,
    tooltip:
      `${fn.name} in ${fn.path}:${fn.startLine}–${fn.endLine}${fn.change === 'removed' ? ' (at the base)' : ''}\n` +
      `${fn.change}: cognitive ${fn.before?.cognitive ?? '–'} → ${fn.after?.cognitive ?? '–'}, ${cyclomatic}; +${fn.linesAdded}/−${fn.linesDeleted} lines` +
      (fn.hotspotRank === null ? '' : `\nHotspot #${fn.hotspotRank} at the base (score ${fn.score ?? 0})${fn.significant ? ', significant' : ''}`),
    icon: fn.significant ? 'flame' : fn.change === 'added' ? 'add' : fn.change === 'removed' ? 'remove' : delta(fn) > 0 ? 'arrow-up' : delta(fn) < 0 ? 'arrow-down' : 'symbol-method',
    contextValue: fn.change === 'removed' ? 'branchRemovedFunction' : 'branchFunction',
    action: fn.change === 'removed' ? undefined : { kind: 'open', path: fn.path, line },
    subject: fn.change === 'removed' ? undefined : { kind: 'symbol', path: fn.path, name: fn.name, line },
  };
}

function newFunctionRow(fn: NewComplexFunction, floor: number, locate: LocateFunction): BranchRow {
  const line = locate(fn.path, fn.name, fn.startLine) ?? fn.startLine;
  return {
    key: `new:${fn.path}:${fn.name}:${fn.startLine}`,
    label: fn.name,
    description: `cognitive ${fn.cognitive}${fn.category === 'test' ? ' · test' : ''} · ${shortPath(fn.path)}:${line}`,
    tooltip: `${fn.name} in ${fn.path}:${line} is new on the branch with cognitive ${fn.cognitive}, cyclomatic ${fn.cyclomatic}: at or above the complexity floor (${floor}).`,
    icon: 'flame',
    contextValue: 'branchFunction',
    action: { kind: 'open', path: fn.path, line },
    subject: { kind: 'symbol', path: fn.path, name: fn.name, line },
  };
}

function entryRow(entry: EntryChangeReport, locate: LocateFunction): BranchRow {
  const where = `${shortPath(entry.path)}${entry.symbol === null ? '' : ` · ${entry.symbol}`}`;
  const orphaned = entry.state === 'orphaned';
  return {
    key: `entry:${entry.id}:${entry.path}:${entry.symbol ?? ''}`,
    label: entry.title,
    description: `${entry.id} · ${entry.state} · ${where}`,
    tooltip: orphaned
      ? `${entry.id} (${entry.status}, ${entry.severity}): the branch removes the code it is anchored to in ${entry.path}${entry.symbol === null ? '' : ` (${entry.symbol})`}. Click to open the entry.`
      : `${entry.id} (${entry.status}, ${entry.severity}): the branch changes its code in ${entry.path}${entry.symbol === null ? '' : ` (${entry.symbol})`}. Click to open the code.`,
    icon: orphaned ? 'error' : 'warning',
    contextValue: 'debtEntry',
    action: orphaned ? { kind: 'entry', id: entry.id } : { kind: 'open', path: entry.path, line: (entry.symbol === null ? undefined : locate(entry.path, entry.symbol, 1)) ?? 1 },
    subject: { kind: 'entry', id: entry.id },
  };
}

function missingRow(missing: MissingCoChange): BranchRow {
  return {
    key: `cochange:${missing.changed}:${missing.partner}`,
    label: shortPath(missing.partner),
    description: `with ${shortPath(missing.changed)} · ${missing.degree} % · ${missing.shared} shared`,
    tooltip: `${missing.partner} usually changes with ${missing.changed} (degree ${missing.degree} %, ${missing.shared} commits together at the base), and the branch leaves it unchanged.`,
    icon: 'files',
    action: { kind: 'open', path: missing.partner, line: 1 },
  };
}

function backlogRow(ticket: string): BranchRow {
  return {
    key: `backlog:${ticket}`,
    label: ticket,
    tooltip: `${ticket}: cited by the branch's commits or by a debt entry it touches. Click to open it.`,
    icon: 'issues',
    contextValue: 'backlogItem',
    action: { kind: 'backlog', ref: ticket },
    subject: { kind: 'backlog', ref: ticket },
  };
}

function plural(count: number, one: string): string {
  return `${count} ${count === 1 ? one : `${one}s`}`;
}

function signed(value: number): string {
  return value > 0 ? `+${value}` : value < 0 ? `−${-value}` : '±0';
}

function short(sha: string): string {
  return sha.slice(0, 8);
}
