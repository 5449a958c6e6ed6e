import * as assert from 'node:assert/strict';
import { readFunctionHistory } from '../../../src/core/history/functionHistory';
import { listFunctionLayout } from '../../../src/core/metrics/functionLayout';
import { GitRepoBuilder } from '../support/gitRepoBuilder';

const V1 = `export class Session {
  refresh(): number {
    let total = 0;
    for (let i = 0; i < 3; i++) {
      total += i;
    }
    return total;
  }

  close(): void {
    console.log('closed');
  }
}

export function helper(x: number): number {
  return x * 2;
}
`;

describe('readFunctionHistory (X-Ray)', () => {
  let repo: GitRepoBuilder;
  const commits = new Map<string, string>();
  let headText: string;

  before(() => {
    repo = GitRepoBuilder.create();
    repo.write('README.md', 'old\n').commit({ message: 'before the window', date: '2025-06-01T10:00:00Z' });
    // c1 creates the file: every function is touched by its added lines.
    repo.write('src/session.ts', V1);
    commits.set(repo.commit({ message: 'c1 create', date: '2026-01-10T10:00:00Z' }), 'src/session.ts');
    // c2 edits one line inside refresh.
    repo.write('src/session.ts', repo.read('src/session.ts').replace('total += i;', 'total += i * 2;'));
    commits.set(repo.commit({ message: 'c2 refresh', date: '2026-02-10T10:00:00Z' }), 'src/session.ts');
    // c3 shifts everything down two lines (outside any function) and edits close.
    repo.write('src/session.ts', '// Session handling\n\n' + repo.read('src/session.ts').replace("'closed'", "'session closed'"));
    commits.set(repo.commit({ message: 'c3 close', date: '2026-03-10T10:00:00Z' }), 'src/session.ts');
    // c4 renames the file and deletes one line of refresh (a pure deletion hunk).
    repo.rename('src/session.ts', 'src/core/session.ts');
    repo.write('src/core/session.ts', repo.read('src/core/session.ts').replace('    let total = 0;\n', ''));
    commits.set(repo.commit({ message: 'c4 move', date: '2026-04-10T10:00:00Z' }), 'src/core/session.ts');
    // c5 edits refresh and helper.
    repo.write('src/core/session.ts', repo.read('src/core/session.ts').replace('return total;', 'return total + 1;').replace('x * 2', 'x * 3'));
    commits.set(repo.commit({ message: 'c5 both', date: '2026-05-10T10:00:00Z' }), 'src/core/session.ts');
    repo.write('other.ts', 'export const other = 1;\n').commit({ message: 'unrelated', date: '2026-05-20T10:00:00Z' });
    // c6 is after the window's end: walked through (undone) but not counted.
    repo.write('src/core/session.ts', repo.read('src/core/session.ts').replace('x * 3', 'x * 4'));
    repo.commit({ message: 'c6 after the window', date: '2026-06-10T10:00:00Z' });
    headText = repo.read('src/core/session.ts');
  });

  after(() => repo.cleanup());

  it("maps each commit's changed lines onto the functions of that commit's version, across a rename", async () => {
    const stats = await readFunctionHistory(
      { cwd: repo.dir },
      { path: 'src/core/session.ts', historicalPaths: ['src/core/session.ts', 'src/session.ts'], commits, headText, since: new Date('2026-01-01T00:00:00Z') },
      listFunctionLayout,
    );
    // commits: [index in the request's order (c1…c5), lines added inside the function]. c1 wrote
    // refresh (7 lines), close and helper (3 each); c4's pure deletion in refresh added nothing.
    assert.deepEqual(Object.fromEntries(stats), {
      'Session.refresh': { revisions: 4, churn: 12, commits: [[4, 1], [3, 0], [1, 1], [0, 7]] },
      'Session.close': { revisions: 2, churn: 5, commits: [[2, 1], [0, 3]] },
      helper: { revisions: 2, churn: 5, commits: [[4, 1], [0, 3]] },
    });
  });

  it('counts only the commits it is given', async () => {
    const onlyLast = new Map([...commits].slice(-1));
    const stats = await readFunctionHistory(
      { cwd: repo.dir },
      { path: 'src/core/session.ts', historicalPaths: ['src/core/session.ts', 'src/session.ts'], commits: onlyLast, headText, since: new Date('2026-01-01T00:00:00Z') },
      listFunctionLayout,
    );
    assert.deepEqual(Object.fromEntries(stats), { 'Session.refresh': { revisions: 1, churn: 2, commits: [[0, 1]] }, helper: { revisions: 1, churn: 2, commits: [[0, 1]] } });
  });
});
