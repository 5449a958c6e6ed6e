import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ScanDetails, ScanProgress } from '../core/scan/scanRepository';
import type { FileReport, FunctionReport, ScanReport } from '../core/scan/scanReport';
import { functionHistoryOf, toFunctionReport, UNTOUCHED_FUNCTION } from '../core/scan/scanReport';
import type { LedgerDiagnostic, LedgerEntry } from '../core/ledger/ledgerEntry';
import { Disposable } from './disposable';
import { loadEngine } from './loadEngine';
import type { Engine } from './engineBundle';
import { readSettings, scanOptionsOf } from './settings';

/** What a folder's views show when there is no report to show. */
export type FolderStatus =
  | { readonly kind: 'idle' }
  | { readonly kind: 'scanning'; readonly phase: ScanProgress['phase'] | 'starting'; readonly done: number; readonly total: number }
  | { readonly kind: 'ready' }
  | { readonly kind: 'untrusted' }
  | { readonly kind: 'not-git'; readonly message: string }
  | { readonly kind: 'failed'; readonly message: string };

/** Why a scan runs: the first scan and a user's request show a notification; the others run quietly. */
export type ScanReason = 'startup' | 'user' | 'head' | 'ledger' | 'settings';

export interface FolderEngineHost {
  /** Where the scan cache lives: the extension's storage, never the user's repository. */
  readonly storagePath: string;
  /** `dist/`, holding `editorParseWorker.js`. */
  readonly distPath: string;
  readonly log: vscode.LogOutputChannel;
}

/**
 * One workspace folder's engine: its latest scan (report, history, import graph), its ledger, and
 * the scan in flight. Views and providers read the cached state only; all git and parse work happens
 * here, cancellable, and a new scan aborts the one before it.
 */
export class FolderEngine extends Disposable {
  private readonly _onDidChange = this.register(new vscode.EventEmitter<void>());
  /** Fires when the report, the ledger or the kind of status changes. */
  readonly onDidChange = this._onDidChange.event;
  private readonly _onDidProgress = this.register(new vscode.EventEmitter<void>());
  /**
   * Fires as a scan advances (phase and counts), up to every 50 ms: only what shows progress listens,
   * so views and lenses are not rebuilt while nothing they show has changed.
   */
  readonly onDidProgress = this._onDidProgress.event;

  private state: FolderStatus = { kind: 'idle' };
  private current: ScanReport | undefined;
  private scanDetails: ScanDetails | undefined;
  private ledgerEntries: readonly LedgerEntry[] = [];
  private ledgerDiagnostics: readonly LedgerDiagnostic[] = [];
  private running: { readonly controller: AbortController; readonly done: Promise<void> } | undefined;

  constructor(
    readonly folder: vscode.WorkspaceFolder,
    private readonly host: FolderEngineHost,
  ) {
    super();
    // Disposed before the emitters: the scan in flight stops, and publishes nothing.
    this.register({ dispose: () => this.cancel() });
  }

  get status(): FolderStatus {
    return this.state;
  }

  /** The latest complete scan, with edits saved since patched in. */
  get report(): ScanReport | undefined {
    return this.current;
  }

  get details(): ScanDetails | undefined {
    return this.scanDetails;
  }

  /**
   * Jira/Linear project keys whose `KEY-12` tokens are backlog references: those configured in the
   * ledger's config.yml, and those the last scan found in commit messages (as the scan itself counts them).
   */
  projectKeys(configured: readonly string[]): Set<string> {
    return new Set([...configured, ...(this.scanDetails?.history.projectKeys ?? [])]);
  }

  /** The ledger as last read: every valid entry, with its file's repository-relative path. */
  get entries(): readonly LedgerEntry[] {
    return this.ledgerEntries;
  }

  get diagnostics(): readonly LedgerDiagnostic[] {
    return this.ledgerDiagnostics;
  }

  /** The repository root once a scan found it; the folder itself before. */
  get root(): string {
    return this.current?.root ?? this.folder.uri.fsPath;
  }

  get isScanning(): boolean {
    return this.running !== undefined;
  }

  /** A scan's first file to compare with: the file's path relative to the repository, or undefined outside it. */
  relativePath(uri: vscode.Uri): string | undefined {
    if (uri.scheme !== 'file') {
      return undefined;
    }
    const rel = path.relative(this.root, uri.fsPath);
    return rel === '' || rel.startsWith('..') || path.isAbsolute(rel) ? undefined : rel.split(path.sep).join('/');
  }

  uriOf(relPath: string): vscode.Uri {
    return vscode.Uri.file(path.join(this.root, ...relPath.split('/')));
  }

  fileReport(relPath: string): FileReport | undefined {
    return this.current?.files.find((file) => file.path === relPath);
  }

  markUntrusted(): void {
    this.cancel();
    this.setStatus({ kind: 'untrusted' });
  }

  /** The workspace was trusted: a folder marked untrusted is now merely not scanned yet. */
  markTrusted(): void {
    if (this.state.kind === 'untrusted') {
      this.setStatus({ kind: 'idle' });
    }
  }

  /** Aborts the scan in flight, if any. */
  cancel(): void {
    this.running?.controller.abort();
  }

  /**
   * Scans the folder. The first scan and a user's request show a cancellable notification; later
   * ones (HEAD moved, ledger edited) run under the status bar. A warm cache makes them cheap: history
   * is extended from the last scanned commit and only changed files are parsed.
   */
  async scan(reason: ScanReason, externalToken?: vscode.CancellationToken): Promise<void> {
    if (!vscode.workspace.isTrusted) {
      this.markUntrusted();
      return;
    }
    this.cancel();
    const previous = this.running?.done;
    const controller = new AbortController();
    const subscription = externalToken?.onCancellationRequested(() => controller.abort());
    let finish!: () => void;
    const done = new Promise<void>((resolve) => (finish = resolve));
    this.running = { controller, done };
    try {
      // Let the aborted scan release its workers and cache file before this one starts.
      await previous;
      if (controller.signal.aborted) {
        return;
      }
      const visible = reason === 'startup' || reason === 'user';
      if (visible) {
        await vscode.window.withProgress(
          { location: vscode.ProgressLocation.Notification, title: `Debt Lens: scanning ${this.folder.name}`, cancellable: true },
          async (progress, token) => {
            const cancel = token.onCancellationRequested(() => controller.abort());
            try {
              await this.runScan(controller, (message, increment) => progress.report({ message, increment }));
            } finally {
              cancel.dispose();
            }
          },
        );
      } else {
        await this.runScan(controller, () => undefined);
      }
    } finally {
      subscription?.dispose();
      if (this.running?.controller === controller) {
        this.running = undefined;
        if (this.state.kind === 'scanning') {
          this.setStatus(this.current ? { kind: 'ready' } : { kind: 'idle' });
        }
      }
      finish();
    }
  }

  private async runScan(controller: AbortController, report: (message: string, increment?: number) => void): Promise<void> {
    const settings = readSettings(this.folder);
    this.setStatus({ kind: 'scanning', phase: 'starting', done: 0, total: 0 });
    let engine: Engine;
    try {
      engine = loadEngine();
    } catch (error) {
      this.fail(`could not load the Debt Lens engine: ${(error as Error).message}`, error);
      return;
    }
    let lastFraction = 0;
    const started = Date.now();
    try {
      // config.yml's cost: keys (bug-fix rule, hours a point), as the CLI reads them; the file's own problems are shown elsewhere.
      const { cost } = (await engine.loadTrackerSettings(this.folder.uri.fsPath, settings.ledgerFolder)).settings;
      const { report: result, details } = await engine.scanRepository({
        cwd: this.folder.uri.fsPath,
        now: new Date(),
        ...scanOptionsOf(settings),
        bugFixPattern: cost?.bugFixPattern,
        bugLabels: cost?.bugLabels,
        hoursPerPoint: cost?.hoursPerPoint,
        cacheFile: (root) => engine.cacheFileFor(path.join(this.host.storagePath, 'scan-cache'), root),
        // One worker thread parses, so the extension host's thread stays free for the editor.
        workerScript: path.join(this.host.distPath, 'editorParseWorker.js'),
        workers: 1,
        signal: controller.signal,
        onProgress: (update) => {
          this.setStatus({ kind: 'scanning', phase: update.phase, done: update.done, total: update.total });
          const fraction = phaseFraction(update);
          report(progressMessage(update), Math.max(0, (fraction - lastFraction) * 100));
          lastFraction = Math.max(lastFraction, fraction);
        },
        logger: { info: (message) => this.host.log.info(`${this.folder.name}: ${message}`), warn: (message) => this.host.log.warn(`${this.folder.name}: ${message}`) },
      });
      if (controller.signal.aborted || this.disposed) {
        return;
      }
      this.current = result;
      this.scanDetails = details;
      for (const warning of result.warnings) {
        this.host.log.warn(`${this.folder.name}: ${warning}`);
      }
      this.warnOnceIfShallow(result);
      this.host.log.info(
        `${this.folder.name}: ${result.stats.commits} commits, ${result.stats.rankedFiles} ranked files, ${result.stats.significantFiles} significant hotspots, ` +
          `${result.ledger.entries.length} debt entries (${result.stats.cache} cache, ${Date.now() - started} ms)`,
      );
      // The scan read the ledger already: no second read.
      this.adoptLedger(details.ledger.entries, details.ledger.report.diagnostics);
      this.setStatus({ kind: 'ready' });
    } catch (error) {
      if (error instanceof engine.errors.CancelledError || controller.signal.aborted) {
        this.host.log.info(`${this.folder.name}: scan cancelled`);
        return;
      }
      if (error instanceof engine.errors.NotAGitRepositoryError || error instanceof engine.errors.EmptyRepositoryError) {
        this.host.log.info(`${this.folder.name}: ${(error as Error).message}`);
        this.setStatus({ kind: 'not-git', message: (error as Error).message });
        await this.reloadLedger(false);
        return;
      }
      this.fail((error as Error).message, error);
    }
  }

  /**
   * Re-reads the ledger files (no git): after an entry is written, or when the files change on disk.
   * The report's resolved anchors and interest are refreshed by the next scan.
   */
  async reloadLedger(notify = true): Promise<void> {
    try {
      const store = this.ledgerStore();
      const snapshot = await store.load();
      this.adoptLedger(snapshot.entries, snapshot.diagnostics);
    } catch (error) {
      this.host.log.error(`${this.folder.name}: could not read the debt ledger`, error);
    }
    if (notify) {
      this._onDidChange.fire();
    }
  }

  private adoptLedger(entries: readonly LedgerEntry[], diagnostics: readonly LedgerDiagnostic[]): void {
    this.ledgerEntries = entries;
    this.ledgerDiagnostics = diagnostics;
    for (const diagnostic of diagnostics) {
      this.host.log.warn(`${this.folder.name}: ${diagnostic.path}:${diagnostic.line} ${diagnostic.message}`);
    }
  }

  /** The ledger of this folder, for commands that write entries. */
  ledgerStore(): InstanceType<Engine['LedgerStore']> {
    const engine = loadEngine();
    return new engine.LedgerStore({ repoRoot: this.root, folder: readSettings(this.folder).ledgerFolder });
  }

  /**
   * A saved file: re-measures only that file (one parse, no git) and patches it into the report, so
   * lenses follow the new function positions. Ranks and history wait for the next scan.
   */
  refreshSavedFile(document: vscode.TextDocument): void {
    const rel = this.relativePath(document.uri);
    const report = this.current;
    if (rel === undefined || report === undefined) {
      return;
    }
    const index = report.files.findIndex((candidate) => candidate.path === rel);
    const file = report.files[index];
    if (file === undefined) {
      return;
    }
    const analysis = loadEngine().analyzeFile(rel, document.getText());
    if (analysis.parseError) {
      // Keep the last good measurement while the file does not parse.
      return;
    }
    const previous = new Map<string, FunctionReport[]>();
    for (const fn of file.functions) {
      previous.set(fn.name, [...(previous.get(fn.name) ?? []), fn]);
    }
    // Keep each function's X-Ray history and standing (by name, in order) until the next scan.
    const functions = analysis.functions.map((fn): FunctionReport => {
      const before = previous.get(fn.name)?.shift();
      const history = file.xray ? ((before && functionHistoryOf(before)) ?? UNTOUCHED_FUNCTION) : undefined;
      const standing = before?.rank != null && before.percentile != null ? { rank: before.rank, percentile: before.percentile, significant: before.significant } : undefined;
      return toFunctionReport(fn, history, standing);
    });
    const patched: FileReport = { ...file, loc: analysis.loc, cyclomatic: analysis.cyclomatic, cognitive: analysis.cognitive, functions };
    const files = [...report.files];
    files[index] = patched;
    this.current = { ...report, files };
    this._onDidChange.fire();
  }

  private shallowWarned = false;

  /** Partial history gives lower bounds, a partial clone no churn: say so once per session, not on every rescan. */
  private warnOnceIfShallow(report: ScanReport): void {
    // A partial clone's numbers are partial too (no churn, X-Ray or interest): the same once-a-session notice.
    const shallow = report.warnings.find((warning) => warning.startsWith('shallow clone') || warning.startsWith('partial clone'));
    if (shallow === undefined || this.shallowWarned) {
      return;
    }
    this.shallowWarned = true;
    void vscode.window.showWarningMessage(`Debt Lens: ${this.folder.name} is a ${shallow}.`);
  }

  private fail(message: string, error: unknown): void {
    this.host.log.error(`${this.folder.name}: scan failed`, error);
    this.setStatus({ kind: 'failed', message });
    void vscode.window.showErrorMessage(`Debt Lens could not scan ${this.folder.name}: ${message}`, 'Show Log').then((choice) => {
      if (choice === 'Show Log') {
        this.host.log.show();
      }
    });
  }

  private setStatus(status: FolderStatus): void {
    const progressOnly = this.state.kind === 'scanning' && status.kind === 'scanning';
    this.state = status;
    if (!this.disposed) {
      (progressOnly ? this._onDidProgress : this._onDidChange).fire();
    }
  }
}

const PHASE_SPAN: Record<ScanProgress['phase'], readonly [number, number]> = {
  history: [0, 0.2],
  metrics: [0.2, 0.75],
  xray: [0.75, 0.95],
  report: [0.95, 1],
};

function phaseFraction(update: ScanProgress): number {
  const [from, to] = PHASE_SPAN[update.phase];
  return update.total > 0 ? from + ((to - from) * Math.min(update.done, update.total)) / update.total : from;
}

export function progressMessage(update: ScanProgress): string {
  const counted = update.total > 0 ? ` ${update.done}/${update.total}` : '';
  switch (update.phase) {
    case 'history':
      return `reading git history${counted}`;
    case 'metrics':
      return `measuring files${counted}`;
    case 'xray':
      return `function history of the top files${counted}`;
    case 'report':
      return 'ranking';
  }
}
