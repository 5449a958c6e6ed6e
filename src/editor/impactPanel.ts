import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import type { Anchor } from '../core/ledger/anchor';
import type { GroupInterest } from '../core/impact/anchorInterest';
import type { Impact, ImpactSources, ImpactTarget } from '../core/impact/impactOf';
import type { ScanReport } from '../core/scan/scanReport';
import type { BacklogLookups } from './backlogLookup';
import type { CommandHandlers } from './commandTable';
import { COMMANDS } from './commandTable';
import type { CommandTarget } from './commandTarget';
import { targetOf } from './commandTarget';
import { Disposable, disposeAll } from './disposable';
import type { EngineRegistry } from './engineRegistry';
import type { FolderEngine } from './folderEngine';
import { UserFacingError } from './guardedCommand';
import { impactHtml } from './impactHtml';
import { InterestMemo, interestKey } from './interestMemo';
import type { RenderMessage, ViewLink } from './impactMessages';
import { parseViewMessage } from './impactMessages';
import type { HotspotMapModel, ImpactViewModel } from './impactViewModel';
import { hotspotMapModel, impactViewModel, innermostFunction } from './impactViewModel';
import { loadEngine } from './loadEngine';
import { readSettings } from './settings';

/** A file of the hotspot map, as `debtLens.showHotspotMap` returns it. */
export interface MappedFile {
  readonly path: string;
  readonly loc: number;
  readonly revisions: number;
}

/**
 * `debtLens.showImpact` and `debtLens.showHotspotMap`, both rendered in one reused webview panel.
 * Each command returns the plain data it rendered, so integration tests can check it.
 */
export function impactPanelCommands(panel: ImpactPanel): Pick<CommandHandlers, 'showImpact' | 'showHotspotMap'> {
  return {
    showImpact: (arg) => panel.showImpact(arg),
    showHotspotMap: (arg) => panel.showHotspotMap(arg),
  };
}

/** The one webview panel the impact and the hotspot map are drawn in, kept current after rescans. */
export class ImpactPanel extends Disposable {
  private panel: vscode.WebviewPanel | undefined;
  /** What the panel shows, and for which folder: re-sent when the webview reloads after being hidden. */
  private shown: { readonly folder: string; readonly model: ImpactViewModel | HotspotMapModel } | undefined;
  /** The impact being computed; a newer request aborts it. */
  private pending: AbortController | undefined;
  /**
   * What was asked for last, and the report and entries it was drawn from: a newer scan of that
   * folder, a saved file or a ledger write (each a new report or new entries) redraws it.
   */
  private lastRequest:
    | { readonly kind: 'impact' | 'map'; readonly target: CommandTarget | { readonly folder: string }; readonly report: ScanReport; readonly entries: FolderEngine['entries'] }
    | undefined;
  /** Interest already read: a redraw after a ledger write or its rescan reads no git. */
  private readonly interests = new InterestMemo();
  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly registry: EngineRegistry,
    private readonly log: vscode.LogOutputChannel,
    /** Shared with the Backlog view: one answer cache per folder. */
    private readonly lookups: BacklogLookups,
  ) {
    super();
    this.register(registry.onDidChange((engine) => this.redrawIfStale(engine)));
    this.register({
      dispose: () => {
        this.pending?.abort();
        this.panel?.dispose();
      },
    });
  }

  /**
   * Keeps an open panel current: after a rescan, a saved file or a ledger write of its folder it is
   * drawn again from the engine's state, at once (a write patches that state; nothing waits for the
   * rescan that follows it). A hidden panel catches up when it is shown.
   */
  private redrawIfStale(engine: FolderEngine | undefined): void {
    const last = this.lastRequest;
    if (!this.panel?.visible || !last || !engine || engine.folder.uri.toString() !== last.target.folder || !engine.report || (engine.report === last.report && engine.entries === last.entries)) {
      return;
    }
    const redraw = last.kind === 'map' ? Promise.resolve(this.showHotspotMap(last.target, false)) : this.showImpact(last.target, false);
    redraw.catch((error: unknown) => this.log.warn(`impact panel: could not redraw after the scan: ${error instanceof Error ? error.message : String(error)}`));
  }

  async showImpact(arg: unknown, reveal = true): Promise<Impact | undefined> {
    const { engine, target } = this.impactTargetOf(arg);
    const { report, details } = scanOf(engine);
    const folder = engine.folder.uri.toString();
    this.lastRequest = { kind: 'impact', target: commandTargetOf(target, folder), report, entries: engine.entries };
    if (target.kind === 'entry' && !engine.entries.some((entry) => entry.id === target.id)) {
      throw new UserFacingError(`There is no debt entry ${target.id} in ${engine.folder.name}.`);
    }
    this.pending?.abort();
    const controller = new AbortController();
    this.pending = controller;
    const label = target.kind === 'entry' ? target.id : target.kind === 'symbol' ? target.symbol : target.path;
    let impact: Impact;
    try {
      impact = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: `Debt Lens: impact of ${label}` }, () =>
        this.computeImpact(engine, target, report, details, controller.signal),
      );
    } catch (error) {
      if (controller.signal.aborted) {
        // A newer request took over; it reports its own outcome.
        return undefined;
      }
      throw error;
    } finally {
      if (this.pending === controller) {
        this.pending = undefined;
      }
    }
    if (controller.signal.aborted) {
      return undefined;
    }
    const entryTitle = target.kind === 'entry' ? engine.entries.find((entry) => entry.id === target.id)?.title : undefined;
    this.show(engine, impactViewModel(impact, { report, history: details.history, folderName: engine.folder.name, now: new Date() }, entryTitle), reveal);
    return impact;
  }

  showHotspotMap(arg: unknown, reveal = true): MappedFile[] {
    const engine = this.mapEngineOf(arg);
    const { report } = scanOf(engine);
    this.lastRequest = { kind: 'map', target: { folder: engine.folder.uri.toString() }, report, entries: engine.entries };
    const model = hotspotMapModel(report, engine.folder.name);
    this.show(engine, model, reveal);
    return model.tiles.map((tile) => ({ path: tile.path, loc: tile.loc, revisions: tile.revisions }));
  }

  /** The code to assess: the command's target, or the function at the cursor, or the active file. */
  private impactTargetOf(arg: unknown): { engine: FolderEngine; target: ImpactTarget } {
    const target = targetOf(arg);
    if (target) {
      const engine = this.engineOfFolder(target.folder);
      return { engine, target: impactTargetFrom(target, engine) };
    }
    const uri = arg instanceof vscode.Uri ? arg : vscode.window.activeTextEditor?.document.uri;
    if (uri === undefined) {
      throw new UserFacingError('Open a file, or pick a hotspot or a debt entry, to show its impact.');
    }
    const engine = this.registry.engineFor(uri);
    const path = engine?.relativePath(uri);
    if (engine === undefined || path === undefined) {
      throw new UserFacingError('Debt Lens shows the impact of files inside a workspace folder.');
    }
    const editor = vscode.window.activeTextEditor;
    if (!(arg instanceof vscode.Uri) && editor !== undefined) {
      const fn = innermostFunction(engine.report, path, editor.selection.active.line + 1);
      if (fn !== undefined) {
        return { engine, target: { kind: 'symbol', path, symbol: fn } };
      }
    }
    return { engine, target: { kind: 'file', path } };
  }

  private mapEngineOf(arg: unknown): FolderEngine {
    const folder = arg !== null && typeof arg === 'object' && typeof (arg as { folder?: unknown }).folder === 'string' ? (arg as { folder: string }).folder : undefined;
    if (folder !== undefined) {
      return this.engineOfFolder(folder);
    }
    const active = vscode.window.activeTextEditor?.document.uri;
    const engine = (active && this.registry.engineFor(active)) ?? this.registry.all[0];
    if (engine === undefined) {
      throw new UserFacingError('Open a folder with a git repository to map its hotspots.');
    }
    return engine;
  }

  private engineOfFolder(folder: string): FolderEngine {
    const engine = this.registry.all.find((candidate) => candidate.folder.uri.toString() === folder);
    if (engine === undefined) {
      throw new UserFacingError('The workspace folder of this item is no longer open.');
    }
    return engine;
  }

  private async computeImpact(engine: FolderEngine, target: ImpactTarget, report: ScanReport, details: NonNullable<FolderEngine['details']>, signal: AbortSignal): Promise<Impact> {
    const core = loadEngine();
    const entries = engine.entries;
    const git = { cwd: engine.root, signal };
    // Git and trackers run only in a trusted workspace. Anchors are taken as the scan resolved them,
    // moved since by Update Moved Anchors; an entry written since is taken at its stored anchors.
    const trusted = vscode.workspace.isTrusted;
    const resolutions = engine.resolutions;
    const window = { since: new Date(report.window.since), until: new Date(report.window.until) };
    const interestOf = (anchors: readonly Anchor[]): Promise<GroupInterest> => this.interests.get(interestKey(anchors, report, details.history), async () => {
      const [group] = await core.readAnchorInterest(git, {
        groups: [anchors],
        history: details.history,
        window,
        // The walk applies patches backwards from the text of the commit the history was read at.
        headText: (file) => core.runGit(git, ['cat-file', 'blob', `${report.head}:${file}`]).catch(() => undefined),
        listFunctions: core.listFunctionLayout,
      });
      // One group asked, one answered.
      return group!;
    });
    const sources: ImpactSources = {
      report,
      history: details.history,
      imports: details.imports,
      entries,
      resolutions,
      ...(trusted && { interestOf }),
      ...(trusted && readSettings(engine.folder).liveBacklog && { lookupBacklog: (ref: string) => this.lookups.for(engine).details(ref) }),
    };
    return core.impactOf(target, sources);
  }

  /** What the panel shows now (the model last sent to its webview); undefined when it is closed. */
  get shownModel(): ImpactViewModel | HotspotMapModel | undefined {
    return this.panel === undefined ? undefined : this.shown?.model;
  }

  private show(engine: FolderEngine, model: ImpactViewModel | HotspotMapModel, reveal = true): void {
    this.shown = { folder: engine.folder.uri.toString(), model };
    if (this.panel === undefined) {
      this.panel = this.createPanel();
    } else if (reveal) {
      this.panel.reveal(undefined, false);
    }
    this.panel.title = model.title;
    this.post();
  }

  private createPanel(): vscode.WebviewPanel {
    const extension = this.context.extensionUri;
    const scriptRoot = vscode.Uri.joinPath(extension, 'dist', 'webview');
    const mediaRoot = vscode.Uri.joinPath(extension, 'media');
    const panel = vscode.window.createWebviewPanel('debtLens.impact', 'Debt Lens Impact', vscode.ViewColumn.Beside, {
      enableScripts: true,
      localResourceRoots: [scriptRoot, mediaRoot],
    });
    panel.iconPath = vscode.Uri.joinPath(mediaRoot, 'debt-lens.svg');
    const webview = panel.webview;
    webview.html = impactHtml({
      cspSource: webview.cspSource,
      nonce: randomBytes(18).toString('base64'),
      scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(scriptRoot, 'impactView.js')).toString(),
      styleUri: webview.asWebviewUri(vscode.Uri.joinPath(mediaRoot, 'impact.css')).toString(),
    });
    const subscriptions = [
      panel.onDidChangeViewState(() => {
        const folder = this.lastRequest?.target.folder;
        this.redrawIfStale(this.registry.all.find((candidate) => candidate.folder.uri.toString() === folder));
      }),
      webview.onDidReceiveMessage((message: unknown) => {
        this.onMessage(message).catch((error: unknown) => {
          this.log.error('impact panel: a link failed', error);
          void vscode.window.showWarningMessage(`Debt Lens: ${error instanceof Error ? error.message : String(error)}`);
        });
      }),
    ];
    panel.onDidDispose(() => {
      disposeAll(subscriptions);
      this.panel = undefined;
      this.shown = undefined;
      this.lastRequest = undefined;
    });
    return panel;
  }

  private post(): void {
    if (this.panel && this.shown) {
      const message: RenderMessage = { type: 'render', model: this.shown.model };
      void this.panel.webview.postMessage(message);
    }
  }

  private async onMessage(raw: unknown): Promise<void> {
    const message = parseViewMessage(raw);
    if (message === undefined) {
      this.log.warn('impact panel: ignored a message the webview should not send');
      return;
    }
    if (message.type === 'ready') {
      this.post();
      return;
    }
    const folder = this.shown?.folder;
    const engine = folder === undefined ? undefined : this.registry.all.find((candidate) => candidate.folder.uri.toString() === folder);
    if (folder === undefined || engine === undefined) {
      return;
    }
    await this.follow(message, engine, folder);
  }

  private async follow(link: ViewLink, engine: FolderEngine, folder: string): Promise<void> {
    switch (link.type) {
      case 'openFile': {
        const uri = engine.uriOf(link.path);
        const line = link.line === undefined ? undefined : new vscode.Position(link.line - 1, 0);
        await vscode.window.showTextDocument(uri, {
          // Next to the panel rather than in place of it.
          viewColumn: this.panel?.viewColumn === vscode.ViewColumn.One ? vscode.ViewColumn.Beside : vscode.ViewColumn.One,
          ...(line && { selection: new vscode.Range(line, line) }),
        });
        return;
      }
      case 'openEntry': {
        if (!engine.entries.some((entry) => entry.id === link.id)) {
          throw new UserFacingError(`There is no debt entry ${link.id} in ${engine.folder.name} any more.`);
        }
        const target: CommandTarget = { kind: 'entry', folder, id: link.id };
        await vscode.commands.executeCommand(COMMANDS.openEntry, target);
        return;
      }
      case 'setStatus': {
        if (!engine.entries.some((entry) => entry.id === link.id)) {
          throw new UserFacingError(`There is no debt entry ${link.id} in ${engine.folder.name} any more.`);
        }
        const target: CommandTarget = { kind: 'entry', folder, id: link.id };
        await vscode.commands.executeCommand(COMMANDS.setStatus, target);
        return;
      }
      case 'openBacklog': {
        const target: CommandTarget = { kind: 'backlog', folder, ref: link.ref };
        await vscode.commands.executeCommand(COMMANDS.openBacklogItem, target);
        return;
      }
      case 'openExternal':
        // parseViewMessage let through http and https only.
        await vscode.env.openExternal(vscode.Uri.parse(link.url, true));
        return;
    }
  }
}

function scanOf(engine: FolderEngine): { report: ScanReport; details: NonNullable<FolderEngine['details']> } {
  const report = engine.report;
  const details = engine.details;
  if (report === undefined || details === undefined) {
    const running = engine.isScanning ? ' A scan is running; try again when it is done.' : ' Run "Debt Lens: Scan Workspace" first.';
    throw new UserFacingError(`Debt Lens has not scanned ${engine.folder.name} yet.${running}`);
  }
  return { report, details };
}

function commandTargetOf(target: ImpactTarget, folder: string): CommandTarget {
  return target.kind === 'entry' ? { kind: 'entry', folder, id: target.id } : target.kind === 'file' ? { kind: 'file', folder, path: target.path } : { kind: 'symbol', folder, path: target.path, symbol: target.symbol };
}

function impactTargetFrom(target: CommandTarget, engine: FolderEngine): ImpactTarget {
  switch (target.kind) {
    case 'entry':
      return { kind: 'entry', id: target.id };
    case 'file':
      return { kind: 'file', path: target.path };
    case 'symbol':
      return { kind: 'symbol', path: target.path, symbol: target.symbol };
    case 'marker': {
      const fn = innermostFunction(engine.report, target.path, target.line);
      return fn === undefined ? { kind: 'file', path: target.path } : { kind: 'symbol', path: target.path, symbol: fn };
    }
    case 'backlog':
      throw new UserFacingError('Show Impact works on a debt entry, a file or a function, not on a backlog item.');
  }
}
