import { ts } from 'ts-morph';
import type { SourceKind } from './sourcePaths';
import { sourceKindOf } from './sourcePaths';

// ts-morph exposes the compiler's members through getters: read the ones used per parse once (X-Ray
// parses every version of a file).
const { createSourceFile } = ts;
const LATEST = ts.ScriptTarget.Latest;

/**
 * The syntax tree every metric is derived from: no type checker, no parent pointers. The scan, X-Ray
 * and the anchors parse through here, so their trees agree.
 */
export function parseSource(path: string, text: string): ts.SourceFile {
  // No parent pointers: nothing reading the tree needs them, and setting them costs about a third of the parse.
  return createSourceFile(path, text, LATEST, false, scriptKindFor(path));
}

/**
 * The script kind to parse `path` with. `.js`, `.mjs` and `.cjs` map to `ScriptKind.JS`, which the
 * compiler already parses with the JSX language variant, so `.js` files that contain JSX (common in
 * React code) parse, as they do in ESLint with `ecmaFeatures.jsx`. Unknown extensions parse as TS.
 */
export function scriptKindFor(path: string): ts.ScriptKind {
  return SCRIPT_KINDS[sourceKindOf(path)];
}

const SCRIPT_KINDS: Readonly<Record<SourceKind, ts.ScriptKind>> = {
  ts: ts.ScriptKind.TS,
  tsx: ts.ScriptKind.TSX,
  js: ts.ScriptKind.JS,
  jsx: ts.ScriptKind.JSX,
};
