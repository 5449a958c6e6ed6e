import { closeSync, constants, fstatSync, openSync, readSync, promises as fs } from 'node:fs';
import type { Stats } from 'node:fs';

/**
 * What is at a path when it is not a regular file. Reading a FIFO blocks until a writer comes, and a
 * device or a socket never ends, so a repository's files are read only when they are regular files.
 */
export type SpecialFileKind = 'directory' | 'fifo' | 'socket' | 'device' | 'other';

/** The path names something other than a regular file; nothing was read from it. */
export class NotARegularFileError extends Error {
  override readonly name = 'NotARegularFileError';
  readonly code = 'ENOTREG';
  constructor(
    readonly path: string,
    readonly kind: SpecialFileKind,
  ) {
    super(`${path} is ${kind === 'other' ? 'not a regular file' : `a ${kind}, not a regular file`}`);
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
}

// O_NONBLOCK makes opening a FIFO return at once instead of waiting for a writer; it does not change
// how a regular file reads. Windows has no FIFOs to block on (and no such flag).
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0);

/**
 * Reads a file only if it is a regular file (following symlinks), in one open: the type is checked
 * on the open descriptor, so a file swapped for a FIFO between a check and the read cannot hang it.
 *
 * @throws NotARegularFileError for a directory, FIFO, socket or device; FileTooLargeError past
 *   `maxBytes`; the system's error (ENOENT, EACCES, ELOOP…) otherwise.
 */
export async function readRegularFile(file: string, options: ReadRegularFileOptions = {}): Promise<Buffer> {
  const handle = await fs.open(file, OPEN_FLAGS);
  try {
    const stat = await handle.stat();
    checkRegular(file, stat, options);
    return await handle.readFile();
  } finally {
    await handle.close();
  }
}

/** {@link readRegularFile}, synchronously. */
export function readRegularFileSync(file: string, options: ReadRegularFileOptions = {}): Buffer {
  const fd = openSync(file, OPEN_FLAGS);
  try {
    const stat = fstatSync(fd);
    checkRegular(file, stat, options);
    const buffer = Buffer.allocUnsafe(stat.size);
    let filled = 0;
    while (filled < buffer.length) {
      const read = readSync(fd, buffer, filled, buffer.length - filled, null);
      if (read === 0) {
        break;
      }
      filled += read;
    }
    return filled === buffer.length ? buffer : buffer.subarray(0, filled);
  } finally {
    closeSync(fd);
  }
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
