// `npm start -- <arguments>`: builds the CLI, then runs it with those arguments, as the installed
// `debt-lens` would. Without arguments it scans this checkout; a bare path (`npm start -- ../app`) is
// scanned too, as the README has always promised.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const build = spawnSync(process.execPath, [path.join(root, 'esbuild.js'), '--cli-only'], { stdio: 'inherit' });
if (build.status !== 0) {
  process.exit(build.status ?? 1);
}
const args = process.argv.slice(2);
const commands = new Set(['scan', 'debt', 'review']);
const first = args[0];
const argv = first !== undefined && !first.startsWith('-') && !commands.has(first) ? ['scan', ...args] : args;
const cli = spawnSync(process.execPath, [path.join(root, 'dist', 'cli.js'), ...argv], { stdio: 'inherit' });
if (cli.signal) {
  process.kill(process.pid, cli.signal);
}
process.exit(cli.status ?? 1);
