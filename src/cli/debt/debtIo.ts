import type { RepositoryFile } from '../../core/readRepositoryFile';
import { readRepositoryFileOrProblem } from '../../core/readRepositoryFile';
import { neutraliseControls } from '../../core/report/textTable';

/** What the debt commands need from the process: output sinks, the current folder and the clock. */
export interface DebtIo {
  /** Standard output; called once per command with everything it prints. */
  readonly out: (text: string) => Promise<void>;
  readonly err: (text: string) => void;
  readonly cwd: string;
  readonly now: () => Date;
  /** Where tracker tokens are read (`debt show --live`); `process.env` when absent. */
  readonly env?: NodeJS.ProcessEnv;
}

/** An expected failure of a debt command: printed as one line, with its exit code. */
export class DebtFailure extends Error {
  override readonly name = 'DebtFailure';
  constructor(
    message: string,
    readonly exitCode: 1 | 2,
  ) {
    super(message);
  }
}

/** A problem with a file the user keeps (an entry, `config.yml`): one line each on standard error. */
export interface FileDiagnostic {
  readonly path: string;
  readonly line: number;
  readonly message: string;
  readonly code: string;
}

export function reportDiagnostics(diagnostics: readonly FileDiagnostic[], io: DebtIo): void {
  for (const d of diagnostics) {
    io.err(`${neutraliseControls(`${d.path}:${d.line}: ${d.message}`)} [${d.code}]\n`);
  }
}

/**
 * A file the user names on the command line, read inside the repository only (see
 * `readRepositoryFileOrProblem`); a path outside it is bad usage (exit 2), a missing file a failure.
 *
 * @param what how the message names the argument (`--file src/a.ts`).
 */
export function readInputFile(root: string, file: string, what: string): RepositoryFile {
  const read = readRepositoryFileOrProblem(root, file);
  if ('text' in read) {
    return read;
  }
  switch (read.problem) {
    case 'outside':
      throw new DebtFailure(`${what} is not a file inside the repository ${root}`, 2);
    case 'missing':
      throw new DebtFailure(`no such file: ${read.rel}`, 1);
    case 'not-a-file':
      throw new DebtFailure(`not a file: ${read.rel}`, 1);
    case 'unreadable':
      throw new DebtFailure(`cannot read ${read.rel}: ${read.code}`, 1);
  }
}
