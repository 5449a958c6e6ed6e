import { ts } from 'ts-morph';

/**
 * The parsed file carries no `parseDiagnostics`: the compiler no longer keeps its syntax errors on
 * that internal field, and every file would otherwise read as free of errors. Thrown rather than
 * answered with "none", so an upgrade of TypeScript that drops the field fails loudly.
 */
export class ParseDiagnosticsUnavailableError extends Error {
  override readonly name = 'ParseDiagnosticsUnavailableError';
  constructor(readonly fileName: string) {
    super(`TypeScript ${ts.version} keeps no parseDiagnostics on the parsed ${fileName}: syntax errors cannot be read`);
  }
}

/**
 * The syntax errors the parser found in `sourceFile`. The compiler has no public call for them short
 * of building a program (`getSyntacticDiagnostics`), which a syntax-only parse avoids; it keeps them
 * on an internal field, read here and nowhere else.
 * @throws ParseDiagnosticsUnavailableError when the field is missing (see there).
 */
export function parseDiagnostics(sourceFile: ts.SourceFile): readonly ts.Diagnostic[] {
  const diagnostics = (sourceFile as unknown as { parseDiagnostics?: unknown }).parseDiagnostics;
  if (!Array.isArray(diagnostics)) {
    throw new ParseDiagnosticsUnavailableError(sourceFile.fileName);
  }
  return diagnostics as readonly ts.Diagnostic[];
}

/**
 * Syntax errors found while parsing, as `line:col message` (both 1-based). Metrics of a file with
 * errors are still computed but may not match ESLint, which refuses to lint it.
 */
export function parseErrors(sourceFile: ts.SourceFile): string[] {
  return parseDiagnostics(sourceFile).map((d) => {
    const { line, character } = sourceFile.getLineAndCharacterOfPosition(d.start ?? 0);
    return `${line + 1}:${character + 1} ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`;
  });
}
