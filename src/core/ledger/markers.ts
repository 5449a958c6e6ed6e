import { ts } from 'ts-morph';
import type { BacklogReference } from '../backlog/backlogReferences';
import { parseBacklogReferences } from '../backlog/backlogReferences';
import { lineIndexNear } from '../metrics/lineStarts';
import { scriptKindFor } from '../metrics/parseSource';

/**
 * The tags harvested when none are configured. Case-sensitive on purpose: `todos` or `hack` in prose
 * are words, `TODO` and `HACK` are markers.
 */
export const DEFAULT_MARKER_TAGS: readonly string[] = ['TODO', 'FIXME', 'HACK', 'XXX', '@deprecated'];

/** A TODO-style marker found in a comment: debt someone wrote down next to the code. */
export interface Marker {
  /** Repository-relative path, as given to {@link findMarkers}. */
  readonly path: string;
  /** 1-based line of the tag. */
  readonly line: number;
  /** 1-based column of the tag's first character, in UTF-16 code units (as editors count). */
  readonly column: number;
  /** The tag as configured (`TODO`, `@deprecated`). */
  readonly tag: string;
  /**
   * The rest of the comment line after the tag, trimmed: a `:` right after the tag and a closing
   * `*\/` or `-->` are dropped, an owner or ticket in parentheses is kept (`(alice): fix it`).
   */
  readonly text: string;
  /** The backlog items the marker names (`TODO(PROJ-12)`, `FIXME #45`), in order of appearance. */
  readonly references: readonly BacklogReference[];
}

export interface MarkerOptions {
  /**
   * Tags to look for, matched case-sensitively as whole words (`TODO` matches `TODO:`, `TODO(x)`,
   * not `TODOS` or `todo`); {@link DEFAULT_MARKER_TAGS} when omitted or empty.
   */
  readonly tags?: readonly string[];
  /**
   * More markers as regular expressions (JavaScript syntax), tried on each comment line's content
   * where no tag starts it, e.g. `^NOTE\\(perf\\)` or `(?<tag>OPTIMIZE|REVIEW):`. The marker's tag is
   * the `tag` group when the pattern has one, else the matched text; its text is what follows.
   */
  readonly patterns?: readonly string[];
  /** Project keys whose `KEY-12` tokens are backlog references (see `parseBacklogReferences`). */
  readonly projectKeys: ReadonlySet<string>;
}

/**
 * Finds the markers in one file's text. A tag counts only inside a comment and only as the first word
 * of a comment line (after the comment opener, a JSDoc `*` or whitespace), as in todo-tree and
 * leasot: `// TODO: x` and `# FIXME #45` are markers, `"TODO"` in a string and "not a TODO list" in
 * prose are not. Each line of a block comment can hold one marker.
 *
 * Comments are found per language (see {@link commentSyntaxFor}): for TypeScript and JavaScript with
 * the TypeScript parser, because only the parser knows whether a `/` starts a regular expression, a
 * `}` resumes a template string, or `// x` is JSX text; for other languages with a small table of
 * comment delimiters. Files of unknown languages yield no markers. `parsed` is the file's syntax
 * tree when the caller has one (the scan parses every file anyway); otherwise it is parsed here.
 */
export function findMarkers(path: string, text: string, options: MarkerOptions, parsed?: ts.SourceFile): Marker[] {
  const tags = options.tags !== undefined && options.tags.length > 0 ? options.tags : DEFAULT_MARKER_TAGS;
  const tagPattern = tagRegExp(tags);
  const patterns = (options.patterns ?? []).map((pattern) => new RegExp(pattern));
  // Most files hold no marker at all: skip the comment search for them.
  if (!new RegExp(tagPattern.source).test(text) && !patterns.some((pattern) => pattern.test(text))) {
    return [];
  }
  const syntax = commentSyntaxFor(path);
  if (syntax === undefined) {
    return [];
  }
  const ranges = syntax === 'typescript' ? typeScriptComments(path, text, parsed) : tableComments(text, syntax);
  const lineStarts = lineStartsOf(text);
  const markers: Marker[] = [];
  for (const range of ranges) {
    for (const piece of commentLines(text, range)) {
      const marker = markerInLine(piece.text, tagPattern, options.projectKeys) ?? patternMarkerInLine(piece.text, patterns, options.projectKeys);
      if (marker !== undefined) {
        const offset = piece.start;
        const line = lineIndexNear(lineStarts, offset, 0);
        // Unchecked: lineIndexNear gives the index of one of the starts.
        markers.push({ path, line: line + 1, column: offset - lineStarts[line]! + 1, tag: marker.tag, text: marker.text, references: marker.references });
      }
    }
  }
  markers.sort((a, b) => a.line - b.line || a.column - b.column);
  return markers;
}

/** How a non-TypeScript language writes comments and the strings that can hide comment openers. */
export interface CommentSyntax {
  /** Openers of comments that run to the end of the line. */
  readonly line: readonly string[];
  /** Opener and closer pairs of comments that may span lines (not nested). */
  readonly block: readonly (readonly [string, string])[];
  /** Quotes of single-line strings whose content is skipped (backslash escapes honoured). */
  readonly quotes: readonly string[];
}

const HASH: CommentSyntax = { line: ['#'], block: [], quotes: ['"', "'"] };
const C_LIKE: CommentSyntax = { line: ['//'], block: [['/*', '*/']], quotes: ['"', "'"] };
const C_LIKE_NO_CHAR: CommentSyntax = { line: ['//'], block: [['/*', '*/']], quotes: ['"'] };
const SQL: CommentSyntax = { line: ['--'], block: [['/*', '*/']], quotes: ["'"] };
const LUA: CommentSyntax = { line: ['--'], block: [], quotes: ['"', "'"] };
const CSS: CommentSyntax = { line: [], block: [['/*', '*/']], quotes: ['"', "'"] };
const SCSS: CommentSyntax = { line: ['//'], block: [['/*', '*/']], quotes: ['"', "'"] };
const MARKUP: CommentSyntax = { line: [], block: [['<!--', '-->']], quotes: [] };
const VUE: CommentSyntax = { line: ['//'], block: [['<!--', '-->'], ['/*', '*/']], quotes: [] };

/**
 * Comment syntax by file extension. Deliberately small: line comments, non-nested block comments and
 * single-line strings, which is enough to harvest markers without a parser per language. Rust keeps
 * `'` out of its quotes (lifetimes such as `'a`), Markdown and HTML have only `<!-- -->` (a `#` there
 * is a heading).
 */
const SYNTAX_BY_EXTENSION: ReadonlyMap<string, CommentSyntax> = new Map<string, CommentSyntax>([
  ...['.py', '.rb', '.sh', '.bash', '.zsh', '.yml', '.yaml', '.toml', '.r', '.pl', '.ps1', '.cmake', '.dockerfile', '.tf', '.nix', '.ini', '.cfg', '.conf', '.properties', '.mk'].map(
    (ext) => [ext, HASH] as const,
  ),
  ...['.go', '.java', '.c', '.h', '.cpp', '.cc', '.cxx', '.hpp', '.hh', '.cs', '.kt', '.kts', '.scala', '.swift', '.dart', '.php', '.groovy', '.gradle', '.proto', '.m', '.mm'].map(
    (ext) => [ext, C_LIKE] as const,
  ),
  ['.rs', C_LIKE_NO_CHAR],
  ['.sql', SQL],
  ['.lua', LUA],
  ['.hs', LUA],
  ['.css', CSS],
  ['.scss', SCSS],
  ['.less', SCSS],
  ['.html', MARKUP],
  ['.htm', MARKUP],
  ['.xml', MARKUP],
  ['.svg', MARKUP],
  ['.md', MARKUP],
  ['.markdown', MARKUP],
  ['.vue', VUE],
  ['.svelte', VUE],
]);

const TYPESCRIPT_EXTENSIONS: ReadonlySet<string> = new Set(['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs']);
const FILE_NAMES: ReadonlyMap<string, CommentSyntax> = new Map([
  ['dockerfile', HASH],
  ['makefile', HASH],
  ['.gitignore', HASH],
  ['.editorconfig', HASH],
  ['.env', HASH],
]);

/**
 * The comment syntax for a path: `'typescript'` for files the TypeScript parser reads, a table entry
 * for other known languages, `undefined` for files whose comments we cannot tell (JSON, plain text).
 */
export function commentSyntaxFor(path: string): CommentSyntax | 'typescript' | undefined {
  const name = path.slice(path.lastIndexOf('/') + 1).toLowerCase();
  const byName = FILE_NAMES.get(name);
  if (byName !== undefined) {
    return byName;
  }
  const dot = name.lastIndexOf('.');
  const ext = dot <= 0 ? '' : name.slice(dot);
  if (TYPESCRIPT_EXTENSIONS.has(ext)) {
    return 'typescript';
  }
  return SYNTAX_BY_EXTENSION.get(ext);
}

interface Range {
  readonly start: number;
  readonly end: number;
}

/**
 * Every comment in a TypeScript/JavaScript file, in one pass of the scanner over the text. The scanner
 * alone cannot tell a regular expression from a division, the text of a template from the code around
 * it, or JSX text from code; the parsed tree (given, or parsed here) marks those tokens, and the scan
 * steps over them. So `<p>// TODO</p>` and `/\/\/ TODO/` are skipped; `{/* TODO *\/}` is found.
 */
function typeScriptComments(path: string, text: string, parsed?: ts.SourceFile): Range[] {
  const source =
    parsed ?? ts.createSourceFile(path, text, { languageVersion: ts.ScriptTarget.Latest, jsDocParsingMode: ts.JSDocParsingMode.ParseNone }, false, scriptKindFor(path));
  const skipped = contextualTokens(source);
  const ranges: Range[] = [];
  const scanner = ts.createScanner(ts.ScriptTarget.Latest, false, source.languageVariant, text);
  let next = 0;
  for (let kind = scanner.scan(); kind !== ts.SyntaxKind.EndOfFileToken; kind = scanner.scan()) {
    const start = scanner.getTokenStart();
    let skip = skipped[next];
    while (skip !== undefined && skip[1] <= start) {
      skip = skipped[++next];
    }
    if (skip !== undefined && skip[0] <= start) {
      scanner.resetTokenState(skip[1]);
      next++;
    } else if (kind === ts.SyntaxKind.SingleLineCommentTrivia || kind === ts.SyntaxKind.MultiLineCommentTrivia) {
      ranges.push({ start, end: scanner.getTokenEnd() });
    }
  }
  return ranges;
}

/** [start, end) of the tokens only the parser reads right: regular expressions, template parts, JSX text and JSX attribute strings, in order. */
function contextualTokens(source: ts.SourceFile): (readonly [number, number])[] {
  const found: (readonly [number, number])[] = [];
  const visit = (node: ts.Node): void => {
    switch (node.kind) {
      case ts.SyntaxKind.RegularExpressionLiteral:
      case ts.SyntaxKind.NoSubstitutionTemplateLiteral:
      case ts.SyntaxKind.TemplateHead:
      case ts.SyntaxKind.TemplateMiddle:
      case ts.SyntaxKind.TemplateTail:
      case ts.SyntaxKind.JsxText:
      case ts.SyntaxKind.JsxTextAllWhiteSpaces:
        found.push([node.getStart(source), node.end]);
        return;
      case ts.SyntaxKind.JsxAttribute: {
        // A JSX attribute's string may span lines, which a script string cannot.
        const value = (node as ts.JsxAttribute).initializer;
        if (value?.kind === ts.SyntaxKind.StringLiteral) {
          found.push([value.getStart(source), value.end]);
        }
        ts.forEachChild(node, visit);
        return;
      }
      default:
        ts.forEachChild(node, visit);
    }
  };
  visit(source);
  return found.sort((a, b) => a[0] - b[0]);
}

/** Comment ranges found with a {@link CommentSyntax}: a left-to-right scan that skips strings. */
function tableComments(text: string, syntax: CommentSyntax): Range[] {
  const ranges: Range[] = [];
  let index = 0;
  while (index < text.length) {
    const char = text.charAt(index);
    if (char === '\n') {
      index++;
      continue;
    }
    const block = syntax.block.find(([open]) => text.startsWith(open, index));
    if (block !== undefined) {
      const close = text.indexOf(block[1], index + block[0].length);
      const end = close === -1 ? text.length : close + block[1].length;
      ranges.push({ start: index, end });
      index = end;
      continue;
    }
    if (syntax.line.some((open) => text.startsWith(open, index))) {
      const newline = text.indexOf('\n', index);
      const end = newline === -1 ? text.length : newline;
      ranges.push({ start: index, end });
      index = end;
      continue;
    }
    if (syntax.quotes.includes(char)) {
      index = endOfString(text, index, char);
      continue;
    }
    index++;
  }
  return ranges;
}

/** The offset after a single-line string opened at `start`; an unclosed string ends at the line's end. */
function endOfString(text: string, start: number, quote: string): number {
  let index = start + 1;
  while (index < text.length) {
    const char = text.charAt(index);
    if (char === '\\') {
      index += 2;
    } else if (char === quote) {
      return index + 1;
    } else if (char === '\n') {
      return index;
    } else {
      index++;
    }
  }
  return text.length;
}

interface CommentLine {
  /** Offset in the file of `text`'s first character. */
  readonly start: number;
  /** The line's comment content, with the opener, a JSDoc `*` and leading spaces removed. */
  readonly text: string;
}

const OPENER = /^(?:\/\*+!?|\/\/+!?|<!--|#+!?|--+|\*+(?!\/))?[ \t]*/;

/** Splits a comment range into its lines, each stripped of the comment opener or continuation `*`. */
function commentLines(text: string, range: Range): CommentLine[] {
  const lines: CommentLine[] = [];
  let start = range.start;
  while (start < range.end) {
    const newline = text.indexOf('\n', start);
    const end = newline === -1 || newline > range.end ? range.end : newline;
    const raw = text.slice(start, end);
    const leading = /^[ \t]*/.exec(raw)![0].length;
    const opener = OPENER.exec(raw.slice(leading))![0].length;
    lines.push({ start: start + leading + opener, text: raw.slice(leading + opener).replace(/\r$/, '') });
    start = end + 1;
  }
  return lines;
}

function tagRegExp(tags: readonly string[]): RegExp {
  // Longest first, so `TODO` does not shadow a configured `TODO_LATER`.
  const alternatives = [...tags].sort((a, b) => b.length - a.length).map(escapeRegExp);
  return new RegExp(`(?<![\\w@$])(${alternatives.join('|')})(?![\\w$-])`, 'y');
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

interface LineMarker {
  readonly tag: string;
  readonly text: string;
  readonly references: BacklogReference[];
}

/** The marker at the start of one comment line's content, if any. */
function markerInLine(line: string, tagPattern: RegExp, projectKeys: ReadonlySet<string>): LineMarker | undefined {
  tagPattern.lastIndex = 0;
  const match = tagPattern.exec(line);
  if (match === null) {
    return undefined;
  }
  const tag = match[1]!;
  const rest = line
    .slice(tag.length)
    .replace(/(?:\*\/|-->)\s*$/, '')
    .trim()
    .replace(/^:\s*/, '');
  return { tag, text: rest, references: parseBacklogReferences(rest, { projectKeys }) };
}

/** The first configured pattern matching a comment line's content, as a marker. */
function patternMarkerInLine(line: string, patterns: readonly RegExp[], projectKeys: ReadonlySet<string>): LineMarker | undefined {
  for (const pattern of patterns) {
    const match = pattern.exec(line);
    if (match !== null) {
      const rest = line
        .slice(match.index + match[0].length)
        .replace(/(?:\*\/|-->)\s*$/, '')
        .trim()
        .replace(/^:\s*/, '');
      return { tag: match.groups?.tag ?? match[0].trim(), text: rest, references: parseBacklogReferences(rest, { projectKeys }) };
    }
  }
  return undefined;
}

function lineStartsOf(text: string): number[] {
  const starts = [0];
  for (let index = text.indexOf('\n'); index !== -1; index = text.indexOf('\n', index + 1)) {
    starts.push(index + 1);
  }
  return starts;
}
