import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ensureDirectory } from '../../src/core/ensureDirectory';

describe('ensureDirectory', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'debt-lens-ensure-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('creates the missing folders of a path, and accepts one that exists', async () => {
    await ensureDirectory(path.join(dir, 'a', 'b', 'c'));
    assert.ok(fs.statSync(path.join(dir, 'a', 'b', 'c')).isDirectory());
    await ensureDirectory(path.join(dir, 'a', 'b'));
  });

  it('fails with ENOTDIR when a file is in the way', async () => {
    fs.writeFileSync(path.join(dir, 'file'), 'x');
    await assert.rejects(ensureDirectory(path.join(dir, 'file', 'sub')), { code: 'ENOTDIR' });
  });

  // Node's recursive mkdir loops forever there; this one gives up at the first refusal.
  it('fails at once under /proc, which refuses new folders with ENOENT', async function () {
    if (!fs.existsSync('/proc/self')) {
      this.skip();
    }
    const started = Date.now();
    await assert.rejects(ensureDirectory('/proc/debtlens/cache'), { code: 'ENOENT' });
    assert.ok(Date.now() - started < 1000);
  });
});
