import type { CodeCost } from './codeCost';
import { median } from './statistics';

/** Hours one story point stands for when config.yml's `cost.hoursPerPoint` does not say. */
export const DEFAULT_HOURS_PER_POINT = 6;

/** Hours in a working day and week: the `d` and `w` of a principal. */
const HOURS_PER_UNIT: Readonly<Record<string, number>> = { h: 1, d: 8, w: 40 };

/** The mean length of a month in days (365.25 / 12): the window's length in months. */
const DAYS_PER_MONTH = 30.4375;

/**
 * A principal (`3d`, `1.5w`, `5sp`) in hours: `h` as written, `d` 8 h, `w` 40 h, `sp` and `pt`
 * `hoursPerPoint` each; null when absent or not in the ledger's format.
 */
export function principalHours(principal: string | undefined, hoursPerPoint: number = DEFAULT_HOURS_PER_POINT): number | null {
  const match = principal === undefined ? null : /^(\d+(?:\.\d+)?)(h|d|w|sp|pt)$/.exec(principal);
  if (match === null) {
    return null;
  }
  const unit = match[2] === 'sp' || match[2] === 'pt' ? hoursPerPoint : (HOURS_PER_UNIT[match[2] ?? ''] ?? 1);
  return roundTo(Number(match[1]) * unit, 2);
}

/** An entry's interest: what its code costs beyond what the repository's code costs, per month of the window. */
export interface MonthlyInterest {
  /** extraFixCommits × hoursPerPoint + extraLeadTimeHours, over the window's months; two decimals. */
  readonly hoursPerMonth: number;
  /** The code's bug-fix commits above what the repository's bug-fix share would give it (never below 0); two decimals. */
  readonly extraFixCommits: number;
  /** Of the code's tickets with a lead time, the hours each took beyond the repository's median, summed (never below 0). */
  readonly extraLeadTimeHours: number;
  /** The window's length in months, two decimals. */
  readonly months: number;
  /** How the number was reached, in words and the numbers that went in. */
  readonly method: string;
}

/** An entry's principal, interest and their ratio: the order in which paying debt relieves most per hour. */
export interface EntryPriority {
  readonly principalHours: number | null;
  /** Null when the entry's code was not measured (no resolved anchor, or a partial clone). */
  readonly monthlyInterest: MonthlyInterest | null;
  /** Interest hours per month ÷ principal hours, four decimals; null without either. */
  readonly priority: number | null;
}

/** What the repository's code costs on average: the yardstick an entry's code is measured against. */
export interface InterestBasis {
  /** Bug-fix commits ÷ counted commits of the window; null without commits. */
  readonly bugFixShare: number | null;
  /** The median lead time of the window's tickets that have one, hours; null when none has. */
  readonly medianLeadTimeHours: number | null;
  readonly months: number;
  readonly hoursPerPoint: number;
}

/** The interest basis of a window: its bug-fix flags (one per counted commit) and its tickets' lead times. */
export function interestBasis(bugFix: readonly boolean[], leadTimes: Iterable<number | null>, window: { readonly since: Date; readonly until: Date }, hoursPerPoint: number = DEFAULT_HOURS_PER_POINT): InterestBasis {
  const known = [...leadTimes].filter((hours): hours is number => hours !== null);
  const fixes = bugFix.filter(Boolean).length;
  const days = (window.until.getTime() - window.since.getTime()) / 86_400_000;
  return {
    bugFixShare: bugFix.length === 0 ? null : fixes / bugFix.length,
    medianLeadTimeHours: median(known) ?? null,
    months: roundTo(Math.max(days, 1) / DAYS_PER_MONTH, 2),
    hoursPerPoint,
  };
}

/**
 * Prices an entry (metrics.md, "Interest and priority"): its code's fix commits above the
 * repository's base rate, each valued at one story point, plus its tickets' lead time beyond the
 * repository's median, per month of the window; divided by the principal in hours. `cost` undefined:
 * the code was not measured.
 */
export function entryPriority(principal: string | undefined, cost: CodeCost | undefined, leadTimes: readonly (number | null)[], basis: InterestBasis): EntryPriority {
  const hours = principalHours(principal, basis.hoursPerPoint);
  if (cost === undefined) {
    return { principalHours: hours, monthlyInterest: null, priority: null };
  }
  const share = basis.bugFixShare ?? 0;
  const extraFixCommits = roundTo(Math.max(0, cost.bugFixCommits - cost.commits * share), 2);
  const baseLead = basis.medianLeadTimeHours;
  const extraLeadTimeHours = baseLead === null ? 0 : roundTo(leadTimes.reduce<number>((sum, lead) => sum + (lead === null ? 0 : Math.max(0, lead - baseLead)), 0), 2);
  const hoursPerMonth = roundTo((extraFixCommits * basis.hoursPerPoint + extraLeadTimeHours) / basis.months, 2);
  const fixPart = `${cost.bugFixCommits} of ${cost.commits} commits are fixes, ${formatNumber(extraFixCommits)} above the repository's ${formatPercent(share)}, × ${formatNumber(basis.hoursPerPoint)} h a point`;
  const leadPart = baseLead === null ? 'no lead times known' : `+ ${formatNumber(extraLeadTimeHours)} h of ticket lead time over the ${formatNumber(roundTo(baseLead, 2))} h median`;
  const method = `(${fixPart}) ${leadPart}, over ${formatNumber(basis.months)} months`;
  return {
    principalHours: hours,
    monthlyInterest: { hoursPerMonth, extraFixCommits, extraLeadTimeHours, months: basis.months, method },
    priority: hours === null || hours === 0 ? null : roundTo(hoursPerMonth / hours, 4),
  };
}

/**
 * Orders entries by priority, highest first (most interest relieved per hour of principal), then by
 * id; entries without a priority (no principal, or unmeasured interest) come last, by id.
 */
export function byPriority<T extends { readonly id: string; readonly priority: number | null }>(a: T, b: T): number {
  if (a.priority !== b.priority) {
    if (a.priority === null || b.priority === null) {
      return a.priority === null ? 1 : -1;
    }
    return b.priority - a.priority;
  }
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

function roundTo(value: number, digits: number): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}

function formatNumber(value: number): string {
  return String(roundTo(value, 2));
}

function formatPercent(share: number): string {
  return `${roundTo(share * 100, 1)} % bug-fix share`;
}
