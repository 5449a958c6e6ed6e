import * as vscode from 'vscode';
import { loadTrackerContext } from './backlogLookup';
import type { CommandHandlers } from './commandTable';
import { targetOf } from './commandTarget';
import type { EngineRegistry } from './engineRegistry';
import type { FolderEngine } from './folderEngine';
import { UserFacingError } from './guardedCommand';
import { LedgerCommandBase } from './ledgerCommandBase';
import { loadEngine } from './loadEngine';
import { pickStep } from './quickInputSteps';

/** The commands that open what an entry points to: the entry's file, a backlog item in the browser. */
export function openCommands(registry: EngineRegistry, log: vscode.LogOutputChannel): Pick<CommandHandlers, 'openEntry' | 'openBacklogItem'> {
  const commands = new OpenCommands(registry, log);
  return {
    openEntry: (arg) => commands.openEntry(arg),
    openBacklogItem: (arg) => commands.openBacklogItem(arg),
  };
}

class OpenCommands extends LedgerCommandBase {
  async openEntry(arg: unknown): Promise<string | undefined> {
    const found = await this.entryOf(arg, 'Open which entry?');
    if (found === undefined) {
      return undefined;
    }
    const uri = found.engine.uriOf(found.entry.path);
    await vscode.window.showTextDocument(uri);
    return uri.fsPath;
  }

  /** Opens a backlog item in the browser; returns its URL. */
  async openBacklogItem(arg: unknown): Promise<string | undefined> {
    const target = targetOf(arg);
    let engine: FolderEngine | undefined;
    let ref: string | undefined;
    if (target?.kind === 'backlog') {
      engine = this.engineOf(target.folder);
      ref = target.ref;
    } else if (typeof arg === 'string' && arg.trim() !== '') {
      ref = arg.trim();
      engine = this.activeEngine();
    } else {
      const picked = await this.pickBacklogRef();
      if (picked === undefined) {
        return undefined;
      }
      ({ engine, ref } = picked);
    }
    if (engine === undefined) {
      throw new UserFacingError('Debt Lens: open a workspace folder to open backlog items.');
    }
    const context = await loadTrackerContext(engine, this.log);
    const [link] = loadEngine().resolveBacklogLinks([ref], context.settings, context.github);
    if (link?.url === null || link?.url === undefined) {
      throw new UserFacingError(`Debt Lens: no link is known for ${ref}. ${howToLink(link?.reference?.kind, vscode.workspace.isTrusted)}`);
    }
    const opened = await vscode.env.openExternal(vscode.Uri.parse(link.url, true));
    if (!opened) {
      this.log.info(`${ref}: opening ${link.url} was declined`);
    }
    return link.url;
  }

  private async pickBacklogRef(): Promise<{ engine: FolderEngine; ref: string } | undefined> {
    const seen = new Set<string>();
    const items: Array<vscode.QuickPickItem & { engine: FolderEngine; ref: string }> = [];
    const multiRoot = this.registry.all.length > 1;
    for (const engine of this.registry.all) {
      const entriesOf = new Map<string, string[]>();
      for (const entry of engine.entries) {
        for (const ref of entry.backlog) {
          entriesOf.set(ref, [...(entriesOf.get(ref) ?? []), entry.id]);
        }
      }
      const tickets = new Map<string, number>();
      for (const file of engine.report?.files ?? []) {
        for (const ticket of file.tickets) {
          tickets.set(ticket, (tickets.get(ticket) ?? 0) + 1);
        }
      }
      for (const ref of [...new Set([...entriesOf.keys(), ...[...tickets.entries()].sort((a, b) => b[1] - a[1]).map(([ticket]) => ticket)])]) {
        const key = `${engine.folder.uri.toString()}\0${ref}`;
        if (seen.has(key)) {
          continue;
        }
        seen.add(key);
        const ids = entriesOf.get(ref);
        const files = tickets.get(ref);
        const parts = [ids === undefined ? undefined : `debt ${ids.join(', ')}`, files === undefined ? undefined : `changed ${files} ${files === 1 ? 'file' : 'files'}`];
        items.push({ label: ref, description: parts.filter((part) => part !== undefined).join(' · '), ...(multiRoot && { detail: engine.folder.name }), engine, ref });
      }
    }
    if (items.length === 0) {
      throw new UserFacingError('Debt Lens: no backlog item is linked from the ledger or named in the scanned commits yet.');
    }
    const result = await pickStep({ title: 'Open Backlog Item', placeholder: 'Backlog item to open in the browser', items, matchOnDescription: true });
    return result.kind === 'next' ? { engine: result.value.engine, ref: result.value.ref } : undefined;
  }

  private activeEngine(): FolderEngine | undefined {
    const uri = vscode.window.activeTextEditor?.document.uri;
    return (uri === undefined ? undefined : this.registry.engineFor(uri)) ?? this.registry.all[0];
  }
}

/** What to configure so that a reference of this kind gets a link. */
function howToLink(kind: string | undefined, trusted: boolean): string {
  switch (kind) {
    case 'github':
      return trusted
        ? 'Add a GitHub origin remote, or set github.owner and github.repo in .techdebt/config.yml.'
        : 'Trust the workspace so its GitHub origin remote can be read, or set github.owner and github.repo in .techdebt/config.yml.';
    case 'jira':
      return 'Set jira.baseUrl in .techdebt/config.yml or the debtLens.backlog.jiraBaseUrl setting.';
    case 'azure':
    case 'linear':
      return `Add a ${kind} tracker with a urlTemplate under trackers: in .techdebt/config.yml.`;
    default:
      return 'Add its project key under projectKeys:, or a tracker with a pattern and a urlTemplate under trackers:, in .techdebt/config.yml.';
  }
}
