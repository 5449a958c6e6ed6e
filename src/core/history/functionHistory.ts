import type { PatchRequest } from './gitLog';
import { readFilePatches } from './gitLog';
import type { GitOptions } from './gitProcess';
import { replayFunctionHistory } from './functionReplay';

/** The span of one function in one version of a file. */
export interface FunctionSpan {
  readonly name: string;
  /** 1-based, inclusive. */
  readonly startLine: number;
  readonly endLine: number;
}

/** The functions of one version of a file, and the lines of its top-level statements. */
export interface FunctionLayout {
  readonly spans: readonly FunctionSpan[];
  /** [first line, last line] of each top-level statement, in order; 1-based, inclusive. */
  readonly statements: readonly (readonly [number, number])[];
  /** The text has syntax errors: its parse may depend on context, so it is never spliced. */
  readonly hasErrors: boolean;
  /**
   * Top-level named classes: the index of their statement, their name and their members' lines, so a
   * commit that changed one method re-parses that method alone. Absent where not known.
   */
  readonly classes?: readonly ClassLayout[];
}

export interface ClassLayout {
  readonly statement: number;
  readonly name: string;
  /** [first line, last line] of each member, in order; 1-based, inclusive. */
  readonly members: readonly (readonly [number, number])[];
}

/** Parses one version of a file (or a piece of it) into its function layout. */
export type FunctionLister = (text: string, path: string) => FunctionLayout;

/** One function's history in the window, keyed by its qualified name. */
export interface FunctionChangeStats {
  /** Commits whose changed lines touch the function in that commit's version of the file. */
  revisions: number;
  /** Lines added inside the function plus lines deleted by hunks that touch it. */
  churn: number;
}

export interface FunctionHistoryRequest extends PatchRequest {
  /** Today's path of the file. */
  readonly path: string;
  /** The file's content at HEAD: the walk starts there and applies each commit's patch in reverse. */
  readonly headText: string;
  readonly since: Date;
}

/**
 * Function-level history ("X-Ray"): maps each commit's changed lines onto the functions of that
 * commit's version of the file. One `git log -p -U0` process per file; older versions are rebuilt by
 * applying each patch in reverse to the newer text, so no per-commit `git show` is needed.
 *
 * Functions are matched across versions by qualified name, so an `<anonymous>@LINE` function only
 * collects the history of versions where it sat on the same line.
 */
export async function readFunctionHistory(
  git: GitOptions,
  request: FunctionHistoryRequest,
  listFunctions: FunctionLister,
): Promise<Map<string, FunctionChangeStats>> {
  const [patches] = await readFilePatches(git, [request], request.since);
  return replayFunctionHistory(patches ?? [], request, listFunctions, git.signal);
}
