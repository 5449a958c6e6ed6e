import * as assert from 'node:assert/strict';
import { evaluateReviewGates, parseReviewGates, ReviewGateSyntaxError } from '../../../src/core/report/reviewGates';
import { coChange, entryChange, functionChange, reviewReport } from '../review/reviewBuilders';

describe('review gates', () => {
  it('reads the four rules, spaces allowed, each once', () => {
    assert.deepEqual(parseReviewGates('worse, complexity-increase > 5,orphaned,missing-cochange>=80,worse'), [
      { kind: 'worse', text: 'worse' },
      { kind: 'complexity-increase', max: 5, text: 'complexity-increase>5' },
      { kind: 'orphaned', text: 'orphaned' },
      { kind: 'missing-cochange', min: 80, text: 'missing-cochange>=80' },
    ]);
    for (const bad of ['', 'better', 'missing-cochange>=101', 'complexity-increase>=2']) {
      assert.throws(() => parseReviewGates(bad), ReviewGateSyntaxError, bad);
    }
  });

  it('fails each gate on what it names, with one reason each', () => {
    const report = reviewReport({
      verdict: 'worse',
      reasons: ['worse: x', 'attention: y'],
      functions: [
        functionChange({ path: 'src/a.ts', name: 'f', before: { cognitive: 4, cyclomatic: 2 }, after: { cognitive: 10, cyclomatic: 3 } }),
        functionChange({ path: 'src/a.ts', name: 'g', change: 'added', before: null, after: { cognitive: 5, cyclomatic: 3 } }),
        functionChange({ path: 'src/a.ts', name: 'h', before: { cognitive: 4, cyclomatic: 2 }, after: { cognitive: 9, cyclomatic: 3 } }),
      ],
      entries: [entryChange({ id: 'TD-000001', state: 'orphaned' }), entryChange({ id: 'TD-000002', state: 'touched' })],
      missingCoChanges: [coChange({ degree: 80 }), coChange({ partner: 'src/c.ts', degree: 79 })],
    });
    assert.deepEqual(evaluateReviewGates(parseReviewGates('worse,complexity-increase>5,orphaned,missing-cochange>=80'), report), {
      failed: true,
      reasons: [
        'worse: the verdict is worse (1 finding(s))',
        'complexity-increase>5: cognitive complexity rises by more than 5 in src/a.ts f (4 → 10)',
        'orphaned: the branch orphans TD-000001 (src/a.ts)',
        'missing-cochange>=80: src/a.ts without src/b.ts (80 %)',
      ],
    });
    assert.deepEqual(evaluateReviewGates(parseReviewGates('complexity-increase>6,missing-cochange>=81'), report), { failed: false, reasons: [] });
    assert.deepEqual(evaluateReviewGates(parseReviewGates('complexity-increase>4'), report).reasons, ['complexity-increase>4: cognitive complexity rises by more than 4 in src/a.ts f (4 → 10), src/a.ts g (0 → 5), src/a.ts h (4 → 9)']);
  });
});
