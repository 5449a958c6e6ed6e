/**
 * Orders backlog reference ids as a person reads them: runs of digits by their number, the rest by
 * code unit, so `#991 < #992 < #9910` and `PROJ-9 < PROJ-10` (a plain string sort gives
 * `#991, #9910, #992`). Ids equal as numbers but written differently (`#07`, `#7`) fall back to
 * code-unit order, so the order is total and the same on every machine (no locale). Allocates
 * nothing: every file's tickets are sorted with it.
 */
export function compareReferenceIds(a: string, b: string): number {
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(j);
    if (isDigit(x) && isDigit(y)) {
      const endA = digitsEnd(a, i);
      const endB = digitsEnd(b, j);
      const startA = significantStart(a, i, endA);
      const startB = significantStart(b, j, endB);
      // Without leading zeros, a longer run is a larger number; equal lengths compare digit by digit.
      if (endA - startA !== endB - startB) {
        return endA - startA - (endB - startB);
      }
      for (let k = 0; k < endA - startA; k++) {
        const difference = a.charCodeAt(startA + k) - b.charCodeAt(startB + k);
        if (difference !== 0) {
          return difference;
        }
      }
      i = endA;
      j = endB;
    } else if (x !== y) {
      return x - y;
    } else {
      i++;
      j++;
    }
  }
  if (i < a.length || j < b.length) {
    return i < a.length ? 1 : -1;
  }
  return a < b ? -1 : a > b ? 1 : 0;
}

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

function digitsEnd(text: string, from: number): number {
  let end = from;
  while (end < text.length && isDigit(text.charCodeAt(end))) {
    end++;
  }
  return end;
}

/** The first digit of the run that is not a leading zero (the last one when all are zeros). */
function significantStart(text: string, from: number, end: number): number {
  let start = from;
  while (start < end - 1 && text.charCodeAt(start) === 48) {
    start++;
  }
  return start;
}
