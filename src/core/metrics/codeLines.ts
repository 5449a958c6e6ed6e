/**
 * The code-line count (`loc`): which lines of a file hold code, from its text and the literal tokens
 * the metrics walk records on its way.
 */

import { ts } from 'ts-morph';
import { Action, actionOf } from './syntaxActions';

// ts-morph re-exports the compiler API through getters: read the enum once, not on every node.
const SyntaxKind = ts.SyntaxKind;
const forEachChild = ts.forEachChild;

/** Literal kinds in the flat `[start, end, kind]` list the line scanner consumes. */
const OPAQUE_LITERAL = 0;
const JSX_TEXT = 1;

/** Records a literal token for {@link codeLines}: its text is neither code nor comment to the scan. */
export function addLiteral(node: ts.Node, sourceFile: ts.SourceFile, literals: number[]): void {
  // JSX text has no leading trivia: its whitespace is part of the text.
  const isJsxText = node.kind === SyntaxKind.JsxText;
  literals.push(isJsxText ? node.pos : node.getStart(sourceFile), node.end, isJsxText ? JSX_TEXT : OPAQUE_LITERAL);
}

// Where collectLiteral records, for the duration of one collectLiterals call (they do not nest):
// one callback for all calls instead of a closure per call.
let collectingFrom: ts.SourceFile | undefined;
let collectingInto: number[] = [];

/** The literals of a subtree the metrics walk does not need to enter (types, bodiless declarations). */
export function collectLiterals(node: ts.Node, sourceFile: ts.SourceFile, literals: number[]): void {
  collectingFrom = sourceFile;
  collectingInto = literals;
  forEachChild(node, collectLiteral);
  collectingFrom = undefined;
  collectingInto = [];
}

function collectLiteral(child: ts.Node): void {
  const action = actionOf(child.kind);
  if (action === Action.Literal) {
    addLiteral(child, collectingFrom as ts.SourceFile, collectingInto);
  } else if (action !== Action.Skip) {
    forEachChild(child, collectLiteral);
  }
}

function isLineBreak(c: number): boolean {
  return c === 10 || c === 13 || c === 0x2028 || c === 0x2029;
}

function isWhitespace(c: number): boolean {
  if (c === 32 || c === 9 || c === 11 || c === 12 || isLineBreak(c)) {
    return true;
  }
  return c > 127 && /\s/.test(String.fromCharCode(c));
}

/**
 * The line of a position, for positions visited in increasing order: it only moves forward, so a
 * position before the current line (possible only in malformed code) reads as the current line.
 */
class LineCursor {
  /** 0-based line. */
  line = 0;
  /** Where the next line starts (the text length on the last line): positions before it are on `line`. */
  nextStart: number;

  constructor(private readonly starts: readonly number[], private readonly end: number) {
    this.nextStart = starts[1] ?? end;
  }

  at(pos: number): number {
    if (pos >= this.nextStart) {
      const starts = this.starts;
      let line = this.line;
      let next = starts[line + 1];
      while (next !== undefined && next <= pos) {
        line++;
        next = starts[line + 1];
      }
      this.line = line;
      this.nextStart = next ?? this.end;
    }
    return this.line;
  }
}

/**
 * Marks the lines that hold code: index = 1-based line number, 1 when the line has a character
 * outside comments and whitespace, or lies within a multi-line string, template or regular
 * expression literal (as SonarJS counts lines of code). JSX text counts only where it is not
 * whitespace. A `#!` line is not code. `literals` are the file's literal tokens in position order,
 * as {@link addLiteral} and {@link collectLiterals} record them.
 *
 * One pass over the text. Outside the literal ranges collected from the AST, `//` and `/*` can only
 * start comments, so no tokenizer (and no regex-versus-division guess) is needed. Once a line is
 * known to hold code, the rest of it is skipped up to the next `/` or literal, which are the only
 * places where a comment or literal spanning further lines can start.
 */
export function codeLines(sourceFile: ts.SourceFile, lineStarts: readonly number[], literals: readonly number[]): Uint8Array {
  const text = sourceFile.text;
  const length = text.length;
  const lines = new Uint8Array(lineStarts.length + 1);
  const cursor = new LineCursor(lineStarts, length);
  const literalCount = literals.length;
  let pos = text.startsWith('#!') ? lineEnd(text, 0) : 0;
  let next = 0;
  /** The first `/` at or after `pos`, once looked up; `length` when there is none. */
  let slash = -1;
  while (pos < length) {
    // Unchecked reads: `literals` holds whole triples, so while `next` is in range so are
    // `next + 1` and `next + 2`; this loop runs for every stretch of code in the file.
    while (next < literalCount && literals[next + 1]! <= pos) {
      next += 3;
    }
    const literalStart = literals[next] ?? length;
    if (literalStart <= pos) {
      pos = markLiteral(text, literalStart, literals[next + 1]!, literals[next + 2]!, lines, cursor);
      next += 3;
      continue;
    }
    const c = text.charCodeAt(pos);
    if (c === 47 /* / */) {
      const d = text.charCodeAt(pos + 1);
      if (d === 47) {
        pos = lineEnd(text, pos);
        continue;
      }
      if (d === 42 /* * */) {
        const close = text.indexOf('*/', pos + 2);
        pos = close < 0 ? length : close + 2;
        continue;
      }
    } else if (isWhitespace(c)) {
      pos++;
      // The usual blanks that follow, up to the next literal (JSX text may start with one).
      while (pos < literalStart) {
        const e = text.charCodeAt(pos);
        if (e !== 32 && e !== 10 && e !== 9 && e !== 13) {
          break;
        }
        pos++;
      }
      continue;
    }
    lines[cursor.at(pos) + 1] = 1;
    // Nothing up to the next line, `/` or literal can change what is known about this line.
    if (slash <= pos) {
      slash = text.indexOf('/', pos + 1);
      if (slash < 0) {
        slash = length;
      }
    }
    pos = Math.min(cursor.nextStart, slash, literalStart);
  }
  return lines;
}

function markLiteral(text: string, start: number, end: number, kind: number, lines: Uint8Array, cursor: LineCursor): number {
  if (kind === JSX_TEXT) {
    let p = start;
    while (p < end) {
      if (isWhitespace(text.charCodeAt(p))) {
        p++;
      } else {
        lines[cursor.at(p) + 1] = 1;
        p = Math.min(cursor.nextStart, end);
      }
    }
    return end;
  }
  const first = cursor.at(start);
  const last = cursor.at(Math.max(start, end - 1));
  for (let l = first; l <= last; l++) {
    lines[l + 1] = 1;
  }
  return end;
}

function lineEnd(text: string, from: number): number {
  let pos = from;
  while (pos < text.length && !isLineBreak(text.charCodeAt(pos))) {
    pos++;
  }
  return pos;
}
