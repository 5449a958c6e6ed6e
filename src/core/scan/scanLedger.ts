import type { CodeCost } from '../cost/codeCost';
import { NO_COST } from '../cost/codeCost';
import type { EntryPriority, MonthlyInterest as InterestPerMonth } from '../cost/entryPriority';
import type { HistorySummary } from '../history/fileHistory';
import type { GitOptions } from '../history/gitProcess';
import type { Interest, MonthlyInterest } from '../impact/anchorInterest';
import type { EntryFieldsJson } from '../ledger/entryJson';
import { entryFieldsJson } from '../ledger/entryJson';
import type { LedgerDiagnostic, LedgerEntry } from '../ledger/ledgerEntry';
import { LedgerStore } from '../ledger/ledgerStore';
import type { AnchorResolution } from '../ledger/resolveAnchors';
import { zip } from '../zip';
import { readHeadText } from './workingTree';

/** One anchor of an entry as the scan found it: where it is now, or why it is orphaned. */
export type AnchorReport =
  | { readonly status: 'resolved'; readonly how: string; readonly moved: boolean; readonly path: string; readonly symbol: string | null; readonly lines: readonly [number, number] | null }
  | { readonly status: 'orphaned'; readonly reason: string; readonly path: string; readonly symbol: string | null };

/** One entry in the report's ledger section: its fields, where its anchors are now, and its interest. */
export interface EntryReport extends EntryFieldsJson {
  /** The entry's file, repository-relative (`path` in the `debt` commands' JSON, see `EntryJson`). */
  readonly file: string;
  readonly anchors: readonly AnchorReport[];
  /** What the debt cost in the window: changes, churn and tickets on the anchored code. */
  readonly interest: { readonly revisions: number; readonly churn: number; readonly tickets: readonly string[]; readonly byMonth: readonly MonthlyInterest[] };
  /** What the anchored code's commits cost: bug fixes among them, their tickets and their lead time. */
  readonly cost: CodeCost;
  /** The principal in hours (`d` 8 h, `w` 40 h, a point `cost.hoursPerPoint`); null without one. */
  readonly principalHours: number | null;
  /** What the anchored code costs beyond the repository's code, per month, with its method; null when not measured. */
  readonly monthlyInterest: InterestPerMonth | null;
  /** monthlyInterest.hoursPerMonth ÷ principalHours: the cheapest relief first; null without either. */
  readonly priority: number | null;
}

export interface LedgerReport {
  /** The ledger folder, repository-relative. */
  readonly folder: string;
  readonly entries: readonly EntryReport[];
  /** Entries with at least one orphaned anchor. */
  readonly orphaned: number;
  /** Files in the folder that are not valid entries; they are left untouched. */
  readonly diagnostics: readonly LedgerDiagnostic[];
  /** TODO/FIXME/HACK/XXX/@deprecated comments in the parsed files, by tag. */
  readonly markers: { readonly total: number; readonly byTag: Readonly<Record<string, number>> };
}

/** What the ledger's part of a scan needs from the rest of it. */
export interface LedgerScanInput {
  readonly git: GitOptions;
  readonly root: string;
  readonly head: string;
  readonly folder: string;
  readonly history: HistorySummary;
  readonly window: { readonly since: Date; readonly until: Date };
  readonly dirty: ReadonlySet<string>;
  readonly markerCounts: Iterable<Readonly<Record<string, number>> | undefined>;
  /** Measure interest (a `git log -p` of the anchored files); false in a partial clone, where it would fetch blobs. */
  readonly interest?: boolean;
  /** The cost of code from its commit ids and its tickets' ids; without it every entry costs nothing. */
  readonly costOf?: (commits: readonly string[], tickets: readonly string[]) => CodeCost;
  /** Prices an entry from its principal and its code's cost (undefined: not measured); without it no entry has a priority. */
  readonly priceOf?: (principal: string | undefined, cost: CodeCost | undefined, tickets: readonly string[]) => EntryPriority;
}

/** The ledger as a scan read it: the report's section, and the entries and resolutions behind it. */
export interface ScannedLedger {
  readonly report: LedgerReport;
  /** Every valid entry, whole (the report keeps only what the JSON contract lists). */
  readonly entries: readonly LedgerEntry[];
  /** Each entry's anchor resolutions, parallel to its anchors, by entry id. */
  readonly resolutions: ReadonlyMap<string, readonly AnchorResolution[]>;
}

/**
 * Loads the ledger, resolves every anchor in memory (nothing is written back: `debt reanchor` does
 * that on request) and measures each entry's interest in one git walk for all anchored files.
 */
export async function scanLedger(input: LedgerScanInput): Promise<ScannedLedger> {
  const store = new LedgerStore({ repoRoot: input.root, folder: input.folder });
  const snapshot = await store.load();
  const markers = summarizeMarkers(input.markerCounts);
  if (snapshot.entries.length === 0) {
    return { report: { folder: store.folder, entries: [], orphaned: 0, diagnostics: snapshot.diagnostics, markers }, entries: [], resolutions: new Map() };
  }
  // Resolving anchors needs the TypeScript scanner: loaded only when there are entries to resolve.
  const [{ createRepositoryAnchorResolver }, { readAnchorInterest }] = await Promise.all([
    import('../ledger/repositoryAnchorResolver'),
    import('../impact/anchorInterest'),
  ]);
  const resolver = await createRepositoryAnchorResolver(input.git, snapshot.entries.flatMap((entry) => entry.anchors));
  const resolutions = snapshot.entries.map((entry) => entry.anchors.map((anchor) => resolver.resolve(anchor)));
  const groups = resolutions.map((list) => list.flatMap((resolution) => (resolution.status === 'resolved' ? [resolution.anchor] : [])));
  const interest = input.interest !== false && groups.some((group) => group.length > 0)
    ? await readAnchorInterest(input.git, {
        groups,
        history: input.history,
        window: input.window,
        headText: (file) => readHeadText(input.git, input.head, file, input.dirty.has(file)).catch(() => undefined),
        listFunctions: (await import('../metrics/functionLayout')).listFunctionLayout,
      })
    : groups.map(() => undefined);
  const resolved = zip(snapshot.entries, resolutions);
  const entries = zip(resolved, interest).map(([[entry, entryResolutions], entryInterest]) => entryReport(entry, entryResolutions, entryInterest?.interest, input));
  return {
    report: {
      folder: store.folder,
      entries,
      orphaned: entries.filter((entry) => entry.anchors.some((anchor) => anchor.status === 'orphaned')).length,
      diagnostics: snapshot.diagnostics,
      markers,
    },
    entries: snapshot.entries,
    resolutions: new Map(resolved.map(([entry, entryResolutions]) => [entry.id, entryResolutions])),
  };
}

function entryReport(entry: LedgerEntry, resolutions: readonly AnchorResolution[], interest: Interest | undefined, input: Pick<LedgerScanInput, 'costOf' | 'priceOf'>): EntryReport {
  const cost = interest && input.costOf ? input.costOf(interest.commits, interest.tickets) : undefined;
  const price = input.priceOf?.(entry.principal, cost, interest?.tickets ?? []) ?? { principalHours: null, monthlyInterest: null, priority: null };
  return {
    ...entryFieldsJson(entry),
    file: entry.path,
    anchors: zip(entry.anchors, resolutions).map(([anchor, resolution]) =>
      resolution.status === 'resolved'
        ? { status: 'resolved', how: resolution.how, moved: resolution.moved, path: resolution.anchor.path, symbol: resolution.anchor.symbol ?? null, lines: resolution.anchor.lines ?? null }
        : { status: 'orphaned', reason: resolution.reason, path: anchor.path, symbol: anchor.symbol ?? null },
    ),
    interest: interest
      ? { revisions: interest.revisions, churn: interest.churn, tickets: interest.tickets, byMonth: interest.byMonth }
      : { revisions: 0, churn: 0, tickets: [], byMonth: [] },
    cost: cost ?? NO_COST,
    principalHours: price.principalHours,
    monthlyInterest: price.monthlyInterest,
    priority: price.priority,
  };
}


function summarizeMarkers(counts: Iterable<Readonly<Record<string, number>> | undefined>): LedgerReport['markers'] {
  const byTag: Record<string, number> = {};
  let total = 0;
  for (const fileCounts of counts) {
    for (const [tag, count] of Object.entries(fileCounts ?? {})) {
      byTag[tag] = (byTag[tag] ?? 0) + count;
      total += count;
    }
  }
  return { total, byTag };
}
