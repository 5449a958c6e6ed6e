import * as assert from 'node:assert/strict';
import { rankByScore } from '../../../src/core/hotspots/rankByScore';

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

  it('ranks nothing when there is nothing to rank', () => {
    assert.deepEqual(rankByScore([]), []);
  });
});
