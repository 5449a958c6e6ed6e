import * as vscode from 'vscode';
import { EngineRegistry } from './editor/engineRegistry';
import { workspaceCommands } from './editor/workspaceCommands';
import type { AnchorHighlights, LensTimings } from './editor/annotationProviders';
import { registerAnnotations } from './editor/annotationProviders';
import type { DebtLensTrees } from './editor/debtLensTrees';
import { registerTrees } from './editor/debtLensTrees';
import { registerCommands } from './editor/guardedCommand';
import { StatusBar } from './editor/statusBar';
import { ledgerCommands } from './editor/ledgerCommands';
import { entryEditCommands } from './editor/entryEditCommands';
import { openCommands } from './editor/openCommands';
import { updateMovedAnchorsCommand } from './editor/updateMovedAnchorsCommand';
import { ImpactPanel, impactPanelCommands } from './editor/impactPanel';
import type { HotspotMapModel, ImpactViewModel } from './editor/impactViewModel';
import { BacklogLookups } from './editor/backlogLookup';
import { trackerCommands } from './editor/trackerCommands';
import { exportReportCommand } from './editor/exportReportCommand';
import { BranchReviews, reviewBranchCommand } from './editor/branchReviews';

/**
 * Activation stays light: it wires providers, views and commands to the folders' engines and
 * returns. The engine itself (`dist/engine.js`, with the TypeScript compiler) is required by the
 * first scan, which starts once activation is over.
 */
/** What `activate` returns: for the in-host tests and for other extensions that read the scan. */
export interface DebtLensApi {
  readonly registry: EngineRegistry;
  readonly trees: DebtLensTrees;
  /** Each folder's review of its branch (the Branch view and the changed-function lenses). */
  readonly reviews: BranchReviews;
  /** Resolves once no scan runs and none is scheduled. */
  whenIdle(): Promise<void>;
  /** Milliseconds each CodeLens request took, latest last. */
  codeLensTimings(): LensTimings;
  /** The debt-anchored line ranges highlighted in the visible editors of `uri` (gutter and ruler marks). */
  anchorHighlights(uri: vscode.Uri): AnchorHighlights;
  /** What the impact panel shows now (the model its page was last sent); undefined while it is closed. */
  impactPanelModel(): ImpactViewModel | HotspotMapModel | undefined;
}

export function activate(context: vscode.ExtensionContext): DebtLensApi {
  const activatedAt = performance.now();
  const log = vscode.window.createOutputChannel('Debt Lens', { log: true });
  const host = {
    // Global storage, one cache file per repository root: the cache survives a repository opened from
    // another workspace (or a remote whose address changed), and never lands in the repository.
    storagePath: context.globalStorageUri.fsPath,
    distPath: vscode.Uri.joinPath(context.extensionUri, 'dist').fsPath,
    log,
  };
  const registry = new EngineRegistry(host);
  const reviews = new BranchReviews(registry, host);
  // Live backlog lookups, one answer cache per folder for the Backlog view and the impact panel.
  const lookups = new BacklogLookups(context, log);
  const views = registerTrees(context, registry, log, lookups, reviews);
  const annotations = registerAnnotations(context, registry, log, activatedAt, reviews);
  const impactPanel = new ImpactPanel(context, registry, log, lookups);
  context.subscriptions.push(
    log,
    registry,
    reviews,
    lookups,
    ...annotations.disposables,
    ...views.disposables,
    new StatusBar(registry),
    impactPanel,
    // One handler per command of the table, or the build fails; a unit test holds the table equal to package.json.
    ...registerCommands(
      {
        ...workspaceCommands(registry, log),
        ...ledgerCommands(registry, log),
        ...entryEditCommands(registry, log),
        ...openCommands(registry, log),
        ...updateMovedAnchorsCommand(registry, log),
        ...impactPanelCommands(impactPanel),
        ...trackerCommands(context, log),
        ...exportReportCommand(context, registry, log),
        ...reviewBranchCommand(reviews),
      },
      log,
    ),
  );
  log.info(`activated in ${(performance.now() - activatedAt).toFixed(1)} ms`);
  // The first scans start after activation returns, in the background.
  const timer = setTimeout(() => registry.startupScans(), 0);
  context.subscriptions.push({ dispose: () => clearTimeout(timer) });
  return {
    registry,
    reviews,
    trees: views.trees,
    whenIdle: () => registry.whenIdle(),
    codeLensTimings: annotations.lensTimings,
    anchorHighlights: annotations.anchorHighlights,
    impactPanelModel: () => impactPanel.shownModel,
  };
}

export function deactivate(): void {}
