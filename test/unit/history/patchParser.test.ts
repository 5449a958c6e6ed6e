import * as assert from 'node:assert/strict';
import type { FilePatch } from '../../../src/core/history/patchParser';
import { PatchParser } from '../../../src/core/history/patchParser';

const A = 'a'.repeat(40);
const B = 'b'.repeat(40);

/** `git log -p -U0 --format=%x00%H` output of two commits: B (newest) edits and renames, A creates and deletes. */
const OUTPUT = [
  `\x00${B}`,
  '',
  'diff --git a/src/old.ts b/src/new.ts',
  'similarity index 90%',
  'rename from src/old.ts',
  'rename to src/new.ts',
  'index 1111111..2222222 100644',
  '--- a/src/old.ts',
  '+++ b/src/new.ts',
  '@@ -2 +2,2 @@ export function f() {',
  '-  return 1;',
  '+  const x = 1;',
  '+  return x;',
  '@@ -9,3 +10,0 @@ export function g() {',
  '-  a();',
  '-  b();',
  '-  c();',
  'diff --git "a/src/t\\303\\251st\\tx.ts" "b/src/t\\303\\251st\\tx.ts"',
  'index 3333333..4444444 100644',
  '--- "a/src/t\\303\\251st\\tx.ts"',
  '+++ "b/src/t\\303\\251st\\tx.ts"',
  '@@ -1 +1 @@',
  '-old',
  '+new',
  `\x00${A}`,
  '',
  'diff --git a/src/old.ts b/src/old.ts',
  'new file mode 100644',
  'index 0000000..1111111',
  '--- /dev/null',
  '+++ b/src/old.ts',
  '@@ -0,0 +1,3 @@',
  '+export function f() {',
  '+  return 1;',
  '+}',
  'diff --git a/src/gone.ts b/src/gone.ts',
  'deleted file mode 100644',
  'index 5555555..0000000',
  '--- a/src/gone.ts',
  '+++ /dev/null',
  '@@ -1 +0,0 @@',
  '-export const gone = 1;',
  '',
].join('\n');

function parse(chunks: readonly Buffer[]): FilePatch[] {
  const patches: FilePatch[] = [];
  const parser = new PatchParser((patch) => patches.push(patch));
  for (const chunk of chunks) {
    parser.push(chunk);
  }
  parser.end();
  return patches;
}

describe('PatchParser', () => {
  const expected: FilePatch[] = [
    {
      commit: B,
      oldPath: 'src/old.ts',
      newPath: 'src/new.ts',
      hunks: [
        { oldStart: 2, oldCount: 1, newStart: 2, newCount: 2, removed: ['  return 1;'] },
        { oldStart: 9, oldCount: 3, newStart: 10, newCount: 0, removed: ['  a();', '  b();', '  c();'] },
      ],
    },
    { commit: B, oldPath: 'src/tést\tx.ts', newPath: 'src/tést\tx.ts', hunks: [{ oldStart: 1, oldCount: 1, newStart: 1, newCount: 1, removed: ['old'] }] },
    { commit: A, oldPath: null, newPath: 'src/old.ts', hunks: [{ oldStart: 0, oldCount: 0, newStart: 1, newCount: 3, removed: [] }] },
  ];

  it('reads each commit\'s file sections: paths across renames, quoted paths, hunk headers and removed lines; deletions are left out', () => {
    assert.deepEqual(parse([Buffer.from(OUTPUT, 'utf8')]), expected);
  });

  it('gives the same patches whatever the chunk boundaries, inside lines and multi-byte characters included', () => {
    const bytes = Buffer.from(OUTPUT, 'utf8');
    for (const size of [1, 7, 64]) {
      const chunks: Buffer[] = [];
      for (let start = 0; start < bytes.length; start += size) {
        chunks.push(bytes.subarray(start, start + size));
      }
      assert.deepEqual(parse(chunks), expected, `chunks of ${size} bytes`);
    }
  });

  it('ignores file sections before the first commit header', () => {
    assert.deepEqual(parse([Buffer.from(OUTPUT.slice(OUTPUT.indexOf('diff --git "a')), 'utf8')]).map((patch) => patch.commit), [A]);
  });
});
