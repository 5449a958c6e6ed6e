import { markdownTable, markdownText } from '../../core/report/markdownTable';
import { renderTextTable } from '../../core/report/textTable';

/** Cells of plain text (titles, paths, marker texts) as a left-aligned terminal table. */
export function plainTextTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  return renderTextTable(header.map((title) => ({ title, align: 'left' })), rows).join('\n') + '\n';
}

/** Cells of plain text as a Markdown table, escaped so that what the repository wrote stays text. */
export function plainMarkdownTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  return markdownTable(header.map((title) => ({ title })), rows.map((row) => row.map(markdownText))).join('\n') + '\n';
}
