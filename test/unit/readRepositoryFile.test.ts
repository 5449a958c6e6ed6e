import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { readRepositoryFile, readRepositoryFileOrProblem } from '../../src/core/readRepositoryFile';

describe('readRepositoryFile', () => {
  let dir: string;
  let root: string;

  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'debt-lens-read-'));
    root = path.join(dir, 'repo');
    mkdirSync(path.join(root, 'src'), { recursive: true });
    writeFileSync(path.join(root, 'src', 'a.ts'), 'inside');
    writeFileSync(path.join(dir, 'secret.txt'), 'outside');
  });

  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('reads files inside the root and nothing outside it', () => {
    assert.equal(readRepositoryFile(root, 'src/a.ts'), 'inside');
    assert.equal(readRepositoryFile(root, 'src/../src/a.ts'), 'inside');
    assert.equal(readRepositoryFile(root, '../secret.txt'), undefined);
    assert.equal(readRepositoryFile(root, path.join(dir, 'secret.txt')), undefined);
    assert.equal(readRepositoryFile(root, 'src/missing.ts'), undefined);
    assert.equal(readRepositoryFile(root, 'src'), undefined, 'a folder is not a file');
  });

  it('accepts a root written with a trailing separator or not normalized', () => {
    assert.equal(readRepositoryFile(`${root}${path.sep}`, 'src/a.ts'), 'inside');
    assert.equal(readRepositoryFile(path.join(root, 'src', '..'), 'src/a.ts'), 'inside');
  });

  it('refuses a symlink, or a folder symlink on the way, that leads outside the root', function () {
    try {
      symlinkSync(path.join(dir, 'secret.txt'), path.join(root, 'src', 'leak.ts'));
      symlinkSync(dir, path.join(root, 'up'), 'dir');
    } catch {
      this.skip(); // no symlinks without privileges on Windows
    }
    assert.equal(readRepositoryFile(root, 'src/leak.ts'), undefined);
    assert.equal(readRepositoryFile(root, 'up/secret.txt'), undefined);
    assert.deepEqual(readRepositoryFileOrProblem(root, 'src/leak.ts'), { problem: 'outside' });
  });

  it('follows a symlink that stays inside the root, keeping the path as given', function () {
    try {
      symlinkSync(path.join(root, 'src', 'a.ts'), path.join(root, 'alias.ts'));
      symlinkSync(path.join(root, 'src'), path.join(root, 'lib'), 'dir');
    } catch {
      this.skip();
    }
    assert.deepEqual(readRepositoryFileOrProblem(root, 'alias.ts'), { rel: 'alias.ts', text: 'inside' });
    assert.deepEqual(readRepositoryFileOrProblem(root, 'lib/a.ts'), { rel: 'lib/a.ts', text: 'inside' });
  });

  it('reads a root that is itself reached through a symlink', function () {
    const linked = path.join(dir, 'linked-repo');
    try {
      symlinkSync(root, linked, 'dir');
    } catch {
      this.skip();
    }
    assert.equal(readRepositoryFile(linked, 'src/a.ts'), 'inside');
  });

  it('says why a file was not read', () => {
    assert.deepEqual(readRepositoryFileOrProblem(root, path.join(root, 'src', 'a.ts')), { rel: 'src/a.ts', text: 'inside' });
    assert.deepEqual(readRepositoryFileOrProblem(root, '../secret.txt'), { problem: 'outside' });
    assert.deepEqual(readRepositoryFileOrProblem(root, '.'), { problem: 'outside' });
    assert.deepEqual(readRepositoryFileOrProblem(root, 'src/missing.ts'), { problem: 'missing', rel: 'src/missing.ts' });
    assert.deepEqual(readRepositoryFileOrProblem(root, 'src'), { problem: 'not-a-file', rel: 'src' });
    assert.deepEqual(readRepositoryFileOrProblem(root, 'src/a.ts/deeper'), { problem: 'unreadable', rel: 'src/a.ts/deeper', code: 'ENOTDIR' });
  });
});
