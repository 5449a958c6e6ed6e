/** Summaries and the printed table of a benchmark run. */

export interface Summary {
  readonly median: number;
  readonly min: number;
  readonly max: number;
}

export function summarize(values: readonly number[]): Summary {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 === 1 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
  return { median, min: sorted[0] as number, max: sorted[sorted.length - 1] as number };
}

export interface Row {
  readonly metric: string;
  readonly unit: 's' | 'MB';
  readonly summary: Summary;
  readonly floor?: number;
  /** Median of the per-run ratios to the floor measured in the same run. */
  readonly ratio?: number;
  readonly target?: string;
  readonly pass?: boolean;
}

function format(value: number | undefined, unit: 's' | 'MB'): string {
  if (value === undefined) {
    return '';
  }
  return unit === 's' ? `${value.toFixed(value < 1 ? 3 : 2)} s` : `${value.toFixed(0)} MB`;
}

export function renderTable(rows: readonly Row[]): string {
  const header = ['metric', 'median', 'min', 'max', 'floor', 'ratio', 'target', 'result'];
  const cells = rows.map((row) => [
    row.metric,
    format(row.summary.median, row.unit),
    format(row.summary.min, row.unit),
    format(row.summary.max, row.unit),
    format(row.floor, row.unit),
    row.ratio === undefined ? '' : `${row.ratio.toFixed(2)}×`,
    row.target ?? '',
    row.pass === undefined ? '' : row.pass ? 'PASS' : 'FAIL',
  ]);
  const widths = header.map((title, i) => Math.max(title.length, ...cells.map((line) => (line[i] ?? '').length)));
  const line = (values: readonly string[]): string =>
    values
      .map((value, i) => (i === 0 ? value.padEnd(widths[i] ?? 0) : value.padStart(widths[i] ?? 0)))
      .join(' | ')
      .trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('-|-'), ...cells.map(line)].join('\n');
}
