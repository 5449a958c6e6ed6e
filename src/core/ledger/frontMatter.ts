const DELIMITER = /^---[ \t]*$/;
const CLOSING_DELIMITER = /^(?:---|\.\.\.)[ \t]*$/;
const BOM = '\uFEFF';

/**
 * Where an entry file's YAML lies in its text. The reader and the writer split a file the same way,
 * so a file the store can read is one it can rewrite without touching the body.
 */
export interface FrontMatter {
  /** Offset of the YAML text in the file. */
  readonly yamlStart: number;
  readonly yaml: string;
  /** Offset just after the closing delimiter's line break. */
  readonly bodyStart: number;
  readonly eol: string;
}

export type FrontMatterSplit = { readonly frontMatter: FrontMatter } | { readonly code: 'no-front-matter' | 'unterminated-front-matter'; readonly message: string };

/** Splits `---` YAML `---` from the body; line breaks may be LF or CRLF, a BOM is skipped. */
export function splitFrontMatter(text: string): FrontMatterSplit {
  const start = text.startsWith(BOM) ? 1 : 0;
  const firstBreak = text.indexOf('\n', start);
  const firstLine = text.slice(start, firstBreak < 0 ? text.length : firstBreak).replace(/\r$/, '');
  if (!DELIMITER.test(firstLine)) {
    return { code: 'no-front-matter', message: 'an entry file must start with a `---` line opening its YAML front matter' };
  }
  if (firstBreak < 0) {
    return { code: 'unterminated-front-matter', message: 'the front matter opened on line 1 is never closed by a `---` line' };
  }
  const eol = text[firstBreak - 1] === '\r' ? '\r\n' : '\n';
  const yamlStart = firstBreak + 1;
  let lineStart = yamlStart;
  while (lineStart <= text.length) {
    const lineBreak = text.indexOf('\n', lineStart);
    const lineEnd = lineBreak < 0 ? text.length : lineBreak;
    if (CLOSING_DELIMITER.test(text.slice(lineStart, lineEnd).replace(/\r$/, ''))) {
      return { frontMatter: { yamlStart, yaml: text.slice(yamlStart, lineStart), bodyStart: lineBreak < 0 ? text.length : lineBreak + 1, eol } };
    }
    if (lineBreak < 0) {
      break;
    }
    lineStart = lineBreak + 1;
  }
  return { code: 'unterminated-front-matter', message: 'the front matter opened on line 1 is never closed by a `---` line' };
}
