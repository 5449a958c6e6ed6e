/**
 * The stakeholder report (`debt-lens report`, the editor's Export Report): what a product owner pastes
 * into a planning document. This module gathers its facts from a scan report into plain text and
 * numbers; `stakeholderHtml` and `stakeholderMarkdown` render them, each escaping every string.
 */
import type { CostBand } from '../cost/costBands';
import type { MonthlyChanges } from '../cost/repositoryCost';
import { byPriority } from '../cost/entryPriority';
import { DEBT_STATUSES } from '../ledger/ledgerEntry';
import type { FileReport, ScanReport } from '../scan/scanReport';
import type { ReportLinks } from './reportLinks';

/** Text with the page it opens, when known. */
export interface Linked {
  readonly text: string;
  readonly url: string | null;
}

export interface HotspotRow {
  readonly rank: number;
  readonly file: Linked;
  readonly significant: boolean;
  readonly score: number;
  readonly revisions: number;
  readonly bugFixShare: number | null;
  /** The X-Rayed function of the highest score, with it; null where X-Ray did not run or no function changed. */
  readonly hottestFunction: string | null;
  /** `name (82 %)`; null without added lines. */
  readonly owner: string | null;
  readonly busFactor: number;
  readonly tickets: readonly Linked[];
  /** Ids and titles of the entries anchored in the file. */
  readonly entries: readonly { readonly id: string; readonly title: string }[];
}

export interface EntryRow {
  readonly id: string;
  readonly title: string;
  readonly status: string;
  readonly severity: string;
  readonly principal: string | null;
  readonly interestHoursPerMonth: number | null;
  readonly method: string | null;
  readonly priority: number | null;
  readonly tickets: readonly Linked[];
  readonly where: readonly Linked[];
}

export interface StatusRow {
  readonly status: string;
  readonly entries: number;
  /** Summed principal of those with one, hours. */
  readonly principalHours: number;
  readonly withoutPrincipal: number;
}

export interface StakeholderReport {
  readonly repository: string;
  readonly head: string;
  readonly since: string;
  readonly until: string;
  readonly commits: number;
  /** Sentences: where the debt lives. */
  readonly where: readonly string[];
  /** Sentences: what it costs, in the team's own numbers. */
  readonly cost: readonly string[];
  /** What the numbers cannot say. */
  readonly caveats: readonly string[];
  readonly statuses: readonly StatusRow[];
  readonly hotspots: readonly HotspotRow[];
  /** Active entries (open, accepted, scheduled), by priority. */
  readonly entries: readonly EntryRow[];
  readonly byMonth: readonly MonthlyChanges[];
  readonly bands: { readonly significant: CostBand; readonly rest: CostBand };
  readonly method: readonly string[];
}

/** Hotspots a report lists. */
export const REPORT_HOTSPOTS = 10;
const TICKETS_PER_HOTSPOT = 3;

export function stakeholderReport(report: ScanReport, links: ReportLinks): StakeholderReport {
  const production = report.files.filter((file) => file.rank !== null && (report.significance.includeTests || file.category === 'production'));
  const significant = production.filter((file) => file.significant);
  const listed = (significant.length > 0 ? significant : production).slice(0, REPORT_HOTSPOTS);
  const entries = report.ledger.entries;
  const active = entries.filter((entry) => entry.status === 'open' || entry.status === 'accepted' || entry.status === 'scheduled');
  const entriesIn = (file: string): { id: string; title: string }[] =>
    active.filter((entry) => entry.anchors.some((anchor) => anchor.path === file)).map((entry) => ({ id: entry.id, title: entry.title }));
  const { bands, ratios, backtest } = report.cost;
  const share = (value: number | null): string => (value === null ? 'unknown' : `${round(value * 100, 1)} %`);
  const hours = (value: number | null): string => (value === null ? 'unknown' : `${round(value, 1)} h`);

  const where: string[] = [];
  if (significant.length === 0) {
    where.push(`No file is a significant hotspot by the rule (${report.significance.percentile}th percentile, at least ${report.significance.minRevisions} changes and complexity ${report.significance.minComplexity}); the most changed complex files are listed below.`);
  } else {
    const share0 = report.stats.commits === 0 ? 0 : bands.significant.commits / report.stats.commits;
    where.push(`${significant.length} of ${production.length} ranked files are significant hotspots (complex and often changed); ${bands.significant.commits} of the window's ${report.stats.commits} commits (${share(share0)}) changed them.`);
    where.push(`The hottest: ${significant.slice(0, 3).map((file) => file.path).join(', ')}.`);
  }
  const anchoredInHotspots = active.filter((entry) => entry.anchors.some((anchor) => significant.some((file) => file.path === anchor.path))).length;
  where.push(`${active.length} debt ${active.length === 1 ? 'entry is' : 'entries are'} active in the ledger, ${anchoredInHotspots} of them on significant hotspots.`);

  const cost: string[] = [];
  cost.push(`In the hotspots ${share(bands.significant.bugFixShare)} of changes were bug fixes (${bands.significant.bugFixCommits} of ${bands.significant.commits}), against ${share(bands.rest.bugFixShare)} in the rest of the code (${bands.rest.bugFixCommits} of ${bands.rest.commits}).`);
  cost.push(
    ratios.bugFixShare === null
      ? 'No ratio of the two is given: too few observations (see the caveats).'
      : `That is ${round(ratios.bugFixShare.value, 2)}× the rest${ratios.bugFixShare.ci95 ? `, 95 % interval ${round(ratios.bugFixShare.ci95[0], 2)}–${round(ratios.bugFixShare.ci95[1], 2)}${ratios.bugFixShare.ci95[0] <= 1 ? ' (it includes 1: no evidence of a difference yet)' : ''}` : ''}.`,
  );
  cost.push(`Tickets touching the hotspots took a median of ${hours(bands.significant.medianLeadTimeHours)} (n = ${bands.significant.n}), against ${hours(bands.rest.medianLeadTimeHours)} elsewhere (n = ${bands.rest.n})${ratios.leadTime ? `: ${round(ratios.leadTime.value, 2)}×` : ''}.`);
  if (backtest) {
    cost.push(
      `Ranked on the first three quarters of the window, the top ${round(backtest.topShare * 100, 0)} % of files (${backtest.topFiles} of ${backtest.rankedFiles}) were touched by ${share(backtest.hitRate)} of the last quarter's ${backtest.bugFixCommits} bug-fix commits; a random ${round(backtest.topShare * 100, 0)} % would have been touched by ${share(backtest.chance)}. Ranking by changes alone: ${share(backtest.byRevisions)}; by size alone: ${share(backtest.byLoc)}.`,
    );
  }
  const caveats = [...report.cost.notes, ...ratios.reasons];

  const statuses: StatusRow[] = DEBT_STATUSES.map((status) => {
    const of = entries.filter((entry) => entry.status === status);
    return {
      status,
      entries: of.length,
      principalHours: round(of.reduce((sum, entry) => sum + (entry.principalHours ?? 0), 0), 2),
      withoutPrincipal: of.filter((entry) => entry.principalHours === null).length,
    };
  });

  const hotspots: HotspotRow[] = listed.map((file) => hotspotRow(file, links, entriesIn(file.path)));
  const rows: EntryRow[] = [...active].sort(byPriority).map((entry) => ({
    id: entry.id,
    title: entry.title,
    status: entry.status,
    severity: entry.severity,
    principal: entry.principal ?? null,
    interestHoursPerMonth: entry.monthlyInterest?.hoursPerMonth ?? null,
    method: entry.monthlyInterest?.method ?? null,
    priority: entry.priority,
    tickets: [...new Set([...entry.backlog, ...entry.interest.tickets])].map((id) => ({ text: id, url: links.ticket(id) })),
    where: [...new Set(entry.anchors.map((anchor) => anchor.path))].map((file) => ({ text: file, url: links.file(file) })),
  }));
  return {
    repository: links.repositoryName,
    head: report.head.slice(0, 12),
    since: report.window.since.slice(0, 10),
    until: report.window.until.slice(0, 10),
    commits: report.stats.commits,
    where,
    cost,
    caveats,
    statuses,
    hotspots,
    entries: rows,
    byMonth: report.cost.byMonth,
    bands,
    method: methodOf(report),
  };
}

function hotspotRow(file: FileReport, links: ReportLinks, entries: { id: string; title: string }[]): HotspotRow {
  const hottest = file.functions.filter((fn) => (fn.score ?? 0) > 0).sort((a, b) => (b.score ?? 0) - (a.score ?? 0))[0];
  return {
    rank: file.rank ?? 0,
    file: { text: file.path, url: links.file(file.path) },
    significant: file.significant,
    score: file.score ?? 0,
    revisions: file.revisions,
    bugFixShare: file.cost.bugFixShare,
    hottestFunction: hottest === undefined ? null : `${hottest.name} (${hottest.score})`,
    owner: file.mainDeveloper === null ? null : `${file.mainDeveloper}${file.ownership === null ? '' : ` (${round(file.ownership * 100, 0)} %)`}`,
    busFactor: file.busFactor,
    tickets: file.tickets.slice(0, TICKETS_PER_HOTSPOT).map((id) => ({ text: id, url: links.ticket(id) })),
    entries,
  };
}

function methodOf(report: ScanReport): string[] {
  return [
    `History: the ${report.stats.commits} non-merge commits from ${report.window.since.slice(0, 10)} to ${report.window.until.slice(0, 10)} (bots left out), read from git on this machine; nothing was sent anywhere.`,
    `Hotspot score = changes in the window × ${report.complexityMetric} complexity. A hotspot is significant at the ${report.significance.percentile}th percentile or above, with at least ${report.significance.minRevisions} changes and complexity ${report.significance.minComplexity}; test code is ranked apart.`,
    `A bug fix is a commit whose subject matches /${report.bugFix.pattern}/ (case-insensitive), or that cites a ticket the tracker labels ${report.bugFix.labels.join(', ') || 'as a bug'}.`,
    "Lead time of a ticket: the tracker's created → done when it was asked, else the first → last commit citing it; unknown for a ticket cited once.",
    'Ratios: hotspots ÷ rest with a 95 % bootstrap interval (2,000 seeded replicates); none when a side has fewer than 10 observations.',
    'Backtest: files ranked on the first three quarters of the window; the share of the last quarter’s bug-fix commits touching the top tenth, beside what a random tenth would reach.',
    "Interest of an entry: its code's bug-fix commits above the repository's share, each valued at one story point (config.yml cost.hoursPerPoint), plus its tickets' lead time over the median, per month; priority = interest ÷ principal.",
  ];
}

function round(value: number, digits: number): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}
