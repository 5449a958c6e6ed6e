import { readProjectKeys } from '../../core/backlog/projectKeys';
import { loadTrackerSettings } from '../../core/backlog/trackerSettings';
import { gitUserName } from '../../core/ledger/gitUserName';
import type { LedgerStore } from '../../core/ledger/ledgerStore';
import { findMarkerToPromote, promotedEntry } from '../../core/ledger/promoteMarker';
import type { DebtCommand } from '../parseCliArgs';
import type { DebtIo } from './debtIo';
import { DebtFailure, readInputFile, reportDiagnostics } from './debtIo';

/** `debt promote`: records the TODO/FIXME marker on a line as a debt entry; prints its id and file. */
export async function promoteCommand(command: Extract<DebtCommand, { sub: 'promote' }>, store: LedgerStore, io: DebtIo): Promise<number> {
  const { rel, text } = readInputFile(store.repoRoot, command.file, command.file);
  const { settings, diagnostics } = await loadTrackerSettings(store.repoRoot, store.folder);
  reportDiagnostics(diagnostics, io);
  const projectKeys = await readProjectKeys({ cwd: store.repoRoot }, [...settings.projectKeys, ...command.projectKeys], io.now());
  const promotion = findMarkerToPromote(rel, text, command.line, projectKeys);
  if (promotion === undefined) {
    throw new DebtFailure(`no TODO/FIXME/HACK/XXX/@deprecated marker at ${rel}:${command.line}`, 1);
  }
  const promoted = promotedEntry(promotion.draft, text, { title: command.title, severity: command.severity });
  const author = await gitUserName({ cwd: store.repoRoot });
  const entry = await store.add(
    { title: promoted.title, severity: promoted.severity, backlog: promoted.backlog, anchors: [promoted.anchor], ...(author !== undefined && { author }) },
    promoted.body,
  );
  await io.out(`${entry.id} ${entry.path}\n`);
  return 0;
}
