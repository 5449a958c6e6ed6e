// Entry point loaded by the VS Code extension host (extensionTestsPath): runs the in-host mocha suite.
// Same contract as @vscode/test-electron: run() resolves when all tests pass and rejects otherwise.
// The runner tells which scenario the host was started for (DEBT_LENS_HOST_SCENARIO, inherited from
// code-server's environment); each scenario has its own test files. Default: trusted (test-electron).
// Scenarios: trusted, untrusted, not-git, multi-root, no-startup-scan (the fixture repository with the user
// setting debtLens.scan.onStartup off: nothing runs git until Scan Workspace; runInHost.mjs only, since its
// test asks the runner what the workbench shows).
//
// Every test sets up and puts back the state it needs (ledger entries, HEAD, files, settings), so the files of
// a scenario and the tests of a suite run in any order. To check it, or to run a few tests alone (all from the
// runner's environment, which the extension host inherits):
//   DEBT_LENS_HOST_ORDER=reverse   the files, and the tests of every suite, in reverse order
//   DEBT_LENS_HOST_ORDER=shuffle   in a random order; DEBT_LENS_HOST_SEED=<n> repeats one (the seed is logged)
//   DEBT_LENS_HOST_GREP=<text>     only the tests whose full title contains the text (a regular expression)
// A file's suites keep their order: they are phases of one story (no-startup-scan: before any scan, then after
// Scan Workspace), each with its own setup.
const path = require('node:path');
const fs = require('node:fs');

const FILES = {
  trusted: ['trusted.test.js', 'ledgerWrites.test.js', 'branch.test.js', 'liveBacklog.test.js', 'settings.test.js'],
  untrusted: ['untrusted.test.js'],
  'not-git': ['notGit.test.js'],
  'multi-root': ['multiRoot.test.js'],
  'no-startup-scan': ['noStartupScan.test.js'],
};

/** A small seeded generator (mulberry32): the same seed, the same order. */
function random(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `items` in the order DEBT_LENS_HOST_ORDER asks for. */
function reorder(items, order, next) {
  if (order === 'reverse') {
    return [...items].reverse();
  }
  const shuffled = [...items];
  for (let i = shuffled.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [shuffled[i], shuffled[j]] = [shuffled[j], shuffled[i]];
  }
  return shuffled;
}

/** Reorders the tests of `suite` and of every suite in it; the suites themselves keep their order. */
function reorderTests(suite, order, next) {
  suite.tests = reorder(suite.tests, order, next);
  for (const child of suite.suites) {
    reorderTests(child, order, next);
  }
}

async function run() {
  const MochaModule = require('mocha');
  const Mocha = MochaModule.default ?? MochaModule;
  const scenario = process.env.DEBT_LENS_HOST_SCENARIO || 'trusted';
  const order = process.env.DEBT_LENS_HOST_ORDER || 'as-listed';
  const grep = process.env.DEBT_LENS_HOST_GREP;
  const mocha = new Mocha({ ui: 'tdd', color: false, timeout: 120000, reporter: 'spec', ...(grep && { grep }) });
  const files = FILES[scenario];
  if (!files) {
    throw new Error(`unknown scenario ${scenario} (known: ${Object.keys(FILES).join(', ')})`);
  }
  if (!['as-listed', 'reverse', 'shuffle'].includes(order)) {
    throw new Error(`unknown DEBT_LENS_HOST_ORDER ${order} (known: reverse, shuffle)`);
  }
  for (const file of files) {
    const full = path.join(__dirname, file);
    if (!fs.existsSync(full)) {
      throw new Error(`missing test file ${full}`);
    }
    mocha.addFile(full);
  }
  // Loaded here, with require as mocha.run would, so that the suites can be reordered before they run.
  mocha.loadFiles();
  mocha.lazyLoadFiles(true);
  let described = '';
  if (order !== 'as-listed') {
    const seed = Number(process.env.DEBT_LENS_HOST_SEED || Math.floor(Math.random() * 2 ** 31));
    const next = random(seed);
    // A file's top-level suites move together, in their own order.
    const byFile = new Map();
    for (const suite of mocha.suite.suites) {
      byFile.set(suite.file, [...(byFile.get(suite.file) ?? []), suite]);
    }
    const fileOrder = reorder([...byFile.keys()], order, next);
    mocha.suite.suites = fileOrder.flatMap((file) => byFile.get(file));
    reorderTests(mocha.suite, order, next);
    described = ` (order ${order}${order === 'shuffle' ? `, DEBT_LENS_HOST_SEED=${seed}` : ''}: ${fileOrder.map((file) => path.basename(file)).join(', ')})`;
  }
  console.log(`[suite] scenario ${scenario}: ${files.join(', ')}${described}${grep ? `, grep ${JSON.stringify(grep)}` : ''}`);
  return new Promise((resolve, reject) => {
    mocha.run((failures) => {
      if (failures > 0) {
        reject(new Error(`${failures} in-host test(s) failed (scenario ${scenario}).`));
      } else {
        resolve();
      }
    });
  });
}

module.exports = { run };
