import type { Linked, StakeholderReport } from './stakeholderReport';
import { neutraliseControls } from './textTable';

/**
 * Text as Markdown that renders as exactly that text: every punctuation character CommonMark could
 * read as inline markup is backslash-escaped (so `**bold**` stays two asterisks; with `[` and `]` escaped, `[x](y)` is no link and
 * parentheses need nothing),
 * `<`, `>` and `&` become entities (so `<svg onload=…>` is never an element), line breaks one space,
 * other control characters visible.
 */
export function markdownInline(text: string): string {
  return neutraliseControls(
    text
      .replace(/[\r\n]+/g, ' ')
      .replace(/[\\`*_{}[\]#|~]/g, (character) => `\\${character}`)
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;'),
  );
}

/** A link whose text is escaped and whose address cannot end the link early; plain text without an address. */
function link(item: Linked): string {
  if (item.url === null) {
    return markdownInline(item.text);
  }
  return `[${markdownInline(item.text)}](<${item.url.replace(/[<>\s]/g, encodeURIComponent)}>)`;
}

function cell(text: string): string {
  return text === '' ? '–' : text;
}

function table(header: readonly string[], rows: readonly (readonly string[])[]): string[] {
  return [`| ${header.join(' | ')} |`, `|${header.map(() => ' --- ').join('|')}|`, ...rows.map((row) => `| ${row.map(cell).join(' | ')} |`)];
}

const percent = (share: number | null): string => (share === null ? '–' : `${Math.round(share * 1000) / 10} %`);
const hours = (value: number | null): string => (value === null ? '–' : `${value} h`);

/** The stakeholder report as Markdown: the same sections as the HTML, with tables where it has charts. */
export function formatStakeholderMarkdown(model: StakeholderReport): string {
  const out: string[] = [];
  out.push(`# Technical debt report: ${markdownInline(model.repository)}`, '');
  out.push(`Commit \`${model.head.replace(/[^0-9a-f]/g, '')}\` · window ${model.since} → ${model.until} · ${model.commits} commits`, '');
  out.push('## Executive summary', '');
  out.push('**Where the debt lives.** ' + model.where.map(markdownInline).join(' '), '');
  out.push('**What it costs here.** ' + model.cost.map(markdownInline).join(' '), '');
  if (model.caveats.length > 0) {
    out.push('**Caveats.**', '', ...model.caveats.map((caveat) => `- ${markdownInline(caveat)}`), '');
  }
  out.push('**Entries by status.**', '');
  out.push(...table(['Status', 'Entries', 'Principal', 'Without a principal'], model.statuses.map((row) => [row.status, String(row.entries), `${row.principalHours} h`, String(row.withoutPrincipal)])), '');

  out.push('## Top hotspots', '');
  if (model.hotspots.length === 0) {
    out.push('No ranked files.', '');
  } else {
    out.push(
      ...table(
        ['#', 'File', 'Score', 'Changes', 'Bug fixes', 'Hottest function', 'Owner', 'Bus factor', 'Tickets', 'Entries'],
        model.hotspots.map((row) => [
          `${row.rank}${row.significant ? ' 🔥' : ''}`,
          link(row.file),
          String(row.score),
          String(row.revisions),
          percent(row.bugFixShare),
          row.hottestFunction === null ? '' : markdownInline(row.hottestFunction),
          row.owner === null ? '' : markdownInline(row.owner),
          String(row.busFactor),
          row.tickets.map(link).join(', '),
          row.entries.map((entry) => `${markdownInline(entry.id)} ${markdownInline(entry.title)}`).join('; '),
        ]),
      ),
      '',
    );
  }

  out.push('## Debt entries by priority', '');
  if (model.entries.length === 0) {
    out.push('No active entries.', '');
  } else {
    out.push(
      ...table(
        ['Entry', 'Title', 'Status', 'Severity', 'Principal', 'Interest / month', 'Priority', 'Tickets', 'Where'],
        model.entries.map((row) => [
          markdownInline(row.id),
          markdownInline(row.title),
          row.status,
          row.severity,
          row.principal === null ? '' : markdownInline(row.principal),
          hours(row.interestHoursPerMonth),
          row.priority === null ? '' : String(row.priority),
          row.tickets.map(link).join(', '),
          row.where.map(link).join(', '),
        ]),
      ),
      '',
    );
    const methods = model.entries.filter((row) => row.method !== null);
    if (methods.length > 0) {
      out.push(...methods.map((row) => `- ${markdownInline(row.id)}: ${markdownInline(row.method ?? '')}`), '');
    }
  }

  out.push('## Changes and bug fixes by month', '');
  out.push(...table(['Month', 'Commits', 'Bug fixes', 'Share'], model.byMonth.map((row) => [row.month, String(row.commits), String(row.bugFixCommits), percent(row.commits === 0 ? null : row.bugFixCommits / row.commits)])), '');

  out.push('## Hotspots against the rest', '');
  const band = (name: string, b: StakeholderReport['bands']['significant']): string[] => [name, String(b.files), String(b.commits), percent(b.bugFixShare), hours(b.medianLeadTimeHours), hours(b.p90LeadTimeHours), String(b.n)];
  out.push(...table(['Band', 'Files', 'Commits', 'Bug-fix share', 'Median lead time', 'p90 lead time', 'n'], [band('Significant hotspots', model.bands.significant), band('Rest', model.bands.rest)]), '');

  out.push('## Method', '', ...model.method.map((line) => `- ${markdownInline(line)}`), '');
  return out.join('\n');
}
