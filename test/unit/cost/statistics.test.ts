import * as assert from 'node:assert/strict';
import { chanceOfHit } from '../../../src/core/cost/backtest';
import { createBugFixMatcher, InvalidBugFixPatternError } from '../../../src/core/cost/bugFixRule';
import { measureBand } from '../../../src/core/cost/costBands';
import type { IntervalMemo } from '../../../src/core/cost/costRatios';
import { costRatios } from '../../../src/core/cost/costRatios';
import { bootstrapInterval, bootstrapRatioInterval, createSeededRandom, median, quantile, resampledMedian, resampledShare } from '../../../src/core/cost/statistics';

describe('cost statistics', () => {
  it('medians and percentiles interpolate between order statistics (type 7)', () => {
    assert.equal(median([]), undefined);
    assert.equal(median([5]), 5);
    assert.equal(median([4, 1, 3, 2]), 2.5);
    assert.equal(quantile([10, 20, 30, 40, 50], 0.9), 46);
    assert.equal(quantile([36, 48], 0.9), 46.8);
  });

  it('a seeded generator gives the same sequence on every run, and another seed another', () => {
    const a = createSeededRandom(13);
    const b = createSeededRandom(13);
    const first = Array.from({ length: 5 }, () => a());
    assert.deepEqual(Array.from({ length: 5 }, () => b()), first);
    assert.ok(first.every((x) => x >= 0 && x < 1));
    assert.notDeepEqual(Array.from({ length: 5 }, createSeededRandom(14)), first);
  });

  it('the bootstrap interval reproduces with its seed and brackets the point estimate', () => {
    const sig = [...Array<boolean>(12).fill(true), ...Array<boolean>(18).fill(false)];
    const rest = [...Array<boolean>(6).fill(true), ...Array<boolean>(34).fill(false)];
    const share = (flags: readonly boolean[]): number => flags.filter(Boolean).length / flags.length;
    const ratio = (x: readonly boolean[], y: readonly boolean[]): number | undefined => (share(y) === 0 ? undefined : share(x) / share(y));
    const once = bootstrapInterval(sig, rest, ratio, 2000, createSeededRandom(13));
    const again = bootstrapInterval(sig, rest, ratio, 2000, createSeededRandom(13));
    assert.deepEqual(again, once);
    assert.ok(once.ok);
    // 0.4 / 0.15: the point estimate, inside its interval.
    assert.ok(once.low < 0.4 / 0.15 && 0.4 / 0.15 < once.high, `${once.low} < 2.67 < ${once.high}`);
    // Pinned: mulberry32 from seed 13 gives these on any machine; a change here changes every report.
    assert.deepEqual([once.low.toFixed(4), once.high.toFixed(4)], ['1.2000', '9.3333']);
  });

  it('ratios between bands: value, seeded interval, and reasons where there is none', () => {
    const basis = (fixes: readonly boolean[], leadTimes: readonly (number | null)[]): { bugFix: boolean[]; leadTimes: Map<string, number | null> } => ({
      bugFix: [...fixes],
      leadTimes: new Map(leadTimes.map((hours, i) => [`T-${i}`, hours])),
    });
    // 40 commits: the first 20 are the significant band's (10 fixes), the next 10 the rest's (4 fixes), the last 10 another rest's (2).
    const fixes = [...Array<boolean>(10).fill(true), ...Array<boolean>(10).fill(false), ...Array<boolean>(4).fill(true), ...Array<boolean>(6).fill(false), true, true, ...Array<boolean>(8).fill(false)];
    const hours = [...Array.from({ length: 10 }, (_, i) => 10 + 10 * i), ...Array.from({ length: 10 }, (_, i) => 5 + 5 * i)];
    const costBasis = basis(fixes, hours);
    const sig = measureBand([{ commits: Array.from({ length: 20 }, (_, i) => i), tickets: Array.from({ length: 10 }, (_, i) => `T-${i}`) }], costBasis);
    const rest = measureBand([{ commits: Array.from({ length: 10 }, (_, i) => 20 + i), tickets: Array.from({ length: 10 }, (_, i) => `T-${10 + i}`) }], costBasis);
    const ratios = costRatios(sig, rest);
    assert.equal(ratios.bugFixShare?.value, 0.5 / 0.4);
    // Medians 55 and 27.5.
    assert.equal(ratios.leadTime?.value, 2);
    assert.deepEqual(costRatios(sig, rest), ratios, 'the same seed, the same intervals');
    assert.deepEqual(ratios.reasons, []);
    const [low, high] = ratios.leadTime?.ci95 ?? [NaN, NaN];
    assert.ok(low < 2 && 2 < high, `${low} < 2 < ${high}`);
    // Two fixes in ten: 0.8¹⁰ ≈ 11 % of resamples have none, so the upper bound is not finite.
    const few = measureBand([{ commits: Array.from({ length: 10 }, (_, i) => 30 + i), tickets: [] }], costBasis);
    const open = costRatios(sig, few);
    assert.deepEqual(open.bugFixShare, { value: 0.5 / 0.2, ci95: null });
    assert.equal(open.reasons[0], 'bug-fix share: 226 of 2000 bootstrap replicates divide by zero, so the interval has no finite upper bound');
    // A memo gives the intervals drawn before for the same samples, and collects those of this call.
    const memo: IntervalMemo = { known: new Map(), used: new Map() };
    assert.deepEqual(costRatios(sig, rest, undefined, undefined, memo), ratios, 'a memo changes no interval');
    assert.equal(memo.used.size, 2, 'one interval per ratio');
    const [shareKey, leadKey] = [...memo.used.keys()];
    const planted: IntervalMemo = { known: new Map([[shareKey!, { ok: true, low: 0.25, high: 4 }], ...[...memo.used].slice(1)]), used: new Map() };
    const reused = costRatios(sig, rest, undefined, undefined, planted);
    assert.deepEqual(reused.bugFixShare, { value: 0.5 / 0.4, ci95: [0.25, 4] }, 'the known interval is read, not drawn');
    assert.deepEqual(reused.leadTime, ratios.leadTime);
    const other: IntervalMemo = { known: planted.known, used: new Map() };
    costRatios(sig, few, undefined, undefined, other);
    // Other samples, another key: drawn, not read (the lead time needs more tickets, so it is not drawn).
    assert.deepEqual([...other.used.values()], [{ ok: false, reason: '226 of 2000 bootstrap replicates divide by zero, so the interval has no finite upper bound' }]);
    assert.ok(![shareKey, leadKey].includes([...other.used.keys()][0]));
    // The rest's ten commits have no fix: the share ratio has no finite value.
    const none = measureBand([{ commits: Array.from({ length: 10 }, (_, i) => 10 + i), tickets: [] }], costBasis);
    const zero = costRatios(sig, none);
    assert.equal(zero.bugFixShare, null);
    assert.deepEqual(zero.reasons, [
      "bug-fix share: the rest's is zero, so the ratio has no finite value",
      'lead time: 10 tickets with a lead time in the significant hotspots and 0 in the rest; a ratio needs at least 10 on each side',
    ]);
  });

  it('the chance of a random top set: 1 − C(N−s, k)/C(N, k), stable for large N', () => {
    assert.equal(chanceOfHit(10, 1, 1), 1 - 9 / 10);
    assert.ok(Math.abs(chanceOfHit(10, 1, 2) - (1 - 36 / 45)) < 1e-15);
    assert.equal(chanceOfHit(10, 2, 9), 1, 'more files than outside the top set: a certain hit');
    assert.equal(chanceOfHit(10, 1, 0), 0);
    // Factorials of 100,000 overflow; the product form does not. Log-space as the reference.
    const logMiss = (n: number, s: number, k: number): number => {
      let sum = 0;
      for (let i = 0; i < k; i++) {
        sum += Math.log(n - s - i) - Math.log(n - i);
      }
      return 1 - Math.exp(sum);
    };
    assert.ok(Math.abs(chanceOfHit(100_000, 10_000, 50) - logMiss(100_000, 10_000, 50)) < 1e-12);
    assert.ok(Number.isFinite(chanceOfHit(1_000_000, 1, 999_999)));
  });

  it('bug fixes by subject: Conventional fix, or fix, bug, hotfix, regression as words', () => {
    const isFix = createBugFixMatcher();
    const yes = ['fix: overflow', 'fix(parser): overflow', 'fix!: drop a flag', 'Fix the login', 'hotfix for prod', 'bug in f2', 'Regression since 3.1', 'bug-fix: stale cache'];
    const no = ['feat: add', 'Fixes #12', 'debug output', 'prefix paths', 'bugs and more', 'chore: x\n\nfix: in the body only'];
    assert.deepEqual(yes.filter((message) => !isFix(message)), []);
    assert.deepEqual(no.filter((message) => isFix(message)), []);
    assert.equal(createBugFixMatcher('^defect')('Defect: x'), true);
    assert.equal(createBugFixMatcher('')('fix: x'), false);
    assert.throws(() => createBugFixMatcher('('), InvalidBugFixPatternError);
  });
});

describe('resampled statistics', () => {
  const generic = (a: readonly number[], b: readonly number[], statistic: (values: readonly number[]) => number, seed: number): unknown =>
    bootstrapInterval(a, b, (x, y) => (statistic(y) === 0 ? undefined : statistic(x) / statistic(y)), 500, createSeededRandom(seed));

  it('draw as resample does: the same seed gives the same interval as resampling, for medians with ties and both parities', () => {
    const random = createSeededRandom(7);
    for (const [n, m] of [[10, 11], [11, 10], [37, 64], [64, 37]] as const) {
      // Few distinct values, so ties are everywhere.
      const a = Array.from({ length: n }, () => Math.floor(random() * 9) * 3.5);
      const b = Array.from({ length: m }, () => 1 + Math.floor(random() * 6) * 2.25);
      const medianOf = (values: readonly number[]): number => median(values) ?? 0;
      assert.deepEqual(bootstrapRatioInterval(resampledMedian(a), resampledMedian(b), 500, createSeededRandom(n)), generic(a, b, medianOf, n));
    }
  });

  it('draw as resample does for the share of bug fixes, and say so when the divisor is often zero', () => {
    const flags = (length: number, every: number): boolean[] => Array.from({ length }, (_, i) => i % every === 0);
    const shareOf = (values: readonly boolean[]): number => values.filter(Boolean).length / values.length;
    const asNumbers = (values: readonly boolean[]): number[] => values.map(Number);
    for (const [a, b] of [[flags(40, 3), flags(90, 7)], [flags(12, 2), flags(15, 14)]] as const) {
      const expected = bootstrapInterval(a, b, (x, y) => (shareOf(y) === 0 ? undefined : shareOf(x) / shareOf(y)), 500, createSeededRandom(3));
      assert.deepEqual(bootstrapRatioInterval(resampledShare(a), resampledShare(b), 500, createSeededRandom(3)), expected);
      assert.deepEqual(expected, generic(asNumbers(a), asNumbers(b), (values) => values.reduce((sum, v) => sum + v, 0) / values.length, 3));
    }
    const rare = bootstrapRatioInterval(resampledShare(flags(20, 2)), resampledShare(flags(20, 20)), 500, createSeededRandom(3));
    assert.equal(rare.ok, false);
  });
});
