import type { ScanReport } from '../scan/scanReport';

/**
 * The JSON report as a sequence of text chunks, so a report of thousands of files is written out
 * piece by piece instead of being built as one string (which doubled the scan's peak memory).
 * Layout: one top-level key per line, and one array element (a file, a coupling pair) per line,
 * which stays readable and diffable; any JSON reader sees the same object as `JSON.stringify`.
 */
export function* jsonReportChunks(report: ScanReport, top?: number): Generator<string> {
  const keys = Object.keys(report) as (keyof ScanReport)[];
  yield '{\n';
  for (const [k, key] of keys.entries()) {
    const value = key === 'files' && top !== undefined ? report.files.slice(0, top) : report[key];
    const comma = k < keys.length - 1 ? ',' : '';
    if (Array.isArray(value) && value.length > 0) {
      yield `  ${JSON.stringify(key)}: [\n`;
      for (let i = 0; i < value.length; i++) {
        yield `    ${JSON.stringify(value[i])}${i < value.length - 1 ? ',' : ''}\n`;
      }
      yield `  ]${comma}\n`;
    } else {
      yield `  ${JSON.stringify(key)}: ${JSON.stringify(value)}${comma}\n`;
    }
  }
  yield '}\n';
}
