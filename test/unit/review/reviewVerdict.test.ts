import * as assert from 'node:assert/strict';
import type { VerdictInput } from '../../../src/core/review/reviewVerdict';
import { decideVerdict } from '../../../src/core/review/reviewVerdict';
import { coChange, entryChange, fileChange, functionChange, newComplex, reviewReport } from './reviewBuilders';

const input = (overrides: Partial<VerdictInput>): VerdictInput => ({ ...reviewReport(), ...overrides });

describe('decideVerdict', () => {
  it('ok: nothing significant, no entry, no strong partner missing', () => {
    const result = decideVerdict(input({
      files: [fileChange({ path: 'src/a.ts', before: 3, after: 9 })],
      functions: [functionChange({ path: 'src/a.ts', name: 'f', after: { cognitive: 9, cyclomatic: 5 } })],
      newComplexFunctions: [newComplex({ path: 'test/a.test.ts', name: 'helper', category: 'test', cognitive: 30 })],
      missingCoChanges: [coChange({ degree: 69 })],
    }));
    assert.deepEqual(result, { verdict: 'ok', reasons: [] });
  });

  it('worse: a significant file whose complexity rises', () => {
    assert.deepEqual(decideVerdict(input({ files: [fileChange({ path: 'src/hot.ts', significant: true, hotspotRank: 2, before: 40, after: 41 })] })), {
      verdict: 'worse',
      reasons: ['worse: significant hotspot src/hot.ts (rank 2): cognitive 40 → 41'],
    });
  });

  it('worse: a significant function whose cognitive complexity rises (cyclomatic alone does not)', () => {
    const rises = functionChange({ path: 'src/hot.ts', name: 'A.b', significant: true, hotspotRank: 1, before: { cognitive: 20, cyclomatic: 9 }, after: { cognitive: 22, cyclomatic: 9 } });
    const cyclomaticOnly = functionChange({ path: 'src/hot.ts', name: 'A.c', significant: true, hotspotRank: 3, before: { cognitive: 20, cyclomatic: 9 }, after: { cognitive: 20, cyclomatic: 12 } });
    assert.deepEqual(decideVerdict(input({ functions: [rises, cyclomaticOnly] })), {
      verdict: 'worse',
      reasons: ['worse: significant function src/hot.ts A.b (rank 1): cognitive 20 → 22', 'attention: significant function src/hot.ts A.c (rank 3) touched'],
    });
  });

  it('worse: an orphaned anchor', () => {
    assert.deepEqual(decideVerdict(input({ entries: [entryChange({ id: 'TD-000001', state: 'orphaned', symbol: 'old' })] })), {
      verdict: 'worse',
      reasons: ['worse: debt entry TD-000001 orphaned: its code in src/a.ts (old) is gone'],
    });
  });

  it('worse: a new production function at the floor (tests only with includeTests)', () => {
    const fns = [newComplex({ path: 'src/n.ts', name: 'n', cognitive: 15 }), newComplex({ path: 'test/t.test.ts', name: 't', category: 'test' })];
    assert.deepEqual(decideVerdict(input({ newComplexFunctions: fns })), { verdict: 'worse', reasons: ['worse: new function src/n.ts n: cognitive 15 (floor 15)'] });
    const withTests = decideVerdict(input({ newComplexFunctions: fns, significance: { ...reviewReport().significance, includeTests: true } }));
    assert.equal(withTests.reasons.length, 2);
  });

  it('attention: a significant file or function touched without rising, or removed', () => {
    assert.deepEqual(
      decideVerdict(input({
        files: [fileChange({ path: 'src/hot.ts', significant: true, hotspotRank: 1, before: 40, after: 38 })],
        functions: [functionChange({ path: 'src/hot.ts', name: 'gone', significant: true, hotspotRank: 4, change: 'removed', after: null })],
      })),
      { verdict: 'attention', reasons: ['attention: significant hotspot src/hot.ts (rank 1) touched', 'attention: significant function src/hot.ts gone (rank 4) removed'] },
    );
  });

  it('attention: an entry touched', () => {
    assert.deepEqual(decideVerdict(input({ entries: [entryChange({ id: 'TD-000002', state: 'touched', symbol: 'keep' })] })), {
      verdict: 'attention',
      reasons: ['attention: debt entry TD-000002 touched: src/a.ts (keep)'],
    });
  });

  it('attention: a partner of degree 70 % or more missing', () => {
    assert.deepEqual(decideVerdict(input({ missingCoChanges: [coChange({ degree: 70 }), coChange({ partner: 'src/c.ts', degree: 69 })] })), {
      verdict: 'attention',
      reasons: ['attention: src/a.ts usually changes with src/b.ts (degree 70 %, 7 shared), which the branch leaves unchanged'],
    });
  });
});
