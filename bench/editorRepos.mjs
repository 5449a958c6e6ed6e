// Shared by the editor benchmarks (editorActivation.mjs, ledgerLatency.mjs): which repository they open, and
// the CLI cold scan of it they are held against, measured the way `npm run bench` measures it.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { root } from '../test/host/codeServer.mjs';

export const SYNTHETIC = path.join(root, '.cache', 'bench', 'synthetic-v1', 'repo');

/**
 * Runs a TypeScript expression of the bench's generators under tsx (they are not bundled for the editor
 * benchmarks). `require`, not `import()`: tsx hands a dynamic import of a .ts module from `-e` only a `default`.
 */
function generate(expression) {
  execFileSync(process.execPath, ['--import', 'tsx', '-e', expression], { cwd: root, stdio: 'inherit' });
}

/**
 * The repository to open: the one given, else the ~3,500-file one of the big-files mode (`--large`, generated
 * once by bench/syntheticLarge.ts), else the benchmark's synthetic one (~2,000 files).
 */
export function benchRepo({ repoArg, large, log }) {
  if (repoArg) {
    const repo = path.resolve(repoArg);
    if (!existsSync(repo)) {
      throw new Error(`no such folder: ${repo}`);
    }
    return execFileSync('git', ['rev-parse', '--show-toplevel'], { cwd: repo, encoding: 'utf8' }).trim();
  }
  if (large) {
    log('the ~3,500-file repository (generated once, a few minutes)');
    const out = path.join(mkdtempSync(path.join(os.tmpdir(), 'debt-lens-bench-repo-')), 'path.txt');
    generate(`require('./bench/syntheticLarge.ts').ensureLargeRepo(${JSON.stringify(root)}, require('./bench/scaleModes.ts').LARGE_REPO, { regenerate: false, log: console.error }).then((info) => require('node:fs').writeFileSync(${JSON.stringify(out)}, info.path))`);
    const repo = readFileSync(out, 'utf8').trim();
    rmSync(path.dirname(out), { recursive: true, force: true });
    return repo;
  }
  if (!existsSync(SYNTHETIC)) {
    log('generating the synthetic repository (once)');
    generate(`require('./bench/syntheticRepo.ts').ensureSyntheticRepo(${JSON.stringify(root)}, { regenerate: false, log: console.error })`);
  }
  return SYNTHETIC;
}

/**
 * The CLI's cold scan of `repo`, as `npm run bench` times it: `scan --format json --cache-dir <empty dir>`,
 * wall clock from spawn to exit, Node's start-up included. Resolves with seconds and the log's phase lines.
 */
export function cliColdScan(repo) {
  const cacheDir = mkdtempSync(path.join(os.tmpdir(), 'debt-lens-bench-cli-cache-'));
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, [path.join(root, 'dist', 'cli.js'), 'scan', repo, '--format', 'json', '--cache-dir', cacheDir], { cwd: repo, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk) => {
      stderr = (stderr + chunk.toString('utf8')).slice(-16_384);
    });
    child.on('error', reject);
    child.on('close', (code) => {
      const seconds = (performance.now() - started) / 1000;
      rmSync(cacheDir, { recursive: true, force: true });
      if (code !== 0) {
        reject(new Error(`the CLI cold scan exited with ${code}: ${stderr.trim().split('\n').pop()}`));
        return;
      }
      resolve({ seconds, phases: [...stderr.matchAll(/debt-lens: ([\w -]+): done in ([\d.]+) s/g)].map((m) => `${m[1]} ${m[2]} s`).join(', ') });
    });
  });
}

export function median(values) {
  const sorted = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  if (sorted.length === 0) {
    return NaN;
  }
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

export function loadAverage() {
  return os.loadavg().map((value) => value.toFixed(2)).join(' ');
}
