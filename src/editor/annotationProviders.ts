import type * as vscode from 'vscode';
import type { EngineRegistry } from './engineRegistry';

export function registerAnnotations(_context: vscode.ExtensionContext, _registry: EngineRegistry, _log: vscode.LogOutputChannel): vscode.Disposable[] {
  return [];
}
