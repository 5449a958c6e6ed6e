import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { RESCAN_SETTINGS, rescansOn } from '../../../src/editor/rescanSettings';

interface Manifest {
  readonly contributes: { readonly configuration: readonly { readonly properties: Readonly<Record<string, unknown>> }[] };
}

const manifest = JSON.parse(fs.readFileSync(path.resolve(__dirname, '..', '..', '..', 'package.json'), 'utf8')) as Manifest;
const keys = manifest.contributes.configuration.flatMap((group) => Object.keys(group.properties)).map((key) => key.replace(/^debtLens\./, ''));

describe('the settings that rescan', () => {
  it('are those the scan reads: scan.*, the ledger folder and the significance rule (with its deprecated percentile)', () => {
    const scanned = keys.filter((key) => /^(scan|significance)\./.test(key) || key === 'ledger.folder' || key === 'codeLens.hotspotPercentile');
    assert.ok(scanned.includes('significance.minComplexity') && scanned.includes('significance.percentile'), `package.json settings: ${keys.join(', ')}`);
    assert.deepEqual(keys.filter(rescansOn), scanned);
  });

  it('leave out what only the views and lenses read', () => {
    for (const key of ['codeLens.hotspots', 'codeLens.debt', 'codeLens.maxFunctionLenses', 'hotspots.maxFiles', 'backlog.liveLookups']) {
      assert.ok(keys.includes(key), `package.json has no debtLens.${key}`);
      assert.equal(rescansOn(key), false, key);
    }
  });

  it('name only settings package.json contributes', () => {
    for (const setting of RESCAN_SETTINGS) {
      assert.ok(keys.some((key) => key === setting || key.startsWith(`${setting}.`)), `debtLens.${setting} matches no contributed setting`);
    }
  });
});
