import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadScanCache, removeStaleCacheTemps } from '../../../src/core/scan/scanCache';

describe('removeStaleCacheTemps', () => {
  let dir: string;
  let file: string;
  const NOW = Date.parse('2026-03-01T12:00:00Z');

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'debt-lens-cache-temps-'));
    file = path.join(dir, 'scan.json');
  });

  afterEach(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  /** Writes `name` last modified `ageMs` before {@link NOW}. */
  function put(name: string, ageMs: number): void {
    fs.writeFileSync(path.join(dir, name), 'x');
    const at = new Date(NOW - ageMs);
    fs.utimesSync(path.join(dir, name), at, at);
  }

  it('removes only the temp names saveScanCache gives that are over a minute old', async () => {
    put('scan.json.0123456789ab.tmp', 61_000);
    put('scan.json.ba9876543210.tmp', 59_000);
    put('scan.json.0123456789AB.tmp', 3_600_000);
    put('scan.json.0123456789.tmp', 3_600_000);
    put('other.json.0123456789ab.tmp', 3_600_000);
    put('notes.tmp', 3_600_000);
    put('scan.json', 3_600_000);
    await removeStaleCacheTemps(file, NOW);
    assert.deepEqual(fs.readdirSync(dir).sort(), ['notes.tmp', 'other.json.0123456789ab.tmp', 'scan.json', 'scan.json.0123456789.tmp', 'scan.json.0123456789AB.tmp', 'scan.json.ba9876543210.tmp']);
  });

  it('is quiet when the folder does not exist, and loading the cache cleans on the way', async () => {
    await removeStaleCacheTemps(path.join(dir, 'missing', 'scan.json'), NOW);
    put('scan.json.0123456789ab.tmp', 61_000);
    assert.deepEqual(await loadScanCache(file, '/repo', NOW), { status: 'missing' });
    assert.deepEqual(fs.readdirSync(dir), []);
  });
});
