import type { Anchor } from './anchor';
import type { DebtSeverity, DebtStatus, LedgerEntry } from './ledgerEntry';
import type { AnchorState, ResolvedAnchor, ResolvedEntry } from './reanchorPlan';

/**
 * The fields every JSON view of an entry starts with, in this order: the `debt` commands' and the
 * scan report's ledger section. Absent optional fields are `null`, so a consumer never has to tell
 * a missing key from a missing value.
 */
export interface EntryFieldsJson {
  readonly id: string;
  readonly title: string;
  readonly status: DebtStatus;
  readonly severity: DebtSeverity;
  readonly principal: string | null;
  readonly tags: readonly string[];
  readonly backlog: readonly string[];
}

/** An anchor's position fields, as stored or as found now. */
export interface AnchorPositionJson {
  readonly path: string;
  readonly symbol: string | null;
  readonly lines: readonly [number, number] | null;
  readonly fingerprint: string | null;
}

/** One anchor in `debt list` and `debt show --format json`: as stored, and what the resolver found. */
export interface AnchorJson extends AnchorPositionJson {
  readonly state: AnchorState;
  readonly how: string | null;
  readonly reason: string | null;
  readonly current: AnchorPositionJson | null;
}

/**
 * One entry in `debt list` and `debt show --format json`. The entry's file is `path` here but `file`
 * in the scan report's ledger section (whose `path` is an anchor's): both are published contracts.
 */
export interface EntryJson extends EntryFieldsJson {
  readonly created: string;
  readonly updated: string | null;
  readonly author: string | null;
  readonly path: string;
  readonly anchors: readonly AnchorJson[];
}

export function entryFieldsJson(entry: LedgerEntry): EntryFieldsJson {
  return {
    id: entry.id,
    title: entry.title,
    status: entry.status,
    severity: entry.severity,
    principal: entry.principal ?? null,
    tags: entry.tags,
    backlog: entry.backlog,
  };
}

export function entryJson({ entry, anchors }: ResolvedEntry): EntryJson {
  return {
    ...entryFieldsJson(entry),
    created: entry.created,
    updated: entry.updated ?? null,
    author: entry.author ?? null,
    path: entry.path,
    anchors: anchors.map(anchorJson),
  };
}

function anchorJson(anchor: ResolvedAnchor): AnchorJson {
  const { resolution } = anchor;
  return {
    ...positionJson(anchor.stored),
    state: anchor.state,
    how: resolution.status === 'resolved' ? resolution.how : null,
    reason: resolution.status === 'orphaned' ? resolution.reason : null,
    current: resolution.status === 'resolved' ? positionJson(resolution.anchor) : null,
  };
}

function positionJson(anchor: Anchor): AnchorPositionJson {
  return { path: anchor.path, symbol: anchor.symbol ?? null, lines: anchor.lines ?? null, fingerprint: anchor.fingerprint ?? null };
}
