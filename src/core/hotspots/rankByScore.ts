import { DEFAULT_SIGNIFICANCE_PERCENTILE } from '../defaults';
/** Rank and percentile of one scored item within its population. */
export interface Standing {
  /** 1 = highest score; equal scores share a rank (competition ranking: 1, 2, 2, 4). */
  readonly rank: number;
  /**
   * Percentile rank in [0, 100], one decimal: the share of the population scoring below, plus half the
   * share scoring the same ((below + 0.5 × equal) / n × 100). The top item of 100 distinct scores is 99.5.
   */
  readonly percentile: number;
}

/**
 * Ranks scores within one population (one repository and window: raw scores are not comparable
 * across repositories, so ranks and percentiles are what thresholds and users read).
 * Returns standings in the input's order.
 */
export function rankByScore(scores: readonly number[]): Standing[] {
  const n = scores.length;
  const order = scores.map((score, index) => ({ score, index })).sort((a, b) => b.score - a.score);
  const standings = new Array<Standing>(n);
  // Unchecked reads: i, j + 1 and k stay below n.
  let i = 0;
  while (i < n) {
    let j = i;
    while (j + 1 < n && order[j + 1]!.score === order[i]!.score) {
      j++;
    }
    const equal = j - i + 1;
    const below = n - j - 1;
    const percentile = Math.round(((below + 0.5 * equal) / n) * 1000) / 10;
    for (let k = i; k <= j; k++) {
      standings[order[k]!.index] = { rank: i + 1, percentile };
    }
    i = j + 1;
  }
  return standings;
}

/** Whether a standing counts as a significant hotspot (default: at or above the 90th percentile). */
export function isSignificant(standing: Standing, score: number, thresholdPercentile = DEFAULT_SIGNIFICANCE_PERCENTILE): boolean {
  return score > 0 && standing.percentile >= thresholdPercentile;
}
