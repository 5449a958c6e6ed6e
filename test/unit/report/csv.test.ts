import * as assert from 'node:assert/strict';
import { csvCell, csvTable } from '../../../src/core/report/csv';

/** The rule `debt list|show|markers --format csv` had before the two escapers became one (all cells text). */
function formerDebtCell(text: string): string {
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

describe('csvCell', () => {
  it('quotes a field with a quote, a comma or a line break, doubling quotes (RFC 4180)', () => {
    assert.deepEqual(
      ['plain', 'a,b', 'say "hi"', 'two\nlines', 'cr\rhere', 'crlf\r\nhere', ''].map(csvCell),
      ['plain', '"a,b"', '"say ""hi"""', '"two\nlines"', '"cr\rhere"', '"crlf\r\nhere"', ''],
    );
  });

  it('keeps spreadsheets from running text as a formula, and leaves numbers and flags as they are', () => {
    assert.deepEqual(['=SUM(A1)', '+1', '-1', '@me', '\tx', '\rx', "=a,b"].map(csvCell), ["'=SUM(A1)", "'+1", "'-1", "'@me", "'\tx", '"\'\rx"', '"\'=a,b"']);
    assert.deepEqual([-1, 0, 2.5, true, false, null].map(csvCell), ['-1', '0', '2.5', 'true', 'false', '']);
  });

  it('writes every text as the debt commands did: the two former escapers differed only on numbers', () => {
    const texts = ['', 'x', '-3', '=1', '+', '@', '\t', '\r', '\n', ',', '"', 'a"b', ' -1', "'", 'é,ü', '🔥 x'];
    assert.deepEqual(texts.map(csvCell), texts.map(formerDebtCell));
    // The scan's CSV passes numbers as numbers; text that looks like a negative number is guarded.
    assert.deepEqual([csvCell(-3), csvCell('-3')], ['-3', "'-3"]);
  });
});

describe('csvTable', () => {
  it('ends every line, the last one too, with CRLF', () => {
    assert.equal(csvTable(['a', 'b'], [['x,y', 1], [null, true]]), 'a,b\r\n"x,y",1\r\n,true\r\n');
    assert.equal(csvTable(['a'], []), 'a\r\n');
  });
});
