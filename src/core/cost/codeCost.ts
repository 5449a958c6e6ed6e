import { median } from './statistics';

/** What some code (a file, a function, a debt entry's anchors) cost in the window, in commits and tickets. */
export interface CodeCost {
  /** Counted commits that changed it. */
  readonly commits: number;
  /** Those that are bug fixes: by their subject, or citing a ticket the tracker types as a bug. */
  readonly bugFixCommits: number;
  /** bugFixCommits / commits; null without commits. */
  readonly bugFixShare: number | null;
  /** Backlog items attributed to it (mass commits left out, as its `tickets`). */
  readonly tickets: number;
  /** The median lead time of those tickets that have one, hours, two decimals; null when none has. */
  readonly medianLeadTimeHours: number | null;
}

/** What every cost is computed from: which commits are bug fixes, and each ticket's lead time. */
export interface CostBasis {
  /** Parallel to the history summary's commits. */
  readonly bugFix: readonly boolean[];
  /** Hours by ticket id; null where the ticket has none. */
  readonly leadTimes: ReadonlyMap<string, number | null>;
}

/** The cost of code no commit changed. */
export const NO_COST: CodeCost = { commits: 0, bugFixCommits: 0, bugFixShare: null, tickets: 0, medianLeadTimeHours: null };

/** The cost of code from its commits (indices into the summary's commits; repeats count once) and its tickets' ids. */
export function codeCost(commits: Iterable<number>, tickets: readonly string[], basis: CostBasis): CodeCost {
  const distinct = new Set(commits);
  let bugFixCommits = 0;
  for (const index of distinct) {
    if (basis.bugFix[index] === true) {
      bugFixCommits++;
    }
  }
  const leadTimes = tickets.flatMap((id) => {
    const hours = basis.leadTimes.get(id);
    return hours === undefined || hours === null ? [] : [hours];
  });
  return {
    commits: distinct.size,
    bugFixCommits,
    bugFixShare: distinct.size === 0 ? null : bugFixCommits / distinct.size,
    tickets: new Set(tickets).size,
    medianLeadTimeHours: roundedHours(median(leadTimes)),
  };
}

/** Hours to two decimals, as every lead time is reported: the median of two may fall on a half-hundredth. */
export function roundedHours(hours: number | undefined): number | null {
  return hours === undefined ? null : Math.round(hours * 100) / 100;
}
