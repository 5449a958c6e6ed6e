import { promises as fs } from 'node:fs';
import { setMaxListeners } from 'node:events';

/**
 * Whether the folder a command was given exists and is a folder; says which it is not, in one line,
 * when not.
 */
export async function isFolderOrSay(target: string, stderr: { write(text: string): unknown }): Promise<boolean> {
  try {
    if ((await fs.stat(target)).isDirectory()) {
      return true;
    }
    stderr.write(`debt-lens: not a folder: ${target}\n`);
  } catch {
    stderr.write(`debt-lens: no such folder: ${target}\n`);
  }
  return false;
}

/** An abort signal that Ctrl+C or a SIGTERM fires, until `dispose`. */
export interface InterruptSignal {
  readonly signal: AbortSignal;
  dispose(): void;
}

/** Aborts long work on SIGINT or SIGTERM, so git processes and workers stop and the cache stays whole. */
export function abortOnInterrupt(): InterruptSignal {
  const controller = new AbortController();
  // Each concurrent git process listens for the abort; a scan runs a few dozen.
  setMaxListeners(100, controller.signal);
  const onSignal = (): void => controller.abort();
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  return {
    signal: controller.signal,
    dispose: () => {
      process.removeListener('SIGINT', onSignal);
      process.removeListener('SIGTERM', onSignal);
    },
  };
}
