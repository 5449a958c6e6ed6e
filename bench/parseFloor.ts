import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';

/**
 * Floor (b) of the benchmark: read every tracked source file from disk and parse it with
 * `ts.createSourceFile`, one after the other, in a fresh process. No scan can compute complexity for
 * less than this. Parent pointers are not set (a metrics walk does not need them).
 */

export interface ParseFloorResult {
  readonly files: number;
  readonly bytes: number;
  /** Time to load the TypeScript compiler (ms). */
  readonly loadMs: number;
  /** Time to read and parse all files (ms). */
  readonly parseMs: number;
  /** Top-level statements seen, so the work cannot be optimised away. */
  readonly statements: number;
}

export const SOURCE_EXTENSIONS = /\.(ts|tsx|mts|cts|js|jsx|mjs|cjs)$/i;

export async function runParseFloor(repo: string, listFile: string): Promise<ParseFloorResult> {
  const loadStarted = performance.now();
  const { ts } = await import('ts-morph');
  const loadMs = performance.now() - loadStarted;
  const kinds: Record<string, number> = {
    '.ts': ts.ScriptKind.TS,
    '.mts': ts.ScriptKind.TS,
    '.cts': ts.ScriptKind.TS,
    '.tsx': ts.ScriptKind.TSX,
    '.js': ts.ScriptKind.JS,
    '.mjs': ts.ScriptKind.JS,
    '.cjs': ts.ScriptKind.JS,
    '.jsx': ts.ScriptKind.JSX,
  };
  const names = readFileSync(listFile, 'utf8')
    .split('\0')
    .filter((name) => name !== '');
  const started = performance.now();
  let files = 0;
  let bytes = 0;
  let statements = 0;
  for (const name of names) {
    let text: string;
    try {
      text = readFileSync(path.join(repo, name), 'utf8');
    } catch {
      // Tracked but deleted in the work tree: a scan would skip it too.
      continue;
    }
    const kind = kinds[path.extname(name).toLowerCase()] ?? ts.ScriptKind.TS;
    const sourceFile = ts.createSourceFile(name, text, ts.ScriptTarget.Latest, false, kind);
    statements += sourceFile.statements.length;
    files += 1;
    bytes += text.length;
  }
  return { files, bytes, loadMs, parseMs: performance.now() - started, statements };
}
