import * as vscode from 'vscode';
import { findFunction } from './annotations';
import type { BranchReviews } from './branchReviews';
import type { BranchRow, LocateFunction } from './branchViewModel';
import { branchRows } from './branchViewModel';
import { COMMANDS } from './commandTable';
import type { CommandTarget } from './commandTarget';
import { targetCommand } from './commandTarget';
import type { EngineRegistry } from './engineRegistry';
import type { FolderEngine } from './folderEngine';
import type { TreeNode } from './nodeTreeProvider';
import { folderRoots, revealCommand } from './nodeTreeProvider';

/** Rows of the Branch view: each folder's review (folders first when the workspace has several). */
export function branchRoots(registry: EngineRegistry, reviews: BranchReviews): TreeNode[] {
  return folderRoots('branch', registry.all, (engine) => branchRows(reviews.stateOf(engine), locator(engine)).map((row) => node(engine, row)), (engine) => folderDescription(reviews, engine));
}

function folderDescription(reviews: BranchReviews, engine: FolderEngine): string {
  const state = reviews.stateOf(engine);
  switch (state.kind) {
    case 'ready':
      return state.report.verdict;
    case 'running':
      return 'reviewing…';
    case 'none':
      return 'not reviewed';
    case 'no-base':
      return 'no base';
    case 'failed':
      return 'review failed';
  }
}

/** Where the folder's scan, patched on every save, puts a function now. */
function locator(engine: FolderEngine): LocateFunction {
  return (path, name, near) => findFunction(engine.fileReport(path), name, near)?.startLine;
}

function node(engine: FolderEngine, row: BranchRow): TreeNode {
  const folder = engine.folder.uri.toString();
  const target = targetOf(folder, row);
  const children = row.children;
  return {
    id: `branch:${folder}:${row.key}`,
    label: row.label,
    description: row.description,
    tooltip: row.tooltip,
    contextValue: row.contextValue,
    icon: new vscode.ThemeIcon(row.icon),
    command: commandOf(engine, row),
    target,
    children: children === undefined ? undefined : () => children.map((child) => node(engine, child)),
    expanded: children !== undefined,
  };
}

function targetOf(folder: string, row: BranchRow): CommandTarget | undefined {
  const subject = row.subject;
  switch (subject?.kind) {
    case 'symbol':
      return { kind: 'symbol', folder, path: subject.path, symbol: subject.name, line: subject.line };
    case 'entry':
      return { kind: 'entry', folder, id: subject.id };
    case 'backlog':
      return { kind: 'backlog', folder, ref: subject.ref };
    default:
      return undefined;
  }
}

function commandOf(engine: FolderEngine, row: BranchRow): vscode.Command | undefined {
  const action = row.action;
  const folder = engine.folder.uri.toString();
  switch (action?.kind) {
    case 'open':
      return revealCommand(engine.uriOf(action.path), action.line);
    case 'entry':
      return targetCommand(COMMANDS.openEntry, 'Open Entry', { kind: 'entry', folder, id: action.id });
    case 'backlog':
      return targetCommand(COMMANDS.openBacklogItem, 'Open Backlog Item', { kind: 'backlog', folder, ref: action.ref });
    case 'showLog':
      return { command: COMMANDS.showLog, title: 'Show Log' };
    default:
      return undefined;
  }
}
