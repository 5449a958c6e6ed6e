import type { ScanReport } from '../scan/scanReport';
import { csvTable } from './csv';

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
  'category',
] as const;

/** One row per file, RFC 4180 quoting, CRLF line ends (what spreadsheet tools expect). */
export function formatCsv(report: ScanReport, top?: number): string {
  const files = top === undefined ? report.files : report.files.slice(0, top);
  return csvTable(
    COLUMNS,
    files.map((file) => COLUMNS.map((column) => (column === 'tickets' ? file.tickets.join(' ') : file[column]))),
  );
}
