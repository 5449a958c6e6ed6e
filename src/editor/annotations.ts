/**
 * What the editor writes above and beside code — CodeLens titles, hover text, the places of anchored
 * ranges — computed from a scan report and the ledger alone. Plain data and no `vscode` import, so
 * the exact texts users read are unit-tested outside the editor.
 */
import type { CodeCost } from '../core/cost/codeCost';
import type { Anchor } from '../core/ledger/anchor';
import type { LedgerEntry } from '../core/ledger/ledgerEntry';
import type { FunctionChangeReport } from '../core/review/reviewReport';
import type { EntryReport } from '../core/scan/scanLedger';
import type { ComplexityMetric, FileReport, FunctionReport, ScanReport } from '../core/scan/scanReport';
import { bugFixHoverText, bugFixLensText, functionFacts, isSignificantFile, isSignificantFunction, notableBugFixes, repositoryBugFixShare } from './reportFacts';

export interface HotspotAnnotation {
  readonly kind: 'hotspot';
  /** 1-based line the lens sits above. */
  readonly line: number;
  readonly endLine: number;
  readonly path: string;
  /** The function's qualified name; undefined for the file's own lens. */
  readonly symbol: string | undefined;
  readonly title: string;
  readonly tooltip: string;
}

export interface DebtAnnotation {
  readonly kind: 'debt';
  readonly line: number;
  readonly endLine: number;
  readonly path: string;
  readonly entryId: string;
  readonly title: string;
  readonly tooltip: string;
}

/** A function the reviewed branch made more complex. */
export interface BranchAnnotation {
  readonly kind: 'branch';
  readonly line: number;
  readonly endLine: number;
  readonly path: string;
  readonly symbol: string;
  readonly title: string;
  readonly tooltip: string;
}

export type Annotation = HotspotAnnotation | DebtAnnotation | BranchAnnotation;

/** On a shared line: the debt lens first (someone wrote it on purpose), then the hotspot's, then the branch's. */
const LENS_ORDER: Record<Annotation['kind'], number> = { debt: 0, hotspot: 1, branch: 2 };

/** A lens names up to this many backlog items; more become a count ("3 tickets"). */
const LENS_TICKETS = 2;
const TITLE_LENGTH = 60;

/** Whole months the window spans (12 for the default year). */
export function windowMonths(report: Pick<ScanReport, 'window'>): number {
  const since = new Date(report.window.since);
  const until = new Date(report.window.until);
  const months = (until.getUTCFullYear() - since.getUTCFullYear()) * 12 + until.getUTCMonth() - since.getUTCMonth();
  return Math.max(1, months + (until.getUTCDate() > since.getUTCDate() ? 1 : 0));
}

function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}

/** `PROJ-1, PROJ-2`, or past two a count: `3 tickets`. A lens has one line to say it in. */
export function ticketList(tickets: readonly string[]): string {
  return tickets.length > LENS_TICKETS ? plural(tickets.length, 'ticket') : tickets.join(', ');
}

function ticketsSuffix(tickets: readonly string[]): string {
  return tickets.length === 0 ? '' : ` · ${ticketList(tickets)}`;
}

/**
 * `🔥 Hotspot #3 · 9 changes in 12 mo · cognitive 41 · 2 authors · PROJ-12, PROJ-40` above a
 * function: its rank among the functions X-Ray measured, its own changes and complexity, and the
 * authors and tickets of its own commits (a function has a lens only where X-Ray ran, so it has them).
 */
export function functionLensTitle(fn: FunctionReport, months: number, baseBugFixShare: number | null = null): string {
  const facts = functionFacts(fn);
  const people = facts ? ` · ${plural(facts.authors, 'author')}${ticketsSuffix(facts.tickets)}` : '';
  return `🔥 Hotspot #${fn.rank ?? '?'} · ${plural(fn.revisions ?? 0, 'change')} in ${months} mo · cognitive ${fn.cognitive}${bugFixSuffix(fn.cost, baseBugFixShare)}${people}`;
}

/** ` · 60 % bug fixes (2.1×)` when the code's bug-fix share is at least twice the repository's; else nothing. */
function bugFixSuffix(cost: CodeCost | null, base: number | null): string {
  const notable = notableBugFixes(cost, base);
  return notable ? ` · ${bugFixLensText(notable)}` : '';
}

/**
 * The file complexity its score multiplies, by the scan's metric: `cognitive 120`, `cyclomatic 95`
 * or `LOC 400`. (A function's score always multiplies its cognitive complexity.)
 */
export function fileComplexity(file: FileReport, metric: ComplexityMetric): string {
  switch (metric) {
    case 'cyclomatic':
      return `cyclomatic ${file.cyclomatic ?? 0}`;
    case 'loc':
      return `LOC ${file.loc ?? 0}`;
    default:
      return `cognitive ${file.cognitive ?? 0}`;
  }
}

/** `🔥 Hotspot file #2 · 40 changes in 12 mo · cognitive 120 · 4 authors · PROJ-12` on line 1. */
export function fileLensTitle(file: FileReport, months: number, metric: ComplexityMetric, baseBugFixShare: number | null = null): string {
  return `🔥 Hotspot file #${file.rank ?? '?'} · ${plural(file.revisions, 'change')} in ${months} mo · ${fileComplexity(file, metric)}${bugFixSuffix(file.cost, baseBugFixShare)} · ${plural(file.authors, 'author')}${ticketsSuffix(file.tickets)}`;
}

/** `▲ cognitive 12 → 18 on this branch` above a function the reviewed branch made more complex. */
export function branchLensTitle(fn: Pick<FunctionChangeReport, 'before' | 'after'>): string {
  return `▲ cognitive ${fn.before?.cognitive ?? 0} → ${fn.after?.cognitive ?? 0} on this branch`;
}

/** `⚠ TD-7f3a Session refresh is copy-pasted · high · PROJ-123`. */
export function debtLensTitle(entry: Pick<LedgerEntry, 'id' | 'title' | 'severity' | 'backlog'>): string {
  const title = entry.title.length > TITLE_LENGTH ? `${entry.title.slice(0, TITLE_LENGTH - 1).trimEnd()}…` : entry.title;
  return `⚠ ${entry.id} ${title} · ${entry.severity}${ticketsSuffix(entry.backlog)}`;
}

export interface AnnotationOptions {
  readonly hotspots: boolean;
  readonly debt: boolean;
  /**
   * At most this many function hotspot lenses per file (the significant functions with the top
   * scores), and as many branch lenses (the largest rises).
   */
  readonly maxFunctionLenses: number;
}

/**
 * Characters of a tree row's path label, shortened from the left: at the default sidebar width the
 * rank and score that follow it stay in view (the full path is in the tooltip).
 */
const PATH_LABEL_LENGTH = 26;

/**
 * `…/components/session/store.ts`: the path's last segments that fit in `max` characters; the file
 * name whole however long.
 */
export function shortPath(path: string, max = PATH_LABEL_LENGTH): string {
  if (path.length <= max) {
    return path;
  }
  const segments = path.split('/');
  let shown = segments.pop() ?? path;
  for (let segment = segments.pop(); segment !== undefined && segment.length + 1 + shown.length + 2 <= max; segment = segments.pop()) {
    shown = `${segment}/${shown}`;
  }
  return `…/${shown}`;
}

/** Entries that are closed (paid, won't fix) leave the code unannotated. */
export function isOpenStatus(status: string): boolean {
  return status !== 'paid' && status !== 'wontfix';
}

/**
 * Where an entry's anchors are now: the scan's resolutions when it has them (the anchor may have
 * moved), else the anchors as stored (an entry written since the last scan, or no git to resolve).
 * Orphaned anchors have no place. A symbol anchor follows the function as the report (patched on
 * save) places it.
 */
export function placedAnchors(entry: LedgerEntry, scanned: EntryReport | undefined, report: ScanReport | undefined): { path: string; symbol: string | undefined; lines: readonly [number, number] | undefined }[] {
  const anchors: { path: string; symbol: string | undefined; lines: readonly [number, number] | undefined }[] = scanned
    ? scanned.anchors.flatMap((anchor) => (anchor.status === 'resolved' ? [{ path: anchor.path, symbol: anchor.symbol ?? undefined, lines: anchor.lines ?? undefined }] : []))
    : entry.anchors.map((anchor: Anchor) => ({ path: anchor.path, symbol: anchor.symbol, lines: anchor.lines }));
  return anchors.map((anchor) => {
    if (anchor.symbol === undefined || report === undefined) {
      return anchor;
    }
    const fn = findFunction(report.files.find((file) => file.path === anchor.path), anchor.symbol, anchor.lines?.[0]);
    return fn ? { ...anchor, lines: [fn.startLine, fn.endLine] as const } : anchor;
  });
}

/** The measured function of that name, the one starting nearest `near` (1-based) when the file has several. */
export function findFunction(file: FileReport | undefined, name: string, near: number | undefined): FunctionReport | undefined {
  const named = file?.functions.filter((fn) => fn.name === name) ?? [];
  if (named.length <= 1 || near === undefined) {
    return named[0];
  }
  return named.reduce((best, fn) => (Math.abs(fn.startLine - near) < Math.abs(best.startLine - near) ? fn : best));
}

/**
 * Every annotation of one file, top to bottom: the file's hotspot lens (a significant file), one per
 * significant function (at most `maxFunctionLenses`, the top scores), one per open debt entry
 * anchored in the file, and one per function of `branch` (the reviewed branch's changed functions)
 * whose cognitive complexity rose (with the hotspot lenses' switch and cap, the largest rises). On a
 * shared line the debt lens comes first, then the hotspot's, then the branch's.
 */
export function annotationsFor(
  relPath: string,
  report: ScanReport | undefined,
  entries: readonly LedgerEntry[],
  options: AnnotationOptions,
  branch: readonly FunctionChangeReport[] = [],
): Annotation[] {
  const result: Annotation[] = [];
  const file = report?.files.find((candidate) => candidate.path === relPath);
  if (options.hotspots && report && file) {
    const months = windowMonths(report);
    const base = repositoryBugFixShare(report);
    if (isSignificantFile(file)) {
      result.push({ kind: 'hotspot', line: 1, endLine: 1, path: relPath, symbol: undefined, title: fileLensTitle(file, months, report.complexityMetric, base), tooltip: fileTooltip(file, months, report.complexityMetric) });
    }
    for (const fn of topFunctions(file, options.maxFunctionLenses)) {
      result.push({ kind: 'hotspot', line: fn.startLine, endLine: fn.endLine, path: relPath, symbol: fn.name, title: functionLensTitle(fn, months, base), tooltip: functionTooltip(fn, months) });
    }
  }
  if (options.debt) {
    const scanned = new Map((report?.ledger.entries ?? []).map((entry) => [entry.id, entry]));
    for (const entry of entries) {
      if (!isOpenStatus(entry.status)) {
        continue;
      }
      for (const anchor of placedAnchors(entry, scanned.get(entry.id), report)) {
        if (anchor.path !== relPath) {
          continue;
        }
        const [line, endLine] = anchor.lines ?? [1, 1];
        result.push({ kind: 'debt', line, endLine, path: relPath, entryId: entry.id, title: debtLensTitle(entry), tooltip: `${entry.id}: ${entry.title} (${entry.status}, ${entry.severity}) — open the entry` });
      }
    }
  }
  if (options.hotspots) {
    for (const fn of risenFunctions(branch, relPath, options.maxFunctionLenses)) {
      // Where the scan, patched on save, has the function now; the review's head line until then.
      const now = findFunction(file, fn.name, fn.startLine);
      const [line, endLine] = now ? [now.startLine, now.endLine] : [fn.startLine, fn.endLine];
      result.push({ kind: 'branch', line, endLine, path: relPath, symbol: fn.name, title: branchLensTitle(fn), tooltip: branchTooltip(fn) });
    }
  }
  return result.sort((a, b) => a.line - b.line || LENS_ORDER[a.kind] - LENS_ORDER[b.kind]);
}

/** The file's functions the branch modified to a higher cognitive complexity, the `max` largest rises (ties: the earlier line). */
function risenFunctions(branch: readonly FunctionChangeReport[], relPath: string, max: number): FunctionChangeReport[] {
  const rise = (fn: FunctionChangeReport): number => (fn.after?.cognitive ?? 0) - (fn.before?.cognitive ?? 0);
  return branch
    .filter((fn) => fn.path === relPath && fn.change === 'modified' && rise(fn) > 0)
    .sort((a, b) => rise(b) - rise(a) || a.startLine - b.startLine)
    .slice(0, Math.max(0, max));
}

function branchTooltip(fn: FunctionChangeReport): string {
  return (
    `This branch raises ${fn.name}'s cognitive complexity from ${fn.before?.cognitive ?? 0} to ${fn.after?.cognitive ?? 0} ` +
    `(cyclomatic ${fn.before?.cyclomatic ?? 0} → ${fn.after?.cyclomatic ?? 0}; +${fn.linesAdded}/−${fn.linesDeleted} lines)` +
    `${fn.significant ? `: a significant hotspot at the base (#${fn.hotspotRank ?? '?'})` : ''}. Click for the impact.`
  );
}

/** The file's significant functions with the `max` top scores (ties: the earlier rank, then line). */
export function topFunctions(file: FileReport, max: number): FunctionReport[] {
  return file.functions
    .filter(isSignificantFunction)
    .sort((a, b) => (b.score ?? 0) - (a.score ?? 0) || (a.rank ?? Infinity) - (b.rank ?? Infinity) || a.startLine - b.startLine)
    .slice(0, Math.max(0, max));
}

function fileTooltip(file: FileReport, months: number, metric: ComplexityMetric): string {
  return `Ranked #${file.rank} of the repository's files (percentile ${file.percentile}): ${plural(file.revisions, 'change')} in the last ${months} months × ${fileComplexity(file, metric)}. Click for the impact.`;
}

function functionTooltip(fn: FunctionReport, months: number): string {
  const facts = functionFacts(fn);
  const people = facts ? `; ${peopleText(facts.authors, facts.mainDeveloper, facts.ownership)}` : '';
  return `Ranked #${fn.rank} of the measured functions (percentile ${fn.percentile}): ${plural(fn.revisions ?? 0, 'change')} in the last ${months} months × cognitive ${fn.cognitive}; cyclomatic ${fn.cyclomatic}, ${fn.loc} lines${people}. Click for the impact.`;
}

/** `3 authors, main developer Alice Anders (60 %)`. */
function peopleText(authors: number, mainDeveloper: string | null, ownership: number | null): string {
  return `${plural(authors, 'author')}${mainDeveloper ? `, main developer ${mainDeveloper}${ownership === null ? '' : ` (${Math.round(ownership * 100)} %)`}` : ''}`;
}

/** The measured functions around a 1-based line, innermost first. */
function functionsAround(file: FileReport | undefined, line: number): FunctionReport[] {
  return (file?.functions ?? []).filter((fn) => fn.startLine <= line && line <= fn.endLine).sort((a, b) => a.endLine - a.startLine - (b.endLine - b.startLine) || b.startLine - a.startLine);
}

/** The innermost measured function around a 1-based line. */
export function enclosingFunction(file: FileReport | undefined, line: number): FunctionReport | undefined {
  return functionsAround(file, line)[0];
}

/**
 * The innermost significant function around a 1-based line: inside a callback of a hot function, the
 * hot function (the callback itself has no history worth reading).
 */
export function enclosingSignificantFunction(file: FileReport | undefined, line: number): FunctionReport | undefined {
  return functionsAround(file, line).find(isSignificantFunction);
}

/** Open entries whose anchored lines include a 1-based line. */
export function entriesAt(relPath: string, line: number, report: ScanReport | undefined, entries: readonly LedgerEntry[]): LedgerEntry[] {
  const scanned = new Map((report?.ledger.entries ?? []).map((entry) => [entry.id, entry]));
  return entries.filter((entry) =>
    placedAnchors(entry, scanned.get(entry.id), report).some((anchor) => anchor.path === relPath && anchor.lines !== undefined && anchor.lines[0] <= line && line <= anchor.lines[1]),
  );
}

/** Markdown for a hover over a line: the hotspot numbers of the function (or file) and the entries on it. */
export function hoverMarkdown(
  relPath: string,
  line: number,
  report: ScanReport | undefined,
  entries: readonly LedgerEntry[],
  branch: readonly FunctionChangeReport[] = [],
): string | undefined {
  const parts: string[] = [];
  const changed = branchChangeAt(branch, relPath, line, report);
  if (changed) {
    parts.push(`**${escapeMarkdown(changed.name)}** — this branch: cognitive ${changed.before?.cognitive ?? 0} → ${changed.after?.cognitive ?? 0}, cyclomatic ${changed.before?.cyclomatic ?? 0} → ${changed.after?.cyclomatic ?? 0}`);
  }
  const file = report?.files.find((candidate) => candidate.path === relPath);
  if (report && file) {
    const months = windowMonths(report);
    const base = repositoryBugFixShare(report);
    const hot = enclosingSignificantFunction(file, line);
    if (hot) {
      parts.push(functionHover(hot, months) + bugFixHoverLine(hot.cost, base));
    }
    // Outside any function, or in one X-Ray did not measure (no history of its own to speak of), the file's numbers.
    const enclosing = enclosingFunction(file, line);
    if (isSignificantFile(file) && (enclosing === undefined || enclosing.rank === null || line === 1)) {
      parts.push(
        `**${escapeMarkdown(relPath)}** — hotspot file #${file.rank} (percentile ${file.percentile})  \n` +
          `${plural(file.revisions, 'change')} in ${months} mo · ${fileComplexity(file, report.complexityMetric)} · ${plural(file.authors, 'author')}` +
          (file.mainDeveloper ? ` · main developer ${escapeMarkdown(file.mainDeveloper)}` : '') +
          (file.tickets.length > 0 ? `  \nTickets: ${hoverTickets(file.tickets)}` : '') +
          bugFixHoverLine(file.cost, base),
      );
    }
  }
  const scanned = new Map((report?.ledger.entries ?? []).map((entry) => [entry.id, entry]));
  for (const entry of entriesAt(relPath, line, report, entries)) {
    const interest = scanned.get(entry.id)?.interest;
    parts.push(
      `⚠ **${entry.id}** ${escapeMarkdown(entry.title)}  \n${entry.status} · ${entry.severity}` +
        (entry.principal ? ` · principal ${escapeMarkdown(entry.principal)}` : '') +
        (interest ? ` · interest: ${plural(interest.revisions, 'change')}, ${interest.churn} lines` : '') +
        (entry.backlog.length > 0 ? `  \nBacklog: ${entry.backlog.map(escapeMarkdown).join(', ')}` : ''),
    );
  }
  return parts.length > 0 ? parts.join('\n\n---\n\n') : undefined;
}

/**
 * The innermost function around a 1-based line that the reviewed branch modified with a different
 * complexity (where the scan, patched on save, has it now; else where the review saw it).
 */
function branchChangeAt(branch: readonly FunctionChangeReport[], relPath: string, line: number, report: ScanReport | undefined): FunctionChangeReport | undefined {
  const file = report?.files.find((candidate) => candidate.path === relPath);
  const span = (fn: FunctionChangeReport): readonly [number, number] => {
    const now = findFunction(file, fn.name, fn.startLine);
    return now ? [now.startLine, now.endLine] : [fn.startLine, fn.endLine];
  };
  return branch
    .filter((fn) => fn.path === relPath && fn.change === 'modified' && (fn.before?.cognitive !== fn.after?.cognitive || fn.before?.cyclomatic !== fn.after?.cyclomatic))
    .map((fn) => ({ fn, lines: span(fn) }))
    .filter(({ lines }) => lines[0] <= line && line <= lines[1])
    .sort((a, b) => a.lines[1] - a.lines[0] - (b.lines[1] - b.lines[0]))[0]?.fn;
}

/** A hover's line on the code's bug fixes, when their share is at least twice the repository's. */
function bugFixHoverLine(cost: CodeCost | null, base: number | null): string {
  const notable = notableBugFixes(cost, base);
  return notable ? `  \n${bugFixHoverText(notable)}` : '';
}

/** Up to five tickets, then how many more. */
function hoverTickets(tickets: readonly string[]): string {
  return tickets.slice(0, 5).map(escapeMarkdown).join(', ') + (tickets.length > 5 ? ` and ${tickets.length - 5} more` : '');
}

/**
 * A significant function's hover: its standing, its own changes and complexity, and the people and
 * tickets of its own commits.
 */
function functionHover(fn: FunctionReport, months: number): string {
  const facts = functionFacts(fn);
  const people = facts
    ? `${plural(facts.authors, 'author')}` +
      (facts.mainDeveloper ? ` · main developer ${escapeMarkdown(facts.mainDeveloper)}${facts.ownership === null ? '' : ` (${Math.round(facts.ownership * 100)} %)`}` : '') +
      (facts.busFactor === null ? '' : ` · bus factor ${facts.busFactor}`) +
      (facts.tickets.length > 0 ? `  \nTickets: ${hoverTickets(facts.tickets)}` : '')
    : '';
  return (
    `**${escapeMarkdown(fn.name)}** — hotspot #${fn.rank} (percentile ${fn.percentile})  \n` +
    `${plural(fn.revisions ?? 0, 'change')} in ${months} mo · churn ${fn.churn ?? 0} lines · cognitive ${fn.cognitive} · cyclomatic ${fn.cyclomatic} · ${fn.loc} LOC  \n` +
    people
  );
}

/** Text from commits, files and entries is shown literally, never as Markdown or HTML. */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>~&]/g, (char) => `\\${char}`);
}
