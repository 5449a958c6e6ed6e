/// <reference lib="dom" />
/**
 * The impact panel's script (`dist/webview/impactView.js`): renders what the host posts, as text and
 * charts, and posts clicks back as requests the host validates. It holds no data of its own: after a
 * reload (the panel was hidden) it asks the host again with `ready`.
 */

import type { Chart } from 'chart.js';
import type { RenderMessage, ViewMessage } from '../editor/impactMessages';
import type { HotspotMapModel, ImpactViewModel } from '../editor/impactViewModel';
import { applyTheme, authorsChart, hotspotTreemap, trendChart } from './impactCharts';
import { breadcrumb, zoomedItems } from './hotspotMapTree';
import type { ThemeColors } from './themeColors';
import { readThemeColors } from './themeColors';
import type { FollowLink } from './viewDom';
import { actionButton, chartCanvas, element, paragraph, renderTable, section } from './viewDom';

interface VsCodeApi {
  postMessage(message: ViewMessage): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();
const root = document.getElementById('root')!;
const follow: FollowLink = (link) => vscode.postMessage(link);
/**
 * The charts on the page, by what they show (their data and the theme's colours). A redraw after a
 * ledger write changes tables, not charts: a chart with the same key is moved into the new page as it
 * is, not drawn again, so the page is rebuilt in a few milliseconds and nothing flickers.
 */
let charts = new Map<string, { readonly box: HTMLElement; readonly chart: Chart }>();
let current: ImpactViewModel | HotspotMapModel | undefined;

window.addEventListener('message', (event: MessageEvent<unknown>) => {
  const message = event.data as Partial<RenderMessage> | null;
  if (message?.type === 'render' && message.model) {
    current = message.model;
    render(current);
  }
});

// VS Code swaps the body's theme class (vscode-light, vscode-dark, vscode-high-contrast…) with the theme.
new MutationObserver(() => {
  if (current) {
    render(current);
  }
}).observe(document.body, { attributes: true, attributeFilter: ['class'] });

vscode.postMessage({ type: 'ready' });

function render(model: ImpactViewModel | HotspotMapModel): void {
  const previous = charts;
  charts = new Map();
  root.replaceChildren();
  const colors = readThemeColors();
  applyTheme(colors);
  if (model.kind === 'impact') {
    renderImpact(model, colors, previous);
  } else {
    renderHotspotMap(model, colors);
  }
  for (const { chart } of previous.values()) {
    chart.destroy();
  }
}

/**
 * Puts the chart `key` names in `parent`: the one already drawn (taken out of `previous`; a canvas
 * moved within one task is never seen detached by Chart.js), else a new one on a new canvas.
 */
function placeChart(parent: HTMLElement, key: string, previous: Map<string, { readonly box: HTMLElement; readonly chart: Chart }>, draw: () => Chart): void {
  const kept = previous.get(key);
  if (kept !== undefined) {
    previous.delete(key);
    parent.append(kept.box);
    charts.set(key, kept);
    return;
  }
  const chart = draw();
  charts.set(key, { box: chart.canvas.parentElement!, chart });
}

function renderImpact(model: ImpactViewModel, colors: ThemeColors, previous: Map<string, { readonly box: HTMLElement; readonly chart: Chart }>): void {
  const theme = JSON.stringify(colors);
  root.append(element('h1', undefined, model.title));
  paragraph(root, model.subtitle);

  if (model.entry) {
    // The entry itself first: what it is and what to do with it, before what its code costs.
    const entry = section(root, 'Debt entry', 'entry');
    entry.append(summaryList(model.entry.facts));
    const actions = element('div', 'actions');
    for (const action of model.entry.actions) {
      actions.append(actionButton(action.label, action.link, follow));
    }
    entry.append(actions);
  }

  section(root, 'Summary', 'summary').append(summaryList(model.summary));

  const trend = section(root, 'Change trend', 'trend');
  paragraph(trend, model.trend.note);
  if (model.trend.source !== 'none') {
    const total = model.trend.revisions.reduce((sum, value) => sum + value, 0);
    const label = `Revisions by month: ${total} in ${model.trend.months.length} months`;
    placeChart(trend, JSON.stringify(['trend', label, model.trend, theme]), previous, () => trendChart(chartCanvas(trend, label), model.trend, colors));
  }

  renderTable(section(root, 'Complexity and churn', 'complexity'), model.complexity, follow);

  const authors = section(root, 'Authors', 'authors');
  paragraph(authors, model.authors.note);
  if (model.authors.labels.length > 1) {
    const described = model.authors.labels.map((label, i) => `${label} ${model.authors.percents[i]} %`).join(', ');
    const label = `Shares of added lines: ${described}`;
    placeChart(authors, JSON.stringify(['authors', label, model.authors.labels, model.authors.percents, theme]), previous, () =>
      authorsChart(chartCanvas(authors, label, 'chart chart-small'), model.authors.labels, model.authors.percents, colors),
    );
  }
  renderTable(authors, model.authors.table, follow);

  renderTable(section(root, 'Coupled files', 'coupled'), model.coupled, follow);

  const importers = section(root, 'Importers', 'importers');
  paragraph(importers, model.importersNote);
  renderTable(importers, model.importers, follow);

  renderTable(section(root, 'Cost', 'cost'), model.cost, follow);
  renderTable(section(root, 'Backlog items', 'backlog'), model.backlog, follow);
  renderTable(section(root, 'Debt entries', 'entries'), model.entries, follow);
}

function summaryList(items: ImpactViewModel['summary']): HTMLDListElement {
  const list = element('dl', 'summary');
  for (const item of items) {
    const group = element('div');
    group.append(element('dt', undefined, item.label), element('dd', undefined, item.value));
    list.append(group);
  }
  return list;
}

/** The folder the map is zoomed into ('' for the whole folder); kept across redraws while it has files. */
let mapZoom = '';

function renderHotspotMap(model: HotspotMapModel, colors: ThemeColors): void {
  root.append(element('h1', undefined, model.title));
  paragraph(root, model.subtitle);
  const map = section(root, 'Hotspots', 'hotspot-map');
  if (model.tiles.length === 0) {
    paragraph(map, 'No file is ranked yet: nothing measured has changed in the window.');
    return;
  }
  if (zoomedItems(model.tiles, mapZoom).length === 0) {
    mapZoom = '';
  }
  const shown = zoomedItems(model.tiles, mapZoom);
  const zoomTo = (folder: string): void => {
    mapZoom = folder;
    render(model);
  };
  const trail = element('nav', 'breadcrumb');
  trail.setAttribute('aria-label', 'Folder');
  breadcrumb(mapZoom).forEach((step, index, steps) => {
    if (index > 0) {
      trail.append(element('span', 'separator', '›'));
    }
    if (index === steps.length - 1) {
      trail.append(element('span', 'current', step.label));
    } else {
      const button = element('button', 'link', step.label);
      button.type = 'button';
      button.title = step.zoom === '' ? 'Show every file' : `Show ${step.zoom}`;
      button.addEventListener('click', () => zoomTo(step.zoom));
      trail.append(button);
    }
  });
  trail.append(element('span', 'muted', ` · ${shown.length} ${shown.length === 1 ? 'file' : 'files'} · click a folder's name to zoom in`));
  map.append(trail);
  const legend = element('div', 'scale-legend');
  legend.append(element('span', undefined, '0 revisions'), element('span', 'scale-bar'), element('span', undefined, `${model.maxRevisions} revisions`));
  map.append(legend);
  const canvas = chartCanvas(map, `Treemap of ${shown.length} ranked files${mapZoom === '' ? '' : ` in ${mapZoom}`}, nested in their folders: area is lines of code, colour is revisions`, 'chart chart-map');
  const treemap = hotspotTreemap(canvas, model, mapZoom, colors, (target) => {
    if (target.kind === 'file') {
      follow({ type: 'openFile', path: target.tile.path });
    } else {
      zoomTo(target.folder);
    }
  });
  // Drawn anew on every render: a zoom changes it, and its clicks hold this model.
  charts.set(`map:${charts.size}`, { box: canvas.parentElement!, chart: treemap });
  // The canvas is not keyboard-reachable: the same files as a list, best rank first.
  const details = element('details');
  details.append(element('summary', undefined, 'Files as a list'));
  renderTable(
    details,
    {
      columns: ['Rank', 'File', 'LOC', 'Revisions'],
      rows: shown.map((tile) => [
        { text: String(tile.rank), numeric: true },
        { text: tile.path, link: { type: 'openFile', path: tile.path } },
        { text: String(tile.loc), numeric: true },
        { text: String(tile.revisions), numeric: true },
      ]),
      empty: '',
    },
    follow,
  );
  map.append(details);
}
