import { compareReferenceIds } from '../backlog/referenceOrder';
import type { BacklogReference } from '../backlog/backlogReferences';
import type { HistorySummary } from './fileHistory';
import { isMassCommit } from './fileHistory';
import { subjectOf } from './logParser';

/** One backlog item as the window's history knows it. */
export interface TicketHistory {
  readonly reference: BacklogReference;
  /** Indices into {@link HistorySummary.commits} of the kept commits citing it, newest first (as the summary lists them). */
  readonly commits: readonly number[];
  /** The current paths (alive at HEAD) it is attributed to: those its non-mass commits changed, in path order. */
  readonly files: readonly string[];
  /** The subject (first line) of the newest citing commit (latest committer date; the first listed among equals). */
  readonly title: string;
}

/**
 * Every reference cited in the window by kept (non-bot) commits, mass commits included: a mass
 * commit still counts as a commit citing the item, though it attributes it to no file. Ordered by
 * citing commits, most first, then by id with numbers compared by value (#991 < #992 < #9910).
 */
export function summarizeTickets(summary: HistorySummary, livePaths: ReadonlySet<string>): TicketHistory[] {
  const byId = new Map<string, { reference: BacklogReference; commits: number[]; files: Set<string> }>();
  summary.references.forEach((references, index) => {
    const mass = isMassCommit(summary, index);
    for (const reference of references) {
      let ticket = byId.get(reference.id);
      if (ticket === undefined) {
        ticket = { reference, commits: [], files: new Set() };
        byId.set(reference.id, ticket);
      }
      // A message citing an item twice is one citing commit.
      if (ticket.commits.at(-1) === index) {
        continue;
      }
      ticket.commits.push(index);
      if (!mass) {
        for (const path of summary.changesets[index] ?? []) {
          if (livePaths.has(path)) {
            ticket.files.add(path);
          }
        }
      }
    }
  });
  const tickets = [...byId.values()].map(({ reference, commits, files }): TicketHistory => ({
    reference,
    commits,
    files: [...files].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)),
    title: subjectOf(newest(summary, commits)),
  }));
  return tickets.sort((x, y) => y.commits.length - x.commits.length || compareReferenceIds(x.reference.id, y.reference.id));
}

function newest(summary: HistorySummary, commits: readonly number[]): string {
  let best = summary.commits[commits[0] ?? -1];
  for (const index of commits) {
    const commit = summary.commits[index];
    if (commit !== undefined && best !== undefined && commit.commitTime > best.commitTime) {
      best = commit;
    }
  }
  return best?.message ?? '';
}

