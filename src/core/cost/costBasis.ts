import type { HistorySummary } from '../history/fileHistory';
import type { TicketHistory } from '../history/ticketHistory';
import type { BugFixMatcher } from './bugFixRule';
import type { CostBasis } from './codeCost';
import type { TicketWork } from './ticketWork';
import { ticketWork } from './ticketWork';
import type { TrackerFacts } from './trackerFacts';

/** The window's tickets as units of work, and the basis every cost is computed from. */
export interface CostLedger extends CostBasis {
  /** By ticket id. */
  readonly work: ReadonlyMap<string, TicketWork>;
  /** Tickets cited by one commit only: many of them mean squash merges, whose lead times only a tracker knows. */
  readonly singleCommitTickets: number;
}

/**
 * Decides which commits are bug fixes (a fix by their subject, or citing a ticket the tracker types as
 * a bug) and what each ticket's kind and lead time are; `tracker` holds what live lookups answered, by
 * ticket id.
 */
export function buildCostLedger(summary: HistorySummary, tickets: readonly TicketHistory[], isFix: BugFixMatcher, tracker: ReadonlyMap<string, TrackerFacts>): CostLedger {
  const subjectFix = summary.commits.map((commit) => isFix(commit.message));
  const trackerBugs = new Set([...tracker].flatMap(([id, facts]) => (facts.bug ? [id] : [])));
  const bugFix = subjectFix.map((fix, index) => fix || (summary.references[index] ?? []).some((reference) => trackerBugs.has(reference.id)));
  const work = new Map(tickets.map((ticket) => [ticket.reference.id, ticketWork(ticket, summary, subjectFix, tracker.get(ticket.reference.id))]));
  const leadTimes = new Map([...work].map(([id, item]) => [id, item.leadTimeHours]));
  return { bugFix, leadTimes, work, singleCommitTickets: tickets.filter((ticket) => ticket.commits.length === 1).length };
}
