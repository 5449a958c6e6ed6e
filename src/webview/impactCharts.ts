/// <reference lib="dom" />
/**
 * The panel's charts. Only the Chart.js pieces used here are registered, so the bundle leaves the
 * rest out (`chart.js/auto` would pull in every controller and scale).
 */

import type { ChartConfiguration, TooltipItem } from 'chart.js';
import { ArcElement, BarController, BarElement, CategoryScale, Chart, DoughnutController, Legend, LinearScale, LineController, LineElement, PointElement, Tooltip } from 'chart.js';
import { TreemapController, TreemapElement } from 'chartjs-chart-treemap';
import type { HotspotMapModel, HotspotTile, TrendModel } from '../editor/impactViewModel';
import type { ThemeColors } from './themeColors';
import { readableOn, scaleColor } from './themeColors';

Chart.register(BarController, BarElement, LineController, LineElement, PointElement, DoughnutController, ArcElement, CategoryScale, LinearScale, Tooltip, Legend, TreemapController, TreemapElement);

/** Theme-wide defaults; set again on each render so a theme change reaches new charts. */
export function applyTheme(colors: ThemeColors): void {
  Chart.defaults.color = colors.foreground;
  Chart.defaults.borderColor = colors.grid;
  Chart.defaults.font.family = colors.fontFamily;
  Chart.defaults.font.size = colors.fontSize;
  // Motion adds nothing to a report and costs a re-render on every theme change.
  Chart.defaults.animation = false;
}

export function trendChart(canvas: HTMLCanvasElement, trend: TrendModel, colors: ThemeColors): Chart {
  const config: ChartConfiguration<'bar' | 'line', number[], string> = {
    type: 'bar',
    data: {
      labels: [...trend.months],
      datasets: [
        { type: 'bar', label: 'Revisions', data: [...trend.revisions], backgroundColor: colors.series[0], yAxisID: 'revisions', order: 2 },
        ...(trend.churn === null
          ? []
          : [{ type: 'line' as const, label: 'Churn (lines)', data: [...trend.churn], borderColor: colors.series[1], backgroundColor: colors.series[1], yAxisID: 'churn', order: 1, pointRadius: 2 }]),
      ],
    },
    options: {
      responsive: true,
      maintainAspectRatio: false,
      scales: {
        revisions: { type: 'linear', position: 'left', beginAtZero: true, ticks: { precision: 0 }, title: { display: true, text: 'Revisions' } },
        ...(trend.churn !== null && { churn: { type: 'linear' as const, position: 'right' as const, beginAtZero: true, ticks: { precision: 0 }, grid: { drawOnChartArea: false }, title: { display: true, text: 'Lines' } } }),
        x: { type: 'category', grid: { display: false } },
      },
      plugins: { legend: { position: 'bottom' } },
    },
  };
  return new Chart(canvas, config);
}

export function authorsChart(canvas: HTMLCanvasElement, labels: readonly string[], percents: readonly number[], colors: ThemeColors): Chart {
  const config: ChartConfiguration<'doughnut', number[], string> = {
    type: 'doughnut',
    data: {
      labels: [...labels],
      datasets: [{ data: [...percents], backgroundColor: labels.map((_, i) => colors.series[i % colors.series.length]!), borderColor: colors.background, borderWidth: 2 }],
    },
    options: {
      responsive: true,
      maintainAspectRatio: false,
      plugins: {
        legend: { position: 'right' },
        tooltip: { callbacks: { label: (item: TooltipItem<'doughnut'>) => ` ${item.label}: ${item.parsed} %` } },
      },
    },
  };
  return new Chart(canvas, config);
}

/** What the treemap's scriptable options and tooltips are called with, as far as they are read here. */
interface RawContext {
  readonly raw?: unknown;
}

export function hotspotTreemap(canvas: HTMLCanvasElement, map: HotspotMapModel, colors: ThemeColors, open: (tile: HotspotTile) => void): Chart {
  const tileOf = (context: RawContext): HotspotTile | undefined => (context.raw as { _data?: HotspotTile } | undefined)?._data;
  const fill = (context: RawContext): string => scaleColor(tileOf(context)?.revisions ?? 0, map.maxRevisions, colors.coolest, colors.hottest);
  const chart: Chart = new Chart(canvas, {
    type: 'treemap',
    data: {
      datasets: [
        {
          label: 'Files',
          tree: map.tiles as unknown as Record<string, unknown>[],
          key: 'loc',
          data: [],
          spacing: 0.5,
          borderWidth: 1,
          borderColor: colors.background,
          backgroundColor: fill,
          labels: {
            display: true,
            overflow: 'hidden',
            formatter: (context: RawContext) => tileOf(context)?.name ?? '',
            color: (context: RawContext) => readableOn(fill(context)),
          },
        },
      ],
    },
    options: {
      responsive: true,
      maintainAspectRatio: false,
      plugins: {
        legend: { display: false },
        tooltip: {
          callbacks: {
            title: (items) => (items[0] ? (tileOf(items[0])?.path ?? '') : ''),
            label: (item) => {
              const tile = tileOf(item);
              if (tile === undefined) {
                return '';
              }
              const complexity = tile.complexity === null ? [] : [`${map.complexityMetric}: ${tile.complexity}`];
              return [`rank #${tile.rank} · score ${tile.score}`, `${tile.loc} lines of code`, `${tile.revisions} revisions`, ...complexity];
            },
          },
        },
      },
      onClick: (_event, elements) => {
        const hit = elements[0];
        const point = hit === undefined ? undefined : chart.data.datasets[hit.datasetIndex]?.data[hit.index];
        const tile = point === undefined ? undefined : tileOf({ raw: point });
        if (tile) {
          open(tile);
        }
      },
      onHover: (event, elements) => {
        const target = event.native?.target;
        if (target instanceof HTMLElement) {
          target.style.cursor = elements.length > 0 ? 'pointer' : 'default';
        }
      },
    },
  });
  return chart;
}
