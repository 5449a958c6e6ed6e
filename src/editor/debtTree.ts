import * as vscode from 'vscode';
import type { HarvestedMarker } from '../core/ledger/harvestMarkers';
import type { LedgerEntry } from '../core/ledger/ledgerEntry';
import type { AnchorReport, EntryReport } from '../core/scan/scanLedger';
import { isOpenStatus } from './annotations';
import { COMMANDS } from './commandTable';
import { targetCommand } from './commandTarget';
import type { EngineRegistry } from './engineRegistry';
import type { FolderEngine } from './folderEngine';
import { loadEngine } from './loadEngine';
import type { TreeNode } from './nodeTreeProvider';
import { folderRoots, revealCommand } from './nodeTreeProvider';
import { byPriority } from '../core/cost/entryPriority';
import type { DebtGrouping } from './settings';
import { readSettings } from './settings';

const STATUS_ORDER = ['open', 'accepted', 'scheduled', 'paid', 'wontfix'];
const SEVERITY_ORDER = ['critical', 'high', 'medium', 'low'];
const STATUS_LABEL: Record<string, string> = { open: 'Open', accepted: 'Accepted', scheduled: 'Scheduled', paid: 'Paid', wontfix: "Won't fix" };

/**
 * The Tech Debt view: entries grouped by status, severity, tag or backlog item, then the harvested
 * TODO/FIXME/HACK markers, the orphaned entries and files of the ledger that are not valid entries.
 */
export class DebtTree {
  /** Markers harvested per folder and HEAD: `git blame` is not cheap, so it runs when the group opens. */
  private readonly harvests = new Map<string, { readonly key: string; readonly markers: Promise<HarvestedMarker[]> }>();

  constructor(private readonly registry: EngineRegistry) {}

  roots(): TreeNode[] {
    return folderRoots('debt', this.registry.all, (engine) => this.folderRows(engine), (engine) => `${engine.entries.filter((entry) => isOpenStatus(entry.status)).length} open`);
  }

  private folderRows(engine: FolderEngine): TreeNode[] {
    const folder = engine.folder.uri.toString();
    const { debtGrouping: grouping, debtOrder } = readSettings(engine.folder);
    const scanned = new Map((engine.report?.ledger.entries ?? []).map((entry) => [entry.id, entry]));
    const priorities = debtOrder === 'priority' ? new Map([...scanned].map(([id, entry]) => [id, entry.priority])) : undefined;
    const rows: TreeNode[] = groupEntries(engine.entries, grouping, priorities).map(([key, label, entries]) => ({
      id: `debt:${folder}:${grouping}:${key}`,
      label,
      description: String(entries.length),
      icon: new vscode.ThemeIcon(groupIcon(grouping)),
      expanded: grouping !== 'status' || isOpenStatus(key),
      children: () => entries.map((entry) => entryRow(engine, entry, scanned.get(entry.id), `${grouping}:${key}`)),
    }));
    if (engine.entries.length === 0 && engine.diagnostics.length === 0 && !engine.report) {
      // Nothing read yet: the welcome view explains what to do.
      return [];
    }
    rows.push(this.markersRow(engine));
    const orphaned = engine.entries.filter((entry) => scanned.get(entry.id)?.anchors.some((anchor) => anchor.status === 'orphaned'));
    if (orphaned.length > 0) {
      rows.push({
        id: `debt:${folder}:orphaned`,
        label: 'Orphaned',
        description: String(orphaned.length),
        tooltip: 'Entries whose code could not be found any more: deleted, or changed beyond recognition. Edit their anchors or close them.',
        icon: new vscode.ThemeIcon('debug-disconnect'),
        children: () => orphaned.map((entry) => entryRow(engine, entry, scanned.get(entry.id), 'orphaned')),
      });
    }
    if (engine.diagnostics.length > 0) {
      rows.push({
        id: `debt:${folder}:problems`,
        label: 'Ledger problems',
        description: String(engine.diagnostics.length),
        tooltip: 'Files in the ledger folder that are not valid entries. Debt Lens leaves them untouched.',
        icon: new vscode.ThemeIcon('warning'),
        children: () =>
          engine.diagnostics.map((diagnostic, index) => ({
            id: `debt:${folder}:problem:${diagnostic.path}:${diagnostic.line}:${index}`,
            label: `${diagnostic.path}:${diagnostic.line}`,
            description: diagnostic.message,
            tooltip: `${diagnostic.code}: ${diagnostic.message}`,
            icon: new vscode.ThemeIcon('error'),
            command: revealCommand(engine.uriOf(diagnostic.path), diagnostic.line),
          })),
      });
    }
    return rows;
  }

  private markersRow(engine: FolderEngine): TreeNode {
    const folder = engine.folder.uri.toString();
    const total = engine.report?.ledger.markers.total;
    return {
      id: `debt:${folder}:markers`,
      label: 'Markers',
      description: total === undefined ? undefined : String(total),
      tooltip: 'TODO, FIXME, HACK, XXX and @deprecated comments, oldest first. Promote one to a debt entry to track it.',
      icon: new vscode.ThemeIcon('checklist'),
      children: async () => {
        if (!vscode.workspace.isTrusted) {
          return [{ id: `debt:${folder}:markers:untrusted`, label: 'Trust the workspace to harvest markers (it runs git blame).', icon: new vscode.ThemeIcon('shield') }];
        }
        const markers = await this.harvest(engine);
        return markers
          .slice()
          .sort((a, b) => (b.ageDays ?? -1) - (a.ageDays ?? -1) || a.path.localeCompare(b.path) || a.line - b.line)
          .map((marker) => markerRow(engine, marker));
      },
    };
  }

  private harvest(engine: FolderEngine): Promise<HarvestedMarker[]> {
    const folder = engine.folder.uri.toString();
    const report = engine.report;
    const key = report ? `${report.head}:${report.stats.durationMs}` : 'none';
    const cached = this.harvests.get(folder);
    if (cached?.key === key) {
      return cached.markers;
    }
    const markers = vscode.window.withProgress({ location: { viewId: 'debtLens.debt' }, title: 'Harvesting markers' }, async () => {
      const core = loadEngine();
      const git = { cwd: engine.root };
      const files = report ? report.files.map((file) => file.path) : await core.listWorkTreeFiles(git);
      const settings = await core.loadTrackerSettings(engine.root, readSettings(engine.folder).ledgerFolder);
      return core.harvestMarkers({
        git,
        files,
        readFile: async (rel) => {
          try {
            const bytes = await vscode.workspace.fs.readFile(engine.uriOf(rel));
            // Binary and huge files hold no markers worth listing.
            return bytes.length > 1_000_000 || bytes.includes(0) ? undefined : new TextDecoder().decode(bytes);
          } catch {
            return undefined;
          }
        },
        options: { projectKeys: engine.projectKeys(settings.settings.projectKeys) },
        now: new Date(),
      });
    });
    const entry = { key, markers: Promise.resolve(markers) };
    // A failed harvest is retried the next time the group opens.
    entry.markers.catch(() => this.harvests.delete(folder));
    this.harvests.set(folder, entry);
    return entry.markers;
  }
}

/**
 * Groups in a fixed order: statuses and severities as the ledger orders them, tags and items
 * alphabetically. Within a group, entries go by severity then id; with `priorities` (the scan's, by
 * entry id) by priority as `debt list --sort priority` orders them, entries without one last.
 */
export function groupEntries(entries: readonly LedgerEntry[], grouping: DebtGrouping, priorities?: ReadonlyMap<string, number | null>): [string, string, LedgerEntry[]][] {
  const groups = new Map<string, LedgerEntry[]>();
  const add = (key: string, entry: LedgerEntry): void => {
    groups.set(key, [...(groups.get(key) ?? []), entry]);
  };
  for (const entry of entries) {
    const keys = grouping === 'status' ? [entry.status] : grouping === 'severity' ? [entry.severity] : grouping === 'tag' ? entry.tags : entry.backlog;
    if (keys.length === 0) {
      add('', entry);
    }
    for (const key of new Set(keys)) {
      add(key, entry);
    }
  }
  const groupOrder = grouping === 'status' ? STATUS_ORDER : grouping === 'severity' ? SEVERITY_ORDER : undefined;
  const sorted = [...groups].sort(([a], [b]) => {
    if (a === '' || b === '') {
      return a === '' ? 1 : -1;
    }
    return groupOrder ? groupOrder.indexOf(a) - groupOrder.indexOf(b) : a.localeCompare(b);
  });
  const order = priorities ? byPriorityOf(priorities) : bySeverityThenId;
  return sorted.map(([key, entries]) => [key, groupLabel(grouping, key), entries.slice().sort(order)]);
}

function groupLabel(grouping: DebtGrouping, key: string): string {
  if (key === '') {
    return grouping === 'tag' ? 'Untagged' : 'No backlog item';
  }
  if (grouping === 'status') {
    return STATUS_LABEL[key] ?? key;
  }
  return grouping === 'severity' ? key.charAt(0).toUpperCase() + key.slice(1) : key;
}

function groupIcon(grouping: DebtGrouping): string {
  return grouping === 'tag' ? 'tag' : grouping === 'backlog' ? 'issues' : grouping === 'severity' ? 'warning' : 'circle-large-outline';
}

function byPriorityOf(priorities: ReadonlyMap<string, number | null>): (a: LedgerEntry, b: LedgerEntry) => number {
  return (a, b) => byPriority({ id: a.id, priority: priorities.get(a.id) ?? null }, { id: b.id, priority: priorities.get(b.id) ?? null });
}

function bySeverityThenId(a: LedgerEntry, b: LedgerEntry): number {
  return SEVERITY_ORDER.indexOf(a.severity) - SEVERITY_ORDER.indexOf(b.severity) || a.id.localeCompare(b.id);
}

/** `TD-7f3a1c · high · PROJ-123`: what identifies an entry at a glance beside its title. */
export function entryDescription(entry: Pick<LedgerEntry, 'id' | 'severity' | 'backlog'>): string {
  return [entry.id, entry.severity, ...(entry.backlog.length > 0 ? [entry.backlog.join(', ')] : [])].join(' · ');
}

function entryRow(engine: FolderEngine, entry: LedgerEntry, scanned: EntryReport | undefined, group: string): TreeNode {
  const folder = engine.folder.uri.toString();
  const anchors: readonly AnchorReport[] =
    scanned?.anchors ?? entry.anchors.map((anchor) => ({ status: 'resolved', how: 'stored', moved: false, path: anchor.path, symbol: anchor.symbol ?? null, lines: anchor.lines ?? null }) as const);
  const first = anchors.find((anchor): anchor is Extract<AnchorReport, { status: 'resolved' }> => anchor.status === 'resolved');
  const tooltip = new vscode.MarkdownString();
  tooltip.appendText(`${entry.id}: ${entry.title}\n\n${entry.status} · ${entry.severity}${entry.principal ? ` · principal ${entry.principal}` : ''}`);
  if (scanned) {
    tooltip.appendText(`\n\nInterest in the window: ${scanned.interest.revisions} changes, ${scanned.interest.churn} lines churned`);
    if (scanned.monthlyInterest) {
      tooltip.appendText(`\n\nInterest: ${scanned.monthlyInterest.hoursPerMonth} h a month ${scanned.monthlyInterest.method}`);
      tooltip.appendText(scanned.priority === null ? '\n\nPriority: none without a principal' : `\n\nPriority (interest ÷ principal): ${scanned.priority}`);
    }
  }
  if (entry.backlog.length > 0) {
    tooltip.appendText(`\n\nBacklog: ${entry.backlog.join(', ')}`);
  }
  return {
    id: `debt:${folder}:${group}:entry:${entry.id}`,
    label: entry.title,
    description: entryDescription(entry),
    tooltip,
    contextValue: 'debtEntry',
    icon: new vscode.ThemeIcon(isOpenStatus(entry.status) ? 'warning' : 'pass'),
    command: first ? revealCommand(engine.uriOf(first.path), first.lines?.[0]) : targetCommand(COMMANDS.openEntry, 'Open Entry', { kind: 'entry', folder, id: entry.id }),
    target: { kind: 'entry', folder, id: entry.id },
    children:
      anchors.length > 0
        ? () =>
            anchors.map((anchor, index) => ({
              id: `debt:${folder}:${group}:entry:${entry.id}:anchor:${index}`,
              label: anchor.symbol ? `${anchor.path} · ${anchor.symbol}` : anchor.path,
              description:
                anchor.status === 'orphaned'
                  ? `orphaned: ${anchor.reason}`
                  : `${anchor.lines ? `lines ${anchor.lines[0]}–${anchor.lines[1]}` : 'whole file'}${anchor.moved ? ' · moved' : ''}`,
              icon: new vscode.ThemeIcon(anchor.status === 'orphaned' ? 'debug-disconnect' : 'symbol-reference'),
              command: anchor.status === 'resolved' ? revealCommand(engine.uriOf(anchor.path), anchor.lines?.[0]) : undefined,
            }))
        : undefined,
  };
}

function markerRow(engine: FolderEngine, marker: HarvestedMarker): TreeNode {
  const folder = engine.folder.uri.toString();
  const age = marker.ageDays === null ? '' : marker.blame === 'uncommitted' ? ' · not committed' : ` · ${marker.author ?? 'unknown'}, ${marker.ageDays} ${marker.ageDays === 1 ? 'day' : 'days'} ago`;
  return {
    id: `debt:${folder}:marker:${marker.path}:${marker.line}:${marker.column}`,
    label: marker.text === '' ? marker.tag : `${marker.tag} ${marker.text}`,
    description: `${marker.path}:${marker.line}${age}`,
    contextValue: 'marker',
    icon: new vscode.ThemeIcon('note'),
    command: revealCommand(engine.uriOf(marker.path), marker.line),
    target: { kind: 'marker', folder, path: marker.path, line: marker.line },
  };
}
