import type { BacklogItemDetails } from '../backlog/trackerClient';

/** What a tracker says of a ticket that its cost needs: whether it is a bug, and when it was opened and done. */
export interface TrackerFacts {
  /** A GitHub label among the bug labels, or a Jira issue type `Bug`. */
  readonly bug: boolean;
  /** Unix milliseconds; undefined when the tracker did not say. */
  readonly createdAt: number | undefined;
  /** When the work was done: an issue's `closed_at`, a pull request's `merged_at`, Jira's `resolutiondate`; undefined while open. */
  readonly resolvedAt: number | undefined;
}

/** GitHub's default label for defects. */
export const DEFAULT_BUG_LABELS: readonly string[] = ['bug'];

/** The cost facts in a tracker's answer; labels and the issue type compare case-insensitively. */
export function trackerFactsOf(details: BacklogItemDetails, bugLabels: readonly string[] = DEFAULT_BUG_LABELS): TrackerFacts {
  const wanted = new Set(bugLabels.map((label) => label.toLowerCase()));
  const bug = (details.labels ?? []).some((label) => wanted.has(label.toLowerCase())) || details.issueType?.toLowerCase() === 'bug';
  return { bug, createdAt: timeOf(details.createdAt), resolvedAt: timeOf(details.resolvedAt ?? undefined) };
}

function timeOf(iso: string | undefined): number | undefined {
  if (iso === undefined) {
    return undefined;
  }
  const time = Date.parse(iso);
  return Number.isNaN(time) ? undefined : time;
}
