import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { CancelledError, EmptyRepositoryError, GitCommandError, GitNotFoundError, NotAGitRepositoryError } from '../../core/history/gitProcess';
import { inspectRepository } from '../../core/history/repositoryInfo';
import { InvalidLineRangeError, UnknownSymbolError } from '../../core/ledger/anchorFingerprint';
import { LedgerEntryNotFoundError } from '../../core/ledger/ledgerEntry';
import { LedgerConflictError, LedgerEntryMalformedError, LedgerInvalidEntryError, LedgerStore } from '../../core/ledger/ledgerStore';
import { neutraliseControls } from '../../core/report/textTable';
import type { DebtCommand } from '../parseCliArgs';
import { addCommand } from './addCommand';
import type { DebtIo } from './debtIo';
import { DebtFailure } from './debtIo';
import { describeLedgerFailure } from './ledgerFailure';
import { listCommand } from './listCommand';
import { markersCommand } from './markersCommand';
import { promoteCommand } from './promoteCommand';
import { reanchorCommand } from './reanchorCommand';
import { showCommand } from './showCommand';
import { statusCommand } from './statusCommand';

/**
 * Runs one `debt-lens debt …` command and returns its exit code: 0 done, 1 failed, 2 bad usage. An
 * expected failure (no such entry, a malformed file, not a repository…) prints one line on `err`.
 */
export async function runDebt(command: DebtCommand, io: DebtIo): Promise<number> {
  const target = path.resolve(io.cwd, command.repo ?? '.');
  try {
    const root = await repositoryRoot(target);
    const store = new LedgerStore({ repoRoot: root, folder: command.ledgerDir, clock: io.now });
    switch (command.sub) {
      case 'list':
        return await listCommand(command, store, io);
      case 'show':
        return await showCommand(command, store, io);
      case 'add':
        return await addCommand(command, store, io);
      case 'status':
        return await statusCommand(command, store, io);
      case 'reanchor':
        return await reanchorCommand(command, store, io);
      case 'markers':
        return await markersCommand(command, store, io);
      case 'promote':
        return await promoteCommand(command, store, io);
    }
  } catch (error) {
    const failure = describeFailure(error, target);
    if (failure === undefined) {
      io.err(`debt-lens: debt ${command.sub} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      return 1;
    }
    io.err(`debt-lens: ${neutraliseControls(failure.message)}\n`);
    return failure.exitCode;
  }
}

async function repositoryRoot(target: string): Promise<string> {
  let stat;
  try {
    stat = await fs.stat(target);
  } catch {
    throw new DebtFailure(`no such folder: ${target}`, 1);
  }
  if (!stat.isDirectory()) {
    throw new DebtFailure(`not a folder: ${target}`, 1);
  }
  return (await inspectRepository(target)).root;
}

/** The line and exit code of an expected error; `undefined` for a bug, which is shown with its stack. */
function describeFailure(error: unknown, target: string): { message: string; exitCode: number } | undefined {
  if (error instanceof DebtFailure) {
    return { message: error.message, exitCode: error.exitCode };
  }
  if (error instanceof CancelledError) {
    return { message: 'interrupted', exitCode: 130 };
  }
  if (error instanceof NotAGitRepositoryError) {
    return { message: `not a git repository: ${target}`, exitCode: 1 };
  }
  if (error instanceof GitNotFoundError) {
    return { message: `${error.message}; install git and try again`, exitCode: 1 };
  }
  if (error instanceof EmptyRepositoryError) {
    return { message: `the repository has no commits yet: ${target}`, exitCode: 1 };
  }
  const ledger = describeLedgerFailure(error);
  if (ledger !== undefined) {
    return ledger;
  }
  if (error instanceof LedgerInvalidEntryError) {
    return { message: error.message, exitCode: 2 };
  }
  if (
    error instanceof LedgerEntryNotFoundError ||
    error instanceof LedgerEntryMalformedError ||
    error instanceof LedgerConflictError ||
    error instanceof UnknownSymbolError ||
    error instanceof InvalidLineRangeError ||
    error instanceof GitCommandError
  ) {
    return { message: error.message, exitCode: 1 };
  }
  return undefined;
}
