import type { Hunk } from '../history/patchParser';
import type { LedgerEntry } from '../ledger/ledgerEntry';
import { LedgerStore } from '../ledger/ledgerStore';
import type { AnchorResolution } from '../ledger/resolveAnchors';
import { isActiveEntry } from '../report/formatSarif';
import type { EntryChangeReport } from './reviewReport';

/** The ledger of one version with each entry's anchors resolved against that version's code. */
export interface ResolvedLedger {
  readonly entries: readonly LedgerEntry[];
  /** Parallel to each entry's anchors, by entry id. */
  readonly resolutions: ReadonlyMap<string, readonly AnchorResolution[]>;
}

/**
 * The ledger in `dir` (a work tree or a checkout) with its anchors resolved there by the
 * re-anchoring cascade, as the scan resolves them (`createRepositoryAnchorResolver`).
 */
export async function readResolvedLedger(dir: string, folder: string, signal?: AbortSignal): Promise<ResolvedLedger> {
  const snapshot = await new LedgerStore({ repoRoot: dir, folder }).load();
  if (snapshot.entries.length === 0) {
    return { entries: [], resolutions: new Map() };
  }
  const { createRepositoryAnchorResolver } = await import('../ledger/repositoryAnchorResolver');
  const resolver = await createRepositoryAnchorResolver({ cwd: dir, signal }, snapshot.entries.flatMap((entry) => entry.anchors));
  return { entries: snapshot.entries, resolutions: new Map(snapshot.entries.map((entry) => [entry.id, entry.anchors.map((anchor) => resolver.resolve(anchor))])) };
}

/**
 * The active entries (open, accepted, scheduled) the branch affects, in the head ledger's order:
 * `orphaned` when an anchor is orphaned at head that was found at base (or the entry is new), else
 * `touched` when a hunk of the branch falls in code an anchor covers at head (a whole-file anchor:
 * any change of the file). `hunksAt` gives the branch's hunks of a head path, undefined when the
 * branch leaves it unchanged.
 */
export function reviewEntries(head: ResolvedLedger, base: ResolvedLedger, hunksAt: (path: string) => readonly Hunk[] | undefined): EntryChangeReport[] {
  const reports: EntryChangeReport[] = [];
  for (const entry of head.entries) {
    if (!isActiveEntry(entry)) {
      continue;
    }
    const atHead = head.resolutions.get(entry.id) ?? [];
    const atBase = base.resolutions.get(entry.id);
    const common = { id: entry.id, title: entry.title, status: entry.status, severity: entry.severity, file: entry.path, backlog: entry.backlog };
    const orphaned = entry.anchors.findIndex((_, index) => atHead[index]?.status === 'orphaned' && (atBase === undefined || atBase[index]?.status !== 'orphaned'));
    const stored = entry.anchors[orphaned];
    if (stored !== undefined) {
      reports.push({ ...common, state: 'orphaned', path: stored.path, symbol: stored.symbol ?? null });
      continue;
    }
    for (const resolution of atHead) {
      if (resolution.status !== 'resolved') {
        continue;
      }
      const { anchor } = resolution;
      const hunks = hunksAt(anchor.path);
      if (hunks !== undefined && (anchor.lines === undefined || hunks.some((hunk) => hunkTouches(hunk, anchor.lines![0], anchor.lines![1])))) {
        reports.push({ ...common, state: 'touched', path: anchor.path, symbol: anchor.symbol ?? null });
        break;
      }
    }
  }
  return reports;
}

/** An added line inside [start, end], or a deletion between two lines of it. */
function hunkTouches(hunk: Hunk, start: number, end: number): boolean {
  if (hunk.newCount > 0) {
    return hunk.newStart <= end && hunk.newStart + hunk.newCount - 1 >= start;
  }
  return start <= hunk.newStart && hunk.newStart < end;
}
