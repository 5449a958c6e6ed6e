import { NotARegularFileError } from '../readRegularFile';

/**
 * Why a tracked file of the working tree was not read, for the report's `errors` (which name the
 * file already, so the text leaves the path out).
 */
export function whyNotRead(error: unknown): string {
  if (error instanceof NotARegularFileError) {
    const what = error.kind === 'other' ? 'not a regular file' : `a ${error.kind === 'symlink' ? 'symbolic link' : error.kind}, not a regular file`;
    return `not read: it is ${what}`;
  }
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return `could not read: ${code ?? (error instanceof Error ? error.message : String(error))}`;
}
