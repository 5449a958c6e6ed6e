import * as assert from 'node:assert/strict';
import type { HotspotTile } from '../../../src/editor/impactViewModel';
import { breadcrumb, fittingLabel, groupFolder, zoomedItems } from '../../../src/webview/hotspotMapTree';

const tile = (path: string): HotspotTile => ({ path, name: path.slice(path.lastIndexOf('/') + 1), loc: 10, revisions: 1, rank: 1, score: 1, complexity: 1 });
const TILES = ['src/billing/invoice.ts', 'src/billing/tax/rates.ts', 'src/billing/tax/eu/vat.ts', 'src/index.ts', 'README.ts'].map(tile);

describe('hotspot map nesting and zoom', () => {
  it('groups every file by its first folder and the rest of its folder path, each file a leaf of its own', () => {
    assert.deepEqual(zoomedItems(TILES, '').map(({ path, g0, g1, leaf }) => [path, g0, g1, leaf]), [
      ['src/billing/invoice.ts', 'src', 'billing', 'src/billing/invoice.ts'],
      ['src/billing/tax/rates.ts', 'src', 'billing/tax', 'src/billing/tax/rates.ts'],
      ['src/billing/tax/eu/vat.ts', 'src', 'billing/tax/eu', 'src/billing/tax/eu/vat.ts'],
      ['src/index.ts', 'src', undefined, 'src/index.ts'],
      ['README.ts', undefined, undefined, 'README.ts'],
    ]);
  });

  it('zooms into a folder: its files only, grouped below it', () => {
    assert.deepEqual(zoomedItems(TILES, 'src/billing').map(({ path, g0, g1 }) => [path, g0, g1]), [
      ['src/billing/invoice.ts', undefined, undefined],
      ['src/billing/tax/rates.ts', 'tax', undefined],
      ['src/billing/tax/eu/vat.ts', 'tax', 'eu'],
    ]);
    // A folder name that only starts like another is not inside it.
    assert.deepEqual(zoomedItems([...TILES, tile('src/billing-old/x.ts')], 'src/billing').length, 3);
    assert.deepEqual(zoomedItems(TILES, 'lib'), []);
  });

  it('names the folder a group stands for, and the way back out', () => {
    const [vat] = zoomedItems(TILES, 'src/billing').slice(2);
    assert.equal(groupFolder('src/billing', vat!, 0), 'src/billing/tax');
    assert.equal(groupFolder('src/billing', vat!, 1), 'src/billing/tax/eu');
    assert.equal(groupFolder('', zoomedItems(TILES, '')[3]!, 1), undefined);
    assert.deepEqual(breadcrumb(''), [{ label: 'All files', zoom: '' }]);
    assert.deepEqual(breadcrumb('src/billing'), [{ label: 'All files', zoom: '' }, { label: 'src', zoom: 'src' }, { label: 'billing', zoom: 'src/billing' }]);
  });

  it('labels a tile with as much of the name as fits: whole, without the extension, cut with an ellipsis, or nothing', () => {
    const measure = (text: string): number => text.length * 7;
    assert.equal(fittingLabel('invoice.ts', 70, measure), 'invoice.ts');
    assert.equal(fittingLabel('invoice.ts', 50, measure), 'invoice');
    assert.equal(fittingLabel('invoice.ts', 35, measure), 'invo…');
    assert.equal(fittingLabel('invoice.ts', 27, measure), '');
    assert.equal(fittingLabel('Makefile', 30, measure), 'Mak…');
  });
});
