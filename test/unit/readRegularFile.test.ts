import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { FileTooLargeError, NotARegularFileError, readRegularFile, readRegularFileSync } from '../../src/core/readRegularFile';

describe('readRegularFile', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'debt-lens-regular-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('reads a regular file, and one behind a symlink, as its exact bytes', async () => {
    const bytes = Buffer.from([0x43, 0x61, 0x66, 0xe9, 0x00, 0xff, 0x0a]);
    fs.writeFileSync(path.join(dir, 'a.md'), bytes);
    fs.symlinkSync('a.md', path.join(dir, 'link.md'));
    assert.deepEqual(await readRegularFile(path.join(dir, 'a.md')), bytes);
    assert.deepEqual(readRegularFileSync(path.join(dir, 'link.md')), bytes);
    assert.deepEqual(readRegularFileSync(path.join(dir, 'a.md')), bytes);
  });

  it('refuses a FIFO at once instead of waiting for a writer', async function () {
    if (process.platform === 'win32') {
      this.skip();
    }
    const fifo = path.join(dir, 'TD-abcdef-x.md');
    execFileSync('mkfifo', [fifo]);
    const started = Date.now();
    await assert.rejects(readRegularFile(fifo), (error: unknown) => error instanceof NotARegularFileError && error.kind === 'fifo');
    assert.throws(() => readRegularFileSync(fifo), (error: unknown) => error instanceof NotARegularFileError && error.kind === 'fifo');
    assert.ok(Date.now() - started < 2000);
  });

  it('refuses a directory and a device, and a file past maxBytes', async () => {
    await assert.rejects(readRegularFile(dir), (error: unknown) => error instanceof NotARegularFileError && error.kind === 'directory');
    assert.throws(() => readRegularFileSync('/dev/zero'), (error: unknown) => error instanceof NotARegularFileError && error.kind === 'device');
    fs.writeFileSync(path.join(dir, 'big.md'), 'x'.repeat(1025));
    await assert.rejects(readRegularFile(path.join(dir, 'big.md'), { maxBytes: 1024 }), (error: unknown) => error instanceof FileTooLargeError && error.size === 1025 && error.limit === 1024);
    assert.equal(readRegularFileSync(path.join(dir, 'big.md'), { maxBytes: 1025 }).length, 1025);
  });

  it('reads only the head of a file when the head says stop, and the whole file otherwise', () => {
    const file = path.join(dir, 'long.js');
    fs.writeFileSync(file, `${'a'.repeat(100)}${'b'.repeat(50)}`);
    const seen: [string, number][] = [];
    const stopped = readRegularFileSync(file, { head: { bytes: 100, stop: (head, size) => (seen.push([head.toString(), size]), true) } });
    assert.equal(stopped.toString(), 'a'.repeat(100));
    assert.deepEqual(seen, [['a'.repeat(100), 150]]);
    const whole = readRegularFileSync(file, { head: { bytes: 100, stop: () => false } });
    assert.equal(whole.toString(), `${'a'.repeat(100)}${'b'.repeat(50)}`);
    let called = false;
    assert.equal(readRegularFileSync(file, { head: { bytes: 150, stop: () => (called = true) } }).length, 150);
    assert.equal(called, false, 'a file no longer than the head is read whole without asking');
  });

  it('passes the system error through for a missing file', async () => {
    await assert.rejects(readRegularFile(path.join(dir, 'none.md')), { code: 'ENOENT' });
  });
});
