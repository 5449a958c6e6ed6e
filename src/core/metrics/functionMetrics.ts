/**
 * Per-function complexity metrics, computed in one walk over the raw TypeScript compiler AST
 * ({@link measureSourceFile}).
 *
 * The numbers are pinned to public reference implementations (see docs/complexity.md):
 * `cyclomatic` to ESLint's core `complexity` rule (variant "classic"), `cognitive` to the
 * `cognitive-complexity` rule of eslint-plugin-sonarjs 4, `nesting` to ESLint's `max-depth` rule.
 * Where the compiler AST differs from ESTree (parentheses are nodes, methods are not function
 * expressions, decorators live in modifiers) the walk translates, so the values stay equal.
 *
 * ts-morph's wrapped nodes are avoided on purpose: on large repositories they cost about 7x the time
 * and 10x the memory of the compiler nodes they wrap.
 */

import type { ts } from 'ts-morph';
import { codeLines } from './codeLines';
import { MetricsWalker } from './metricsWalker';

/** What kind of code a {@link FunctionMetrics} entry measures. */
export type FunctionKind =
  | 'function'
  | 'method'
  | 'getter'
  | 'setter'
  | 'constructor'
  | 'arrow'
  | 'functionExpression'
  | 'fieldInitializer'
  | 'staticBlock';

/** The metrics of one function-like piece of code. Lines are 1-based and inclusive. */
export interface FunctionMetrics {
  /**
   * Qualified, edit-stable name such as `SessionManager.refresh` (see docs/complexity.md). Debt-ledger
   * anchors use it as a symbol path; only the `@LINE` suffix of anonymous functions and static blocks
   * moves when code above it changes. Not unique: two blocks may declare the same inner name.
   */
  name: string;
  kind: FunctionKind;
  /**
   * Line of the node's first token: decorators and modifiers (`export`, `async`, `static`) included,
   * leading comments and JSDoc excluded. Arrow functions and function expressions start at their own
   * first token, not at the `const` that names them; field initializers span the whole declaration.
   */
  startLine: number;
  /** Line of the node's last token. */
  endLine: number;
  /** ESLint `complexity` (classic): 1 + branches; nested functions are measured on their own. */
  cyclomatic: number;
  /**
   * eslint-plugin-sonarjs `cognitive-complexity` of this function alone (nested functions are
   * reported on their own by the rule, and here). Field initializers and static blocks are not
   * functions for that rule: their increments also count in the enclosing function, and the value
   * given here for them is computed with the same rules as if they were one.
   */
  cognitive: number;
  /** Code lines (see {@link SourceFileMetrics.codeLines}) within [startLine, endLine], nested functions included. */
  loc: number;
  /**
   * ESLint `max-depth`: the deepest nesting of `if` (an `else if` chain is one level), `switch`,
   * `try`, loops and `with` statements in this function's own body. 0 without such statements.
   */
  nesting: number;
  /** Declared parameters, rest parameter included, TypeScript's `this` pseudo-parameter excluded. */
  params: number;
}

/**
 * File totals. `loc` counts the code lines of the whole file, top-level code included.
 * `cyclomatic` is the sum over the functions: ESLint measures every function on its own and ignores
 * top-level code, so the sum counts every branch inside a function exactly once.
 * `cognitive` is the file total eslint-plugin-sonarjs computes for SonarQube (its internal
 * `fileComplexity`), which is not the sum over functions: top-level code counts, and a top-level
 * function with its own flow structures absorbs the functions nested in it, with one extra nesting
 * level (a React component that returns JSX does not). Every increment counts once. The maxima
 * are over the functions.
 */
export interface FileComplexity {
  loc: number;
  cyclomatic: number;
  cognitive: number;
  maxCyclomatic: number;
  maxCognitive: number;
}


/** Everything one walk of a parsed file yields. */
export interface SourceFileMetrics {
  /** In source order; see {@link measureSourceFile}. */
  readonly functions: FunctionMetrics[];
  /**
   * Marks the lines that hold code: index = 1-based line number, 1 when the line has a character
   * outside comments and whitespace, or lies within a multi-line string, template or regular
   * expression literal (as SonarJS counts lines of code). JSX text counts only where it is not
   * whitespace. A `#!` line is not code.
   */
  readonly codeLines: Uint8Array;
  readonly totals: FileComplexity;
}

/**
 * Measures every function-like node of the file, in source order (by start position, outer before
 * inner): function declarations, methods, accessors, constructors, arrow functions, function
 * expressions, class field initializers and class static blocks. Declarations without a body
 * (overloads, abstract and ambient members) are not functions. Parent pointers are not needed: the
 * file may be created with `setParentNodes: false`, which makes parsing cheaper. One walk gives the
 * functions, the code lines and the file totals; nothing is kept between calls.
 */
export function measureSourceFile(sourceFile: ts.SourceFile): SourceFileMetrics {
  const walker = new MetricsWalker(sourceFile);
  walker.walk();
  const lines = codeLines(sourceFile, walker.lineStarts, walker.literals);
  if (prefixBuffer.length < lines.length) {
    prefixBuffer = new Uint32Array(lines.length * 2);
  }
  const prefix = prefixBuffer;
  prefix[0] = 0;
  let loc = 0;
  for (let i = 1; i < lines.length; i++) {
    // Unchecked: i is below lines.length, and prefix is at least as long.
    loc += lines[i]!;
    prefix[i] = loc;
  }
  const functions = walker.functions;
  for (const f of functions) {
    // Unchecked: a function's lines are lines of the file, each below lines.length.
    f.loc = prefix[f.endLine]! - prefix[f.startLine - 1]!;
  }
  return { functions, codeLines: lines, totals: totalsOf(functions, loc, walker.fileCognitive) };
}

/** Code lines up to each line, in measureSourceFile; reused from call to call (allocating costs more). */
let prefixBuffer = new Uint32Array(4096);

function totalsOf(functions: readonly FunctionMetrics[], loc: number, cognitive: number): FileComplexity {
  let cyclomatic = 0;
  let maxCyclomatic = 0;
  let maxCognitive = 0;
  for (const f of functions) {
    cyclomatic += f.cyclomatic;
    maxCyclomatic = Math.max(maxCyclomatic, f.cyclomatic);
    maxCognitive = Math.max(maxCognitive, f.cognitive);
  }
  return { loc, cyclomatic, cognitive, maxCyclomatic, maxCognitive };
}
