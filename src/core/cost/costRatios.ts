import { createHash } from 'node:crypto';
import type { MeasuredBand } from './costBands';
import type { BootstrapInterval, ResampledStatistic } from './statistics';
import { bootstrapRatioInterval, createSeededRandom, median, resampledMedian, resampledShare } from './statistics';

/** Fewest observations on each side for a ratio (metrics.md, "Ratios between groups"). */
export const MIN_RATIO_OBSERVATIONS = 10;
/** Bootstrap replicates per interval. */
export const BOOTSTRAP_REPLICATES = 2000;
/** The generator's seed: the same history gives the same intervals on every run. */
export const BOOTSTRAP_SEED = 13;

/** Significant hotspots ÷ the rest, with its 95 % bootstrap interval (null with a reason when it has no finite bound). */
export interface CostRatio {
  readonly value: number;
  readonly ci95: readonly [number, number] | null;
}

export interface CostRatios {
  /** Bug-fix share of the significant hotspots' commits ÷ that of the rest's. */
  readonly bugFixShare: CostRatio | null;
  /** Median lead time of the significant hotspots' tickets ÷ that of the rest's. */
  readonly leadTime: CostRatio | null;
  /** Why a ratio or an interval is missing, one sentence each. */
  readonly reasons: readonly string[];
  /** How the intervals were drawn (percentile bootstrap, both sides resampled independently). */
  readonly bootstrap: { readonly replicates: number; readonly seed: number };
}

/**
 * Intervals drawn before, by a digest of everything an interval depends on (which ratio, replicates,
 * seed and both samples, in order). Drawing one takes 2,000 resamples of every commit of the window,
 * the slowest step of a warm rescan; the same inputs always give the same interval, so a rescan of
 * the same history reads it back. `used` collects the intervals of this scan, found or drawn, for the
 * next one.
 */
export interface IntervalMemo {
  readonly known: ReadonlyMap<string, BootstrapInterval>;
  readonly used: Map<string, BootstrapInterval>;
}

/**
 * The two ratios between the bands. Each resamples its own observations (commits as bug fix or not;
 * tickets' lead times) from a generator seeded alike, so one ratio's interval does not depend on
 * whether the other was drawn. A ratio is null when a side has fewer than
 * {@link MIN_RATIO_OBSERVATIONS} observations, or the rest's value is zero (no finite ratio).
 */
export function costRatios(significant: MeasuredBand, rest: MeasuredBand, replicates = BOOTSTRAP_REPLICATES, seed = BOOTSTRAP_SEED, memo?: IntervalMemo): CostRatios {
  const reasons: string[] = [];
  const share = (flags: readonly boolean[]): number => flags.filter(Boolean).length / flags.length;
  const draw = { replicates, seed, memo };
  const bugFixShare = ratioOf('bug-fix share', 'commits', significant.bugFixFlags, rest.bugFixFlags, share, resampledShare, draw, reasons);
  const leadTime = ratioOf('lead time', 'tickets with a lead time', significant.leadTimes, rest.leadTimes, (values) => median(values) ?? 0, resampledMedian, draw, reasons);
  return { bugFixShare, leadTime, reasons, bootstrap: { replicates, seed } };
}

interface Draw {
  readonly replicates: number;
  readonly seed: number;
  readonly memo: IntervalMemo | undefined;
}

function ratioOf<T>(
  what: string,
  unit: string,
  a: readonly T[],
  b: readonly T[],
  statistic: (values: readonly T[]) => number,
  resampled: (values: readonly T[]) => ResampledStatistic,
  { replicates, seed, memo }: Draw,
  reasons: string[],
): CostRatio | null {
  if (a.length < MIN_RATIO_OBSERVATIONS || b.length < MIN_RATIO_OBSERVATIONS) {
    reasons.push(`${what}: ${a.length} ${unit} in the significant hotspots and ${b.length} in the rest; a ratio needs at least ${MIN_RATIO_OBSERVATIONS} on each side`);
    return null;
  }
  const ratio = (x: readonly T[], y: readonly T[]): number | undefined => {
    const denominator = statistic(y);
    return denominator === 0 ? undefined : statistic(x) / denominator;
  };
  const value = ratio(a, b);
  if (value === undefined) {
    reasons.push(`${what}: the rest's is zero, so the ratio has no finite value`);
    return null;
  }
  // `resampled` draws as `resample` does, without building the resamples (the same interval).
  const key = memo && intervalKey(what, replicates, seed, a, b);
  const interval = (key !== undefined ? memo?.known.get(key) : undefined) ?? bootstrapRatioInterval(resampled(a), resampled(b), replicates, createSeededRandom(seed));
  if (key !== undefined) {
    memo?.used.set(key, interval);
  }
  if (!interval.ok) {
    reasons.push(`${what}: ${interval.reason}`);
    return { value, ci95: null };
  }
  return { value, ci95: [interval.low, interval.high] };
}

/** The memo's key of one interval: a digest, so a long history's samples are not kept twice. */
function intervalKey<T>(what: string, replicates: number, seed: number, a: readonly T[], b: readonly T[]): string {
  const sample = (values: readonly T[]): string => values.map((value) => (typeof value === 'boolean' ? (value ? '1' : '0') : String(value))).join(',');
  return createHash('sha1').update(`${what}\n${replicates}\n${seed}\n${sample(a)}\n${sample(b)}`).digest('hex');
}
