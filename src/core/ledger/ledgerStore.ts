import { DEFAULT_LEDGER_FOLDER } from '../defaults';
import { randomInt } from 'node:crypto';
import { promises as nodeFs } from 'node:fs';
import * as path from 'node:path';
import type { Anchor } from './anchor';
import { ENTRY_ID_PATTERN, entryFileName, newEntryId } from './entryId';
import type { ParsedEntry } from './entryParser';
import { parseEntryFile } from './entryParser';
import { serializeNewEntry, updateEntryText } from './entryWriter';
import type { DebtSeverity, DebtStatus, LedgerDiagnostic, LedgerEntry, LedgerEntryChanges } from './ledgerEntry';

/** What the store needs from the file system: a port, so tests can fail any step of a write. */
export interface LedgerFileSystem {
  // Function-valued fields, not methods: an implementation never relies on `this`, so a test may
  // wrap or spread them one by one.
  readonly readdir: (dir: string) => Promise<string[]>;
  readonly readFile: (file: string) => Promise<string>;
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
  readFile: (file) => nodeFs.readFile(file, 'utf8'),
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

/** No entry has this id. */
export class LedgerEntryNotFoundError extends Error {
  override readonly name = 'LedgerEntryNotFoundError';
  constructor(readonly id: string) {
    super(`no debt entry ${id}`);
  }
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

interface CachedFile {
  readonly stamp: LedgerFileStamp;
  readonly result: ReturnType<typeof parseEntryFile>;
}

const WRITE_ATTEMPTS = 20;
const TEMP_SUFFIX = '.tmp';

function isEntryFileName(name: string): boolean {
  return name.endsWith('.md') && !name.startsWith('.') && name.toLowerCase() !== 'readme.md';
}

function errorCode(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : undefined;
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
 * a writer that dies leaves nothing that blocks the others (at worst a `.TD-….tmp` file, ignored).
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

  constructor(options: LedgerStoreOptions) {
    this.repoRoot = path.resolve(options.repoRoot);
    this.dir = path.resolve(this.repoRoot, options.folder ?? DEFAULT_LEDGER_FOLDER);
    const relative = path.relative(this.repoRoot, this.dir);
    if (relative === '' || relative === '..' || relative.startsWith(`..${path.sep}`) || path.isAbsolute(relative)) {
      throw new LedgerFolderError(options.folder ?? DEFAULT_LEDGER_FOLDER);
    }
    this.folder = relative.split(path.sep).join('/');
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
      if (errorCode(error) === 'ENOENT') {
        this.cache.clear();
        return { entries: [], diagnostics: [], files: new Map() };
      }
      throw error;
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
   * @throws LedgerInvalidEntryError when the fields do not make a valid entry (nothing written).
   */
  async add(fields: NewLedgerEntry, body: string): Promise<LedgerEntry> {
    await this.fs.mkdir(this.dir);
    for (let attempt = 0; attempt < WRITE_ATTEMPTS; attempt++) {
      const taken = await this.takenIds();
      const id = newEntryId(taken, this.random);
      const name = entryFileName(id, fields.title);
      const text = serializeNewEntry(
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
      const result = parseEntryFile(text, this.relPath(name), this.repoRoot);
      if (!('entry' in result)) {
        throw new LedgerInvalidEntryError(result.diagnostics);
      }
      const target = path.join(this.dir, name);
      const temp = await this.writeTemp(id, text);
      try {
        await this.fs.link(temp, target);
      } catch (error) {
        if (errorCode(error) === 'EEXIST') {
          continue;
        }
        throw error;
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
   * another field is not lost.
   *
   * @throws LedgerEntryNotFoundError, LedgerEntryMalformedError (the file is never rewritten),
   *   LedgerInvalidEntryError, LedgerConflictError.
   */
  async update(id: string, changes: LedgerEntryChanges): Promise<LedgerEntry> {
    for (let attempt = 0; attempt < WRITE_ATTEMPTS; attempt++) {
      const snapshot = await this.load();
      const rel = this.fileOf(id, snapshot);
      const file = path.join(this.repoRoot, ...rel.split('/'));
      let original: string;
      try {
        original = await this.fs.readFile(file);
      } catch (error) {
        if (errorCode(error) === 'ENOENT') {
          continue;
        }
        throw error;
      }
      const current = parseEntryFile(original, rel, this.repoRoot);
      if (!('entry' in current)) {
        throw new LedgerEntryMalformedError(id, current.diagnostics);
      }
      const text = updateEntryText(original, { ...changes, updated: changes.updated ?? isoSeconds(this.clock()) });
      const next = parseEntryFile(text, rel, this.repoRoot);
      if (!('entry' in next)) {
        throw new LedgerInvalidEntryError(next.diagnostics);
      }
      const temp = await this.writeTemp(id, text);
      let renamed = false;
      try {
        if ((await this.fs.readFile(file)) !== original) {
          continue;
        }
        await this.fs.rename(temp, file);
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
      const text = await this.fs.readFile(file);
      const fresh: CachedFile = { stamp, result: parseEntryFile(text, this.relPath(name), this.repoRoot) };
      this.cache.set(name, fresh);
      return fresh;
    } catch (error) {
      if (errorCode(error) === 'ENOENT') {
        return undefined;
      }
      this.cache.delete(name);
      return {
        stamp: { mtimeMs: 0, size: 0, ino: 0 },
        result: { diagnostics: [{ path: this.relPath(name), line: 1, message: `cannot read the file: ${errorCode(error) ?? String(error)}`, code: 'unreadable-file' }] },
      };
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

  /** A complete, synced copy of `text` next to the target, under a name no reader loads. */
  private async writeTemp(id: string, text: string): Promise<string> {
    const temp = path.join(this.dir, `.${id}.${randomInt(0, 0x7fffffff).toString(36)}${TEMP_SUFFIX}`);
    const handle = await this.fs.createExclusive(temp);
    try {
      await handle.writeFile(text);
      await handle.sync();
    } catch (error) {
      await handle.close().catch(() => undefined);
      await this.removeTemp(temp);
      throw error;
    }
    try {
      await handle.close();
    } catch (error) {
      await this.removeTemp(temp);
      throw error;
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
