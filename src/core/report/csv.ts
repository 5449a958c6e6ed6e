/** A CSV cell: text, a number or flag written as it is, or `null` for an empty cell. */
export type CsvValue = string | number | boolean | null;

/**
 * One RFC 4180 field: quoted when it holds a `"`, a comma or a line break, with `"` doubled. Text
 * starting with = + - @, a tab or a carriage return is prefixed with `'`: spreadsheet tools would run
 * it as a formula, and paths, names and titles come from the repository. Numbers and flags are
 * written as they are, so a negative number stays a number.
 */
export function csvCell(value: CsvValue): string {
  if (value === null) {
    return '';
  }
  const text = String(value);
  const safe = /^[=+\-@\t\r]/.test(text) && typeof value === 'string' ? `'${text}` : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** A header line and one line per row, CRLF line ends (what spreadsheet tools expect), the last one too. */
export function csvTable(header: readonly string[], rows: readonly (readonly CsvValue[])[]): string {
  return [header, ...rows].map((row) => row.map(csvCell).join(',')).join('\r\n') + '\r\n';
}
