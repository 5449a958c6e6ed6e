import { createAnchor } from '../../core/ledger/anchorFingerprint';
import { gitUserName } from '../../core/ledger/gitUserName';
import type { LedgerStore } from '../../core/ledger/ledgerStore';
import type { DebtCommand } from '../parseCliArgs';
import type { DebtIo } from './debtIo';
import { readInputFile } from './debtIo';

/** `debt add`: records a new entry anchored to a file, its lines or a symbol; prints its id and file. */
export async function addCommand(command: Extract<DebtCommand, { sub: 'add' }>, store: LedgerStore, io: DebtIo): Promise<number> {
  const { rel, text } = readInputFile(store.repoRoot, command.file, `--file ${command.file}`);
  const anchor = createAnchor({ path: rel, text, lines: command.lines, symbol: command.symbol });
  const author = await gitUserName({ cwd: store.repoRoot });
  const entry = await store.add(
    {
      title: command.title,
      severity: command.severity,
      ...(command.principal !== undefined && { principal: command.principal }),
      tags: command.tags,
      backlog: command.backlog,
      anchors: [anchor],
      ...(author !== undefined && { author }),
    },
    command.body,
  );
  await io.out(`${entry.id} ${entry.path}\n`);
  return 0;
}
