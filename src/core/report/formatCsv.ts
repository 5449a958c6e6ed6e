import type { ScanReport } from '../scan/scanReport';

const COLUMNS = [
  'path',
  'rank',
  'percentile',
  'score',
  'significant',
  'revisions',
  'added',
  'deleted',
  'authors',
  'mainDeveloper',
  'busFactor',
  'loc',
  'cyclomatic',
  'cognitive',
  'importers',
  'lastChange',
  'excluded',
  'tickets',
] as const;

/** One row per file, RFC 4180 quoting, CRLF line ends (what spreadsheet tools expect). */
export function formatCsv(report: ScanReport, top?: number): string {
  const files = top === undefined ? report.files : report.files.slice(0, top);
  const lines = [COLUMNS.join(',')];
  for (const file of files) {
    lines.push(
      COLUMNS.map((column) => {
        const value = column === 'tickets' ? file.tickets.join(' ') : file[column];
        return csvCell(value);
      }).join(','),
    );
  }
  return lines.join('\r\n') + '\r\n';
}

function csvCell(value: string | number | boolean | null): string {
  if (value === null) {
    return '';
  }
  const text = String(value);
  // A leading = + - @ would be run as a formula by spreadsheet tools: paths and names come from the repository.
  const safe = /^[=+\-@\t\r]/.test(text) && typeof value === 'string' ? `'${text}` : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
