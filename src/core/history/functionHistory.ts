import type { GitOptions } from './gitProcess';
import { RecordSplitter, streamGit, throwIfAborted } from './gitProcess';

/** The span of one function in one version of a file. */
export interface FunctionSpan {
  readonly name: string;
  /** 1-based, inclusive. */
  readonly startLine: number;
  readonly endLine: number;
}

/** Lists the functions of one version of a file; the caller decides how (AST, cache). */
export type FunctionLister = (text: string, path: string) => readonly FunctionSpan[];

/** One function's history in the window, keyed by its qualified name. */
export interface FunctionChangeStats {
  /** Commits whose changed lines touch the function in that commit's version of the file. */
  revisions: number;
  /** Lines added inside the function plus lines deleted by hunks that touch it. */
  churn: number;
}

export interface FunctionHistoryRequest {
  /** Today's path of the file. */
  readonly path: string;
  /** Every path the file had in the window (today's included), so renames are followed. */
  readonly historicalPaths: readonly string[];
  /**
   * The commits that changed the file in the window, with the path the file had in each. Only these
   * are counted; other commits that the log shows (after the window's end) are only walked through.
   */
  readonly commits: ReadonlyMap<string, string>;
  /** The file's content at HEAD: the walk starts there and applies each commit's patch in reverse. */
  readonly headText: string;
  readonly since: Date;
}

export interface Hunk {
  /** New-side start line (1-based) and count; count 0 means a pure deletion after `newStart`. */
  readonly newStart: number;
  readonly newCount: number;
  readonly oldStart: number;
  readonly oldCount: number;
  readonly removed: string[];
}

/** One commit's change to one file, as `git log -p -U0` shows it. */
export interface FilePatch {
  readonly commit: string;
  readonly oldPath: string | null;
  readonly newPath: string | null;
  readonly hunks: Hunk[];
}

/**
 * Function-level history ("X-Ray"): maps each commit's changed lines onto the functions of that
 * commit's version of the file. One `git log -p -U0` process per file; older versions are rebuilt by
 * applying each patch in reverse to the newer text, so no per-commit `git show` is needed.
 *
 * Functions are matched across versions by qualified name, so an `<anonymous>@LINE` function only
 * collects the history of versions where it sat on the same line.
 */
export async function readFunctionHistory(
  git: GitOptions,
  request: FunctionHistoryRequest,
  listFunctions: FunctionLister,
): Promise<Map<string, FunctionChangeStats>> {
  const [patches] = await readFilePatches(git, [request], request.since);
  return replayFunctionHistory(patches!, request, listFunctions, git.signal);
}

/**
 * Replays one file's patches (newest first) from its HEAD text backwards, attributing each counted
 * commit's changed lines to the functions of that commit's version. Pure CPU: no git, no I/O.
 */
export function replayFunctionHistory(
  patches: readonly FilePatch[],
  request: Pick<FunctionHistoryRequest, 'commits' | 'headText'>,
  listFunctions: FunctionLister,
  signal?: AbortSignal,
): Map<string, FunctionChangeStats> {
  const stats = new Map<string, FunctionChangeStats>();
  let lines = splitLines(request.headText);
  for (const patch of patches) {
    throwIfAborted(signal);
    const pathThen = request.commits.get(patch.commit);
    if (pathThen !== undefined) {
      const spans = listFunctions(lines.join('\n'), pathThen);
      attribute(patch.hunks, spans, stats);
    }
    lines = patch.oldPath === null ? [] : reverseApply(lines, patch.hunks);
  }
  return stats;
}

function attribute(hunks: readonly Hunk[], spans: readonly FunctionSpan[], stats: Map<string, FunctionChangeStats>): void {
  const touched = new Map<string, number>();
  for (const hunk of hunks) {
    for (const span of spans) {
      let churn = 0;
      if (hunk.newCount > 0) {
        const first = Math.max(hunk.newStart, span.startLine);
        const last = Math.min(hunk.newStart + hunk.newCount - 1, span.endLine);
        if (first > last) {
          continue;
        }
        churn = last - first + 1 + hunk.oldCount;
      } else {
        // A pure deletion sits between new lines newStart and newStart + 1: inside the function only
        // when both neighbours are.
        if (!(span.startLine <= hunk.newStart && hunk.newStart + 1 <= span.endLine)) {
          continue;
        }
        churn = hunk.oldCount;
      }
      touched.set(span.name, (touched.get(span.name) ?? 0) + churn);
    }
  }
  for (const [name, churn] of touched) {
    const entry = stats.get(name);
    if (entry) {
      entry.revisions++;
      entry.churn += churn;
    } else {
      stats.set(name, { revisions: 1, churn });
    }
  }
}

function reverseApply(after: readonly string[], hunks: readonly Hunk[]): string[] {
  const before = after.slice();
  // Bottom-up, so earlier hunks' line numbers stay valid.
  for (let i = hunks.length - 1; i >= 0; i--) {
    const hunk = hunks[i]!;
    const index = hunk.newCount === 0 ? hunk.newStart : hunk.newStart - 1;
    before.splice(index, hunk.newCount, ...hunk.removed);
  }
  return before;
}

function splitLines(text: string): string[] {
  const lines = text.split('\n');
  if (lines.length > 0 && lines[lines.length - 1] === '') {
    lines.pop();
  }
  return lines;
}

const HUNK_HEADER = /^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@/;

/**
 * Reads the patches of several files in ONE `git log -p -U0` walk (a walk per file would repeat the
 * history traversal for each), newest first, and routes each file section to the file it belongs to:
 * by the path that file had in a counted commit, else by its historical paths (commits after the
 * window's end or by bots, which must be undone but are not counted). The log is not limited by
 * `--until` for that reason.
 */
export async function readFilePatches(
  git: GitOptions,
  files: readonly Pick<FunctionHistoryRequest, 'historicalPaths' | 'commits'>[],
  since: Date,
): Promise<FilePatch[][]> {
  const result: FilePatch[][] = files.map(() => []);
  const byCommitPath = new Map<string, number>();
  const byPath = new Map<string, number>();
  files.forEach((file, index) => {
    for (const [commit, pathThen] of file.commits) {
      byCommitPath.set(`${commit}\0${pathThen}`, index);
    }
    for (const historical of file.historicalPaths) {
      if (!byPath.has(historical)) {
        byPath.set(historical, index);
      }
    }
  });
  let commit = '';
  let current: { oldPath: string | null; newPath: string | null; hunks: Hunk[] } | undefined;
  let hunk: Hunk | undefined;
  let inHeader = false;

  const finishFile = (): void => {
    if (current && commit !== '' && current.newPath !== null) {
      const owner = byCommitPath.get(`${commit}\0${current.newPath}`) ?? byPath.get(current.newPath);
      const patches = owner === undefined ? undefined : result[owner];
      if (patches && patches[patches.length - 1]?.commit !== commit) {
        patches.push({ commit, oldPath: current.oldPath, newPath: current.newPath, hunks: current.hunks });
      }
    }
    current = undefined;
    hunk = undefined;
  };

  const onLine = (line: string): void => {
    if (line.startsWith('\x00')) {
      finishFile();
      commit = line.slice(1).trim();
      return;
    }
    if (line.startsWith('diff --git ')) {
      finishFile();
      current = { oldPath: null, newPath: null, hunks: [] };
      inHeader = true;
      return;
    }
    if (!current) {
      return;
    }
    if (inHeader) {
      if (line.startsWith('--- ')) {
        current.oldPath = line === '--- /dev/null' ? null : stripPrefix(line.slice(4), 'a/');
      } else if (line.startsWith('+++ ')) {
        current.newPath = line === '+++ /dev/null' ? null : stripPrefix(line.slice(4), 'b/');
        inHeader = false;
      } else if (line.startsWith('rename from ')) {
        current.oldPath = line.slice('rename from '.length);
      } else if (line.startsWith('rename to ')) {
        current.newPath = line.slice('rename to '.length);
      } else if (line.startsWith('new file mode')) {
        current.oldPath = null;
      } else if (line.startsWith('deleted file mode')) {
        current.newPath = null;
      } else if (line.startsWith('@@ ')) {
        inHeader = false;
      }
      if (inHeader || !line.startsWith('@@ ')) {
        return;
      }
    }
    if (line.startsWith('@@ ')) {
      const match = HUNK_HEADER.exec(line);
      if (match) {
        hunk = {
          oldStart: Number(match[1]),
          oldCount: match[2] === undefined ? 1 : Number(match[2]),
          newStart: Number(match[3]),
          newCount: match[4] === undefined ? 1 : Number(match[4]),
          removed: [],
        };
        current.hunks.push(hunk);
      }
      return;
    }
    if (hunk && line.startsWith('-')) {
      hunk.removed.push(line.slice(1));
    }
  };

  const splitter = new RecordSplitter(0x0a, onLine);
  const pathspecs = [...byPath.keys()].map((p) => `:(literal)${p}`);
  const args = ['log', '--no-merges', '-M', '-p', '-U0', '--no-color', '--no-ext-diff', '--no-textconv', '--format=%x00%H', `--since=${since.toISOString()}`, 'HEAD', '--', ...pathspecs];
  await streamGit(git, args, (chunk) => splitter.push(chunk));
  splitter.end();
  finishFile();
  return result;
}

function stripPrefix(path: string, prefix: string): string {
  const unquoted = path.startsWith('"') ? unquoteCStyle(path) : path.replace(/\t$/, '');
  return unquoted.startsWith(prefix) ? unquoted.slice(prefix.length) : unquoted;
}

/** git quotes paths with control characters even with core.quotepath off. */
function unquoteCStyle(quoted: string): string {
  const body = quoted.slice(1, quoted.lastIndexOf('"'));
  const bytes: number[] = [];
  for (let i = 0; i < body.length; i++) {
    const ch = body[i]!;
    if (ch !== '\\') {
      bytes.push(...Buffer.from(ch, 'utf8'));
      continue;
    }
    const next = body[++i]!;
    if (/[0-7]/.test(next)) {
      bytes.push(parseInt(body.slice(i, i + 3), 8));
      i += 2;
    } else {
      bytes.push(({ n: 10, t: 9, r: 13, '"': 34, '\\': 92, a: 7, b: 8, f: 12, v: 11 } as Record<string, number>)[next] ?? next.charCodeAt(0));
    }
  }
  return Buffer.from(bytes).toString('utf8');
}
