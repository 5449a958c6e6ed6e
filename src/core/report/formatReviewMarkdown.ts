import type { FunctionChangeReport, FunctionComplexity, ReviewReport, ReviewVerdict } from '../review/reviewReport';
import { decideVerdict } from '../review/reviewVerdict';
import type { MarkdownColumn } from './markdownTable';
import { markdownCode, markdownTable, markdownText } from './markdownTable';

/** The first line of every review comment: a workflow finds its own comment by it and updates it. */
export const REVIEW_COMMENT_MARKER = '<!-- debt-lens-review -->';

/** GitHub refuses a comment body longer than this many characters. */
export const GITHUB_COMMENT_LIMIT = 65_536;

const left = (title: string): MarkdownColumn => ({ title, align: 'left' });
const right = (title: string): MarkdownColumn => ({ title, align: 'right' });

const VERDICT_BADGE: Record<ReviewVerdict, string> = { ok: '🟢 ok', attention: '🟡 attention', worse: '🔴 worse' };

/** Text of the repository (paths, names, ids) in a code span: it cannot format, link, open HTML or mention anyone. */
const code = (text: string): string => `\`${markdownCode(text)}\``;

/** One collapsible section: its summary line, the lines above its rows (a table head), the rows. */
interface Section {
  readonly summary: string;
  readonly head: readonly string[];
  readonly rows: readonly string[];
}

/**
 * The review as a pull-request comment: the hidden marker, a three-line summary (verdict, what
 * changed, what it touches), then one collapsible section per kind of finding. Every path, name and
 * id from the repository is in a code span. When the whole would pass `limit` characters (GitHub's
 * comment limit), rows are left out from the end and a note says how many.
 */
export function formatReviewMarkdown(report: ReviewReport, limit = GITHUB_COMMENT_LIMIT): string {
  const { reasons } = decideVerdict(report, code);
  const worse = reasons.filter((reason) => reason.startsWith('worse:')).length;
  const summary = [
    REVIEW_COMMENT_MARKER,
    `### Debt Lens review: ${VERDICT_BADGE[report.verdict]}${reasons.length > 0 ? ` — ${worse} worse, ${reasons.length - worse} for attention` : ''}`,
    `${report.functions.length} function(s) changed in ${report.files.length} source file(s) over ${report.commits} commit(s)${report.worktree ? ' and the work tree' : ''}, ` +
      `cognitive ${signed(cognitiveDelta(report))}, ${report.newComplexFunctions.length} new complex function(s); base \`${report.base.slice(0, 12)}\` (${baseText(report)}).`,
    `Hotspots touched: ${report.files.filter((file) => file.significant).length + report.functions.filter((fn) => fn.significant).length} · ` +
      `debt entries: ${report.entries.filter((entry) => entry.state === 'touched').length} touched, ${report.entries.filter((entry) => entry.state === 'orphaned').length} orphaned · ` +
      `co-changes missing: ${report.missingCoChanges.length} · backlog: ${report.tickets.length === 0 ? 'none' : report.tickets.map(code).join(', ')}`,
  ];
  // Small and decisive first: when the comment must be cut, what goes is the long tail of functions.
  const sections: Section[] = [
    { summary: `Why ${report.verdict} (${reasons.length})`, head: [], rows: reasons.map((reason) => `- ${reason}`) },
    {
      summary: `New complex functions (${report.newComplexFunctions.length})`,
      head: markdownTable([left('File'), left('Function'), right('Line'), right('Cognitive'), right('Cyclomatic')], []),
      rows: report.newComplexFunctions.map((fn) => tableRow([code(fn.path), code(fn.name), String(fn.startLine), String(fn.cognitive), String(fn.cyclomatic)])),
    },
    {
      summary: `Debt entries (${report.entries.length})`,
      head: markdownTable([left('Entry'), left('State'), left('Severity'), left('Title'), left('Where'), left('Backlog')], []),
      rows: report.entries.map((entry) =>
        tableRow([
          code(entry.id),
          entry.state,
          entry.severity,
          markdownText(entry.title).replace(/@/g, '@\u200b'),
          `${code(entry.path)}${entry.symbol === null ? '' : ` ${code(entry.symbol)}`}`,
          entry.backlog.map(code).join(', '),
        ]),
      ),
    },
    {
      summary: `Co-changes missing (${report.missingCoChanges.length})`,
      head: [],
      rows: report.missingCoChanges.map((pair) => `- ${code(pair.changed)} usually changes with ${code(pair.partner)}: degree ${pair.degree} %, ${pair.shared} shared`),
    },
    {
      summary: `Files (${report.files.length})`,
      head: markdownTable([left('File'), left('Change'), right(`${capitalized(report.complexityMetric)}`), right('Lines +/−'), right('Hotspot rank at base')], []),
      rows: report.files.map((file) =>
        tableRow([
          `${file.significant ? '🔥 ' : ''}${code(file.path)}${file.previousPath === null ? '' : ` (was ${code(file.previousPath)})`}${file.category === 'test' ? ' (test)' : ''}`,
          file.change,
          `${file.before ?? '–'} → ${file.after ?? '–'}`,
          `+${file.linesAdded} / −${file.linesDeleted}`,
          file.hotspotRank === null ? '–' : String(file.hotspotRank),
        ]),
      ),
    },
    {
      summary: `Functions (${report.functions.length})`,
      head: markdownTable([left('File'), left('Function'), left('Change'), right('Cognitive'), right('Cyclomatic'), right('Lines +/−'), right('Hotspot rank at base')], []),
      rows: functionsByRelevance(report.functions).map((fn) =>
        tableRow([
          code(fn.path),
          `${fn.significant ? '🔥 ' : ''}${code(fn.name)}${fn.previousName === null ? '' : ` (was ${code(fn.previousName)})`}`,
          fn.change,
          beforeAfter(fn.before, fn.after, 'cognitive'),
          beforeAfter(fn.before, fn.after, 'cyclomatic'),
          `+${fn.linesAdded} / −${fn.linesDeleted}`,
          fn.hotspotRank === null ? '–' : String(fn.hotspotRank),
        ]),
      ),
    },
  ].filter((section) => section.rows.length > 0);
  for (const warning of report.warnings) {
    summary.push('', `> **Warning:** ${markdownText(warning).replace(/@/g, '@\u200b')}`);
  }
  return fit(summary, sections, limit);
}

/** The summary and the sections, rows left out from the end so the whole stays within `limit` characters. */
function fit(summary: readonly string[], sections: readonly Section[], limit: number): string {
  const shell = (section: Section, rows: readonly string[]): string =>
    [`<details><summary>${section.summary}</summary>`, '', ...section.head, ...rows, '', '</details>', ''].join('\n');
  const top = `${summary.join('\n')}\n\n`;
  const whole = top + sections.map((section) => shell(section, section.rows)).join('');
  if (whole.length <= limit) {
    return whole;
  }
  const total = sections.reduce((sum, section) => sum + section.rows.length, 0);
  // Room for the note, whatever the count it names.
  const note = (left: number): string => `\n> **Note:** ${left} of ${total} rows are left out to stay under GitHub's ${String(limit).replace(/\B(?=(\d{3})+(?!\d))/g, ',')}-character comment limit; run \`debt-lens review\` for all of them.\n`;
  // Each shell with room for its "N shown" suffix.
  let budget = limit - top.length - note(total).length - sections.reduce((sum, section) => sum + shell(section, []).length + SHOWN_SUFFIX_ROOM, 0);
  let kept = 0;
  const parts = sections.map((section) => {
    const rows: string[] = [];
    for (const row of section.rows) {
      if (budget - (row.length + 1) < 0) {
        break;
      }
      budget -= row.length + 1;
      rows.push(row);
    }
    kept += rows.length;
    if (rows.length === 0) {
      return '';
    }
    return rows.length === section.rows.length ? shell(section, rows) : shell({ ...section, summary: `${section.summary}, ${rows.length} shown` }, rows);
  });
  return top + parts.join('') + note(total - kept);
}

/** Room kept per section for `, N shown`. */
const SHOWN_SUFFIX_ROOM = 24;

/**
 * Functions in the order a reviewer reads them: significant hotspots first, then by how much their
 * cognitive complexity moved, then by how complex they are now; the report's order among equals.
 */
export function functionsByRelevance(functions: readonly FunctionChangeReport[]): FunctionChangeReport[] {
  const delta = (fn: FunctionChangeReport): number => Math.abs((fn.after?.cognitive ?? 0) - (fn.before?.cognitive ?? 0));
  return functions
    .map((fn, index) => ({ fn, index }))
    .sort((x, y) => Number(y.fn.significant) - Number(x.fn.significant) || delta(y.fn) - delta(x.fn) || (y.fn.after?.cognitive ?? 0) - (x.fn.after?.cognitive ?? 0) || x.index - y.index)
    .map(({ fn }) => fn);
}

function tableRow(cells: readonly string[]): string {
  return `| ${cells.join(' | ')} |`;
}

function beforeAfter(before: FunctionComplexity | null, after: FunctionComplexity | null, key: keyof FunctionComplexity): string {
  return `${before === null ? '–' : before[key]} → ${after === null ? '–' : after[key]}`;
}

/** The sum over changed functions of cognitive after − before (an added function from 0, a removed one to 0). */
export function cognitiveDelta(report: Pick<ReviewReport, 'functions'>): number {
  return report.functions.reduce((sum, fn) => sum + (fn.after?.cognitive ?? 0) - (fn.before?.cognitive ?? 0), 0);
}

function signed(value: number): string {
  return value > 0 ? `+${value}` : value < 0 ? `−${-value}` : '±0';
}

/** How the base was chosen, in words. */
export function baseText(report: Pick<ReviewReport, 'baseSource' | 'baseRef'>): string {
  switch (report.baseSource) {
    case 'given':
      return `merge-base with ${code(report.baseRef)}, given`;
    case 'upstream':
      return `merge-base with the upstream ${code(report.baseRef)}`;
    case 'origin-head':
      return `merge-base with ${code(report.baseRef)}, the remote's default branch`;
    case 'main':
    case 'master':
      return `merge-base with the local ${code(report.baseRef)}`;
  }
}

function capitalized(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
