import * as vscode from 'vscode';
import { isOpenStatus } from './annotations';
import type { BacklogItem } from './backlogItems';
import { backlogItemDescription, backlogItems } from './backlogItems';
import type { BacklogLookups, LiveOutcome } from './backlogLookup';
import { COMMANDS } from './commandTable';
import { targetCommand } from './commandTarget';
import { entryDescription } from './debtTree';
import { Disposable } from './disposable';
import type { EngineRegistry } from './engineRegistry';
import type { FolderEngine } from './folderEngine';
import type { TreeNode } from './nodeTreeProvider';
import { folderRoots, revealCommand } from './nodeTreeProvider';

/** The view asks the trackers about its top items only: a real backlog lists hundreds. */
const LIVE_ITEMS = 50;
/** A live title is asked again after this long (the lookup's own cache answers sooner ones). */
const LIVE_TTL_MS = 10 * 60_000;
/** Answers arriving within this long redraw the view once. */
const REDRAW_DELAY_MS = 150;

/**
 * The live titles of the Backlog view's items, fetched in the background when the user is signed in
 * to a tracker: the view draws at once with the commits' subjects and again when answers arrive.
 */
export class BacklogTitles extends Disposable {
  private readonly _onDidChange = this.register(new vscode.EventEmitter<void>());
  readonly onDidChange = this._onDidChange.event;
  /** By folder, then by reference: the last outcome and when it came. */
  private readonly known = new Map<string, Map<string, { outcome: LiveOutcome; at: number }>>();
  private readonly pending = new Set<string>();
  private redraw: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly lookups: BacklogLookups) {
    super();
    this.register(lookups.onDidChangeCredentials(() => {
      this.known.clear();
      this._onDidChange.fire();
    }));
    this.register({ dispose: () => clearTimeout(this.redraw) });
  }

  /** What is known of each reference now; asks about the ones not known (or known too long) in the background. */
  async titlesOf(engine: FolderEngine, refs: readonly string[]): Promise<ReadonlyMap<string, LiveOutcome>> {
    const folder = engine.folder.uri.toString();
    const known = this.known.get(folder) ?? new Map<string, { outcome: LiveOutcome; at: number }>();
    this.known.set(folder, known);
    const lookup = this.lookups.for(engine);
    if (await lookup.signedIn()) {
      const now = Date.now();
      for (const ref of refs.slice(0, LIVE_ITEMS)) {
        const key = `${folder}\0${ref}`;
        const seen = known.get(ref);
        if (this.pending.has(key) || (seen !== undefined && now - seen.at < LIVE_TTL_MS)) {
          continue;
        }
        this.pending.add(key);
        void lookup
          .outcome(ref)
          .then((outcome) => {
            known.set(ref, { outcome, at: Date.now() });
            this.scheduleRedraw();
          })
          .finally(() => this.pending.delete(key));
      }
    }
    return new Map([...known].map(([ref, { outcome }]) => [ref, outcome]));
  }

  private scheduleRedraw(): void {
    if (this.redraw === undefined) {
      this.redraw = setTimeout(() => {
        this.redraw = undefined;
        this._onDidChange.fire();
      }, REDRAW_DELAY_MS);
    }
  }
}

export async function backlogRoots(registry: EngineRegistry, titles: BacklogTitles): Promise<TreeNode[]> {
  const rows = new Map<FolderEngine, TreeNode[]>();
  for (const engine of registry.all) {
    const items = backlogItems(engine.entries, engine.report);
    rows.set(engine, itemRows(engine, items, await titles.titlesOf(engine, items.map((item) => item.ref))));
  }
  return folderRoots('backlog', registry.all, (engine) => rows.get(engine) ?? []);
}

function itemRows(engine: FolderEngine, items: readonly BacklogItem[], live: ReadonlyMap<string, LiveOutcome>): TreeNode[] {
  const folder = engine.folder.uri.toString();
  const entries = new Map(engine.entries.map((entry) => [entry.id, entry]));
  return items.map((item): TreeNode => {
    const outcome = live.get(item.ref);
    const title = outcome?.kind === 'found' ? outcome.details.title : item.title;
    return {
      id: `backlog:${folder}:item:${item.ref}`,
      label: item.ref,
      description: backlogItemDescription(item, title),
      tooltip: itemTooltip(item, outcome),
      contextValue: 'backlogItem',
      icon: new vscode.ThemeIcon('issues'),
      target: { kind: 'backlog', folder, ref: item.ref },
      children: () => [
        ...item.entries.flatMap((id): TreeNode[] => {
          const entry = entries.get(id);
          return entry
            ? [{
                id: `backlog:${folder}:item:${item.ref}:entry:${id}`,
                label: entry.title,
                description: entryDescription(entry),
                contextValue: 'debtEntry',
                icon: new vscode.ThemeIcon(isOpenStatus(entry.status) ? 'warning' : 'pass'),
                command: targetCommand(COMMANDS.openEntry, 'Open Entry', { kind: 'entry', folder, id }),
                target: { kind: 'entry', folder, id },
              }]
            : [];
        }),
        ...item.files.map((file): TreeNode => {
          const report = engine.fileReport(file);
          return {
            id: `backlog:${folder}:item:${item.ref}:file:${file}`,
            label: file,
            description: report ? `#${report.rank} · ${report.revisions} ${report.revisions === 1 ? 'change' : 'changes'}` : undefined,
            contextValue: 'hotspotFile.significant',
            icon: new vscode.ThemeIcon('flame'),
            command: revealCommand(engine.uriOf(file)),
            target: { kind: 'file', folder, path: file },
          };
        }),
      ],
    };
  });
}

/** The item, its title and where the title comes from (and why a live one is missing), and its links. */
function itemTooltip(item: BacklogItem, outcome: LiveOutcome | undefined): vscode.MarkdownString {
  const tooltip = new vscode.MarkdownString();
  // appendText escapes: titles, subjects and messages come from trackers and commits.
  if (outcome?.kind === 'found') {
    tooltip.appendText(`${item.ref}: ${outcome.details.title}\n\n${outcome.details.state} (live)`);
  } else {
    tooltip.appendText(item.title === '' ? item.ref : `${item.ref}: ${item.title}\n\nThe subject of the newest commit citing it.`);
    if (outcome?.kind === 'failed') {
      tooltip.appendText(`\n\nNo live title: ${outcome.message}`);
    }
  }
  const links = [
    ...(item.entries.length > 0 ? [`debt ${item.entries.join(', ')}`] : []),
    ...(item.files.length > 0 ? [`${item.files.length} significant ${item.files.length === 1 ? 'file' : 'files'} (summed score ${item.score})`] : []),
    ...(item.commits > 0 ? [`cited by ${item.commits} ${item.commits === 1 ? 'commit' : 'commits'} in the window`] : []),
  ];
  if (links.length > 0) {
    tooltip.appendText(`\n\n${links.join(' · ')}`);
  }
  return tooltip;
}
