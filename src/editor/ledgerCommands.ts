import * as vscode from 'vscode';
import type { Anchor } from '../core/ledger/anchor';
import type { Engine } from './engineBundle';
import type { EngineRegistry } from './engineRegistry';
import type { FolderEngine } from './folderEngine';
import type { EntryInput } from './entryInputValidation';
import { entryInputFromArgument, isEntryArgument, selectedLines, titleProblem } from './entryInputValidation';
import { loadTrackerContext } from './backlogLookup';
import type { CommandHandlers } from './commandTable';
import { targetOf } from './commandTarget';
import { UserFacingError } from './guardedCommand';
import { LedgerCommandBase } from './ledgerCommandBase';
import { loadEngine } from './loadEngine';
import { inputStep } from './quickInputSteps';
import { readSettings } from './settings';
import { tagSelectionFlow } from './tagSelectionFlow';

/**
 * The commands that add entries to the ledger: tag a selection, promote a marker. The anchor widens
 * to the enclosing named function; the new entry's author is `git config user.name`, as the CLI
 * records it; the confirmation offers to open the entry or to undo it.
 */
export function ledgerCommands(registry: EngineRegistry, log: vscode.LogOutputChannel): Pick<CommandHandlers, 'tagSelection' | 'promoteMarker'> {
  const commands = new LedgerCommands(registry, log);
  return {
    tagSelection: (arg) => commands.tagSelection(arg),
    promoteMarker: (arg, title) => commands.promoteMarker(arg, title),
  };
}

class LedgerCommands extends LedgerCommandBase {
  /** `git config user.name` as last read, by repository root. */
  private readonly userNames = new Map<string, Promise<string | undefined>>();

  /** Returns the new entry's id, or undefined when the user cancelled. */
  async tagSelection(arg: unknown): Promise<string | undefined> {
    const core = loadEngine();
    const editor = vscode.window.activeTextEditor;
    if (editor === undefined) {
      throw new UserFacingError('Open a file and select the code to tag as tech debt.');
    }
    const { engine, rel } = this.fileOf(editor.document.uri);
    // git runs while the file is parsed (and the user answers): it is the slowest step of a tag.
    const author = this.gitUserName(engine);
    const lines = selectedLines(editor.selection.start, editor.selection.end);
    const text = editor.document.getText();
    // The anchor widens to the smallest named function around the selection: say so, offer the lines.
    const widened = this.anchorFor(core, { path: rel, text, lines });
    const widening =
      widened.symbol !== undefined && widened.lines !== undefined && (widened.lines[0] !== lines[0] || widened.lines[1] !== lines[1])
        ? { symbol: widened.symbol, lines: widened.lines, selection: lines }
        : undefined;
    let input: (EntryInput & { readonly exactLines: boolean }) | undefined;
    if (isEntryArgument(arg)) {
      const parsed = entryInputFromArgument(arg, core);
      if ('problem' in parsed) {
        throw new UserFacingError(`Debt Lens: cannot tag the selection: ${parsed.problem}`);
      }
      // Automation picks the exact lines with `exactLines: true`; the default widens, as the prompt does.
      input = { ...parsed.input, exactLines: arg['exactLines'] === true };
    } else {
      input = await tagSelectionFlow(`${rel}:${lines[0]}-${lines[1]}`, core, '', widening);
    }
    if (input === undefined) {
      return undefined;
    }
    const { exactLines, ...entry } = input;
    const anchor: Anchor = exactLines && widening !== undefined ? { path: rel, lines: [lines[0], lines[1]], fingerprint: core.fingerprintOfLines(core.normalizedLines(text, rel), lines[0], lines[1]) } : widened;
    const where = widening === undefined ? '' : exactLines ? ` on lines ${lines[0]}–${lines[1]}` : ` on ${widening.symbol} (lines ${widening.lines[0]}–${widening.lines[1]}, the function around the selection)`;
    return this.addEntry(engine, entry, anchor, '', author, where);
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
    const author = this.gitUserName(engine);
    const { settings } = await loadTrackerContext(engine, this.log);
    const promotion = core.findMarkerToPromote(rel, text, line, new Set(settings.projectKeys));
    if (promotion === undefined) {
      throw new UserFacingError(`There is no TODO, FIXME, HACK, XXX or @deprecated marker on line ${line} of ${rel}.`);
    }
    const { marker, draft } = promotion;
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
    const promoted = core.promotedEntry(draft, text, { title });
    return this.addEntry(engine, promoted, promoted.anchor, promoted.body, author);
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

  /**
   * `userName`: the author as git names the user, read meanwhile; `where`: how the anchor differs
   * from what the user pointed at, for the confirmation.
   */
  private async addEntry(engine: FolderEngine, input: EntryInput, anchor: Anchor, body: string, userName: Promise<string | undefined>, where = ''): Promise<string> {
    const store = engine.ledgerStore();
    const author = await userName;
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
    await this.ledgerChanged(engine, { written: [{ entry }], removed: [] });
    this.offerUndo(
      engine,
      `Recorded ${entry.id}: ${entry.title}${where}`,
      {
        what: `removed ${entry.id} (${entry.path})`,
        run: async () => {
          // The file is new and only this command wrote it: to the trash where there is one, so even the
          // undo can be undone.
          const uri = engine.uriOf(entry.path);
          await vscode.workspace.fs.delete(uri, { useTrash: true }).then(undefined, () => vscode.workspace.fs.delete(uri, { useTrash: false }));
          return { written: [], removed: [entry.id] };
        },
      },
      { 'Open Entry': () => void vscode.window.showTextDocument(engine.uriOf(entry.path)) },
    );
    return entry.id;
  }

  /**
   * `git config user.name`, as the CLI records it; not asked in an untrusted workspace (git would run
   * there). Read once per repository, then again after each use for the next entry: starting git was
   * the slowest step of a tag (100–200 ms on a busy machine). A name changed in git's config is thus
   * recorded from the second entry after the change.
   */
  private gitUserName(engine: FolderEngine): Promise<string | undefined> {
    if (!vscode.workspace.isTrusted) {
      return Promise.resolve(undefined);
    }
    const root = engine.root;
    const last = this.userNames.get(root);
    // Recording the entry matters more than naming its author: no git, no name.
    const fresh = loadEngine().gitUserName({ cwd: root }).catch(() => undefined);
    this.userNames.set(root, fresh);
    return last ?? fresh;
  }

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
}
