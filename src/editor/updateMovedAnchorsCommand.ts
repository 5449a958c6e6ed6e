import * as vscode from 'vscode';
import type { CommandHandlers } from './commandTable';
import { targetOf } from './commandTarget';
import type { EngineRegistry } from './engineRegistry';
import type { FolderEngine } from './folderEngine';
import { UserFacingError } from './guardedCommand';
import { LedgerCommandBase } from './ledgerCommandBase';
import { loadEngine } from './loadEngine';
import type { WrittenEntry } from './patchScannedLedger';
import { pickStep } from './quickInputSteps';

/**
 * `debtLens.updateMovedAnchors`: resolves every anchor of a folder's ledger against the repository
 * and rewrites the anchors of code that moved, once the user confirmed the plan (automation passes
 * `confirm: true`); orphaned anchors are left as written, and Undo puts the old anchors back.
 */
export function updateMovedAnchorsCommand(registry: EngineRegistry, log: vscode.LogOutputChannel): Pick<CommandHandlers, 'updateMovedAnchors'> {
  const command = new UpdateMovedAnchorsCommand(registry, log);
  return { updateMovedAnchors: (arg) => command.updateMovedAnchors(arg) };
}

class UpdateMovedAnchorsCommand extends LedgerCommandBase {
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
    // Where the plan found each rewritten entry's code: the anchors as rewritten are there, unmoved;
    // Undo writes the old ones back, which then point at code that moved.
    const found = new Map(plan.entries.map(({ entry, anchors }) => [entry.id, anchors.map((anchor) => anchor.resolution)]));
    // One file per entry: the rewrites go together, and those that succeeded show even if one failed.
    const outcomes = await Promise.allSettled(plan.rewrites.map((rewrite) => this.writing(() => store.update(rewrite.id, { anchors: rewrite.next }))));
    const done: WrittenEntry[] = outcomes.flatMap((outcome) =>
      outcome.status === 'fulfilled'
        ? [{ entry: outcome.value, resolutions: found.get(outcome.value.id)?.map((resolution) => (resolution.status === 'resolved' ? { ...resolution, moved: false } : resolution)) }]
        : [],
    );
    if (done.length > 0) {
      await this.ledgerChanged(engine, { written: done, removed: [] });
    }
    const failed = outcomes.find((outcome): outcome is PromiseRejectedResult => outcome.status === 'rejected');
    if (failed !== undefined) {
      throw failed.reason;
    }
    this.log.info(`${engine.folder.name}: updated moved anchors:\n${lines.join('\n')}`);
    this.offerUndo(engine, `Updated the anchors of ${count}.`, {
      what: `restored the anchors of ${count}`,
      run: async () => ({
        written: await Promise.all(plan.rewrites.map(async (rewrite) => ({ entry: await store.update(rewrite.id, { anchors: rewrite.previous }), resolutions: found.get(rewrite.id) }))),
        removed: [],
      }),
    });
    return done.map(({ entry }) => entry.id);
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
}
