import { subjectOf } from '../history/logParser';
import { compileUserPattern } from '../userPattern';

/**
 * Which commits are bug fixes (metrics.md, "Debt"): by convention, from the commit's subject. A
 * commit that cites a ticket its tracker types as a bug is one too; that part needs the tracker and
 * is decided where tickets are known (see `ticketWork`).
 */

/**
 * Conventional Commits `fix:` / `fix(scope):` (also `fix!:`), or `fix`, `bug`, `hotfix` or
 * `regression` as a word anywhere in the subject; case-insensitive. "fixes #12" is not a fix by this
 * rule (GitHub's closing keyword says nothing of the kind of work), "debug" and "prefix" are not words
 * of it.
 */
export const DEFAULT_BUG_FIX_PATTERN = '^fix(?:\\([^)]*\\))?!?:|\\b(?:fix|bug|hotfix|regression)\\b';

/** Decides from a commit's message whether its subject says it fixes a bug. */
export type BugFixMatcher = (message: string) => boolean;

/** The bug-fix pattern from the settings is not a valid regular expression. */
export class InvalidBugFixPatternError extends Error {
  override readonly name = 'InvalidBugFixPatternError';
  constructor(
    readonly pattern: string,
    reason: string,
  ) {
    super(`invalid bug-fix pattern ${JSON.stringify(pattern)}: ${reason}`);
  }
}

/**
 * Builds the bug-fix test: a JavaScript regular expression, case-insensitive, tried on the subject
 * (the message's first line) only, since bodies quote other commits and issue templates. An empty
 * pattern matches nothing (only the tracker then says what is a bug).
 *
 * @throws InvalidBugFixPatternError when the pattern does not compile.
 */
export function createBugFixMatcher(pattern: string = DEFAULT_BUG_FIX_PATTERN): BugFixMatcher {
  const regex = compileUserPattern(pattern, (reason) => new InvalidBugFixPatternError(pattern, reason));
  return regex === undefined ? () => false : (message) => regex.test(subjectOf(message));
}

