import * as assert from 'node:assert/strict';
import { isSignificant, rankByScore } from '../../../src/core/hotspots/rankByScore';

describe('rankByScore', () => {
  it('ranks by score with shared ranks for ties and mid-rank percentiles', () => {
    assert.deepEqual(rankByScore([10, 40, 40, 0, 25]), [
      { rank: 4, percentile: 30 },
      { rank: 1, percentile: 80 },
      { rank: 1, percentile: 80 },
      { rank: 5, percentile: 10 },
      { rank: 3, percentile: 50 },
    ]);
  });

  it('gives the top of 100 distinct scores the 99.5th percentile', () => {
    const standings = rankByScore(Array.from({ length: 100 }, (_, i) => i));
    assert.deepEqual(standings[99], { rank: 1, percentile: 99.5 });
    assert.deepEqual(standings[0], { rank: 100, percentile: 0.5 });
    assert.deepEqual(standings[89], { rank: 11, percentile: 89.5 });
    assert.deepEqual(standings[90], { rank: 10, percentile: 90.5 });
  });

  it('calls a hotspot significant at or above the threshold, never with score 0', () => {
    const standings = rankByScore(Array.from({ length: 20 }, (_, i) => i));
    const significant = standings.map((standing, i) => isSignificant(standing, i));
    assert.deepEqual(significant.map((s, i) => (s ? i : -1)).filter((i) => i >= 0), [18, 19]);
    assert.equal(isSignificant({ rank: 1, percentile: 95 }, 0), false);
    assert.deepEqual(rankByScore([]), []);
  });
});
