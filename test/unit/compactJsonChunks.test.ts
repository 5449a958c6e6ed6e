import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { compactJsonChunks } from '../../src/core/compactJsonChunks';
import { saveScanCache } from '../../src/core/scan/scanCache';

describe('compactJsonChunks', () => {
  it('joins to exactly what JSON.stringify writes, at every depth', () => {
    const value = {
      version: 7,
      root: '/tmp/répo "quoted" \\ \u2028',
      skipped: undefined,
      fn: () => 1,
      when: new Date('2026-12-02T00:00:00Z'),
      history: { head: 'abc', commits: [{ hash: 'a', files: [{ path: 'x.ts', added: 1, deleted: null }] }, { hash: 'b', files: [], extra: undefined }] },
      list: [1, undefined, () => 2, 'three', [4, [5, undefined]], {}, []],
      empty: {},
      nested: { a: { b: { c: { d: [1, 2, { e: 'deep' }] } } } },
    };
    for (const depth of [0, 1, 2, 3, 4, 10]) {
      assert.equal([...compactJsonChunks(value, depth)].join(''), JSON.stringify(value), `depth ${depth}`);
    }
    assert.equal([...compactJsonChunks([undefined], 2)].join(''), JSON.stringify([undefined]));
    assert.equal([...compactJsonChunks('text', 3)].join(''), JSON.stringify('text'));
    assert.ok([...compactJsonChunks(value, 3)].length > 20, 'written in pieces');
  });

  it('the scan cache file is the JSON of its data, written in pieces', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'debt-lens-chunked-'));
    try {
      const file = path.join(dir, 'scan.json');
      const commits = Array.from({ length: 30_000 }, (_, i) => ({ hash: i.toString(16).padStart(40, '0'), parents: [], authorName: `Ä ${i}`, authorEmail: 'a@b', authorTime: i, commitTime: i, message: `fix ${i}`, files: [{ path: `src/f${i % 97}.ts`, status: 'M' as const, added: i % 5, deleted: 1 }] }));
      const data = { version: 7, root: dir, history: { head: 'h', since: 0, mailmapKey: '', commits }, metrics: {}, xray: {} };
      await saveScanCache(file, data);
      const text = fs.readFileSync(file, 'utf8');
      assert.ok(text.length > 1 << 21, 'larger than one batch');
      assert.equal(text, JSON.stringify(data));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
