import { Worker } from 'node:worker_threads';
import type { FunctionChangeStats } from '../history/functionHistory';
import type { FilePatch } from '../history/patchParser';
import type { ExclusionReason } from '../hotspots/pathFilter';
import type { FileAnalysis } from '../metrics/analyzeFile';
import type { FunctionTuple } from '../metrics/functionTuple';
import { fromFunctionTuple } from '../metrics/functionTuple';

export type PooledAnalysis = FileAnalysis & { readonly exclusion?: ExclusionReason };

export type PoolRequest =
  | { readonly id: number; readonly kind: 'analyze'; readonly root: string; readonly path: string; readonly maxFileBytes: number }
  | {
      readonly id: number;
      readonly kind: 'replay';
      readonly patches: readonly FilePatch[];
      readonly headText: string;
      readonly commits: readonly (readonly [string, string])[];
    };

/** An analysis as it crosses threads: functions as tuples, which clone several times faster than objects. */
export type PooledAnalysisMessage = Omit<PooledAnalysis, 'functions'> & { readonly functions: readonly FunctionTuple[] };

export type PoolResponse =
  | { readonly id: number; readonly kind: 'analyze'; readonly analysis: PooledAnalysisMessage }
  | { readonly id: number; readonly kind: 'replay'; readonly stats: readonly (readonly [string, FunctionChangeStats])[] }
  | { readonly id: number; readonly kind: 'error'; readonly message: string };

/** Where the CPU-heavy half of a scan runs: worker threads, or this thread when there are none. */
export interface ParsePool {
  /** Reads and measures one file; past `maxFileBytes` it is not read (see `analyzeFromDisk`). */
  analyze(root: string, path: string, maxFileBytes: number): Promise<PooledAnalysis>;
  replay(patches: readonly FilePatch[], headText: string, commits: ReadonlyMap<string, string>): Promise<Map<string, FunctionChangeStats>>;
  dispose(): Promise<void>;
}

type Payload = PoolRequest extends infer T ? (T extends PoolRequest ? Omit<T, 'id'> : never) : never;

/**
 * Parses on `size` worker threads running `script` (the bundled `parseWorker.js`). Requests go to
 * the worker with the fewest outstanding, so one long X-Ray replay does not hold files up behind it.
 */
export function createWorkerPool(script: string, size: number, signal?: AbortSignal): ParsePool {
  const workers = Array.from({ length: Math.max(1, size) }, () => ({ worker: new Worker(script), pending: 0 }));
  const waiting = new Map<number, { resolve: (response: PoolResponse) => void; reject: (error: Error) => void; slot: (typeof workers)[number] }>();
  let nextId = 1;
  let failure: Error | undefined;
  for (const slot of workers) {
    slot.worker.unref();
    slot.worker.on('message', (response: PoolResponse) => {
      const entry = waiting.get(response.id);
      if (!entry) {
        return;
      }
      waiting.delete(response.id);
      entry.slot.pending--;
      if (response.kind === 'error') {
        entry.reject(new Error(response.message));
      } else {
        entry.resolve(response);
      }
    });
    slot.worker.on('error', (error) => {
      failure = error;
      for (const [id, entry] of waiting) {
        if (entry.slot === slot) {
          waiting.delete(id);
          entry.reject(error);
        }
      }
    });
  }
  const send = (payload: Payload): Promise<PoolResponse> => {
    if (failure) {
      return Promise.reject(failure);
    }
    if (signal?.aborted) {
      return Promise.reject(new Error('aborted'));
    }
    const slot = workers.reduce((best, candidate) => (candidate.pending < best.pending ? candidate : best));
    const id = nextId++;
    slot.pending++;
    return new Promise<PoolResponse>((resolve, reject) => {
      waiting.set(id, { resolve, reject, slot });
      slot.worker.postMessage({ ...payload, id });
    });
  };
  return {
    async analyze(root, path, maxFileBytes) {
      const response = await send({ kind: 'analyze', root, path, maxFileBytes });
      const message = (response as Extract<PoolResponse, { kind: 'analyze' }>).analysis;
      return { ...message, functions: message.functions.map(fromFunctionTuple) };
    },
    async replay(patches, headText, commits) {
      const response = await send({ kind: 'replay', patches, headText, commits: [...commits] });
      return new Map((response as Extract<PoolResponse, { kind: 'replay' }>).stats);
    },
    async dispose() {
      await Promise.all(workers.map((slot) => slot.worker.terminate()));
    },
  };
}

/**
 * Parses on this thread, yielding to the event loop between files so git's output keeps flowing
 * and cancellation is seen. Used when no worker script is available (tests, tools).
 */
export function createInlinePool(): ParsePool {
  let lastYield = Date.now();
  const breathe = async (): Promise<void> => {
    if (Date.now() - lastYield >= 25) {
      await new Promise<void>((resolve) => setImmediate(resolve));
      lastYield = Date.now();
    }
  };
  return {
    async analyze(root, path, maxFileBytes) {
      await breathe();
      const { analyzeFromDisk } = await import('./parseWorker');
      return analyzeFromDisk(root, path, maxFileBytes);
    },
    async replay(patches, headText, commits) {
      await breathe();
      const [{ replayFunctionHistory }, { listFunctionLayout }] = await Promise.all([import('../history/functionReplay'), import('../metrics/functionLayout')]);
      return replayFunctionHistory(patches, { headText, commits }, listFunctionLayout);
    },
    async dispose() {},
  };
}
