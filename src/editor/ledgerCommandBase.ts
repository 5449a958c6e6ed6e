import * as vscode from 'vscode';
import type { LedgerEntry } from '../core/ledger/ledgerEntry';
import { targetOf } from './commandTarget';
import type { EngineRegistry } from './engineRegistry';
import type { FolderEngine } from './folderEngine';
import { UserFacingError } from './guardedCommand';
import { loadEngine } from './loadEngine';
import type { LedgerWrite } from './patchScannedLedger';
import { pickStep } from './quickInputSteps';

/** An entry together with the folder whose ledger holds it. */
export interface FolderEntry {
  readonly engine: FolderEngine;
  readonly entry: LedgerEntry;
}

/**
 * What Undo puts back: `what` is said in the log and, once done, to the user (`TD-7f3a1c: back to
 * open`); `run` writes it back and says what it wrote, for the views.
 */
export interface Undo {
  readonly what: string;
  readonly run: () => Promise<LedgerWrite>;
}

/**
 * What the commands on the ledger share: the folder and the entry a command acts on, the one message
 * a write's fixable failure becomes, the offer to undo a write, and the views told of it. Every write
 * goes through the folder's `LedgerStore` (one file per entry, atomic); what it wrote is patched into
 * the folder's engine at once (no file read back, no scan), and a quiet rescan follows so interest and
 * priority catch up.
 */
export abstract class LedgerCommandBase {
  constructor(
    protected readonly registry: EngineRegistry,
    protected readonly log: vscode.LogOutputChannel,
  ) {}

  protected engineOf(folder: string): FolderEngine {
    const engine = this.registry.all.find((candidate) => candidate.folder.uri.toString() === folder);
    if (engine === undefined) {
      throw new UserFacingError('Debt Lens: that workspace folder is no longer open.');
    }
    return engine;
  }

  /**
   * The entry a command acts on: the target of a lens, link or tree row, else one the user picks,
   * those anchored in the active file first.
   */
  protected async entryOf(arg: unknown, placeholder: string): Promise<FolderEntry | undefined> {
    const target = targetOf(arg);
    if (target?.kind === 'entry') {
      const engine = this.engineOf(target.folder);
      let entry = engine.entries.find((candidate) => candidate.id === target.id);
      if (entry === undefined) {
        await engine.reloadLedger();
        entry = engine.entries.find((candidate) => candidate.id === target.id);
      }
      if (entry === undefined) {
        throw new UserFacingError(`Debt Lens: there is no debt entry ${target.id} in ${engine.folder.name}.`);
      }
      return { engine, entry };
    }
    const active = vscode.window.activeTextEditor?.document.uri;
    const activeEngine = active === undefined ? undefined : this.registry.engineFor(active);
    const activeRel = active === undefined ? undefined : activeEngine?.relativePath(active);
    const multiRoot = this.registry.all.length > 1;
    const items: Array<vscode.QuickPickItem & FolderEntry> = [];
    const here: typeof items = [];
    for (const engine of this.registry.all) {
      for (const entry of engine.entries) {
        const item = {
          label: `${entry.id}  ${entry.title}`,
          description: `${entry.status} · ${entry.severity}${entry.backlog.length > 0 ? ` · ${entry.backlog.join(', ')}` : ''}`,
          detail: `${multiRoot ? `${engine.folder.name}: ` : ''}${entry.anchors.map((anchor) => anchor.path).join(', ') || 'not anchored to code'}`,
          engine,
          entry,
        };
        (engine === activeEngine && entry.anchors.some((anchor) => anchor.path === activeRel) ? here : items).push(item);
      }
    }
    if (here.length + items.length === 0) {
      throw new UserFacingError('Debt Lens: there are no debt entries yet. Select code and run "Tag Selection as Tech Debt".');
    }
    const separator = (label: string): vscode.QuickPickItem & FolderEntry => ({ label, kind: vscode.QuickPickItemKind.Separator }) as vscode.QuickPickItem & FolderEntry;
    const all = here.length === 0 ? items : [separator('In this file'), ...here, separator('Elsewhere'), ...items];
    const result = await pickStep({ title: 'Debt Lens', placeholder, items: all, matchOnDescription: true });
    return result.kind === 'next' ? { engine: result.value.engine, entry: result.value.entry } : undefined;
  }

  /**
   * Runs a ledger write; failures the user can fix (a malformed file, a concurrent edit, a folder it
   * cannot write, an entry that is not UTF-8 or links out of the repository) become one message.
   */
  protected async writing<T>(write: () => Promise<T>): Promise<T> {
    const { ledgerErrors } = loadEngine();
    try {
      return await write();
    } catch (error) {
      if (
        error instanceof ledgerErrors.LedgerEntryMalformedError ||
        error instanceof ledgerErrors.LedgerEntryNotFoundError ||
        error instanceof ledgerErrors.LedgerInvalidEntryError ||
        error instanceof ledgerErrors.LedgerConflictError ||
        error instanceof ledgerErrors.LedgerStorageError
      ) {
        throw new UserFacingError(`Debt Lens: ${error.message}`);
      }
      throw error;
    }
  }

  /**
   * Says what the command wrote, with Undo (after `actions`, each a button of its own). Undo runs
   * `undo.run`, re-reads the ledger and says how it went, a failure included. Not awaited: the
   * command returns while the message shows.
   */
  protected offerUndo(engine: FolderEngine, message: string, undo: Undo, actions: Readonly<Record<string, () => void>> = {}): void {
    void vscode.window.showInformationMessage(message, ...Object.keys(actions), 'Undo').then(async (choice) => {
      if (choice === 'Undo') {
        await this.undo(engine, undo);
      } else if (choice !== undefined) {
        actions[choice]?.();
      }
    });
  }

  private async undo(engine: FolderEngine, { what, run }: Undo): Promise<void> {
    try {
      const write = await run();
      this.log.info(`${engine.folder.name}: undo: ${what}`);
      await this.ledgerChanged(engine, write);
      void vscode.window.showInformationMessage(`Debt Lens: ${what}.`);
    } catch (error) {
      this.log.error(`${engine.folder.name}: undo failed: ${what}`, error);
      void vscode.window.showErrorMessage(`Debt Lens could not undo: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  /** The views show the write now; the quiet rescan measures interest and priority after. */
  protected async ledgerChanged(engine: FolderEngine, write: LedgerWrite): Promise<void> {
    await engine.applyLedgerWrite(write);
    this.registry.schedule(engine, 'ledger');
  }
}
