import type { FunctionChangeStats, FunctionHistoryRequest, FunctionLayout, FunctionLister, FunctionSpan } from './functionHistory';
import { throwIfAborted } from './gitProcess';
import { keepsFunctionStructure } from './keepsFunctionStructure';
import { spliceLayout } from './layoutSplice';
import { lineMapper, shiftSpan } from './lineMapper';
import type { FilePatch, Hunk } from './patchParser';

/** Options of {@link replayFunctionHistory}. */
export interface ReplayOptions {
  /** Carry spans back through structure-preserving hunks instead of re-parsing; default true (tests turn it off to compare). */
  readonly carrySpans?: boolean;
  /**
   * Called for each counted commit with its hunks and the spans of that commit's version, after the
   * totals are updated: what per-commit attribution (the interest of anchored code) needs, without a
   * second replay. The arguments are the replay's own; do not mutate them.
   */
  readonly onAttribute?: (commit: string, hunks: readonly Hunk[], spans: readonly FunctionSpan[]) => void;
}

/**
 * Replays one file's patches (newest first) from its HEAD text backwards, attributing each counted
 * commit's changed lines to the functions of that commit's version. Pure CPU: no git, no I/O.
 *
 * Parsing every version is what X-Ray costs, so a version is parsed only when its function structure
 * may differ from the newer version's: when a commit provably changed nothing but statement lines
 * inside functions (see {@link keepsFunctionStructure}), the newer version's spans are carried back
 * through the line shifts instead. The result is the same as parsing every version (a test holds
 * the two paths equal on real histories).
 */
export function replayFunctionHistory(
  patches: readonly FilePatch[],
  request: Pick<FunctionHistoryRequest, 'commits' | 'headText'>,
  listFunctions: FunctionLister,
  signal?: AbortSignal,
  options: ReplayOptions = {},
): Map<string, FunctionChangeStats> {
  const carry = options.carrySpans ?? true;
  const stats = new Map<string, FunctionChangeStats>();
  let lines = splitLines(request.headText);
  // The layout of `lines` when known, and the path it was parsed under (the language may change on rename).
  let layout: FunctionLayout | undefined;
  let layoutPath: string | undefined;
  // Older versions matter only while a counted commit remains to be attributed.
  let remaining = patches.filter((patch) => request.commits.has(patch.commit)).length;
  for (const patch of patches) {
    throwIfAborted(signal);
    const pathThen = request.commits.get(patch.commit) ?? patch.newPath ?? '';
    if (layout === undefined || layoutPath !== pathThen) {
      layout = request.commits.has(patch.commit) ? listFunctions(lines.join('\n'), pathThen) : undefined;
      layoutPath = pathThen;
    }
    if (request.commits.has(patch.commit)) {
      remaining--;
    }
    if (layout && request.commits.has(patch.commit)) {
      attribute(patch.hunks, layout.spans, stats);
      options.onAttribute?.(patch.commit, patch.hunks, layout.spans);
    }
    if (remaining === 0) {
      break;
    }
    if (patch.oldPath === null) {
      lines = [];
      layout = undefined;
      continue;
    }
    const older = reverseApply(lines, patch.hunks);
    layout = carry && layout !== undefined ? carryLayout(layout, patch.hunks, lines, older, (text) => listFunctions(text, pathThen)) : undefined;
    lines = older;
  }
  return stats;
}

/**
 * The layout of the older version, derived from the newer one's without parsing the whole file:
 * unchanged when the hunks only touched statement lines inside functions (then only shifted), or
 * spliced when the top-level statements around each hunk are re-parsed on their own. Undefined when
 * neither is provably the same as parsing the whole older version; the caller then parses it.
 */
function carryLayout(
  layout: FunctionLayout,
  hunks: readonly Hunk[],
  after: readonly string[],
  before: readonly string[],
  parse: (text: string) => FunctionLayout,
): FunctionLayout | undefined {
  if (layout.hasErrors) {
    return undefined;
  }
  const map = lineMapper(hunks);
  if (keepsFunctionStructure(hunks, after, layout.spans, layout.statements)) {
    return {
      spans: layout.spans.map((span) => shiftSpan(span, map)),
      statements: layout.statements.map(([a, b]) => [map(a), map(b)] as const),
      hasErrors: false,
      ...(layout.classes && { classes: layout.classes.map((c) => ({ ...c, members: c.members.map(([a, b]) => [map(a), map(b)] as const) })) }),
    };
  }
  return spliceLayout(layout, hunks, before, map, parse);
}

/** Adds one revision, and the churn of the hunks inside it, to each function the hunks touch. */
function attribute(hunks: readonly Hunk[], spans: readonly FunctionSpan[], stats: Map<string, FunctionChangeStats>): void {
  const touched = new Map<string, number>();
  for (const hunk of hunks) {
    for (const span of spans) {
      let churn = 0;
      if (hunk.newCount > 0) {
        const first = Math.max(hunk.newStart, span.startLine);
        const last = Math.min(hunk.newStart + hunk.newCount - 1, span.endLine);
        if (first > last) {
          continue;
        }
        churn = last - first + 1 + hunk.oldCount;
      } else {
        // A pure deletion sits between new lines newStart and newStart + 1: inside the function only
        // when both neighbours are.
        if (!(span.startLine <= hunk.newStart && hunk.newStart + 1 <= span.endLine)) {
          continue;
        }
        churn = hunk.oldCount;
      }
      touched.set(span.name, (touched.get(span.name) ?? 0) + churn);
    }
  }
  for (const [name, churn] of touched) {
    const entry = stats.get(name);
    if (entry) {
      entry.revisions++;
      entry.churn += churn;
    } else {
      stats.set(name, { revisions: 1, churn });
    }
  }
}

/** The text before a commit, from the text after it and the commit's hunks (which keep only their removed lines). */
function reverseApply(after: readonly string[], hunks: readonly Hunk[]): string[] {
  const before = after.slice();
  // Bottom-up, so earlier hunks' line numbers stay valid.
  for (const hunk of hunks.slice().reverse()) {
    const index = hunk.newCount === 0 ? hunk.newStart : hunk.newStart - 1;
    before.splice(index, hunk.newCount, ...hunk.removed);
  }
  return before;
}

function splitLines(text: string): string[] {
  const lines = text.split('\n');
  if (lines.length > 0 && lines[lines.length - 1] === '') {
    lines.pop();
  }
  return lines;
}
