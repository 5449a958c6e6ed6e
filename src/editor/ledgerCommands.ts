import * as vscode from 'vscode';
import type { Anchor } from '../core/ledger/anchor';
import type { DebtStatus, LedgerEntry } from '../core/ledger/ledgerEntry';
import type { Engine } from './engineBundle';
import type { EngineRegistry } from './engineRegistry';
import type { FolderEngine } from './folderEngine';
import type { EntryInput } from './entryInputValidation';
import { entryInputFromArgument, isEntryArgument, parseReferenceInput, selectedLines, titleProblem } from './entryInputValidation';
import { loadTrackerContext } from './backlogLookup';
import type { CommandHandlers } from './commandTable';
import { targetOf } from './commandTarget';
import { UserFacingError } from './guardedCommand';
import { loadEngine } from './loadEngine';
import { inputStep, pickStep } from './quickInputSteps';
import { readSettings } from './settings';
import { tagSelectionFlow } from './tagSelectionFlow';

/** An entry together with the folder whose ledger holds it. */
interface FolderEntry {
  readonly engine: FolderEngine;
  readonly entry: LedgerEntry;
}

/**
 * The commands that write the ledger: tag a selection, promote a marker, change a status, link a
 * backlog item, update moved anchors; and those that open what an entry points to. Every write goes
 * through the folder's `LedgerStore` (one file per entry, atomic), then the folder re-reads its
 * ledger at once and rescans quietly so resolved anchors and interest follow.
 */
export function ledgerCommands(
  registry: EngineRegistry,
  log: vscode.LogOutputChannel,
): Pick<CommandHandlers, 'tagSelection' | 'setStatus' | 'linkBacklogItem' | 'openEntry' | 'openBacklogItem' | 'promoteMarker' | 'updateMovedAnchors'> {
  const commands = new LedgerCommands(registry, log);
  return {
    tagSelection: (arg) => commands.tagSelection(arg),
    setStatus: (arg, status) => commands.setStatus(arg, status),
    linkBacklogItem: (arg, ref) => commands.linkBacklogItem(arg, ref),
    openEntry: (arg) => commands.openEntry(arg),
    openBacklogItem: (arg) => commands.openBacklogItem(arg),
    promoteMarker: (arg, title) => commands.promoteMarker(arg, title),
    updateMovedAnchors: (arg) => commands.updateMovedAnchors(arg),
  };
}

class LedgerCommands {
  constructor(
    private readonly registry: EngineRegistry,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  // ---- tag selection and promote ----------------------------------------------------------------

  /** Returns the new entry's id, or undefined when the user cancelled. */
  async tagSelection(arg: unknown): Promise<string | undefined> {
    const core = loadEngine();
    const editor = vscode.window.activeTextEditor;
    if (editor === undefined) {
      throw new UserFacingError('Open a file and select the code to tag as tech debt.');
    }
    const { engine, rel } = this.fileOf(editor.document.uri);
    const lines = selectedLines(editor.selection.start, editor.selection.end);
    let input: EntryInput | undefined;
    if (isEntryArgument(arg)) {
      const parsed = entryInputFromArgument(arg, core);
      if ('problem' in parsed) {
        throw new UserFacingError(`Debt Lens: cannot tag the selection: ${parsed.problem}`);
      }
      input = parsed.input;
    } else {
      input = await tagSelectionFlow(`${rel}:${lines[0]}-${lines[1]}`, core);
    }
    if (input === undefined) {
      return undefined;
    }
    const anchor = this.anchorFor(core, { path: rel, text: editor.document.getText(), lines });
    return this.addEntry(engine, input, anchor, '');
  }

  /** Returns the new entry's id, or undefined when the user cancelled. */
  async promoteMarker(arg: unknown, titleArg: unknown): Promise<string | undefined> {
    const core = loadEngine();
    const target = targetOf(arg);
    let engine: FolderEngine;
    let rel: string;
    let line: number;
    let text: string;
    if (target?.kind === 'marker') {
      engine = this.engineOf(target.folder);
      rel = target.path;
      line = target.line;
      text = (await vscode.workspace.openTextDocument(engine.uriOf(rel))).getText();
    } else {
      const editor = vscode.window.activeTextEditor;
      if (editor === undefined) {
        throw new UserFacingError('Put the cursor on a TODO, FIXME, HACK or XXX comment to promote it.');
      }
      ({ engine, rel } = this.fileOf(editor.document.uri));
      line = editor.selection.active.line + 1;
      text = editor.document.getText();
    }
    const { settings } = await loadTrackerContext(engine, this.log);
    const marker = core.findMarkers(rel, text, { projectKeys: new Set(settings.projectKeys) }).find((candidate) => candidate.line === line);
    if (marker === undefined) {
      throw new UserFacingError(`There is no TODO, FIXME, HACK, XXX or @deprecated marker on line ${line} of ${rel}.`);
    }
    const draft = core.entryDraftFromMarker(marker);
    let title: string;
    if (typeof titleArg === 'string') {
      const problem = titleProblem(titleArg, core);
      if (problem !== undefined) {
        throw new UserFacingError(`Debt Lens: cannot promote the marker: title: ${problem}`);
      }
      title = titleArg.trim();
    } else {
      const result = await inputStep({
        title: `Promote ${marker.tag} at ${rel}:${line} to a debt entry`,
        value: draft.title,
        prompt: `The entry's title (severity ${draft.severity}${draft.backlog.length > 0 ? `, linked to ${draft.backlog.join(', ')}` : ''}).`,
        validate: (value) => titleProblem(value, core),
      });
      if (result.kind !== 'next') {
        return undefined;
      }
      title = result.value.trim();
    }
    // As tag selection: the anchor widens from the marker's line to the enclosing named function.
    const anchor = this.anchorFor(core, { path: rel, text, lines: draft.anchor.lines });
    return this.addEntry(engine, { title, severity: draft.severity, backlog: draft.backlog }, anchor, draft.body);
  }

  private anchorFor(core: Engine, input: { path: string; text: string; lines: readonly [number, number] }): Anchor {
    try {
      return core.createAnchor({ path: input.path, text: input.text, lines: [input.lines[0], input.lines[1]] });
    } catch (error) {
      if (error instanceof core.ledgerErrors.InvalidLineRangeError || error instanceof core.ledgerErrors.UnknownSymbolError) {
        throw new UserFacingError(`Debt Lens: ${error.message}`);
      }
      throw error;
    }
  }

  private async addEntry(engine: FolderEngine, input: EntryInput, anchor: Anchor, body: string): Promise<string> {
    const store = engine.ledgerStore();
    const author = await this.gitUserName(engine);
    const entry = await this.writing(() =>
      store.add(
        {
          title: input.title,
          severity: input.severity,
          ...(input.principal !== undefined && { principal: input.principal }),
          backlog: input.backlog,
          anchors: [anchor],
          ...(author !== undefined && { author }),
        },
        body,
      ),
    );
    this.log.info(`${engine.folder.name}: recorded ${entry.id} in ${entry.path}`);
    await this.ledgerChanged(engine);
    void vscode.window.showInformationMessage(`Recorded ${entry.id}: ${entry.title}`, 'Open Entry', 'Undo').then(async (choice) => {
      if (choice === 'Open Entry') {
        void vscode.window.showTextDocument(engine.uriOf(entry.path));
      } else if (choice === 'Undo') {
        // The file is new and only this command wrote it: to the trash where there is one, so even the
        // undo can be undone.
        const uri = engine.uriOf(entry.path);
        await vscode.workspace.fs.delete(uri, { useTrash: true }).then(undefined, () => vscode.workspace.fs.delete(uri, { useTrash: false }));
        this.log.info(`${engine.folder.name}: undid ${entry.id} (${entry.path} moved to the trash)`);
        await this.ledgerChanged(engine);
      }
    });
    return entry.id;
  }

  /** `git config user.name`, as the CLI records it; not asked in an untrusted workspace (git would run there). */
  private async gitUserName(engine: FolderEngine): Promise<string | undefined> {
    if (!vscode.workspace.isTrusted) {
      return undefined;
    }
    try {
      const name = (await loadEngine().runGit({ cwd: engine.root }, ['config', 'user.name'])).trim();
      return name === '' ? undefined : name;
    } catch {
      return undefined;
    }
  }

  // ---- status and backlog links ------------------------------------------------------------------

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
    await this.writing(() => store.update(entry.id, { status }));
    await this.ledgerChanged(engine);
    void vscode.window.showInformationMessage(`${entry.id}: ${entry.status} → ${status}`, 'Undo').then(async (choice) => {
      if (choice === 'Undo') {
        await this.undo(engine, `${entry.id}: back to ${entry.status}`, () => store.update(entry.id, { status: entry.status }));
      }
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
    await this.ledgerChanged(engine);
    void vscode.window.showInformationMessage(`${entry.id} now links ${added.join(', ')}.`);
    return updated.backlog;
  }

  // ---- open ----------------------------------------------------------------------------------------

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

  // ---- moved anchors -------------------------------------------------------------------------------

  /** Returns the ids of the rewritten entries (empty when nothing moved or the user declined). */
  async updateMovedAnchors(arg: unknown): Promise<string[]> {
    if (!vscode.workspace.isTrusted) {
      throw new UserFacingError('Debt Lens: updating moved anchors runs git; trust this workspace first.');
    }
    const core = loadEngine();
    const options = typeof arg === 'object' && arg !== null ? (arg as { folder?: unknown; confirm?: unknown }) : {};
    const engine = await this.pickFolder(typeof options.folder === 'string' ? options.folder : targetOf(arg)?.folder);
    if (engine === undefined) {
      return [];
    }
    const store = engine.ledgerStore();
    const plan = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: `Debt Lens: resolving anchors of ${engine.folder.name}` }, async () => {
      const snapshot = await store.load();
      const resolver = await core.createRepositoryAnchorResolver({ cwd: store.repoRoot }, snapshot.entries.flatMap((entry) => entry.anchors));
      return core.planReanchor(snapshot.entries, resolver);
    });
    const lines = core.describeReanchorPlan(plan);
    if (plan.rewrites.length === 0) {
      const orphans = plan.orphaned === 0 ? '' : ` ${plan.orphaned} orphaned ${plan.orphaned === 1 ? 'anchor is' : 'anchors are'} left as written.`;
      void vscode.window.showInformationMessage(`No anchor has moved in ${engine.folder.name}.${orphans}`);
      return [];
    }
    const count = `${plan.rewrites.length} ${plan.rewrites.length === 1 ? 'entry' : 'entries'}`;
    if (options.confirm !== true) {
      const action = `Update ${count}`;
      const choice = await vscode.window.showInformationMessage(
        `Update the anchors of ${count} in ${engine.folder.name}?`,
        { modal: true, detail: `${lines.join('\n')}\n\nOrphaned anchors are left as written.` },
        action,
      );
      if (choice !== action) {
        return [];
      }
    }
    const done: Array<(typeof plan.rewrites)[number]> = [];
    try {
      for (const rewrite of plan.rewrites) {
        await this.writing(() => store.update(rewrite.id, { anchors: rewrite.next }));
        done.push(rewrite);
      }
    } finally {
      if (done.length > 0) {
        await this.ledgerChanged(engine);
      }
    }
    this.log.info(`${engine.folder.name}: updated moved anchors:\n${lines.join('\n')}`);
    void vscode.window.showInformationMessage(`Updated the anchors of ${count}.`, 'Undo').then(async (choice) => {
      if (choice === 'Undo') {
        await this.undo(engine, `restored the anchors of ${count}`, async () => {
          for (const rewrite of done) {
            await store.update(rewrite.id, { anchors: rewrite.previous });
          }
        });
      }
    });
    return done.map((rewrite) => rewrite.id);
  }

  // ---- helpers -------------------------------------------------------------------------------------

  /** The folder's engine and the repository-relative path of a file the user acts on. */
  private fileOf(uri: vscode.Uri): { engine: FolderEngine; rel: string } {
    const engine = this.registry.engineFor(uri);
    const rel = engine?.relativePath(uri);
    if (engine === undefined || rel === undefined) {
      throw new UserFacingError('Debt Lens: the file is not inside a workspace folder, so its ledger is unknown.');
    }
    if (rel.startsWith(`${readSettings(engine.folder).ledgerFolder.replace(/\/+$/, '')}/`)) {
      throw new UserFacingError('Debt Lens: the ledger folder holds the entries themselves; tag the code they are about.');
    }
    return { engine, rel };
  }

  private engineOf(folder: string): FolderEngine {
    const engine = this.registry.all.find((candidate) => candidate.folder.uri.toString() === folder);
    if (engine === undefined) {
      throw new UserFacingError('Debt Lens: that workspace folder is no longer open.');
    }
    return engine;
  }

  private activeEngine(): FolderEngine | undefined {
    const uri = vscode.window.activeTextEditor?.document.uri;
    return (uri === undefined ? undefined : this.registry.engineFor(uri)) ?? this.registry.all[0];
  }

  /** The folder named by `folder` (a URI string), the only one, or the one the user picks. */
  private async pickFolder(folder: string | undefined): Promise<FolderEngine | undefined> {
    if (folder !== undefined) {
      return this.engineOf(folder);
    }
    const engines = this.registry.all;
    if (engines.length === 0) {
      throw new UserFacingError('Debt Lens: open a folder first.');
    }
    if (engines.length === 1) {
      return engines[0];
    }
    const items = engines.map((engine) => ({ label: engine.folder.name, description: `${engine.entries.length} debt entries`, engine }));
    const result = await pickStep({ title: 'Debt Lens', placeholder: 'Which folder?', items });
    return result.kind === 'next' ? result.value.engine : undefined;
  }

  /**
   * The entry a command acts on: the target of a lens, link or tree row, else one the user picks,
   * those anchored in the active file first.
   */
  private async entryOf(arg: unknown, placeholder: string): Promise<FolderEntry | undefined> {
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

  /** Runs a ledger write; failures the user can fix (a malformed file, a concurrent edit) become one message. */
  private async writing<T>(write: () => Promise<T>): Promise<T> {
    const { ledgerErrors } = loadEngine();
    try {
      return await write();
    } catch (error) {
      if (
        error instanceof ledgerErrors.LedgerEntryMalformedError ||
        error instanceof ledgerErrors.LedgerEntryNotFoundError ||
        error instanceof ledgerErrors.LedgerInvalidEntryError ||
        error instanceof ledgerErrors.LedgerConflictError
      ) {
        throw new UserFacingError(`Debt Lens: ${error.message}`);
      }
      throw error;
    }
  }

  private async undo(engine: FolderEngine, what: string, write: () => Promise<unknown>): Promise<void> {
    try {
      await write();
      this.log.info(`${engine.folder.name}: undo: ${what}`);
      await this.ledgerChanged(engine);
      void vscode.window.showInformationMessage(`Debt Lens: ${what}.`);
    } catch (error) {
      this.log.error(`${engine.folder.name}: undo failed: ${what}`, error);
      void vscode.window.showErrorMessage(`Debt Lens could not undo: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  /** The views show the change now; the quiet rescan re-resolves anchors and interest after. */
  private async ledgerChanged(engine: FolderEngine): Promise<void> {
    await engine.reloadLedger();
    this.registry.schedule(engine, 'ledger');
  }
}

const STATUS_HINT: Record<DebtStatus, string> = {
  open: 'known, not yet decided',
  accepted: 'deliberately kept for now',
  scheduled: 'a backlog item will pay it',
  paid: 'fixed',
  wontfix: 'closed without paying',
};

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
