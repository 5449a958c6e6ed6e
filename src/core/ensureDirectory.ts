import { promises as fs } from 'node:fs';
import * as path from 'node:path';

/**
 * Creates `dir` and the folders above it that are missing, one `mkdir` at a time. Not
 * `mkdir(…, { recursive: true })`: on a file system that refuses new folders with ENOENT, such as
 * `/proc`, Node's recursive mkdir retries forever at full CPU and cannot be interrupted. Here the
 * first refusal is thrown.
 *
 * @throws the system's error (ENOENT, EACCES, EROFS…), or ENOTDIR when a file is in the way.
 */
export async function ensureDirectory(dir: string): Promise<void> {
  const missing: string[] = [];
  let current = path.resolve(dir);
  for (;;) {
    let stat;
    try {
      stat = await fs.stat(current);
    } catch (error) {
      const parent = path.dirname(current);
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT' || parent === current) {
        throw error;
      }
      missing.push(current);
      current = parent;
      continue;
    }
    if (!stat.isDirectory()) {
      throw Object.assign(new Error(`ENOTDIR: not a directory, mkdir '${path.resolve(dir)}' (${current} is a file)`), { code: 'ENOTDIR' });
    }
    break;
  }
  for (const folder of missing.reverse()) {
    try {
      await fs.mkdir(folder);
    } catch (error) {
      // Another scan made it meanwhile: as good.
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') {
        throw error;
      }
    }
  }
}
