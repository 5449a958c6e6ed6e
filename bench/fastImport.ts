import { spawn } from 'node:child_process';
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { childEnv } from './processes';

/** One commit in a fast-import stream; `author` and `committer` as `Name <email>`. */
export interface FastImportCommit {
  readonly ref: string;
  readonly author: string;
  readonly committer: string;
  /** Epoch seconds. */
  readonly time: number;
  readonly committerTime: number;
  readonly tz: string;
  readonly message: string;
  /** Marks of the first and the second parent, when they are not the ref's current tip. */
  readonly from?: number;
  readonly merge?: number;
  /** `M`/`D` file commands, in order. */
  readonly changes: readonly string[];
}

/**
 * The text of a `git fast-import` stream, built up in memory and written out in chunks: blobs and
 * commits are numbered with marks, by which later commands refer to them.
 */
export class FastImportStream {
  /** The mark of the last blob or commit written. */
  mark = 0;
  streamedBytes = 0;
  private pending: string[] = [];
  private pendingBytes = 0;

  /** Writes what has been built since the last flush, waiting for `out` to drain if it must. */
  async flush(out: Writable): Promise<void> {
    if (this.pending.length === 0) {
      return;
    }
    const chunk = this.pending.join('');
    this.pending = [];
    this.streamedBytes += this.pendingBytes;
    this.pendingBytes = 0;
    if (!out.write(chunk)) {
      await once(out, 'drain');
    }
  }

  /** A blob with `content`; returns its mark. */
  blob(content: string): number {
    this.mark += 1;
    this.emit(`blob\nmark :${this.mark}\n`);
    this.emitData(content);
    return this.mark;
  }

  /** Returns the commit's mark. */
  commit(commit: FastImportCommit): number {
    this.mark += 1;
    this.emit(`commit ${commit.ref}\nmark :${this.mark}\n`);
    this.emit(`author ${commit.author} ${commit.time} ${commit.tz}\n`);
    this.emit(`committer ${commit.committer} ${commit.committerTime} ${commit.tz}\n`);
    this.emitData(commit.message);
    if (commit.from !== undefined) {
      this.emit(`from :${commit.from}\n`);
    }
    if (commit.merge !== undefined) {
      this.emit(`merge :${commit.merge}\n`);
    }
    for (const change of commit.changes) {
      this.emit(`${change}\n`);
    }
    return this.mark;
  }

  /** The end of the stream (fast-import runs with `--done`). */
  done(): void {
    this.pending.push('done\n');
  }

  private emit(text: string): void {
    this.pending.push(text);
    this.pendingBytes += text.length;
  }

  private emitData(text: string): void {
    this.emit(`data ${Buffer.byteLength(text)}\n${text}\n`);
  }
}

/**
 * Runs `git fast-import` in `repo` with `write` feeding its standard input; returns what `write`
 * returns once fast-import has exited cleanly.
 */
export async function runFastImport<T>(repo: string, write: (stdin: Writable) => Promise<T>): Promise<T> {
  const child = spawn('git', ['fast-import', '--quiet', '--done'], { cwd: repo, env: childEnv(), stdio: ['pipe', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString('utf8')).slice(-16_384);
  });
  const exited = new Promise<number | null>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', resolve);
  });
  // An early exit of fast-import surfaces as EPIPE on stdin; the exit code and stderr say why.
  child.stdin.on('error', () => undefined);
  let result: { value: T } | undefined;
  let failure: { error: unknown } | undefined;
  try {
    const value = await Promise.race([
      write(child.stdin),
      exited.then((code) => {
        throw new Error(`git fast-import exited early (${String(code)}): ${stderr.trim()}`);
      }),
    ]);
    result = { value };
    child.stdin.end();
  } catch (error) {
    failure = { error };
    child.stdin.destroy();
  }
  const code = await exited;
  if (failure) {
    throw failure.error;
  }
  if (code !== 0 || result === undefined) {
    throw new Error(`git fast-import failed (${String(code)}): ${stderr.trim()}`);
  }
  return result.value;
}
