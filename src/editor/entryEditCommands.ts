import * as vscode from 'vscode';
import type { DebtStatus } from '../core/ledger/ledgerEntry';
import type { CommandHandlers } from './commandTable';
import type { EngineRegistry } from './engineRegistry';
import { parseReferenceInput } from './entryInputValidation';
import { UserFacingError } from './guardedCommand';
import { LedgerCommandBase } from './ledgerCommandBase';
import { loadEngine } from './loadEngine';
import { inputStep, pickStep } from './quickInputSteps';

/** The commands that change an entry: its status (with Undo) and the backlog items it links. */
export function entryEditCommands(registry: EngineRegistry, log: vscode.LogOutputChannel): Pick<CommandHandlers, 'setStatus' | 'linkBacklogItem'> {
  const commands = new EntryEditCommands(registry, log);
  return {
    setStatus: (arg, status) => commands.setStatus(arg, status),
    linkBacklogItem: (arg, ref) => commands.linkBacklogItem(arg, ref),
  };
}

class EntryEditCommands extends LedgerCommandBase {
  /** Returns the new status, or undefined when nothing changed. */
  async setStatus(arg: unknown, statusArg: unknown): Promise<DebtStatus | undefined> {
    const core = loadEngine();
    const found = await this.entryOf(arg, 'Set the status of which entry?');
    if (found === undefined) {
      return undefined;
    }
    const { engine, entry } = found;
    let status: DebtStatus;
    if (statusArg !== undefined) {
      if (typeof statusArg !== 'string' || !(core.DEBT_STATUSES as readonly string[]).includes(statusArg)) {
        throw new UserFacingError(`Debt Lens: status must be one of ${core.DEBT_STATUSES.join(', ')}, not ${JSON.stringify(statusArg)}.`);
      }
      status = statusArg as DebtStatus;
    } else {
      const items = core.DEBT_STATUSES.map((candidate) => ({
        label: candidate === entry.status ? `$(check) ${candidate}` : candidate,
        description: candidate === entry.status ? 'current' : STATUS_HINT[candidate],
        status: candidate,
      }));
      const result = await pickStep({ title: `${entry.id}: ${entry.title}`, placeholder: `Status (now ${entry.status})`, items, active: items.find((item) => item.status === entry.status) });
      if (result.kind !== 'next') {
        return undefined;
      }
      status = result.value.status;
    }
    if (status === entry.status) {
      void vscode.window.showInformationMessage(`${entry.id} is already ${status}.`);
      return undefined;
    }
    const store = engine.ledgerStore();
    const updated = await this.writing(() => store.update(entry.id, { status }));
    await this.ledgerChanged(engine, { written: [{ entry: updated }], removed: [] });
    this.offerUndo(engine, `${entry.id}: ${entry.status} → ${status}`, {
      what: `${entry.id}: back to ${entry.status}`,
      run: async () => ({ written: [{ entry: await store.update(entry.id, { status: entry.status }) }], removed: [] }),
    });
    return status;
  }

  /** Returns the entry's backlog after the change, or undefined when the user cancelled. */
  async linkBacklogItem(arg: unknown, refArg: unknown): Promise<readonly string[] | undefined> {
    const core = loadEngine();
    const found = await this.entryOf(arg, 'Link a backlog item to which entry?');
    if (found === undefined) {
      return undefined;
    }
    const { engine, entry } = found;
    let refs: readonly string[];
    if (refArg !== undefined) {
      if (typeof refArg !== 'string') {
        throw new UserFacingError('Debt Lens: the backlog reference must be text such as PROJ-12 or #45.');
      }
      const parsed = parseReferenceInput(refArg, core);
      if (parsed.problem !== undefined || parsed.refs.length === 0) {
        throw new UserFacingError(`Debt Lens: ${parsed.problem ?? 'no backlog reference given.'}`);
      }
      refs = parsed.refs;
    } else {
      const result = await inputStep({
        title: `${entry.id}: ${entry.title}`,
        value: '',
        prompt: entry.backlog.length === 0 ? 'Backlog item(s) this debt slows down.' : `Backlog item(s) to add to ${entry.backlog.join(', ')}.`,
        placeholder: 'e.g. PROJ-12, #45, owner/repo#7, AB#12 or a URL',
        validate: (value) => {
          const parsed = parseReferenceInput(value, core);
          return parsed.problem ?? (parsed.refs.length === 0 ? 'Enter a reference such as PROJ-12 or #45.' : undefined);
        },
      });
      if (result.kind !== 'next') {
        return undefined;
      }
      refs = parseReferenceInput(result.value, core).refs;
    }
    const added = refs.filter((ref) => !entry.backlog.includes(ref));
    if (added.length === 0) {
      void vscode.window.showInformationMessage(`${entry.id} already links ${refs.join(', ')}.`);
      return entry.backlog;
    }
    const backlog = [...entry.backlog, ...added];
    const updated = await this.writing(() => engine.ledgerStore().update(entry.id, { backlog }));
    await this.ledgerChanged(engine, { written: [{ entry: updated }], removed: [] });
    void vscode.window.showInformationMessage(`${entry.id} now links ${added.join(', ')}.`);
    return updated.backlog;
  }
}

const STATUS_HINT: Record<DebtStatus, string> = {
  open: 'known, not yet decided',
  accepted: 'deliberately kept for now',
  scheduled: 'a backlog item will pay it',
  paid: 'fixed',
  wontfix: 'closed without paying',
};
