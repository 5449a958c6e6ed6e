import * as vscode from 'vscode';
import { Disposable, disposeAll } from './disposable';
import type { FolderEngineHost, ScanReason } from './folderEngine';
import { FolderEngine } from './folderEngine';
import { loadEngine } from './loadEngine';
import { RESCAN_SETTINGS } from './rescanSettings';
import { readSettings, SETTINGS_SECTION } from './settings';

/** Quiet rescans wait this long after the last trigger, so a pull touching many refs scans once. */
const RESCAN_DELAY_MS = 750;

/**
 * One engine per workspace folder (multi-root), and what keeps them current: a HEAD change (commit,
 * checkout, pull) rescans history incrementally, a saved file re-measures that file, an edited ledger
 * is re-read, scan settings rescan. Nothing runs git in an untrusted workspace.
 */
export class EngineRegistry extends Disposable {
  private readonly engines = new Map<string, { readonly engine: FolderEngine; readonly disposables: vscode.Disposable[]; readonly watchLedger: () => void }>();
  private readonly _onDidChange = this.register(new vscode.EventEmitter<FolderEngine | undefined>());
  /** Fires with the engine that changed, or undefined when folders came or went. */
  readonly onDidChange = this._onDidChange.event;
  private readonly _onDidProgress = this.register(new vscode.EventEmitter<FolderEngine>());
  /** Fires as a folder's scan advances; see {@link FolderEngine.onDidProgress}. */
  readonly onDidProgress = this._onDidProgress.event;
  private readonly timers = new Map<string, { timer: ReturnType<typeof setTimeout>; reason: ScanReason }>();
  /** Until the first scans are started (just after activation), the registry is not idle. */
  private startupPending = true;

  constructor(private readonly host: FolderEngineHost) {
    super();
    this.register(vscode.workspace.onDidChangeWorkspaceFolders((event) => {
      for (const folder of event.removed) {
        this.remove(folder);
      }
      for (const folder of event.added) {
        this.add(folder).startupScan();
      }
      this._onDidChange.fire(undefined);
    }));
    // Trust granted: what opening the folder would have done (scan.onStartup decides).
    this.register(vscode.workspace.onDidGrantWorkspaceTrust(() => {
      for (const { engine } of this.engines.values()) {
        engine.markTrusted();
        this.startupScanOf(engine);
      }
    }));
    this.register(vscode.workspace.onDidSaveTextDocument((document) => this.engineFor(document.uri)?.refreshSavedFile(document)));
    // Back from a terminal or another git client: catch a HEAD the file watchers did not see (a
    // worktree's or submodule's .git is a file pointing elsewhere; remote file systems drop events).
    this.register(vscode.window.onDidChangeWindowState((state) => {
      if (state.focused) {
        void this.checkHeads();
      }
    }));
    this.register(vscode.workspace.onDidChangeConfiguration((event) => {
      for (const { engine, watchLedger } of this.engines.values()) {
        if (event.affectsConfiguration(`${SETTINGS_SECTION}.ledger.folder`, engine.folder)) {
          // Entries added or edited in the new folder must be re-read as they were in the old one.
          watchLedger();
        }
        if (RESCAN_SETTINGS.some((key) => event.affectsConfiguration(`${SETTINGS_SECTION}.${key}`, engine.folder))) {
          this.schedule(engine, 'settings');
        }
      }
    }));
    // Disposed first: no rescan fires and no engine works for a registry that is going.
    this.register({
      dispose: () => {
        for (const { timer } of this.timers.values()) {
          clearTimeout(timer);
        }
        for (const entry of this.engines.values()) {
          disposeAll(entry.disposables);
        }
        this.engines.clear();
      },
    });
    for (const folder of vscode.workspace.workspaceFolders ?? []) {
      this.add(folder);
    }
  }

  /** Every engine, in the order of the workspace's folders. */
  get all(): FolderEngine[] {
    return (vscode.workspace.workspaceFolders ?? []).flatMap((folder) => {
      const entry = this.engines.get(folder.uri.toString());
      return entry ? [entry.engine] : [];
    });
  }

  engineFor(uri: vscode.Uri): FolderEngine | undefined {
    const folder = vscode.workspace.getWorkspaceFolder(uri);
    return folder ? this.engines.get(folder.uri.toString())?.engine : undefined;
  }

  /** The first scan of every folder, in the background; deferred by the caller past activation. */
  startupScans(): void {
    this.startupPending = false;
    for (const { engine } of this.engines.values()) {
      this.startupScanOf(engine);
    }
  }

  private startupScanOf(engine: FolderEngine): void {
    if (!vscode.workspace.isTrusted) {
      engine.markUntrusted();
      // Reading the ledger's files runs no git: entries are listed and annotated where they were written.
      void engine.reloadLedger();
      return;
    }
    if (readSettings(engine.folder).scanOnStartup) {
      void engine.scan('startup');
    } else {
      void engine.reloadLedger();
    }
  }

  /** Scans every folder now, one after another, as the user asked. */
  async scanAll(reason: ScanReason = 'user'): Promise<void> {
    for (const engine of this.all) {
      await engine.scan(reason);
    }
  }

  private add(folder: vscode.WorkspaceFolder): { startupScan(): void } {
    const engine = new FolderEngine(folder, this.host);
    const disposables: vscode.Disposable[] = [engine, engine.onDidChange(() => this._onDidChange.fire(engine)), engine.onDidProgress(() => this._onDidProgress.fire(engine))];
    const watch = (pattern: string, reason: ScanReason | 'ledger-files', into = disposables): void => {
      const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(folder, pattern));
      const fire = (): void => {
        if (reason === 'ledger-files') {
          void engine.reloadLedger();
          this.schedule(engine, 'ledger');
        } else {
          this.schedule(engine, reason);
        }
      };
      into.push(watcher, watcher.onDidChange(fire), watcher.onDidCreate(fire), watcher.onDidDelete(fire));
    };
    // A commit, checkout, merge or pull moves HEAD or the branch it points at.
    watch('.git/HEAD', 'head');
    watch('.git/refs/heads/**', 'head');
    watch('.git/packed-refs', 'head');
    // The ledger folder is a setting: watched anew when it changes.
    const ledgerWatch: vscode.Disposable[] = [];
    const watchLedger = (): void => {
      disposeAll(ledgerWatch);
      watch(`${readSettings(folder).ledgerFolder}/**/*.md`, 'ledger-files', ledgerWatch);
    };
    watchLedger();
    disposables.push({ dispose: () => disposeAll(ledgerWatch) });
    this.engines.set(folder.uri.toString(), { engine, disposables, watchLedger });
    return { startupScan: () => this.startupScanOf(engine) };
  }

  private remove(folder: vscode.WorkspaceFolder): void {
    const key = folder.uri.toString();
    const entry = this.engines.get(key);
    if (entry) {
      clearTimeout(this.timers.get(key)?.timer);
      this.timers.delete(key);
      disposeAll(entry.disposables);
      this.engines.delete(key);
    }
  }

  private async checkHeads(): Promise<void> {
    if (!vscode.workspace.isTrusted) {
      return;
    }
    for (const engine of this.all) {
      const report = engine.report;
      if (!report || engine.isScanning || this.timers.has(engine.folder.uri.toString())) {
        continue;
      }
      try {
        const head = (await loadEngine().runGit({ cwd: report.root }, ['rev-parse', 'HEAD'])).trim();
        if (head !== report.head) {
          this.schedule(engine, 'head');
        }
      } catch {
        // The repository is gone or broken: the next scan says so.
      }
    }
  }

  /** A quiet rescan soon; triggers close together collapse into one. */
  schedule(engine: FolderEngine, reason: ScanReason): void {
    if (!vscode.workspace.isTrusted) {
      return;
    }
    // scan.onStartup off: a folder not scanned yet is scanned when the user asks (Scan Workspace), not
    // in the background because HEAD moved, the ledger was edited or a scan setting changed.
    if (engine.status.kind === 'idle' && !readSettings(engine.folder).scanOnStartup) {
      return;
    }
    const key = engine.folder.uri.toString();
    clearTimeout(this.timers.get(key)?.timer);
    const timer = setTimeout(() => {
      this.timers.delete(key);
      void engine.scan(reason);
    }, RESCAN_DELAY_MS);
    this.timers.set(key, { timer, reason });
  }

  /** Resolves once no scan runs and none is scheduled (tests, and commands that need fresh results). */
  async whenIdle(): Promise<void> {
    while (this.startupPending || this.timers.size > 0 || this.all.some((engine) => engine.isScanning)) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}
