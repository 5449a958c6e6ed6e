import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ScanDetails, ScanProgress } from '../core/scan/scanRepository';
import type { FileReport, FunctionReport, ScanReport } from '../core/scan/scanReport';
import { functionHistoryOf, toFunctionReport, UNTOUCHED_FUNCTION } from '../core/scan/scanReport';
import type { LedgerDiagnostic, LedgerEntry } from '../core/ledger/ledgerEntry';
import type { AnchorResolution } from '../core/ledger/resolveAnchors';
import type { ScannedLedger } from '../core/scan/scanLedger';
import { findFunction } from './annotations';
import { Disposable } from './disposable';
import { loadEngine } from './loadEngine';
import type { Engine } from './engineBundle';
import type { LedgerWrite } from './patchScannedLedger';
import { patchLedgerEntries, patchScannedLedger } from './patchScannedLedger';
import { readSettings, scanOptionsOf } from './settings';

const NO_RESOLUTIONS: ReadonlyMap<string, readonly AnchorResolution[]> = new Map();

/** How long after the first scan the compiler is loaded on this thread (see `loadCompilerSoon`). */
const COMPILER_DELAY_MS = 2000;
/** One load per extension host, whatever the number of folders. */
let compilerRequested = false;

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
  /** The scan's ledger with the writes since patched in; `current.ledger` is its report. */
  private scannedLedger: ScannedLedger | undefined;
  private ledgerEntries: readonly LedgerEntry[] = [];
  private ledgerDiagnostics: readonly LedgerDiagnostic[] = [];
  /** Counts what changed the entries: a read of the files started before a write must not undo it. */
  private ledgerGeneration = 0;
  /** One store per root and folder: it re-reads only the entry files that changed since its last read. */
  private store: { readonly root: string; readonly folder: string; readonly store: InstanceType<Engine['LedgerStore']> } | undefined;
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

  /**
   * The latest complete scan's working data, as it published it: a new object only with a new scan
   * (what the Branch view's review follows). The ledger's anchors as resolved since are {@link resolutions}.
   */
  get details(): ScanDetails | undefined {
    return this.scanDetails;
  }

  /**
   * Each entry's anchor resolutions, parallel to its anchors, by id: as the last scan found them, with
   * the ledger writes made since patched in. An entry missing here is taken at its stored anchors.
   */
  get resolutions(): ReadonlyMap<string, readonly AnchorResolution[]> {
    return this.scannedLedger?.resolutions ?? NO_RESOLUTIONS;
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
    const phases = new PhaseClock();
    const generation = this.ledgerGeneration;
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
          phases.see(update);
          this.setStatus({ kind: 'scanning', phase: update.phase, done: update.done, total: update.total });
          const fraction = phaseFraction(update);
          report(progressMessage(update), Math.max(0, (fraction - lastFraction) * 100));
          lastFraction = Math.max(lastFraction, fraction);
        },
        // The first scan of a session shows files before X-Ray's function history is in: file lenses
        // and the trees need not wait for it. A rescan keeps the complete report it has until its own is.
        onPreview: (preview) => {
          if (controller.signal.aborted || this.disposed || this.current !== undefined) {
            return;
          }
          this.current = preview.report;
          this.scannedLedger = preview.details.ledger;
          if (generation === this.ledgerGeneration) {
            this.ledgerEntries = preview.details.ledger.entries;
            this.ledgerDiagnostics = preview.details.ledger.report.diagnostics;
          }
          this.host.log.info(`${this.folder.name}: files ranked in ${Date.now() - started} ms; function history follows`);
          this._onDidChange.fire();
        },
        logger: { info: (message) => this.host.log.info(`${this.folder.name}: ${message}`), warn: (message) => this.host.log.warn(`${this.folder.name}: ${message}`) },
      });
      if (controller.signal.aborted || this.disposed) {
        return;
      }
      this.current = result;
      this.scanDetails = details;
      this.scannedLedger = details.ledger;
      for (const warning of result.warnings) {
        this.host.log.warn(`${this.folder.name}: ${warning}`);
      }
      this.warnOnceIfShallow(result);
      this.host.log.info(
        `${this.folder.name}: ${result.stats.commits} commits, ${result.stats.rankedFiles} ranked files, ${result.stats.significantFiles} significant hotspots, ` +
          `${result.ledger.entries.length} debt entries (${result.stats.cache} cache, ${Date.now() - started} ms${phases.summary()})`,
      );
      // The scan read the ledger already: no second read, unless a write came while it ran (it may
      // have read the files before it): then the files say what the entries are until the rescan.
      this.adoptLedger(details.ledger.entries, details.ledger.report.diagnostics);
      this.setStatus({ kind: 'ready' });
      this.loadCompilerSoon(engine);
      if (generation !== this.ledgerGeneration) {
        await this.reloadLedger();
      }
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
   * Re-reads the ledger files (no git) when they change on disk, or before a command that needs the
   * latest. Only changed files are read, and the views hear of it only when an entry or a problem
   * changed: the echo of a write this extension already applied is silent. The report's resolved
   * anchors and interest are refreshed by the next scan.
   */
  async reloadLedger(notify = true): Promise<void> {
    let changed = false;
    try {
      const store = this.ledgerStore();
      let generation: number;
      let snapshot: Awaited<ReturnType<typeof store.load>>;
      do {
        generation = this.ledgerGeneration;
        snapshot = await store.load();
        // A write applied meanwhile may not be in what was read: read again.
      } while (generation !== this.ledgerGeneration);
      changed = JSON.stringify([snapshot.entries, snapshot.diagnostics]) !== JSON.stringify([this.ledgerEntries, this.ledgerDiagnostics]);
      if (changed) {
        this.adoptLedger(snapshot.entries, snapshot.diagnostics);
      }
    } catch (error) {
      this.host.log.error(`${this.folder.name}: could not read the debt ledger`, error);
    }
    if (notify && changed) {
      this._onDidChange.fire();
    }
  }

  /**
   * A write this extension made to the ledger, shown at once: the entries and the scan's resolved
   * ledger are patched with what the command knows (see `patchScannedLedger`), nothing is read back,
   * and the views hear of it once. When rewritten anchors put a function where the report does not
   * have it, the file changed on disk since it was measured: it is measured again (one parse, as on
   * save) so lenses and the impact panel place the function where the anchor now says. No scan runs;
   * the quiet rescan that follows refreshes interest and priority.
   */
  async applyLedgerWrite(write: LedgerWrite): Promise<void> {
    this.ledgerGeneration++;
    const texts = new Map<string, string>();
    for (const rel of this.current === undefined ? [] : staleFiles(this.current, write)) {
      const text = await fs.readFile(path.join(this.root, ...rel.split('/')), 'utf8').catch(() => undefined);
      if (text !== undefined) {
        texts.set(rel, text);
      }
    }
    // Patched onto the state as it is now, which a save or a scan may have replaced meanwhile: an
    // entry the write replaces by id is the same entry again, whether or not that scan read it.
    // A write never adds or clears a problem of another file: the diagnostics stay.
    this.ledgerEntries = patchLedgerEntries(this.ledgerEntries, write);
    const report = this.current;
    const scanned = this.scannedLedger;
    if (report !== undefined && scanned !== undefined) {
      const ledger = patchScannedLedger(scanned, write);
      let patched: ScanReport = { ...report, ledger: ledger.report };
      for (const [rel, text] of texts) {
        patched = remeasured(patched, rel, text) ?? patched;
      }
      this.current = patched;
      this.scannedLedger = ledger;
    }
    this._onDidChange.fire();
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
    const root = this.root;
    const folder = readSettings(this.folder).ledgerFolder;
    if (this.store?.root !== root || this.store.folder !== folder) {
      this.store = { root, folder, store: new (loadEngine().LedgerStore)({ repoRoot: root, folder }) };
    }
    return this.store.store;
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
    const patched = remeasured(report, rel, document.getText());
    if (patched !== undefined) {
      this.current = patched;
      this._onDidChange.fire();
    }
  }

  private compilerTimer: ReturnType<typeof setTimeout> | undefined;

  /**
   * The first scan leaves the compiler unloaded on this thread (its worker parses); the first save,
   * Tag Selection or anchor update would load it (a few hundred ms). It loads a moment after the
   * scan's lenses are up instead, when nothing waits for it; once per session.
   */
  private loadCompilerSoon(engine: Engine): void {
    if (compilerRequested) {
      return;
    }
    compilerRequested = true;
    this.compilerTimer = setTimeout(() => {
      this.compilerTimer = undefined;
      try {
        const started = performance.now();
        engine.loadCompiler();
        this.host.log.info(`TypeScript compiler loaded in ${(performance.now() - started).toFixed(0)} ms`);
      } catch (error) {
        this.host.log.error('could not load the TypeScript compiler', error);
      }
    }, COMPILER_DELAY_MS);
    this.register({
      dispose: () => {
        if (this.compilerTimer !== undefined) {
          // Not loaded yet: another folder's scan may ask again.
          clearTimeout(this.compilerTimer);
          compilerRequested = false;
        }
      },
    });
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

/**
 * The report with one file measured again from `text` (one parse, no git); undefined when the report
 * does not list the file or the text does not parse (the last good measurement stays). Each function
 * keeps its X-Ray history and standing (by name, in order) until the next scan; ranks and history wait
 * for it too.
 */
function remeasured(report: ScanReport, rel: string, text: string): ScanReport | undefined {
  const index = report.files.findIndex((candidate) => candidate.path === rel);
  const file = report.files[index];
  if (file === undefined) {
    return undefined;
  }
  const analysis = loadEngine().analyzeFile(rel, text);
  if (analysis.parseError) {
    return undefined;
  }
  const previous = new Map<string, FunctionReport[]>();
  for (const fn of file.functions) {
    previous.set(fn.name, [...(previous.get(fn.name) ?? []), fn]);
  }
  const functions = analysis.functions.map((fn): FunctionReport => {
    const before = previous.get(fn.name)?.shift();
    const history = file.xray ? ((before && functionHistoryOf(before)) ?? UNTOUCHED_FUNCTION) : undefined;
    const standing = before?.rank != null && before.percentile != null ? { rank: before.rank, percentile: before.percentile, significant: before.significant } : undefined;
    return toFunctionReport(fn, history, standing);
  });
  const patched: FileReport = { ...file, loc: analysis.loc, cyclomatic: analysis.cyclomatic, cognitive: analysis.cognitive, functions };
  const files = [...report.files];
  files[index] = patched;
  return { ...report, files };
}

/**
 * Files whose measured functions disagree with symbol anchors a write just resolved: the file changed
 * on disk (not saved in the editor) since the report measured it.
 */
function staleFiles(report: ScanReport, write: LedgerWrite): Set<string> {
  const stale = new Set<string>();
  for (const { resolutions } of write.written) {
    for (const resolution of resolutions ?? []) {
      if (resolution.status !== 'resolved' || resolution.anchor.symbol === undefined || resolution.anchor.lines === undefined) {
        continue;
      }
      const { path: rel, symbol, lines } = resolution.anchor;
      const fn = findFunction(report.files.find((file) => file.path === rel), symbol, lines[0]);
      if (fn !== undefined && (fn.startLine !== lines[0] || fn.endLine !== lines[1])) {
        stale.add(rel);
      }
    }
  }
  return stale;
}

/** When each phase of a scan was first and last heard of: the log says where a slow scan spent its time. */
class PhaseClock {
  private readonly spans = new Map<ScanProgress['phase'], [number, number]>();

  see(update: ScanProgress): void {
    const now = Date.now();
    const span = this.spans.get(update.phase);
    if (span) {
      span[1] = now;
    } else {
      this.spans.set(update.phase, [now, now]);
    }
  }

  /** `; git history 1.2 s, measuring files 3.0 s, …`, phases in the order heard; empty when none was. */
  summary(): string {
    const parts = [...this.spans].filter(([phase]) => phase !== 'report').map(([phase, [from, to]]) => `${PHASE_NAMES[phase]} ${((to - from) / 1000).toFixed(1)} s`);
    return parts.length === 0 ? '' : `; ${parts.join(', ')}`;
  }
}

const PHASE_NAMES: Record<ScanProgress['phase'], string> = {
  history: 'git history',
  metrics: 'measuring files',
  xray: 'function history',
  report: 'ranking',
};

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
