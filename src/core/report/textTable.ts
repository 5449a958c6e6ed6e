/** A column of a terminal table. */
export interface TextColumn {
  readonly title: string;
  readonly align: 'left' | 'right';
  /** A mark some cells start with (`🔥 `): when the last column is cut to fit, the mark stays and the text after it is cut. */
  readonly marker?: string;
}

/** The narrowest the last column gets when a table is fitted to a width. */
const MIN_LAST_COLUMN = 20;

/**
 * A terminal table: columns two spaces apart, a dashed rule under the header, no trailing spaces.
 * Widths count terminal cells (an emoji takes two). With `width`, the last column is cut at its
 * start so each line fits, but kept at least 20 cells wide; without it, nothing is cut. Cells are
 * printed through {@link neutraliseControls}.
 *
 * @returns the lines, without line breaks.
 */
export function renderTextTable(columns: readonly TextColumn[], rows: readonly (readonly string[])[], width?: number): string[] {
  // Cells are text from the repository (paths, titles, author names): never a terminal command.
  const safeRows = rows.map((row) => row.map(neutraliseControls));
  const widths = columns.map((column, index) => Math.max(displayWidth(column.title), ...safeRows.map((row) => displayWidth(row[index] ?? ''))));
  if (width !== undefined) {
    const fixed = widths.slice(0, -1).reduce((sum, w) => sum + w + 2, 0);
    widths[widths.length - 1] = Math.max(MIN_LAST_COLUMN, Math.min(widths[widths.length - 1] ?? 0, width - fixed));
  }
  const line = (cells: readonly string[]): string =>
    cells
      .map((cell, index) => {
        const w = widths[index] ?? 0;
        const text = index === cells.length - 1 ? fitLast(cell, w, columns[index]?.marker) : cell;
        const pad = ' '.repeat(Math.max(0, w - displayWidth(text)));
        return columns[index]?.align === 'right' ? pad + text : text + pad;
      })
      .join('  ')
      .trimEnd();
  return [line(columns.map((c) => c.title)), line(widths.map((w) => '-'.repeat(w))), ...safeRows.map(line)];
}

/** The last cell cut to `width`, keeping its marker: the path after a 🔥 is cut, not the flame. */
function fitLast(cell: string, width: number, marker: string | undefined): string {
  if (marker === undefined || marker === '' || !cell.startsWith(marker) || displayWidth(cell) <= width) {
    return truncateLeft(cell, width);
  }
  return marker + truncateLeft(cell.slice(marker.length), Math.max(1, width - displayWidth(marker)));
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

/**
 * Text from a repository or a tracker made safe to print on a terminal: every C0 control (line
 * breaks and tabs too), DEL and C1 control becomes a visible stand-in, so an ESC sequence in a title,
 * an author name or a file name (`\x1b[2J` clears the screen, `\x1b]0;…\x07` sets the window title)
 * is shown, not run. C0 and DEL become their Unicode control pictures (ESC → `␛`, a line break →
 * `␊`, DEL → `␡`), one cell wide like the character they stand for; C1 controls, which have no
 * picture, become `\u0080` … `\u009f`. JSON output keeps the original text (escaped by JSON).
 */
export function neutraliseControls(text: string): string {
  return replaceControls(text, () => false);
}

/**
 * {@link neutraliseControls} for text printed as lines (an entry's body): line breaks (`\n`, and
 * `\r` before one) and tabs stay as they are, every other control is made visible.
 */
export function neutraliseControlsInLines(text: string): string {
  return replaceControls(text, (code, next) => code === 0x0a || code === 0x09 || (code === 0x0d && next === 0x0a));
}

function replaceControls(text: string, keep: (code: number, next: number) => boolean): string {
  let out = '';
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if ((code < 0x20 || (code >= 0x7f && code <= 0x9f)) && !keep(code, text.charCodeAt(i + 1))) {
      out += text.slice(start, i) + visibleControl(code);
      start = i + 1;
    }
  }
  // The common case, no control at all, returns the very string.
  return start === 0 ? text : out + text.slice(start);
}

function visibleControl(code: number): string {
  if (code < 0x20) {
    return String.fromCharCode(0x2400 + code);
  }
  return code === 0x7f ? '\u2421' : `\\u${code.toString(16).padStart(4, '0')}`;
}
