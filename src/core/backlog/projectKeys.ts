import { DEFAULT_WINDOW_MONTHS } from '../defaults';
import { monthsBefore } from '../impact/calendarMonths';
import { readCommitMessages } from '../history/gitLog';
import type { GitOptions } from '../history/gitProcess';
import { EmptyRepositoryError } from '../history/gitProcess';
import { discoverProjectKeys } from './backlogReferences';

/**
 * The project keys whose `KEY-12` tokens are backlog references: the configured ones (config.yml,
 * `--project-key`, the editor's settings), then those the commit messages use as tickets (see
 * {@link discoverProjectKeys}). A configured key counts even where discovery would deny it.
 */
export function projectKeysOf(configured: Iterable<string>, messages: Iterable<string>): Set<string> {
  return new Set([...configured, ...discoverProjectKeys(messages)]);
}

/**
 * {@link projectKeysOf} for the `debt` commands, which run no history pass: the keys discovered in
 * the messages of the default window (the last {@link DEFAULT_WINDOW_MONTHS} months before `now`,
 * non-merge commits), so `debt` reads `PROJ-12` as a default scan's tickets do. A repository with no
 * commit yet has none to discover.
 */
export async function readProjectKeys(git: GitOptions, configured: Iterable<string>, now: Date): Promise<Set<string>> {
  const since = monthsBefore(now, DEFAULT_WINDOW_MONTHS);
  let messages: string[] = [];
  try {
    messages = await readCommitMessages(git, since);
  } catch (error) {
    if (!(error instanceof EmptyRepositoryError)) {
      throw error;
    }
  }
  return projectKeysOf(configured, messages);
}
