import * as assert from 'node:assert/strict';
import { looksGeneratedOrMinified } from '../../../src/core/hotspots/pathFilter';
import { countLines, looksMachineWritten, looksMinifiedHead, MINIFIED_PROBE_BYTES } from '../../../src/core/hotspots/sourceShape';

/** `count` non-blank lines taking `shapes` distinct shapes (`x;`, `x;;`, …), blank lines between. */
function linesOfShapes(count: number, shapes: number): string {
  return Array.from({ length: count }, (_, i) => `value${i} ${';'.repeat((i % shapes) + 1)}\n\n`).join('');
}

describe('sourceShape', () => {
  it('judges a head minified above 300 bytes per line', () => {
    assert.equal(MINIFIED_PROBE_BYTES, 65_536);
    // 65,536 bytes in 218 lines: 300.6 bytes per line; in 219 lines: 299.3.
    const withNewlines = (newlines: number): Buffer => {
      const head = Buffer.alloc(MINIFIED_PROBE_BYTES, 0x61);
      for (let i = 1; i <= newlines; i++) {
        head[i * 290] = 0x0a;
      }
      return head;
    };
    assert.equal(looksMinifiedHead(withNewlines(217)), true);
    assert.equal(looksMinifiedHead(withNewlines(218)), false);
    assert.equal(looksMinifiedHead(Buffer.alloc(2048, 0x61)), false, 'no more than 2,048 bytes is never minified');
  });

  it('calls code machine-written at 1,000 non-blank lines and fewer than one shape per 50', () => {
    assert.equal(countLines(linesOfShapes(1000, 19)), 2001);
    assert.equal(looksMachineWritten(linesOfShapes(1000, 19), 2001), true, '19 shapes < 1000 / 50');
    assert.equal(looksMachineWritten(linesOfShapes(1000, 20), 2001), false, '20 shapes = 1000 / 50');
    assert.equal(looksMachineWritten(linesOfShapes(999, 1), 1999), false, 'fewer than 1,000 non-blank lines');
    // Strings, numbers and words are placeholders: these two lines share a shape; `?` makes a third.
    const client = (i: number): string =>
      `export function get${i}(c: Client, id: string) {\n  return c.get('/users/' + id, ${i});\n}\n` +
      `export function list${i}(c: Client, p?: number) {\n  return c.get("/orders", p);\n}\n`;
    const text = Array.from({ length: 200 }, (_, i) => client(i)).join('');
    assert.equal(looksMachineWritten(text, countLines(text)), true);
    assert.equal(looksGeneratedOrMinified(text), 'generated');
  });

  it('leaves hand-written variety alone', () => {
    const text = Array.from({ length: 1200 }, (_, i) => `const v${i} = ${'('.repeat(i % 30)}${i}${')'.repeat(i % 30)}${' + 1'.repeat(i % 3)};\n`).join('');
    // 30 shapes (i % 3 follows from i % 30) in 1,200 lines: 0.025 per line, above 0.02.
    assert.equal(looksMachineWritten(text, countLines(text)), false);
    assert.equal(looksGeneratedOrMinified(text), undefined);
  });
});
