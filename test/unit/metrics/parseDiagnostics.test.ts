import assert from 'node:assert/strict';
import { ts } from 'ts-morph';
import { parseDiagnostics, ParseDiagnosticsUnavailableError, parseErrors } from '../../../src/core/metrics/parseDiagnostics';
import { parseSource } from '../../../src/core/metrics/parseSource';

describe('parseDiagnostics', () => {
  // If this fails after a TypeScript upgrade, the compiler no longer keeps syntax errors on the
  // internal `parseDiagnostics` field: every unparsable file would be measured as if it parsed.
  it('reads the syntax errors of this TypeScript version off the parsed file', () => {
    const diagnostics = parseDiagnostics(parseSource('broken.ts', 'function ('));
    assert.deepEqual(
      diagnostics.map((d) => [d.start, ts.flattenDiagnosticMessageText(d.messageText, '\n')]),
      [
        [9, 'Identifier expected.'],
        [10, "')' expected."],
      ],
    );
  });

  it('gives none for a file that parses', () => {
    assert.deepEqual(parseDiagnostics(parseSource('fine.ts', 'export const x = 1;\n')), []);
  });

  it('throws, rather than answering "no errors", when the field is missing', () => {
    const sourceFile = parseSource('broken.ts', 'function (');
    Reflect.deleteProperty(sourceFile, 'parseDiagnostics');
    assert.throws(() => parseDiagnostics(sourceFile), (error: unknown) => error instanceof ParseDiagnosticsUnavailableError && error.fileName === 'broken.ts');
    assert.throws(() => parseErrors(sourceFile), ParseDiagnosticsUnavailableError);
  });
});
