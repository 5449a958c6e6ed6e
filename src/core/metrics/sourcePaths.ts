const SOURCE_EXTENSION = /\.(?:ts|tsx|mts|cts|js|jsx|mjs|cjs)$/i;

/**
 * Whether the scan parses this path for AST metrics. Declaration files are left out: they describe
 * code, they do not run. Kept apart from the parser so that asking does not load TypeScript.
 */
export function isSourcePath(path: string): boolean {
  return SOURCE_EXTENSION.test(path) && !/\.d\.[mc]?ts$/i.test(path);
}

/** The language variant a source file is parsed as: TypeScript, TSX, JavaScript (JSX allowed) or JSX. */
export type SourceKind = 'ts' | 'tsx' | 'js' | 'jsx';

/**
 * What decides how `path` parses (see `scriptKindFor`): the same bytes parse differently as `.js` and
 * `.ts`, so per-content results are keyed by content and kind. Unknown extensions are TypeScript.
 */
export function sourceKindOf(path: string): SourceKind {
  const dot = path.lastIndexOf('.');
  switch (dot < 0 ? '' : path.slice(dot).toLowerCase()) {
    case '.tsx':
      return 'tsx';
    case '.js':
    case '.mjs':
    case '.cjs':
      return 'js';
    case '.jsx':
      return 'jsx';
    default:
      return 'ts';
  }
}
