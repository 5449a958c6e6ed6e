import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { readRepositoryFile } from '../../src/core/readRepositoryFile';

describe('readRepositoryFile', () => {
  it('reads files inside the root and nothing outside it', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'debt-lens-read-'));
    try {
      const root = path.join(dir, 'repo');
      mkdirSync(path.join(root, 'src'), { recursive: true });
      writeFileSync(path.join(root, 'src', 'a.ts'), 'inside');
      writeFileSync(path.join(dir, 'secret.txt'), 'outside');
      assert.equal(readRepositoryFile(root, 'src/a.ts'), 'inside');
      assert.equal(readRepositoryFile(root, 'src/../src/a.ts'), 'inside');
      assert.equal(readRepositoryFile(root, '../secret.txt'), undefined);
      assert.equal(readRepositoryFile(root, path.join(dir, 'secret.txt')), undefined);
      assert.equal(readRepositoryFile(root, 'src/missing.ts'), undefined);
      assert.equal(readRepositoryFile(root, 'src'), undefined, 'a folder is not a file');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
