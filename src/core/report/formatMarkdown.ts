import { DEFAULT_REPORT_TOP } from '../defaults';
import type { FileReport, ScanReport } from '../scan/scanReport';
import { significanceText } from './significanceText';
import type { MarkdownColumn } from './markdownTable';
import { markdownCode, markdownTable, markdownText } from './markdownTable';

const left = (title: string): MarkdownColumn => ({ title, align: 'left' });
const right = (title: string): MarkdownColumn => ({ title, align: 'right' });
const center = (title: string): MarkdownColumn => ({ title, align: 'center' });

const HOTSPOT_COLUMNS = [right('#'), left('File'), right('Score'), right('Percentile'), right('Revisions'), center('Churn (+/−)'), right('Cognitive'), right('Cyclomatic'), right('LOC'), right('Authors'), left('Tickets')];
const FUNCTION_COLUMNS = [left('File'), left('Function'), center('Lines'), right('Score'), right('Revisions'), right('Cognitive'), right('Cyclomatic'), right('LOC')];
const COUPLING_COLUMNS = [left('File A'), left('File B'), right('Shared revisions'), right('Degree')];
const LEDGER_COLUMNS = [left('Entry'), left('Severity'), left('Status'), left('Principal'), right('Changes in window'), right('Churn'), left('Tickets'), left('Where')];

/**
 * A report a product owner can paste into a planning document: the window, the ranked hotspots
 * with the numbers behind each rank, their hottest functions, change coupling, and what was skipped.
 */
export function formatMarkdown(report: ScanReport, top = DEFAULT_REPORT_TOP): string {
  const out: string[] = [];
  const rankedFiles = report.files.filter((file) => file.rank !== null);
  const tests = rankedFiles.filter((file) => file.category === 'test');
  // Test files are ranked apart: listed among the hotspots only when they may be significant.
  const ranked = report.significance.includeTests ? rankedFiles : rankedFiles.filter((file) => file.category === 'production');
  out.push(`# Debt Lens hotspot report`);
  out.push('');
  out.push(
    `Repository \`${markdownCode(report.root)}\` at \`${report.head.slice(0, 12)}\` · window ${report.window.since.slice(0, 10)} → ${report.window.until.slice(0, 10)} · ` +
      `${report.stats.commits} commits · ${report.stats.rankedFiles} ranked files · ${report.stats.significantFiles} significant`,
  );
  out.push('');
  out.push(`Score = revisions × ${report.complexityMetric} complexity. 🔥 = significant: ${significanceText(report)}.`);
  if (tests.length > 0) {
    out.push('');
    out.push(
      report.significance.includeTests
        ? `Test files are ranked among themselves (their own ranks and percentiles), after the production files.`
        : `${tests.length} test file(s) are ranked apart and are never significant; they are not listed.`,
    );
  }
  out.push('');
  for (const warning of report.warnings) {
    out.push(`> **Warning:** ${markdownText(warning)}`);
    out.push('');
  }
  out.push(`## Hotspots`);
  out.push('');
  out.push(
    ...markdownTable(
      HOTSPOT_COLUMNS,
      ranked.slice(0, top).map((file) => [
        String(file.rank),
        `${file.significant ? '🔥 ' : ''}\`${markdownCode(file.path)}\`${file.category === 'test' ? ' (test)' : ''}`,
        String(file.score),
        String(file.percentile),
        String(file.revisions),
        file.added === null ? '–' : `+${file.added} / −${file.deleted}`,
        String(file.cognitive),
        String(file.cyclomatic),
        String(file.loc),
        String(file.authors),
        markdownText(file.tickets.slice(0, 5).join(', ')),
      ]),
    ),
  );
  const xray = ranked.filter((file) => file.xray).slice(0, top);
  if (xray.length > 0) {
    out.push('');
    out.push('## Hottest functions');
    out.push('');
    const rows = xray.flatMap((file) =>
      topFunctions(file, 3).map((fn) => [
        `\`${markdownCode(file.path)}\``,
        `\`${markdownCode(fn.name)}\``,
        `${fn.startLine}–${fn.endLine}`,
        String(fn.score),
        String(fn.revisions),
        String(fn.cognitive),
        String(fn.cyclomatic),
        String(fn.loc),
      ]),
    );
    out.push(...markdownTable(FUNCTION_COLUMNS, rows));
  }
  if (report.coupling.length > 0) {
    out.push('');
    out.push('## Change coupling');
    out.push('');
    out.push(...markdownTable(COUPLING_COLUMNS, report.coupling.slice(0, top).map((pair) => [`\`${markdownCode(pair.a)}\``, `\`${markdownCode(pair.b)}\``, String(pair.shared), `${pair.degree} %`])));
  }
  const ledger = report.ledger;
  if (ledger.entries.length > 0 || ledger.diagnostics.length > 0) {
    out.push('');
    out.push('## Debt ledger');
    out.push('');
    out.push(`${ledger.entries.length} entries in \`${markdownCode(ledger.folder)}\`, ${ledger.orphaned} orphaned; ${ledger.markers.total} TODO/FIXME markers in the code.`);
    if (ledger.entries.length > 0) {
      out.push('');
      const rows = ledger.entries.map((entry) => {
        const where = entry.anchors.map((a) => `\`${markdownCode(a.path)}\`${a.symbol ? ` ${markdownCode(a.symbol)}` : ''}${a.status === 'orphaned' ? ' (orphaned)' : ''}`).join('<br>');
        const tickets = [...new Set([...entry.backlog, ...entry.interest.tickets])].slice(0, 6).join(', ');
        return [
          `${entry.id} ${markdownText(entry.title)}`,
          entry.severity,
          entry.status,
          entry.principal ?? '',
          String(entry.interest.revisions),
          String(entry.interest.churn),
          markdownText(tickets),
          where,
        ];
      });
      out.push(...markdownTable(LEDGER_COLUMNS, rows));
    }
    for (const diagnostic of ledger.diagnostics) {
      out.push(`- \`${markdownCode(diagnostic.path)}\` line ${diagnostic.line}: ${markdownText(diagnostic.message)} (left as is)`);
    }
  }
  if (report.errors.length > 0) {
    out.push('');
    out.push('## Files that could not be measured');
    out.push('');
    for (const error of report.errors) {
      out.push(`- \`${markdownCode(error.path)}\`: ${markdownText(error.message)}`);
    }
  }
  out.push('');
  return out.join('\n');
}

/** The functions with the highest score, most changed first among equals; only those that changed. */
export function topFunctions(file: FileReport, count: number): FileReport['functions'] {
  return file.functions.filter((fn) => (fn.revisions ?? 0) > 0).slice(0, count);
}
