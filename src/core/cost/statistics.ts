/**
 * The few statistics the cost section needs, written out so every number in the report has one
 * definition: medians and percentiles by linear interpolation between order statistics (R's type 7,
 * numpy's default), a seeded random source, and percentile bootstrap intervals.
 */

/** The value below which `q` (0–1) of the values lie, interpolating linearly between order statistics; undefined for no values. */
export function quantile(values: readonly number[], q: number): number | undefined {
  if (values.length === 0) {
    return undefined;
  }
  const sorted = [...values].sort((a, b) => a - b);
  return quantileOfSorted(sorted, q);
}

/** {@link quantile} of values already sorted ascending. */
export function quantileOfSorted(sorted: readonly number[], q: number): number | undefined {
  const n = sorted.length;
  if (n === 0) {
    return undefined;
  }
  const position = (n - 1) * Math.min(1, Math.max(0, q));
  const below = Math.floor(position);
  const low = sorted[below] ?? 0;
  const high = sorted[Math.min(n - 1, below + 1)] ?? low;
  return low + (high - low) * (position - below);
}

/** The median (the 0.5 quantile: the mean of the two middle values for an even count); undefined for no values. */
export function median(values: readonly number[]): number | undefined {
  return quantile(values, 0.5);
}

/** A source of uniform numbers in [0, 1). */
export type RandomSource = () => number;

/** A seeded {@link RandomSource} whose state the resampling loops advance in place (see {@link drawIndex}). */
export interface SeededRandom extends RandomSource {
  state: number;
}

/**
 * mulberry32: a small 32-bit generator with a full period of 2³², good enough for resampling and,
 * unlike `Math.random`, the same sequence for the same seed on every machine and Node version.
 */
export function createSeededRandom(seed: number): SeededRandom {
  const random = ((): number => {
    random.state = nextState(random.state);
    return valueOf(random.state);
  }) as SeededRandom;
  random.state = seed >>> 0;
  return random;
}

/** The number in [0, 1) mulberry32 gives for a state just reached. */
function valueOf(state: number): number {
  let t = state;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}

/**
 * `Math.floor(random() * n)` for a generator that has just reached `state`: the same index, written
 * so that a loop of 2,000 replicates × 200,000 commits makes no call through a closure per draw
 * (those calls were 24 s of a 200,000-commit scan).
 */
function drawIndex(state: number, n: number): number {
  return Math.floor(valueOf(state) * n);
}

/** The state after mulberry32's next step. */
function nextState(state: number): number {
  return (state + 0x6d2b79f5) >>> 0;
}

/** One bootstrap resample of `values`: as many draws, with replacement. */
export function resample<T>(values: readonly T[], random: RandomSource): T[] {
  const drawn: T[] = new Array<T>(values.length);
  for (let i = 0; i < values.length; i++) {
    drawn[i] = values[Math.floor(random() * values.length)] as T;
  }
  return drawn;
}

/** A percentile bootstrap interval, or why there is none. */
export type BootstrapInterval =
  | { readonly ok: true; readonly low: number; readonly high: number }
  | { readonly ok: false; readonly reason: string };

/**
 * The 95 % percentile bootstrap interval of `statistic(a, b)` for two independent samples: each
 * replicate resamples both sides with replacement; the bounds are the 2.5 and 97.5 percentiles of the
 * replicates. A replicate whose statistic is undefined (a ratio over zero) has no finite value; when
 * more than 2.5 % of them are undefined the upper bound is not finite either, and there is no interval.
 */
export function bootstrapInterval<T>(
  a: readonly T[],
  b: readonly T[],
  statistic: (a: readonly T[], b: readonly T[]) => number | undefined,
  replicates: number,
  random: RandomSource,
): BootstrapInterval {
  return intervalOf(replicates, () => statistic(resample(a, random), resample(b, random)));
}

/** The statistic of one bootstrap resample of a fixed sample, drawn without building the resample. */
export type ResampledStatistic = (random: SeededRandom) => number;

/**
 * {@link bootstrapInterval} of `drawA() ÷ drawB()` (undefined when the divisor is 0), for statistics
 * that draw their resample themselves: the same draws in the same order as resampling `a`, then `b`,
 * so the same seed gives the same interval, thousands of times faster on a long history.
 */
export function bootstrapRatioInterval(drawA: ResampledStatistic, drawB: ResampledStatistic, replicates: number, random: SeededRandom): BootstrapInterval {
  return intervalOf(replicates, () => {
    const x = drawA(random);
    const y = drawB(random);
    return y === 0 ? undefined : x / y;
  });
}

/** The share of `true` in a resample of `flags`, as `resample(flags).filter(Boolean).length / flags.length`. */
export function resampledShare(flags: readonly boolean[]): ResampledStatistic {
  const n = flags.length;
  const bits = Uint8Array.from(flags, (flag) => (flag === true ? 1 : 0));
  return (random) => {
    let hits = 0;
    let state = random.state;
    for (let i = 0; i < n; i++) {
      state = nextState(state);
      hits += bits[drawIndex(state, n)] ?? 0;
    }
    random.state = state;
    return hits / n;
  };
}

/**
 * The median of a resample of `values`, as `median(resample(values))`: each draw is counted at its
 * value's place in the sorted sample, and the middle order statistics are read off the counts, so no
 * resample is built or sorted.
 */
export function resampledMedian(values: readonly number[]): ResampledStatistic {
  const n = values.length;
  const order = values.map((_, index) => index).sort((x, y) => (values[x] ?? 0) - (values[y] ?? 0));
  const sorted = order.map((index) => values[index] ?? 0);
  const placeOf = new Int32Array(n);
  order.forEach((index, place) => {
    placeOf[index] = place;
  });
  const counts = new Int32Array(n);
  const position = (n - 1) * 0.5;
  const below = Math.floor(position);
  const above = Math.min(n - 1, below + 1);
  return (random) => {
    counts.fill(0);
    let state = random.state;
    for (let i = 0; i < n; i++) {
      state = nextState(state);
      const place = placeOf[drawIndex(state, n)] ?? 0;
      counts[place] = (counts[place] ?? 0) + 1;
    }
    random.state = state;
    // The value of the k-th smallest draw (from 0): the first place whose running count passes k.
    let low: number | undefined;
    let high: number | undefined;
    let seen = 0;
    for (let place = 0; place < n && high === undefined; place++) {
      seen += counts[place] ?? 0;
      if (low === undefined && seen > below) {
        low = sorted[place];
      }
      if (low !== undefined && seen > above) {
        high = sorted[place];
      }
    }
    const lo = low ?? 0;
    const hi = high ?? lo;
    return lo + (hi - lo) * (position - below);
  };
}

/** The 2.5 and 97.5 percentiles of `replicates` draws of `replicate`, or why there is none. */
function intervalOf(replicates: number, replicate: () => number | undefined): BootstrapInterval {
  const values: number[] = [];
  for (let i = 0; i < replicates; i++) {
    const value = replicate();
    if (value !== undefined && Number.isFinite(value)) {
      values.push(value);
    }
  }
  if ((replicates - values.length) / replicates > 0.025) {
    return { ok: false, reason: `${replicates - values.length} of ${replicates} bootstrap replicates divide by zero, so the interval has no finite upper bound` };
  }
  values.sort((x, y) => x - y);
  return { ok: true, low: quantileOfSorted(values, 0.025) ?? 0, high: quantileOfSorted(values, 0.975) ?? 0 };
}
