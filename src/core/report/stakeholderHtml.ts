import { createHash } from 'node:crypto';
import type { Linked, StakeholderReport } from './stakeholderReport';
import { bandsChart, escapeHtml, monthlyChangesChart } from './svgCharts';

const STYLE = `
body { font: 14px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; color: #1f2328; margin: 2rem auto; max-width: 960px; padding: 0 1rem; }
h1 { font-size: 1.6rem; margin-bottom: 0.2rem; }
h2 { font-size: 1.2rem; margin-top: 2rem; border-bottom: 1px solid #d0d7de; padding-bottom: 0.2rem; }
.meta { color: #59636e; margin-top: 0; }
table { border-collapse: collapse; width: 100%; margin: 0.5rem 0 1rem; font-size: 13px; }
th, td { border: 1px solid #d0d7de; padding: 4px 8px; text-align: left; vertical-align: top; overflow-wrap: anywhere; }
th { background: #f6f8fa; overflow-wrap: normal; }
td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.caveats { color: #59636e; }
a { color: #0969da; }
svg.chart { max-width: 100%; height: auto; display: block; margin: 0.5rem 0; }
svg .grid { stroke: #d0d7de; stroke-width: 1; }
svg .axis { font-size: 11px; fill: #59636e; }
svg .label { font-size: 13px; font-weight: 600; fill: #1f2328; }
svg .value { font-size: 12px; fill: #1f2328; }
svg .commits { fill: #9ec5fe; }
svg .fixes { fill: #cf222e; }
svg .significant { fill: #cf222e; }
svg .rest { fill: #8c959f; }
@media print { body { margin: 0; } a { color: inherit; } }
`;

/**
 * The content security policy of the report: nothing loads or runs, not even from the file itself
 * (`default-src 'none'`, so no script, image, font or frame), and the one style sheet is allowed by
 * its hash, so an injected `<style>` or `style` attribute would not apply either.
 */
export function reportCsp(style: string = STYLE): string {
  const hash = createHash('sha256').update(style, 'utf8').digest('base64');
  return `default-src 'none'; style-src 'sha256-${hash}'; img-src 'none'; base-uri 'none'; form-action 'none'`;
}

function link(item: Linked): string {
  return item.url === null ? escapeHtml(item.text) : `<a href="${escapeHtml(item.url)}" rel="noopener noreferrer">${escapeHtml(item.text)}</a>`;
}

function table(header: readonly string[], rows: readonly (readonly { html: string; num?: boolean }[])[]): string {
  const head = `<tr>${header.map((title) => `<th>${escapeHtml(title)}</th>`).join('')}</tr>`;
  const body = rows.map((row) => `<tr>${row.map((item) => `<td${item.num ? ' class="num"' : ''}>${item.html === '' ? '–' : item.html}</td>`).join('')}</tr>`).join('\n');
  return `<table>\n<thead>${head}</thead>\n<tbody>\n${body}\n</tbody>\n</table>`;
}

const text = (value: string): { html: string } => ({ html: escapeHtml(value) });
const num = (value: number | string): { html: string; num: true } => ({ html: escapeHtml(String(value)), num: true });
const percent = (share: number | null): string => (share === null ? '–' : `${Math.round(share * 1000) / 10} %`);
const hours = (value: number | null): string => (value === null ? '–' : `${value} h`);

/**
 * The stakeholder report as one self-contained HTML file: inline SVG charts, no script, no remote
 * content, a CSP that forbids both; every string from the repository is escaped.
 */
export function formatStakeholderHtml(model: StakeholderReport): string {
  const sections: string[] = [];
  sections.push(`<h1>Technical debt report: ${escapeHtml(model.repository)}</h1>`);
  sections.push(`<p class="meta">Commit ${escapeHtml(model.head)} · window ${escapeHtml(model.since)} → ${escapeHtml(model.until)} · ${model.commits} commits</p>`);

  sections.push('<h2>Executive summary</h2>');
  sections.push(`<p><strong>Where the debt lives.</strong> ${model.where.map(escapeHtml).join(' ')}</p>`);
  sections.push(`<p><strong>What it costs here.</strong> ${model.cost.map(escapeHtml).join(' ')}</p>`);
  if (model.caveats.length > 0) {
    sections.push(`<p class="caveats"><strong>Caveats.</strong></p><ul class="caveats">${model.caveats.map((caveat) => `<li>${escapeHtml(caveat)}</li>`).join('')}</ul>`);
  }
  sections.push('<p><strong>Entries by status.</strong></p>');
  sections.push(table(['Status', 'Entries', 'Principal', 'Without a principal'], model.statuses.map((row) => [text(row.status), num(row.entries), num(`${row.principalHours} h`), num(row.withoutPrincipal)])));
  sections.push(bandsChart(model.bands));

  sections.push('<h2>Top hotspots</h2>');
  sections.push(
    model.hotspots.length === 0
      ? '<p>No ranked files.</p>'
      : table(
          ['#', 'File', 'Score', 'Changes', 'Bug fixes', 'Hottest function', 'Owner', 'Bus factor', 'Tickets', 'Entries'],
          model.hotspots.map((row) => [
            num(`${row.rank}${row.significant ? ' 🔥' : ''}`),
            { html: link(row.file) },
            num(row.score),
            num(row.revisions),
            num(percent(row.bugFixShare)),
            text(row.hottestFunction ?? ''),
            text(row.owner ?? ''),
            num(row.busFactor),
            { html: row.tickets.map(link).join(', ') },
            { html: row.entries.map((entry) => `${escapeHtml(entry.id)} ${escapeHtml(entry.title)}`).join('<br>') },
          ]),
        ),
  );

  sections.push('<h2>Debt entries by priority</h2>');
  sections.push(
    model.entries.length === 0
      ? '<p>No active entries.</p>'
      : table(
          ['Entry', 'Title', 'Status', 'Severity', 'Principal', 'Interest / month', 'Priority', 'Tickets', 'Where'],
          model.entries.map((row) => [
            text(row.id),
            { html: `${escapeHtml(row.title)}${row.method === null ? '' : `<br><small>${escapeHtml(row.method)}</small>`}` },
            text(row.status),
            text(row.severity),
            num(row.principal ?? ''),
            num(hours(row.interestHoursPerMonth)),
            num(row.priority === null ? '' : String(row.priority)),
            { html: row.tickets.map(link).join(', ') },
            { html: row.where.map(link).join('<br>') },
          ]),
        ),
  );

  sections.push('<h2>Changes and bug fixes by month</h2>');
  sections.push(monthlyChangesChart(model.byMonth));
  sections.push(
    table(
      ['Month', 'Commits', 'Bug fixes', 'Share'],
      model.byMonth.map((row) => [text(row.month), num(row.commits), num(row.bugFixCommits), num(percent(row.commits === 0 ? null : row.bugFixCommits / row.commits))]),
    ),
  );

  sections.push('<h2>Hotspots against the rest</h2>');
  const band = (name: string, b: StakeholderReport['bands']['significant']): { html: string; num?: boolean }[] => [
    text(name),
    num(b.files),
    num(b.commits),
    num(percent(b.bugFixShare)),
    num(hours(b.medianLeadTimeHours)),
    num(hours(b.p90LeadTimeHours)),
    num(b.n),
  ];
  sections.push(table(['Band', 'Files', 'Commits', 'Bug-fix share', 'Median lead time', 'p90 lead time', 'n'], [band('Significant hotspots', model.bands.significant), band('Rest', model.bands.rest)]));

  sections.push('<h2>Method</h2>');
  sections.push(`<ul>${model.method.map((line) => `<li>${escapeHtml(line)}</li>`).join('')}</ul>`);

  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${escapeHtml(reportCsp())}">`,
    '<meta name="referrer" content="no-referrer">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>Technical debt report: ${escapeHtml(model.repository)}</title>`,
    `<style>${STYLE}</style>`,
    '</head>',
    '<body>',
    ...sections,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
