import type { ScanReport } from '../scan/scanReport';

/**
 * The rule a report's 🔥 applies, in one line: `percentile ≥ 90, ≥ 3 revisions, cognitive ≥ 15,
 * production code only`. Functions' floor is named only when it differs from the files' metric.
 */
export function significanceText(report: Pick<ScanReport, 'significance' | 'complexityMetric'>): string {
  const { percentile, minRevisions, minComplexity, minFunctionComplexity, includeTests } = report.significance;
  const metric = report.complexityMetric;
  const functions = metric === 'cognitive' ? '' : ` (functions: cognitive ≥ ${minFunctionComplexity})`;
  return `percentile ≥ ${percentile}, ≥ ${minRevisions} revisions, ${metric} ≥ ${minComplexity}${functions}, ${includeTests ? 'tests included' : 'production code only'}`;
}
