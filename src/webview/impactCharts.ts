/// <reference lib="dom" />
/**
 * The panel's charts. Only the Chart.js pieces used here are registered, so the bundle leaves the
 * rest out (`chart.js/auto` would pull in every controller and scale).
 */

import type { ChartConfiguration, TooltipItem } from 'chart.js';
import { ArcElement, BarController, BarElement, CategoryScale, Chart, DoughnutController, Legend, LinearScale, LineController, LineElement, PointElement, Tooltip } from 'chart.js';
import { TreemapController, TreemapElement } from 'chartjs-chart-treemap';
import type { HotspotMapModel, HotspotTile, TrendModel } from '../editor/impactViewModel';
import type { MapItem } from './hotspotMapTree';
import { fittingLabel, groupFolder, MAP_GROUPS, zoomedItems } from './hotspotMapTree';
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

/** A rectangle of the treemap: a folder (a group) or a file (group `leaf`, its one child the item). */
interface MapRect {
  readonly w?: number;
  readonly h?: number;
  readonly _data?: { readonly group?: string; readonly groupIndex?: number; readonly label?: string; readonly children?: readonly MapItem[]; readonly loc?: number };
}

/** What a click on the map asks for: a file to open, or a folder to zoom into. */
export type MapClick = { readonly kind: 'file'; readonly tile: HotspotTile } | { readonly kind: 'folder'; readonly folder: string };

const LABEL_PADDING = 3;

/**
 * The files under `zoom` as a treemap nested in their folders (captioned where a caption fits), each
 * file labelled with as much of its name as its tile holds. A click on a file opens it, on a folder's
 * caption zooms into the folder.
 */
export function hotspotTreemap(canvas: HTMLCanvasElement, map: HotspotMapModel, zoom: string, colors: ThemeColors, click: (target: MapClick) => void): Chart {
  const rectOf = (context: RawContext): MapRect | undefined => context.raw as MapRect | undefined;
  const isFile = (rect: MapRect | undefined): boolean => rect?._data?.group === 'leaf';
  const itemOf = (rect: MapRect | undefined): MapItem | undefined => rect?._data?.children?.[0];
  const fill = (context: RawContext): string => {
    const rect = rectOf(context);
    return isFile(rect) ? scaleColor(itemOf(rect)?.revisions ?? 0, map.maxRevisions, colors.coolest, colors.hottest) : colors.background;
  };
  const measure = canvas.getContext('2d');
  const font = `${colors.fontSize}px ${colors.fontFamily}`;
  const textWidth = (text: string): number => {
    if (measure === null) {
      return text.length * colors.fontSize * 0.6;
    }
    measure.font = font;
    return measure.measureText(text).width;
  };
  const folderOf = (rect: MapRect | undefined): string | undefined => {
    const item = itemOf(rect);
    const level = rect?._data?.groupIndex;
    return item === undefined || level === undefined || isFile(rect) ? undefined : groupFolder(zoom, item, level);
  };
  const chart: Chart = new Chart(canvas, {
    type: 'treemap',
    data: {
      datasets: [
        {
          label: 'Files',
          tree: zoomedItems(map.tiles, zoom) as unknown as Record<string, unknown>[],
          key: 'loc',
          groups: [...MAP_GROUPS],
          data: [],
          spacing: 1,
          borderWidth: 1,
          borderColor: (context: RawContext) => (isFile(rectOf(context)) ? colors.background : colors.grid),
          backgroundColor: fill,
          captions: {
            display: true,
            color: colors.foreground,
            font: { family: colors.fontFamily, size: colors.fontSize, weight: 'bold' },
            padding: LABEL_PADDING,
            formatter: (context: RawContext) => {
              const rect = rectOf(context);
              const label = rect?._data?.label ?? '';
              return fittingLabel(`${label}/`, Math.max(0, (rect?.w ?? 0) - 2 * LABEL_PADDING), textWidth) || ' ';
            },
          },
          labels: {
            display: true,
            overflow: 'hidden',
            padding: LABEL_PADDING,
            font: { family: colors.fontFamily, size: colors.fontSize },
            formatter: (context: RawContext) => {
              const rect = rectOf(context);
              const name = itemOf(rect)?.name ?? '';
              return fittingLabel(name, Math.max(0, (rect?.w ?? 0) - 2 * LABEL_PADDING), textWidth);
            },
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
            title: (items) => {
              const rect = items.at(-1) === undefined ? undefined : rectOf(items.at(-1)!);
              return isFile(rect) ? (itemOf(rect)?.path ?? '') : `${folderOf(rect) ?? ''}/`;
            },
            label: (item) => {
              const rect = rectOf(item);
              if (!isFile(rect)) {
                const files = rect?._data?.children?.length ?? 0;
                return [`${files} ${files === 1 ? 'file' : 'files'} · ${rect?._data?.loc ?? 0} lines of code`, 'Click to zoom in'];
              }
              const tile = itemOf(rect);
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
        // The innermost rectangle under the pointer: a file's tile lies inside its folders'.
        const hit = elements.at(-1);
        const rect = hit === undefined ? undefined : rectOf({ raw: chart.data.datasets[hit.datasetIndex]?.data[hit.index] });
        const tile = isFile(rect) ? itemOf(rect) : undefined;
        const folder = folderOf(rect);
        if (tile) {
          click({ kind: 'file', tile });
        } else if (folder !== undefined) {
          click({ kind: 'folder', folder });
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
