import { createHash, randomBytes } from 'node:crypto';
import type { Dirent } from 'node:fs';
import { closeSync, openSync, promises as fs, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { crc32 } from 'node:zlib';
import { ensureDirectory } from '../ensureDirectory';
import { readRegularFile } from '../readRegularFile';
import type { ScanReport } from './scanReport';

/**
 * The finished report of the last scan, kept beside the scan cache (`report.json`) under a digest of
 * everything the report depends on. A rescan whose inputs give the same digest (the same commit,
 * the same edits in the working tree, the same ledger files, the same options, the same program)
 * writes that report again instead of recomputing it: on a large repository most of a warm rescan
 * was spent re-deriving, from cached parts, the same 30 MB of JSON. Only `stats.cache` and
 * `stats.durationMs` differ from the stored text, and they are patched in.
 *
 * The file: the report exactly as `jsonReportChunks` lays it out, then one line of JSON (the
 * {@link ReportMemoHeader}), last because it holds the body's checksum. A file whose body does not
 * match it (damaged, cut short, edited) is not used: like the scan cache, the memo is never trusted
 * over recomputing.
 */
export const REPORT_MEMO_VERSION = 1;

export interface ReportMemoHeader {
  readonly version: number;
  readonly key: string;
  /** CRC-32 of the body (zlib's): a check measured at ~15 ms for a 30 MB report, against ~25 for SHA-1. */
  readonly crc32: number;
  readonly bytes: number;
  /** The stored report's `stats` and `warnings`, readable without parsing the report. */
  readonly stats: ScanReport['stats'];
  readonly warnings: readonly string[];
}

/** A stored report whose key matched. */
export interface ReportMemoHit {
  readonly header: ReportMemoHeader;
  /** The report's text as stored (its `stats` are the scan's that wrote it). */
  readonly body: Buffer;
}

/** The memo's file, beside the scan cache file of the same repository. */
export function reportMemoFileFor(cacheFile: string): string {
  return path.join(path.dirname(cacheFile), 'report.json');
}

/** The memo's key: a digest of the inputs, given as any JSON value (order matters, as it should). */
export function reportMemoKey(inputs: unknown): string {
  return createHash('sha1').update(JSON.stringify(inputs)).digest('hex');
}

/**
 * The stored report when its key is `key` and the file is whole (a header that parses, a body that
 * ends as `jsonReportChunks` ends); undefined otherwise (missing, another key, damaged: the scan
 * then runs and writes it anew).
 */
export async function readReportMemo(file: string, key: string): Promise<ReportMemoHit | undefined> {
  let buffer: Buffer;
  try {
    buffer = await readRegularFile(file);
  } catch {
    return undefined;
  }
  // The header is the last line: after the body's final newline, before the file's.
  const end = buffer.length - 1;
  const newline = end > 0 && buffer[end] === 0x0a ? buffer.lastIndexOf(0x0a, end - 1) : -1;
  if (newline < 0) {
    return undefined;
  }
  let header: unknown;
  try {
    header = JSON.parse(buffer.subarray(newline + 1, end).toString('utf8'));
  } catch {
    return undefined;
  }
  if (!isHeader(header) || header.version !== REPORT_MEMO_VERSION || header.key !== key) {
    return undefined;
  }
  const body = buffer.subarray(0, newline + 1);
  if (body.length !== header.bytes || crc32(body) !== header.crc32 || body[0] !== 0x7b || statsLineOf(body) === undefined) {
    return undefined;
  }
  return { header, body };
}

function isHeader(value: unknown): value is ReportMemoHeader {
  if (typeof value !== 'object' || value === null) {
    return false;
  }
  const header = value as Record<string, unknown>;
  return typeof header.key === 'string' && typeof header.crc32 === 'number' && typeof header.bytes === 'number' && typeof header.stats === 'object' && header.stats !== null && Array.isArray(header.warnings) && header.warnings.every((warning) => typeof warning === 'string');
}

const STATS_LINE = Buffer.from('\n  "stats": ');

/** Where the body's `stats` line starts (after its newline) and ends (before the next newline). */
function statsLineOf(body: Buffer): { start: number; end: number } | undefined {
  const at = body.indexOf(STATS_LINE);
  const end = at < 0 ? -1 : body.indexOf(0x0a, at + 1);
  return at < 0 || end < 0 ? undefined : { start: at + 1, end };
}

/**
 * The stored report's text with its `stats` replaced: the three pieces to write in order (no copy of
 * the body is made).
 */
export function patchedReportText(hit: ReportMemoHit, stats: ScanReport['stats']): Buffer[] {
  const line = statsLineOf(hit.body);
  if (line === undefined) {
    throw new Error('the stored report has no stats line');
  }
  const comma = hit.body[line.end - 1] === 0x2c ? ',' : '';
  return [hit.body.subarray(0, line.start), Buffer.from(`  "stats": ${JSON.stringify(stats)}${comma}`), hit.body.subarray(line.end)];
}

/**
 * Writes a memo: the report's JSON as `jsonReportChunks` gives it, chunk by chunk, then the header,
 * to a temp file renamed into place by {@link ReportMemoWriter.commit}, so a reader never sees half
 * of it. Chunks are written synchronously as they come, so a caller can tee the text it prints
 * without holding the whole report as one string.
 */
export class ReportMemoWriter {
  private fd: number | undefined;
  private crc = 0;
  private bytes = 0;

  private constructor(
    private readonly file: string,
    private readonly temp: string,
    private readonly header: Omit<ReportMemoHeader, 'crc32' | 'bytes'>,
    fd: number,
  ) {
    this.fd = fd;
  }

  static async open(file: string, key: string, report: Pick<ScanReport, 'stats' | 'warnings'>): Promise<ReportMemoWriter> {
    await ensureDirectory(path.dirname(file));
    const temp = `${file}.${randomBytes(6).toString('hex')}.tmp`;
    return new ReportMemoWriter(file, temp, { version: REPORT_MEMO_VERSION, key, stats: report.stats, warnings: report.warnings }, openSync(temp, 'wx', 0o600));
  }

  write(text: string): void {
    if (this.fd !== undefined) {
      const bytes = Buffer.from(text, 'utf8');
      this.crc = crc32(bytes, this.crc);
      this.bytes += bytes.length;
      writeFileSync(this.fd, bytes);
    }
  }

  /** Writes the header, closes the temp file and renames it into place. */
  async commit(): Promise<void> {
    if (this.fd !== undefined) {
      const header: ReportMemoHeader = { ...this.header, crc32: this.crc, bytes: this.bytes };
      writeFileSync(this.fd, `${JSON.stringify(header)}\n`);
    }
    this.close();
    await fs.rename(this.temp, this.file);
  }

  /** Leaves no temp file behind (a failed or interrupted write). */
  async discard(): Promise<void> {
    this.close();
    await fs.rm(this.temp, { force: true });
  }

  private close(): void {
    if (this.fd !== undefined) {
      closeSync(this.fd);
      this.fd = undefined;
    }
  }
}

/** Files larger than this are signed by size and modification time rather than read. */
const HASHED_BYTES = 4 * 1024 * 1024;

/**
 * For each repository-relative path, what its bytes are now: a digest of the content (a large file:
 * size and modification time; a link: its target; none: `missing`). Never follows a link.
 */
export async function contentSignatures(root: string, paths: readonly string[]): Promise<[string, string][]> {
  return Promise.all(
    paths.map(async (file): Promise<[string, string]> => {
      const full = path.join(root, file);
      try {
        const stat = await fs.lstat(full, { bigint: true });
        if (stat.isSymbolicLink()) {
          return [file, `link:${await fs.readlink(full)}`];
        }
        if (!stat.isFile()) {
          return [file, 'not-a-file'];
        }
        if (stat.size > BigInt(HASHED_BYTES)) {
          return [file, `stat:${stat.size}:${stat.mtimeNs}:${stat.ino}`];
        }
        return [file, createHash('sha1').update(await fs.readFile(full)).digest('hex')];
      } catch {
        return [file, 'missing'];
      }
    }),
  );
}

/** Every file under `folder` (links included, not followed), sorted; none when it does not exist. */
export async function listFilesUnder(folder: string): Promise<string[]> {
  let entries: Dirent[];
  try {
    entries = await fs.readdir(folder, { withFileTypes: true, recursive: true });
  } catch {
    return [];
  }
  return entries
    .filter((entry) => !entry.isDirectory())
    .map((entry) => path.join(entry.parentPath, entry.name))
    .sort();
}
