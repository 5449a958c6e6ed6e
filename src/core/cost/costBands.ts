import type { CostBasis } from './codeCost';
import { roundedHours } from './codeCost';
import { quantile } from './statistics';

/** One file of a band: its commits (indices into the summary's commits) and its tickets' ids. */
export interface BandFile {
  readonly commits: readonly number[];
  readonly tickets: readonly string[];
}

/** A group of files (the significant hotspots, or the rest) and what changing them cost. */
export interface CostBand {
  readonly files: number;
  /** Distinct commits that changed at least one of the files: a commit changing two counts once. */
  readonly commits: number;
  readonly bugFixCommits: number;
  /** bugFixCommits / commits; null without commits. */
  readonly bugFixShare: number | null;
  /** Distinct tickets attributed to the files. */
  readonly tickets: number;
  /** Of the tickets that have a lead time, hours; null when none has. */
  readonly medianLeadTimeHours: number | null;
  readonly p90LeadTimeHours: number | null;
  /** Tickets with a lead time: the observations behind the median and the p90. */
  readonly n: number;
}

/** A band with the observations its ratios resample: one flag per commit, one lead time per ticket. */
export interface MeasuredBand {
  readonly band: CostBand;
  readonly bugFixFlags: readonly boolean[];
  readonly leadTimes: readonly number[];
}

/** Measures a band of files against the cost basis. */
export function measureBand(files: readonly BandFile[], basis: CostBasis): MeasuredBand {
  const commits = new Set<number>();
  const tickets = new Set<string>();
  for (const file of files) {
    file.commits.forEach((index) => commits.add(index));
    file.tickets.forEach((id) => tickets.add(id));
  }
  const bugFixFlags = [...commits].map((index) => basis.bugFix[index] === true);
  const leadTimes = [...tickets].flatMap((id) => {
    const hours = basis.leadTimes.get(id);
    return hours === undefined || hours === null ? [] : [hours];
  });
  const bugFixCommits = bugFixFlags.filter(Boolean).length;
  return {
    band: {
      files: files.length,
      commits: commits.size,
      bugFixCommits,
      bugFixShare: commits.size === 0 ? null : bugFixCommits / commits.size,
      tickets: tickets.size,
      medianLeadTimeHours: roundedHours(quantile(leadTimes, 0.5)),
      p90LeadTimeHours: roundedHours(quantile(leadTimes, 0.9)),
      n: leadTimes.length,
    },
    bugFixFlags,
    leadTimes,
  };
}
