import { DEFAULT_REPORT_TOP } from '../core/defaults';
import { topFunctions } from '../core/report/formatMarkdown';
import type { ScanReport } from '../core/scan/scanReport';
import { isRankedFile } from '../core/scan/scanReport';
import type { TextColumn } from '../core/report/textTable';
import { neutraliseControls, renderTextTable } from '../core/report/textTable';

const FLAME = '🔥 ';
const LEGEND = 'pctl percentile · revs revisions · cogn/cyclo cognitive/cyclomatic complexity · loc lines of code';

/**
 * The terminal report: ranked files with the numbers behind each rank, each significant file's
 * hottest functions beneath it, then the strongest change coupling.
 */
export function formatTable(report: ScanReport, top = DEFAULT_REPORT_TOP, width = 120): string {
  const out: string[] = [];
  const ranked = report.files.filter(isRankedFile).slice(0, top);
  out.push(
    `Hotspots in ${neutraliseControls(report.root)} @ ${report.head.slice(0, 8)} · ${report.window.since.slice(0, 10)} → ${report.window.until.slice(0, 10)} · ` +
      `${report.stats.commits} commits · ${report.stats.rankedFiles} ranked files`,
  );
  out.push(`score = revisions × ${report.complexityMetric} complexity; 🔥 = at or above the ${report.significancePercentile}th percentile`);
  // The abbreviated column titles, in one line that fits 100 columns.
  out.push(LEGEND);
  out.push('');
  if (ranked.length === 0) {
    out.push('No TypeScript or JavaScript files to rank.');
    return out.join('\n') + '\n';
  }
  const columns: TextColumn[] = [
    { title: '#', align: 'right' },
    { title: 'score', align: 'right' },
    { title: 'pctl', align: 'right' },
    { title: 'revs', align: 'right' },
    { title: 'cogn', align: 'right' },
    { title: 'cyclo', align: 'right' },
    { title: 'loc', align: 'right' },
    { title: 'authors', align: 'right' },
    { title: 'churn +/-', align: 'right' },
    // A significant file's flame stays when a narrow terminal cuts the path.
    { title: 'file', align: 'left', marker: FLAME },
  ];
  const rows: string[][] = [];
  for (const file of ranked) {
    rows.push([
      String(file.rank),
      String(file.score),
      file.percentile.toFixed(1),
      String(file.revisions),
      String(file.cognitive),
      String(file.cyclomatic),
      String(file.loc),
      String(file.authors),
      file.added === null ? '–' : `+${file.added}/-${file.deleted}`,
      `${file.significant ? FLAME : ''}${file.path}`,
    ]);
    for (const fn of topFunctions(file, 3)) {
      rows.push(['', String(fn.score), '', String(fn.revisions), String(fn.cognitive), String(fn.cyclomatic), String(fn.loc), '', '', `  └ ${fn.name} (${fn.startLine}-${fn.endLine})`]);
    }
  }
  out.push(...renderTextTable(columns, rows, width));
  if (report.coupling.length > 0) {
    out.push('');
    out.push('Change coupling (shared revisions, degree):');
    for (const pair of report.coupling.slice(0, Math.min(10, top))) {
      out.push(`  ${String(pair.degree).padStart(3)}%  ${String(pair.shared).padStart(4)}  ${neutraliseControls(pair.a)} ⇄ ${neutraliseControls(pair.b)}`);
    }
  }
  if (report.errors.length > 0) {
    out.push('');
    out.push(`${report.errors.length} file(s) could not be parsed and were not ranked (see --format json for details).`);
  }
  out.push(...ledgerLines(report));
  return out.join('\n') + '\n';
}

/** The ledger in a few lines: its entries, orphans, unreadable files and markers (`debt list` has the rest). */
function ledgerLines(report: ScanReport): string[] {
  const { entries, orphaned, diagnostics, markers } = report.ledger;
  if (entries.length === 0 && diagnostics.length === 0 && markers.total === 0) {
    return [];
  }
  const lines = ['', `Debt ledger (${neutraliseControls(report.ledger.folder)}): ${entries.length} entr${entries.length === 1 ? 'y' : 'ies'}, ${orphaned} orphaned, ${diagnostics.length} unreadable; markers: ${markers.total}`];
  for (const entry of entries.filter((e) => ['open', 'accepted', 'scheduled'].includes(e.status)).slice(0, 10)) {
    const where = entry.anchors.map((a) => (a.status === 'orphaned' ? `${a.path} (orphaned)` : a.symbol ? `${a.path} ${a.symbol}` : a.path)).join(', ');
    lines.push(`  ${entry.id}  ${entry.severity.padEnd(8)} ${entry.interest.revisions} changes, churn ${entry.interest.churn}  ${neutraliseControls(`${entry.title} — ${where}`)}`);
  }
  return lines;
}
