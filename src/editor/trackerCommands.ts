import type * as vscode from 'vscode';

export function registerTrackerCommands(_context: vscode.ExtensionContext, _log: vscode.LogOutputChannel): vscode.Disposable[] {
  return [];
}
