import * as path from 'node:path';
import * as vscode from 'vscode';
import type { FunctionChangeReport, ReviewReport } from '../core/review/reviewReport';
import type { BranchReviewState } from './branchViewModel';
import type { CommandHandlers } from './commandTable';
import { Disposable } from './disposable';
import type { Engine } from './engineBundle';
import type { EngineRegistry } from './engineRegistry';
import type { FolderEngine, FolderEngineHost } from './folderEngine';
import { progressMessage } from './folderEngine';
import { UserFacingError } from './guardedCommand';
import { loadEngine } from './loadEngine';
import { readSettings, scanOptionsOf, SETTINGS_SECTION } from './settings';

export const BRANCH_VIEW_ID = 'debtLens.branch';

/** A user's request shows a cancellable notification; a refresh after a scan shows on the view only. */
export type ReviewReason = 'user' | 'refresh';

/** How a review ended: a state to show, or cancelled (what was shown before stays). */
type ReviewOutcome = Extract<BranchReviewState, { kind: 'ready' | 'no-base' | 'failed' }> | { readonly kind: 'cancelled' };

interface Slot {
  state: BranchReviewState;
  running: { readonly controller: AbortController; readonly done: Promise<void> } | undefined;
}

/**
 * Each folder's review of its branch (`debt-lens review` in the editor): run on request, and again
 * after a scan (HEAD moved, the ledger or a setting changed) while the Branch view is visible; when
 * it is hidden the review waits until it shows again. A new review of a folder aborts the one before
 * it. Nothing runs git in an untrusted workspace.
 */
export class BranchReviews extends Disposable {
  private readonly _onDidChange = this.register(new vscode.EventEmitter<FolderEngine | undefined>());
  /** Fires with the folder whose review changed state. */
  readonly onDidChange = this._onDidChange.event;
  private readonly slots = new Map<string, Slot>();
  /** The scan each folder's review last followed (its details object): a newer one makes the review stale. */
  private readonly followed = new Map<string, unknown>();
  private readonly stale = new Set<string>();
  private visible = false;

  constructor(
    private readonly registry: EngineRegistry,
    private readonly host: FolderEngineHost,
  ) {
    super();
    // Disposed before the emitter: the reviews in flight stop and publish nothing.
    this.register({
      dispose: () => {
        for (const slot of this.slots.values()) {
          slot.running?.controller.abort();
        }
      },
    });
    this.register(registry.onDidChange((engine) => (engine === undefined ? this.forgetRemovedFolders() : this.followScan(engine))));
    this.register(
      vscode.workspace.onDidChangeConfiguration((event) => {
        for (const engine of registry.all) {
          if (event.affectsConfiguration(`${SETTINGS_SECTION}.review`, engine.folder) && this.slots.has(keyOf(engine))) {
            this.markStale(engine);
          }
        }
      }),
    );
  }

  stateOf(engine: FolderEngine): BranchReviewState {
    return this.slots.get(keyOf(engine))?.state ?? { kind: 'none' };
  }

  get isReviewing(): boolean {
    return [...this.slots.values()].some((slot) => slot.running !== undefined);
  }

  /**
   * The changed functions the lenses may speak of: those of a review of the commit the folder's scan
   * is at. After a commit or checkout, until the next review, there are none: no lens tells of a
   * branch that is no longer checked out.
   */
  changedFunctions(engine: FolderEngine): readonly FunctionChangeReport[] {
    const state = this.stateOf(engine);
    const report = state.kind === 'ready' ? state.report : state.kind === 'running' ? state.previous : undefined;
    if (report === undefined || (engine.report !== undefined && engine.report.head !== report.head)) {
      return [];
    }
    return report.functions;
  }

  /** The Branch view shows or hides: on showing, the reviews a scan made stale (or never run) are run. */
  setVisible(visible: boolean): void {
    this.visible = visible;
    if (!visible || !vscode.workspace.isTrusted) {
      return;
    }
    for (const engine of this.registry.all) {
      const key = keyOf(engine);
      if (engine.details !== undefined && (this.stale.has(key) || !this.slots.has(key))) {
        void this.review(engine, 'refresh');
      }
    }
  }

  /** Reviews every folder, one after another, as the user asked; the verdicts, in the folders' order. */
  async reviewAll(): Promise<(ReviewReport['verdict'] | undefined)[]> {
    if (!vscode.workspace.isTrusted) {
      throw new UserFacingError('Debt Lens does not run git in an untrusted workspace. Trust the workspace to review its branch.');
    }
    if (this.registry.all.length === 0) {
      throw new UserFacingError('Open a folder to review its branch with Debt Lens.');
    }
    const verdicts: (ReviewReport['verdict'] | undefined)[] = [];
    for (const engine of this.registry.all) {
      verdicts.push((await this.review(engine, 'user'))?.verdict);
    }
    return verdicts;
  }

  /**
   * Reviews the folder's branch against its base (`debtLens.review.base`, else the review's own
   * choice). Resolves with the report, or undefined when it was cancelled, superseded or failed (the
   * state says which).
   */
  async review(engine: FolderEngine, reason: ReviewReason): Promise<ReviewReport | undefined> {
    if (!vscode.workspace.isTrusted) {
      return undefined;
    }
    const key = keyOf(engine);
    const slot = this.slots.get(key) ?? { state: { kind: 'none' }, running: undefined };
    this.slots.set(key, slot);
    slot.running?.controller.abort();
    const previous = slot.running?.done;
    const controller = new AbortController();
    let finish!: () => void;
    const done = new Promise<void>((resolve) => (finish = resolve));
    slot.running = { controller, done };
    this.stale.delete(key);
    this.followed.set(key, engine.details);
    try {
      // The aborted review lets go of its checkouts (shared between reviews) before this one starts.
      await previous;
      if (controller.signal.aborted) {
        return undefined;
      }
      const shown = slot.state.kind === 'ready' ? slot.state.report : slot.state.kind === 'running' ? slot.state.previous : undefined;
      this.setState(engine, slot, { kind: 'running', previous: shown });
      const title = `Debt Lens: reviewing the branch of ${engine.folder.name}`;
      const location = reason === 'user' ? vscode.ProgressLocation.Notification : { viewId: BRANCH_VIEW_ID };
      const outcome = await vscode.window.withProgress({ location, title, cancellable: reason === 'user' }, async (progress, token) => {
        const cancel = token.onCancellationRequested(() => controller.abort());
        try {
          return await this.runReview(engine, controller.signal, (message) => progress.report({ message }));
        } finally {
          cancel.dispose();
        }
      });
      if (outcome.kind === 'cancelled' || controller.signal.aborted || this.disposed) {
        if (slot.running?.controller === controller) {
          this.setState(engine, slot, shown === undefined ? { kind: 'none' } : { kind: 'ready', report: shown });
        }
        return undefined;
      }
      this.setState(engine, slot, outcome);
      return outcome.kind === 'ready' ? outcome.report : undefined;
    } finally {
      if (slot.running?.controller === controller) {
        slot.running = undefined;
      }
      finish();
    }
  }

  private async runReview(engine: FolderEngine, signal: AbortSignal, report: (message: string) => void): Promise<ReviewOutcome> {
    const settings = readSettings(engine.folder);
    let core: Engine;
    try {
      core = loadEngine();
    } catch (error) {
      return this.failed(engine, `could not load the Debt Lens engine: ${(error as Error).message}`, error);
    }
    const cacheDir = path.join(this.host.storagePath, 'scan-cache');
    // The checkouts of base and head and the review's parse cache live beside the repository's scan
    // cache, as the CLI keeps them: the next review moves the checkouts and finds the caches warm.
    const beside = (root: string, name: string): string => path.join(path.dirname(core.cacheFileFor(cacheDir, root)), name);
    try {
      const result = await core.reviewBranch({
        cwd: engine.folder.uri.fsPath,
        now: new Date(),
        base: settings.reviewBase,
        ...scanOptionsOf(settings),
        cacheFile: (root) => core.cacheFileFor(cacheDir, root),
        checkoutDir: (root, side) => beside(root, `review-${side}`),
        headMetricsFile: (root) => beside(root, 'review-metrics.json'),
        // One worker thread parses the base, so the extension host's thread stays free for the editor.
        workerScript: path.join(this.host.distPath, 'editorParseWorker.js'),
        workers: 1,
        signal,
        onProgress: (update) => report(progressMessage(update)),
        logger: { info: (message) => this.host.log.info(`${engine.folder.name}: review: ${message}`), warn: (message) => this.host.log.warn(`${engine.folder.name}: review: ${message}`) },
      });
      for (const warning of result.warnings) {
        this.host.log.warn(`${engine.folder.name}: review: ${warning}`);
      }
      this.host.log.info(`${engine.folder.name}: review of ${result.head.slice(0, 8)} against ${result.base.slice(0, 8)} (${result.baseRef}): ${result.verdict} (${result.durationMs} ms)`);
      return { kind: 'ready', report: result };
    } catch (error) {
      if (error instanceof core.errors.CancelledError || signal.aborted) {
        this.host.log.info(`${engine.folder.name}: review cancelled`);
        return { kind: 'cancelled' };
      }
      if (error instanceof core.reviewErrors.NoReviewBaseError) {
        this.host.log.info(`${engine.folder.name}: review: ${(error as Error).message}`);
        return { kind: 'no-base', message: (error as Error).message, configuredBase: settings.reviewBase };
      }
      return this.failed(engine, (error as Error).message, error);
    }
  }

  private failed(engine: FolderEngine, message: string, error: unknown): { kind: 'failed'; message: string } {
    this.host.log.error(`${engine.folder.name}: review failed`, error);
    return { kind: 'failed', message };
  }

  /** A scan finished: a review that followed an older one is refreshed now if the view shows it, else marked stale. */
  private followScan(engine: FolderEngine): void {
    const key = keyOf(engine);
    if (engine.details === undefined || this.followed.get(key) === engine.details) {
      return;
    }
    this.followed.set(key, engine.details);
    if (!this.visible && !this.slots.has(key)) {
      return;
    }
    this.markStale(engine);
  }

  private markStale(engine: FolderEngine): void {
    if (this.visible && vscode.workspace.isTrusted) {
      void this.review(engine, 'refresh');
    } else {
      this.stale.add(keyOf(engine));
    }
  }

  private forgetRemovedFolders(): void {
    const present = new Set(this.registry.all.map(keyOf));
    for (const [key, slot] of this.slots) {
      if (!present.has(key)) {
        slot.running?.controller.abort();
        this.slots.delete(key);
        this.followed.delete(key);
        this.stale.delete(key);
      }
    }
    this._onDidChange.fire(undefined);
  }

  private setState(engine: FolderEngine, slot: Slot, state: BranchReviewState): void {
    slot.state = state;
    if (!this.disposed) {
      this._onDidChange.fire(engine);
    }
  }
}

function keyOf(engine: FolderEngine): string {
  return engine.folder.uri.toString();
}

/** Review Branch: every folder's branch against its base, under a cancellable notification. */
export function reviewBranchCommand(reviews: BranchReviews): Pick<CommandHandlers, 'reviewBranch'> {
  return { reviewBranch: () => reviews.reviewAll() };
}
