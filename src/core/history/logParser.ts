import { RecordSplitter } from './gitProcess';

/** How a commit changed one file, as git's rename detection (`-M`) reports it. */
export type FileChangeStatus = 'A' | 'M' | 'D' | 'R' | 'C' | 'T';

/** One file changed by one commit. */
export interface FileChange {
  /** The path after the commit; for a deletion, the path that was deleted. Repository-relative, `/`-separated. */
  readonly path: string;
  /** Only for renames and copies: the path the content came from. Absent (not `undefined`) otherwise, to keep caches small. */
  readonly oldPath?: string;
  readonly status: FileChangeStatus;
  /** Lines added; `null` for binary files and in the fast pass, where churn is not read. */
  readonly added: number | null;
  /** Lines deleted; `null` for binary files and in the fast pass. */
  readonly deleted: number | null;
}

/**
 * One non-merge commit. Kept compact because a scan holds ~10,000 of them in memory and in its JSON
 * cache.
 *
 * The full message is kept (not just extracted references): which `ABC-123` tokens are backlog keys
 * depends on project keys that are configured or discovered across all messages, and a change of that
 * setting must not force re-reading the history. Trailing newlines are dropped.
 */
export interface CommitRecord {
  readonly hash: string;
  /** After `.mailmap`. */
  readonly authorName: string;
  /** After `.mailmap`. */
  readonly authorEmail: string;
  /** Author date, unix seconds: when the change was written (first/last change, age). */
  readonly authorTime: number;
  /**
   * Committer date, unix seconds: what git's `--since`/`--until` compare, so a cached history is
   * trimmed to a window by this one.
   */
  readonly commitTime: number;
  readonly message: string;
  /** Empty for an empty commit. In the order git lists them. */
  readonly files: readonly FileChange[];
}

/** The first line of a commit message, trimmed: what people call its subject. */
export function subjectOf(message: string): string {
  return (message.split('\n', 1)[0] ?? '').trim();
}

/** The log's output did not have the shape {@link LOG_FORMAT} and the diff options produce. */
export class LogFormatError extends Error {
  override readonly name = 'LogFormatError';
}

/**
 * The `--format` the parser reads, used with `-z`. Each commit opens with an RS byte (0x1e) glued to
 * the hash, then NUL-terminated fields; the message goes last so that any byte it contains (it cannot
 * contain NUL) is taken as message text by position, never as structure.
 */
export const LOG_FORMAT = '%x1e%H%x00%aN%x00%aE%x00%at%x00%ct%x00%B%x00';

const HEADER_FIELDS = 5; // name, email, author time, committer time, message (the hash rides on the marker)
const RECORD_START = 0x1e;
const NUMSTAT = /^(-|\d+)\t(-|\d+)\t/;
const NAME_STATUS = /^[A-Z]\d*$/;

interface MutableCommit {
  hash: string;
  authorName: string;
  authorEmail: string;
  authorTime: number;
  commitTime: number;
  message: string;
  files: FileChange[];
  /** Where the next numstat entry is expected in `files` (numstat lists files in the same order as --raw). */
  numstatCursor: number;
}

/** What `--raw --no-abbrev` says of a change besides its status: the modes and blob ids on both sides. */
export interface RawChange {
  readonly oldMode: string;
  readonly newMode: string;
  /** All zeros for an added file. */
  readonly oldBlob: string;
  /** All zeros for a deleted file. */
  readonly newBlob: string;
}

/** A status or numstat entry whose paths are still to come; `oldPath` is the first of two, once read. */
type PendingPaths =
  | { readonly kind: 'status'; readonly status: FileChangeStatus; readonly expected: 1 | 2; readonly raw?: RawChange; oldPath?: string }
  | { readonly kind: 'numstat'; readonly added: number | null; readonly deleted: number | null; oldPath?: string };

/**
 * A streaming parser for the output of one `git log -z --format=`{@link LOG_FORMAT} invocation with
 * either `--name-status` (fast pass), `--raw` or `--raw --numstat` (full pass). Push stdout chunks as
 * they come; each commit is handed to `onCommit` as soon as the next one starts (or at {@link end}),
 * so at most one commit is held.
 *
 * Tokens are NUL-separated and decoded as UTF-8 only once whole, so chunk boundaries may fall
 * anywhere, including inside a multi-byte character. In `-z` form paths are never quoted: spaces,
 * tabs, newlines and non-ASCII characters come through verbatim (non-UTF-8 path bytes become U+FFFD).
 * With `--raw --numstat` git lists every file twice, status first and counts after; the two are
 * joined by path. Throws {@link LogFormatError} on output it does not understand, rather than
 * miscounting.
 */
export class LogParser {
  private readonly splitter = new RecordSplitter(0, (token) => this.onToken(token));
  /**
   * One string per distinct path, author name and email: a long history names the same few thousand
   * paths and people in every commit, and each token is decoded as a string of its own.
   */
  private readonly strings = new Map<string, string>();
  private current: MutableCommit | undefined;
  private headerField = HEADER_FIELDS;
  private pending: PendingPaths | undefined;

  /**
   * @param onRawChange with `--raw`, called with each change and its modes and blob ids as soon as
   *   its path is read, before its commit is handed to `onCommit`.
   */
  constructor(
    private readonly onCommit: (commit: CommitRecord) => void,
    private readonly onRawChange?: (change: FileChange, raw: RawChange) => void,
  ) {}

  push(chunk: Buffer): void {
    this.splitter.push(chunk);
  }

  /** Call once the output is complete: emits the last commit. */
  end(): void {
    this.splitter.end();
    if (this.pending !== undefined || this.headerField < HEADER_FIELDS) {
      throw new LogFormatError('the log output ended in the middle of a commit');
    }
    this.emitCurrent();
  }

  private onToken(token: string): void {
    // Paths and header fields follow a record start, which sets `current`.
    const commit = this.current;
    if (this.pending !== undefined && commit !== undefined) {
      this.onPath(commit, this.pending, token);
    } else if (this.headerField < HEADER_FIELDS && commit !== undefined) {
      this.onHeaderField(commit, token);
    } else {
      this.onChangeToken(token);
    }
  }

  private onHeaderField(commit: MutableCommit, token: string): void {
    switch (this.headerField) {
      case 0:
        commit.authorName = this.intern(token);
        break;
      case 1:
        commit.authorEmail = this.intern(token);
        break;
      case 2:
        commit.authorTime = parseTime(commit.hash, token);
        break;
      case 3:
        commit.commitTime = parseTime(commit.hash, token);
        break;
      default:
        commit.message = token.replace(/\n+$/, '');
    }
    this.headerField++;
  }

  private onChangeToken(raw: string): void {
    if (raw === '') {
      return; // the NUL that -z puts after each commit's header
    }
    // git prints one newline between the message and the diff; no status or numstat token starts with one.
    const token = raw.charCodeAt(0) === 0x0a ? raw.slice(1) : raw;
    if (token.charCodeAt(0) === RECORD_START) {
      this.emitCurrent();
      this.current = { hash: token.slice(1), authorName: '', authorEmail: '', authorTime: 0, commitTime: 0, message: '', files: [], numstatCursor: 0 };
      this.headerField = 0;
      return;
    }
    if (this.current === undefined) {
      throw new LogFormatError(`the log output does not start with a commit header: ${JSON.stringify(token.slice(0, 40))}`);
    }
    const numstat = NUMSTAT.exec(token);
    if (numstat !== null) {
      const added = numstat[1] === '-' ? null : Number(numstat[1]);
      const deleted = numstat[2] === '-' ? null : Number(numstat[2]);
      const path = this.intern(token.slice(numstat[0].length));
      if (path === '') {
        this.pending = { kind: 'numstat', added, deleted }; // rename/copy: old and new path follow
      } else {
        this.applyNumstat(this.current, path, undefined, added, deleted);
      }
      return;
    }
    // --raw: ":100644 100644 1234567 89abcde R086"; --name-status: "R086".
    const isRaw = token.charCodeAt(0) === 0x3a;
    const status = isRaw ? token.slice(token.lastIndexOf(' ') + 1) : token;
    if (!NAME_STATUS.test(status)) {
      throw new LogFormatError(`commit ${this.current.hash}: unexpected diff entry ${JSON.stringify(token.slice(0, 80))}`);
    }
    const letter = toStatus(status.charAt(0));
    const expected = letter === 'R' || letter === 'C' ? 2 : 1;
    const [oldMode, newMode, oldBlob, newBlob] = isRaw && this.onRawChange ? token.slice(1).split(' ') : [];
    this.pending =
      oldMode !== undefined && newMode !== undefined && oldBlob !== undefined && newBlob !== undefined
        ? { kind: 'status', status: letter, expected, raw: { oldMode, newMode, oldBlob, newBlob } }
        : { kind: 'status', status: letter, expected };
  }

  private intern(text: string): string {
    const known = this.strings.get(text);
    if (known !== undefined) {
      return known;
    }
    this.strings.set(text, text);
    return text;
  }

  private onPath(commit: MutableCommit, pending: PendingPaths, token: string): void {
    const path = this.intern(token);
    const expected = pending.kind === 'status' ? pending.expected : 2;
    if (expected === 2 && pending.oldPath === undefined) {
      pending.oldPath = path;
      return;
    }
    this.pending = undefined;
    const { oldPath } = pending;
    if (pending.kind === 'numstat') {
      this.applyNumstat(commit, path, oldPath, pending.added, pending.deleted);
      return;
    }
    const change: FileChange =
      oldPath !== undefined
        ? { path, oldPath, status: pending.status, added: null, deleted: null }
        : { path, status: pending.status, added: null, deleted: null };
    commit.files.push(change);
    if (pending.raw !== undefined) {
      this.onRawChange?.(change, pending.raw);
    }
  }

  private applyNumstat(commit: MutableCommit, path: string, oldPath: string | undefined, added: number | null, deleted: number | null): void {
    let index = commit.numstatCursor;
    let listed = commit.files[index];
    if (listed?.path !== path) {
      index = commit.files.findIndex((file, i) => i >= commit.numstatCursor && file.path === path);
      listed = commit.files[index];
    }
    if (listed === undefined) {
      // No status entry for it (a numstat-only log): the status is unknown beyond "renamed or not".
      const change: FileChange =
        oldPath === undefined ? { path, status: 'M', added, deleted } : { path, oldPath, status: 'R', added, deleted };
      commit.files.push(change);
      commit.numstatCursor = commit.files.length;
      return;
    }
    commit.files[index] = { ...listed, added, deleted };
    commit.numstatCursor = index + 1;
  }

  private emitCurrent(): void {
    const commit = this.current;
    if (commit === undefined) {
      return;
    }
    this.current = undefined;
    this.onCommit({
      hash: commit.hash,
      authorName: commit.authorName,
      authorEmail: commit.authorEmail,
      authorTime: commit.authorTime,
      commitTime: commit.commitTime,
      message: commit.message,
      // An exact-size copy: the array grown by pushes keeps room for 16 more, and a scan holds every commit.
      files: commit.files.slice(),
    });
  }
}

/** Parses a complete log output at once; for tests and cached raw output. */
export function parseLogOutput(output: Buffer | string): CommitRecord[] {
  const commits: CommitRecord[] = [];
  const parser = new LogParser((commit) => commits.push(commit));
  parser.push(typeof output === 'string' ? Buffer.from(output, 'utf8') : output);
  parser.end();
  return commits;
}

function parseTime(hash: string, token: string): number {
  const seconds = Number(token);
  if (token === '' || !Number.isSafeInteger(seconds)) {
    throw new LogFormatError(`commit ${hash}: bad date ${JSON.stringify(token)}`);
  }
  return seconds;
}

function toStatus(letter: string): FileChangeStatus {
  switch (letter) {
    case 'A':
    case 'M':
    case 'D':
    case 'R':
    case 'C':
    case 'T':
      return letter;
    default:
      // U (unmerged) and X (unknown) do not occur in a log of commits; count them as modifications.
      return 'M';
  }
}
