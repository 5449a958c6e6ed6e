import type { Anchor } from './anchor';
import type { LedgerEntry } from './ledgerEntry';
import type { AnchorResolution, AnchorResolver } from './resolveAnchors';

/** How an anchor relates to the code now: as stored, found elsewhere (a reanchor rewrites it), or gone. */
export type AnchorState = 'ok' | 'moved' | 'orphaned';

/** One stored anchor with where the resolver finds its code now. */
export interface ResolvedAnchor {
  readonly stored: Anchor;
  readonly state: AnchorState;
  readonly resolution: AnchorResolution;
}

export interface ResolvedEntry {
  readonly entry: LedgerEntry;
  /** In the entry's order. */
  readonly anchors: readonly ResolvedAnchor[];
}

/** An entry a reanchor rewrites: its anchors as written, and as they are to be written. */
export interface AnchorRewrite {
  readonly id: string;
  /** What the file says now; writing these back undoes the rewrite. */
  readonly previous: readonly Anchor[];
  /**
   * Resolved anchors where the code is now, orphaned ones as written: an orphaned anchor still
   * says where the debt was, so it is never dropped or guessed at.
   */
  readonly next: readonly Anchor[];
}

export interface ReanchorPlan {
  /** Every entry with its resolved anchors, in the ledger's order (for reporting). */
  readonly entries: readonly ResolvedEntry[];
  /** The entries with at least one moved anchor, in the ledger's order. */
  readonly rewrites: readonly AnchorRewrite[];
  /** How many anchors are orphaned (left as written). */
  readonly orphaned: number;
}

/** Resolves each of the entry's anchors and tells whether it is where the file says. */
export function resolveEntry(entry: LedgerEntry, resolver: AnchorResolver): ResolvedEntry {
  return {
    entry,
    anchors: entry.anchors.map((stored) => {
      const resolution = resolver.resolve(stored);
      const state: AnchorState = resolution.status === 'orphaned' ? 'orphaned' : resolution.moved ? 'moved' : 'ok';
      return { stored, state, resolution };
    }),
  };
}

/**
 * What `debt reanchor` and the editor's "Update Moved Anchors" write: every entry with a moved
 * anchor gets all its anchors rewritten from the resolution. Pure: the caller applies
 * {@link ReanchorPlan.rewrites} with `LedgerStore.update`, after showing or confirming them.
 */
export function planReanchor(entries: readonly LedgerEntry[], resolver: AnchorResolver): ReanchorPlan {
  const resolved = entries.map((entry) => resolveEntry(entry, resolver));
  const rewrites: AnchorRewrite[] = [];
  let orphaned = 0;
  for (const { entry, anchors } of resolved) {
    orphaned += anchors.filter((a) => a.state === 'orphaned').length;
    if (anchors.some((a) => a.state === 'moved')) {
      rewrites.push({
        id: entry.id,
        previous: entry.anchors,
        next: anchors.map((a) => (a.resolution.status === 'resolved' ? a.resolution.anchor : a.stored)),
      });
    }
  }
  return { entries: resolved, rewrites, orphaned };
}

/** `src/a.ts:2-11 Session.refresh`: path, line range, symbol, as the CLI and the editor show an anchor. */
export function anchorText(anchor: Anchor): string {
  const lines = anchor.lines === undefined ? '' : `:${anchor.lines[0]}-${anchor.lines[1]}`;
  return `${anchor.path}${lines}${anchor.symbol === undefined ? '' : ` ${anchor.symbol}`}`;
}

/**
 * One line per moved or orphaned anchor, in the ledger's order: `TD-… moved a → b (how)` and
 * `TD-… orphaned a (reason), left as is`. Anchors still in place say nothing.
 */
export function describeReanchorPlan(plan: ReanchorPlan): string[] {
  const lines: string[] = [];
  for (const { entry, anchors } of plan.entries) {
    for (const anchor of anchors) {
      if (anchor.resolution.status === 'orphaned') {
        lines.push(`${entry.id} orphaned ${anchorText(anchor.stored)} (${anchor.resolution.reason}), left as is`);
      } else if (anchor.resolution.moved) {
        lines.push(`${entry.id} moved ${anchorText(anchor.stored)} → ${anchorText(anchor.resolution.anchor)} (${anchor.resolution.how})`);
      }
    }
  }
  return lines;
}
