import type * as vscode from 'vscode';
import type { EngineRegistry } from './engineRegistry';

export class StatusBar implements vscode.Disposable {
  constructor(_registry: EngineRegistry) {}
  dispose(): void {}
}
