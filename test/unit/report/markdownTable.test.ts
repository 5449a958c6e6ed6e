import * as assert from 'node:assert/strict';
import { markdownCode, markdownTable, markdownText } from '../../../src/core/report/markdownTable';

/** The cell rule `debt list|markers --format markdown` had before it shared the scan report's. */
function formerDebtCell(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

describe('markdownTable', () => {
  it('writes the alignment row as wide as each header cell', () => {
    const columns = [{ title: '#', align: 'right' }, { title: 'File', align: 'left' }, { title: 'Lines', align: 'center' }, { title: 'Any' }] as const;
    assert.deepEqual(markdownTable(columns, [['1', '`a.ts`', '3–9', '']]), ['| # | File | Lines | Any |', '|--:|:-----|:-----:|---|', '| 1 | `a.ts` | 3–9 |  |']);
  });

  it('keeps a header and alignment row when there are no rows', () => {
    assert.deepEqual(markdownTable([{ title: 'id' }], []), ['| id |', '|---|']);
  });
});

describe('markdownText', () => {
  it('escapes pipes and backslashes, joins line breaks, and writes < so it opens no HTML', () => {
    assert.equal(markdownText('a|b\\c'), 'a\\|b\\\\c');
    assert.equal(markdownText('one\r\ntwo\n\nthree'), 'one two three');
    assert.equal(markdownText('Map<string, <b>x</b>>'), 'Map&lt;string, &lt;b>x&lt;/b>>');
  });

  it('differs from the debt commands’ former cell rule only on <, a lone CR and runs of line breaks', () => {
    const same = ['plain', 'a|b', 'back\\slash', 'one\ntwo', 'one\r\ntwo', '> quote', '`code`', '**bold**', '🔥 hot'];
    assert.deepEqual(same.map(markdownText), same.map(formerDebtCell));
    const differ: [string, string, string][] = [
      // input, now, before
      ['a <b> c', 'a &lt;b> c', 'a <b> c'],
      ['cr\ronly', 'cr only', 'cr\ronly'],
      ['two\n\nbreaks', 'two breaks', 'two  breaks'],
    ];
    assert.deepEqual(
      differ.map(([input]) => [input, markdownText(input), formerDebtCell(input)]),
      differ,
    );
  });
});

describe('markdownCode', () => {
  it('keeps a code span closed and on one table row', () => {
    assert.equal(markdownCode('a`b|c\nd'), "a'b\\|c d");
  });

  it('makes control characters visible, in code spans and in text', () => {
    assert.equal(markdownCode('ev\x1b[31mil.ts'), 'ev␛[31mil.ts');
    assert.equal(markdownText('Evil \x1b]0;pwned\x07 title'), 'Evil ␛]0;pwned␇ title');
  });
});
