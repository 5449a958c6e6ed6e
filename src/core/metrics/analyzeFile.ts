import { ts } from 'ts-morph';
import type { FunctionMetrics } from './functionMetrics';
import { codeLines, measureFunctions, parseErrors, scriptKindFor, summarizeFile } from './functionMetrics';
import { collectModuleSpecifiers } from './moduleSpecifiers';

/** Everything the scan keeps about one version of a source file; plain data, cached by blob id. */
export interface FileAnalysis {
  readonly loc: number;
  readonly cyclomatic: number;
  readonly cognitive: number;
  readonly maxCyclomatic: number;
  readonly maxCognitive: number;
  readonly functions: readonly FunctionMetrics[];
  /** Module specifiers as written; resolved into the import graph per scan. */
  readonly specifiers: readonly string[];
  /** Set when the file does not parse: it is reported with this message and not ranked. */
  readonly parseError?: string;
  /** TODO/FIXME/HACK/XXX/@deprecated comments, by tag; absent when there are none. */
  readonly markers?: Readonly<Record<string, number>>;
}

/** The syntax tree every metric is derived from: no type checker, no parent pointers. */
export function parseSource(path: string, text: string): ts.SourceFile {
  // No parent pointers: nothing reading the tree needs them, and setting them costs about a third of the parse.
  return ts.createSourceFile(path, text, ts.ScriptTarget.Latest, false, scriptKindFor(path));
}

/** Derives every per-file metric from one parse (`sourceFile`, of `text`, parsed here if not given). */
export function analyzeFile(path: string, text: string, sourceFile: ts.SourceFile = parseSource(path, text)): FileAnalysis {
  const errors = parseErrors(sourceFile);
  if (errors.length > 0) {
    return { loc: 0, cyclomatic: 0, cognitive: 0, maxCyclomatic: 0, maxCognitive: 0, functions: [], specifiers: [], parseError: errors[0] };
  }
  const functions = measureFunctions(sourceFile);
  const lines = codeLines(sourceFile);
  const totals = summarizeFile(sourceFile, functions, lines);
  return { ...totals, functions, specifiers: collectModuleSpecifiers(sourceFile) };
}

/** The function spans of one version of a file, for X-Ray; an unparsable version has none. */
export function listFunctionSpans(text: string, path: string): FunctionMetrics[] {
  const sourceFile = ts.createSourceFile(path, text, ts.ScriptTarget.Latest, false, scriptKindFor(path));
  return measureFunctions(sourceFile);
}
