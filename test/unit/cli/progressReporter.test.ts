import * as assert from 'node:assert/strict';
import { createProgressReporter } from '../../../src/cli/progressReporter';

/** What the reporter needs of standard error when it is not a terminal: a write that is recorded. */
function plainStream(): { stream: NodeJS.WriteStream; lines: () => string[] } {
  let text = '';
  const stream = {
    isTTY: false,
    write: (chunk: string): boolean => {
      text += chunk;
      return true;
    },
  } as unknown as NodeJS.WriteStream;
  return { stream, lines: () => text.split('\n').filter((line) => line !== '') };
}

describe('createProgressReporter (not a terminal)', () => {
  it('says that the commits git reads include bots and those after the window, which the report leaves out', () => {
    const { stream, lines } = plainStream();
    const progress = createProgressReporter(stream, false);
    progress.update({ phase: 'history', done: 0, total: 407 });
    progress.update({ phase: 'history', done: 100, total: 407 });
    progress.update({ phase: 'metrics', done: 0, total: 12 });
    progress.update({ phase: 'history', done: 407, total: 407 });
    progress.stop();
    assert.deepEqual(
      lines().map((line) => line.replace(/\d+\.\d s$/, 'N s')),
      [
        'debt-lens: git history: reading 407 commits (bots and commits after the window included; the report leaves them out)',
        'debt-lens: parsing files: 12 files',
        'debt-lens: git history: done in N s',
      ],
    );
  });

  it('prints nothing when quiet', () => {
    const { stream, lines } = plainStream();
    const progress = createProgressReporter(stream, true);
    progress.update({ phase: 'history', done: 0, total: 3 });
    progress.stop();
    assert.deepEqual(lines(), []);
  });
});
