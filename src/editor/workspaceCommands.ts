import * as vscode from 'vscode';
import type { CommandHandlers } from './commandTable';
import type { EngineRegistry } from './engineRegistry';
import { UserFacingError } from './guardedCommand';
import { SETTINGS_SECTION } from './settings';

type WorkspaceCommandName = 'scanWorkspace' | 'showLog' | 'toggleCodeLens' | 'toggleAnchorDecorations' | 'groupDebtByStatus' | 'groupDebtBySeverity' | 'groupDebtByTag' | 'groupDebtByBacklog';

/** Scan Workspace, Show Log, the CodeLens and highlight toggles, and the Tech Debt view's grouping. */
export function workspaceCommands(registry: EngineRegistry, log: vscode.LogOutputChannel): Pick<CommandHandlers, WorkspaceCommandName> {
  const toggle = (key: string, label: string) => async (): Promise<void> => {
    const next = !vscode.workspace.getConfiguration(SETTINGS_SECTION).get<boolean>(key, true);
    await writePreference(key, next);
    vscode.window.setStatusBarMessage(`Debt Lens: ${label} ${next ? 'on' : 'off'}`, 3000);
  };
  const group = (by: string) => (): Thenable<void> => writePreference('debtTree.groupBy', by);
  return {
    scanWorkspace: async () => {
      if (!vscode.workspace.isTrusted) {
        throw new UserFacingError('Debt Lens does not run git in an untrusted workspace. Trust the workspace to scan it.');
      }
      if (registry.all.length === 0) {
        throw new UserFacingError('Open a folder to scan it with Debt Lens.');
      }
      await registry.scanAll('user');
    },
    showLog: () => log.show(),
    toggleCodeLens: async () => {
      const config = vscode.workspace.getConfiguration(SETTINGS_SECTION);
      // One switch for both kinds: off when either is on, so the editor goes quiet at once.
      const next = !(config.get<boolean>('codeLens.hotspots', true) || config.get<boolean>('codeLens.debt', true));
      await writePreference('codeLens.hotspots', next);
      await writePreference('codeLens.debt', next);
      vscode.window.setStatusBarMessage(`Debt Lens: CodeLens ${next ? 'on' : 'off'}`, 3000);
    },
    toggleAnchorDecorations: toggle('decorations.anchors', 'anchor highlights'),
    groupDebtByStatus: group('status'),
    groupDebtBySeverity: group('severity'),
    groupDebtByTag: group('tag'),
    groupDebtByBacklog: group('backlog'),
  };
}

/**
 * Writes a view preference into the user's settings, not into the repository's .vscode folder, unless
 * the workspace already sets it (its value would hide a user-level one). Back at its default, the
 * user-level value is removed rather than written out.
 */
function writePreference(key: string, value: unknown): Thenable<void> {
  const config = vscode.workspace.getConfiguration(SETTINGS_SECTION);
  const inspected = config.inspect(key);
  if (inspected?.workspaceValue !== undefined) {
    return config.update(key, value, vscode.ConfigurationTarget.Workspace);
  }
  return config.update(key, value === inspected?.defaultValue ? undefined : value, vscode.ConfigurationTarget.Global);
}
