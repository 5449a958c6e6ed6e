/**
 * Anchor fingerprints and anchor creation.
 *
 * A fingerprint identifies anchored code by its tokens, so that re-formatting, re-indenting, editing
 * comments or switching line endings does not orphan a debt entry, while any change to the code itself
 * (an identifier, an operator, the contents of a string) does. It is what lets `resolveAnchors` find
 * code that moved within a file or to another file (metrics.md, "Re-anchoring an entry").
 */

import { createHash } from 'node:crypto';
import { ts } from 'ts-morph';
import { listFunctionSpans } from '../metrics/functionSpans';
import { parseSource, scriptKindFor } from '../metrics/parseSource';
import type { Anchor } from './anchor';

// ts-morph re-exports the compiler API through getters: read the enum once.
const SyntaxKind = ts.SyntaxKind;

/**
 * Version prefix of every fingerprint. Bump it when the normalization changes, so stored fingerprints
 * made by an older normalization are recognizably stale instead of silently never matching.
 */
export const FINGERPRINT_PREFIX = 'fp1:';

/** Joins tokens in the normalized text: a character no token boundary can be confused with. */
const TOKEN_SEPARATOR = '\n';

/**
 * A function or class an anchor can name, as the metrics name it (`SessionManager.refresh`).
 * Lines are 1-based and inclusive; see `FunctionMetrics.startLine` for what the span covers.
 */
export interface AnchorSymbol {
  readonly name: string;
  readonly startLine: number;
  readonly endLine: number;
}

/** What {@link createAnchor} anchors to. */
export interface CreateAnchorInput {
  /** Repository-relative path, forward slashes. Its extension picks the parser (TS, TSX, JS, JSX). */
  readonly path: string;
  /** The whole file's text. */
  readonly text: string;
  /** 1-based inclusive range the user selected. */
  readonly lines?: readonly [number, number];
  /** A qualified symbol name; wins over `lines` (which then only disambiguates equal names). */
  readonly symbol?: string;
}

/** {@link createAnchor} was asked for a symbol the file does not declare. */
export class UnknownSymbolError extends Error {
  override readonly name = 'UnknownSymbolError';
  constructor(
    readonly path: string,
    readonly symbol: string,
  ) {
    super(`${path} declares no function or class named ${symbol}`);
  }
}

/** {@link createAnchor} was given a line range that is empty, reversed or outside the file. */
export class InvalidLineRangeError extends Error {
  override readonly name = 'InvalidLineRangeError';
  constructor(
    readonly path: string,
    readonly lines: readonly [number, number],
  ) {
    super(`invalid line range ${lines[0]}-${lines[1]} in ${path}`);
  }
}

/**
 * The fingerprint of a piece of code: `fp1:` and the first 16 hex digits of the SHA-1 of its tokens.
 *
 * Normalization: the TypeScript scanner reads the text, comments and whitespace between tokens are
 * dropped, and the tokens' own text is kept (string and template contents count, as do regular
 * expressions). Line endings are unified first, so CRLF and LF checkouts agree. The scanner runs
 * without a parser, so JSX text is read as if it were code: whitespace inside it still counts.
 *
 * @param path decides the script kind (JSX scanning for `.tsx`, `.jsx`, `.js`).
 */
export function anchorFingerprint(text: string, path: string): string {
  const lines = normalizedLines(text, path);
  return fingerprintOfLines(lines, 1, lines.length - 1);
}

/**
 * The normalized tokens of each line of `text`: index = 1-based line number (index 0 is unused and
 * empty), each entry the tokens that start on that line joined by a separator, `''` for a line without
 * tokens. Exposed so a resolver can tokenize a file once and fingerprint many spans and windows of it
 * with {@link fingerprintOfLines}; a span's fingerprint then equals {@link anchorFingerprint} of its
 * lines as long as the span does not start inside a multi-line comment or literal.
 */
export function normalizedLines(text: string, path: string): string[] {
  const source = text.replace(/\r\n?/g, '\n');
  const lineCount = countLines(source);
  const lines = new Array<string>(lineCount + 1).fill('');
  const kind = scriptKindFor(path);
  const variant = kind === ts.ScriptKind.TS ? ts.LanguageVariant.Standard : ts.LanguageVariant.JSX;
  const scanner = ts.createScanner(ts.ScriptTarget.Latest, true, variant, source);
  // Open braces since each enclosing template's `${`: a `}` at depth 0 resumes the template.
  const templates: number[] = [];
  let previous: ts.SyntaxKind = SyntaxKind.Unknown;
  let line = 1;
  let lineStart = 0;
  let nextBreak = source.indexOf('\n');
  for (let token = scanner.scan(); token !== SyntaxKind.EndOfFileToken; token = scanner.scan()) {
    if (token === SyntaxKind.SlashToken || token === SyntaxKind.SlashEqualsToken) {
      if (!endsOperand(previous)) {
        token = scanner.reScanSlashToken();
      }
    } else if (token === SyntaxKind.OpenBraceToken) {
      const braces = templates.at(-1);
      if (braces !== undefined) {
        templates[templates.length - 1] = braces + 1;
      }
    } else if (token === SyntaxKind.CloseBraceToken) {
      const braces = templates.at(-1);
      if (braces === 0) {
        token = scanner.reScanTemplateToken(false);
        if (token === SyntaxKind.TemplateTail) {
          templates.pop();
        }
      } else if (braces !== undefined) {
        templates[templates.length - 1] = braces - 1;
      }
    } else if (token === SyntaxKind.TemplateHead) {
      templates.push(0);
    }
    const start = scanner.getTokenStart();
    while (nextBreak !== -1 && nextBreak < start) {
      line++;
      lineStart = nextBreak + 1;
      nextBreak = source.indexOf('\n', lineStart);
    }
    const tokenText = scanner.getTokenText();
    const lineText = lines[line];
    lines[line] = lineText ? lineText + TOKEN_SEPARATOR + tokenText : tokenText;
    previous = token;
  }
  return lines;
}

/**
 * The fingerprint of lines `startLine..endLine` (1-based, inclusive) of a {@link normalizedLines}
 * result. Lines without tokens contribute nothing, so blank and comment lines at either end of a
 * range do not change it.
 */
export function fingerprintOfLines(lines: readonly string[], startLine: number, endLine: number): string {
  const hash = createHash('sha1');
  let first = true;
  for (let i = Math.max(1, startLine); i <= Math.min(endLine, lines.length - 1); i++) {
    const line = lines[i];
    if (line) {
      hash.update(first ? line : TOKEN_SEPARATOR + line);
      first = false;
    }
  }
  return FINGERPRINT_PREFIX + hash.digest('hex').slice(0, 16);
}

/**
 * The functions and classes of a file that an anchor can name, in source order, outer before inner
 * at equal start. Functions are exactly those `measureSourceFile` reports (same names). Classes are
 * added under their qualified name (`NS.Outer.Inner`, `default` for an anonymous default export, the
 * variable's name for `const Foo = class {}`); classes declared inside function bodies are left out,
 * since the metrics give no stable container name for them: their methods remain anchorable.
 */
export function listAnchorSymbols(sourceFile: ts.SourceFile): AnchorSymbol[] {
  const symbols: AnchorSymbol[] = listFunctionSpans(sourceFile).map(({ name, startLine, endLine }) => ({ name, startLine, endLine }));
  collectClasses(sourceFile, sourceFile, [], undefined, symbols);
  return symbols.sort((a, b) => a.startLine - b.startLine || b.endLine - a.endLine);
}

/** Parses `text` the way the metrics do (no parent pointers) and lists its {@link listAnchorSymbols}. */
export function listAnchorSymbolsOfText(path: string, text: string): AnchorSymbol[] {
  return listAnchorSymbols(parseSource(path, text));
}

/**
 * Whether `name` stays the same when code above it changes: names with an `@LINE` part (anonymous
 * functions, static blocks) do not, so they make poor anchors.
 */
export function isStableSymbolName(name: string): boolean {
  return !name.includes('@');
}

/**
 * Creates the anchor for a new debt entry.
 *
 * - With `symbol`: that function or class (its full span). With several of that name, the one that
 *   encloses `lines`, else the first.
 * - With `lines` only: the smallest function or class with a stable name (see
 *   {@link isStableSymbolName}) that encloses the whole range, equal spans included. The anchor is then
 *   that symbol, with its full span: a symbol path survives edits of the code it names, a sub-range of
 *   it does not, and debt is described per unit of code. Without such a symbol (top-level code,
 *   callbacks), a line anchor of exactly the range.
 * - With neither: a file anchor (`{ path }`).
 *
 * The fingerprint covers the anchor's lines, with every token that starts on them.
 *
 * @throws UnknownSymbolError, InvalidLineRangeError.
 */
export function createAnchor(input: CreateAnchorInput): Anchor {
  const { path, text, lines, symbol } = input;
  if (symbol === undefined && lines === undefined) {
    return { path };
  }
  const tokens = normalizedLines(text, path);
  const lineCount = tokens.length - 1;
  if (lines !== undefined && (!Number.isInteger(lines[0]) || !Number.isInteger(lines[1]) || lines[0] < 1 || lines[1] < lines[0] || lines[1] > lineCount)) {
    throw new InvalidLineRangeError(path, lines);
  }
  const symbols = listAnchorSymbolsOfText(path, text);
  let chosen: AnchorSymbol | undefined;
  if (symbol !== undefined) {
    const named = symbols.filter((s) => s.name === symbol);
    chosen = (lines === undefined ? undefined : named.find((s) => encloses(s, lines))) ?? named[0];
    if (chosen === undefined) {
      throw new UnknownSymbolError(path, symbol);
    }
  } else if (lines !== undefined) {
    for (const s of symbols) {
      if (isStableSymbolName(s.name) && encloses(s, lines) && (chosen === undefined || s.endLine - s.startLine <= chosen.endLine - chosen.startLine)) {
        chosen = s;
      }
    }
  }
  if (chosen !== undefined) {
    return { path, symbol: chosen.name, lines: [chosen.startLine, chosen.endLine], fingerprint: fingerprintOfLines(tokens, chosen.startLine, chosen.endLine) };
  }
  const range = lines as readonly [number, number];
  return { path, lines: [range[0], range[1]], fingerprint: fingerprintOfLines(tokens, range[0], range[1]) };
}

function encloses(symbol: AnchorSymbol, lines: readonly [number, number]): boolean {
  return symbol.startLine <= lines[0] && lines[1] <= symbol.endLine;
}

function countLines(source: string): number {
  let count = 1;
  for (let i = source.indexOf('\n'); i !== -1; i = source.indexOf('\n', i + 1)) {
    count++;
  }
  return count;
}

/** After these a `/` divides; after anything else it opens a regular expression. */
function endsOperand(kind: ts.SyntaxKind): boolean {
  switch (kind) {
    case SyntaxKind.Identifier:
    case SyntaxKind.PrivateIdentifier:
    case SyntaxKind.NumericLiteral:
    case SyntaxKind.BigIntLiteral:
    case SyntaxKind.StringLiteral:
    case SyntaxKind.RegularExpressionLiteral:
    case SyntaxKind.NoSubstitutionTemplateLiteral:
    case SyntaxKind.TemplateTail:
    case SyntaxKind.CloseParenToken:
    case SyntaxKind.CloseBracketToken:
    case SyntaxKind.CloseBraceToken:
    case SyntaxKind.PlusPlusToken:
    case SyntaxKind.MinusMinusToken:
    case SyntaxKind.ThisKeyword:
    case SyntaxKind.SuperKeyword:
    case SyntaxKind.TrueKeyword:
    case SyntaxKind.FalseKeyword:
    case SyntaxKind.NullKeyword:
      return true;
    default:
      return false;
  }
}

/**
 * Adds the classes under `node` with their qualified names. `scope` holds the namespace and class
 * names around `node`; `binding` is the name a class expression directly below would be bound to.
 * Function bodies are not entered (see {@link listAnchorSymbols}).
 */
function collectClasses(node: ts.Node, sourceFile: ts.SourceFile, scope: readonly string[], binding: string | undefined, out: AnchorSymbol[]): void {
  ts.forEachChild(node, (child) => {
    if (ts.isClassDeclaration(child) || ts.isClassExpression(child)) {
      const own = child.name?.text ?? binding ?? (isDefaultExport(child) ? 'default' : undefined);
      if (own === undefined) {
        return;
      }
      const name = [...scope, own].join('.');
      out.push({
        name,
        startLine: sourceFile.getLineAndCharacterOfPosition(child.getStart(sourceFile)).line + 1,
        endLine: sourceFile.getLineAndCharacterOfPosition(child.getEnd()).line + 1,
      });
      for (const member of child.members) {
        if (ts.isPropertyDeclaration(member) && member.initializer !== undefined) {
          collectClasses(member, sourceFile, [...scope, own], propertyName(member.name), out);
        }
      }
    } else if (ts.isModuleDeclaration(child)) {
      collectClasses(child, sourceFile, ts.isIdentifier(child.name) ? [...scope, child.name.text] : scope, undefined, out);
    } else if (ts.isVariableDeclaration(child)) {
      collectClasses(child, sourceFile, scope, ts.isIdentifier(child.name) ? child.name.text : undefined, out);
    } else if (ts.isExportAssignment(child) && !child.isExportEquals) {
      collectClasses(child, sourceFile, scope, 'default', out);
    } else if (ts.isFunctionLike(child)) {
      return;
    } else if (ts.isModuleBlock(child) || ts.isVariableStatement(child) || ts.isVariableDeclarationList(child) || ts.isParenthesizedExpression(child)) {
      collectClasses(child, sourceFile, scope, binding, out);
    }
  });
}

function isDefaultExport(node: ts.ClassLikeDeclaration): boolean {
  const modifiers = ts.canHaveModifiers(node) ? ts.getModifiers(node) : undefined;
  return modifiers?.some((m) => m.kind === SyntaxKind.DefaultKeyword) ?? false;
}

function propertyName(name: ts.PropertyName): string | undefined {
  return ts.isIdentifier(name) || ts.isPrivateIdentifier(name) || ts.isStringLiteral(name) || ts.isNumericLiteral(name) ? name.text : undefined;
}
