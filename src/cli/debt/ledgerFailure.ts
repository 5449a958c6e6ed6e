import { LedgerFolderError } from '../../core/ledger/ledgerStore';
import { LedgerStorageError } from '../../core/ledger/ledgerStorageError';

/**
 * The one line and exit code of a ledger failure the user can fix, shared by `scan` and the `debt`
 * commands so both say it the same way: a `--ledger-dir` outside the repository is bad usage (2); a
 * ledger folder or entry file in a state the store cannot use is a failed run (1). `undefined` for
 * any other error.
 */
export function describeLedgerFailure(error: unknown): { readonly message: string; readonly exitCode: 1 | 2 } | undefined {
  if (error instanceof LedgerFolderError) {
    return { message: `--ledger-dir ${error.folder} is not inside the repository`, exitCode: 2 };
  }
  if (error instanceof LedgerStorageError) {
    return { message: error.message, exitCode: 1 };
  }
  return undefined;
}
