import type { FunctionSpan } from './functionHistory';
import { hunkLast } from './lineMapper';
import type { Hunk } from './patchParser';

/**
 * Text that can open, close, name or hide a function, or change how the lines around it parse:
 * arrows, `function`, `class`, comment markers, template quotes, line continuations, JSX tags and
 * type arguments (`<X`, `</`, `/>`), and a block opened after a parameter list (`) {`). Braces are
 * tested apart, by balance within the line.
 */
const STRUCTURAL = /[`]|=>|\bfunction\b|\bclass\b|\/\*|\*\/|\/\/|\\$|<\/|\/>|<[A-Za-z_$]|\)\s*\{/;

/**
 * Whether undoing these hunks leaves the set of functions, their names and their nesting unchanged,
 * so that the older version's spans are the newer ones shifted by the hunks' line deltas. Conservative:
 * any changed line (old or new side) with {@link STRUCTURAL} text, a brace left open or closed from
 * another line, or an odd count of quotes; any hunk whose two sides differ in bracket balance; any
 * hunk touching a function's first lines up to its name (after its decorators), the line before them
 * (where its name may be) or its last line;
 * and any hunk that may lie in a class body (see {@link mayBeInClassBody}) forces a parse instead.
 */
export function keepsFunctionStructure(
  hunks: readonly Hunk[],
  after: readonly string[],
  spans: readonly FunctionSpan[],
  statements: readonly (readonly [number, number])[],
): boolean {
  for (const hunk of hunks) {
    const added = after.slice(hunk.newStart - 1, hunk.newStart - 1 + hunk.newCount);
    if (!plainLines(added) || !plainLines(hunk.removed) || bracketBalance(added) !== bracketBalance(hunk.removed)) {
      return false;
    }
    // The new-side lines the hunk occupies; a pure deletion sits between newStart and newStart + 1.
    const first = hunk.newStart;
    const last = hunkLast(hunk);
    for (const span of spans) {
      if (first <= nameLine(span, after) && last >= span.startLine - 1) {
        return false;
      }
      if (first <= span.endLine && last >= span.endLine) {
        return false;
      }
    }
    if (mayBeInClassBody(first, last, after, spans, statements)) {
      return false;
    }
  }
  return true;
}

/**
 * The line of a function's name: its first line, unless decorators open it (`@log()` on a line of its
 * own, or over several lines), which the span includes. Past the span's end when it cannot tell.
 */
function nameLine(span: FunctionSpan, after: readonly string[]): number {
  let line = span.startLine;
  let depth = 0;
  while (line <= span.endLine) {
    const text = after[line - 1] ?? '';
    if (depth <= 0 && !text.trimStart().startsWith('@')) {
      return line;
    }
    depth += count(text, '(') - count(text, ')');
    line++;
  }
  return line;
}

/**
 * Whether new-side lines [first, last] may sit in a class body rather than in a function's: there a
 * plain line such as `enabled = false;` is a field with an initializer, a function-like node of its
 * own. Looks for the word `class` between the start of what encloses the lines (the innermost function,
 * else the top-level statement) and the lines: a class body in between would begin there.
 */
function mayBeInClassBody(
  first: number,
  last: number,
  after: readonly string[],
  spans: readonly FunctionSpan[],
  statements: readonly (readonly [number, number])[],
): boolean {
  let from: number | undefined;
  for (const span of spans) {
    if (span.startLine < first && last < span.endLine && (from === undefined || span.startLine > from)) {
      from = span.startLine;
    }
  }
  if (from === undefined) {
    // Outside every function: the top-level statement the lines are in (none: between statements).
    from = statements.find(([start, end]) => start <= last && end >= first)?.[0];
    if (from === undefined) {
      return false;
    }
  }
  for (let line = from; line < first; line++) {
    if (CLASS_WORD.test(after[line - 1] ?? '')) {
      return true;
    }
  }
  return false;
}

const CLASS_WORD = /\bclass\b/;

function plainLines(lines: readonly string[]): boolean {
  for (const line of lines) {
    if (STRUCTURAL.test(line) || count(line, "'") % 2 !== 0 || count(line, '"') % 2 !== 0 || !bracesClosedInLine(line)) {
      return false;
    }
  }
  return true;
}

/** An object literal or destructuring on one line (`{ a, b }`) is fine; a brace left open is a block. */
function bracesClosedInLine(line: string): boolean {
  let depth = 0;
  for (let i = 0; i < line.length; i++) {
    const ch = line.charCodeAt(i);
    if (ch === 0x7b) {
      depth++;
    } else if (ch === 0x7d && --depth < 0) {
      return false;
    }
  }
  return depth === 0;
}

function count(line: string, ch: string): number {
  let n = 0;
  for (let i = line.indexOf(ch); i !== -1; i = line.indexOf(ch, i + 1)) {
    n++;
  }
  return n;
}

function bracketBalance(lines: readonly string[]): string {
  let round = 0;
  let square = 0;
  for (const line of lines) {
    round += count(line, '(') - count(line, ')');
    square += count(line, '[') - count(line, ']');
  }
  return `${round},${square}`;
}

