import * as path from 'node:path';
import type { Rng } from './rng';
import type { Author } from './syntheticAuthors';
import { NOUNS, VERBS } from './syntheticCode';

export type CommitKind = 'normal' | 'newFile' | 'delete' | 'rename' | 'dependabot' | 'build' | 'docs' | 'generated' | 'config';

/**
 * Commit messages as a team writes them: conventional-commit prefixes, ticket keys, pull request
 * references, bodies and co-authors now and then.
 */
export class CommitMessages {
  /**
   * @param historyStart epoch seconds where the history starts, and `historySeconds` its length:
   *   ticket numbers grow across it.
   */
  constructor(
    private readonly rng: Rng,
    private readonly historyStart: number,
    private readonly historySeconds: number,
    private readonly pickAuthor: () => Author,
  ) {}

  /** A Jira-style key that grows with `time`, as a project's tickets do. */
  ticket(time: number): string {
    const progress = (time - this.historyStart) / this.historySeconds;
    return `PROJ-${Math.max(1, Math.round(progress * 2400) + this.rng.int(-150, 40))}`;
  }

  /** The message of a commit of `kind` about `entry`; `#N` references stay at or below `prNumber`, the latest pull request. */
  message(kind: CommitKind, entry: { readonly path: string; readonly area: string } | undefined, time: number, prNumber: number): string {
    const noun = entry !== undefined ? path.posix.basename(entry.path).replace(/\..*$/, '') : this.rng.pick(NOUNS);
    const scope = entry?.area.split('/').pop() ?? 'app';
    const ticket = this.ticket(time);
    let subject: string;
    switch (kind) {
      case 'newFile':
        subject = `${ticket}: Add ${noun}`;
        break;
      case 'delete':
        subject = `chore: remove unused ${noun}`;
        break;
      case 'docs':
        subject = `docs: ${this.rng.pick(['clarify', 'update', 'fix typos in'])} ${this.rng.pick(['setup', 'deployment', 'API', 'architecture'])} notes`;
        break;
      case 'build':
        return 'build: update bundle\n';
      case 'generated':
        return `chore: regenerate graphql types (${ticket})\n`;
      case 'config':
        return `ci: ${this.rng.pick(['bump node version', 'cache dependencies', 'tighten tsconfig', 'split test job'])}\n`;
      default: {
        const roll = this.rng.next();
        subject =
          roll < 0.35
            ? `${ticket}: ${this.rng.pick(['Fix', 'Handle', 'Guard against'])} ${this.rng.pick(['empty', 'stale', 'duplicate', 'missing', 'invalid'])} ${this.rng.pick(NOUNS)} in ${noun}`
            : roll < 0.6
              ? `fix(${scope}): ${this.rng.pick(VERBS)} ${this.rng.pick(NOUNS)}s when ${this.rng.pick(['offline', 'paging', 'retrying', 'the cache is cold', 'the user has no role'])} (#${this.rng.int(1, prNumber)})`
              : roll < 0.8
                ? `feat(${scope}): ${this.rng.pick(VERBS)} ${this.rng.pick(NOUNS)} ${this.rng.pick(NOUNS)}s`
                : roll < 0.9
                  ? `refactor: simplify ${noun}`
                  : `${this.rng.pick(['perf', 'test', 'chore', 'style'])}: ${this.rng.pick(VERBS)} ${noun}`;
      }
    }
    if (!this.rng.chance(0.4)) {
      return `${subject}\n`;
    }
    const body = [`The ${this.rng.pick(NOUNS)} ${this.rng.pick(['list', 'total', 'cache', 'request'])} was ${this.rng.pick(['recomputed on every render', 'never invalidated', 'off by one', 'dropped on retry'])}.`];
    if (this.rng.chance(0.5)) {
      body.push('', `Refs #${this.rng.int(1, prNumber)}`);
    }
    if (this.rng.chance(0.3)) {
      body.push(`Closes ${this.ticket(time)}`);
    }
    if (this.rng.chance(0.1)) {
      const co = this.pickAuthor();
      body.push('', `Co-authored-by: ${co.name} <${co.emails[0]}>`);
    }
    return `${subject}\n\n${body.join('\n')}\n`;
  }
}
