import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { GitOptions } from '../history/gitProcess';
import { forEachConcurrently } from '../forEachConcurrently';
import { GitCommandError, RecordSplitter, streamGit, throwIfAborted } from '../history/gitProcess';
import { zip } from '../zip';
import type { Marker, MarkerOptions } from './markers';
import { findMarkers } from './markers';

/**
 * Where a harvested marker's line comes from, per `git blame`:
 * - `committed`: the line is in a commit; author, time and commit are known.
 * - `uncommitted`: the line is new or changed in the work tree ("not committed yet"): no author, age 0.
 * - `untracked`: git does not track the file, so it has no history.
 * - `unavailable`: git could not blame the file (the repository has no commit yet, or the text read
 *   no longer matches the file on disk); shown without an author rather than failing the harvest.
 */
export type MarkerBlameStatus = 'committed' | 'uncommitted' | 'untracked' | 'unavailable';

/** A marker with who wrote its line and how long ago, so the Tech Debt view can sort old debt first. */
export interface HarvestedMarker extends Marker {
  readonly blame: MarkerBlameStatus;
  /** The line's author (after `.mailmap`); null unless `committed`. */
  readonly author: string | null;
  readonly authorEmail: string | null;
  /** Author date of the line's commit, unix seconds; null unless `committed`. */
  readonly authorTime: number | null;
  readonly commit: string | null;
  /** Whole days from the author date to the clock's `now` (0 for uncommitted lines); null without blame. */
  readonly ageDays: number | null;
}

export interface HarvestProgress {
  readonly phase: 'read' | 'blame';
  readonly done: number;
  readonly total: number;
}

export interface HarvestOptions {
  /** The repository's top folder: `files` and blame's paths are relative to it. */
  readonly git: GitOptions;
  /** Repository-relative, `/`-separated paths of the files to search. */
  readonly files: readonly string[];
  /**
   * Reads one file; `undefined` skips it (deleted, binary, too large). Blame describes the file on
   * disk, so this should return the disk content for lines and authors to agree. Never called for a
   * symbolic link.
   */
  readonly readFile: (path: string) => Promise<string | undefined>;
  readonly options: MarkerOptions;
  /** The clock ages are measured against. */
  readonly now: Date;
  readonly signal?: AbortSignal;
  readonly onProgress?: (progress: HarvestProgress) => void;
  /** Files read and git processes run at the same time; default 4. */
  readonly concurrency?: number;
}

/**
 * With more marker lines than this in one file, blame runs over the whole file instead of one `-L`
 * per line: still one process, and the command line stays far below Windows' 32K-character limit.
 */
const MAX_LINE_RANGES = 200;
const UNCOMMITTED = /^0+$/;
const SECONDS_PER_DAY = 86_400;

/**
 * Harvests the markers of many files and dates them with `git blame`: one blame process per file
 * that has markers, its marker lines passed as repeated `-L n,n` ranges, never one process per
 * marker (a workspace easily holds thousands of TODOs). At most `concurrency` files are read and
 * blamed at once. Returns the markers in the order of `files`, then by line and column.
 *
 * @throws CancelledError when the signal aborts (checked between files and inside git);
 *   GitNotFoundError and NotAGitRepositoryError as the git runner reports them.
 */
export async function harvestMarkers(harvest: HarvestOptions): Promise<HarvestedMarker[]> {
  const signal = harvest.signal ?? harvest.git.signal;
  const git: GitOptions = { ...harvest.git, signal };
  const limit = Math.max(1, harvest.concurrency ?? 4);

  const found: Marker[][] = harvest.files.map(() => []);
  let read = 0;
  harvest.onProgress?.({ phase: 'read', done: 0, total: harvest.files.length });
  await forEachConcurrently(harvest.files.map((file, index) => ({ file, index })), limit, async ({ file, index }) => {
    throwIfAborted(signal);
    // A link is never followed, whatever the reader does: it may lead out of the repository.
    const text = (await isSymbolicLink(git.cwd, file)) ? undefined : await harvest.readFile(file);
    if (text !== undefined) {
      found[index] = findMarkers(file, text, harvest.options);
    }
    harvest.onProgress?.({ phase: 'read', done: ++read, total: harvest.files.length });
  });

  const withMarkers = zip(harvest.files, found).map(([file, markers], index) => ({ file, markers, index })).filter(({ markers }) => markers.length > 0);
  const results: HarvestedMarker[][] = found.map(() => []);
  if (withMarkers.length === 0) {
    return [];
  }
  throwIfAborted(signal);
  const tracked = await listIndexedFiles(git);
  let blamed = 0;
  harvest.onProgress?.({ phase: 'blame', done: 0, total: withMarkers.length });
  await forEachConcurrently(withMarkers, limit, async ({ file, markers, index }) => {
    throwIfAborted(signal);
    if (!tracked.has(file)) {
      results[index] = markers.map((marker) => withoutBlame(marker, 'untracked'));
    } else {
      let lines: Map<number, BlameLine> | undefined;
      try {
        lines = await blameLines(git, file, markers.map((marker) => marker.line));
      } catch (error) {
        if (!(error instanceof GitCommandError)) {
          throw error;
        }
      }
      results[index] = markers.map((marker) => {
        const line = lines?.get(marker.line);
        return line === undefined ? withoutBlame(marker, 'unavailable') : withBlame(marker, line, harvest.now);
      });
    }
    harvest.onProgress?.({ phase: 'blame', done: ++blamed, total: withMarkers.length });
  });
  return results.flat();
}

async function isSymbolicLink(root: string, file: string): Promise<boolean> {
  try {
    return (await fs.lstat(path.join(root, file))).isSymbolicLink();
  } catch {
    return false; // missing: the reader says so
  }
}

/** One line as `git blame --line-porcelain` describes it. */
export interface BlameLine {
  /** 1-based line number in the file as blamed (the work tree). */
  readonly line: number;
  readonly commit: string;
  readonly author: string;
  readonly authorEmail: string;
  /** Unix seconds. */
  readonly authorTime: number;
}

/**
 * Parses `git blame --line-porcelain` output, line by line. Exported so the parser can be pinned on
 * exact git output without a repository.
 */
export class LinePorcelainParser {
  private current: { commit: string; line: number; author: string; authorEmail: string; authorTime: number } | undefined;

  constructor(private readonly onLine: (line: BlameLine) => void) {}

  push(text: string): void {
    if (this.current === undefined) {
      const header = /^([0-9a-f]{40,64}) \d+ (\d+)/.exec(text);
      if (header !== null) {
        this.current = { commit: header[1]!, line: Number(header[2]), author: '', authorEmail: '', authorTime: 0 };
      }
      return;
    }
    if (text.startsWith('\t')) {
      this.onLine(this.current);
      this.current = undefined;
    } else if (text.startsWith('author ')) {
      this.current.author = text.slice('author '.length);
    } else if (text.startsWith('author-mail ')) {
      this.current.authorEmail = text.slice('author-mail '.length).replace(/^<(.*)>$/, '$1');
    } else if (text.startsWith('author-time ')) {
      this.current.authorTime = Number(text.slice('author-time '.length));
    }
  }
}

/** Blames the given lines of one file in a single git process. */
async function blameLines(git: GitOptions, file: string, lines: readonly number[]): Promise<Map<number, BlameLine>> {
  const unique = [...new Set(lines)].sort((a, b) => a - b);
  const ranges = unique.length > MAX_LINE_RANGES ? [] : unique.flatMap((line) => ['-L', `${line},${line}`]);
  const wanted = new Set(unique);
  const byLine = new Map<number, BlameLine>();
  const parser = new LinePorcelainParser((blamed) => {
    if (wanted.has(blamed.line)) {
      byLine.set(blamed.line, blamed);
    }
  });
  const splitter = new RecordSplitter(0x0a, (record) => parser.push(record));
  await streamGit(git, ['blame', '--line-porcelain', ...ranges, '--', file], (chunk) => splitter.push(chunk));
  splitter.end();
  return byLine;
}

/** The paths in git's index (tracked, including added but not yet committed), repository-relative. */
async function listIndexedFiles(git: GitOptions): Promise<Set<string>> {
  const files = new Set<string>();
  const splitter = new RecordSplitter(0, (record) => {
    if (record !== '') {
      files.add(record);
    }
  });
  await streamGit(git, ['ls-files', '-z', '--cached', '--full-name'], (chunk) => splitter.push(chunk));
  splitter.end();
  return files;
}

function withBlame(marker: Marker, line: BlameLine, now: Date): HarvestedMarker {
  if (UNCOMMITTED.test(line.commit)) {
    return { ...withoutBlame(marker, 'uncommitted'), ageDays: 0 };
  }
  return {
    ...marker,
    blame: 'committed',
    author: line.author,
    authorEmail: line.authorEmail,
    authorTime: line.authorTime,
    commit: line.commit,
    ageDays: Math.max(0, Math.floor((now.getTime() / 1000 - line.authorTime) / SECONDS_PER_DAY)),
  };
}

function withoutBlame(marker: Marker, blame: MarkerBlameStatus): HarvestedMarker {
  return { ...marker, blame, author: null, authorEmail: null, authorTime: null, commit: null, ageDays: null };
}

