/**
 * The ledger's folder or an entry's file is in a state the store cannot use, and nothing was
 * written: the repository's state is wrong, not the request, and the user can fix it. The message
 * is one sentence that names the file or folder and what to do; the CLI prints it as its one line
 * (exit 1) and the editor shows it as its one message. Subclasses say which state it is.
 */
export abstract class LedgerStorageError extends Error {
  /** Repository-relative path of the folder or file concerned, forward slashes. */
  abstract readonly path: string;
}

/** A file (or something else) has the ledger folder's name, or one of its parent folders' names. */
export class LedgerFolderNotAFolderError extends LedgerStorageError {
  override readonly name = 'LedgerFolderNotAFolderError';
  constructor(readonly path: string) {
    super(`the ledger folder ${path} is not a folder (a file is in its place) — move that file away, or use another ledger folder`);
  }
}

/** The ledger folder cannot be listed (permissions). */
export class LedgerFolderUnreadableError extends LedgerStorageError {
  override readonly name = 'LedgerFolderUnreadableError';
  constructor(
    readonly path: string,
    /** The system's error code (`EACCES`, `EIO`…). */
    readonly code: string,
    options?: ErrorOptions,
  ) {
    super(`cannot read the ledger folder ${path} (${describeCode(code)}) — give this user read access to it`, options);
  }
}

/**
 * A write into a ledger folder failed at the system: permissions, a read-only file system, a full
 * disk. The folder is as it was (no entry half-written, no temp file kept).
 */
export class LedgerFolderNotWritableError extends LedgerStorageError {
  override readonly name = 'LedgerFolderNotWritableError';
  constructor(
    readonly path: string,
    /** The system's error code (`EACCES`, `EROFS`, `ENOSPC`…). */
    readonly code: string,
    options?: ErrorOptions,
  ) {
    super(`cannot write in the ledger folder ${path} (${describeCode(code)}) — ${writeRemedy(code)}, then try again`, options);
  }
}

/**
 * An entry's bytes are not valid UTF-8 (a Latin-1 `é`, a stray 0xFF). Rewriting the file would turn
 * each such byte into U+FFFD, so the store refuses to write it rather than re-encode what the user
 * wrote; reading it stays possible (the bad bytes show as U+FFFD).
 */
export class LedgerEntryEncodingError extends LedgerStorageError {
  override readonly name = 'LedgerEntryEncodingError';
  constructor(
    readonly path: string,
    /** 1-based line of the first byte that is not UTF-8. */
    readonly line: number,
  ) {
    super(`${path} is not valid UTF-8 (line ${line}), so it was not changed — save it as UTF-8, then try again`);
  }
}

/** An entry is a symbolic link to a file outside the repository: the store never writes there. */
export class LedgerEntryLinkError extends LedgerStorageError {
  override readonly name = 'LedgerEntryLinkError';
  constructor(readonly path: string) {
    super(`${path} is a symbolic link to a file outside the repository, so it was not changed — make it a regular file in the repository`);
  }
}

/** The system's error codes a user may not know, in words, with what to do about a failed write. */
const CODE_WORDS: Readonly<Record<string, { readonly words: string; readonly remedy: string }>> = {
  EACCES: { words: 'permission denied', remedy: 'give this user write access to it' },
  EPERM: { words: 'permission denied', remedy: 'give this user write access to it' },
  EROFS: { words: 'read-only file system', remedy: 'mount it writable' },
  ENOSPC: { words: 'no space left on the device', remedy: 'free some space' },
  EDQUOT: { words: 'disk quota exceeded', remedy: 'free some space' },
};

function writeRemedy(code: string): string {
  return CODE_WORDS[code]?.remedy ?? 'check the folder';
}

/** The system's error code, in words where a user may not know it. */
function describeCode(code: string): string {
  return CODE_WORDS[code]?.words ?? code;
}
