import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { PROJECT_ROOT } from '../support/cliProcess';
import { assertCompleted, runBounded } from './faultSupport';

/**
 * Issue 10, case 22: test/unit/backlog/backlogCache.test.ts races real 80 and 200 ms HTTP deadlines
 * against a local server, and failed once in a full run. Here it runs (unchanged) in a child mocha
 * whose event loop stalls for 250 ms every 100 ms (./stallEventLoop.js): with the clock and the
 * timers injected, as the issue asks, a stall changes nothing; today three of its tests fail.
 */
describe('issue 10 · the flaky test', function () {
  this.timeout(180_000);

  it('case 22: backlogCache.test.ts passes on a machine whose event loop stalls for 250 ms at a time', () => {
    const mocha = require.resolve('mocha/bin/mocha.js');
    const run = runBounded(
      process.execPath,
      [mocha, '--no-config', '--node-option', 'import=tsx', '--extension', 'ts', '--timeout', '60000', '--require', path.join(__dirname, 'stallEventLoop.js'), 'test/unit/backlog/backlogCache.test.ts'],
      { cwd: PROJECT_ROOT, timeoutMs: 150_000 },
    );
    assertCompleted(run, 'mocha backlogCache.test.ts');
    const summary = run.stdout.split('\n').filter((line) => /passing|failing|^\s+\d+\) /.test(line)).join('\n');
    assert.equal(run.code, 0, `backlogCache.test.ts fails when the machine stalls:\n${summary}`);
  });
});
