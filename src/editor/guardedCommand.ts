import * as vscode from 'vscode';
import type { CommandHandler, CommandHandlers, CommandId, CommandName } from './commandTable';
import { COMMANDS } from './commandTable';

/** A failure meant for the user as it is: one short sentence, no stack, nothing more in the log. */
export class UserFacingError extends Error {
  override readonly name = 'UserFacingError';
}

/** Registers every command of the table with its handler, each guarded as {@link registerGuardedCommand} says. */
export function registerCommands(handlers: CommandHandlers, log: vscode.LogOutputChannel): vscode.Disposable[] {
  return (Object.keys(COMMANDS) as CommandName[]).map((name) => registerGuardedCommand(COMMANDS[name], log, handlers[name]));
}

/**
 * Registers a command whose failures are logged in full to the Debt Lens log and shown to the user
 * as one short message with a way to the log; a command never fails silently or with a raw stack.
 */
function registerGuardedCommand(id: CommandId, log: vscode.LogOutputChannel, handler: CommandHandler): vscode.Disposable {
  return vscode.commands.registerCommand(id, async (...args: unknown[]) => {
    try {
      return await handler(...args);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      if (error instanceof UserFacingError) {
        log.warn(`${id}: ${message}`);
        void vscode.window.showWarningMessage(message);
        return undefined;
      }
      log.error(`${id} failed`, error);
      void vscode.window.showErrorMessage(`Debt Lens: ${firstLine(message)}`, 'Show Log').then((choice) => {
        if (choice === 'Show Log') {
          log.show();
        }
      });
      return undefined;
    }
  });
}

function firstLine(text: string): string {
  const line = text.split('\n', 1)[0] ?? '';
  return line.length > 200 ? `${line.slice(0, 199)}…` : line;
}
