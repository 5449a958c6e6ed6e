/**
 * Where git's rename history took each path: step 3 of re-anchoring (metrics.md, "Re-anchoring an
 * entry"), so an entry anchored in `src/a.ts` follows the file through `git mv src/a.ts lib/b.ts`.
 */

import { gitDateArgument } from '../history/gitLog';
import type { GitOptions } from '../history/gitProcess';
import { streamGit, throwIfAborted } from '../history/gitProcess';
import { LOG_FORMAT, LogParser } from '../history/logParser';

/**
 * The arguments of the one `git log` {@link readRenames} runs: only rename entries (`-M
 * --diff-filter=R`), no merges (a merge repeats its branch's renames), newest first and never a parent
 * before its child (`--date-order`), paths relative to the top folder (`diff.relative=false`).
 */
export function renameLogArguments(since?: Date): string[] {
  return [
    '-c',
    'diff.relative=false',
    'log',
    '--no-merges',
    '-M',
    '--diff-filter=R',
    '--date-order',
    '--no-ext-diff',
    '--no-color',
    `--format=${LOG_FORMAT}`,
    '-z',
    '--name-status',
    ...(since === undefined ? [] : [`--since=${gitDateArgument(since, 'ceil')}`]),
    'HEAD',
    '--',
  ];
}

/**
 * Maps every path a rename moved away from to the path that content has at HEAD, following chains
 * (`a → b`, later `b → c` gives `a → c` and `b → c`). Renames are replayed oldest first; the renames of
 * one commit apply together, so a swap (`a ↔ b`) maps each to the other. When a path was renamed away,
 * re-created and renamed again, the latest rename wins. A path whose chain leads back to itself is left
 * out. The target may have been deleted since: the resolver then finds no file there.
 *
 * @param since only renames committed at or after this date (committer date).
 * @throws the typed errors of gitProcess; CancelledError when `options.signal` aborts.
 */
export async function readRenames(options: GitOptions, since?: Date): Promise<Map<string, string>> {
  const commits: Array<Array<readonly [string, string]>> = [];
  const parser = new LogParser((commit) => {
    throwIfAborted(options.signal);
    const renames: Array<readonly [string, string]> = [];
    for (const file of commit.files) {
      if (file.status === 'R' && file.oldPath !== undefined) {
        renames.push([file.oldPath, file.path]);
      }
    }
    if (renames.length > 0) {
      commits.push(renames);
    }
  });
  await streamGit(options, renameLogArguments(since), (chunk) => parser.push(chunk));
  parser.end();
  throwIfAborted(options.signal);
  return chainRenames(commits.reverse());
}

/**
 * Folds renames, given per commit oldest first, into old path → current path (see
 * {@link readRenames}). Pure; exported for tests of the chaining rules.
 */
export function chainRenames(commits: ReadonlyArray<ReadonlyArray<readonly [string, string]>>): Map<string, string> {
  const current = new Map<string, string>();
  // The inverse of `current`: which origins' content sits at a path now.
  const holders = new Map<string, Set<string>>();
  for (const renames of commits) {
    const moves = renames.map(([from, to]) => ({ to, origins: new Set([...(holders.get(from) ?? []), from]) }));
    for (const { to, origins } of moves) {
      for (const origin of origins) {
        const previous = current.get(origin);
        if (previous !== undefined) {
          holders.get(previous)?.delete(origin);
        }
        current.set(origin, to);
        const set = holders.get(to);
        if (set === undefined) {
          holders.set(to, new Set([origin]));
        } else {
          set.add(origin);
        }
      }
    }
  }
  for (const [origin, path] of current) {
    if (origin === path) {
      current.delete(origin);
    }
  }
  return current;
}
