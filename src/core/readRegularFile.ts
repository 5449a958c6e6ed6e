import { closeSync, constants, fstatSync, lstatSync, openSync, readSync, promises as fs } from 'node:fs';
import type { Stats } from 'node:fs';

/**
 * What is at a path when it is not a regular file. Reading a FIFO blocks until a writer comes, and a
 * device or a socket never ends, so a repository's files are read only when they are regular files.
 */
export type SpecialFileKind = 'directory' | 'fifo' | 'socket' | 'device' | 'symlink' | 'other';

/** The path names something other than a regular file; nothing was read from it. */
export class NotARegularFileError extends Error {
  override readonly name = 'NotARegularFileError';
  readonly code = 'ENOTREG';
  constructor(
    readonly path: string,
    readonly kind: SpecialFileKind,
  ) {
    super(`${path} is ${kind === 'other' ? 'not a regular file' : `a ${kind === 'symlink' ? 'symbolic link' : kind}, not a regular file`}`);
  }
}

/** The file is larger than the caller reads; nothing was read from it. */
export class FileTooLargeError extends Error {
  override readonly name = 'FileTooLargeError';
  readonly code = 'EFBIG';
  constructor(
    readonly path: string,
    readonly size: number,
    readonly limit: number,
  ) {
    super(`${path} is ${size} bytes, more than the ${limit} read`);
  }
}

export interface ReadRegularFileOptions {
  /** Refuse files larger than this many bytes (with {@link FileTooLargeError}). */
  readonly maxBytes?: number;
  /**
   * `false`: a symbolic link at the path itself is refused ({@link NotARegularFileError} of kind
   * `symlink`) instead of followed, in the same open (O_NOFOLLOW), so a repository's link cannot make
   * the read leave it. Folders on the way are still followed. Default `true`.
   */
  readonly followSymlinks?: boolean;
}

/** {@link readRegularFileSync}'s options: a first look at the file's start may end the read there. */
export interface ReadRegularFileSyncOptions extends ReadRegularFileOptions {
  /**
   * For a file longer than `bytes`: its first `bytes` are read first and given to `stop` with the
   * file's size; when it returns true the read ends there and only they are returned, so a file its
   * head already judges is never read whole. A shorter file is read whole without the call.
   */
  readonly head?: { readonly bytes: number; readonly stop: (head: Buffer, size: number) => boolean };
}

// O_NONBLOCK makes opening a FIFO return at once instead of waiting for a writer; it does not change
// how a regular file reads. Windows has no FIFOs to block on (and no such flag).
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0);
// Where the platform has no O_NOFOLLOW (Windows), links are refused by an lstat before the open.
const NO_FOLLOW = constants.O_NOFOLLOW as number | undefined;

function openFlags(options: ReadRegularFileOptions): number {
  return options.followSymlinks === false && NO_FOLLOW !== undefined ? OPEN_FLAGS | NO_FOLLOW : OPEN_FLAGS;
}

/** With O_NOFOLLOW, opening a link fails with ELOOP: that is the refusal, typed. */
function refusedLink(file: string, error: unknown, options: ReadRegularFileOptions): unknown {
  return options.followSymlinks === false && (error as NodeJS.ErrnoException).code === 'ELOOP' ? new NotARegularFileError(file, 'symlink') : error;
}

/**
 * Reads a file only if it is a regular file (following symlinks unless told not to), in one open: the type is checked
 * on the open descriptor, so a file swapped for a FIFO between a check and the read cannot hang it.
 *
 * @throws NotARegularFileError for a directory, FIFO, socket or device; FileTooLargeError past
 *   `maxBytes`; the system's error (ENOENT, EACCES, ELOOP…) otherwise.
 */
export async function readRegularFile(file: string, options: ReadRegularFileOptions = {}): Promise<Buffer> {
  if (options.followSymlinks === false && NO_FOLLOW === undefined && (await fs.lstat(file)).isSymbolicLink()) {
    throw new NotARegularFileError(file, 'symlink');
  }
  const handle = await fs.open(file, openFlags(options)).catch((error: unknown) => {
    throw refusedLink(file, error, options);
  });
  try {
    const stat = await handle.stat();
    checkRegular(file, stat, options);
    return await handle.readFile();
  } finally {
    await handle.close();
  }
}

/** {@link readRegularFile}, synchronously. */
export function readRegularFileSync(file: string, options: ReadRegularFileSyncOptions = {}): Buffer {
  if (options.followSymlinks === false && NO_FOLLOW === undefined && lstatSync(file).isSymbolicLink()) {
    throw new NotARegularFileError(file, 'symlink');
  }
  let fd: number;
  try {
    fd = openSync(file, openFlags(options));
  } catch (error) {
    throw refusedLink(file, error, options);
  }
  try {
    const stat = fstatSync(fd);
    checkRegular(file, stat, options);
    const buffer = Buffer.allocUnsafe(stat.size);
    const head = options.head;
    let filled = fill(fd, buffer, 0, head ? Math.min(head.bytes, buffer.length) : buffer.length);
    if (head && filled < buffer.length) {
      if (head.stop(buffer.subarray(0, filled), stat.size)) {
        return buffer.subarray(0, filled);
      }
      filled = fill(fd, buffer, filled, buffer.length);
    }
    return filled === buffer.length ? buffer : buffer.subarray(0, filled);
  } finally {
    closeSync(fd);
  }
}

/** Reads into `buffer` from `filled` up to `end` or the file's end; returns how far it is filled. */
function fill(fd: number, buffer: Buffer, filled: number, end: number): number {
  while (filled < end) {
    const read = readSync(fd, buffer, filled, end - filled, null);
    if (read === 0) {
      break;
    }
    filled += read;
  }
  return filled;
}

function checkRegular(file: string, stat: Stats, options: ReadRegularFileOptions): void {
  if (!stat.isFile()) {
    throw new NotARegularFileError(file, specialKind(stat));
  }
  if (options.maxBytes !== undefined && stat.size > options.maxBytes) {
    throw new FileTooLargeError(file, stat.size, options.maxBytes);
  }
}

function specialKind(stat: Stats): SpecialFileKind {
  if (stat.isDirectory()) {
    return 'directory';
  }
  if (stat.isFIFO()) {
    return 'fifo';
  }
  if (stat.isSocket()) {
    return 'socket';
  }
  return stat.isCharacterDevice() || stat.isBlockDevice() ? 'device' : 'other';
}
