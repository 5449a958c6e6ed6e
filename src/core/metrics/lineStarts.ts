import type { ts } from 'ts-morph';

/**
 * What `sourceFile.getLineStarts()` returns, without its character-by-character scan when the text
 * has no line break other than `\n` (the compiler also breaks lines at `\r`, U+2028 and U+2029):
 * `indexOf` finds the line feeds several times faster. Not cached on the file: nothing else in a scan
 * asks for its lines.
 */
export function lineStartsOf(sourceFile: ts.SourceFile): readonly number[] {
  const text = sourceFile.text;
  if (text.includes('\r') || text.includes('\u2028') || text.includes('\u2029')) {
    return sourceFile.getLineStarts();
  }
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) {
    starts.push(i + 1);
  }
  return starts;
}

/**
 * 0-based line of `pos`: the last line start at or before it (0 if there is none), as the compiler
 * finds it. Any `hint` (a valid line index) gives the same result; the closer to the answer it is,
 * the fewer lines are read: from the hint on, steps of 1, 2, 4… bracket the answer, then a binary
 * search finds it; before the hint, a binary search does.
 */
export function lineIndexNear(lineStarts: readonly number[], pos: number, hint: number): number {
  // Unchecked reads (one search per function and per line asked): every index read lies in
  // [0, lineStarts.length - 1], the hint by contract and the others between low and high.
  let low = 0;
  let high = lineStarts.length - 1;
  if (lineStarts[hint]! <= pos) {
    low = hint;
    let step = 1;
    while (low + step <= high && lineStarts[low + step]! <= pos) {
      low += step;
      step *= 2;
    }
    if (low + step <= high) {
      high = low + step - 1;
    }
  } else if (hint > 0) {
    high = hint - 1;
  }
  while (low < high) {
    const middle = (low + high + 1) >> 1;
    if (lineStarts[middle]! <= pos) {
      low = middle;
    } else {
      high = middle - 1;
    }
  }
  return low;
}
