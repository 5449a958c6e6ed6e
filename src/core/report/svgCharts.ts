/**
 * Inline SVG charts for the stakeholder report: static markup, no script, no external reference, so
 * the report stays one file that opens anywhere. Colours come from classes the report's style sheet
 * defines (a strict CSP blocks `style` attributes); every label passes through `escapeHtml`.
 */
import type { CostBand } from '../cost/costBands';
import type { MonthlyChanges } from '../cost/repositoryCost';

/** Text for HTML element content and attribute values alike. */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

const WIDTH = 720;
const HEIGHT = 240;
const MARGIN = { top: 16, right: 12, bottom: 44, left: 40 };

/** Bars of commits per month with the bug fixes among them drawn over them, and a legend. */
export function monthlyChangesChart(months: readonly MonthlyChanges[]): string {
  const plotWidth = WIDTH - MARGIN.left - MARGIN.right;
  const plotHeight = HEIGHT - MARGIN.top - MARGIN.bottom;
  const max = Math.max(1, ...months.map((month) => month.commits));
  const step = plotWidth / Math.max(1, months.length);
  const barWidth = Math.max(2, step * 0.7);
  const y = (value: number): number => MARGIN.top + plotHeight - (value / max) * plotHeight;
  const parts: string[] = [];
  for (const tick of niceTicks(max)) {
    parts.push(`<line class="grid" x1="${MARGIN.left}" x2="${WIDTH - MARGIN.right}" y1="${fixed(y(tick))}" y2="${fixed(y(tick))}"/>`);
    parts.push(`<text class="axis" x="${MARGIN.left - 6}" y="${fixed(y(tick) + 4)}" text-anchor="end">${tick}</text>`);
  }
  months.forEach((month, index) => {
    const x = MARGIN.left + index * step + (step - barWidth) / 2;
    const label = `${month.month}: ${month.commits} commits, ${month.bugFixCommits} bug fixes`;
    parts.push(`<g><title>${escapeHtml(label)}</title>`);
    parts.push(`<rect class="commits" x="${fixed(x)}" y="${fixed(y(month.commits))}" width="${fixed(barWidth)}" height="${fixed(y(0) - y(month.commits))}"/>`);
    parts.push(`<rect class="fixes" x="${fixed(x)}" y="${fixed(y(month.bugFixCommits))}" width="${fixed(barWidth)}" height="${fixed(y(0) - y(month.bugFixCommits))}"/></g>`);
    if (months.length <= 12 || index % Math.ceil(months.length / 12) === 0) {
      parts.push(`<text class="axis" x="${fixed(x + barWidth / 2)}" y="${HEIGHT - MARGIN.bottom + 16}" text-anchor="middle">${escapeHtml(month.month)}</text>`);
    }
  });
  parts.push(`<rect class="commits" x="${MARGIN.left}" y="${HEIGHT - 18}" width="12" height="12"/><text class="axis" x="${MARGIN.left + 18}" y="${HEIGHT - 8}">commits</text>`);
  parts.push(`<rect class="fixes" x="${MARGIN.left + 100}" y="${HEIGHT - 18}" width="12" height="12"/><text class="axis" x="${MARGIN.left + 118}" y="${HEIGHT - 8}">bug fixes</text>`);
  return svg('changes-by-month', 'Commits and bug fixes by month', parts);
}

/** Two pairs of bars: bug-fix share and median lead time, the significant hotspots beside the rest. */
export function bandsChart(bands: { readonly significant: CostBand; readonly rest: CostBand }): string {
  const rows: { label: string; significant: number | null; rest: number | null; unit: string }[] = [
    { label: 'Bug-fix share of commits', significant: percentOf(bands.significant.bugFixShare), rest: percentOf(bands.rest.bugFixShare), unit: ' %' },
    { label: 'Median ticket lead time', significant: bands.significant.medianLeadTimeHours, rest: bands.rest.medianLeadTimeHours, unit: ' h' },
  ];
  const labelWidth = 190;
  const barMax = WIDTH - labelWidth - 120;
  const parts: string[] = [];
  rows.forEach((row, index) => {
    const top = 4 + index * 84;
    const max = Math.max(row.significant ?? 0, row.rest ?? 0, 1e-9);
    parts.push(`<text class="label" x="0" y="${top + 14}">${escapeHtml(row.label)}</text>`);
    ([['significant', 'hotspots', row.significant], ['rest', 'rest', row.rest]] as const).forEach(([kind, name, value], bar) => {
      const y = top + 20 + bar * 26;
      const width = value === null ? 0 : (value / max) * barMax;
      const text = value === null ? 'unknown' : `${Math.round(value * 10) / 10}${row.unit}`;
      parts.push(`<text class="axis" x="${labelWidth - 8}" y="${y + 16}" text-anchor="end">${name}</text>`);
      parts.push(`<rect class="${kind}" x="${labelWidth}" y="${y + 4}" width="${fixed(width)}" height="18"><title>${escapeHtml(`${name}: ${text}`)}</title></rect>`);
      parts.push(`<text class="value" x="${fixed(labelWidth + width + 6)}" y="${y + 17}">${escapeHtml(text)}</text>`);
    });
  });
  return svg('bands', 'Significant hotspots against the rest', parts, 176);
}

function svg(id: string, title: string, parts: readonly string[], height = HEIGHT): string {
  return `<svg class="chart" id="${id}" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${WIDTH} ${height}" width="${WIDTH}" height="${height}" role="img" aria-label="${escapeHtml(title)}"><title>${escapeHtml(title)}</title>${parts.join('')}</svg>`;
}

function percentOf(share: number | null): number | null {
  return share === null ? null : share * 100;
}

/** Up to five whole, round ticks from 0 to `max` (counts of commits). */
function niceTicks(max: number): number[] {
  const rough = max / 4;
  const magnitude = 10 ** Math.floor(Math.log10(rough));
  const step = Math.max(1, [1, 2, 5, 10].map((factor) => factor * magnitude).find((candidate) => candidate >= rough) ?? rough);
  const ticks: number[] = [];
  for (let tick = 0; tick <= max + 1e-9; tick += step) {
    ticks.push(Math.round(tick));
  }
  return [...new Set(ticks)];
}

function fixed(value: number): string {
  return String(Math.round(value * 10) / 10);
}
