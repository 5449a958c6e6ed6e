// Entry point loaded by the VS Code extension host (extensionTestsPath): runs the in-host mocha suite.
// Same contract as @vscode/test-electron: run() resolves when all tests pass and rejects otherwise.
// The runner tells which scenario the host was started for (DEBT_LENS_HOST_SCENARIO, inherited from
// code-server's environment); each scenario has its own test files. Default: trusted (test-electron).
// Scenarios: trusted, untrusted, not-git, multi-root, no-startup-scan (the fixture repository with the user
// setting debtLens.scan.onStartup off: nothing runs git until Scan Workspace; runInHost.mjs only, since its
// test asks the runner what the workbench shows).
const path = require('node:path');
const fs = require('node:fs');

// Files run in this order, in one mocha run: trusted.test.js changes the ledger and commits at its end,
// and liveBacklog.test.js expects (and restores) what it left; settings.test.js starts from that state and
// changes user settings only, restoring each one.
const FILES = {
  trusted: ['trusted.test.js', 'liveBacklog.test.js', 'settings.test.js'],
  untrusted: ['untrusted.test.js'],
  'not-git': ['notGit.test.js'],
  'multi-root': ['multiRoot.test.js'],
  'no-startup-scan': ['noStartupScan.test.js'],
};

function run() {
  const MochaModule = require('mocha');
  const Mocha = MochaModule.default ?? MochaModule;
  const scenario = process.env.DEBT_LENS_HOST_SCENARIO || 'trusted';
  const mocha = new Mocha({ ui: 'tdd', color: false, timeout: 120000, reporter: 'spec' });
  const files = FILES[scenario];
  if (!files) {
    return Promise.reject(new Error(`unknown scenario ${scenario} (known: ${Object.keys(FILES).join(', ')})`));
  }
  for (const file of files) {
    const full = path.join(__dirname, file);
    if (!fs.existsSync(full)) {
      return Promise.reject(new Error(`missing test file ${full}`));
    }
    mocha.addFile(full);
  }
  console.log(`[suite] scenario ${scenario}: ${files.join(', ')}`);
  return new Promise((resolve, reject) => {
    try {
      mocha.run((failures) => {
        if (failures > 0) {
          reject(new Error(`${failures} in-host test(s) failed (scenario ${scenario}).`));
        } else {
          resolve();
        }
      });
    } catch (error) {
      reject(error);
    }
  });
}

module.exports = { run };
