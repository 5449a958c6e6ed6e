import * as assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { cliCommand } from '../support/cliProcess';
import type { GitRepoBuilder } from '../support/gitRepoBuilder';

/**
 * Shared by the fault tests of issue 10. Every test drives the real CLI in a child process (never an
 * internal module: src/ is being refactored) and checks what a user sees: the exit code, standard
 * error, the bytes of their files, and that the run ends.
 */

/** How long a run that should be quick may take before the test calls it a hang (a tiny repository). */
export const BOUND_MS = 30_000;
/** For the runs that hang today: short, so a hang costs little, but far above a normal run. */
export const HANG_BOUND_MS = 20_000;

export interface BoundedRun {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  /** Raw bytes: some tests look for control bytes a string decoder would hide. */
  readonly stdoutBytes: Buffer;
  readonly stdout: string;
  readonly stderr: string;
  readonly timedOut: boolean;
  readonly ms: number;
}

export interface RunOptions {
  readonly cwd?: string;
  readonly env?: NodeJS.ProcessEnv;
  readonly timeoutMs?: number;
  /** Run the child as this user (needs root): the tests of unwritable folders run as `nobody`. */
  readonly uid?: number;
  readonly gid?: number;
  readonly input?: string | Buffer;
}

/** The environment of the child: no tracker tokens or trusted hosts of whoever runs the tests. */
export function childEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const name of ['GITHUB_TOKEN', 'GH_TOKEN', 'JIRA_TOKEN', 'JIRA_EMAIL', 'DEBT_LENS_TRUSTED_HOSTS']) {
    delete env[name];
  }
  return { ...env, ...extra };
}

/** Any command, bounded: on timeout the child is killed with SIGKILL (the /proc loop ignores SIGTERM). */
export function runBounded(command: string, args: readonly string[], options: RunOptions = {}): BoundedRun {
  const started = Date.now();
  const result = spawnSync(command, args, {
    cwd: options.cwd ?? os.tmpdir(),
    env: options.env ?? childEnv(),
    timeout: options.timeoutMs ?? BOUND_MS,
    killSignal: 'SIGKILL',
    maxBuffer: 256 * 1024 * 1024,
    ...(options.uid === undefined ? {} : { uid: options.uid }),
    ...(options.gid === undefined ? {} : { gid: options.gid }),
    ...(options.input === undefined ? {} : { input: options.input }),
  });
  const stdoutBytes = result.stdout ?? Buffer.alloc(0);
  // Annotated, not asserted: spawnSync types its error as Error, which has no `code`.
  const error: NodeJS.ErrnoException | undefined = result.error;
  const timedOut = error?.code === 'ETIMEDOUT';
  if (result.error !== undefined && !timedOut) {
    throw result.error;
  }
  return {
    code: result.status,
    signal: result.signal,
    stdoutBytes,
    stdout: stdoutBytes.toString('utf8'),
    stderr: (result.stderr ?? Buffer.alloc(0)).toString('utf8'),
    timedOut,
    ms: Date.now() - started,
  };
}

/** The real CLI from its TypeScript source, bounded. */
export function runCli(args: readonly string[], options: RunOptions = {}): BoundedRun {
  const [command, argv] = cliCommand(args);
  return runBounded(command, argv, options);
}

/** Fails, with what the run printed, unless it ended by itself within its bound. */
export function assertCompleted(run: BoundedRun, what: string): void {
  assert.ok(!run.timedOut, `${what} did not finish within the bound (killed after ${run.ms} ms); stderr so far: ${JSON.stringify(run.stderr.slice(0, 2000))}`);
}

/** A stack frame anywhere in standard error. */
export function assertNoStackFrame(stderr: string): void {
  assert.doesNotMatch(stderr, /^\s+at /m, `standard error holds a stack trace:\n${stderr}`);
}

/** The hint every usage error ends with today; a usage error may keep it under its one-line cause. */
const USAGE_HINT = /^Run 'debt-lens (\w+ )*--help' for usage\.$/;

/**
 * Standard error is one line (after its trailing newline), with no stack frame, naming the cause.
 * `usage`: an exit-2 error may be followed by the "Run 'debt-lens --help' for usage." hint.
 */
export function assertOneLineError(stderr: string, cause: RegExp, options: { usage?: boolean } = {}): void {
  assertNoStackFrame(stderr);
  const lines = stderr.replace(/\n$/, '').split('\n');
  if (options.usage === true && lines.length === 2 && USAGE_HINT.test(lines[1]!)) {
    lines.pop();
  }
  assert.equal(lines.length, 1, `standard error is not one line:\n${stderr}`);
  assert.match(lines[0]!, cause, stderr === '' ? 'standard error is empty: nothing names the cause' : `standard error does not name the cause:\n${stderr}`);
  // `TypeError: …`, `LedgerFolderError: …`: an exception's own text, printed as it was thrown.
  assert.doesNotMatch(lines[0]!, /\b[A-Z]\w*Error: /, `standard error is a raw exception:\n${stderr}`);
}

/** The exit code, with both streams in the message. */
export function assertExit(run: BoundedRun, code: number): void {
  assert.equal(run.code, code, `exit code ${run.code} (signal ${run.signal}), expected ${code}; stderr:\n${run.stderr}\nstdout:\n${run.stdout.slice(0, 2000)}`);
}

export type TreeNode =
  | { readonly kind: 'file'; readonly mode: number; readonly bytes: Buffer }
  | { readonly kind: 'symlink'; readonly target: string }
  | { readonly kind: 'dir'; readonly mode: number }
  | { readonly kind: 'special'; readonly mode: number };

/**
 * Every entry of the work tree but `.git`, by relative path: a file's bytes, a link's target (never
 * followed), a FIFO only by its type (opening it would block).
 */
export function snapshotTree(root: string, skip: (relative: string) => boolean = () => false): Map<string, TreeNode> {
  const nodes = new Map<string, TreeNode>();
  const walk = (dir: string): void => {
    for (const name of fs.readdirSync(dir).sort()) {
      const full = path.join(dir, name);
      const relative = path.relative(root, full);
      if (relative === '.git' || skip(relative)) {
        continue;
      }
      const stat = fs.lstatSync(full);
      if (stat.isSymbolicLink()) {
        nodes.set(relative, { kind: 'symlink', target: fs.readlinkSync(full) });
      } else if (stat.isDirectory()) {
        nodes.set(relative, { kind: 'dir', mode: stat.mode });
        walk(full);
      } else if (stat.isFile()) {
        nodes.set(relative, { kind: 'file', mode: stat.mode, bytes: fs.readFileSync(full) });
      } else {
        nodes.set(relative, { kind: 'special', mode: stat.mode });
      }
    }
  };
  walk(root);
  return nodes;
}

/** One line per entry, bytes in hex: a diff of two trees that a person can read. */
function describeTree(tree: Map<string, TreeNode>): string[] {
  return [...tree].map(([relative, node]) => {
    switch (node.kind) {
      case 'file':
        return `${relative}: file ${node.mode.toString(8)} ${node.bytes.toString('hex')}`;
      case 'symlink':
        return `${relative}: symlink -> ${node.target}`;
      default:
        return `${relative}: ${node.kind} ${node.mode.toString(8)}`;
    }
  });
}

/** The user's files are exactly as they were: same entries, types, modes, bytes and link targets. */
export function assertTreeUnchanged(root: string, before: Map<string, TreeNode>, skip?: (relative: string) => boolean): void {
  const kept = new Map([...before].filter(([relative]) => skip === undefined || !skip(relative)));
  assert.deepEqual(describeTree(snapshotTree(root, skip)), describeTree(kept), 'the files of the work tree changed (bytes in hex)');
}

/** A scratch folder (realpath, as the CLI prints), removed by the caller. */
export function tempDir(prefix: string): string {
  return fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), prefix)));
}

export function mkfifo(file: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  execFileSync('mkfifo', [file]);
}

/** A minimal valid entry file, as a user would write it by hand. */
export function entryText(id: string, fields: Record<string, string> = {}, body = ''): string {
  const all: Record<string, string> = { id, title: 'A debt entry', status: 'open', severity: 'low', created: '2026-01-01', ...fields };
  return `---\n${Object.entries(all).map(([key, value]) => `${key}: ${value}`).join('\n')}\n---\n${body === '' ? '' : `\n${body}\n`}`;
}

/** Commits one small TypeScript file dated `date`; the fault tests need little history. */
export function commitSource(repo: GitRepoBuilder, file: string, text: string, date: string, message = `edit ${file}`): string {
  repo.write(file, text);
  return repo.commit({ message, date });
}

/** A function with branches, so it has a non-zero cognitive complexity. */
export function sourceWithBranches(variant: number): string {
  return `export function pick(value: number): number {\n  if (value > ${variant}) {\n    return ${variant};\n  }\n  return value > 0 ? 1 : 0;\n}\n`;
}

export interface ScanReportFile {
  readonly path: string;
  readonly revisions: number;
  readonly added: number | null;
  readonly deleted: number | null;
  readonly loc: number | null;
  readonly cognitive: number | null;
  readonly score: number | null;
}

/** The part of the JSON report the fault tests read. */
export interface ScanReport {
  readonly window: { readonly since: string; readonly until: string };
  readonly stats: { readonly commits: number };
  readonly files: readonly ScanReportFile[];
  readonly errors: readonly { readonly path: string; readonly message: string }[];
  readonly warnings: readonly string[];
  readonly ledger?: { readonly diagnostics: readonly unknown[]; readonly markers: { readonly total: number } };
}

export function parseReport(run: BoundedRun): ScanReport {
  try {
    return JSON.parse(run.stdout) as ScanReport;
  } catch {
    assert.fail(`standard output is not a JSON report:\n${run.stdout.slice(0, 2000)}\nstderr:\n${run.stderr}`);
  }
}

export function fileOf(report: ScanReport, file: string): ScanReportFile | undefined {
  return report.files.find((entry) => entry.path === file);
}
