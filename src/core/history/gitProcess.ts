import { spawn } from 'node:child_process';
import type { SimpleGit } from 'simple-git';
import { GitConstructError, simpleGit } from 'simple-git';

/** git is not on PATH (or the configured binary does not run). */
export class GitNotFoundError extends Error {
  override readonly name = 'GitNotFoundError';
}

/** The folder is not inside a git work tree. */
export class NotAGitRepositoryError extends Error {
  override readonly name = 'NotAGitRepositoryError';
  constructor(readonly folder: string) {
    super(`not a git repository: ${folder}`);
  }
}

/** The repository has no commit yet, so there is no history to mine. */
export class EmptyRepositoryError extends Error {
  override readonly name = 'EmptyRepositoryError';
  constructor(readonly folder: string) {
    super(`the repository has no commits yet: ${folder}`);
  }
}

/** A git command failed for a reason not covered by the typed errors above. */
export class GitCommandError extends Error {
  override readonly name = 'GitCommandError';
  constructor(
    readonly args: readonly string[],
    readonly stderr: string,
  ) {
    super(`git ${subcommandOf(args)} failed: ${stderr.trim().split('\n')[0] ?? ''}`);
  }
}

/** The command's name and first argument for a message, past any `-c key=value` given before it. */
function subcommandOf(args: readonly string[]): string {
  let start = 0;
  while (args[start] === '-c' && start + 1 < args.length) {
    start += 2;
  }
  return args.slice(start, start + 2).join(' ');
}

/** Thrown when an AbortSignal stops the work; callers treat it as "stopped", not as a failure to report. */
export class CancelledError extends Error {
  override readonly name = 'CancelledError';
  constructor() {
    super('cancelled');
  }
}

export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) {
    throw new CancelledError();
  }
}

export interface GitOptions {
  /** The work tree or any folder inside it. */
  readonly cwd: string;
  readonly signal?: AbortSignal;
  /** The git binary; defaults to `git` on PATH. */
  readonly binary?: string;
}

const PINNED_CONFIG = ['core.quotepath=off', 'color.ui=false', 'log.showSignature=false', 'i18n.logOutputEncoding=UTF-8'];

/**
 * A simple-git instance for one folder. Pager, colour and locale are pinned so the output we parse
 * does not depend on the user's git config.
 */
export function createGit(options: GitOptions): SimpleGit {
  return simpleGit({
    baseDir: options.cwd,
    binary: options.binary ?? 'git',
    maxConcurrentProcesses: 4,
    trimmed: false,
    abort: options.signal,
    config: [...PINNED_CONFIG],
    // simple-git rejects any guarded variable passed through .env() unless it is named here.
    allowEnvironment: ['GIT_TERMINAL_PROMPT'],
    // No GIT_PAGER: stdout is a pipe, so git never starts a pager (and simple-git refuses GIT_PAGER).
  }).env({ ...processEnvWithoutGitVars(), LC_ALL: 'C', GIT_TERMINAL_PROMPT: '0' });
}

/** Runs git and returns stdout as text; for small outputs only. */
export async function runGit(options: GitOptions, args: readonly string[]): Promise<string> {
  throwIfAborted(options.signal);
  try {
    return await createGit(options).raw([...args]);
  } catch (error) {
    throw translateGitError(error, options, args);
  }
}

/**
 * Runs git with `input` on its standard input (simple-git has no way to pass one) and returns stdout
 * as text; for small outputs only. Same pinned configuration, environment and typed errors as
 * {@link runGit}.
 */
export function runGitWithInput(options: GitOptions, args: readonly string[], input: string): Promise<string> {
  throwIfAborted(options.signal);
  return new Promise((resolve, reject) => {
    const child = spawn(options.binary ?? 'git', [...PINNED_CONFIG.flatMap((setting) => ['-c', setting]), ...args], {
      cwd: options.cwd,
      env: { ...processEnvWithoutGitVars(), LC_ALL: 'C', GIT_TERMINAL_PROMPT: '0' },
      stdio: ['pipe', 'pipe', 'pipe'],
      ...(options.signal ? { signal: options.signal } : {}),
    });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
    // git may exit before reading all of its input (a bad argument): that is its exit code's story.
    child.stdin.on('error', () => undefined);
    child.on('error', (error) => reject(translateGitError(error, options, args)));
    child.on('close', (code) => {
      if (code === 0) {
        resolve(Buffer.concat(stdout).toString('utf8'));
      } else {
        reject(translateGitError(new Error(Buffer.concat(stderr).toString('utf8')), options, args));
      }
    });
    child.stdin.end(input);
  });
}

/**
 * Runs git and hands its stdout to `onData` chunk by chunk as it arrives, without ever holding the
 * whole output: simple-git normally collects stdout into one buffer, so its own collector is detached
 * from the stream before the first chunk (the output handler is called right after spawn).
 */
export async function streamGit(
  options: GitOptions,
  args: readonly string[],
  onData: (chunk: Buffer) => void,
): Promise<void> {
  throwIfAborted(options.signal);
  /** What `onData` threw, boxed so that any thrown value, `undefined` too, is told from none. */
  let consumerFailure: { error: unknown } | undefined;
  const git = createGit(options).outputHandler((_command: string, stdout: NodeJS.ReadableStream) => {
    stdout.removeAllListeners('data');
    stdout.on('data', (chunk: Buffer) => {
      if (consumerFailure) {
        return;
      }
      try {
        onData(chunk);
      } catch (error) {
        consumerFailure = { error };
        (stdout as NodeJS.ReadableStream & { destroy(): void }).destroy();
      }
    });
  });
  try {
    await git.raw([...args]);
  } catch (error) {
    if (consumerFailure) {
      throw consumerFailure.error;
    }
    throw translateGitError(error, options, args);
  }
  if (consumerFailure) {
    throw consumerFailure.error;
  }
}

/**
 * Splits a byte stream on a separator byte, decoding each record as UTF-8 only once it is whole,
 * so a multi-byte character split across chunks is never mangled.
 */
export class RecordSplitter {
  private pending: Buffer[] = [];

  constructor(
    private readonly separator: number,
    private readonly onRecord: (record: string) => void,
  ) {}

  push(chunk: Buffer): void {
    let start = 0;
    let index = chunk.indexOf(this.separator, start);
    while (index !== -1) {
      const piece = chunk.subarray(start, index);
      if (this.pending.length > 0) {
        this.pending.push(piece);
        this.onRecord(Buffer.concat(this.pending).toString('utf8'));
        this.pending = [];
      } else {
        this.onRecord(piece.toString('utf8'));
      }
      start = index + 1;
      index = chunk.indexOf(this.separator, start);
    }
    if (start < chunk.length) {
      // Copy: the chunk's memory may be reused by the stream.
      this.pending.push(Buffer.from(chunk.subarray(start)));
    }
  }

  /** Emits what is left after the last separator, if anything. */
  end(): void {
    if (this.pending.length > 0) {
      this.onRecord(Buffer.concat(this.pending).toString('utf8'));
      this.pending = [];
    }
  }
}

function translateGitError(error: unknown, options: GitOptions, args: readonly string[]): Error {
  if (options.signal?.aborted) {
    return new CancelledError();
  }
  const text = error instanceof Error ? error.message : String(error);
  if (/ENOENT|spawn .* not found|not found in PATH/i.test(text) || (error as { code?: string })?.code === 'ENOENT') {
    return new GitNotFoundError(`git is not installed or not on PATH (${options.binary ?? 'git'})`);
  }
  // simple-git refuses a folder that does not exist before spawning anything.
  if (error instanceof GitConstructError || /not a git repository/i.test(text)) {
    return new NotAGitRepositoryError(options.cwd);
  }
  if (/does not have any commits yet|ambiguous argument 'HEAD'|unknown revision or path not in the working tree.*HEAD|bad (default )?revision 'HEAD'/is.test(text)) {
    return new EmptyRepositoryError(options.cwd);
  }
  if (error instanceof Error && error.name === 'AbortError') {
    return new CancelledError();
  }
  return new GitCommandError(args, text);
}

/**
 * The parent's environment without git's own variables and the editor/pager/askpass/ssh ones.
 * GIT_DIR and friends leak in when we run under a git hook and would point every command at the
 * wrong repository; and simple-git 4 refuses to run at all when any of these guarded keys is passed
 * through `.env()` (an `EDITOR` set by the user's shell or by npm is enough). None of them matters
 * to the read-only commands the engine runs.
 */
function processEnvWithoutGitVars(): Record<string, string> {
  const env: Record<string, string> = {};
  // eslint-disable-next-line no-restricted-globals -- the child process inherits the parent's environment by design.
  for (const [key, value] of Object.entries(process.env)) {
    if (value !== undefined && !/^(GIT_.*|EDITOR|VISUAL|PAGER|PREFIX|SSH_ASKPASS)$/i.test(key)) {
      env[key] = value;
    }
  }
  return env;
}
