import * as vscode from 'vscode';
import type { EngineRegistry } from './engineRegistry';
import { registerGuardedCommand, UserFacingError } from './guardedCommand';
import { SETTINGS_SECTION } from './settings';

/** Scan Workspace, Show Log, the CodeLens and highlight toggles, and the Tech Debt view's grouping. */
export function registerWorkspaceCommands(_context: vscode.ExtensionContext, registry: EngineRegistry, log: vscode.LogOutputChannel): vscode.Disposable[] {
  const toggle = (key: string, label: string) => async (): Promise<void> => {
    const config = vscode.workspace.getConfiguration(SETTINGS_SECTION);
    const next = !config.get<boolean>(key, true);
    await config.update(key, next, vscode.ConfigurationTarget.Global);
    vscode.window.setStatusBarMessage(`Debt Lens: ${label} ${next ? 'on' : 'off'}`, 3000);
  };
  // A view preference: kept in the user's settings, not written into the repository's .vscode folder,
  // unless the workspace already sets it (its value would hide a user-level one).
  const group = (by: string) => (): Thenable<void> => {
    const config = vscode.workspace.getConfiguration(SETTINGS_SECTION);
    const inWorkspace = config.inspect('debtTree.groupBy')?.workspaceValue !== undefined;
    return config.update('debtTree.groupBy', by, inWorkspace ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global);
  };
  return [
    registerGuardedCommand('debtLens.scanWorkspace', log, async () => {
      if (!vscode.workspace.isTrusted) {
        throw new UserFacingError('Debt Lens does not run git in an untrusted workspace. Trust the workspace to scan it.');
      }
      if (registry.all.length === 0) {
        throw new UserFacingError('Open a folder to scan it with Debt Lens.');
      }
      await registry.scanAll('user');
    }),
    registerGuardedCommand('debtLens.showLog', log, () => log.show()),
    registerGuardedCommand('debtLens.toggleCodeLens', log, async () => {
      const config = vscode.workspace.getConfiguration(SETTINGS_SECTION);
      // One switch for both kinds: off when either is on, so the editor goes quiet at once.
      const next = !(config.get<boolean>('codeLens.hotspots', true) || config.get<boolean>('codeLens.debt', true));
      await config.update('codeLens.hotspots', next, vscode.ConfigurationTarget.Global);
      await config.update('codeLens.debt', next, vscode.ConfigurationTarget.Global);
      vscode.window.setStatusBarMessage(`Debt Lens: CodeLens ${next ? 'on' : 'off'}`, 3000);
    }),
    registerGuardedCommand('debtLens.toggleAnchorDecorations', log, toggle('decorations.anchors', 'anchor highlights')),
    registerGuardedCommand('debtLens.groupDebtByStatus', log, group('status')),
    registerGuardedCommand('debtLens.groupDebtBySeverity', log, group('severity')),
    registerGuardedCommand('debtLens.groupDebtByTag', log, group('tag')),
    registerGuardedCommand('debtLens.groupDebtByBacklog', log, group('backlog')),
  ];
}
