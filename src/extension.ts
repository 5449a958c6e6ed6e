import * as vscode from 'vscode';
import { registerScanWorkspaceCommand } from './editor/scanWorkspaceCommand';

export function activate(context: vscode.ExtensionContext): void {
  const log = vscode.window.createOutputChannel('Debt Lens', { log: true });
  context.subscriptions.push(log, registerScanWorkspaceCommand(context, log));
}

export function deactivate(): void {}
