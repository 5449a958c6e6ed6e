/**
 * The impact of a debt entry, a file or a symbol (product.md, core idea 5): what the code costs and
 * who and what depends on it, assembled from what a scan already computed. No git, no file system:
 * everything comes in as arguments, so the editor, the CLI and the tests share it.
 */

import type { BacklogItemDetails } from '../backlog/trackerClient';
import type { HistorySummary } from '../history/fileHistory';
import type { Anchor } from '../ledger/anchor';
import type { LedgerEntry } from '../ledger/ledgerEntry';
import { LedgerEntryNotFoundError } from '../ledger/ledgerEntry';
import type { AnchorResolution } from '../ledger/resolveAnchors';
import type { ImportGraph } from '../metrics/importGraph';
import type { ScanReport } from '../scan/scanReport';
import { zip } from '../zip';
import type { GroupInterest, Interest } from './anchorInterest';

/** What to assess. */
export type ImpactTarget =
  | { readonly kind: 'entry'; readonly id: string }
  | { readonly kind: 'file'; readonly path: string }
  | { readonly kind: 'symbol'; readonly path: string; readonly symbol: string };

export interface ImpactSources {
  readonly report: ScanReport;
  readonly history: HistorySummary;
  readonly imports: ImportGraph;
  readonly entries: readonly LedgerEntry[];
  /**
   * Each entry's anchor resolutions, parallel to its `anchors`, by entry id. An entry missing here is
   * taken at its stored anchors (as if each resolved where it was written).
   */
  readonly resolutions: ReadonlyMap<string, readonly AnchorResolution[]>;
  /**
   * Reads the interest of one group of resolved anchors, e.g. `readAnchorInterest` bound to a
   * repository; absent, the impact has no interest (`null`).
   */
  readonly interestOf?: (anchors: readonly Anchor[]) => Promise<GroupInterest>;
  /**
   * Live details of a backlog item by reference id, or undefined when the tracker does not say. Its
   * failures (rejections) are tolerated: the item is listed without details.
   */
  readonly lookupBacklog?: (ref: string) => Promise<BacklogItemDetails | undefined>;
}

export interface HotspotStanding {
  readonly revisions: number | null;
  readonly score: number | null;
  readonly rank: number | null;
  readonly percentile: number | null;
}

export interface SymbolImpact extends HotspotStanding {
  readonly path: string;
  readonly name: string;
  readonly startLine: number;
  readonly endLine: number;
  readonly cognitive: number;
  readonly churn: number | null;
}

export interface AuthorShare {
  readonly name: string;
  readonly email: string;
  readonly added: number;
  readonly revisions: number;
  /** Share of the file's added lines (of its revisions when no line was added), 0..1. */
  readonly share: number;
}

export interface CouplingPartner {
  readonly path: string;
  readonly shared: number;
  /** Percent, as the report gives it. */
  readonly degree: number;
}

export interface FileImpact {
  readonly path: string;
  /** The file's standing in the scan; null when the report does not list it. */
  readonly hotspot: (HotspotStanding & { readonly significant: boolean }) | null;
  /** Ranked as the history ranks them (most added lines first); empty when unchanged in the window. */
  readonly authors: readonly AuthorShare[];
  readonly mainDeveloper: string | null;
  readonly ownership: number | null;
  readonly busFactor: number | null;
  /** Strongest first. */
  readonly coupling: readonly CouplingPartner[];
  readonly importers: readonly string[];
  readonly transitiveImporters: readonly string[];
}

/** A backlog item linked to the code: by the entry, by the commits of the interest, or both. */
export interface LinkedBacklogItem {
  readonly id: string;
  readonly fromEntry: boolean;
  readonly fromHistory: boolean;
  /** Plain data (dates as ISO strings); absent when no lookup was given or it gave nothing. */
  readonly details?: {
    readonly title: string;
    readonly state: string;
    readonly url: string;
    readonly labels?: readonly string[];
    readonly assignee?: string | null;
    readonly isPullRequest?: boolean;
    readonly fetchedAt: string;
  };
  /** The lookup failed (rejected); the item is still linked. */
  readonly lookupFailed?: boolean;
}

export interface EntrySummary {
  readonly id: string;
  readonly title: string;
  readonly status: string;
  readonly severity: string;
  readonly principal?: string;
  readonly path: string;
}

/** Plain data, JSON-serializable. */
export interface Impact {
  readonly target: ImpactTarget;
  /** The code assessed, at HEAD: the entry's resolved anchors, or the file or symbol asked about. */
  readonly anchors: readonly Anchor[];
  /** Anchors of the entry that no longer resolve; they add nothing to the impact. */
  readonly orphanedAnchors: number;
  readonly files: readonly FileImpact[];
  /** The standing of each anchored symbol the report lists. */
  readonly symbols: readonly SymbolImpact[];
  /** Null when no interest reader was given, or no anchor resolved. */
  readonly interest: Interest | null;
  readonly backlog: readonly LinkedBacklogItem[];
  /** The entries anchored on the same code (for an entry: on its files, itself left out). */
  readonly entries: readonly EntrySummary[];
}

/**
 * Assembles the impact of an entry, a file or a symbol.
 *
 * @throws LedgerEntryNotFoundError when an entry target is not among `sources.entries`.
 */
export async function impactOf(target: ImpactTarget, sources: ImpactSources): Promise<Impact> {
  const entry = target.kind === 'entry' ? sources.entries.find((candidate) => candidate.id === target.id) : undefined;
  if (target.kind === 'entry' && entry === undefined) {
    throw new LedgerEntryNotFoundError(target.id);
  }
  let anchors: Anchor[];
  let orphanedAnchors = 0;
  if (entry) {
    const current = currentAnchors(entry, sources.resolutions);
    anchors = current.anchors;
    orphanedAnchors = current.orphaned;
  } else if (target.kind === 'symbol') {
    const fn = findFunction(sources.report, target.path, target.symbol);
    anchors = [{ path: target.path, symbol: target.symbol, ...(fn && { lines: [fn.startLine, fn.endLine] as const }) }];
  } else {
    anchors = [{ path: (target as { path: string }).path }];
  }

  const paths = [...new Set(anchors.map((anchor) => anchor.path))];
  const files = paths.map((path) => fileImpact(path, sources));
  const symbols: SymbolImpact[] = [];
  for (const anchor of anchors) {
    const fn = anchor.symbol === undefined ? undefined : findFunction(sources.report, anchor.path, anchor.symbol);
    if (fn && !symbols.some((s) => s.path === anchor.path && s.name === fn.name)) {
      symbols.push({
        path: anchor.path,
        name: fn.name,
        startLine: fn.startLine,
        endLine: fn.endLine,
        cognitive: fn.cognitive,
        churn: fn.churn,
        revisions: fn.revisions,
        score: fn.score,
        rank: fn.rank,
        percentile: fn.percentile,
      });
    }
  }

  const interest = sources.interestOf && anchors.length > 0 ? (await sources.interestOf(anchors)).interest : null;
  const backlog = await linkBacklog(entry?.backlog ?? [], interest?.tickets ?? [], sources.lookupBacklog);
  const entries = sources.entries
    .filter((other) => other !== entry && currentAnchors(other, sources.resolutions).anchors.some((anchor) => covers(target, anchors, anchor)))
    .map(summarizeEntry);
  return { target, anchors, orphanedAnchors, files, symbols, interest, backlog, entries };
}

function currentAnchors(entry: LedgerEntry, resolutions: ReadonlyMap<string, readonly AnchorResolution[]>): { anchors: Anchor[]; orphaned: number } {
  const resolved = resolutions.get(entry.id);
  if (resolved === undefined) {
    return { anchors: [...entry.anchors], orphaned: 0 };
  }
  const anchors: Anchor[] = [];
  let orphaned = 0;
  for (const resolution of resolved) {
    if (resolution.status === 'resolved') {
      anchors.push(resolution.anchor);
    } else {
      orphaned++;
    }
  }
  return { anchors, orphaned };
}

/**
 * Whether another entry's anchor sits on the target's code: for a file or an entry, the same file;
 * for a symbol, the same symbol, or lines overlapping the symbol's lines, or the whole file.
 */
function covers(target: ImpactTarget, targetAnchors: readonly Anchor[], anchor: Anchor): boolean {
  if (target.kind !== 'symbol') {
    return targetAnchors.some((own) => own.path === anchor.path);
  }
  if (anchor.path !== target.path) {
    return false;
  }
  if (anchor.symbol === target.symbol) {
    return true;
  }
  const lines = targetAnchors[0]?.lines;
  if (anchor.symbol === undefined && anchor.lines === undefined) {
    return true;
  }
  return lines !== undefined && anchor.lines !== undefined && anchor.lines[0] <= lines[1] && lines[0] <= anchor.lines[1];
}

function findFunction(report: ScanReport, path: string, name: string): ScanReport['files'][number]['functions'][number] | undefined {
  return report.files.find((file) => file.path === path)?.functions.find((fn) => fn.name === name);
}

function fileImpact(path: string, sources: ImpactSources): FileImpact {
  const report = sources.report.files.find((file) => file.path === path);
  const history = sources.history.files.get(path);
  const byLines = history !== undefined && history.added > 0;
  const authors: AuthorShare[] = history
    ? [...history.authors.values()].map((author) => ({
        name: author.name,
        email: author.email,
        added: author.added,
        revisions: author.revisions,
        share: byLines ? author.added / history.added : author.revisions / history.revisions,
      }))
    : [];
  const coupling = sources.report.coupling
    .filter((pair) => pair.a === path || pair.b === path)
    .map((pair) => ({ path: pair.a === path ? pair.b : pair.a, shared: pair.shared, degree: pair.degree }))
    .sort((x, y) => y.degree - x.degree || y.shared - x.shared || (x.path < y.path ? -1 : x.path > y.path ? 1 : 0));
  return {
    path,
    hotspot: report ? { revisions: report.revisions, score: report.score, rank: report.rank, percentile: report.percentile, significant: report.significant } : null,
    authors,
    mainDeveloper: history ? history.mainDeveloper.name : null,
    ownership: history ? history.ownership : null,
    busFactor: history ? history.busFactor : null,
    coupling,
    importers: [...sources.imports.importersOf(path)],
    transitiveImporters: [...sources.imports.transitiveImportersOf(path)],
  };
}

/** The entry's items first (in its order), then the history's (most frequent first); looked up in parallel. */
async function linkBacklog(
  fromEntry: readonly string[],
  fromHistory: readonly string[],
  lookup: ((ref: string) => Promise<BacklogItemDetails | undefined>) | undefined,
): Promise<LinkedBacklogItem[]> {
  const history = new Set(fromHistory);
  const entry = new Set(fromEntry);
  const ids = [...new Set([...fromEntry, ...fromHistory])];
  const looked = await Promise.allSettled(ids.map((id) => (lookup ? lookup(id) : Promise.resolve(undefined))));
  return zip(ids, looked).map(([id, outcome]): LinkedBacklogItem => {
    const base = { id, fromEntry: entry.has(id), fromHistory: history.has(id) };
    if (outcome.status === 'rejected') {
      return { ...base, lookupFailed: true };
    }
    const details = outcome.value;
    if (details === undefined) {
      return base;
    }
    return {
      ...base,
      details: {
        title: details.title,
        state: details.state,
        url: details.url,
        ...(details.labels !== undefined && { labels: [...details.labels] }),
        ...(details.assignee !== undefined && { assignee: details.assignee }),
        ...(details.isPullRequest !== undefined && { isPullRequest: details.isPullRequest }),
        fetchedAt: details.fetchedAt.toISOString(),
      },
    };
  });
}

function summarizeEntry(entry: LedgerEntry): EntrySummary {
  return {
    id: entry.id,
    title: entry.title,
    status: entry.status,
    severity: entry.severity,
    ...(entry.principal !== undefined && { principal: entry.principal }),
    path: entry.path,
  };
}
