import { strict as assert } from 'node:assert';
import {
  anchorFingerprint,
  createAnchor,
  InvalidLineRangeError,
  listAnchorSymbolsOfText,
  UnknownSymbolError,
} from '../../../src/core/ledger/anchorFingerprint';

const CODE = [
  'export function total(items: number[]): number {',
  '  let sum = 0;',
  '  for (const item of items) {',
  '    sum += item / 2;',
  '  }',
  "  return sum + `${items.length} items`.length;",
  '}',
].join('\n');

describe('anchorFingerprint', () => {
  const fp = (text: string): string => anchorFingerprint(text, 'src/a.ts');

  it('is fp1: and 16 hex digits', () => {
    assert.match(fp(CODE), /^fp1:[0-9a-f]{16}$/);
  });

  it('ignores whitespace, indentation, comments and line endings', () => {
    const reformatted = [
      '// a comment that was added',
      'export   function total( items : number[] ) : number',
      '{',
      '\tlet sum = 0; /* inline */',
      '\tfor (const item of items) { sum += item / 2; }',
      '',
      "\treturn sum + `${ items.length } items`.length; // trailing",
      '}',
      '',
    ].join('\n');
    assert.equal(fp(reformatted), fp(CODE));
    assert.equal(fp(CODE.replace(/\n/g, '\r\n')), fp(CODE));
  });

  it('changes with any token, with string and template contents, and with token boundaries', () => {
    const base = fp(CODE);
    assert.notEqual(fp(CODE.replace('sum += item', 'sum -= item')), base);
    assert.notEqual(fp(CODE.replace('items`', 'elements`')), base);
    assert.notEqual(fp(CODE.replace('} items`', '}  items`')), base, 'whitespace inside a template is content');
    assert.notEqual(fp("const s = 'a b';"), fp("const s = 'ab';"));
    assert.notEqual(fp('return x'), fp('returnx'));
  });

  it('keeps regular expressions and templates whole, so whitespace inside them counts', () => {
    assert.notEqual(fp('const r = /a b/;'), fp('const r = /ab/;'));
    assert.equal(fp('const r = / a/g;\n'), fp('const r =   / a/g;'));
    assert.notEqual(fp('const t = `${a}  b ${c}`;'), fp('const t = `${a} b ${c}`;'));
    assert.equal(fp('const t = `x${ f({ a: 1 }) }y`;'), fp('const t = `x${f({a:1})}y`;'));
  });
});

describe('createAnchor', () => {
  const FILE = [
    /* 1 */ "import { parse } from './parse';",
    /* 2 */ '',
    /* 3 */ 'export class SessionManager {',
    /* 4 */ '  private readonly sessions = new Map<string, number>();',
    /* 5 */ '',
    /* 6 */ '  refresh(id: string): number {',
    /* 7 */ '    const now = Date.now();',
    /* 8 */ '    [1, 2].forEach((n) => {',
    /* 9 */ '      this.sessions.set(parse(id) + n, now);',
    /* 10 */ '    });',
    /* 11 */ '    return now;',
    /* 12 */ '  }',
    /* 13 */ '}',
    /* 14 */ '',
    /* 15 */ 'const TIMEOUT = 5;',
    /* 16 */ 'const RETRIES = 3;',
    /* 17 */ '',
  ].join('\n');
  const path = 'src/session.ts';
  const linesFp = (from: number, to: number): string => anchorFingerprint(FILE.split('\n').slice(from - 1, to).join('\n'), path);

  it('lists functions and classes with metrics names', () => {
    assert.deepEqual(listAnchorSymbolsOfText(path, FILE), [
      { name: 'SessionManager', startLine: 3, endLine: 13 },
      { name: 'SessionManager.sessions', startLine: 4, endLine: 4 },
      { name: 'SessionManager.refresh', startLine: 6, endLine: 12 },
      { name: 'SessionManager.refresh.<anonymous>@8', startLine: 8, endLine: 10 },
    ]);
  });

  it('anchors a range inside a function to that function, skipping names with @LINE', () => {
    assert.deepEqual(createAnchor({ path, text: FILE, lines: [9, 9] }), {
      path,
      symbol: 'SessionManager.refresh',
      lines: [6, 12],
      fingerprint: linesFp(6, 12),
    });
  });

  it('anchors a range across members to the class', () => {
    assert.deepEqual(createAnchor({ path, text: FILE, lines: [4, 7] }), {
      path,
      symbol: 'SessionManager',
      lines: [3, 13],
      fingerprint: linesFp(3, 13),
    });
  });

  it('keeps a range of top-level code as a line anchor', () => {
    assert.deepEqual(createAnchor({ path, text: FILE, lines: [15, 16] }), { path, lines: [15, 16], fingerprint: linesFp(15, 16) });
  });

  it('anchors a named symbol to its full span', () => {
    assert.deepEqual(createAnchor({ path, text: FILE, symbol: 'SessionManager.refresh' }), {
      path,
      symbol: 'SessionManager.refresh',
      lines: [6, 12],
      fingerprint: linesFp(6, 12),
    });
  });

  it('anchors neither lines nor symbol to the file', () => {
    assert.deepEqual(createAnchor({ path, text: FILE }), { path });
  });

  it('rejects unknown symbols and invalid ranges with typed errors', () => {
    assert.throws(() => createAnchor({ path, text: FILE, symbol: 'Nope' }), UnknownSymbolError);
    assert.throws(() => createAnchor({ path, text: FILE, lines: [5, 4] }), InvalidLineRangeError);
    assert.throws(() => createAnchor({ path, text: FILE, lines: [1, 18] }), InvalidLineRangeError);
  });
});
