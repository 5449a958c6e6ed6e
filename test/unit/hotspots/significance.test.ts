import * as assert from 'node:assert/strict';
import type { SignificanceCandidate } from '../../../src/core/hotspots/significance';
import { createCategoryMatcher, isSignificantFile, meetsSignificance, significanceRule } from '../../../src/core/hotspots/significance';

describe('significanceRule', () => {
  it('takes the floors of the score metric: cognitive 15, cyclomatic 10, loc 300; functions stay cognitive', () => {
    assert.deepEqual(significanceRule('cognitive'), { percentile: 90, minRevisions: 3, minComplexity: 15, minFunctionComplexity: 15, includeTests: false });
    assert.deepEqual(significanceRule('cyclomatic'), { percentile: 90, minRevisions: 3, minComplexity: 10, minFunctionComplexity: 15, includeTests: false });
    assert.deepEqual(significanceRule('loc'), { percentile: 90, minRevisions: 3, minComplexity: 300, minFunctionComplexity: 15, includeTests: false });
  });

  it('a complexity floor given moves the function floor only when the metric is cognitive', () => {
    assert.equal(significanceRule('cognitive', { minComplexity: 8 }).minFunctionComplexity, 8);
    assert.equal(significanceRule('loc', { minComplexity: 100 }).minFunctionComplexity, 15);
    assert.deepEqual(significanceRule('cognitive', { percentile: 80, minRevisions: 1, includeTests: true }), {
      percentile: 80, minRevisions: 1, minComplexity: 15, minFunctionComplexity: 15, includeTests: true,
    });
  });
});

describe('meetsSignificance', () => {
  const rule = significanceRule('cognitive');
  const hot: SignificanceCandidate = { category: 'production', score: 100, percentile: 95, revisions: 5, complexity: 20 };
  const check = (changes: Partial<SignificanceCandidate>): boolean => meetsSignificance({ ...hot, ...changes }, rule, rule.minComplexity);

  it('needs every floor: percentile, revisions and complexity', () => {
    assert.equal(check({}), true);
    assert.equal(check({ revisions: 2, score: 40 }), false, 'percentile 95 with 2 revisions');
    assert.equal(check({ complexity: 14, score: 70 }), false, 'cognitive 14');
    assert.equal(check({ percentile: 89.9 }), false);
    assert.equal(check({ percentile: 90, revisions: 3, complexity: 15 }), true, 'each floor is inclusive');
    assert.equal(meetsSignificance({ ...hot, score: 0 }, { ...rule, minRevisions: 0, minComplexity: 0 }, 0), false, 'a score of 0 never is');
  });

  it('leaves test code out unless tests are included', () => {
    assert.equal(check({ category: 'test' }), false);
    assert.equal(meetsSignificance({ ...hot, category: 'test' }, { ...rule, includeTests: true }, rule.minComplexity), true);
  });

  it('on a report file: the metric of the score, another percentile on demand, never an unranked file', () => {
    const file = { category: 'production' as const, score: 100, percentile: 80, revisions: 5, loc: 400, cyclomatic: 9, cognitive: 20 };
    assert.equal(isSignificantFile(file, rule, 'cognitive'), false, 'percentile 80 < 90');
    assert.equal(isSignificantFile(file, rule, 'cognitive', 80), true, 'hotspot-percentile>=80');
    assert.equal(isSignificantFile(file, significanceRule('cyclomatic', { percentile: 80 }), 'cyclomatic'), false, 'cyclomatic 9 < 10');
    assert.equal(isSignificantFile(file, significanceRule('loc', { percentile: 80 }), 'loc'), true);
    assert.equal(isSignificantFile({ ...file, score: null, percentile: null }, rule, 'cognitive', 0), false);
  });
});

describe('createCategoryMatcher', () => {
  it('knows test and fixture folders and *.test.* / *.spec.* names by default, at any depth', () => {
    const categoryOf = createCategoryMatcher();
    const tests = ['test/a.ts', 'tests/b.js', 'src/__tests__/c.tsx', 'spec/d.ts', 'e2e/login.ts', 'src/fixtures/data.ts', 'src/__fixtures__/x.ts', 'src/__mocks__/fs.ts', 'a.test.ts', 'src/lib/b.spec.tsx', 'packages/zod/src/v4/classic/tests/string.test.ts'];
    const production = ['src/testing.ts', 'src/contest/a.ts', 'src/spec.ts', 'src/a.test-utils.ts', 'src/latest/x.ts', 'src/index.ts'];
    assert.deepEqual(tests.filter((path) => categoryOf(path) !== 'test'), []);
    assert.deepEqual(production.filter((path) => categoryOf(path) !== 'production'), []);
  });

  it('globs given replace the defaults; none given means the defaults', () => {
    const own = createCategoryMatcher(['checks/**']);
    assert.deepEqual([own('checks/a.ts'), own('test/a.ts'), own('a.test.ts')], ['test', 'production', 'production']);
    assert.equal(createCategoryMatcher([])('test/a.ts'), 'test');
  });
});
