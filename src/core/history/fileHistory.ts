import type { BacklogParseOptions, BacklogReference } from '../backlog/backlogReferences';
import { parseBacklogReferences } from '../backlog/backlogReferences';
import { projectKeysOf } from '../backlog/projectKeys';
import { compareReferenceIds } from '../backlog/referenceOrder';
import { DEFAULT_MASS_COMMIT_FILES } from '../defaults';
import { compileUserPattern } from '../userPattern';
import type { CommitRecord, FileChange } from './logParser';

/** Decides from a commit's author (after `.mailmap`) whether a bot made it. */
export type BotMatcher = (name: string, email: string) => boolean;

/**
 * Matches GitHub App identities (`dependabot[bot]`, `renovate[bot]`, `github-actions[bot]`, and
 * their `…[bot]@users.noreply.github.com` e-mails), names or e-mail local parts ending in `bot` as a
 * word (`Renovate Bot`, `ci-bot`, `bot@renovateapp.com`), the usual dependency and CI automation
 * accounts, and GitHub's Copilot coding agent by its noreply address
 * (`Copilot <198982749+Copilot@users.noreply.github.com>`; a person named Copilot is not a bot).
 * Case-insensitive.
 */
export const DEFAULT_BOT_PATTERN =
  '\\[bot\\]|(?:^|[\\s._-])bot$|^(?:dependabot|renovate|greenkeeper|snyk-bot|imgbot|semantic-release-bot|pre-commit-ci|allcontributors|mergify|github[- ]actions)\\b' +
  '|^\\d+\\+Copilot@users\\.noreply\\.github\\.com$';

/** The bot pattern from the settings is not a valid regular expression. */
export class InvalidBotPatternError extends Error {
  override readonly name = 'InvalidBotPatternError';
  constructor(
    readonly pattern: string,
    reason: string,
  ) {
    super(`invalid bot pattern ${JSON.stringify(pattern)}: ${reason}`);
  }
}

/**
 * Builds the bot test from a pattern setting: a JavaScript regular expression, case-insensitive,
 * tried on the author's name, e-mail, and e-mail local part; any match means bot. An empty pattern
 * matches no one (bot filtering off).
 *
 * @throws InvalidBotPatternError when the pattern does not compile.
 */
export function createBotMatcher(pattern: string = DEFAULT_BOT_PATTERN): BotMatcher {
  const regex = compileUserPattern(pattern, (reason) => new InvalidBotPatternError(pattern, reason));
  if (regex === undefined) {
    return () => false;
  }
  return (name, email) => {
    const at = email.lastIndexOf('@');
    return regex.test(name) || regex.test(email) || (at > 0 && regex.test(email.slice(0, at)));
  };
}

/**
 * How authors are told apart: name and e-mail as `.mailmap` left them, the e-mail lowercased
 * (addresses differ only in case by accident). Two identities are one author only when `.mailmap`
 * makes them so.
 */
export function authorKey(name: string, email: string): string {
  return `${name} <${email.toLowerCase()}>`;
}

export interface AuthorStats {
  /** {@link authorKey}. */
  readonly key: string;
  readonly name: string;
  readonly email: string;
  /** Lines this author added to the file (binary changes and the fast pass add nothing). */
  readonly added: number;
  /** Commits of this author that changed the file; they sum to the file's revisions. */
  readonly revisions: number;
}

/** One commit's change to a file, as the file's history lists it. */
export interface FileRevision {
  /** Index into {@link HistorySummary.commits}. */
  readonly commit: number;
  /**
   * The change as git reported it. `change.path` is the path the file had in that commit (what
   * `git show <commit>:<path>` needs; for a deletion, the path in the parent), `change.oldPath` the
   * path in the parent for a rename.
   */
  readonly change: FileChange;
}

export interface ReferenceCount {
  readonly reference: BacklogReference;
  /** How many of the file's commits carry it (mass commits left out). */
  readonly commits: number;
}

/** One file's history in the window, under its current (HEAD) path. */
export interface FileHistory {
  /** The path at HEAD, or for a file deleted before HEAD, the last path it had. */
  readonly path: string;
  /** Whether the file exists at HEAD. */
  readonly alive: boolean;
  /** Non-merge, non-bot commits that changed it, following renames. */
  readonly revisions: number;
  /** Lines added over those commits (binary changes count 0). */
  readonly added: number;
  /** Lines deleted over those commits (binary changes count 0). */
  readonly deleted: number;
  /** By {@link authorKey}, in the order of {@link mainDeveloper}'s ranking (most added lines first). */
  readonly authors: ReadonlyMap<string, AuthorStats>;
  /**
   * The author with the most added lines; ties go to more revisions, then the smaller key. When no
   * author added a line (fast pass, binary file, pure deletions), revisions stand in for added lines
   * here and in {@link ownership} and {@link busFactor}.
   */
  readonly mainDeveloper: AuthorStats;
  /** The main developer's share of the added lines (or of the revisions, see above), 0..1. */
  readonly ownership: number;
  /** 1 − Σ(revsᵢ / revs)² over authors: 0 for one author, towards 1 as work spreads. */
  readonly fragmentation: number;
  /**
   * The smallest number of authors who together added more than half of the lines (or made more
   * than half of the revisions, see above): always ≥ 1; two authors with 50 % each make 2.
   */
  readonly busFactor: number;
  /** Author dates, unix seconds. */
  readonly firstChange: number;
  readonly lastChange: number;
  /**
   * Backlog references of its commits, most frequent first, then by id (numbers by value). Mass
   * commits (more than {@link HistorySummary.massCommitFiles} files) attribute theirs to no file.
   */
  readonly refs: readonly ReferenceCount[];
  /** One entry per revision, newest first. */
  readonly changes: readonly FileRevision[];
  /**
   * The commits that changed the file, by commit id, with the path the file had in each (as in
   * {@link FileRevision.change}): what function-level history needs to read each version.
   */
  readonly pathByCommit: ReadonlyMap<string, string>;
  /**
   * Every path the file had in the window, the current one first, then as met going back in time
   * (the old side of a rename included): the paths to give `git log --` to see all of its history.
   */
  readonly historicalPaths: readonly string[];
}

export interface HistorySummary {
  /** By current path, in path order. */
  readonly files: ReadonlyMap<string, FileHistory>;
  /** The commits counted (bots left out), newest first; {@link FileRevision.commit} indexes this. */
  readonly commits: readonly CommitRecord[];
  /** Parallel to `commits`: the distinct current paths each commit changed, the input of change coupling. */
  readonly changesets: readonly (readonly string[])[];
  /** Parallel to `commits`: the backlog references in each message, mass commits included. */
  readonly references: readonly (readonly BacklogReference[])[];
  /** The project keys references were read with. */
  readonly projectKeys: ReadonlySet<string>;
  /** A commit changing more files than this is a mass commit: see {@link isMassCommit}. */
  readonly massCommitFiles: number;
}

/**
 * Whether commit `index` of the summary touched more than `massCommitFiles` files (a mass rename,
 * a formatting pass, an import rewrite): its references then say nothing of any one file or
 * function, so they are attributed to none, as change coupling leaves such commits out.
 */
export function isMassCommit(summary: Pick<HistorySummary, 'changesets' | 'massCommitFiles'>, index: number): boolean {
  return (summary.changesets[index]?.length ?? 0) > summary.massCommitFiles;
}

export interface AggregateOptions {
  /** Commits whose author it matches are left out of every count; default: no bots. */
  readonly isBot?: BotMatcher;
  /** The paths at HEAD; without it a file is taken as alive unless its newest change deleted it. */
  readonly livePaths?: ReadonlySet<string>;
  /**
   * How to read references in messages; default: the project keys {@link discoverProjectKeys} finds
   * in these commits' messages.
   */
  readonly backlog?: BacklogParseOptions;
  /** Commits changing more files attribute their references to none; default {@link DEFAULT_MASS_COMMIT_FILES}. */
  readonly massCommitFiles?: number;
}

interface FileAccumulator {
  readonly path: string;
  readonly changes: FileRevision[];
  readonly pathByCommit: Map<string, string>;
  readonly paths: Set<string>;
  added: number;
  deleted: number;
  readonly authors: Map<string, { key: string; name: string; email: string; added: number; revisions: number }>;
  firstChange: number;
  lastChange: number;
  readonly refs: Map<string, { reference: BacklogReference; commits: number }>;
}

/**
 * Folds commits (newest first, children before parents, as `readHistory` returns them) into
 * per-file histories.
 *
 * Renames are followed by walking from the newest commit back, keeping a map from historical path
 * to current path: a rename `old → new` in a commit means that, in older commits, `old` is the file
 * now known as `current(new)`. The map is updated after all of a commit's changes are resolved, so
 * swaps within one commit resolve correctly; a path reused later by another file keeps the two
 * apart. Copies start a new history (the source lives on). A file deleted and later re-added at the
 * same path is one history (history is keyed by path). Bot commits count nowhere, but their renames
 * are still followed.
 */
export function aggregateHistory(commits: readonly CommitRecord[], options: AggregateOptions = {}): HistorySummary {
  const isBot = options.isBot ?? ((): boolean => false);
  const kept = commits.filter((commit) => !isBot(commit.authorName, commit.authorEmail));
  const backlog = options.backlog ?? { projectKeys: projectKeysOf([], kept.map((commit) => commit.message)) };
  const massCommitFiles = options.massCommitFiles ?? DEFAULT_MASS_COMMIT_FILES;

  const current = new Map<string, string>();
  const deletedAtNewest = new Map<string, boolean>();
  const files = new Map<string, FileAccumulator>();
  const changesets: string[][] = [];
  const references: BacklogReference[][] = [];
  for (const commit of commits) {
    const keyed = commit.files.map((change): KeyedChange => ({ change, key: current.get(change.path) ?? change.path }));
    noteNewestChange(keyed, deletedAtNewest);
    for (const { change, key } of keyed) {
      if (change.status === 'R' && change.oldPath !== undefined) {
        current.set(change.oldPath, key);
      }
    }
    if (isBot(commit.authorName, commit.authorEmail)) {
      continue;
    }
    const index = changesets.length;
    const refs = parseBacklogReferences(commit.message, backlog);
    references.push(refs);
    const byKey = groupByKey(keyed);
    changesets.push([...byKey.keys()]);
    const attributed = byKey.size > massCommitFiles ? [] : refs;
    for (const [key, changes] of byKey) {
      recordRevision(files, key, index, commit, changes, attributed);
    }
  }

  const result = new Map<string, FileHistory>();
  for (const [key, accumulator] of [...files].sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0))) {
    const alive = options.livePaths !== undefined ? options.livePaths.has(key) : deletedAtNewest.get(key) !== true;
    result.set(key, finish(accumulator, alive));
  }
  return { files: result, commits: kept, changesets, references, projectKeys: backlog.projectKeys, massCommitFiles };
}

/** A change of a commit, with the path the file has now (renames followed back from the newest commit). */
interface KeyedChange {
  readonly change: FileChange;
  readonly key: string;
}

/** The changes of one commit that land on one file; the first speaks for the file. */
type ChangeGroup = [FileChange, ...FileChange[]];

/** Whether the newest commit (bots included) that touched each file deleted it; a path deleted and re-created in one commit exists. */
function noteNewestChange(keyed: readonly KeyedChange[], deletedAtNewest: Map<string, boolean>): void {
  const inThisCommit = new Map<string, boolean>();
  for (const { change, key } of keyed) {
    if (!deletedAtNewest.has(key)) {
      inThisCommit.set(key, (inThisCommit.get(key) ?? true) && change.status === 'D');
    }
  }
  for (const [key, deleted] of inThisCommit) {
    deletedAtNewest.set(key, deleted);
  }
}

/** A commit's changes by current path; two changes landing on one file (delete + rename onto it) make one revision. */
function groupByKey(keyed: readonly KeyedChange[]): Map<string, ChangeGroup> {
  const byKey = new Map<string, ChangeGroup>();
  for (const { change, key } of keyed) {
    const group = byKey.get(key);
    if (group === undefined) {
      byKey.set(key, [change]);
    } else if (change.status !== 'D' && group[0].status === 'D') {
      group.unshift(change); // the change that leaves the file in the commit's tree speaks for it
    } else {
      group.push(change);
    }
  }
  return byKey;
}

function recordRevision(
  files: Map<string, FileAccumulator>,
  key: string,
  index: number,
  commit: CommitRecord,
  changes: Readonly<ChangeGroup>,
  refs: readonly BacklogReference[],
): void {
  let file = files.get(key);
  if (file === undefined) {
    file = {
      path: key,
      changes: [],
      pathByCommit: new Map(),
      paths: new Set([key]),
      added: 0,
      deleted: 0,
      authors: new Map(),
      firstChange: commit.authorTime,
      lastChange: commit.authorTime,
      refs: new Map(),
    };
    files.set(key, file);
  }
  file.changes.push({ commit: index, change: changes[0] });
  file.pathByCommit.set(commit.hash, changes[0].path);
  let added = 0;
  for (const change of changes) {
    added += change.added ?? 0;
    file.deleted += change.deleted ?? 0;
    file.paths.add(change.path);
    if (change.oldPath !== undefined) {
      file.paths.add(change.oldPath);
    }
  }
  file.added += added;
  file.firstChange = Math.min(file.firstChange, commit.authorTime);
  file.lastChange = Math.max(file.lastChange, commit.authorTime);
  const authorId = authorKey(commit.authorName, commit.authorEmail);
  const author = file.authors.get(authorId);
  if (author === undefined) {
    file.authors.set(authorId, { key: authorId, name: commit.authorName, email: commit.authorEmail, added, revisions: 1 });
  } else {
    author.added += added;
    author.revisions++;
  }
  for (const reference of refs) {
    const count = file.refs.get(reference.id);
    if (count === undefined) {
      file.refs.set(reference.id, { reference, commits: 1 });
    } else {
      count.commits++;
    }
  }
}

/** Who made some code: its authors ranked, its main developer, their ownership, and its bus factor. */
export interface AuthorSummary {
  /** Most added lines first; ties go to more revisions, then the smaller key. */
  readonly ranked: readonly AuthorStats[];
  readonly mainDeveloper: AuthorStats;
  readonly ownership: number;
  readonly busFactor: number;
}

/**
 * The author figures of some code (a file, a function) from each author's added lines and
 * revisions there. When no author added a line (fast pass, binary file, pure deletions), revisions
 * stand in for added lines. Undefined when there is no author.
 */
export function summarizeAuthors(authors: readonly AuthorStats[]): AuthorSummary | undefined {
  let added = 0;
  let revisions = 0;
  for (const author of authors) {
    added += author.added;
    revisions += author.revisions;
  }
  const byLines = added > 0;
  const weight = (author: AuthorStats): number => (byLines ? author.added : author.revisions);
  const total = byLines ? added : revisions;
  const ranked = authors.slice().sort((x, y) => weight(y) - weight(x) || y.revisions - x.revisions || (x.key < y.key ? -1 : x.key > y.key ? 1 : 0));
  const mainDeveloper = ranked[0];
  if (mainDeveloper === undefined || total === 0) {
    return undefined;
  }
  // The fewest top authors who cover more than half: the weights add up to `total`, so they do.
  let busFactor = 0;
  let covered = 0;
  for (const author of ranked) {
    if (covered * 2 > total) {
      break;
    }
    covered += weight(author);
    busFactor++;
  }
  return { ranked, mainDeveloper, ownership: weight(mainDeveloper) / total, busFactor };
}

/** References by count, most frequent first, then by id with numbers compared by value. */
export function compareReferenceCounts(x: { readonly commits: number; readonly reference: BacklogReference }, y: { readonly commits: number; readonly reference: BacklogReference }): number {
  return y.commits - x.commits || compareReferenceIds(x.reference.id, y.reference.id);
}

function finish(file: FileAccumulator, alive: boolean): FileHistory {
  const revisions = file.changes.length;
  const authors = [...file.authors.values()];
  // recordRevision adds the author of every revision, so a file has at least one and a summary.
  const { ranked, mainDeveloper, ownership, busFactor } = summarizeAuthors(authors)!;

  let concentration = 0;
  for (const author of authors) {
    concentration += (author.revisions / revisions) ** 2;
  }

  const refs = [...file.refs.values()].sort(compareReferenceCounts);
  return {
    path: file.path,
    alive,
    revisions,
    added: file.added,
    deleted: file.deleted,
    authors: new Map(ranked.map((author) => [author.key, author])),
    mainDeveloper,
    ownership,
    fragmentation: 1 - concentration,
    busFactor,
    firstChange: file.firstChange,
    lastChange: file.lastChange,
    refs,
    changes: file.changes,
    pathByCommit: file.pathByCommit,
    historicalPaths: [...file.paths],
  };
}
