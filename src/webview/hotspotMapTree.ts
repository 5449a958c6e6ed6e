/**
 * The hotspot map's nesting and zoom, as plain data: which files a zoomed-in folder shows, the
 * folders they are grouped in, the path back up, and the label that fits a tile. No DOM, no Chart.js,
 * so it is unit-tested.
 */
import type { HotspotTile } from '../editor/impactViewModel';

/**
 * A tile as the treemap groups it: `g0` the first folder below the zoomed-in one, `g1` the rest of
 * its folder path (deeper folders are not nested further: their captions would not fit), `leaf` the
 * file's own path. A file directly in the zoomed-in folder has neither folder.
 */
export interface MapItem extends HotspotTile {
  readonly g0?: string;
  readonly g1?: string;
  readonly leaf: string;
}

/** The treemap's grouping keys, outermost first; `leaf` makes every file a rectangle of its own. */
export const MAP_GROUPS = ['g0', 'g1', 'leaf'] as const;

/** The files under `zoom` (a folder path, '' for all), grouped by their folders below it. */
export function zoomedItems(tiles: readonly HotspotTile[], zoom: string): MapItem[] {
  const prefix = zoom === '' ? '' : `${zoom}/`;
  return tiles
    .filter((tile) => tile.path.startsWith(prefix))
    .map((tile) => {
      const folders = tile.path.slice(prefix.length).split('/').slice(0, -1);
      const [first, ...rest] = folders;
      return {
        ...tile,
        ...(first !== undefined && { g0: first }),
        ...(rest.length > 0 && { g1: rest.join('/') }),
        leaf: tile.path,
      };
    });
}

/** The folder a group rectangle stands for: its level's folders below the zoomed-in one. */
export function groupFolder(zoom: string, item: Pick<MapItem, 'g0' | 'g1'>, groupIndex: number): string | undefined {
  const parts = groupIndex === 0 ? [item.g0] : [item.g0, item.g1];
  if (parts.some((part) => part === undefined)) {
    return undefined;
  }
  return [...(zoom === '' ? [] : [zoom]), ...parts].join('/');
}

/** `All files › src › billing`: each step a folder to zoom back out to. */
export function breadcrumb(zoom: string): { readonly label: string; readonly zoom: string }[] {
  const steps = [{ label: 'All files', zoom: '' }];
  if (zoom !== '') {
    const parts = zoom.split('/');
    parts.forEach((part, index) => steps.push({ label: part, zoom: parts.slice(0, index + 1).join('/') }));
  }
  return steps;
}

/**
 * The longest of the file's name, its name without the extension, or its start with an ellipsis
 * (three characters at least) that fits `width` pixels as `measure` says; '' when none does.
 */
export function fittingLabel(name: string, width: number, measure: (text: string) => number): string {
  const dot = name.lastIndexOf('.');
  const candidates = dot > 0 ? [name, name.slice(0, dot)] : [name];
  for (const candidate of candidates) {
    if (measure(candidate) <= width) {
      return candidate;
    }
  }
  const base = candidates.at(-1)!;
  for (let length = base.length - 1; length >= 3; length--) {
    const cut = `${base.slice(0, length)}…`;
    if (measure(cut) <= width) {
      return cut;
    }
  }
  return '';
}
