/**
 * A regular expression a user wrote in a setting, flag or config.yml (bots, bug fixes): compiled
 * case-insensitive; blank means "match nothing" (undefined). A pattern that does not compile is
 * the caller's typed error, built from the compiler's reason.
 */
export function compileUserPattern(pattern: string, invalid: (reason: string) => Error): RegExp | undefined {
  if (pattern.trim() === '') {
    return undefined;
  }
  try {
    return new RegExp(pattern, 'i');
  } catch (error) {
    throw invalid(error instanceof Error ? error.message : String(error));
  }
}
