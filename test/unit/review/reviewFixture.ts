import { createAnchor } from '../../../src/core/ledger/anchorFingerprint';
import { LedgerStore } from '../../../src/core/ledger/ledgerStore';
import { ALICE, BOB, GitRepoBuilder } from '../support/gitRepoBuilder';

/**
 * Session.refresh: cognitive 15 (if +1, for +2, if +3, else if +1, else +1, while +1, && +1, if +2,
 * catch +1, if +1, && +1), cyclomatic 11; with `extra` one more `if` nested in the while (+2, +1).
 */
export function hotSource(rev: number, extra = false): string {
  return `export class Session {
  refresh(a: number, b: number, c: boolean): number {
    let n = 0;
    if (a > 0) {
      for (let i = 0; i < a; i++) {
        if (i % 2 === 0) {
          n += i;
        } else if (b > i) {
          n -= 1;
        } else {
          n += 2;
        }
      }
    }
    while (c && n < 100) {
      if (n > 50) {
        break;
      }${extra ? `
      if (b > 3) {
        n += b;
      }` : ''}
      n++;
    }
    try {
      n = Math.abs(n);
    } catch {
      n = 0;
    }
    if (b > 10 && c) {
      return -1;
    }
    return n + ${rev};
  }
  size(): number {
    return 1;
  }
  one(): number {
    return 1;
  }
  two(): number {
    return 2;
  }
  three(): number {
    return 3;
  }
  four(): number {
    return 4;
  }
}
`;
}

export const UTIL_BASE = `export function moved(x: number): number {
  return x > 0 ? x : -x;
}
export function oldName(v: string): string {
  if (v === '') {
    return 'empty';
  }
  return v;
}
export function stay(): number {
  return 1;
}
`;

/** oldName renamed newName, moved() moved to the end. */
export const UTIL_HEAD = `export function newName(v: string): string {
  if (v === '') {
    return 'empty';
  }
  return v;
}
export function stay(): number {
  return 1;
}
export function moved(x: number): number {
  return x > 0 ? x : -x;
}
`;

export function formatSource(withGuard: boolean): string {
  const lines = Array.from({ length: 12 }, (_, i) => `  const part${i} = String(value).padStart(${i + 2}, '0');`);
  return `export function format(value: number): string {
${lines.join('\n')}${withGuard ? `
  if (value < 0) {
    return '-';
  }` : ''}
  return [${lines.map((_, i) => `part${i}`).join(', ')}].join('|');
}
`;
}

export const C_BASE = `export function keep(x: number): number {
  return x + 1;
}

export function legacy(flag: boolean): string {
  return flag ? 'yes' : 'no';
}
`;

export const C_HEAD = `export function keep(x: number): number {
  return x + 2;
}
`;

/** parseAll: cognitive 16, cyclomatic 12 (as eslint-plugin-sonarjs and ESLint's `complexity` report them); tiny: 0 and 1. */
export const NEW_SOURCE = `export function parseAll(items: string[], strict: boolean): number {
  let total = 0;
  for (const item of items) {
    if (item === '') {
      continue;
    }
    for (const ch of item) {
      if (ch === ',' && strict) {
        total++;
      } else if (ch === ';' || ch === ':') {
        total--;
      }
    }
  }
  if (total < 0 && !strict) {
    return 0;
  }
  while (total > 100) {
    if (strict) {
      total -= 10;
    } else {
      break;
    }
  }
  return total;
}
export function tiny(): number {
  return 0;
}
`;

export interface ReviewFixture {
  readonly repo: GitRepoBuilder;
  readonly base: string;
  readonly touchedId: string;
  readonly orphanedId: string;
}

/**
 * main (the base): src/hot.ts changed in 6 commits (the significant hotspot, Session.refresh its
 * significant function), src/a.ts in 7 commits of which 5 also change src/b.ts (b: 5 commits; coupling
 * degree 200 × 5 / 12 = 83), util.ts, legacy/format.ts and c.ts, and two debt entries on c.ts: one on
 * `keep`, one on `legacy`. Branch `feature` (two commits): refresh gets a nested if, a.ts changes
 * without b.ts, oldName is renamed and moved() moved within util.ts, legacy/format.ts is renamed
 * src/format.ts with a new guard, c.ts edits keep and deletes legacy, src/new.ts adds parseAll.
 */
export async function buildReviewFixture(): Promise<ReviewFixture> {
  const repo = GitRepoBuilder.create('debt-lens-review-');
  repo.write('src/hot.ts', hotSource(0)).write('src/a.ts', 'export const a = 0;\n').write('src/b.ts', 'export const b = 0;\n');
  repo.write('src/util.ts', UTIL_BASE).write('src/legacy/format.ts', formatSource(false)).write('src/c.ts', C_BASE);
  repo.commit({ message: 'PROJ-1: start', author: ALICE, date: '2026-01-05T10:00:00Z' });
  for (let i = 1; i <= 5; i++) {
    repo.write('src/hot.ts', hotSource(i)).commit({ message: i === 2 ? 'PROJ-2: tune' : `tune ${i}`, author: i % 2 === 0 ? BOB : ALICE, date: `2026-0${i + 1}-05T10:00:00Z` });
    repo.write('src/a.ts', `export const a = ${i};\n`);
    if (i <= 4) {
      repo.write('src/b.ts', `export const b = ${i};\n`);
    }
    repo.commit({ message: `a and b ${i}`, author: BOB, date: `2026-0${i + 1}-15T10:00:00Z` });
  }
  repo.write('src/a.ts', 'export const a = 6;\n').commit({ message: 'a alone', author: BOB, date: '2026-07-05T10:00:00Z' });
  let seed = 7;
  const random = (): number => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const store = new LedgerStore({ repoRoot: repo.dir, clock: () => new Date('2026-07-10T00:00:00Z'), random });
  const touched = await store.add({ title: 'keep is naive', severity: 'medium', backlog: ['PROJ-3'], anchors: [createAnchor({ path: 'src/c.ts', text: C_BASE, symbol: 'keep' })] }, '');
  const orphaned = await store.add({ title: 'legacy must go', severity: 'high', anchors: [createAnchor({ path: 'src/c.ts', text: C_BASE, symbol: 'legacy' })] }, '');
  const base = repo.commit({ message: 'ledger', author: ALICE, date: '2026-07-10T10:00:00Z' });

  repo.branch('feature');
  repo.write('src/hot.ts', hotSource(5, true)).write('src/a.ts', 'export const a = 7;\n').write('src/util.ts', UTIL_HEAD);
  repo.commit({ message: 'PROJ-7: smarter refresh', author: ALICE, date: '2026-07-20T10:00:00Z' });
  repo.rename('src/legacy/format.ts', 'src/format.ts');
  repo.write('src/format.ts', formatSource(true)).write('src/c.ts', C_HEAD).write('src/new.ts', NEW_SOURCE);
  repo.commit({ message: 'Move format, drop legacy (fixes #12)', author: BOB, date: '2026-07-21T10:00:00Z' });
  return { repo, base, touchedId: touched.id, orphanedId: orphaned.id };
}
