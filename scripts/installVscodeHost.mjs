#!/usr/bin/env node
// Installs a real VS Code host for in-host tests, outside the project's dependencies:
// code-server (VS Code 1.100 server + web workbench) and playwright-core (drives Debian's Chromium)
// into .cache/vscode-host/. Idempotent: skipped when the marker file matches. See docs in
// /work/shared/guides/vscode-host-offline.md (no downloads besides the npm registry and apt).
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync, rmSync, copyFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const CODE_SERVER_VERSION = '4.100.3';
export const PLAYWRIGHT_CORE_VERSION = '1.65.1';
/** Chromium drives the workbench; libkrb5-dev and ripgrep serve code-server's native modules; the emoji font
 * draws the 🔥 of the CodeLens titles in the end-to-end screenshots. */
export const SYSTEM_PACKAGES = ['chromium', 'libkrb5-dev', 'ripgrep', 'fonts-noto-color-emoji'];
const RIPGREP_CACHE = 'vscode-ripgrep-cache-1.15.11';
const RIPGREP_TARBALL = 'ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const hostDir = path.join(root, '.cache', 'vscode-host');
const marker = path.join(hostDir, '.installed.json');
const wanted = { codeServer: CODE_SERVER_VERSION, playwrightCore: PLAYWRIGHT_CORE_VERSION };
const started = Date.now();
const log = (message) => console.log(`[vscode-host] ${message} (+${((Date.now() - started) / 1000).toFixed(1)}s)`);

function run(cmd, args, options = {}) {
  log(`$ ${cmd} ${args.join(' ')}`);
  const result = spawnSync(cmd, args, { stdio: 'inherit', ...options });
  if (result.status !== 0) {
    throw new Error(`${cmd} ${args.join(' ')} failed with ${result.status ?? result.signal}`);
  }
}

function isInstalledDeb(pkg) {
  return spawnSync('dpkg-query', ['-W', '-f=${Status}', pkg], { encoding: 'utf8' }).stdout?.includes('install ok installed');
}

function ensureSystemPackages() {
  const missing = SYSTEM_PACKAGES.filter((pkg) => !isInstalledDeb(pkg));
  if (missing.length === 0) {
    log(`system packages ${SYSTEM_PACKAGES.join(', ')} already installed`);
    return;
  }
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const install = ['install', '-y', '--no-install-recommends', ...missing];
  log(`installing system packages: ${missing.join(', ')}`);
  const first = spawnSync('apt-get', install, { stdio: 'inherit', env });
  if (first.status !== 0) {
    run('apt-get', ['update'], { env });
    run('apt-get', install, { env });
  }
}

function chromiumMajor() {
  const out = execFileSync('/usr/bin/chromium', ['--version'], { encoding: 'utf8' });
  log(out.trim());
  return Number(/(\d+)\./.exec(out)?.[1]);
}

/** @vscode/ripgrep's postinstall downloads rg; give it Debian's rg through its cache folder instead. */
function seedRipgrepCache(tmpDir) {
  const cacheDir = path.join(tmpDir, RIPGREP_CACHE);
  const tarball = path.join(cacheDir, RIPGREP_TARBALL);
  if (existsSync(tarball)) {
    return;
  }
  mkdirSync(path.join(cacheDir, 'stage'), { recursive: true });
  copyFileSync('/usr/bin/rg', path.join(cacheDir, 'stage', 'rg'));
  run('tar', ['-czf', tarball, '-C', path.join(cacheDir, 'stage'), 'rg']);
  rmSync(path.join(cacheDir, 'stage'), { recursive: true, force: true });
}

/** Did code-server's postinstall (which installs VS Code's own native modules) run? */
function postinstallProblems() {
  const cs = path.join(hostDir, 'node_modules', 'code-server');
  const checks = {
    'code-server entry': path.join(cs, 'out', 'node', 'entry.js'),
    'VS Code node_modules': path.join(cs, 'lib', 'vscode', 'node_modules'),
    'node-pty native build': path.join(cs, 'lib', 'vscode', 'node_modules', 'node-pty', 'build', 'Release', 'pty.node'),
    '@vscode/ripgrep rg': path.join(cs, 'lib', 'vscode', 'node_modules', '@vscode', 'ripgrep', 'bin', 'rg'),
    '@vscode/spdlog native build': path.join(cs, 'lib', 'vscode', 'node_modules', '@vscode', 'spdlog', 'build', 'Release', 'spdlog.node'),
  };
  return Object.entries(checks).filter(([, file]) => !existsSync(file)).map(([name, file]) => `${name} missing (${path.relative(hostDir, file)})`);
}

function main() {
  // Checked on every run (a dpkg query): a package added to the list reaches machines that installed the host before.
  ensureSystemPackages();
  if (existsSync(marker)) {
    try {
      const got = JSON.parse(readFileSync(marker, 'utf8'));
      if (got.codeServer === wanted.codeServer && got.playwrightCore === wanted.playwrightCore && postinstallProblems().length === 0) {
        console.log(`[vscode-host] already installed in ${path.relative(root, hostDir)} (code-server ${got.codeServer}, playwright-core ${got.playwrightCore}); skipping`);
        return;
      }
    } catch {
      // fall through and reinstall
    }
    log('marker outdated or install incomplete: reinstalling');
  }
  mkdirSync(hostDir, { recursive: true });
  log(`Chromium major version ${chromiumMajor()}`);

  const tmpDir = path.join(hostDir, 'tmp');
  mkdirSync(tmpDir, { recursive: true });
  seedRipgrepCache(tmpDir);

  // A private package.json: keeps npm from walking up into the project, and its allowScripts field
  // lets npm 11 run the install scripts that code-server needs (npm 11 may skip unapproved ones).
  const allowScripts = {
    'code-server': true, '@vscode/ripgrep': true, 'node-pty': true, argon2: true, kerberos: true,
    '@parcel/watcher': true, '@vscode/spdlog': true, 'native-watchdog': true, '@vscode/deviceid': true,
    '@vscode/native-watchdog': true, '@vscode/windows-registry': true, 'vsda': true,
  };
  writeFileSync(path.join(hostDir, 'package.json'), `${JSON.stringify({
    name: 'debt-lens-vscode-host', private: true, description: 'VS Code host for in-host tests (generated by scripts/installVscodeHost.mjs)',
    dependencies: { 'code-server': CODE_SERVER_VERSION, 'playwright-core': PLAYWRIGHT_CORE_VERSION },
    allowScripts,
  }, null, 2)}\n`);

  const env = {
    ...process.env,
    TMPDIR: tmpDir,
    npm_config_unsafe_perm: 'true', // code-server's postinstall refuses root otherwise
    npm_config_yes: 'true', // node-pty's postinstall runs `npx node-gyp`
    npm_config_nodedir: '/usr', // node-gyp uses the local Node headers instead of downloading them
    npm_config_fund: 'false',
    npm_config_audit: 'false',
    npm_config_update_notifier: 'false',
  };
  run('npm', ['install', '--no-package-lock', '--foreground-scripts', '--loglevel=warn'], { cwd: hostDir, env });

  // npm 11 (11.19 here) runs dependency install scripts that allowScripts does not cover with a notice
  // ("npm warn install-scripts … not yet covered by allowScripts"), but its docs announce that they will be
  // skipped by default. code-server's postinstall runs a nested `npm install` in lib/vscode, which our
  // allowScripts does not reach; so check its results and, if they are missing, rerun it with all install
  // scripts allowed for that one nested install (the packages are VS Code's own native modules).
  let problems = postinstallProblems();
  if (problems.length > 0) {
    log(`code-server's postinstall did not complete: ${problems.join('; ')}. Rerunning it with install scripts allowed.`);
    run('sh', ['./postinstall.sh'], {
      cwd: path.join(hostDir, 'node_modules', 'code-server'),
      env: { ...env, npm_config_user_agent: `npm/${execFileSync('npm', ['--version'], { encoding: 'utf8' }).trim()} node/${process.version} linux x64`, npm_config_dangerously_allow_all_scripts: 'true' },
    });
    problems = postinstallProblems();
  }
  if (problems.length > 0) {
    throw new Error(`code-server install incomplete: ${problems.join('; ')}`);
  }
  writeFileSync(marker, `${JSON.stringify({ ...wanted, installedAt: new Date().toISOString(), seconds: Math.round((Date.now() - started) / 1000) }, null, 2)}\n`);
  log(`installed code-server ${CODE_SERVER_VERSION} and playwright-core ${PLAYWRIGHT_CORE_VERSION} into ${path.relative(root, hostDir)}`);
}

try {
  main();
} catch (error) {
  console.error(`[vscode-host] install failed: ${error.message}`);
  process.exit(1);
}
