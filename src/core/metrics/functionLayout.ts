import { ts } from 'ts-morph';
import type { ClassLayout, FunctionLayout } from '../history/functionHistory';
import { listFunctionSpans } from './functionSpans';
import { parseDiagnostics } from './parseDiagnostics';
import { parseSource } from './parseSource';

// ts-morph exposes the compiler's members through getters: read the ones used per version once.
const { isClassDeclaration } = ts;

/**
 * The function spans and top-level statement lines of one version of a file, for X-Ray. Parse errors
 * are reported, not thrown: a version with errors still has spans, but is never spliced into.
 */
export function listFunctionLayout(text: string, path: string): FunctionLayout {
  const sourceFile = parseSource(path, text);
  const lineOf = (position: number): number => sourceFile.getLineAndCharacterOfPosition(position).line + 1;
  const statements = sourceFile.statements.map((statement) => [lineOf(statement.getStart(sourceFile)), lineOf(statement.end)] as const);
  const hasErrors = parseDiagnostics(sourceFile).length > 0;
  const classes: ClassLayout[] = [];
  sourceFile.statements.forEach((statement, index) => {
    if (isClassDeclaration(statement) && statement.name !== undefined) {
      classes.push({
        statement: index,
        name: statement.name.text,
        members: statement.members.map((member) => [lineOf(member.getStart(sourceFile)), lineOf(member.end)] as const),
      });
    }
  });
  return {
    spans: listFunctionSpans(sourceFile),
    statements,
    hasErrors,
    classes,
  };
}
