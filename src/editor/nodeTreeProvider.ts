import * as vscode from 'vscode';
import type { CommandTarget, HasTarget } from './commandTarget';
import { Disposable } from './disposable';
import type { FolderEngine } from './folderEngine';

/** One row of a Debt Lens view: plain data, rebuilt from the cached scan on every refresh. */
export interface TreeNode extends HasTarget {
  /** Stable across refreshes (folder, kind and key), so expansion and selection survive a rescan. */
  readonly id: string;
  readonly label: string;
  readonly description?: string;
  readonly tooltip?: string | vscode.MarkdownString;
  readonly contextValue?: string;
  readonly icon?: vscode.ThemeIcon;
  readonly command?: vscode.Command;
  readonly target?: CommandTarget;
  /** Present for rows that expand; may be slow (the markers harvest runs git blame). */
  readonly children?: () => TreeNode[] | Promise<TreeNode[]>;
  readonly expanded?: boolean;
}

/**
 * A tree of {@link TreeNode}s: `roots` builds the top rows from cached state, `refresh` re-asks the
 * view. Children are computed when a row expands, never ahead of it.
 */
export class NodeTreeProvider extends Disposable implements vscode.TreeDataProvider<TreeNode> {
  private readonly _onDidChangeTreeData = this.register(new vscode.EventEmitter<TreeNode | undefined>());
  readonly onDidChangeTreeData = this._onDidChangeTreeData.event;

  constructor(private readonly roots: () => TreeNode[] | Promise<TreeNode[]>) {
    super();
  }

  refresh(): void {
    this._onDidChangeTreeData.fire(undefined);
  }

  getTreeItem(node: TreeNode): vscode.TreeItem {
    const state = node.children
      ? node.expanded
        ? vscode.TreeItemCollapsibleState.Expanded
        : vscode.TreeItemCollapsibleState.Collapsed
      : vscode.TreeItemCollapsibleState.None;
    const item = new vscode.TreeItem(node.label, state);
    item.id = node.id;
    item.description = node.description;
    item.tooltip = node.tooltip;
    item.contextValue = node.contextValue;
    item.iconPath = node.icon;
    item.command = node.command;
    return item;
  }

  async getChildren(node?: TreeNode): Promise<TreeNode[]> {
    return node ? ((await node.children?.()) ?? []) : await this.roots();
  }
}

/** Opens a repository file at a 1-based line (tree rows and the impact panel). */
export function revealCommand(uri: vscode.Uri, line?: number): vscode.Command {
  const position = Math.max(0, (line ?? 1) - 1);
  return {
    command: 'vscode.open',
    title: 'Open',
    arguments: [uri, { selection: new vscode.Range(position, 0, position, 0), preserveFocus: false } satisfies vscode.TextDocumentShowOptions],
  };
}

/**
 * The top rows of a view: with one workspace folder its own rows, else one expanded row per folder
 * (`<view>:<folder uri>`) holding them, so a multi-root workspace keeps each folder's numbers apart.
 */
export function folderRoots(
  view: string,
  engines: readonly FolderEngine[],
  rows: (engine: FolderEngine) => TreeNode[],
  describe?: (engine: FolderEngine) => string,
): TreeNode[] {
  const [only] = engines;
  if (only !== undefined && engines.length === 1) {
    return rows(only);
  }
  return engines.map((engine) => ({
    id: `${view}:${engine.folder.uri.toString()}`,
    label: engine.folder.name,
    description: describe?.(engine),
    icon: new vscode.ThemeIcon('root-folder'),
    expanded: true,
    children: () => rows(engine),
  }));
}
