import * as vscode from 'vscode';
import type { BacklogLookups } from './backlogLookup';
import { BacklogTitles, backlogRoots } from './backlogTree';
import type { BranchReviews } from './branchReviews';
import { BRANCH_VIEW_ID } from './branchReviews';
import { branchRoots } from './branchTree';
import { DebtTree } from './debtTree';
import type { EngineRegistry } from './engineRegistry';
import { hotspotRoots } from './hotspotsTree';
import { NodeTreeProvider } from './nodeTreeProvider';
import { readSettings, SETTINGS_SECTION } from './settings';

export interface DebtLensTrees {
  readonly hotspots: NodeTreeProvider;
  readonly debt: NodeTreeProvider;
  readonly backlog: NodeTreeProvider;
  readonly branch: NodeTreeProvider;
}

/**
 * The four views of the Debt Lens container, and the context keys their welcome content and menus
 * read (`debtLens.state`, `debtLens.hasEntries`, `debtLens.debtGrouping`).
 */
export function registerTrees(
  _context: vscode.ExtensionContext,
  registry: EngineRegistry,
  _log: vscode.LogOutputChannel,
  lookups: BacklogLookups,
  reviews: BranchReviews,
): { disposables: vscode.Disposable[]; trees: DebtLensTrees } {
  const debt = new DebtTree(registry);
  const titles = new BacklogTitles(lookups);
  const trees: DebtLensTrees = {
    hotspots: new NodeTreeProvider(() => hotspotRoots(registry)),
    debt: new NodeTreeProvider(() => debt.roots()),
    backlog: new NodeTreeProvider(() => backlogRoots(registry, titles)),
    branch: new NodeTreeProvider(() => branchRoots(registry, reviews)),
  };
  const refresh = (): void => {
    updateContextKeys(registry);
    trees.hotspots.refresh();
    trees.debt.refresh();
    trees.backlog.refresh();
    trees.branch.refresh();
  };
  const branchView = vscode.window.createTreeView(BRANCH_VIEW_ID, { treeDataProvider: trees.branch, showCollapseAll: true });
  reviews.setVisible(branchView.visible);
  updateContextKeys(registry);
  const disposables: vscode.Disposable[] = [
    trees.hotspots,
    trees.debt,
    trees.backlog,
    trees.branch,
    titles,
    titles.onDidChange(() => trees.backlog.refresh()),
    vscode.window.createTreeView('debtLens.hotspots', { treeDataProvider: trees.hotspots, showCollapseAll: true }),
    vscode.window.createTreeView('debtLens.debt', { treeDataProvider: trees.debt, showCollapseAll: true }),
    vscode.window.createTreeView('debtLens.backlog', { treeDataProvider: trees.backlog, showCollapseAll: true }),
    branchView,
    // Reviews run after a scan only while the view shows them; shown again, it catches up.
    branchView.onDidChangeVisibility((event) => reviews.setVisible(event.visible)),
    reviews.onDidChange(() => trees.branch.refresh()),
    registry.onDidChange(refresh),
    vscode.workspace.onDidGrantWorkspaceTrust(refresh),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (['debtTree', 'hotspots'].some((key) => event.affectsConfiguration(`${SETTINGS_SECTION}.${key}`))) {
        refresh();
      }
    }),
  ];
  return { disposables, trees };
}

/** One state for the whole workspace, the most useful to explain: a report beats a failure beats a scan in progress. */
function updateContextKeys(registry: EngineRegistry): void {
  const engines = registry.all;
  const statuses = engines.map((engine) => engine.status.kind);
  const state = !vscode.workspace.isTrusted
    ? 'untrusted'
    : engines.some((engine) => engine.report !== undefined)
      ? 'ready'
      : statuses.includes('scanning')
        ? 'scanning'
        : statuses.includes('failed')
          ? 'failed'
          : statuses.length > 0 && statuses.every((status) => status === 'not-git')
            ? 'not-git'
            : 'idle';
  void vscode.commands.executeCommand('setContext', 'debtLens.state', state);
  void vscode.commands.executeCommand('setContext', 'debtLens.hasEntries', engines.some((engine) => engine.entries.length > 0));
  void vscode.commands.executeCommand('setContext', 'debtLens.debtGrouping', engines[0] ? readSettings(engines[0].folder).debtGrouping : 'status');
}
