import { lineMapper, shiftSpan } from '../history/lineMapper';
import type { Hunk } from '../history/patchParser';
import type { FunctionMetrics } from '../metrics/functionMetrics';

/** What matching reads of a measured function. */
export type MeasuredFunction = Pick<FunctionMetrics, 'name' | 'startLine' | 'endLine' | 'cognitive' | 'cyclomatic'> & { readonly kind: string };

/** One function across the two versions: both sides when matched, one when added or removed. */
export interface FunctionMatch {
  readonly before: MeasuredFunction | undefined;
  readonly after: MeasuredFunction | undefined;
  /** Matched by position with another name: the function was renamed. */
  readonly renamed: boolean;
  /** Head lines the diff added inside `after`, base lines it deleted from `before`. */
  readonly linesAdded: number;
  readonly linesDeleted: number;
}

/**
 * Pairs the functions of a file's base and head versions as X-Ray follows a function through its
 * versions: by qualified name, a name that carries a line (`<anonymous>@42`) moved to the other
 * version's line through the hunks; among several of one name, the nearest to where the hunks put
 * it. A head function left over then takes a base function left over of the same kind that starts
 * or ends at the same place through the hunks (else whose lines mostly overlap its own), inside the
 * same parent: the same function renamed, or rewritten in place.
 *
 * Returns the functions the branch changes, in head order then the removed ones in base order:
 * added, removed, and matched ones with a changed line or metric. A function moved within the file
 * is matched by name; its moved lines count as added and deleted.
 */
export function matchFunctions(before: readonly MeasuredFunction[], after: readonly MeasuredFunction[], hunks: readonly Hunk[]): FunctionMatch[] {
  const toBase = lineMapper(hunks);
  const open = new Set(before);
  const pairs = new Map<MeasuredFunction, MeasuredFunction>();
  const renamed = new Set<MeasuredFunction>();
  const baseView = new Map(after.map((fn) => [fn, shiftSpan(fn, toBase)]));
  // Functions whose first line the branch left alone are matched first: their place at base is
  // exact, while a function written into new lines maps to the line it was inserted after, which an
  // old function of the same anonymous name may hold.
  const inHunk = (line: number): boolean => hunks.some((hunk) => hunk.newCount > 0 && hunk.newStart <= line && line < hunk.newStart + hunk.newCount);
  for (const pass of [false, true]) {
    for (const fn of after) {
      if (pairs.has(fn) || inHunk(fn.startLine) !== pass) {
        continue;
      }
      const view = baseView.get(fn)!;
      const candidate = nearest([...open].filter((old) => old.name === view.name), view.startLine);
      if (candidate !== undefined) {
        pairs.set(fn, candidate);
        open.delete(candidate);
      }
    }
  }
  for (const fn of after) {
    if (pairs.has(fn)) {
      continue;
    }
    const view = baseView.get(fn)!;
    const siblings = [...open].filter((old) => old.kind === fn.kind && parentOf(old.name) === parentOf(view.name));
    const candidate =
      nearest(siblings.filter((old) => old.startLine === view.startLine || old.endLine === view.endLine), view.startLine) ??
      nearest(siblings.filter((old) => overlapsMostly(old, view)), view.startLine);
    if (candidate !== undefined) {
      pairs.set(fn, candidate);
      renamed.add(fn);
      open.delete(candidate);
    }
  }
  const changes: FunctionMatch[] = [];
  for (const fn of after) {
    const old = pairs.get(fn);
    const linesAdded = addedInside(hunks, fn);
    const linesDeleted = old === undefined ? 0 : deletedInside(hunks, old);
    const metricsMoved = old !== undefined && (old.cognitive !== fn.cognitive || old.cyclomatic !== fn.cyclomatic);
    if (old === undefined || linesAdded + linesDeleted > 0 || metricsMoved || renamed.has(fn)) {
      changes.push({ before: old, after: fn, renamed: renamed.has(fn), linesAdded, linesDeleted });
    }
  }
  for (const old of before) {
    if (open.has(old)) {
      changes.push({ before: old, after: undefined, renamed: false, linesAdded: 0, linesDeleted: old.endLine - old.startLine + 1 });
    }
  }
  return changes;
}

/** The candidate starting nearest `line`; the first among equals. */
function nearest(candidates: readonly MeasuredFunction[], line: number): MeasuredFunction | undefined {
  let best: MeasuredFunction | undefined;
  for (const candidate of candidates) {
    if (best === undefined || Math.abs(candidate.startLine - line) < Math.abs(best.startLine - line)) {
      best = candidate;
    }
  }
  return best;
}

/** The two spans share more than half of the shorter one's lines. */
function overlapsMostly(a: { readonly startLine: number; readonly endLine: number }, b: { readonly startLine: number; readonly endLine: number }): boolean {
  const shared = Math.min(a.endLine, b.endLine) - Math.max(a.startLine, b.startLine) + 1;
  return 2 * shared > Math.min(a.endLine - a.startLine, b.endLine - b.startLine) + 1;
}

/** The qualified name of the enclosing function or class (`Session` of `Session.refresh`); '' at the top. */
function parentOf(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot < 0 ? '' : name.slice(0, dot);
}

/** Head lines of the hunks inside the span. */
export function addedInside(hunks: readonly Hunk[], span: { readonly startLine: number; readonly endLine: number }): number {
  return hunks.reduce((sum, hunk) => sum + overlap(hunk.newStart, hunk.newCount, span), 0);
}

/** Base lines of the hunks inside the span. */
export function deletedInside(hunks: readonly Hunk[], span: { readonly startLine: number; readonly endLine: number }): number {
  return hunks.reduce((sum, hunk) => sum + overlap(hunk.oldStart, hunk.oldCount, span), 0);
}

function overlap(start: number, count: number, span: { readonly startLine: number; readonly endLine: number }): number {
  if (count === 0) {
    return 0;
  }
  return Math.max(0, Math.min(start + count - 1, span.endLine) - Math.max(start, span.startLine) + 1);
}
