/**
 * What the editor reads of a scan report beyond its plain fields: whether code is significant, a
 * function's own people and tickets, a file's category, the backlog items cited in the window. One
 * home for each, so every surface (lenses, hovers, views, status bar, panel) follows the same rule.
 * Plain data, no `vscode`.
 */
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
