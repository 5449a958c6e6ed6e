/** A column of a terminal table. */
export interface TextColumn {
  readonly title: string;
  readonly align: 'left' | 'right';
}

/** The narrowest the last column gets when a table is fitted to a width. */
const MIN_LAST_COLUMN = 20;

/**
 * Text from the repository (a title, a file name) made safe to print as one line of a terminal: each
 * C0 control character and DEL becomes its visible Unicode symbol (a line feed `␊`, a tab `␉`, ESC
 * `␛`), each C1 control `\u0085`-style text, so a line break cannot split a row and no escape
 * sequence reaches the terminal. Everything else is kept.
 */
export function neutraliseControls(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f]/g, (ch) => {
    const code = ch.charCodeAt(0);
    return code < 0x20 ? String.fromCharCode(0x2400 + code) : code === 0x7f ? '\u2421' : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}

/**
 * A terminal table: columns two spaces apart, a dashed rule under the header, no trailing spaces.
 * Widths count terminal cells (an emoji takes two). With `width`, the last column is cut at its
 * start so each line fits, but kept at least 20 cells wide; without it, nothing is cut. Cells are
 * printed through {@link neutraliseControls}.
 *
 * @returns the lines, without line breaks.
 */
export function renderTextTable(columns: readonly TextColumn[], tableRows: readonly (readonly string[])[], width?: number): string[] {
  const rows = tableRows.map((row) => row.map(neutraliseControls));
  const widths = columns.map((column, index) => Math.max(displayWidth(column.title), ...rows.map((row) => displayWidth(row[index] ?? ''))));
  if (width !== undefined) {
    const fixed = widths.slice(0, -1).reduce((sum, w) => sum + w + 2, 0);
    widths[widths.length - 1] = Math.max(MIN_LAST_COLUMN, Math.min(widths[widths.length - 1] ?? 0, width - fixed));
  }
  const line = (cells: readonly string[]): string =>
    cells
      .map((cell, index) => {
        const w = widths[index] ?? 0;
        const text = index === cells.length - 1 ? truncateLeft(cell, w) : cell;
        const pad = ' '.repeat(Math.max(0, w - displayWidth(text)));
        return columns[index]?.align === 'right' ? pad + text : text + pad;
      })
      .join('  ')
      .trimEnd();
  return [line(columns.map((c) => c.title)), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)];
}

/** Long paths keep their end (the file name), which is what a reader scans for. */
function truncateLeft(text: string, width: number): string {
  if (displayWidth(text) <= width) {
    return text;
  }
  const chars = [...text];
  while (chars.length > 0 && displayWidth('…' + chars.join('')) > width) {
    chars.shift();
  }
  return '…' + chars.join('');
}

/** Terminal cells of a text: one per code point, two for an emoji. */
export function displayWidth(text: string): number {
  let width = 0;
  for (const ch of text) {
    width += /\p{Extended_Pictographic}/u.test(ch) ? 2 : 1;
  }
  return width;
}
