import { DEFAULT_LEDGER_FOLDER } from '../defaults';
import { isUtf8 } from 'node:buffer';
import { randomInt } from 'node:crypto';
import { promises as nodeFs } from 'node:fs';
import * as path from 'node:path';
import { FileTooLargeError, NotARegularFileError, readRegularFile } from '../readRegularFile';
import type { Anchor } from './anchor';
import { titleLineProblem } from './entryFieldProblem';
import { ENTRY_ID_PATTERN, entryFileName, newEntryId } from './entryId';
import type { ParsedEntry } from './entryParser';
import { parseEntryFile } from './entryParser';
import { serializeNewEntry, updateEntryText } from './entryWriter';
import type { DebtSeverity, DebtStatus, LedgerDiagnostic, LedgerEntry, LedgerEntryChanges } from './ledgerEntry';
import { LedgerEntryNotFoundError } from './ledgerEntry';
import { LedgerEntryEncodingError, LedgerEntryLinkError, LedgerFolderNotAFolderError, LedgerFolderNotWritableError, LedgerFolderUnreadableError } from './ledgerStorageError';

/**
 * The largest entry file the store reads, in bytes (1 MiB). An entry is a page of notes; a larger
 * file is generated or pasted by mistake, and reading and parsing it on every load would slow every
 * `list` and scan. It is reported (`too-large`) without being read.
 */
export const MAX_ENTRY_FILE_BYTES = 1024 * 1024;

/** What the store needs from the file system: a port, so tests can fail any step of a write. */
export interface LedgerFileSystem {
  // Function-valued fields, not methods: an implementation never relies on `this`, so a test may
  // wrap or spread them one by one.
  readonly readdir: (dir: string) => Promise<string[]>;
  /**
   * The bytes of a file, following symlinks. Refuses, without reading, what is not a regular file
   * (`NotARegularFileError`: a FIFO would block the read forever) and a file larger than
   * {@link MAX_ENTRY_FILE_BYTES} (`FileTooLargeError`).
   */
  readonly readFile: (file: string) => Promise<Buffer>;
  /** The path with every symlink resolved: where a write through a link lands. */
  readonly realpath: (file: string) => Promise<string>;
  readonly stat: (file: string) => Promise<LedgerFileStamp>;
  readonly mkdir: (dir: string) => Promise<void>;
  /** Creates a file that must not exist yet (`wx`). */
  readonly createExclusive: (file: string) => Promise<LedgerFileHandle>;
  /** Fails with `EEXIST` when `newPath` exists: how a new entry is published without overwriting. */
  readonly link: (existingPath: string, newPath: string) => Promise<void>;
  /** Replaces `newPath` atomically: how an update is published. */
  readonly rename: (oldPath: string, newPath: string) => Promise<void>;
  readonly unlink: (file: string) => Promise<void>;
}

export interface LedgerFileHandle {
  writeFile(data: string): Promise<void>;
  sync(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Identifies one version of a file without reading it. The inode is part of it because every store
 * write replaces the file by a rename: a rewrite within the file system's mtime granularity that
 * keeps the size is still seen.
 */
export interface LedgerFileStamp {
  readonly mtimeMs: number;
  readonly size: number;
  readonly ino: number;
}

/** The file system of the machine, through `node:fs`. */
export const nodeLedgerFileSystem: LedgerFileSystem = {
  readdir: (dir) => nodeFs.readdir(dir),
  readFile: (file) => readRegularFile(file, { maxBytes: MAX_ENTRY_FILE_BYTES }),
  realpath: (file) => nodeFs.realpath(file),
  stat: async (file) => {
    const stats = await nodeFs.stat(file);
    return { mtimeMs: stats.mtimeMs, size: stats.size, ino: stats.ino };
  },
  mkdir: async (dir) => {
    await nodeFs.mkdir(dir, { recursive: true });
  },
  createExclusive: async (file) => {
    const handle = await nodeFs.open(file, 'wx');
    return { writeFile: (data) => handle.writeFile(data, 'utf8'), sync: () => handle.sync(), close: () => handle.close() };
  },
  link: (existingPath, newPath) => nodeFs.link(existingPath, newPath),
  rename: (oldPath, newPath) => nodeFs.rename(oldPath, newPath),
  unlink: (file) => nodeFs.unlink(file),
};

export interface LedgerStoreOptions {
  /** Absolute path of the repository root; the folder and every anchor path must be inside it. */
  readonly repoRoot: string;
  /** Folder of the entries, relative to the root; `.techdebt` by default. */
  readonly folder?: string;
  /** Dates `created` and `updated`. */
  readonly clock?: () => Date;
  /** Uniform in [0, 1), for new ids; a CSPRNG by default so two processes never share a sequence. */
  readonly random?: () => number;
  readonly fs?: LedgerFileSystem;
}

/** The fields a user gives for a new entry; the store adds the id and `created`. */
export interface NewLedgerEntry {
  readonly title: string;
  /** `open` when absent. */
  readonly status?: DebtStatus;
  readonly severity: DebtSeverity;
  readonly principal?: string;
  readonly tags?: readonly string[];
  readonly backlog?: readonly string[];
  readonly anchors?: readonly Anchor[];
  readonly author?: string;
}

/** Everything in the ledger folder at one moment. */
export interface LedgerSnapshot {
  /** Valid entries with an id no other file uses, by file name. */
  readonly entries: readonly LedgerEntry[];
  /** Problems, by file name then line; a file with a problem contributes no entry. */
  readonly diagnostics: readonly LedgerDiagnostic[];
  /** Every entry file read (valid or not), repository-relative path → its stamp. */
  readonly files: ReadonlyMap<string, LedgerFileStamp>;
}

/** Files that differ between two snapshots, as repository-relative paths. */
export interface LedgerChanges {
  readonly snapshot: LedgerSnapshot;
  readonly added: readonly string[];
  readonly changed: readonly string[];
  readonly removed: readonly string[];
}

/** The entry's file has problems; the store does not write over what it cannot read. */
export class LedgerEntryMalformedError extends Error {
  override readonly name = 'LedgerEntryMalformedError';
  constructor(
    readonly id: string,
    readonly diagnostics: readonly LedgerDiagnostic[],
  ) {
    super(`debt entry ${id} is malformed: ${diagnostics.map((d) => `${d.path}:${d.line} ${d.message}`).join('; ')}`);
  }
}

/** The fields given to `add` or `update` would make an invalid entry; nothing was written. */
export class LedgerInvalidEntryError extends Error {
  override readonly name = 'LedgerInvalidEntryError';
  constructor(readonly diagnostics: readonly LedgerDiagnostic[]) {
    super(`invalid debt entry: ${diagnostics.map((d) => d.message).join('; ')}`);
  }
}

/** Another writer kept changing the same file; the update was not applied. */
export class LedgerConflictError extends Error {
  override readonly name = 'LedgerConflictError';
  constructor(
    readonly id: string,
    readonly attempts: number,
  ) {
    super(`debt entry ${id} changed during ${attempts} attempts to update it`);
  }
}

/** The configured folder is not inside the repository. */
export class LedgerFolderError extends Error {
  override readonly name = 'LedgerFolderError';
  constructor(readonly folder: string) {
    super(`ledger folder ${folder} is not inside the repository`);
  }
}

/**
 * The ledger folder, repository-relative with forward slashes, checked as the store checks it: a
 * scan calls it before any heavy work, so a bad `--ledger-dir` fails at once.
 *
 * @param folder relative to `repoRoot` (or absolute inside it); `.techdebt` when absent.
 * @throws LedgerFolderError when the folder is not inside the repository (or is its root).
 */
export function ledgerFolderOf(repoRoot: string, folder: string = DEFAULT_LEDGER_FOLDER): string {
  const root = path.resolve(repoRoot);
  const relative = path.relative(root, path.resolve(root, folder));
  if (!isInside(relative)) {
    throw new LedgerFolderError(folder);
  }
  return relative.split(path.sep).join('/');
}

interface CachedFile {
  readonly stamp: LedgerFileStamp;
  readonly result: ReturnType<typeof parseEntryFile>;
}

const WRITE_ATTEMPTS = 20;
const TEMP_SUFFIX = '.tmp';
/** The names {@link LedgerStore.writeTemp} gives (`.TD-7f3a2c.k3j9x2.tmp`): no other file is ever removed as a stale temp. */
const TEMP_NAME = /^\.TD-[0-9a-f]{4,16}\.[0-9a-z]{1,6}\.tmp$/;
/**
 * A temp file older than this is left by a killed write: a live writer renames or removes its own
 * within milliseconds, so a minute is far beyond any write at work.
 */
const STALE_TEMP_MS = 60_000;

function isEntryFileName(name: string): boolean {
  return name.endsWith('.md') && !name.startsWith('.') && name.toLowerCase() !== 'readme.md';
}

function errorCode(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : undefined;
}

/** The system's error code (`EACCES`, `ENOSPC`…) when the error is one; a bug is not wrapped as a file-system state. */
function systemErrorCode(error: unknown): string | undefined {
  const code = errorCode(error);
  return code !== undefined && /^E[A-Z0-9]+$/.test(code) ? code : undefined;
}

/** A failed write step, as the typed error that names the folder, or the error itself when it is not the system's. */
function writeFailure(error: unknown, folder: string): unknown {
  const code = systemErrorCode(error);
  return code === undefined ? error : new LedgerFolderNotWritableError(folder, code, { cause: error });
}

/** A relative path that names something below its base (not the base, not above it, not on another drive). */
function isInside(relative: string): boolean {
  return relative !== '' && relative !== '..' && !relative.startsWith(`..${path.sep}`) && !path.isAbsolute(relative);
}

/**
 * The text of an entry file that is rewritten. Valid UTF-8 decodes and encodes back to the same
 * bytes, so an edit changes only the bytes it edits; anything else would be re-encoded (each bad
 * byte becoming U+FFFD), so it is refused.
 *
 * @throws LedgerEntryEncodingError naming the first line that is not UTF-8.
 */
function textToRewrite(bytes: Buffer, rel: string): string {
  const text = bytes.toString('utf8');
  if (isUtf8(bytes)) {
    return text;
  }
  // Up to the first bad byte the round trip is identical, and a line feed is never part of a bad
  // sequence: the lines before the first difference are all valid.
  const again = Buffer.from(text, 'utf8');
  let at = 0;
  while (at < bytes.length && bytes[at] === again[at]) {
    at++;
  }
  let line = 1;
  for (let index = bytes.indexOf(0x0a); index >= 0 && index < at; index = bytes.indexOf(0x0a, index + 1)) {
    line++;
  }
  throw new LedgerEntryEncodingError(rel, line);
}

/** Why a file could not be read, as the diagnostic `load` reports for it. */
function unreadableDiagnostic(rel: string, error: unknown): LedgerDiagnostic {
  if (error instanceof FileTooLargeError) {
    return {
      path: rel,
      line: 1,
      message: `the file is ${error.size} bytes, more than the ${error.limit} bytes an entry file may hold, so it is not read — keep long notes in another file`,
      code: 'too-large',
    };
  }
  if (error instanceof NotARegularFileError) {
    return { path: rel, line: 1, message: `the file is ${error.kind === 'other' ? 'not a regular file' : `a ${error.kind}, not a regular file`}, so it is not read`, code: 'unreadable-file' };
  }
  return { path: rel, line: 1, message: `cannot read the file: ${errorCode(error) ?? String(error)}`, code: 'unreadable-file' };
}

function sameStamp(a: LedgerFileStamp | undefined, b: LedgerFileStamp): boolean {
  return a !== undefined && a.mtimeMs === b.mtimeMs && a.size === b.size && a.ino === b.ino;
}

function isoSeconds(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/**
 * The debt entries of one repository: one Markdown file per entry in a folder.
 *
 * Safe with other writers (another window, the CLI, git): a new entry is a new file published with
 * `link`, which never replaces an existing file; an update is a complete temp file renamed over the
 * old one, so a reader or a crash sees the old or the new text, never a mix. No lock is taken, so
 * a writer that dies leaves nothing that blocks the others (at worst a `.TD-….tmp` file, ignored by
 * readers and removed by the next write once it is a minute old).
 * Nothing is watched: {@link load} re-reads only files whose stamp changed, so calling it on every
 * focus or file-system event is cheap.
 */
export class LedgerStore {
  readonly repoRoot: string;
  /** Repository-relative folder, forward slashes. */
  readonly folder: string;
  private readonly dir: string;
  private readonly clock: () => Date;
  private readonly random: () => number;
  private readonly fs: LedgerFileSystem;
  private readonly cache = new Map<string, CachedFile>();
  private realRootPromise: Promise<string> | undefined;

  constructor(options: LedgerStoreOptions) {
    this.repoRoot = path.resolve(options.repoRoot);
    this.folder = ledgerFolderOf(this.repoRoot, options.folder);
    this.dir = path.join(this.repoRoot, ...this.folder.split('/'));
    this.clock = options.clock ?? ((): Date => new Date());
    this.random = options.random ?? ((): number => randomInt(0, 0x1000000) / 0x1000000);
    this.fs = options.fs ?? nodeLedgerFileSystem;
  }

  /**
   * Reads every entry file of the folder (`*.md`, not hidden, not `README.md`), each one only if
   * its stamp changed since the last load. A missing folder is an empty ledger. Files that share an
   * id are all reported and none is loaded: which one is the real entry is the user's call.
   */
  async load(): Promise<LedgerSnapshot> {
    let names: string[];
    try {
      names = (await this.fs.readdir(this.dir)).filter(isEntryFileName).sort();
    } catch (error) {
      const code = errorCode(error);
      if (code === 'ENOENT') {
        this.cache.clear();
        return { entries: [], diagnostics: [], files: new Map() };
      }
      throw this.folderFailure(error);
    }
    const files = new Map<string, LedgerFileStamp>();
    const parsed: ParsedEntry[] = [];
    const diagnostics: LedgerDiagnostic[] = [];
    const seen = new Set<string>();
    for (const name of names) {
      const cached = await this.readCached(name);
      if (cached === undefined) {
        continue;
      }
      seen.add(name);
      files.set(this.relPath(name), cached.stamp);
      if ('entry' in cached.result) {
        parsed.push(cached.result);
      } else {
        diagnostics.push(...cached.result.diagnostics);
      }
    }
    for (const name of [...this.cache.keys()]) {
      if (!seen.has(name)) {
        this.cache.delete(name);
      }
    }
    const byId = new Map<string, ParsedEntry[]>();
    for (const result of parsed) {
      byId.set(result.entry.id, [...(byId.get(result.entry.id) ?? []), result]);
    }
    const entries: LedgerEntry[] = [];
    for (const result of parsed) {
      const sharing = byId.get(result.entry.id) ?? [];
      if (sharing.length === 1) {
        entries.push(result.entry);
        continue;
      }
      const others = sharing.filter((other) => other !== result).map((other) => other.entry.path);
      diagnostics.push({
        path: result.entry.path,
        line: result.idLine,
        message: `id ${result.entry.id} is also used by ${others.join(', ')}; give one of them a new id`,
        code: 'duplicate-id',
      });
    }
    diagnostics.sort((a, b) => (a.path === b.path ? a.line - b.line : a.path < b.path ? -1 : 1));
    return { entries, diagnostics, files };
  }

  /** Loads again and tells which entry files appeared, changed or disappeared since `previous`. */
  async changedSince(previous: LedgerSnapshot): Promise<LedgerChanges> {
    const snapshot = await this.load();
    const added: string[] = [];
    const changed: string[] = [];
    for (const [file, stamp] of snapshot.files) {
      const before = previous.files.get(file);
      if (before === undefined) {
        added.push(file);
      } else if (!sameStamp(before, stamp)) {
        changed.push(file);
      }
    }
    const removed = [...previous.files.keys()].filter((file) => !snapshot.files.has(file));
    return { snapshot, added, changed, removed };
  }

  /**
   * Writes a new entry in a new file and returns it. The id is new in the folder as listed; should
   * another writer publish the same id at the same moment, one of the two (or both) withdraws its
   * file and tries again with a new id, so neither entry is lost and ids stay unique.
   *
   * @throws LedgerInvalidEntryError when the fields do not make a valid entry (nothing written, not
   *   even the folder); LedgerFolderNotAFolderError, LedgerFolderNotWritableError.
   */
  async add(fields: NewLedgerEntry, body: string): Promise<LedgerEntry> {
    this.checkNewEntry(fields, body);
    try {
      await this.fs.mkdir(this.dir);
    } catch (error) {
      throw this.folderFailure(error);
    }
    await this.removeStaleTemps(this.dir);
    for (let attempt = 0; attempt < WRITE_ATTEMPTS; attempt++) {
      const taken = await this.takenIds();
      const id = newEntryId(taken, this.random);
      const name = entryFileName(id, fields.title);
      const text = this.newEntryText(id, fields, body);
      const result = parseEntryFile(text, this.relPath(name), this.repoRoot);
      if (!('entry' in result)) {
        throw new LedgerInvalidEntryError(result.diagnostics);
      }
      const target = path.join(this.dir, name);
      const temp = await this.writeTemp(this.dir, id, text);
      try {
        await this.fs.link(temp, target);
      } catch (error) {
        if (errorCode(error) === 'EEXIST') {
          continue;
        }
        throw writeFailure(error, this.folder);
      } finally {
        await this.removeTemp(temp);
      }
      if (await this.withdrawIfDuplicate(id, name)) {
        continue;
      }
      return result.entry;
    }
    throw new LedgerConflictError('(new entry)', WRITE_ATTEMPTS);
  }

  /**
   * Changes one entry: re-reads its file, edits only the changed fields in the text (see
   * `updateEntryText`), sets `updated`, and replaces the file by a rename. When the file changed
   * between the read and the rename the edit is made again on the new text, so a concurrent edit of
   * another field is not lost. An entry that is a symlink is written through: the new file replaces
   * the link's target (in the target's folder, which must be inside the repository), and the link
   * stays a link. Every byte that is not edited is kept as it was.
   *
   * @throws LedgerEntryNotFoundError, LedgerEntryMalformedError (the file is never rewritten),
   *   LedgerInvalidEntryError, LedgerConflictError; LedgerEntryEncodingError (not UTF-8: it would be
   *   re-encoded), LedgerEntryLinkError (a link out of the repository), LedgerFolderNotWritableError.
   */
  async update(id: string, changes: LedgerEntryChanges): Promise<LedgerEntry> {
    const titleProblem = changes.title === undefined ? undefined : titleLineProblem(changes.title);
    if (titleProblem !== undefined) {
      throw new LedgerInvalidEntryError([{ path: this.folder, line: 1, message: titleProblem, code: 'multi-line-title' }]);
    }
    const cleaned = new Set<string>();
    for (let attempt = 0; attempt < WRITE_ATTEMPTS; attempt++) {
      const snapshot = await this.load();
      const rel = this.fileOf(id, snapshot);
      const file = path.join(this.repoRoot, ...rel.split('/'));
      let bytes: Buffer;
      try {
        bytes = await this.fs.readFile(file);
      } catch (error) {
        if (errorCode(error) === 'ENOENT') {
          continue;
        }
        throw error;
      }
      const original = textToRewrite(bytes, rel);
      const current = parseEntryFile(original, rel, this.repoRoot);
      if (!('entry' in current)) {
        throw new LedgerEntryMalformedError(id, current.diagnostics);
      }
      const text = updateEntryText(original, { ...changes, updated: changes.updated ?? isoSeconds(this.clock()) });
      const next = parseEntryFile(text, rel, this.repoRoot);
      if (!('entry' in next)) {
        throw new LedgerInvalidEntryError(next.diagnostics);
      }
      const { target, folder } = await this.writeTarget(file, rel);
      const targetDir = path.dirname(target);
      if (!cleaned.has(targetDir)) {
        cleaned.add(targetDir);
        await this.removeStaleTemps(targetDir);
      }
      const temp = await this.writeTemp(targetDir, id, text, folder);
      let renamed = false;
      try {
        if (!(await this.fs.readFile(file)).equals(bytes)) {
          continue;
        }
        try {
          await this.fs.rename(temp, target);
        } catch (error) {
          throw writeFailure(error, folder);
        }
        renamed = true;
      } finally {
        if (!renamed) {
          await this.removeTemp(temp);
        }
      }
      return next.entry;
    }
    throw new LedgerConflictError(id, WRITE_ATTEMPTS);
  }

  private relPath(name: string): string {
    return `${this.folder}/${name}`;
  }

  private async readCached(name: string): Promise<CachedFile | undefined> {
    const file = path.join(this.dir, name);
    try {
      const stamp = await this.fs.stat(file);
      const cached = this.cache.get(name);
      if (cached !== undefined && sameStamp(cached.stamp, stamp)) {
        return cached;
      }
      if (!(await this.isInsideRepository(file))) {
        this.cache.delete(name);
        return {
          stamp,
          result: { diagnostics: [{ path: this.relPath(name), line: 1, message: 'the file is a symbolic link to a file outside the repository, so it is not read', code: 'unreadable-file' }] },
        };
      }
      // Read leniently: a byte that is not UTF-8 shows as U+FFFD; only a rewrite refuses it.
      const text = (await this.fs.readFile(file)).toString('utf8');
      const fresh: CachedFile = { stamp, result: parseEntryFile(text, this.relPath(name), this.repoRoot) };
      this.cache.set(name, fresh);
      return fresh;
    } catch (error) {
      if (errorCode(error) === 'ENOENT') {
        return undefined;
      }
      this.cache.delete(name);
      return { stamp: { mtimeMs: 0, size: 0, ino: 0 }, result: { diagnostics: [unreadableDiagnostic(this.relPath(name), error)] } };
    }
  }

  /** The repository root with its own symlinks resolved (macOS's `/tmp`), once per store. */
  private realRoot(): Promise<string> {
    this.realRootPromise ??= this.fs.realpath(this.repoRoot);
    return this.realRootPromise;
  }

  /** Whether the file a path leads to, through any symlink, is inside the repository. */
  private async isInsideRepository(file: string): Promise<boolean> {
    const [real, root] = await Promise.all([this.fs.realpath(file), this.realRoot()]);
    return isInside(path.relative(root, real));
  }

  /**
   * Where a rewrite of `file` goes: the file itself, or the target of the symlinks on its path
   * (renaming over a link would replace the link by a regular file), with the repository-relative
   * folder that errors name.
   *
   * @throws LedgerEntryLinkError when the target is outside the repository.
   */
  private async writeTarget(file: string, rel: string): Promise<{ target: string; folder: string }> {
    const [target, root] = await Promise.all([this.fs.realpath(file), this.realRoot()]);
    const relative = path.relative(root, target);
    if (!isInside(relative)) {
      throw new LedgerEntryLinkError(rel);
    }
    return { target, folder: path.dirname(relative).split(path.sep).join('/') };
  }

  /**
   * The typed error for a failure on the ledger folder itself: a file in its place (ENOTDIR, or
   * EEXIST from mkdir), or a folder the user cannot read or create; anything else as it was.
   */
  private folderFailure(error: unknown): unknown {
    const code = systemErrorCode(error);
    if (code === 'ENOTDIR' || code === 'EEXIST') {
      return new LedgerFolderNotAFolderError(this.folder);
    }
    return code === undefined ? error : new LedgerFolderUnreadableError(this.folder, code, { cause: error });
  }

  /**
   * Refuses, before anything is written, fields that would not make a valid entry: the title must
   * be one line (a line break would split every table row that shows it), and the entry must read
   * back as valid (checked under a placeholder id; the real one is chosen at publication).
   */
  /** A new entry's file text, created now: `add` writes it, `checkNewEntry` parses it as a probe. */
  private newEntryText(id: string, fields: NewLedgerEntry, body: string): string {
    return serializeNewEntry(
      {
        id,
        title: fields.title,
        status: fields.status ?? 'open',
        severity: fields.severity,
        ...(fields.principal !== undefined && { principal: fields.principal }),
        tags: fields.tags ?? [],
        backlog: fields.backlog ?? [],
        anchors: fields.anchors ?? [],
        created: isoSeconds(this.clock()),
        ...(fields.author !== undefined && { author: fields.author }),
      },
      body,
    );
  }

  private checkNewEntry(fields: NewLedgerEntry, body: string): void {
    const titleProblem = titleLineProblem(fields.title);
    if (titleProblem !== undefined) {
      throw new LedgerInvalidEntryError([{ path: this.folder, line: 1, message: titleProblem, code: 'multi-line-title' }]);
    }
    const probeId = 'TD-0000';
    const text = this.newEntryText(probeId, fields, body);
    const result = parseEntryFile(text, this.relPath(entryFileName(probeId, fields.title)), this.repoRoot);
    if (!('entry' in result)) {
      throw new LedgerInvalidEntryError(result.diagnostics);
    }
  }

  /**
   * Removes the temp files of killed writes from a folder about to be written: only names this
   * store gives ({@link TEMP_NAME}), only older than {@link STALE_TEMP_MS} (a younger one may be
   * another writer's, at work). Best effort: a temp file left behind is harmless to readers.
   */
  private async removeStaleTemps(dir: string): Promise<void> {
    let names: string[];
    try {
      names = await this.fs.readdir(dir);
    } catch {
      return;
    }
    const now = this.clock().getTime();
    for (const name of names.filter((candidate) => TEMP_NAME.test(candidate))) {
      const file = path.join(dir, name);
      try {
        if (now - (await this.fs.stat(file)).mtimeMs > STALE_TEMP_MS) {
          await this.fs.unlink(file);
        }
      } catch {
        // Gone already (another writer cleaned it), or not ours to remove: leave it.
      }
    }
  }

  /** Ids in use, from file names (valid or not) so that a malformed file's id is not reused. */
  private async takenIds(): Promise<Set<string>> {
    const taken = new Set<string>();
    for (const name of await this.fs.readdir(this.dir)) {
      const id = /^\.?(TD-[0-9a-f]+)/.exec(name)?.[1];
      if (id !== undefined && ENTRY_ID_PATTERN.test(id)) {
        taken.add(id);
      }
    }
    return taken;
  }

  /**
   * After publishing `name`, withdraws it if another file carries the same id. Each writer lists
   * the folder after its own link, so of two writers racing on one id at least one sees the other.
   */
  private async withdrawIfDuplicate(id: string, name: string): Promise<boolean> {
    const names = await this.fs.readdir(this.dir);
    const clash = names.some((other) => other !== name && isEntryFileName(other) && (other === `${id}.md` || other.startsWith(`${id}-`)));
    if (clash) {
      await this.fs.unlink(path.join(this.dir, name));
    }
    return clash;
  }

  private fileOf(id: string, snapshot: LedgerSnapshot): string {
    const entry = snapshot.entries.find((candidate) => candidate.id === id);
    if (entry !== undefined) {
      return entry.path;
    }
    const problems = snapshot.diagnostics.filter((d) => {
      const name = path.posix.basename(d.path);
      return name === `${id}.md` || name.startsWith(`${id}-`);
    });
    if (problems.length > 0) {
      throw new LedgerEntryMalformedError(id, problems);
    }
    throw new LedgerEntryNotFoundError(id);
  }

  /**
   * A complete, synced copy of `text` in `dir` (the target's folder, so the rename is atomic),
   * under a name no reader loads.
   *
   * @param folder `dir` repository-relative, as a failure names it.
   * @throws LedgerFolderNotWritableError when the system refuses a step; no temp file is left.
   */
  private async writeTemp(dir: string, id: string, text: string, folder = this.folder): Promise<string> {
    const temp = path.join(dir, `.${id}.${randomInt(0, 0x7fffffff).toString(36)}${TEMP_SUFFIX}`);
    let handle: LedgerFileHandle;
    try {
      handle = await this.fs.createExclusive(temp);
    } catch (error) {
      throw writeFailure(error, folder);
    }
    try {
      await handle.writeFile(text);
      await handle.sync();
    } catch (error) {
      await handle.close().catch(() => undefined);
      await this.removeTemp(temp);
      throw writeFailure(error, folder);
    }
    try {
      await handle.close();
    } catch (error) {
      await this.removeTemp(temp);
      throw writeFailure(error, folder);
    }
    return temp;
  }

  /** Best effort, one retry: a temp file left behind is ignored by readers and harmless. */
  private async removeTemp(temp: string): Promise<void> {
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        await this.fs.unlink(temp);
        return;
      } catch (error) {
        if (errorCode(error) === 'ENOENT') {
          return;
        }
      }
    }
  }
}
