import { GitRepoBuilder } from '../support/gitRepoBuilder';

/** A function of cognitive complexity `branches` (one `if` each, no nesting) returning `variant`. */
export function branchy(name: string, branches: number, variant: number): string {
  const ifs = Array.from({ length: branches }, (_, i) => `  if (a === ${i + 100}) {\n    return ${i};\n  }\n`).join('');
  return `export function ${name}(a: number): number {\n${ifs}  return ${variant};\n}\n`;
}

/** src/hot.ts: `hot` (cognitive 20, lines 1–62) and `cold` (cognitive 0, after it). */
function hotSource(hot: number, cold: number): string {
  return `${branchy('hot', 20, hot)}\nexport function cold(): number {\n  return ${cold};\n}\n`;
}

/** 50 statements, cognitive 0: the longest file after hot.ts, never changed. */
function longSource(): string {
  return `export function long(): number {\n  let n = 0;\n${Array.from({ length: 50 }, (_, i) => `  n += ${i};\n`).join('')}  return n;\n}\n`;
}

/**
 * Twelve production files, created before the window (2024-06-01, with the ledger's one entry, on
 * `hot`). The window ends at HEAD (2026-01-01T00:00Z) and starts a year before; the backtest's cut is
 * at three quarters of it, 2025-10-01T18:00Z.
 *
 * Before the cut:
 * - src/hot.ts `hot`: PROJ-1 (2025-02-01 00:00 and 02-02 12:00: 36 h, a change), PROJ-2 (`fix:`
 *   2025-03-01 and `fix(hot):` 03-03: 48 h, a bug); `cold`: "tune cold" 2025-04-01;
 * - src/f5.ts (cognitive 10): PROJ-3 on 2025-05-01 and 05-02 (24 h);
 * - src/f2.ts (cognitive 1): six "tune f2" commits, 2025-06-01…06.
 *
 * From the cut: "hotfix: hot crash" (11-01, `hot`), "fix: f5 bound" (11-02), "fix: f5 bound again
 * PROJ-4" (11-03), "bug in f2" (11-04), "regression in f7 and f8" (11-05), "tune f9" (12-01, not a
 * fix); then "docs" on README.md (HEAD).
 *
 * So by score (revisions before the cut × cognitive) the top two of twelve are hot (100) and f5
 * (20); by revisions f2 (6) and hot (5); by lines of code hot and f3.
 */
export function buildCostRepo(): GitRepoBuilder {
  const repo = GitRepoBuilder.create('debt-lens-cost-');
  repo.write('src/hot.ts', hotSource(0, 0)).write('src/f3.ts', longSource()).write('src/f5.ts', branchy('f5', 10, 0)).write('README.md', 'cost\n');
  for (const i of [1, 2, 4, 6, 7, 8, 9, 10, 11]) {
    repo.write(`src/f${i}.ts`, branchy(`f${i}`, 1, 0));
  }
  repo.write(
    '.techdebt/TD-c0a7a1-hot-is-tangled.md',
    '---\nid: TD-c0a7a1\ntitle: hot is tangled\nstatus: open\nseverity: high\nprincipal: 2d\nanchors:\n  - path: src/hot.ts\n    symbol: hot\ncreated: 2024-06-01\n---\nTwenty branches.\n',
  );
  repo.commit({ message: 'start', date: '2024-06-01T00:00:00Z' });

  repo.write('src/hot.ts', hotSource(1, 0)).commit({ message: 'PROJ-1 start hot', date: '2025-02-01T00:00:00Z' });
  repo.write('src/hot.ts', hotSource(2, 0)).commit({ message: 'PROJ-1 finish hot', date: '2025-02-02T12:00:00Z' });
  repo.write('src/hot.ts', hotSource(3, 0)).commit({ message: 'fix: hot overflow (PROJ-2)', date: '2025-03-01T00:00:00Z' });
  repo.write('src/hot.ts', hotSource(4, 0)).commit({ message: 'fix(hot): overflow again (PROJ-2)', date: '2025-03-03T00:00:00Z' });
  repo.write('src/hot.ts', hotSource(4, 1)).commit({ message: 'tune cold', date: '2025-04-01T00:00:00Z' });
  repo.write('src/f5.ts', branchy('f5', 10, 1)).commit({ message: 'PROJ-3 f5 bounds', date: '2025-05-01T00:00:00Z' });
  repo.write('src/f5.ts', branchy('f5', 10, 2)).commit({ message: 'PROJ-3 f5 more bounds', date: '2025-05-02T00:00:00Z' });
  for (let n = 1; n <= 6; n++) {
    repo.write('src/f2.ts', branchy('f2', 1, n)).commit({ message: `tune f2 ${n}`, date: `2025-06-0${n}T00:00:00Z` });
  }

  repo.write('src/hot.ts', hotSource(5, 1)).commit({ message: 'hotfix: hot crash', date: '2025-11-01T00:00:00Z' });
  repo.write('src/f5.ts', branchy('f5', 10, 3)).commit({ message: 'fix: f5 bound', date: '2025-11-02T00:00:00Z' });
  repo.write('src/f5.ts', branchy('f5', 10, 4)).commit({ message: 'fix: f5 bound again PROJ-4', date: '2025-11-03T00:00:00Z' });
  repo.write('src/f2.ts', branchy('f2', 1, 7)).commit({ message: 'bug in f2', date: '2025-11-04T00:00:00Z' });
  repo.write('src/f7.ts', branchy('f7', 1, 1)).write('src/f8.ts', branchy('f8', 1, 1)).commit({ message: 'regression in f7 and f8', date: '2025-11-05T00:00:00Z' });
  repo.write('src/f9.ts', branchy('f9', 1, 1)).commit({ message: 'tune f9', date: '2025-12-01T00:00:00Z' });
  repo.write('README.md', 'cost, documented\n').commit({ message: 'docs', date: '2026-01-01T00:00:00Z' });
  return repo;
}
