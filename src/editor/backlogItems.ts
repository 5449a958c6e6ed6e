/**
 * The Backlog view's items as plain data: which backlog items the ledger and the window's commits
 * name, what points at them and in which order they are worth reading. No `vscode`, so the order and
 * the texts are unit-tested.
 */
import { compareReferenceIds } from '../core/backlog/referenceOrder';
import type { LedgerEntry } from '../core/ledger/ledgerEntry';
import type { ScanReport } from '../core/scan/scanReport';
import { citedTickets, isSignificantFile } from './reportFacts';

/** A backlog item and what points at it. */
export interface BacklogItem {
  readonly ref: string;
  /** Debt entries that name it, in the ledger's order. */
  readonly entries: readonly string[];
  /** Significant files whose commits cite it (commits touching too many files left out by the scan), best first. */
  readonly files: readonly string[];
  /** The summed score of those files: how much hot code the item's work went into. */
  readonly score: number;
  /** Commits of the window citing it, mass commits included. */
  readonly commits: number;
  /** The subject of the newest commit citing it, without the reference itself; '' when no commit cites it. */
  readonly title: string;
}

/**
 * Every item the ledger's entries or the window's commits name: first those linked to entries
 * (someone linked them on purpose), then by the summed score of the significant files they touched,
 * then by commits, then by id in reading order (#991, #992, #9910).
 */
export function backlogItems(entries: readonly LedgerEntry[], report: ScanReport | undefined): BacklogItem[] {
  const items = new Map<string, { entries: string[]; files: string[]; score: number; commits: number; title: string }>();
  const get = (ref: string): { entries: string[]; files: string[]; score: number; commits: number; title: string } => {
    let found = items.get(ref);
    if (found === undefined) {
      found = { entries: [], files: [], score: 0, commits: 0, title: '' };
      items.set(ref, found);
    }
    return found;
  };
  for (const entry of entries) {
    for (const ref of new Set(entry.backlog)) {
      get(ref).entries.push(entry.id);
    }
  }
  if (report !== undefined) {
    for (const ticket of citedTickets(report)) {
      const item = get(ticket.id);
      item.commits = ticket.commits;
      item.title = withoutReference(ticket.title, ticket.id);
    }
    const significant = report.files.filter(isSignificantFile).sort((a, b) => (a.rank ?? Infinity) - (b.rank ?? Infinity) || compareReferenceIds(a.path, b.path));
    for (const file of significant) {
      for (const ref of new Set(file.tickets)) {
        const item = get(ref);
        item.files.push(file.path);
        item.score += file.score ?? 0;
      }
    }
  }
  return [...items]
    .map(([ref, item]) => ({ ref, ...item }))
    .sort((a, b) => Number(b.entries.length > 0) - Number(a.entries.length > 0) || b.score - a.score || b.entries.length - a.entries.length || b.commits - a.commits || compareReferenceIds(a.ref, b.ref));
}

/**
 * A commit subject as an item's title: `PROJ-12: discounts in computeTotal` → `discounts in
 * computeTotal`; `Fix the parser (#45)` → `Fix the parser`. The subject whole when nothing is left.
 */
export function withoutReference(subject: string, ref: string): string {
  const escaped = ref.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const stripped = subject
    .replace(new RegExp(`^\\s*[[(]?${escaped}(?![\\w-])[\\])]?\\s*[:\\-–—]?\\s*`), '')
    .replace(new RegExp(`\\s*[[(]${escaped}[\\])]\\s*$`), '')
    .trim();
  return stripped === '' ? subject.trim() : stripped;
}

/** `Discounts in computeTotal · 1 entry · 2 hotspot files`; the commits when nothing else links it. */
export function backlogItemDescription(item: BacklogItem, title: string): string {
  const links = [
    ...(item.entries.length > 0 ? [plural(item.entries.length, 'entry', 'entries')] : []),
    ...(item.files.length > 0 ? [plural(item.files.length, 'hotspot file')] : []),
  ];
  if (links.length === 0 && item.commits > 0) {
    links.push(plural(item.commits, 'commit'));
  }
  return [...(title === '' ? [] : [title]), ...links].join(' · ');
}

function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}
