import { spawn } from 'node:child_process';
import { performance } from 'node:perf_hooks';

/** A child process exited non-zero or by a signal; the benchmark cannot report a figure for it. */
export class ChildFailedError extends Error {
  override readonly name = 'ChildFailedError';
  constructor(
    readonly command: string,
    readonly exitCode: number | null,
    readonly signal: NodeJS.Signals | null,
    readonly stderr: string,
  ) {
    super(`${command} ${signal !== null ? `was killed by ${signal}` : `exited with ${String(exitCode)}`}`);
  }
}

export interface ChildResult {
  /** Spawn to exit, process start-up included (ms). */
  readonly wallMs: number;
  /** Bytes the child wrote to stdout (0 when stdout was discarded). */
  readonly stdoutBytes: number;
  /** stdout as text, only when asked for with `stdout: 'capture'`. */
  readonly stdout: string;
  /** The last 64 KB of stderr (progress lines, warnings). */
  readonly stderr: string;
}

export interface ChildOptions {
  readonly cwd?: string;
  readonly env?: NodeJS.ProcessEnv;
  /** `ignore`: to /dev/null; `count`: drained through a pipe and counted, never stored; `capture`: kept. */
  readonly stdout: 'ignore' | 'count' | 'capture';
  /** Written to the child's stdin, which is then closed. */
  readonly input?: string;
  /** Exit codes that count as success (default: 0 only); a peer tool may exit 1 when it has findings. */
  readonly okExitCodes?: readonly number[];
  /** Killed (SIGTERM) after this many ms, and then counted as failed. */
  readonly timeoutMs?: number;
}

const STDERR_TAIL_BYTES = 64 * 1024;

/**
 * The environment for every child: the parent's minus the git variables that would point git at
 * another repository when the benchmark runs under a hook, with pager and locale pinned so output
 * does not depend on the user's configuration.
 */
export function childEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (value !== undefined && !/^GIT_(DIR|WORK_TREE|INDEX_FILE|OBJECT_DIRECTORY|ALTERNATE_OBJECT_DIRECTORIES|COMMON_DIR|PREFIX)$/.test(key)) {
      env[key] = value;
    }
  }
  return { ...env, LC_ALL: 'C', GIT_PAGER: 'cat', GIT_TERMINAL_PROMPT: '0', ...extra };
}

/** Runs a command to completion, timing it from spawn to exit; rejects with the stderr tail when it fails. */
export function runChild(command: string, args: readonly string[], options: ChildOptions): Promise<ChildResult> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(command, [...args], {
      cwd: options.cwd,
      env: options.env ?? childEnv(),
      stdio: [options.input === undefined ? 'ignore' : 'pipe', options.stdout === 'ignore' ? 'ignore' : 'pipe', 'pipe'],
      ...(options.timeoutMs !== undefined && { timeout: options.timeoutMs }),
    });
    let stdoutBytes = 0;
    const captured: Buffer[] = [];
    let stderr = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      stdoutBytes += chunk.length;
      if (options.stdout === 'capture') {
        captured.push(chunk);
      }
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString('utf8')).slice(-STDERR_TAIL_BYTES);
    });
    if (options.input !== undefined) {
      child.stdin?.end(options.input);
    }
    child.on('error', reject);
    child.on('close', (code, signal) => {
      const wallMs = performance.now() - started;
      const display = [command, ...args].join(' ');
      if (code === null || !(options.okExitCodes ?? [0]).includes(code)) {
        reject(new ChildFailedError(display.length > 300 ? `${display.slice(0, 300)}…` : display, code, signal, stderr));
        return;
      }
      resolve({ wallMs, stdoutBytes, stdout: Buffer.concat(captured).toString('utf8'), stderr });
    });
  });
}

/** Runs git and returns its stdout; for small outputs. */
export async function gitOutput(cwd: string, args: readonly string[]): Promise<string> {
  return (await runChild('git', args, { cwd, stdout: 'capture' })).stdout;
}
