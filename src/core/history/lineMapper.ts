import type { FunctionSpan } from './functionHistory';
import type { Hunk } from './patchParser';

/** The last new-side line a hunk occupies; a pure deletion sits between newStart and newStart + 1. */
export function hunkLast(hunk: Hunk): number {
  return hunk.newCount > 0 ? hunk.newStart + hunk.newCount - 1 : hunk.newStart + 1;
}

/** The last new-side line before which a hunk's old lines go back: its last line, or for a pure deletion the line it follows. */
export function hunkEnd(hunk: Hunk): number {
  return hunk.newCount > 0 ? hunk.newStart + hunk.newCount - 1 : hunk.newStart;
}

/** Maps a line of the newer version to the older one: it moves by the net size of the hunks that end before it. */
export function lineMapper(hunks: readonly Hunk[]): (line: number) => number {
  // Hunks come in order: the shift of a line is then the running total up to the last hunk ending before it.
  const ends: number[] = [];
  const totals: number[] = [];
  let total = 0;
  let previousEnd = -Infinity;
  for (const hunk of hunks) {
    const end = hunkEnd(hunk);
    if (end < previousEnd) {
      return unorderedLineMapper(hunks);
    }
    previousEnd = end;
    total += hunk.newCount - hunk.oldCount;
    ends.push(end);
    totals.push(total);
  }
  const n = ends.length;
  return (line: number): number => {
    // Unchecked reads (once per line mapped): i stays below n, and i - 1 is read only when i > 0.
    let i = 0;
    while (i < n && ends[i]! < line) {
      i++;
    }
    return i === 0 ? line : line - totals[i - 1]!;
  };
}

function unorderedLineMapper(hunks: readonly Hunk[]): (line: number) => number {
  return (line: number): number => {
    let shifted = line;
    for (const hunk of hunks) {
      if (hunkEnd(hunk) < line) {
        shifted -= hunk.newCount - hunk.oldCount;
      }
    }
    return shifted;
  };
}

/** Moves a span to the older version; a name that carries a line (`<anonymous>@42`) moves with it, as a parse would name it. */
export function shiftSpan(span: FunctionSpan, map: (line: number) => number): FunctionSpan {
  return {
    name: span.name.includes('@') ? span.name.replace(/@(\d+)/g, (_, n: string) => `@${map(Number(n))}`) : span.name,
    startLine: map(span.startLine),
    endLine: map(span.endLine),
  };
}
