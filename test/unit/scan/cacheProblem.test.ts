import * as assert from 'node:assert/strict';
import { cacheProblem } from '../../../src/core/scan/cacheProblem';

/** A cache as a scan writes it: one analysis with one function, one X-Ray entry, one commit. */
function validCache() {
  return {
    version: 6,
    root: '/repo',
    metrics: {
      'a1:ts': {
        loc: 5, cyclomatic: 2, cognitive: 1, maxCyclomatic: 2, maxCognitive: 1, specifiers: ['./b'], markers: { TODO: 1 },
        functions: [['pick', 'function', 1, 5, 2, 1, 5, 1, 1]],
      },
    },
    xray: { 'src/a.ts': { key: 'k', functions: { pick: { revisions: 2, churn: 7 } } } },
    history: {
      head: 'h', since: 0, mailmapKey: 'none', mode: 'full',
      commits: [{ hash: 'a'.repeat(40), authorName: 'A', authorEmail: 'a@x', authorTime: 1, commitTime: 1, message: 'm', files: [{ path: 'src/a.ts', status: 'M', added: 1, deleted: null }] }],
    },
  };
}

describe('cacheProblem', () => {
  it('accepts what a scan writes', () => {
    assert.equal(cacheProblem(validCache(), '/repo', 6), undefined);
  });

  // Each mutation is well typed (a number where a number goes) but impossible for a scan to write.
  const impossible: [string, (cache: ReturnType<typeof validCache>) => void, string][] = [
    ['a negative complexity', (c) => (c.metrics['a1:ts'].cognitive = -1e308), 'impossible file metrics'],
    ['an infinite line count', (c) => (c.metrics['a1:ts'].loc = Infinity), 'impossible file metrics'],
    ['a fractional complexity', (c) => (c.metrics['a1:ts'].maxCyclomatic = 1.5), 'impossible file metrics'],
    ['a function starting on line 0', (c) => (c.metrics['a1:ts'].functions[0]![2] = 0), 'malformed function entry'],
    ['a function ending before it starts', (c) => (c.metrics['a1:ts'].functions[0]![3] = 0), 'malformed function entry'],
    ['a negative function complexity', (c) => (c.metrics['a1:ts'].functions[0]![5] = -1), 'malformed function entry'],
    ['an unknown function kind', (c) => (c.metrics['a1:ts'].functions[0]![1] = 'lambda'), 'malformed function entry'],
    ['a negative marker count', (c) => (c.metrics['a1:ts'].markers.TODO = -3), 'impossible marker counts'],
    ['negative X-Ray churn', (c) => (c.xray['src/a.ts'].functions.pick.churn = -1), 'impossible X-Ray counts'],
    ['a NaN commit time', (c) => (c.history.commits[0]!.commitTime = NaN), 'malformed commit'],
    ['a negative churn in history', (c) => (c.history.commits[0]!.files[0]!.added = -5), 'malformed file change'],
    ['an unknown change status', (c) => (c.history.commits[0]!.files[0]!.status = 'Z'), 'malformed file change'],
  ];
  for (const [what, mutate, reason] of impossible) {
    it(`refuses ${what}`, () => {
      const cache = validCache();
      mutate(cache);
      assert.equal(cacheProblem(cache, '/repo', 6), reason);
    });
  }

  it('refuses another format version and another repository', () => {
    assert.equal(cacheProblem(validCache(), '/repo', 7), 'format 6 is not 7');
    assert.equal(cacheProblem(validCache(), '/elsewhere', 6), 'written for another repository');
  });
});
