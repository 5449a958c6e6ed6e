import * as path from 'node:path';
import { parentPort } from 'node:worker_threads';
import { replayFunctionHistory } from '../history/functionReplay';
import { looksGeneratedOrMinified } from '../hotspots/pathFilter';
import type { ts } from 'ts-morph';
import { analyzeFile } from '../metrics/analyzeFile';
import { parseSource } from '../metrics/parseSource';
import { DEFAULT_MARKER_TAGS, findMarkers } from '../ledger/markers';
import { listFunctionLayout } from '../metrics/functionLayout';
import { toFunctionTuple } from '../metrics/functionTuple';
import { FileTooLargeError, readRegularFileSync } from '../readRegularFile';
import { MINIFIED_PROBE_BYTES, looksMinifiedHead } from '../hotspots/sourceShape';
import type { PooledAnalysis, PoolRequest, PoolResponse } from './parsePool';
import { whyNotRead } from './whyNotRead';

/**
 * The CPU side of a scan in a worker thread: parsing and measuring files, and replaying X-Ray
 * patches. The main thread keeps streaming git's output meanwhile.
 */
export function handlePoolRequest(request: PoolRequest): PoolResponse {
  if (request.kind === 'analyze') {
    const analysis = analyzeFromDisk(request.root, request.path, request.maxFileBytes);
    return { id: request.id, kind: 'analyze', analysis: { ...analysis, functions: analysis.functions.map(toFunctionTuple) } };
  }
  const stats = replayFunctionHistory(request.patches, { headText: request.headText, commits: new Map(request.commits) }, listFunctionLayout);
  return { id: request.id, kind: 'replay', stats: [...stats] };
}

/**
 * Reads and measures one file; failures become a reported error, never a crash of the scan. The read
 * is synchronous on purpose: parsing blocks this thread anyway, and an async read of 2,000 small
 * files costs more in file-handle bookkeeping (measured ~0.3 s) than the reads themselves.
 * A file over `maxFileBytes` is not read, and one whose first 64 KiB look minified is read no further.
 */
export function analyzeFromDisk(root: string, file: string, maxFileBytes: number): PooledAnalysis {
  let text: string;
  try {
    // Never through a link, never a FIFO (the scan left out the ones it saw; this is the last guard).
    let minifiedHead = false;
    const stop = (head: Buffer): boolean => (minifiedHead = looksMinifiedHead(head));
    const content = readRegularFileSync(path.join(root, file), { followSymlinks: false, maxBytes: maxFileBytes, head: { bytes: MINIFIED_PROBE_BYTES, stop } });
    if (minifiedHead) {
      return { ...emptyAnalysis(undefined), exclusion: 'minified' };
    }
    text = content.toString('utf8');
  } catch (error) {
    // The scan leaves out files over the limit before they get here; this one grew since.
    return error instanceof FileTooLargeError ? { ...emptyAnalysis(undefined), exclusion: 'oversized' } : emptyAnalysis(whyNotRead(error));
  }
  const exclusion = looksGeneratedOrMinified(text);
  if (exclusion === 'minified') {
    return { ...emptyAnalysis(undefined), exclusion };
  }
  try {
    // One parse serves the metrics and the comments the markers are looked for in.
    const sourceFile = parseSource(file, text);
    const analysis = { ...analyzeFile(file, text, sourceFile), ...countMarkers(file, text, sourceFile) };
    return exclusion ? { ...analysis, exclusion } : analysis;
  } catch (error) {
    return emptyAnalysis(`could not be measured: ${(error as Error).message}`);
  }
}

const NO_KEYS: ReadonlySet<string> = new Set();

/** Markers by tag; the comment scan runs only on files that mention a tag at all, which most do not. */
function countMarkers(file: string, text: string, sourceFile: ts.SourceFile): { markers?: Record<string, number> } {
  if (!DEFAULT_MARKER_TAGS.some((tag) => text.includes(tag))) {
    return {};
  }
  const found = findMarkers(file, text, { projectKeys: NO_KEYS }, sourceFile);
  if (found.length === 0) {
    return {};
  }
  const markers: Record<string, number> = {};
  for (const marker of found) {
    markers[marker.tag] = (markers[marker.tag] ?? 0) + 1;
  }
  return { markers };
}

function emptyAnalysis(parseError: string | undefined): PooledAnalysis {
  return { loc: 0, cyclomatic: 0, cognitive: 0, maxCyclomatic: 0, maxCognitive: 0, functions: [], specifiers: [], ...(parseError ? { parseError } : {}) };
}

const port = parentPort;
port?.on('message', (request: PoolRequest) => {
  let response: PoolResponse;
  try {
    response = handlePoolRequest(request);
  } catch (error) {
    response = { id: request.id, kind: 'error', message: error instanceof Error ? error.message : String(error) };
  }
  port.postMessage(response);
});
