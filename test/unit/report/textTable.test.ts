import * as assert from 'node:assert/strict';
import type { TextColumn } from '../../../src/core/report/textTable';
import { displayWidth, neutraliseControls, neutraliseControlsInLines, renderTextTable } from '../../../src/core/report/textTable';

/** The table `debt list|markers` printed before it shared the scan's renderer: widths in UTF-16 units. */
function formerDebtTable(header: readonly string[], rows: readonly (readonly string[])[]): string[] {
  const widths = header.map((title, i) => Math.max(title.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: readonly string[]): string =>
    cells
      .map((cell, i) => (i === cells.length - 1 ? cell : cell.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)];
}

const left = (...titles: string[]): TextColumn[] => titles.map((title) => ({ title, align: 'left' }));

describe('renderTextTable', () => {
  it('aligns columns two spaces apart under a dashed rule, without trailing spaces', () => {
    const columns: TextColumn[] = [{ title: '#', align: 'right' }, { title: 'name', align: 'left' }, { title: 'file', align: 'left' }];
    assert.deepEqual(renderTextTable(columns, [['1', 'a', 'x.ts'], ['12', 'long name', '']]), [
      ' #  name       file',
      '--  ---------  ----',
      ' 1  a          x.ts',
      '12  long name',
    ]);
  });

  it('fits a width by cutting the last column at its start, never below 20 cells', () => {
    const path = 'src/some/deeply/nested/folder/hotspot.ts';
    assert.deepEqual(renderTextTable(left('n', 'file'), [['1', path]], 30), ['n  file', '-  ---------------------------', `1  …${path.slice(-26)}`]);
    assert.deepEqual(renderTextTable(left('n', 'file'), [['1', path]], 10)[2], `1  …${path.slice(-19)}`);
    assert.deepEqual(renderTextTable(left('n', 'file'), [['1', 'a.ts']], 120)[1], `-  ${'-'.repeat(20)}`);
  });

  it('keeps a marker of the last column when it cuts the cell, and cuts unmarked cells from the start', () => {
    const path = 'src/some/deeply/nested/folder/hotspot.ts';
    const columns: TextColumn[] = [{ title: 'n', align: 'left' }, { title: 'file', align: 'left', marker: '🔥 ' }];
    assert.deepEqual(renderTextTable(columns, [['1', `🔥 ${path}`], ['2', path], ['3', '🔥 a.ts']], 25).slice(2), [
      `1  🔥 …${path.slice(-18)}`,
      `2  …${path.slice(-21)}`,
      '3  🔥 a.ts',
    ]);
  });

  it('counts an emoji as two terminal cells', () => {
    assert.equal(displayWidth('🔥 a'), 4);
    assert.equal(displayWidth('✅'), 2);
    assert.deepEqual(renderTextTable(left('tag', 'text'), [['✅', 'done'], ['ok', 'x']]), ['tag  text', '---  ----', '✅   done', 'ok   x']);
  });

  it('prints the debt commands’ tables as before, except where a cell holds an emoji or another wide or astral character', () => {
    const header = ['id', 'status', 'title'];
    const rows = [['TD-7f3a1c', 'open', 'Invoice refresh is copy-pasted'], ['TD-aaaaaa', 'scheduled', 'Café — naïve retry']];
    assert.deepEqual(renderTextTable(left(...header), rows), formerDebtTable(header, rows));
    // Before, a BMP emoji counted one column and an astral letter two; a last column is never padded.
    const wide = [['✅', '𝒳', 'last 🔥']];
    assert.notDeepEqual(renderTextTable(left(...header), wide), formerDebtTable(header, wide));
    assert.deepEqual(renderTextTable(left(...header), wide)[2], '✅  𝒳       last 🔥');
    assert.deepEqual(formerDebtTable(header, wide)[2], '✅   𝒳      last 🔥');
  });
});

describe('neutraliseControls', () => {
  it('shows each C0 control and DEL as its Unicode symbol and each C1 control as \\u text, keeping the rest', () => {
    assert.equal(neutraliseControls('first\nsecond\r\tend'), 'first␊second␍␉end');
    assert.equal(neutraliseControls('\x1b[2J\x07\x00\x7f'), '␛[2J␇␀␡');
    assert.equal(neutraliseControls('a\u0085b\u009bc'), 'a\\u0085b\\u009bc');
    assert.equal(neutraliseControls('Café ☕ 🔥 src/a.ts'), 'Café ☕ 🔥 src/a.ts');
  });

  it('keeps a table row whole when a cell holds a line break', () => {
    assert.deepEqual(renderTextTable(left('id', 'title'), [['TD-1', 'first\nSECOND']]), ['id    title', '----  ------------', 'TD-1  first␊SECOND']);
  });

  const ESC = '\x1b';

  it('shows C0 controls and DEL as their control pictures, and C1 controls as \\u escapes, so no sequence reaches the terminal', () => {
    assert.equal(neutraliseControls(`${ESC}[2J${ESC}]0;pwned\x07${ESC}[31m`), '␛[2J␛]0;pwned␇␛[31m');
    assert.equal(neutraliseControls('a\tb\nc\r\nd\0e\x7ff'), 'a␉b␊c␍␊d␀e␡f');
    assert.equal(neutraliseControls('csi\u009b31m nel\u0085 apc\u009f'), 'csi\\u009b31m nel\\u0085 apc\\u009f');
    // The first printable characters on either side are kept: space, ~, NBSP, and text beyond Latin-1.
    assert.equal(neutraliseControls(' ~\u00a0é🔥'), ' ~\u00a0é🔥');
  });

  it('returns text without controls unchanged', () => {
    const text = 'src/session/sessionManager.ts — Café';
    assert.equal(neutraliseControls(text), text);
    assert.equal(neutraliseControls(''), '');
  });

  it('keeps the line breaks and tabs of text printed as lines, CRLF included, and nothing else', () => {
    assert.equal(neutraliseControlsInLines(`Body\r\n\tindented ${ESC}[2J\rend\n`), 'Body\r\n\tindented ␛[2J␍end\n');
  });

  it('is applied to every cell of a table, which then keeps its columns aligned', () => {
    assert.deepEqual(renderTextTable(left('who', 'file'), [[`Mal${ESC}[2Jlory`, 'a.ts'], ['Bob', `ev${ESC}[31mil.ts`]]), [
      'who          file',
      '-----------  ------------',
      'Mal␛[2Jlory  a.ts',
      'Bob          ev␛[31mil.ts',
    ]);
  });
});
