// Bundles the extension and the CLI. Type-checking is `tsc --noEmit` (npm run typecheck): esbuild only strips types.
const esbuild = require('esbuild');

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');
const cliOnly = process.argv.includes('--cli-only');

/** @type {import('esbuild').BuildOptions} */
const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: !production,
  minify: production,
  sourcesContent: false,
  logLevel: 'warning',
  // Prefer ES module builds: jsonc-parser's UMD build hides its requires from the bundler.
  mainFields: ['module', 'main'],
  // The VS Code API is provided by the host at run time.
  external: ['vscode'],
};

// The CLI runs where its package's dependencies are installed, so the compiler (ts-morph with
// TypeScript, ~10 MB) stays external and is loaded only when a file needs parsing: a warm rescan
// never pays for it. The extension is bundled whole, as a .vsix ships no node_modules.
const cliExternal = ['vscode', 'ts-morph'];
const entries = [
  { entryPoints: ['src/cli/main.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' }, external: cliExternal },
  { entryPoints: ['src/core/scan/parseWorker.ts'], outfile: 'dist/parseWorker.js', external: cliExternal },
  { entryPoints: ['bench/bench.ts'], outfile: 'dist/bench.js', external: cliExternal },
];
/**
 * The extension's engine and parse worker require `ts-morph` from dist/compiler.js, a sibling bundle
 * (a .vsix has no node_modules): the engine's modules initialise lazily, so the extension host's
 * thread compiles TypeScript only when it first parses (a saved file), not to start a scan.
 */
const sharedCompiler = {
  name: 'shared-compiler',
  setup(build) {
    build.onResolve({ filter: /^ts-morph$/ }, () => ({ path: './compiler.js', external: true }));
  },
};
if (!cliOnly) {
  // The extension's own bundle stays small (activation loads it); the engine is a separate file
  // required on first use (src/editor/loadEngine.ts), and the compiler another.
  entries.push({ entryPoints: ['src/extension.ts'], outfile: 'dist/extension.js' });
  entries.push({ entryPoints: ['src/editor/engineBundle.ts'], outfile: 'dist/engine.js', plugins: [sharedCompiler] });
  entries.push({ entryPoints: ['src/editor/compilerBundle.ts'], outfile: 'dist/compiler.js' });
  // The CLI keeps its own worker loading ts-morph from node_modules: measured 0.15 s and 30 MB
  // cheaper per cold scan than one with the compiler inlined.
  entries.push({ entryPoints: ['src/core/scan/parseWorker.ts'], outfile: 'dist/editorParseWorker.js', plugins: [sharedCompiler] });
  // The impact panel's script runs in the webview (a browser page), with Chart.js bundled in: the
  // panel's CSP loads nothing remote.
  entries.push({ entryPoints: ['src/webview/impactView.ts'], outfile: 'dist/webview/impactView.js', platform: 'browser', format: 'iife', target: 'es2022', external: [] });
}

async function main() {
  const contexts = await Promise.all(entries.map((entry) => esbuild.context({ ...common, ...entry })));
  if (watch) {
    await Promise.all(contexts.map((ctx) => ctx.watch()));
    return;
  }
  await Promise.all(contexts.map((ctx) => ctx.rebuild()));
  await Promise.all(contexts.map((ctx) => ctx.dispose()));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
