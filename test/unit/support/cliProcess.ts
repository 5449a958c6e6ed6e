import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';

export const PROJECT_ROOT = path.resolve(__dirname, '../../..');
const MAIN = path.join(PROJECT_ROOT, 'src/cli/main.ts');
// Absolute, so the child can run from any folder (tsx is resolved from the project, not the cwd).
const TSX = pathToFileURL(require.resolve('tsx')).href;

/** What a CLI run left: its exit code and both streams. */
export interface CliRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** The command line that runs the real CLI entry point from its TypeScript source. */
export function cliCommand(args: readonly string[]): [string, string[]] {
  return [process.execPath, ['--import', TSX, MAIN, ...args]];
}

/** Runs the real CLI entry point in a child process, as a user would. */
export function runCliProcess(args: readonly string[], cwd: string, env: NodeJS.ProcessEnv): CliRun {
  const [command, argv] = cliCommand(args);
  const result = spawnSync(command, argv, { cwd, env, encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}
