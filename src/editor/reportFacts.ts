/**
 * What the editor reads of a scan report beyond its plain fields: whether code is significant, a
 * function's own people and tickets, a file's category, the backlog items cited in the window. One
 * home for each, so every surface (lenses, hovers, views, status bar, panel) follows the same rule.
 * Plain data, no `vscode`.
 */
import type { CodeCost } from '../core/cost/codeCost';
import type { MonthlyChanges } from '../core/cost/repositoryCost';
import type { FileReport, FunctionReport, ScanReport } from '../core/scan/scanReport';

/** A function's own history facts, from the commits X-Ray attributed to it. */
export interface FunctionFacts {
  readonly authors: number;
  readonly mainDeveloper: string | null;
  /** The main developer's share of the lines added inside the function, 0–1. */
  readonly ownership: number | null;
  readonly busFactor: number | null;
  readonly tickets: readonly string[];
}

/** Significant by the scan's rule: percentile, revisions and complexity floors, production code. */
export function isSignificantFile(file: FileReport): boolean {
  return file.significant;
}

/** Significant by the scan's rule (percentile ≥ P, revisions ≥ R, cognitive ≥ C, production code). */
export function isSignificantFunction(fn: FunctionReport): boolean {
  return fn.significant;
}

/** The function's own authors and tickets; undefined where X-Ray did not run. */
export function functionFacts(fn: FunctionReport): FunctionFacts | undefined {
  if (fn.authors === null) {
    return undefined;
  }
  return { authors: fn.authors, mainDeveloper: fn.mainDeveloper, ownership: fn.ownership, busFactor: fn.busFactor, tickets: fn.tickets ?? [] };
}

/** A backlog item cited by the window's commits. */
export interface CitedTicket {
  readonly id: string;
  /** Kept (non-bot) commits in the window that cite it. */
  readonly commits: number;
  /** The subject of the newest commit citing it. */
  readonly title: string;
}

/** Every backlog item the window's commits cite, as the report lists them: by commits, then id. */
export function citedTickets(report: ScanReport): CitedTicket[] {
  return report.tickets.map((ticket) => ({ id: ticket.id, commits: ticket.commits, title: ticket.title }));
}

/** How many times the repository's bug-fix share some code's must be before a lens or hover says so. */
export const NOTABLE_BUG_FIX_RATIO = 2;

/** The repository's bug-fix share in the window: bug-fix commits ÷ commits over its months; null without commits. */
export function repositoryBugFixShare(report: { readonly cost: { readonly byMonth: readonly MonthlyChanges[] } }): number | null {
  const commits = report.cost.byMonth.reduce((sum, month) => sum + month.commits, 0);
  return commits === 0 ? null : report.cost.byMonth.reduce((sum, month) => sum + month.bugFixCommits, 0) / commits;
}

/** Code whose bug-fix share is at least twice the repository's: its share, the base and the ratio. */
export interface NotableBugFixes {
  readonly bugFixCommits: number;
  readonly commits: number;
  readonly share: number;
  readonly base: number;
  readonly ratio: number;
}

/** The code's bug fixes when their share is at least {@link NOTABLE_BUG_FIX_RATIO}× the repository's (which must have some); else undefined. */
export function notableBugFixes(cost: CodeCost | null, base: number | null): NotableBugFixes | undefined {
  if (cost === null || cost.bugFixShare === null || base === null || base === 0 || cost.bugFixShare < NOTABLE_BUG_FIX_RATIO * base) {
    return undefined;
  }
  return { bugFixCommits: cost.bugFixCommits, commits: cost.commits, share: cost.bugFixShare, base, ratio: cost.bugFixShare / base };
}

/** `60 % bug fixes (2.1×)`: a lens's words for it. */
export function bugFixLensText(notable: NotableBugFixes): string {
  return `${Math.round(notable.share * 100)} % bug fixes (${Math.round(notable.ratio * 10) / 10}×)`;
}

/** `Bug fixes: 3 of 5 changes (60 %), 2.1× the repository's 29 %`: a hover's. */
export function bugFixHoverText(notable: NotableBugFixes): string {
  return `Bug fixes: ${notable.bugFixCommits} of ${notable.commits} changes (${Math.round(notable.share * 100)} %), ${Math.round(notable.ratio * 10) / 10}× the repository's ${Math.round(notable.base * 100)} %`;
}
