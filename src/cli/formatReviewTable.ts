import { cognitiveDelta, functionsByRelevance } from '../core/report/formatReviewMarkdown';
import type { TextColumn } from '../core/report/textTable';
import { renderTextTable } from '../core/report/textTable';
import type { FunctionComplexity, ReviewReport } from '../core/review/reviewReport';

const BASE_WORDS: Record<ReviewReport['baseSource'], string> = {
  given: 'given with --base',
  upstream: 'the upstream of the branch',
  'origin-head': "origin/HEAD, the remote's default branch",
  main: 'the local main branch',
  master: 'the local master branch',
};

/**
 * The terminal review: what was compared and why the verdict, then the `top` most telling changed
 * functions (significant first, then by how much their complexity moved) and the rest, each list only
 * when not empty.
 */
export function formatReviewTable(report: ReviewReport, top = 20, width = 120): string {
  const out: string[] = [];
  out.push(`Review of ${report.head.slice(0, 8)}${report.worktree ? ' + work tree' : ''} against ${report.base.slice(0, 8)}, the merge-base with ${report.baseRef} (${BASE_WORDS[report.baseSource]})`);
  out.push(
    `Verdict: ${report.verdict} · ${report.commits} commit(s) · ${report.functions.length} function(s) changed in ${report.files.length} source file(s) · cognitive ${signed(cognitiveDelta(report))}`,
  );
  if (report.base === report.head && !report.worktree) {
    out.push(`Nothing to review: the head is the base itself (give --base <ref>, or --worktree for uncommitted changes).`);
  }
  for (const reason of report.reasons) {
    out.push(`  ${reason}`);
  }
  if (report.functions.length > 0) {
    out.push('');
    const columns: TextColumn[] = [
      { title: 'change', align: 'left' },
      { title: 'cogn', align: 'right' },
      { title: 'cyclo', align: 'right' },
      { title: '+/-', align: 'right' },
      { title: 'rank', align: 'right' },
      { title: 'function', align: 'left' },
    ];
    const shown = functionsByRelevance(report.functions).slice(0, top);
    const rows = shown.map((fn) => [
      fn.change,
      beforeAfter(fn.before, fn.after, 'cognitive'),
      beforeAfter(fn.before, fn.after, 'cyclomatic'),
      `+${fn.linesAdded}/-${fn.linesDeleted}`,
      fn.hotspotRank === null ? '–' : String(fn.hotspotRank),
      `${fn.significant ? '🔥 ' : ''}${fn.path} ${fn.name}${fn.previousName === null ? '' : ` (was ${fn.previousName})`}`,
    ]);
    out.push(...renderTextTable(columns, rows, width));
    if (report.functions.length > shown.length) {
      out.push(`… and ${report.functions.length - shown.length} more changed function(s) (--top <n>, or --format json for all)`);
    }
  }
  if (report.newComplexFunctions.length > 0) {
    out.push('', `New functions at or above the complexity floor (cognitive ${report.significance.minFunctionComplexity}):`);
    for (const fn of report.newComplexFunctions) {
      out.push(`  ${String(fn.cognitive).padStart(4)}  ${fn.path}:${fn.startLine} ${fn.name}${fn.category === 'test' ? ' (test)' : ''}`);
    }
  }
  if (report.missingCoChanges.length > 0) {
    out.push('', 'Usually changed together, not changed here (degree, shared):');
    for (const pair of report.missingCoChanges.slice(0, 10)) {
      out.push(`  ${String(pair.degree).padStart(3)}%  ${String(pair.shared).padStart(4)}  ${pair.changed} ⇢ ${pair.partner}`);
    }
    if (report.missingCoChanges.length > 10) {
      out.push(`  … and ${report.missingCoChanges.length - 10} more (--format json lists all)`);
    }
  }
  if (report.entries.length > 0) {
    out.push('', 'Debt entries:');
    for (const entry of report.entries) {
      out.push(`  ${entry.id}  ${entry.state.padEnd(8)} ${entry.severity.padEnd(8)} ${entry.title} — ${entry.path}${entry.symbol === null ? '' : ` ${entry.symbol}`}`);
    }
  }
  if (report.tickets.length > 0) {
    out.push('', `Backlog: ${report.tickets.join(', ')}`);
  }
  return out.join('\n') + '\n';
}

function beforeAfter(before: FunctionComplexity | null, after: FunctionComplexity | null, key: keyof FunctionComplexity): string {
  return `${before === null ? '–' : before[key]}→${after === null ? '–' : after[key]}`;
}

function signed(value: number): string {
  return value > 0 ? `+${value}` : value < 0 ? `−${-value}` : '±0';
}
