const SOURCE_EXTENSION = /\.(?:ts|tsx|mts|cts|js|jsx|mjs|cjs)$/i;

/**
 * Whether the scan parses this path for AST metrics. Declaration files are left out: they describe
 * code, they do not run. Kept apart from the parser so that asking does not load TypeScript.
 */
export function isSourcePath(path: string): boolean {
  return SOURCE_EXTENSION.test(path) && !/\.d\.[mc]?ts$/i.test(path);
}
