import type { Author } from '../support/gitRepoBuilder';
import { ALICE, BOB, CAROL, GitRepoBuilder } from '../support/gitRepoBuilder';

/** Alice's old identity; `.mailmap` folds it into ALICE. */
export const ALICE_OLD: Author = { name: 'Alice Old', email: 'Alice@Old.Example' };
export const DEPENDABOT: Author = { name: 'dependabot[bot]', email: '49699333+dependabot[bot]@users.noreply.github.com' };

/** `prefix1\n…prefixN\n` for `from..to`. */
export function lines(prefix: string, from: number, to: number): string {
  let text = '';
  for (let i = from; i <= to; i++) {
    text += `${prefix}${i}\n`;
  }
  return text;
}

export interface HistoryFixture {
  readonly repo: GitRepoBuilder;
  /** Commit ids by step name, see {@link buildHistoryFixture}. */
  readonly c: Readonly<Record<string, string>>;
}

/** Unix seconds of a fixture date. */
export function at(date: string): number {
  return Date.parse(date) / 1000;
}

/**
 * A history with the cases history mining must get right. Every date is 10:00Z of the day named.
 *
 * c1  2024-01-01 Alice     "PROJ-1: initial import": .mailmap, src/a.ts (a1..a10), src/b.ts (b1..b10), shared.ts (s1..s5),
 *                          x.ts (x1..x3), gone.ts (g1..g2), tmp/old.ts (o1..o10), docs/guide.md (d1..d10), assets/logo.bin
 * c2  2024-01-10 Alice Old "PROJ-2 extend a": src/a.ts +2
 * c3  2024-02-01 Bob       "Fix #12 in a": src/a.ts +4 −1; shared.ts +5
 * c4  2024-02-15 Bob       "[PROJ-3] move a": src/a.ts → src/core/a.ts, +1
 * c5  2024-03-01 Carol     "GH-7 tweak a": src/core/a.ts +2
 * c6  2024-03-05 dependabot "Bump deps": src/core/a.ts +1; docs/guide.md → docs/manual.md
 * f1  2024-03-10 Carol     (branch feature) "PROJ-3 follow-up": src/core/a.ts +1
 * m1  2024-03-15 Alice     (main) "PROJ-4: notes": notes.md +3
 * mg  2024-03-25 Alice     merge of feature (excluded)
 * c7  2024-04-01 Bob       "PROJ-5 rename b": src/b.ts → src/c.ts; tmp/old.ts → tmp/new.ts
 * c8  2024-04-10 Carol     "PROJ-5 move c to lib": src/c.ts → lib/d.ts, +1 −1
 * c9  2024-05-01 Bob       "Remove x": x.ts deleted (−3); assets/logo.bin changed
 * c10 2024-05-10 Carol     "Bring x back": x.ts re-added (+2)
 * c11 2024-05-20 Alice     "Drop dead code": gone.ts (−2) and tmp/new.ts (−10) deleted
 * c12 2024-06-01 Alice     "Empty marker": no files
 */
export function buildHistoryFixture(): HistoryFixture {
  const repo = GitRepoBuilder.create();
  const c: Record<string, string> = {};
  const day = (date: string): string => `${date}T10:00:00Z`;

  repo
    .write('.mailmap', `${ALICE.name} <${ALICE.email}> ${ALICE_OLD.name} <${ALICE_OLD.email}>\n`)
    .write('src/a.ts', lines('a', 1, 10))
    .write('src/b.ts', lines('b', 1, 10))
    .write('shared.ts', lines('s', 1, 5))
    .write('x.ts', lines('x', 1, 3))
    .write('gone.ts', lines('g', 1, 2))
    .write('tmp/old.ts', lines('o', 1, 10))
    .write('docs/guide.md', lines('d', 1, 10))
    .write('assets/logo.bin', Buffer.from([0, 1, 2, 3, 0, 255]));
  c.c1 = repo.commit({ message: 'PROJ-1: initial import', date: day('2024-01-01') });

  repo.write('src/a.ts', lines('a', 1, 12));
  c.c2 = repo.commit({ message: 'PROJ-2 extend a', author: ALICE_OLD, date: day('2024-01-10') });

  repo.write('src/a.ts', `A1\n${lines('a', 2, 12)}${lines('n', 1, 3)}`).write('shared.ts', lines('s', 1, 5) + lines('t', 1, 5));
  c.c3 = repo.commit({ message: 'Fix #12 in a', author: BOB, date: day('2024-02-01') });

  repo.rename('src/a.ts', 'src/core/a.ts').write('src/core/a.ts', `A1\n${lines('a', 2, 12)}${lines('n', 1, 3)}moved\n`);
  c.c4 = repo.commit({ message: '[PROJ-3] move a', author: BOB, date: day('2024-02-15') });

  const a5 = `A1\n${lines('a', 2, 12)}${lines('n', 1, 3)}moved\n${lines('k', 1, 2)}`;
  repo.write('src/core/a.ts', a5);
  c.c5 = repo.commit({ message: 'GH-7 tweak a', author: CAROL, date: day('2024-03-01') });

  repo.write('src/core/a.ts', `${a5}bot1\n`).rename('docs/guide.md', 'docs/manual.md');
  c.c6 = repo.commit({ message: 'Bump deps', author: DEPENDABOT, date: day('2024-03-05') });

  repo.branch('feature').write('src/core/a.ts', `${a5}bot1\nf1\n`);
  c.f1 = repo.commit({ message: 'PROJ-3 follow-up', author: CAROL, date: day('2024-03-10') });

  repo.checkout('main').write('notes.md', lines('note', 1, 3));
  c.m1 = repo.commit({ message: 'PROJ-4: notes', date: day('2024-03-15') });
  c.mg = repo.merge('feature', { message: "Merge branch 'feature'", date: day('2024-03-25') });

  repo.rename('src/b.ts', 'src/c.ts').rename('tmp/old.ts', 'tmp/new.ts');
  c.c7 = repo.commit({ message: 'PROJ-5 rename b', author: BOB, date: day('2024-04-01') });

  repo.rename('src/c.ts', 'lib/d.ts').write('lib/d.ts', `${lines('b', 1, 4)}B5\n${lines('b', 6, 10)}`);
  c.c8 = repo.commit({ message: 'PROJ-5 move c to lib', author: CAROL, date: day('2024-04-10') });

  repo.remove('x.ts').write('assets/logo.bin', Buffer.from([0, 1, 2, 3, 0, 254, 7]));
  c.c9 = repo.commit({ message: 'Remove x', author: BOB, date: day('2024-05-01') });

  repo.write('x.ts', lines('y', 1, 2));
  c.c10 = repo.commit({ message: 'Bring x back', author: CAROL, date: day('2024-05-10') });

  repo.remove('gone.ts').remove('tmp/new.ts');
  c.c11 = repo.commit({ message: 'Drop dead code', date: day('2024-05-20') });

  c.c12 = repo.commit({ message: 'Empty marker', date: day('2024-06-01') });
  return { repo, c };
}
