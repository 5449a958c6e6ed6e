// Entry point loaded by the VS Code extension host (extensionTestsPath): runs the in-host mocha suite.
// Same contract as @vscode/test-electron: run() resolves when all tests pass and rejects otherwise.
const path = require('node:path');
const fs = require('node:fs');

function run() {
  const MochaModule = require('mocha');
  const Mocha = MochaModule.default ?? MochaModule;
  const mocha = new Mocha({ ui: 'tdd', color: false, timeout: 120000, reporter: 'spec' });
  const testsRoot = __dirname;
  for (const file of fs.readdirSync(testsRoot).filter((f) => f.endsWith('.test.js')).sort()) {
    mocha.addFile(path.join(testsRoot, file));
  }
  return new Promise((resolve, reject) => {
    try {
      mocha.run((failures) => {
        if (failures > 0) {
          reject(new Error(`${failures} in-host test(s) failed.`));
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
