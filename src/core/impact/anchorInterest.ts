/**
 * The interest of debt (metrics.md, "Debt"): what anchored code costs while it stays — the commits in
 * the window that changed it, their churn inside it, and the backlog items they carry.
 *
 * "Changed it" is decided in each commit's own version of the file, not at HEAD: code that moved
 * since (lines inserted above it, the file renamed) still collects the commits that touched it then.
 */

import type { Anchor } from '../ledger/anchor';
import type { FunctionLister } from '../history/functionHistory';
import { replayFunctionHistory } from '../history/functionReplay';
import { readFilePatches } from '../history/gitLog';
import type { FilePatch, Hunk } from '../history/patchParser';
import type { FileHistory, HistorySummary } from '../history/fileHistory';
import type { GitOptions } from '../history/gitProcess';
import { throwIfAborted } from '../history/gitProcess';
import { zip } from '../zip';
import { monthOf, monthsOf } from './calendarMonths';

/** One calendar month (UTC) of the window. */
export interface MonthlyInterest {
  /** `YYYY-MM`. */
  readonly month: string;
  readonly revisions: number;
  readonly churn: number;
}

/** Interest of some code in the window. Plain data, JSON-serializable. */
export interface Interest {
  /** Counted commits (non-merge, non-bot, in the window) whose changed lines touch the code. */
  readonly revisions: number;
  /** Lines added inside the code plus lines deleted by the hunks that touch it, over those commits. */
  readonly churn: number;
  /** Backlog reference ids in those commits' messages, most frequent first, then by id. */
  readonly tickets: readonly string[];
  /**
   * Every month of the window, oldest first, zeros included, by committer date (UTC): the date git's
   * window compares, so every counted commit falls in one of these months and they sum to the totals.
   */
  readonly byMonth: readonly MonthlyInterest[];
  /** The commit ids, newest first. */
  readonly commits: readonly string[];
}

/**
 * How an anchor's code was followed back through history. `symbol`: the X-Ray definition of the
 * function with the anchor's name in each version. `lines`: the anchor's HEAD line range carried back
 * through each commit's hunks (also used for a symbol X-Ray does not list as a function, such as a
 * class, when the anchor has lines). `file`: the whole file. `none`: nothing to follow (a symbol that
 * is not a function at HEAD and no lines, or a file without history in the window).
 */
export type InterestMethod = 'symbol' | 'lines' | 'file' | 'none';

export interface AnchorInterest extends Interest {
  /** The anchor as given (its current path, symbol and lines). */
  readonly anchor: Anchor;
  readonly method: InterestMethod;
}

/** The interest of one group of anchors (a debt entry's), and of each anchor in it. */
export interface GroupInterest {
  /** Merged: a commit touching several anchors counts once, and a line covered by two anchors once. */
  readonly interest: Interest;
  /** Parallel to the group's anchors. */
  readonly anchors: readonly AnchorInterest[];
}

export interface AnchorInterestRequest {
  /**
   * Groups of RESOLVED anchors (current path, symbol and/or lines at HEAD), one group per debt entry
   * or per file/symbol asked about. All groups are read in one `git log -p` walk.
   */
  readonly groups: readonly (readonly Anchor[])[];
  /** The history of the window; its counted commits, their paths and references are used. */
  readonly history: HistorySummary;
  /** The window the history was read for; `byMonth` spans its months. */
  readonly window: { readonly since: Date; readonly until: Date };
  /**
   * The file's text at HEAD (the walk applies patches backwards from it), or undefined when it cannot
   * be read; then symbol anchors fall back to their lines. Anchors resolved against a working tree
   * that differs from HEAD in that file may point at the wrong lines.
   */
  readonly headText: (path: string) => string | undefined | Promise<string | undefined>;
  readonly listFunctions: FunctionLister;
}

/**
 * Reads the interest of groups of anchors with ONE `git log -p -U0` walk over every anchored file
 * (per-commit `git show` would cost a process per commit), then replays each file's patches in memory.
 */
export async function readAnchorInterest(git: GitOptions, request: AnchorInterestRequest): Promise<GroupInterest[]> {
  const files = [...new Set(request.groups.flatMap((group) => group.map((anchor) => anchor.path)))].flatMap((path) => {
    const history = request.history.files.get(path);
    return history ? [{ path, history }] : [];
  });
  const patches = files.length === 0 ? [] : await readFilePatches(git, files.map(({ history }) => ({ historicalPaths: history.historicalPaths, commits: history.pathByCommit })), request.window.since);
  const texts = await Promise.all(files.map(({ path }) => Promise.resolve(request.headText(path))));
  throwIfAborted(git.signal);
  const inputs = new Map<string, FileInput>();
  for (const [[{ path, history }, filePatches], headText] of zip(zip(files, patches), texts)) {
    inputs.set(path, { history, patches: filePatches, headText });
  }
  return computeAnchorInterest(request.groups, inputs, request.history, request.window, request.listFunctions, git.signal);
}

/** What {@link computeAnchorInterest} needs of one anchored file. */
export interface FileInput {
  readonly history: FileHistory;
  /** The file's patches, newest first, as {@link readFilePatches} returns them. */
  readonly patches: readonly FilePatch[];
  readonly headText: string | undefined;
}

/**
 * The pure part of {@link readAnchorInterest}: no git, no I/O. Anchors whose path is not in `files`
 * had no counted commit in the window and get zero interest.
 */
export function computeAnchorInterest(
  groups: readonly (readonly Anchor[])[],
  files: ReadonlyMap<string, FileInput>,
  history: HistorySummary,
  window: { readonly since: Date; readonly until: Date },
  listFunctions: FunctionLister,
  signal?: AbortSignal,
): GroupInterest[] {
  const anchors = [...new Set(groups.flat())];
  const touchesOf = new Map<Anchor, AnchorTouches>();
  const methodOf = new Map<Anchor, InterestMethod>();
  for (const [path, file] of files) {
    const onFile = anchors.filter((anchor) => anchor.path === path);
    if (onFile.length > 0) {
      traceFile(path, file, onFile, listFunctions, touchesOf, methodOf, signal);
    }
  }
  const commitIndex = new Map(history.commits.map((commit, index) => [commit.hash, { index, commitTime: commit.commitTime }]));
  const months = monthsOf(window);
  const summarize = (touches: AnchorTouches): Interest => summarizeTouches(touches, history, commitIndex, months);
  return groups.map((group) => {
    const merged: AnchorTouches = new Map();
    const perAnchor = group.map((anchor): AnchorInterest => {
      const touches = touchesOf.get(anchor) ?? new Map<string, Map<string, number>>();
      for (const [commit, keys] of touches) {
        const into = merged.get(commit) ?? new Map<string, number>();
        merged.set(commit, into);
        for (const [key, weight] of keys) {
          into.set(key, weight);
        }
      }
      return { anchor, method: methodOf.get(anchor) ?? 'none', ...summarize(touches) };
    });
    return { interest: summarize(merged), anchors: perAnchor };
  });
}

/**
 * Per counted commit that touched an anchor, the changed lines it touched as keys with their weight:
 * `path␀+N` (added line N of that version, weight 1) and `path␀-I` (the I-th hunk's deleted lines,
 * weight its old count). Keys make merging exact: two anchors touching one line count it once.
 */
type AnchorTouches = Map<string, Map<string, number>>;

function traceFile(
  path: string,
  file: FileInput,
  anchors: readonly Anchor[],
  listFunctions: FunctionLister,
  touchesOf: Map<Anchor, AnchorTouches>,
  methodOf: Map<Anchor, InterestMethod>,
  signal: AbortSignal | undefined,
): void {
  const counted = file.history.pathByCommit;
  const headSpans = file.headText === undefined ? undefined : listFunctions(file.headText, path).spans;
  const bySymbol: { anchor: Anchor; touches: AnchorTouches }[] = [];
  const byLines: { anchor: Anchor; touches: AnchorTouches; first: number; last: number }[] = [];
  for (const anchor of anchors) {
    const touches: AnchorTouches = new Map();
    touchesOf.set(anchor, touches);
    if (anchor.symbol !== undefined && headSpans?.some((span) => span.name === anchor.symbol)) {
      bySymbol.push({ anchor, touches });
      methodOf.set(anchor, 'symbol');
    } else if (anchor.lines !== undefined) {
      byLines.push({ anchor, touches, first: anchor.lines[0], last: anchor.lines[1] });
      methodOf.set(anchor, 'lines');
    } else if (anchor.symbol === undefined) {
      methodOf.set(anchor, 'file');
      for (const patch of file.patches) {
        if (counted.has(patch.commit)) {
          const keys = new Map<string, number>();
          patch.hunks.forEach((hunk, i) => {
            for (let line = hunk.newStart; line < hunk.newStart + hunk.newCount; line++) {
              keys.set(`${path}\0+${line}`, 1);
            }
            if (hunk.oldCount > 0) {
              keys.set(`${path}\0-${i}`, hunk.oldCount);
            }
          });
          touches.set(patch.commit, keys);
        }
      }
    } else {
      methodOf.set(anchor, 'none');
    }
  }

  if (bySymbol.length > 0 && file.headText !== undefined) {
    replayFunctionHistory(file.patches, { commits: counted, headText: file.headText }, listFunctions, signal, {
      onAttribute: (commit, hunks, spans) => {
        for (const { anchor, touches } of bySymbol) {
          const keys = new Map<string, number>();
          for (const span of spans) {
            if (span.name === anchor.symbol) {
              touchRange(path, hunks, span.startLine, span.endLine, keys);
            }
          }
          recordTouches(touches, commit, keys);
        }
      },
    });
  }

  if (byLines.length > 0) {
    for (const patch of file.patches) {
      throwIfAborted(signal);
      const live = byLines.filter((range) => range.first <= range.last);
      if (live.length === 0) {
        break;
      }
      if (counted.has(patch.commit)) {
        for (const range of live) {
          const keys = new Map<string, number>();
          touchRange(path, patch.hunks, range.first, range.last, keys);
          recordTouches(range.touches, patch.commit, keys);
        }
      }
      if (patch.oldPath === null) {
        break; // the file was created here: nothing older to follow
      }
      for (const range of live) {
        const [first, last] = carryRangeBack(range.first, range.last, patch.hunks);
        range.first = first;
        range.last = last;
      }
    }
  }
}

function recordTouches(touches: AnchorTouches, commit: string, keys: Map<string, number>): void {
  if (keys.size > 0) {
    touches.set(commit, keys);
  }
}

/**
 * Which of the hunks' changed lines touch lines `first..last` of the commit's version, by X-Ray's rule
 * (`functionReplay.ts`): added lines inside count one each, and a hunk that touches the range brings
 * all its deleted lines; a pure deletion touches only when both its neighbours are inside.
 */
function touchRange(path: string, hunks: readonly Hunk[], first: number, last: number, keys: Map<string, number>): void {
  hunks.forEach((hunk, i) => {
    if (hunk.newCount > 0) {
      const from = Math.max(hunk.newStart, first);
      const to = Math.min(hunk.newStart + hunk.newCount - 1, last);
      if (from > to) {
        return;
      }
      for (let line = from; line <= to; line++) {
        keys.set(`${path}\0+${line}`, 1);
      }
    } else if (!(first <= hunk.newStart && hunk.newStart + 1 <= last)) {
      return;
    }
    if (hunk.oldCount > 0) {
      keys.set(`${path}\0-${i}`, hunk.oldCount);
    }
  });
}

/**
 * Lines `first..last` of a commit's version, as lines of its parent's version: each end moves by the
 * net size of the hunks above it, so the range grows or shrinks by the hunks inside it. An end inside
 * a hunk's added lines goes to the edge of the lines that hunk replaced (all of them are the anchored
 * code's past). A range made only of added lines comes back empty (`first > last`): it did not exist.
 */
export function carryRangeBack(first: number, last: number, hunks: readonly Hunk[]): [number, number] {
  let olderFirst = first - sumShift(hunks, first);
  let olderLast = last - sumShift(hunks, last);
  for (const hunk of hunks) {
    if (hunk.newCount === 0) {
      continue;
    }
    const end = hunk.newStart + hunk.newCount - 1;
    // A pure addition (old count 0) sits after old line `oldStart`.
    if (hunk.newStart <= first && first <= end) {
      olderFirst = hunk.oldCount > 0 ? hunk.oldStart : hunk.oldStart + 1;
    }
    if (hunk.newStart <= last && last <= end) {
      olderLast = hunk.oldCount > 0 ? hunk.oldStart + hunk.oldCount - 1 : hunk.oldStart;
    }
  }
  return [olderFirst, olderLast];
}

/** The net lines the hunks ending before `line` added. */
function sumShift(hunks: readonly Hunk[], line: number): number {
  let shift = 0;
  for (const hunk of hunks) {
    const end = hunk.newCount > 0 ? hunk.newStart + hunk.newCount - 1 : hunk.newStart;
    if (end < line) {
      shift += hunk.newCount - hunk.oldCount;
    }
  }
  return shift;
}

function summarizeTouches(
  touches: AnchorTouches,
  history: HistorySummary,
  commitIndex: ReadonlyMap<string, { readonly index: number; readonly commitTime: number }>,
  months: readonly string[],
): Interest {
  const monthly = new Map(months.map((month) => [month, { month, revisions: 0, churn: 0 }]));
  const tickets = new Map<string, number>();
  const commits: { hash: string; index: number }[] = [];
  let churn = 0;
  for (const [hash, keys] of touches) {
    const counted = commitIndex.get(hash);
    if (counted === undefined) {
      continue; // not a counted commit of this history
    }
    const { index, commitTime } = counted;
    let commitChurn = 0;
    for (const weight of keys.values()) {
      commitChurn += weight;
    }
    churn += commitChurn;
    commits.push({ hash, index });
    const bucket = monthly.get(monthOf(commitTime));
    if (bucket) {
      bucket.revisions++;
      bucket.churn += commitChurn;
    }
    for (const id of new Set((history.references[index] ?? []).map((reference) => reference.id))) {
      tickets.set(id, (tickets.get(id) ?? 0) + 1);
    }
  }
  commits.sort((a, b) => a.index - b.index);
  return {
    revisions: commits.length,
    churn,
    tickets: [...tickets].sort(([a, x], [b, y]) => y - x || (a < b ? -1 : a > b ? 1 : 0)).map(([id]) => id),
    byMonth: [...monthly.values()],
    commits: commits.map((commit) => commit.hash),
  };
}

