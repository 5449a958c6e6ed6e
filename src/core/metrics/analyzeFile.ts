import type { ts } from 'ts-morph';
import type { FunctionMetrics } from './functionMetrics';
import { measureSourceFile } from './functionMetrics';
import { collectModuleSpecifiers } from './moduleSpecifiers';
import { parseErrors } from './parseDiagnostics';
import { parseSource } from './parseSource';

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

/** Derives every per-file metric from one parse (`sourceFile`, of `text`, parsed here if not given). */
export function analyzeFile(path: string, text: string, sourceFile: ts.SourceFile = parseSource(path, text)): FileAnalysis {
  const errors = parseErrors(sourceFile);
  if (errors.length > 0) {
    return { loc: 0, cyclomatic: 0, cognitive: 0, maxCyclomatic: 0, maxCognitive: 0, functions: [], specifiers: [], parseError: errors[0] };
  }
  const { functions, totals } = measureSourceFile(sourceFile);
  return { ...totals, functions, specifiers: collectModuleSpecifiers(sourceFile) };
}
