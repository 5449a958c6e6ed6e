import * as os from 'node:os';
import * as path from 'node:path';

/**
 * The user's cache folder for Debt Lens, never inside the scanned repository:
 * $DEBT_LENS_CACHE_DIR, else the platform's cache location.
 */
export function defaultCacheDirectory(env: NodeJS.ProcessEnv, platform: NodeJS.Platform = process.platform): string {
  if (env.DEBT_LENS_CACHE_DIR) {
    return path.resolve(env.DEBT_LENS_CACHE_DIR);
  }
  if (platform === 'win32') {
    return path.join(env.LOCALAPPDATA ?? path.join(os.homedir(), 'AppData', 'Local'), 'debt-lens', 'Cache');
  }
  if (platform === 'darwin') {
    return path.join(os.homedir(), 'Library', 'Caches', 'debt-lens');
  }
  return path.join(env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache'), 'debt-lens');
}
