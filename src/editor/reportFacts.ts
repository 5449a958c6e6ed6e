/**
 * What the editor reads of a scan report beyond its plain fields: whether code is significant, a
 * function's own people and tickets, a file's category, the backlog items cited in the window. One
 * home for each, so every surface (lenses, hovers, views, status bar, panel) follows the same rule.
 * Plain data, no `vscode`.
 */
import type { HistorySummary } from '../core/history/fileHistory';
import type { FileReport, FunctionReport, ScanReport } from '../core/scan/scanReport';

/**
 * Fields of report schema 2 (issue 11) that an older report lacks: read through this type so a
 * report without them still type-checks and falls back below.
 */
interface FunctionFactsFields {
  readonly significant?: boolean;
  readonly authors?: number | null;
  readonly mainDeveloper?: string | null;
  readonly ownership?: number | null;
  readonly busFactor?: number | null;
  readonly tickets?: readonly string[] | null;
}

/** The significance rule's defaults (report schema 2 states the rule it used; see {@link significanceOf}). */
const FALLBACK_RULE = { percentile: 90, minRevisions: 3, minFunctionComplexity: 15 } as const;

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

/**
 * Significant by the scan's rule (percentile ≥ P, revisions ≥ R, cognitive ≥ C, production code).
 * A report without the field (schema 1) is judged by the rule's defaults.
 */
export function isSignificantFunction(fn: FunctionReport): boolean {
  const stated = (fn as FunctionReport & FunctionFactsFields).significant;
  if (stated !== undefined) {
    return stated;
  }
  return fn.percentile !== null && fn.percentile >= FALLBACK_RULE.percentile && (fn.revisions ?? 0) >= FALLBACK_RULE.minRevisions && fn.cognitive >= FALLBACK_RULE.minFunctionComplexity;
}

/** The function's own authors and tickets; undefined where X-Ray did not run or the report predates them. */
export function functionFacts(fn: FunctionReport): FunctionFacts | undefined {
  const facts = fn as FunctionReport & FunctionFactsFields;
  if (facts.authors === undefined || facts.authors === null) {
    return undefined;
  }
  return {
    authors: facts.authors,
    mainDeveloper: facts.mainDeveloper ?? null,
    ownership: facts.ownership ?? null,
    busFactor: facts.busFactor ?? null,
    tickets: facts.tickets ?? [],
  };
}

export type FileCategory = 'production' | 'test';

/** `test` for test and fixture files (ranked apart); a report without categories has production code only. */
export function fileCategory(file: FileReport): FileCategory {
  return (file as FileReport & { readonly category?: FileCategory }).category === 'test' ? 'test' : 'production';
}

/** A backlog item cited by the window's commits. */
export interface CitedTicket {
  readonly id: string;
  /** Kept (non-bot) commits in the window that cite it. */
  readonly commits: number;
  /** The subject of the newest commit citing it. */
  readonly title: string;
}

/**
 * Every backlog item the window's commits cite: the report's `tickets` (schema 2), else counted from
 * the history's commits and references. By commits, then id (numeric-aware).
 */
export function citedTickets(report: ScanReport, history: HistorySummary | undefined): CitedTicket[] {
  const stated = (report as ScanReport & { readonly tickets?: readonly { readonly id: string; readonly commits: number; readonly title?: string | null }[] }).tickets;
  if (stated !== undefined) {
    return stated.map((ticket) => ({ id: ticket.id, commits: ticket.commits, title: ticket.title ?? '' }));
  }
  const byId = new Map<string, { commits: number; newest: number; title: string }>();
  history?.commits.forEach((commit, index) => {
    for (const id of new Set((history.references[index] ?? []).map((reference) => reference.id))) {
      const found = byId.get(id);
      if (found === undefined) {
        byId.set(id, { commits: 1, newest: commit.commitTime, title: subjectOf(commit.message) });
      } else {
        found.commits++;
        if (commit.commitTime > found.newest) {
          found.newest = commit.commitTime;
          found.title = subjectOf(commit.message);
        }
      }
    }
  });
  return [...byId]
    .map(([id, { commits, title }]) => ({ id, commits, title }))
    .sort((a, b) => b.commits - a.commits || compareIds(a.id, b.id));
}

/** The first line of a commit message. */
export function subjectOf(message: string): string {
  return message.split('\n', 1)[0]!.trim();
}

/** Ids in reading order: `#991` < `#992` < `#9910`, `PROJ-9` < `PROJ-10`. */
export function compareIds(a: string, b: string): number {
  return a.localeCompare(b, 'en', { numeric: true, sensitivity: 'variant' }) || (a < b ? -1 : a > b ? 1 : 0);
}
