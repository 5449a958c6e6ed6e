import * as path from 'node:path';
import type { Engine } from './engineBundle';

let loaded: Engine | undefined;

/**
 * The engine (`dist/engine.js`), required on first use: activation must not pay for parsing the
 * TypeScript compiler it carries. Synchronous because `require` is; callers run it after activation.
 */
export function loadEngine(): Engine {
  if (loaded === undefined) {
    // A computed path: esbuild must leave this require alone rather than inline the engine here.
    const file = path.join(__dirname, 'engine.js');
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- a lazy, computed require is the point
    loaded = (require(file) as { engine: Engine }).engine;
  }
  return loaded;
}
