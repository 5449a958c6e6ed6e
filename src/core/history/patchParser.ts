import { RecordSplitter } from './gitProcess';

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

/** The `--format` the parser reads: each commit opens with a line of a NUL byte glued to its hash. */
export const PATCH_LOG_FORMAT = '%x00%H';

const HUNK_HEADER = /^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@/;

interface MutablePatch {
  oldPath: string | null;
  newPath: string | null;
  hunks: Hunk[];
}

/**
 * A streaming parser for the output of `git log -p -U0 --format=`{@link PATCH_LOG_FORMAT}: push stdout
 * chunks as they come; each file section of a commit is handed to `onPatch` when the next one starts
 * (or at {@link end}). Of each hunk only the removed lines are kept: the added ones are in the newer
 * text the patch is undone from. A deleted file's section (no new path) is not emitted.
 */
export class PatchParser {
  private readonly splitter = new RecordSplitter(0x0a, (line) => this.onLine(line));
  private commit = '';
  private current: MutablePatch | undefined;
  private hunk: Hunk | undefined;
  private inHeader = false;

  constructor(private readonly onPatch: (patch: FilePatch & { readonly newPath: string }) => void) {}

  push(chunk: Buffer): void {
    this.splitter.push(chunk);
  }

  /** Call once the output is complete: emits the last file section. */
  end(): void {
    this.splitter.end();
    this.finishFile();
  }

  private finishFile(): void {
    const current = this.current;
    if (current && this.commit !== '' && current.newPath !== null) {
      this.onPatch({ commit: this.commit, oldPath: current.oldPath, newPath: current.newPath, hunks: current.hunks });
    }
    this.current = undefined;
    this.hunk = undefined;
  }

  private onLine(line: string): void {
    if (line.startsWith('\x00')) {
      this.finishFile();
      this.commit = line.slice(1).trim();
      return;
    }
    if (line.startsWith('diff --git ')) {
      this.finishFile();
      this.current = { oldPath: null, newPath: null, hunks: [] };
      this.inHeader = true;
      return;
    }
    const current = this.current;
    if (!current) {
      return;
    }
    if (this.inHeader) {
      if (line.startsWith('--- ')) {
        current.oldPath = line === '--- /dev/null' ? null : stripPrefix(line.slice(4), 'a/');
      } else if (line.startsWith('+++ ')) {
        current.newPath = line === '+++ /dev/null' ? null : stripPrefix(line.slice(4), 'b/');
        this.inHeader = false;
      } else if (line.startsWith('rename from ')) {
        current.oldPath = line.slice('rename from '.length);
      } else if (line.startsWith('rename to ')) {
        current.newPath = line.slice('rename to '.length);
      } else if (line.startsWith('new file mode')) {
        current.oldPath = null;
      } else if (line.startsWith('deleted file mode')) {
        current.newPath = null;
      } else if (line.startsWith('@@ ')) {
        this.inHeader = false;
      }
      if (this.inHeader || !line.startsWith('@@ ')) {
        return;
      }
    }
    if (line.startsWith('@@ ')) {
      const match = HUNK_HEADER.exec(line);
      if (match) {
        this.hunk = {
          oldStart: Number(match[1]),
          oldCount: match[2] === undefined ? 1 : Number(match[2]),
          newStart: Number(match[3]),
          newCount: match[4] === undefined ? 1 : Number(match[4]),
          removed: [],
        };
        current.hunks.push(this.hunk);
      }
      return;
    }
    if (this.hunk && line.startsWith('-')) {
      this.hunk.removed.push(line.slice(1));
    }
  }
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
    const ch = body.charAt(i);
    if (ch !== '\\') {
      bytes.push(...Buffer.from(ch, 'utf8'));
      continue;
    }
    const next = body.charAt(++i);
    if (/[0-7]/.test(next)) {
      bytes.push(parseInt(body.slice(i, i + 3), 8));
      i += 2;
    } else {
      bytes.push(({ n: 10, t: 9, r: 13, '"': 34, '\\': 92, a: 7, b: 8, f: 12, v: 11 } as Record<string, number>)[next] ?? next.charCodeAt(0));
    }
  }
  return Buffer.from(bytes).toString('utf8');
}
