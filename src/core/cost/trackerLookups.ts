import type { BacklogReference } from '../backlog/backlogReferences';
import type { LookupResult } from '../backlog/trackerClient';
import { throwIfAborted } from '../history/gitProcess';
import type { TrackerFacts } from './trackerFacts';
import { trackerFactsOf } from './trackerFacts';

/**
 * Asks a tracker about one reference: the editor passes its cached live lookup, the CLI one with a
 * cache on disk, so a rescan does not ask again. `undefined` when no tracker can be asked about it.
 */
export type TicketLookup = (reference: BacklogReference, signal?: AbortSignal) => Promise<LookupResult | undefined>;

/** What the trackers answered, by ticket id, and how many were asked. */
export interface TrackerAnswers {
  readonly facts: ReadonlyMap<string, TrackerFacts>;
  /** References a tracker could be asked about. */
  readonly asked: number;
  readonly answered: number;
}

/** Lookups in flight at once: enough to hide latency, few enough for a tracker's secondary rate limits. */
const CONCURRENT_LOOKUPS = 4;

/** Asks about every reference, a few at a time; failures (offline, rate-limited, not found) leave a ticket to its commits. */
export async function lookUpTrackerFacts(references: readonly BacklogReference[], lookup: TicketLookup, bugLabels: readonly string[], signal?: AbortSignal): Promise<TrackerAnswers> {
  const facts = new Map<string, TrackerFacts>();
  let asked = 0;
  let next = 0;
  const work = async (): Promise<void> => {
    while (next < references.length) {
      throwIfAborted(signal);
      const reference = references[next++];
      if (reference === undefined) {
        continue;
      }
      const result = await lookup(reference, signal);
      if (result === undefined) {
        continue;
      }
      asked++;
      if (result.ok) {
        facts.set(reference.id, trackerFactsOf(result.details, bugLabels));
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENT_LOOKUPS, references.length) }, work));
  return { facts, asked, answered: facts.size };
}
