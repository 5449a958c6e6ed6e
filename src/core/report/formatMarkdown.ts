import { DEFAULT_REPORT_TOP } from '../defaults';
import type { FileReport, ScanReport } from '../scan/scanReport';

/**
 * A report a product owner can paste into a planning document: the window, the ranked hotspots
 * with the numbers behind each rank, their hottest functions, change coupling, and what was skipped.
 */
export function formatMarkdown(report: ScanReport, top = DEFAULT_REPORT_TOP): string {
  const out: string[] = [];
  const ranked = report.files.filter((file) => file.rank !== null);
  out.push(`# Debt Lens hotspot report`);
  out.push('');
  out.push(
    `Repository \`${escapeInline(report.root)}\` at \`${report.head.slice(0, 12)}\` · window ${report.window.since.slice(0, 10)} → ${report.window.until.slice(0, 10)} · ` +
      `${report.stats.commits} commits · ${report.stats.rankedFiles} ranked files · ${report.stats.significantFiles} significant (≥ ${report.significancePercentile}th percentile)`,
  );
  out.push('');
  out.push(`Score = revisions × ${report.complexityMetric} complexity.`);
  out.push('');
  for (const warning of report.warnings) {
    out.push(`> **Warning:** ${escapeCell(warning)}`);
    out.push('');
  }
  out.push(`## Hotspots`);
  out.push('');
  out.push('| # | File | Score | Percentile | Revisions | Churn (+/−) | Cognitive | Cyclomatic | LOC | Authors | Tickets |');
  out.push('|--:|:-----|------:|-----------:|----------:|:-----------:|----------:|-----------:|----:|--------:|:--------|');
  for (const file of ranked.slice(0, top)) {
    out.push(
      `| ${file.rank} | ${file.significant ? '🔥 ' : ''}\`${escapeInline(file.path)}\` | ${file.score} | ${file.percentile} | ${file.revisions} | ${file.added === null ? '–' : `+${file.added} / −${file.deleted}`} | ` +
        `${file.cognitive} | ${file.cyclomatic} | ${file.loc} | ${file.authors} | ${escapeCell(file.tickets.slice(0, 5).join(', '))} |`,
    );
  }
  const xray = ranked.filter((file) => file.xray).slice(0, top);
  if (xray.length > 0) {
    out.push('');
    out.push('## Hottest functions');
    out.push('');
    out.push('| File | Function | Lines | Score | Revisions | Cognitive | Cyclomatic | LOC |');
    out.push('|:-----|:---------|:-----:|------:|----------:|----------:|-----------:|----:|');
    for (const file of xray) {
      for (const fn of topFunctions(file, 3)) {
        out.push(
          `| \`${escapeInline(file.path)}\` | \`${escapeInline(fn.name)}\` | ${fn.startLine}–${fn.endLine} | ${fn.score} | ${fn.revisions} | ${fn.cognitive} | ${fn.cyclomatic} | ${fn.loc} |`,
        );
      }
    }
  }
  if (report.coupling.length > 0) {
    out.push('');
    out.push('## Change coupling');
    out.push('');
    out.push('| File A | File B | Shared revisions | Degree |');
    out.push('|:-------|:-------|-----------------:|-------:|');
    for (const pair of report.coupling.slice(0, top)) {
      out.push(`| \`${escapeInline(pair.a)}\` | \`${escapeInline(pair.b)}\` | ${pair.shared} | ${pair.degree} % |`);
    }
  }
  const ledger = report.ledger;
  if (ledger.entries.length > 0 || ledger.diagnostics.length > 0) {
    out.push('');
    out.push('## Debt ledger');
    out.push('');
    out.push(`${ledger.entries.length} entries in \`${escapeInline(ledger.folder)}\`, ${ledger.orphaned} orphaned; ${ledger.markers.total} TODO/FIXME markers in the code.`);
    if (ledger.entries.length > 0) {
      out.push('');
      out.push('| Entry | Severity | Status | Principal | Changes in window | Churn | Tickets | Where |');
      out.push('|:------|:---------|:-------|:----------|------------------:|------:|:--------|:------|');
      for (const entry of ledger.entries) {
        const where = entry.anchors.map((a) => `\`${escapeInline(a.path)}\`${a.symbol ? ` ${escapeInline(a.symbol)}` : ''}${a.status === 'orphaned' ? ' (orphaned)' : ''}`).join('<br>');
        const tickets = [...new Set([...entry.backlog, ...entry.interest.tickets])].slice(0, 6).join(', ');
        out.push(
          `| ${entry.id} ${escapeCell(entry.title)} | ${entry.severity} | ${entry.status} | ${entry.principal ?? ''} | ${entry.interest.revisions} | ${entry.interest.churn} | ${escapeCell(tickets)} | ${where} |`,
        );
      }
    }
    for (const diagnostic of ledger.diagnostics) {
      out.push(`- \`${escapeInline(diagnostic.path)}\` line ${diagnostic.line}: ${escapeCell(diagnostic.message)} (left as is)`);
    }
  }
  if (report.errors.length > 0) {
    out.push('');
    out.push('## Files that could not be measured');
    out.push('');
    for (const error of report.errors) {
      out.push(`- \`${escapeInline(error.path)}\`: ${escapeCell(error.message)}`);
    }
  }
  out.push('');
  return out.join('\n');
}

/** The functions with the highest score, most changed first among equals; only those that changed. */
export function topFunctions(file: FileReport, count: number): FileReport['functions'] {
  return file.functions.filter((fn) => (fn.revisions ?? 0) > 0).slice(0, count);
}

function escapeCell(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/[\r\n]+/g, ' ').replace(/</g, '&lt;');
}

function escapeInline(text: string): string {
  return text.replace(/`/g, "'").replace(/\|/g, '\\|').replace(/[\r\n]+/g, ' ');
}
