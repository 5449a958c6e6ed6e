import type { HistorySummary } from '../history/fileHistory';
import type { TicketHistory } from '../history/ticketHistory';
import type { TrackerFacts } from './trackerFacts';

/** Where a ticket's lead time comes from: the tracker's own times, or its first and last citing commits. */
export type LeadTimeSource = 'tracker' | 'commits';

/** A ticket as a unit of work: what kind, over which span of commits, and how long it took. */
export interface TicketWork {
  readonly kind: 'bug' | 'change';
  /** Author date of the oldest citing commit, ISO. */
  readonly firstCommit: string;
  /** Author date of the newest citing commit, ISO. */
  readonly lastCommit: string;
  /** Hours, two decimals; null when neither the tracker nor two citing commits give one. */
  readonly leadTimeHours: number | null;
  readonly leadTimeSource: LeadTimeSource | null;
}

/**
 * The work of one ticket (metrics.md, "Lead time"): a bug when a citing commit's subject is a fix by
 * convention (`subjectFix`, parallel to the summary's commits) or the tracker says so; lead time from
 * the tracker's created → resolved when it has both (resolved not before created), else first → last
 * citing commit by author date when there are two or more, else none.
 */
export function ticketWork(ticket: TicketHistory, summary: HistorySummary, subjectFix: readonly boolean[], tracker: TrackerFacts | undefined): TicketWork {
  let first = Number.POSITIVE_INFINITY;
  let last = Number.NEGATIVE_INFINITY;
  let fix = false;
  for (const index of ticket.commits) {
    const commit = summary.commits[index];
    if (commit === undefined) {
      continue;
    }
    first = Math.min(first, commit.authorTime);
    last = Math.max(last, commit.authorTime);
    fix ||= subjectFix[index] === true;
  }
  const kind = fix || tracker?.bug === true ? 'bug' : 'change';
  const iso = (seconds: number): string => new Date(seconds * 1000).toISOString();
  const base = { kind, firstCommit: iso(first), lastCommit: iso(last) } as const;
  if (tracker?.createdAt !== undefined && tracker.resolvedAt !== undefined && tracker.resolvedAt >= tracker.createdAt) {
    return { ...base, leadTimeHours: hours((tracker.resolvedAt - tracker.createdAt) / 1000), leadTimeSource: 'tracker' };
  }
  if (ticket.commits.length >= 2) {
    return { ...base, leadTimeHours: hours(last - first), leadTimeSource: 'commits' };
  }
  return { ...base, leadTimeHours: null, leadTimeSource: null };
}

/** Seconds as hours, rounded to two decimals (36 s is 0.01 h): the unit every lead time is reported in. */
function hours(seconds: number): number {
  return Math.round((seconds / 3600) * 100) / 100;
}
