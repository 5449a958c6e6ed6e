import type { LedgerStore } from '../../core/ledger/ledgerStore';
import type { DebtCommand } from '../parseCliArgs';
import type { DebtIo } from './debtIo';

/** `debt status`: moves an entry to a status, as a one-line edit of its file. */
export async function statusCommand(command: Extract<DebtCommand, { sub: 'status' }>, store: LedgerStore, io: DebtIo): Promise<number> {
  const before = (await store.load()).entries.find((entry) => entry.id === command.id);
  if (before !== undefined && before.status === command.status) {
    await io.out(`${command.id} is already ${command.status}\n`);
    return 0;
  }
  // An unknown or malformed entry is reported by the store's typed errors.
  const after = await store.update(command.id, { status: command.status });
  await io.out(`${after.id} ${before?.status ?? '?'} → ${after.status}\n`);
  return 0;
}
