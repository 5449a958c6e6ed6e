import { ALICE, BOB, CAROL, GitRepoBuilder } from '../support/gitRepoBuilder';

/** The clock of the scan tests: the default 12-month window is 2025-11-21 → 2026-11-21. */
export const NOW = new Date('2026-11-21T00:00:00Z');

export const BOT = { name: 'dependabot[bot]', email: '49699333+dependabot[bot]@users.noreply.github.com' };

/** Session.refresh: cognitive 6 (if +1, for +2, nested if +3), cyclomatic 4; lines 2–11. */
export function sessionSource(returned: number): string {
  return `export class Session {
  refresh(force: boolean): number {
    if (force) {
      for (const x of [1, 2]) {
        if (x > 1) {
          return x;
        }
      }
    }
    return ${returned};
  }
}
`;
}

/** clamp: cognitive 1 (?:), cyclomatic 2; lines 1–3. */
export function utilSource(limit: number): string {
  return `export function clamp(v: number): number {
  return v > ${limit} ? ${limit} : v;
}
`;
}

/**
 * A repository whose every number the scan tests can work out by hand:
 * - before the window: src/a.ts and src/b.ts created (no revisions in the window);
 * - c1 (Alice) creates session.ts (12 lines) and util.ts (3 lines);
 * - c2…c6 (Bob, Alice, Bob, Alice, Alice) change one line of each;
 * - c7 (Carol) changes session.ts only; c8 (a bot) changes util.ts only;
 * - c9 adds a file that does not parse, a lock file and a generated bundle.
 * So session.ts: 7 revisions, +18/−6; util.ts: 6 revisions (the bot is left out), +8/−5; shared 6.
 */
export function buildScanFixture(): GitRepoBuilder {
  const repo = GitRepoBuilder.create('debt-lens-scan-');
  repo.write('src/a.ts', 'export const a = 1;\n').write('src/b.ts', "import { a } from './a';\nexport const b = a + 1;\n");
  repo.commit({ message: 'start', date: '2025-06-01T10:00:00Z' });
  repo.write('src/session.ts', sessionSource(0)).write('src/util.ts', utilSource(10));
  repo.commit({ message: 'PROJ-1: add session', author: ALICE, date: '2026-01-05T10:00:00Z' });
  const authors = [BOB, ALICE, BOB, ALICE, ALICE];
  authors.forEach((author, i) => {
    repo.write('src/session.ts', sessionSource(i + 1)).write('src/util.ts', utilSource(11 + i));
    repo.commit({ message: i === 0 ? 'PROJ-2: tune (#7)' : `tune ${i + 1}`, author, date: `2026-0${i + 2}-05T10:00:00Z` });
  });
  repo.write('src/session.ts', sessionSource(6)).commit({ message: 'fix #12', author: CAROL, date: '2026-07-05T10:00:00Z' });
  repo.write('src/util.ts', utilSource(99)).commit({ message: 'Bump limit', author: BOT, date: '2026-08-05T10:00:00Z' });
  repo
    .write('src/broken.ts', 'export function (a {\n')
    .write('package-lock.json', '{"lockfileVersion": 3}\n')
    .write('dist/bundle.js', 'export function f(a) { if (a) { return 1; } return 2; }\n')
    .commit({ message: 'add build output', author: ALICE, date: '2026-09-05T10:00:00Z' });
  return repo;
}
