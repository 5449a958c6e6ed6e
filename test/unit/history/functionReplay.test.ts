import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { FunctionChangeStats } from '../../../src/core/history/functionHistory';
import { replayFunctionHistory } from '../../../src/core/history/functionReplay';
import { readFilePatches } from '../../../src/core/history/gitLog';
import { listFunctionLayout } from '../../../src/core/metrics/functionLayout';
import { GitRepoBuilder } from '../support/gitRepoBuilder';

/** Revisions and churn by function: what these tests state by hand (the per-commit lines are compared between the two replays). */
function totalsOf(stats: Readonly<Record<string, FunctionChangeStats>>): Record<string, { revisions: number; churn: number }> {
  return Object.fromEntries(Object.entries(stats).map(([name, { revisions, churn }]) => [name, { revisions, churn }]));
}

describe('replayFunctionHistory: carried layouts equal parsing every version', () => {
  it('re-parses only the changed method of a class, at the lines a full parse would give', async () => {
    const repo = GitRepoBuilder.create();
    try {
      const file = 'src/service.ts';
      const commits = new Map<string, string>();
      // c0, before the window: the file as it starts (save is lines 6-8).
      repo.write(file, 'export class Service {\n  load(): number {\n    return 1;\n  }\n\n  save(): number {\n    return 2;\n  }\n}\n');
      repo.commit({ message: 'c0', date: '2025-06-01T00:00:00Z' });
      // c1 touches only save's first line: it counts for save only if save's span there starts at line 6.
      repo.write(file, repo.read(file).replace('  save(): number {', '  save(): number  {'));
      commits.set(repo.commit({ message: 'c1', date: '2026-01-02T00:00:00Z' }), file);
      // c2 changes save's structure (a new function inside): undoing it re-parses save alone.
      repo.write(file, repo.read(file).replace('    return 2;\n', '    return [2].map(function (n) {\n      return n;\n    })[0]!;\n'));
      commits.set(repo.commit({ message: 'c2', date: '2026-01-03T00:00:00Z' }), file);
      const [patches] = await readFilePatches({ cwd: repo.dir }, [{ historicalPaths: [file], commits }], new Date('2025-12-01T00:00:00Z'));
      const request = { headText: repo.read(file), commits };
      let parsedLines = 0;
      const counting = (text: string, path: string): ReturnType<typeof listFunctionLayout> => {
        parsedLines += text.split('\n').length;
        return listFunctionLayout(text, path);
      };
      const carried = Object.fromEntries(replayFunctionHistory(patches!, request, counting));
      assert.deepEqual(carried, Object.fromEntries(replayFunctionHistory(patches!, request, listFunctionLayout, undefined, { carrySpans: false })));
      // c2: save's line 7 became lines 7-9 (save +3 added +1 deleted; the new function spans 7-9: the same);
      // c1: save's line 6 changed (+1 +1).
      assert.deepEqual(totalsOf(carried), {
        'Service.save': { revisions: 2, churn: 6 },
        'Service.save.<anonymous>@7': { revisions: 1, churn: 4 },
      });
      // HEAD (11 lines) is parsed whole; the older version only as save wrapped in a stand-in class (3 + 2 lines).
      assert.equal(parsedLines, 11 + 5);
    } finally {
      repo.cleanup();
    }
  });

  it('re-parses the whole region when a one-line statement replaced several statements', async () => {
    const v1 = 'export function head(): number {\n  return 1;\n}\n\nexport type X = number;\n\nconst factory = (a: number) =>\n  () =>\n    a;\n\nexport function tail(): number {\n  return 2;\n}\n';
    const v2 = v1.replace('export type X = number;\n\nconst factory = (a: number) =>\n  () =>\n    a;\n', 'export type X = string;\n');
    const v3 = v2.replace('return 2;', 'return 3;');
    assert.deepEqual(await replayBothWays('src/shape.ts', [v1, v2, v3]), {
      head: { revisions: 1, churn: 3 },
      factory: { revisions: 1, churn: 3 },
      'factory.<anonymous>@8': { revisions: 1, churn: 2 },
      tail: { revisions: 2, churn: 5 },
    });
  });

  for (const [where, field, wrap] of [
    ['a top-level class', 'Panel.enabled', (body: string) => `export class Panel {\n${body}}\n`],
    ['a class declared in a function', 'make.Panel.enabled', (body: string) => `export function make() {\n  return class Panel {\n${body}  };\n}\n`],
  ] as const) {
    it(`a removed field initializer in ${where} is re-parsed, not carried as a plain line`, async () => {
      // Undoing the last commit puts `enabled = true;` back among the members: plain text, but a field
      // initializer, which is a function-like node of its own (seen on vscode-gitlens, where a decorated field went).
      const members = (enabled: string): string =>
        `  @property({ type: Object })\n  state?: object;\n\n${enabled}  @property({ type: String })\n  path?: string;\n\n  render(): number {\n    return 1;\n  }\n`;
      const field$ = (value: string): string => `  @property({ type: Boolean })\n  enabled = ${value};\n\n`;
      const stats = await replayBothWays('src/panel.ts', [wrap(members(field$('false'))), wrap(members(field$('true'))), wrap(members(''))]);
      // The second commit changed the field's line; the first wrote the whole file.
      assert.deepEqual(stats[field], { revisions: 2, churn: 4 });
    });
  }

  it('a renamed decorated method gets its older name: the name line under a decorator is not carried', async () => {
    // The span of a decorated method starts at its decorator, so the rename is on its second line.
    const method = (name: string, body: string): string =>
      `export class Service {\n  @log()\n  @debug({\n    args: false,\n  })\n  async ${name}(\n    path: string,\n  ): Promise<number> {\n    const size = path.length;\n    return ${body};\n  }\n}\n`;
    assert.deepEqual(await replayBothWays('src/service.ts', [method('tipsFn', 'size'), method('tipsFn', 'size + 1'), method('tipsLookup', 'size + 1')]), {
      'Service.tipsLookup': { revisions: 1, churn: 2 },
      'Service.tipsFn': { revisions: 2, churn: 12 },
    });
  });

  /**
   * Commits the versions of `file` in turn, one a day, then replays its history twice, carrying spans
   * and parsing every version: asserts that both give the same spans for each commit and the same
   * totals, and returns the totals.
   */
  async function replayBothWays(file: string, versions: readonly string[]): Promise<Record<string, { revisions: number; churn: number }>> {
    const repo = GitRepoBuilder.create();
    try {
      const commits = new Map<string, string>();
      versions.forEach((text, index) => {
        repo.write(file, text);
        commits.set(repo.commit({ message: `c${index + 1}`, date: `2026-01-${String(index + 1).padStart(2, '0')}T00:00:00Z` }), file);
      });
      const [patches] = await readFilePatches({ cwd: repo.dir }, [{ historicalPaths: [file], commits }], new Date('2025-12-01T00:00:00Z'));
      const request = { headText: repo.read(file), commits };
      const replay = (carrySpans: boolean): { totals: Record<string, FunctionChangeStats>; spans: string[] } => {
        const spans: string[] = [];
        const totals = replayFunctionHistory(patches!, request, listFunctionLayout, undefined, {
          carrySpans,
          onAttribute: (commit, _hunks, seen) => spans.push(`${commit.slice(0, 7)}: ${seen.map((span) => `${span.name}@${span.startLine}-${span.endLine}`).join(' ')}`),
        });
        return { totals: Object.fromEntries(totals), spans };
      };
      const carried = replay(true);
      const everyVersion = replay(false);
      assert.deepEqual(carried.spans, everyVersion.spans);
      assert.deepEqual(carried.totals, everyVersion.totals);
      return totalsOf(carried.totals);
    } finally {
      repo.cleanup();
    }
  }

  /** A small deterministic PRNG (mulberry32), so a failure reproduces. */
  function random(seed: number): () => number {
    let a = seed;
    return () => {
      a = (a + 0x6d2b79f5) | 0;
      let t = Math.imul(a ^ (a >>> 15), 1 | a);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
  }

  for (const [fixture, seed] of [['sessionStore.ts', 7], ['components.tsx', 11], ['csvParser.cjs', 13], ['classes.ts', 17]] as const) {
    it(`${fixture}: 40 commits of random line deletions, duplications and swaps`, async () => {
      const next = random(seed);
      const pick = (n: number): number => Math.floor(next() * n);
      const repo = GitRepoBuilder.create();
      try {
        const file = `src/${fixture}`;
        const lines = fs.readFileSync(path.join(__dirname, '../../fixtures/complexity', fixture), 'utf8').split('\n');
        repo.write(file, lines.join('\n'));
        const commits = new Map<string, string>();
        commits.set(repo.commit({ message: 'base', date: '2026-01-01T00:00:00Z' }), file);
        for (let i = 0; i < 40; i++) {
          for (let m = 0, n = 1 + pick(3); m < n; m++) {
            const at = pick(lines.length);
            const size = 1 + pick(4);
            const kind = pick(3);
            if (kind === 0 && lines.length > 20) {
              lines.splice(at, size);
            } else if (kind === 1) {
              lines.splice(pick(lines.length), 0, ...lines.slice(at, at + size));
            } else if (at + 1 < lines.length) {
              [lines[at], lines[at + 1]] = [lines[at + 1]!, lines[at]!];
            }
          }
          repo.write(file, lines.join('\n'));
          commits.set(repo.commit({ message: `edit ${i}`, date: `2026-02-${String(1 + (i % 27)).padStart(2, '0')}T${String(i % 24).padStart(2, '0')}:00:00Z` }), file);
        }
        const [patches] = await readFilePatches({ cwd: repo.dir }, [{ historicalPaths: [file], commits }], new Date('2025-12-01T00:00:00Z'));
        const request = { headText: repo.read(file), commits };
        const everyVersion = replayFunctionHistory(patches!, request, listFunctionLayout, undefined, { carrySpans: false });
        const carried = replayFunctionHistory(patches!, request, listFunctionLayout, undefined, { carrySpans: true });
        assert.ok(everyVersion.size > 5, 'the fixture has functions');
        assert.deepEqual(Object.fromEntries(carried), Object.fromEntries(everyVersion));
      } finally {
        repo.cleanup();
      }
    });
  }
});
