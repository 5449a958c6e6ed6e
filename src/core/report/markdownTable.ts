import { neutraliseControls } from './textTable';

/** A column of a Markdown table; without `align` the renderer decides. */
export interface MarkdownColumn {
  readonly title: string;
  readonly align?: 'left' | 'right' | 'center';
}

/**
 * A GitHub-flavoured Markdown table: the header, the alignment row, one line per row. Cells are
 * Markdown already: escape text with {@link markdownText}, code with {@link markdownCode}.
 *
 * @returns the lines, without line breaks.
 */
export function markdownTable(columns: readonly MarkdownColumn[], rows: readonly (readonly string[])[]): string[] {
  const line = (cells: readonly string[]): string => `| ${cells.join(' | ')} |`;
  return [line(columns.map((column) => column.title)), `|${columns.map(alignment).join('|')}|`, ...rows.map(line)];
}

/** As wide as the header cell with its spaces, so the source lines up. */
function alignment(column: MarkdownColumn): string {
  const dashes = column.title.length;
  switch (column.align) {
    case 'left':
      return `:${'-'.repeat(dashes + 1)}`;
    case 'right':
      return `${'-'.repeat(dashes + 1)}:`;
    case 'center':
      return `:${'-'.repeat(dashes)}:`;
    default:
      return '---';
  }
}

/**
 * Text for a table cell or a list item: `|` and `\` escaped, line breaks (which would end the table
 * row) joined into one space, `<` written as `&lt;` so text from the repository cannot open HTML,
 * and other control characters made visible ({@link neutraliseControls}) so it cannot drive the
 * terminal the report is read in.
 */
export function markdownText(text: string): string {
  return neutraliseControls(text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/[\r\n]+/g, ' ').replace(/</g, '&lt;'));
}

/**
 * Text to put between single backticks: a backtick (which would end the span) becomes `'`, `|`
 * is escaped (GFM splits table cells on it even inside code), line breaks become one space, other
 * control characters are made visible ({@link neutraliseControls}).
 */
export function markdownCode(text: string): string {
  return neutraliseControls(text.replace(/`/g, "'").replace(/\|/g, '\\|').replace(/[\r\n]+/g, ' '));
}
