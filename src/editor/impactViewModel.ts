/**
 * What the impact panel shows, shaped from an `Impact` and the scan behind it: labels, series and
 * table rows as plain strings and numbers, so the webview only lays them out (with `textContent`) and
 * the shaping is tested without a browser or VS Code. No `vscode`, no DOM here.
 */

import { summarizeAuthors } from '../core/history/fileHistory';
import type { CodeCost } from '../core/cost/codeCost';
import type { HistorySummary } from '../core/history/fileHistory';
import { monthOf, monthsOf } from '../core/impact/calendarMonths';
import type { InterestAuthor } from '../core/impact/anchorInterest';
import type { AuthorShare, EntryHeader, FileImpact, Impact, SymbolImpact } from '../core/impact/impactOf';
import type { RankedFileReport, ScanReport } from '../core/scan/scanReport';
import { isRankedFile } from '../core/scan/scanReport';
import type { ViewLink } from './impactMessages';
import { webUrl } from './impactMessages';
import { repositoryBugFixShare } from './reportFacts';

export interface ViewCell {
  readonly text: string;
  /** Shown on hover: a full path, an email. */
  readonly hint?: string;
  /** Clicking the cell posts this to the host. */
  readonly link?: ViewLink;
  /** Right-aligned. */
  readonly numeric?: boolean;
}

export interface ViewTable {
  readonly columns: readonly string[];
  readonly rows: readonly (readonly ViewCell[])[];
  /** Shown instead of the table when it has no rows. */
  readonly empty: string;
}

export interface SummaryItem {
  readonly label: string;
  readonly value: string;
}

export interface TrendModel {
  /** `YYYY-MM`, oldest first, every month of the window. */
  readonly months: readonly string[];
  readonly revisions: readonly number[];
  /** Null when the source has no churn (a fast-pass history). */
  readonly churn: readonly number[] | null;
  /** `interest`: the commits touching the code itself; `history`: the files' commits; `none`: nothing to chart. */
  readonly source: 'interest' | 'history' | 'none';
  readonly note: string;
}

export interface AuthorsModel {
  /** Whose commits the shares are of: the code's own, or (said so) its file's. */
  readonly note: string;
  /** For the chart: the largest shares, the rest summed as "Others"; percentages, one decimal. */
  readonly labels: readonly string[];
  readonly percents: readonly number[];
  readonly table: ViewTable;
}

/** A button of the panel: what it says and what a click asks the host. */
export interface ViewAction {
  readonly label: string;
  readonly link: ViewLink;
}

/** What an entry's panel opens with: the entry itself. */
export interface EntryHeaderModel {
  readonly id: string;
  readonly title: string;
  readonly facts: readonly SummaryItem[];
  readonly actions: readonly ViewAction[];
}

export interface ImpactViewModel {
  readonly kind: 'impact';
  /** The panel's title, also the page heading. */
  readonly title: string;
  readonly subtitle: string;
  /** An entry's impact only. */
  readonly entry?: EntryHeaderModel;
  readonly summary: readonly SummaryItem[];
  readonly trend: TrendModel;
  readonly complexity: ViewTable;
  readonly authors: AuthorsModel;
  readonly coupled: ViewTable;
  readonly importers: ViewTable;
  readonly importersNote: string;
  readonly backlog: ViewTable;
  readonly entries: ViewTable;
  /** What the code's changes cost beside the repository's: bug fixes, tickets and lead time. */
  readonly cost: ViewTable;
}

export interface HotspotTile {
  readonly path: string;
  /** The file name, the tile's label. */
  readonly name: string;
  readonly loc: number;
  readonly revisions: number;
  readonly rank: number;
  readonly score: number;
  readonly complexity: number | null;
}

export interface HotspotMapModel {
  readonly kind: 'hotspotMap';
  readonly title: string;
  readonly subtitle: string;
  /** Ranked files, best rank first; area is `loc`, colour is `revisions` against `maxRevisions`. */
  readonly tiles: readonly HotspotTile[];
  readonly maxRevisions: number;
  readonly complexityMetric: string;
}

/** What the impact's shaping reads besides the impact itself. */
export interface ImpactViewSources {
  readonly report: ScanReport;
  /** For the trend when the impact has no interest; absent, such an impact shows no trend. */
  readonly history?: HistorySummary;
  /** The folder's name, in the subtitle. */
  readonly folderName: string;
  /** For an entry's age; default: the end of the scan's window. */
  readonly now?: Date;
}

export const HOTSPOT_MAP_TITLE = 'Debt Lens Hotspot Map';

/** A treemap of more tiles than this is unreadable and slow to lay out; the best-ranked are kept. */
export const MAX_HOTSPOT_TILES = 500;

/** Slices of the authors' chart; the rest become "Others". */
const AUTHOR_SLICES = 6;

export function impactTitle(impact: Impact, entryTitle?: string): string {
  const target = impact.target;
  switch (target.kind) {
    case 'entry':
      return `Debt Lens Impact: ${target.id}${entryTitle === undefined ? '' : ` ${entryTitle}`}`;
    case 'symbol':
      return `Debt Lens Impact: ${target.symbol}`;
    case 'file':
      return `Debt Lens Impact: ${target.path}`;
  }
}

export function impactViewModel(impact: Impact, sources: ImpactViewSources, entryTitle?: string): ImpactViewModel {
  return {
    kind: 'impact',
    title: impactTitle(impact, entryTitle),
    subtitle: subtitleOf(impact, sources.folderName),
    ...(impact.entry && { entry: entryHeaderOf(impact.entry, sources.now ?? new Date(sources.report.window.until)) }),
    summary: summaryOf(impact, sources.report),
    trend: trendOf(impact, sources),
    complexity: complexityOf(impact, sources.report),
    authors: authorsModel(impact),
    coupled: coupledOf(impact.files),
    importers: importersOf(impact.files),
    importersNote: importersNoteOf(impact.files),
    backlog: backlogOf(impact),
    entries: entriesOf(impact),
    cost: costTableOf(impact, sources.report),
  };
}

function subtitleOf(impact: Impact, folderName: string): string {
  const paths = impact.files.map((file) => file.path);
  const where = paths.length > 1 ? `${paths.length} files` : (paths[0] ?? 'no code anchored');
  const orphaned = impact.orphanedAnchors > 0 ? ` · ${plural(impact.orphanedAnchors, 'anchor')} no longer found` : '';
  return `${folderName} · ${where}${orphaned}`;
}

/** Status, severity, principal, author, age and the interest since it was created; Set Status and Open Entry. */
function entryHeaderOf(entry: EntryHeader, now: Date): EntryHeaderModel {
  const created = Date.parse(entry.created);
  const days = Number.isNaN(created) ? undefined : Math.max(0, Math.floor((now.getTime() - created) / 86_400_000));
  const since = entry.sinceCreated;
  return {
    id: entry.id,
    title: entry.title,
    facts: [
      { label: 'Status', value: entry.status },
      { label: 'Severity', value: entry.severity },
      { label: 'Principal', value: entry.principal ?? '—' },
      { label: 'Author', value: entry.author ?? '—' },
      { label: 'Age', value: days === undefined ? entry.created : `${plural(days, 'day')} (since ${entry.created.slice(0, 10)})` },
      { label: 'Interest since created', value: since === null ? '—' : `${plural(since.revisions, 'change')} · ${lines(since.churn)}` },
    ],
    actions: [
      { label: 'Set Status', link: { type: 'setStatus', id: entry.id } },
      { label: 'Open Entry', link: { type: 'openEntry', id: entry.id } },
    ],
  };
}

/** Who owns the code: a main developer with their share of the added lines, and the bus factor. */
interface Ownership {
  readonly mainDeveloper: string;
  readonly ownership: number;
  readonly busFactor: number;
}

/** The main developer, their share and the bus factor of some code's authors, by the file rule (`summarizeAuthors`). */
function ownershipOf(authors: readonly InterestAuthor[]): Ownership | undefined {
  // Ties between authors go to the smaller name, as the panel lists them.
  const summary = summarizeAuthors(authors.map((author) => ({ ...author, key: author.name })));
  return summary && { mainDeveloper: summary.mainDeveloper.name, ownership: summary.ownership, busFactor: summary.busFactor };
}

/** The code's own commits decide its people: a function's or an entry's (its interest), or a file's. */
function codeAuthors(impact: Impact): readonly InterestAuthor[] | undefined {
  return impact.target.kind !== 'file' && impact.interest !== null ? impact.interest.authors : undefined;
}

function summaryOf(impact: Impact, report: ScanReport): SummaryItem[] {
  const items: SummaryItem[] = [];
  const symbol = impact.target.kind === 'symbol' ? impact.symbols[0] : undefined;
  const standing = symbol ?? bestRanked(impact.files);
  items.push({ label: symbol ? 'Function rank' : 'Hotspot rank', value: standingText(standing) });
  const revisions = impact.interest?.revisions ?? standing?.revisions ?? null;
  items.push({ label: 'Revisions', value: revisions === null ? '—' : String(revisions) });
  items.push({ label: 'Cognitive complexity', value: cognitiveText(impact, report) });
  items.push({ label: 'Churn', value: churnText(impact, report) });
  const own = codeAuthors(impact);
  const file = impact.files.length === 1 ? impact.files[0] : undefined;
  if (own !== undefined) {
    // The code's own people; none when no commit changed it in the window.
    const owner = ownershipOf(own);
    items.push({ label: 'Authors', value: String(own.length) });
    if (owner) {
      items.push({ label: 'Main developer', value: `${owner.mainDeveloper} (${percent(owner.ownership)} %)` });
      items.push({ label: 'Bus factor', value: String(owner.busFactor) });
    }
  } else if (file !== undefined) {
    // The file's people, named as the file's unless the file is what the panel is about.
    const itself = impact.target.kind === 'file';
    if (file.mainDeveloper) {
      const share = file.ownership === null ? '' : ` (${percent(file.ownership)} %)`;
      items.push({ label: itself ? 'Main developer' : "File's main developer", value: `${file.mainDeveloper}${share}` });
    }
    if (file.busFactor !== null) {
      items.push({ label: itself ? 'Bus factor' : "File's bus factor", value: String(file.busFactor) });
    }
  }
  items.push({ label: impact.target.kind === 'entry' ? 'Other entries' : 'Debt entries', value: String(impact.entries.length) });
  items.push({ label: 'Backlog items', value: String(impact.backlog.length) });
  if (impact.orphanedAnchors > 0) {
    items.push({ label: 'Anchors not found', value: String(impact.orphanedAnchors) });
  }
  return items;
}

function bestRanked(files: readonly FileImpact[]): FileImpact['hotspot'] | undefined {
  let best: FileImpact['hotspot'] | undefined;
  for (const file of files) {
    if (file.hotspot && (best?.rank == null || (file.hotspot.rank !== null && file.hotspot.rank < best.rank))) {
      best = file.hotspot;
    }
  }
  return best ?? undefined;
}

function standingText(standing: { readonly rank: number | null; readonly percentile: number | null } | null | undefined): string {
  if (!standing || standing.rank === null) {
    return 'not ranked';
  }
  return standing.percentile === null ? `#${standing.rank}` : `#${standing.rank} · percentile ${standing.percentile}`;
}

function cognitiveText(impact: Impact, report: ScanReport): string {
  if (impact.symbols.length > 0) {
    return String(impact.symbols.reduce((sum, symbol) => sum + symbol.cognitive, 0));
  }
  const values = impact.files.map((file) => fileReport(report, file.path)?.cognitive ?? null).filter((value): value is number => value !== null);
  return values.length === 0 ? '—' : String(values.reduce((sum, value) => sum + value, 0));
}

function churnText(impact: Impact, report: ScanReport): string {
  if (impact.interest) {
    return lines(impact.interest.churn);
  }
  const symbolChurn = impact.symbols.map((symbol) => symbol.churn).filter((value): value is number => value !== null);
  if (symbolChurn.length > 0) {
    return lines(symbolChurn.reduce((sum, value) => sum + value, 0));
  }
  const fileChurn = impact.files.map((file) => fileChurnOf(report, file.path)).filter((value): value is number => value !== null);
  return fileChurn.length === 0 ? '—' : lines(fileChurn.reduce((sum, value) => sum + value, 0));
}

function fileChurnOf(report: ScanReport, path: string): number | null {
  const file = fileReport(report, path);
  return file && file.added !== null && file.deleted !== null ? file.added + file.deleted : null;
}

function trendOf(impact: Impact, sources: ImpactViewSources): TrendModel {
  const window = sources.report.window;
  if (impact.interest) {
    const byMonth = impact.interest.byMonth;
    const quiet = impact.interest.revisions === 0;
    return {
      months: byMonth.map((month) => month.month),
      revisions: byMonth.map((month) => month.revisions),
      churn: byMonth.map((month) => month.churn),
      source: quiet ? 'none' : 'interest',
      note: quiet ? noChanges(window) : `Commits that changed this code, by month (committer date, UTC).`,
    };
  }
  const months = monthsOf({ since: new Date(window.since), until: new Date(window.until) });
  if (!sources.history || impact.files.length === 0) {
    return { months, revisions: months.map(() => 0), churn: null, source: 'none', note: noChanges(window) };
  }
  const history = sources.history;
  const byMonth = new Map(months.map((month) => [month, { revisions: 0, churn: 0 }]));
  let withChurn = true;
  let counted = 0;
  // One commit changing two of the files counts once in revisions, and adds each file's lines.
  const seen = new Set<number>();
  for (const file of impact.files) {
    for (const change of history.files.get(file.path)?.changes ?? []) {
      const commit = history.commits[change.commit];
      const bucket = commit === undefined ? undefined : byMonth.get(monthOf(commit.commitTime));
      if (bucket === undefined) {
        continue;
      }
      if (!seen.has(change.commit)) {
        seen.add(change.commit);
        bucket.revisions++;
        counted++;
      }
      if (change.change.added === null || change.change.deleted === null) {
        withChurn = false;
      } else {
        bucket.churn += change.change.added + change.change.deleted;
      }
    }
  }
  // In the order of `months`, as the map was filled.
  const revisions = [...byMonth.values()].map((bucket) => bucket.revisions);
  if (counted === 0) {
    return { months, revisions, churn: null, source: 'none', note: noChanges(window) };
  }
  return {
    months,
    revisions,
    churn: withChurn ? [...byMonth.values()].map((bucket) => bucket.churn) : null,
    source: 'history',
    note: impact.files.length === 1 ? 'Commits that changed the file, by month (committer date, UTC).' : 'Commits that changed these files, by month (committer date, UTC).',
  };
}

function noChanges(window: ScanReport['window']): string {
  return `No changes in the window (${window.since.slice(0, 10)} to ${window.until.slice(0, 10)}).`;
}


function complexityOf(impact: Impact, report: ScanReport): ViewTable {
  const rows: ViewCell[][] = [];
  for (const file of impact.files) {
    const measured = fileReport(report, file.path);
    rows.push([
      fileCell(file.path),
      { text: 'file' },
      count(measured?.cognitive ?? null),
      count(measured?.cyclomatic ?? null),
      count(measured?.loc ?? null),
      count(measured?.revisions ?? null),
      count(fileChurnOf(report, file.path)),
      count(measured?.score ?? null),
    ]);
  }
  for (const symbol of impact.symbols) {
    rows.push(symbolRow(symbol, report));
  }
  return {
    columns: ['Code', 'Kind', 'Cognitive', 'Cyclomatic', 'LOC', 'Revisions', 'Churn', 'Score'],
    rows,
    empty: 'The last scan did not measure this code.',
  };
}

function symbolRow(symbol: SymbolImpact, report: ScanReport): ViewCell[] {
  const measured = fileReport(report, symbol.path)?.functions.find((fn) => fn.name === symbol.name && fn.startLine === symbol.startLine);
  return [
    { text: symbol.name, hint: `${symbol.path}:${symbol.startLine}–${symbol.endLine}`, link: { type: 'openFile', path: symbol.path, line: symbol.startLine } },
    { text: measured?.kind ?? 'function' },
    count(symbol.cognitive),
    count(measured?.cyclomatic ?? null),
    count(measured?.loc ?? null),
    count(symbol.revisions),
    count(symbol.churn),
    count(symbol.score),
  ];
}

/**
 * The authors' table and chart: of the code's own commits (a function's, an entry's anchored code)
 * where the interest names them, their revisions summing to the code's; else of the files.
 */
function authorsModel(impact: Impact): AuthorsModel {
  const own = codeAuthors(impact);
  if (own !== undefined) {
    const what = impact.target.kind === 'symbol' ? 'this function' : 'the entry\'s code';
    const revisions = impact.interest?.revisions ?? 0;
    return { ...authorsOf([own]), note: `Authors of the ${plural(revisions, 'commit')} that changed ${what}: lines added inside it.` };
  }
  const several = impact.files.length > 1;
  const note = impact.target.kind === 'file' ? 'Authors of the commits that changed the file.' : `The ${several ? 'files\'' : 'file\'s'} authors: the commits that changed ${several ? 'them' : 'it'} anywhere.`;
  return { ...authorsOf(impact.files.map((file) => file.authors)), note };
}

/** Authors over several lists (one per file): lines added and revisions summed per author. */
function authorsOf(lists: readonly (readonly Pick<AuthorShare, 'name' | 'email' | 'added' | 'revisions'>[])[]): Omit<AuthorsModel, 'note'> {
  const merged = new Map<string, { name: string; email: string; added: number; revisions: number }>();
  for (const list of lists) {
    for (const author of list) {
      const key = `${author.name} <${author.email.toLowerCase()}>`;
      const sum = merged.get(key) ?? { name: author.name, email: author.email, added: 0, revisions: 0 };
      sum.added += author.added;
      sum.revisions += author.revisions;
      merged.set(key, sum);
    }
  }
  const authors = [...merged.values()];
  const added = authors.reduce((sum, author) => sum + author.added, 0);
  const revisions = authors.reduce((sum, author) => sum + author.revisions, 0);
  // As in the history: shares of added lines, of revisions when nothing was added.
  const shares: AuthorShare[] = authors.map((author) => ({ ...author, share: added > 0 ? author.added / added : revisions > 0 ? author.revisions / revisions : 0 }));
  shares.sort((x, y) => y.share - x.share || y.revisions - x.revisions || (x.name < y.name ? -1 : x.name > y.name ? 1 : 0));
  const shown = shares.slice(0, shares.length > AUTHOR_SLICES ? AUTHOR_SLICES - 1 : AUTHOR_SLICES);
  const rest = shares.slice(shown.length);
  const labels = shown.map((author) => author.name);
  const percents = shown.map((author) => percent(author.share));
  if (rest.length > 0) {
    labels.push(`Others (${rest.length})`);
    percents.push(percent(rest.reduce((sum, author) => sum + author.share, 0)));
  }
  return {
    labels,
    percents,
    table: {
      columns: ['Author', 'Lines added', 'Revisions', 'Share'],
      rows: shares.map((author) => [{ text: author.name, hint: author.email }, count(author.added), count(author.revisions), { text: `${percent(author.share)} %`, numeric: true }]),
      empty: 'No one changed this code in the window.',
    },
  };
}

function coupledOf(files: readonly FileImpact[]): ViewTable {
  const several = files.length > 1;
  const rows = files.flatMap((file) =>
    file.coupling.map((partner) => [
      ...(several ? [fileCell(file.path)] : []),
      fileCell(partner.path),
      count(partner.shared),
      { text: `${partner.degree} %`, numeric: true },
    ]),
  );
  return {
    columns: [...(several ? ['File'] : []), 'Changes with', 'Shared commits', 'Degree'],
    rows,
    empty: 'No file changes together with this one often enough to count as coupled.',
  };
}

function importersOf(files: readonly FileImpact[]): ViewTable {
  const several = files.length > 1;
  return {
    columns: several ? ['Importer', 'Imports'] : ['Importer'],
    rows: files.flatMap((file) => file.importers.map((importer) => [fileCell(importer), ...(several ? [fileCell(file.path)] : [])])),
    empty: 'No file of the repository imports this code.',
  };
}

function importersNoteOf(files: readonly FileImpact[]): string {
  const transitive = new Set(files.flatMap((file) => file.transitiveImporters));
  return transitive.size === 0 ? '' : `${plural(transitive.size, 'file')} depend${transitive.size === 1 ? 's' : ''} on it directly or through other files.`;
}

function backlogOf(impact: Impact): ViewTable {
  return {
    columns: ['Item', 'Title', 'State', 'Linked by'],
    rows: impact.backlog.map((item) => {
      const url = item.details ? webUrl(item.details.url) : undefined;
      const link: ViewLink = url === undefined ? { type: 'openBacklog', ref: item.id } : { type: 'openExternal', url };
      return [
        { text: item.id, link, ...(url !== undefined && { hint: url }) },
        { text: item.details?.title ?? (item.lookupFailed ? 'could not be looked up' : '—') },
        { text: item.details?.state ?? '—' },
        { text: item.fromEntry && item.fromHistory ? 'entry and commits' : item.fromEntry ? 'entry' : 'commits' },
      ];
    }),
    empty: 'No backlog item is linked to this code or named in its commits.',
  };
}

function entriesOf(impact: Impact): ViewTable {
  return {
    columns: ['Entry', 'Title', 'Status', 'Severity', 'Principal'],
    rows: impact.entries.map((entry) => [
      { text: entry.id, hint: entry.path, link: { type: 'openEntry', id: entry.id } },
      { text: entry.title },
      { text: entry.status },
      { text: entry.severity },
      { text: entry.principal ?? '—' },
    ]),
    empty: impact.target.kind === 'entry' ? 'No other debt entry is anchored in these files.' : 'No debt entry is anchored on this code.',
  };
}

/** The hotspot map: the ranked, measured files of the report, best rank first. */
export function hotspotMapModel(report: ScanReport, folderName: string): HotspotMapModel {
  const ranked = report.files
    .filter((file): file is RankedFileReport & { readonly loc: number } => isRankedFile(file) && file.loc !== null && file.loc > 0)
    .sort((a, b) => a.rank - b.rank || (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const tiles = ranked.slice(0, MAX_HOTSPOT_TILES).map(
    (file): HotspotTile => ({
      path: file.path,
      name: file.path.slice(file.path.lastIndexOf('/') + 1),
      loc: file.loc,
      revisions: file.revisions,
      rank: file.rank,
      score: file.score,
      complexity: file[report.complexityMetric],
    }),
  );
  const cut = ranked.length > tiles.length ? ` (the top ${tiles.length} of ${ranked.length})` : '';
  return {
    kind: 'hotspotMap',
    title: HOTSPOT_MAP_TITLE,
    subtitle: `${folderName} · ${plural(tiles.length, 'ranked file')}${cut} · area: lines of code, colour: revisions since ${report.window.since.slice(0, 10)}`,
    tiles,
    maxRevisions: tiles.reduce((max, tile) => Math.max(max, tile.revisions), 0),
    complexityMetric: report.complexityMetric,
  };
}

/** The name of the smallest function of the report's file that spans the 1-based line: the one the cursor is in. */
export function innermostFunction(report: ScanReport | undefined, path: string, line: number): string | undefined {
  const functions = report?.files.find((file) => file.path === path)?.functions ?? [];
  let best: (typeof functions)[number] | undefined;
  for (const fn of functions) {
    if (fn.startLine <= line && line <= fn.endLine && (best === undefined || fn.endLine - fn.startLine < best.endLine - best.startLine)) {
      best = fn;
    }
  }
  return best?.name;
}

function fileReport(report: ScanReport, path: string): ScanReport['files'][number] | undefined {
  return report.files.find((file) => file.path === path);
}

function fileCell(path: string): ViewCell {
  return { text: path, link: { type: 'openFile', path } };
}

function count(value: number | null): ViewCell {
  return { text: value === null ? '—' : String(value), numeric: true };
}

/** A share 0..1 as a percentage with one decimal. */
function percent(share: number): number {
  return Math.round(share * 1000) / 10;
}

function lines(value: number): string {
  return plural(value, 'line');
}

function plural(value: number, noun: string): string {
  return `${value} ${noun}${value === 1 ? '' : 's'}`;
}

/** The cost the scan measured for the impact's target: the function's own (X-Ray), the file's, or the entry's anchored code's. */
export function targetCost(impact: Pick<Impact, 'target'>, report: ScanReport): CodeCost | null {
  const target = impact.target;
  if (target.kind === 'entry') {
    return report.ledger.entries.find((entry) => entry.id === target.id)?.cost ?? null;
  }
  const file = report.files.find((candidate) => candidate.path === target.path);
  if (target.kind === 'file') {
    return file?.cost ?? null;
  }
  return file?.functions.find((fn) => fn.name === target.symbol)?.cost ?? null;
}

/** The Cost section: this code beside the whole repository, in the window; the base of "2× the repository's" in lenses and hovers. */
function costTableOf(impact: Impact, report: ScanReport): ViewTable {
  const cost = targetCost(impact, report);
  if (cost === null || cost.commits === 0) {
    return { columns: [], rows: [], empty: cost === null ? 'No cost measured: function history (X-Ray) did not run for this code.' : 'No commit changed this code in the window.' };
  }
  const commits = report.cost.byMonth.reduce((sum, month) => sum + month.commits, 0);
  const fixes = report.cost.byMonth.reduce((sum, month) => sum + month.bugFixCommits, 0);
  const base = repositoryBugFixShare(report);
  const leadTimes = report.tickets.flatMap((ticket) => (ticket.leadTimeHours === null ? [] : [ticket.leadTimeHours]));
  const sorted = [...leadTimes].sort((a, b) => a - b);
  const middle = sorted.length / 2;
  const repositoryMedian = sorted.length === 0 ? null : sorted.length % 2 === 1 ? (sorted[Math.floor(middle)] ?? null) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
  const percent = (share: number | null): string => (share === null ? '—' : `${Math.round(share * 100)} %`);
  const hours = (value: number | null): string => (value === null ? '—' : `${Math.round(value * 10) / 10} h`);
  const ratio = cost.bugFixShare !== null && base !== null && base > 0 ? ` (${Math.round((cost.bugFixShare / base) * 10) / 10}×)` : '';
  return {
    columns: ['', 'This code', 'Repository'],
    rows: [
      [{ text: 'Commits' }, { text: String(cost.commits) }, { text: String(commits) }],
      [{ text: 'Bug-fix commits' }, { text: String(cost.bugFixCommits) }, { text: String(fixes) }],
      [{ text: 'Bug-fix share' }, { text: `${percent(cost.bugFixShare)}${ratio}` }, { text: percent(base) }],
      [{ text: 'Tickets' }, { text: String(cost.tickets) }, { text: String(report.tickets.length) }],
      [{ text: 'Median lead time' }, { text: hours(cost.medianLeadTimeHours) }, { text: hours(repositoryMedian === null ? null : Math.round(repositoryMedian * 100) / 100) }],
    ],
    empty: '',
  };
}
