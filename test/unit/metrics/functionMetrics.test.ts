import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as tsParser from '@typescript-eslint/parser';
import { Linter } from 'eslint';
import sonarjs from 'eslint-plugin-sonarjs';
import { ts } from 'ts-morph';
import type { FunctionMetrics } from '../../../src/core/metrics/functionMetrics';
import { measureSourceFile } from '../../../src/core/metrics/functionMetrics';
import { listFunctionSpans } from '../../../src/core/metrics/functionSpans';
import { parseErrors } from '../../../src/core/metrics/parseDiagnostics';
import { scriptKindFor } from '../../../src/core/metrics/parseSource';
import { itemAt } from '../support/itemAt';

const repoRoot = path.resolve(__dirname, '../../..');
const fixtureDir = path.join(repoRoot, 'test/fixtures/complexity');
const sourceExtensions = /\.(ts|tsx|mts|cts|js|jsx|mjs|cjs)$/;

function parse(code: string, fileName = 'snippet.ts'): ts.SourceFile {
  return ts.createSourceFile(fileName, code, ts.ScriptTarget.Latest, true, scriptKindFor(fileName));
}

function measure(code: string, fileName = 'snippet.ts'): FunctionMetrics[] {
  return measureSourceFile(parse(code, fileName)).functions;
}

/** The one function in `code` whose name is `name`. */
function only(code: string, name: string, fileName = 'snippet.ts'): FunctionMetrics {
  const found = measure(code, fileName).filter((f) => f.name === name);
  assert.equal(found.length, 1, `expected one function named ${name}, got ${found.length}`);
  return itemAt(found, 0);
}

/** The hand-written expectations below must also be what the reference rules say. */
function assertReferencesAgree(code: string, fileName: string): void {
  const result = compareWithReferences(fileName, code);
  assert.ok(typeof result !== 'string', result as string);
  assert.deepEqual(result.mismatches, [], code);
}

function pick(functions: FunctionMetrics[], keys: readonly (keyof FunctionMetrics)[]): Record<string, unknown>[] {
  return functions.map((f) => Object.fromEntries(keys.map((k) => [k, f[k]])));
}

describe('functionMetrics', () => {
  describe('names and kinds', () => {
    it('qualifies class members, accessors, fields and static blocks by the class', () => {
      const code = [
        'export class SessionManager {',
        '  #secret = 1;',
        "  'quoted-name' = () => 2;",
        '  static {',
        '    init();',
        '  }',
        '  constructor(private readonly store: Store) {}',
        '  get value(): number { return 1; }',
        '  set value(v: number) {}',
        '  refresh(): void {}',
        '  [Symbol.iterator]() {}',
        '  abstractLike(): void;',
        '  abstractLike(x?: number): void {}',
        '}',
      ].join('\n');
      assert.deepEqual(pick(measure(code), ['name', 'kind', 'startLine', 'endLine']), [
        { name: 'SessionManager.#secret', kind: 'fieldInitializer', startLine: 2, endLine: 2 },
        { name: 'SessionManager.quoted-name', kind: 'fieldInitializer', startLine: 3, endLine: 3 },
        { name: 'SessionManager.quoted-name', kind: 'arrow', startLine: 3, endLine: 3 },
        { name: 'SessionManager.<static>@4', kind: 'staticBlock', startLine: 4, endLine: 6 },
        { name: 'SessionManager.constructor', kind: 'constructor', startLine: 7, endLine: 7 },
        { name: 'SessionManager.get value', kind: 'getter', startLine: 8, endLine: 8 },
        { name: 'SessionManager.set value', kind: 'setter', startLine: 9, endLine: 9 },
        { name: 'SessionManager.refresh', kind: 'method', startLine: 10, endLine: 10 },
        { name: 'SessionManager.[Symbol.iterator]', kind: 'method', startLine: 11, endLine: 11 },
        { name: 'SessionManager.abstractLike', kind: 'method', startLine: 13, endLine: 13 },
      ]);
    });

    it('names functions by their binding, container and position', () => {
      const code = [
        'const handler = () => 1;', // 1
        'const named = function inner() {};', // 2
        'const api = { load() {}, nested: { deep: () => 0 }, get size() { return 0; } };', // 3
        'exports.run = () => {};', // 4
        'Foo.prototype.bar = function () {};', // 5
        'module.exports.stop = function () {};', // 6
        'function outer() {', // 7
        '  function inner() {}', // 8
        '  setTimeout(() => {', // 9
        '    const deeper = () => 0;', // 10
        '  });', // 11
        '  items.forEach(function each() {});', // 12
        '}', // 13
        'namespace NS { export function fn() {} }', // 14
        'namespace A.B { const x = { y() {} }; }', // 15
        'export default function () {}', // 16
        '(function () {})();', // 17
        'const Cls = class { m() {} };', // 18
        'function withDefault(cb = () => 0) {}', // 19
        "obj['a-b'] = () => 0;", // 20
      ].join('\n');
      assert.deepEqual(
        measure(code).map((f) => f.name),
        [
          'handler',
          'named',
          'api.load',
          'api.nested.deep',
          'api.get size',
          'run',
          'Foo.bar',
          'stop',
          'outer',
          'outer.inner',
          'outer.<anonymous>@9',
          'outer.<anonymous>@9.deeper',
          'outer.each',
          'NS.fn',
          'A.B.x.y',
          'default',
          '<anonymous>@17',
          'Cls.m',
          'withDefault',
          'withDefault.cb',
          'obj.a-b',
        ],
      );
    });

    it('gives module.exports functions the name default and adds no qualifier for its objects', () => {
      const code = 'module.exports = function () {};\nmodule.exports = { start() {} };\nexport default { save() {} };';
      assert.deepEqual(
        measure(code, 'snippet.js').map((f) => f.name),
        ['default', 'start', 'default.save'],
      );
    });

    it('skips bodiless declarations: overloads, abstract and ambient members', () => {
      const code = [
        'function f(a: string): void;',
        'function f(a: unknown): void {}',
        'abstract class Shape { abstract area(): number; perimeter(): number { return 0; } }',
        'declare function ambient(): void;',
      ].join('\n');
      assert.deepEqual(
        measure(code).map((f) => `${f.name}:${f.kind}`),
        ['f:function', 'Shape.perimeter:method'],
      );
    });

    it('starts a decorated member at its decorator and a bound arrow at its own first token', () => {
      const code = ['class C {', '  @log()', '  run() {', '  }', '}', 'const go =', '  async () => {', '  };'].join('\n');
      assert.deepEqual(pick(measure(code), ['name', 'startLine', 'endLine']), [
        { name: 'C.run', startLine: 2, endLine: 4 },
        { name: 'go', startLine: 7, endLine: 8 },
      ]);
    });
  });

  describe('lines, parameters and nesting', () => {
    it('counts lines with code, not blank or comment-only lines, strings and JSX text included', () => {
      const code = [
        '// header', // 1
        'function f(a, b) {', // 2
        '', // 3
        '  /* block', // 4
        '     comment */', // 5
        '  const url = "http://example.com"; // trailing', // 6
        '  const t = `', // 7
        '', // 8
        '  `;', // 9
        "  const re = /'/g; /* two", // 10
        '  lines */', // 11
        '  return <a>', // 12
        '    //not a comment', // 13
        '', // 14
        '  </a>;', // 15
        '}', // 16
      ].join('\n');
      const sf = parse(code, 'snippet.jsx');
      const measured = measureSourceFile(sf);
      assert.deepEqual(Array.from(measured.codeLines), [0, 0, 1, 0, 0, 0, 1, 1, 1, 1, 1, 0, 1, 1, 0, 1, 1]);
      assert.equal(itemAt(measured.functions, 0).loc, 10);
      assert.deepEqual(measured.totals.loc, 10);
    });

    it('counts parameters without the TypeScript this parameter', () => {
      assert.equal(only('function f(this: Window, a: number, { b }: X, ...rest: number[]) {}', 'f').params, 3);
      assert.equal(only('const g = () => 0;', 'g').params, 0);
      assert.equal(only('class C { constructor(private a = 1, b?: string) {} }', 'C.constructor').params, 2);
    });

    it('measures nesting as ESLint max-depth: statements only, else-if chains as one level', () => {
      const code = [
        'function f(a) {',
        '  if (a) {',
        '    for (;;) {',
        '      try { while (a) {} } catch { }',
        '    }',
        '  } else if (a > 1) {',
        '    switch (a) { case 1: if (a) {} }',
        '  }',
        '  const g = () => { if (a) {} };',
        '  return a ? (a ? 1 : 2) : 3;',
        '}',
      ].join('\n');
      assert.deepEqual(pick(measure(code), ['name', 'nesting']), [
        { name: 'f', nesting: 4 },
        { name: 'f.g', nesting: 1 },
      ]);
      assertReferencesAgree(code, 'snippet.ts');
    });
  });

  describe('cyclomatic complexity', () => {
    it('counts every ESLint classic branch kind', () => {
      const cases: [string, number][] = [
        ['function f() {}', 1],
        ['function f(a) { if (a) {} else if (!a) {} else {} }', 3],
        ['function f(a, b, c, d) { return (a && b || c) ?? d; }', 4],
        ['function f(a) { a.x &&= 1; a.y ||= 2; a.z ??= 3; a.w = 4; }', 4],
        ['function f(a) { for (;;) {} for (const k in a) {} for (const v of a) {} while (a) {} do {} while (a); }', 6],
        ['function f(a) { try {} catch { } finally {} }', 2],
        ['function f(a) { switch (a) { case 1: case 2: break; default: } }', 3],
        ['function f(a = 1, { b = 2, c: [d = 3] = [] } = {}) {}', 6],
        ['function f(a) { let x, y; [x = 1, { y = 2 }] = a; ({ x = 3 } = a); }', 4],
        ['function f(a) { return a?.b?.() ?? a?.[0].c; }', 5],
        ['function f(a) { return a ? 1 : a ? 2 : 3; }', 3],
        ['function f(a) { const g = () => a && a.b; return g; }', 1],
      ];
      for (const [code, expected] of cases) {
        assert.equal(only(code, 'f').cyclomatic, expected, code);
        assertReferencesAgree(code, 'snippet.ts');
      }
    });

    it('measures field initializers and static blocks on their own, not in the enclosing function', () => {
      const code = 'function f(a) { class C { x = a ?? 1; static { if (a) {} } } return a || C; }';
      assert.deepEqual(pick(measure(code), ['name', 'cyclomatic']), [
        { name: 'f', cyclomatic: 2 },
        { name: 'f.C.x', cyclomatic: 2 },
        { name: 'f.C.<static>@1', cyclomatic: 2 },
      ]);
      assertReferencesAgree(code, 'snippet.ts');
    });
  });

  describe('cognitive complexity', () => {
    it('follows eslint-plugin-sonarjs increments and nesting', () => {
      const cases: [string, number][] = [
        ['function f(a) { if (a) {} }', 1],
        ['function f(a) { if (a) {} else if (!a) {} else {} }', 3],
        ['function f(a) { for (;;) { if (a) { while (a) {} } } }', 6],
        ['function f(a, b, c) { return a && b && c; }', 1],
        ['function f(a, b, c, d) { return a && b || c && d; }', 2],
        ['function f(a, b) { return a || b || (a ?? b); }', 0],
        ['function f(a) { return a ? (a ? 1 : 2) : 3; }', 3],
        ['function f(a) { switch (a) { case 1: if (a) {} } }', 3],
        ['function f(a) { try { } catch { if (a) {} } }', 3],
        ['function f(a) { outer: for (;;) { for (;;) { continue outer; } break; } }', 4],
        ['function f(a) { return a?.b ?? a?.c; }', 0],
        ['function f(n) { return n <= 1 ? 1 : n * f(n - 1); }', 1],
        ['function f(a) { return <div>{a && a.b && <span />}</div>; }', 0],
        // A mixed chain in JSX is counted normally: `&&`, then `&&` again after the `||`.
        ['function f(a) { return <div>{a && (a.b || a.c) && <span />}</div>; }', 2],
      ];
      for (const [code, expected] of cases) {
        assert.equal(only(code, 'f', 'snippet.tsx').cognitive, expected, code);
        assertReferencesAgree(code, 'snippet.tsx');
      }
    });

    it('measures nested functions on their own, starting from nesting 0', () => {
      const code = 'function f(a) { if (a) { a.map((x) => { if (x) {} }); } }';
      assert.deepEqual(pick(measure(code), ['name', 'cognitive']), [
        { name: 'f', cognitive: 1 },
        { name: 'f.<anonymous>@1', cognitive: 1 },
      ]);
      assertReferencesAgree(code, 'snippet.ts');
    });

    it('keeps the extra nesting level sonarjs leaves behind after a function-valued ?: branch', () => {
      const code = 'function f(c) { const g = c ? () => 0 : null; if (c) {} }';
      // ?: +1, then the `if` is counted at nesting 1 (+2) because of the rule's bookkeeping.
      assert.equal(only(code, 'f').cognitive, 3);
      assertReferencesAgree(code, 'snippet.ts');
    });

    it('counts field initializers and static blocks in the enclosing function too, as sonarjs does', () => {
      const code = 'function f(a) { if (a) { class C { x = a ? 1 : 2; } } }';
      assert.deepEqual(pick(measure(code), ['name', 'cognitive']), [
        { name: 'f', cognitive: 3 },
        { name: 'f.C.x', cognitive: 1 },
      ]);
      assertReferencesAgree(code, 'snippet.ts');
    });

    it('totals a file the way sonarjs does: top-level code counts, nested functions fold in once', () => {
      const code = [
        'if (globalThis.x) {}', // top level: +1
        'function f(a) {', // has structure: nested functions fold in with +1 nesting
        '  if (a) {}', // +1
        '  return () => { if (a) {} };', // +1 own, +2 folded
        '}',
        'function g(a) {', // no structure of its own: nested counted as if top level
        '  return () => { if (a) {} };', // +1
        '}',
      ].join('\n');
      const sf = parse(code);
      const { functions, totals } = measureSourceFile(sf);
      assert.deepEqual(
        functions.map((f) => f.cognitive),
        [1, 1, 0, 1],
      );
      assert.deepEqual(totals, {
        loc: 8,
        cyclomatic: 2 + 2 + 1 + 2,
        cognitive: 1 + 3 + 1,
        maxCyclomatic: 2,
        maxCognitive: 1,
      });
      assertReferencesAgree(code, 'snippet.ts');
    });
  });

  describe('parsing', () => {
    it('maps extensions to script kinds', () => {
      assert.deepEqual(
        ['a.ts', 'a.mts', 'a.cts', 'a.tsx', 'a.js', 'a.mjs', 'a.cjs', 'a.jsx'].map(scriptKindFor),
        [ts.ScriptKind.TS, ts.ScriptKind.TS, ts.ScriptKind.TS, ts.ScriptKind.TSX, ts.ScriptKind.JS, ts.ScriptKind.JS, ts.ScriptKind.JS, ts.ScriptKind.JSX],
      );
    });

    it('parses JSX in .js files and reports syntax errors as line:col message', () => {
      assert.deepEqual(parseErrors(parse('const A = () => <div>{x}</div>;', 'a.js')), []);
      assert.deepEqual(parseErrors(parse('function (', 'a.ts')), ["1:10 Identifier expected.", "1:11 ')' expected."]);
    });
  });

  describe('equals the reference rules', () => {
    it('on every fixture file', () => {
      const files = fs
        .readdirSync(fixtureDir)
        .filter((f) => sourceExtensions.test(f))
        .map((f) => path.join(fixtureDir, f));
      assert.ok(files.length >= 8, `expected at least 8 fixtures, found ${files.length}`);
      const result = compareFiles(files, { allowParseErrors: false });
      assert.deepEqual(result.mismatches, []);
      assert.ok(result.functions >= 150, `fixtures hold only ${result.functions} functions`);
    });

    it("on this project's own src/**/*.ts", () => {
      const files = listSources(path.join(repoRoot, 'src')).filter((f) => f.endsWith('.ts'));
      // Files other engineers are in the middle of editing may not parse; they are skipped.
      const result = compareFiles(files, { allowParseErrors: true });
      assert.deepEqual(result.mismatches, []);
      assert.ok(result.files > 0, 'no file of src/ could be compared');
    });

    // Opt-in, for checking any other codebase: DEBT_LENS_COMPLEXITY_CORPUS=dir1:dir2 npx mocha …
    const extraCorpus = process.env.DEBT_LENS_COMPLEXITY_CORPUS;
    if (extraCorpus) {
      it('on the folders in DEBT_LENS_COMPLEXITY_CORPUS', () => {
        const files = extraCorpus.split(path.delimiter).flatMap(listSources);
        const result = compareFiles(files, { allowParseErrors: true });
        assert.deepEqual(result.mismatches, []);
        assert.ok(result.files > 0, 'no file of the corpus could be compared');
      });
    }
  });
});

// ---------------------------------------------------------------------------------------------
// Reference comparison
//
// Each rule reports where it reports, not where a function starts, so every function-like node is
// mapped to the exact position each rule uses for it:
// - ESLint `complexity` (threshold 0, so every function, field initializer and static block is
//   reported): astUtils.getFunctionHeadLoc for functions — the method/property/field start when the
//   function is a member's value, the `=>` of other arrows, else the `async`/`function` keyword —,
//   the initializer's start for field initializers, the `static` keyword for static blocks.
// - sonarjs `cognitive-complexity` (threshold 0, so only functions above 0 are reported):
//   getMainFunctionTokenLocation — the name of a declaration, the key of a method or property, the
//   `=>` of an arrow, else the `function` keyword. A function it does not report has 0. Field
//   initializers and static blocks are not functions for it: their increments are checked through
//   the enclosing function and the file total.
// - ESLint `max-depth` reports every statement with its depth; a function's nesting is the deepest
//   report inside it and outside its nested functions.
// Every one of our functions must meet its report and every report must meet one of our functions.

interface Comparison {
  files: number;
  functions: number;
  mismatches: string[];
}

function listSources(dir: string): string[] {
  return (fs.readdirSync(dir, { recursive: true }) as string[])
    .filter((f) => sourceExtensions.test(f) && !f.endsWith('.d.ts') && !f.split(path.sep).includes('node_modules'))
    .map((f) => path.join(dir, f))
    .sort();
}

function compareFiles(files: readonly string[], options: { allowParseErrors: boolean }): Comparison {
  const total: Comparison = { files: 0, functions: 0, mismatches: [] };
  for (const file of files) {
    const text = fs.readFileSync(file, 'utf8');
    // Also for files that do not parse: X-Ray lists the functions of such versions.
    total.mismatches.push(...compareWithoutParents(path.relative(repoRoot, file), text));
    const result = compareWithReferences(path.relative(repoRoot, file), text);
    if (typeof result === 'string') {
      if (!options.allowParseErrors) {
        total.mismatches.push(result);
      }
      continue;
    }
    total.files++;
    total.functions += result.functions;
    total.mismatches.push(...result.mismatches);
  }
  return total;
}

const linter = new Linter({ configType: 'flat' });

interface ReferenceResults {
  complexity: Map<string, number>;
  cognitive: Map<string, number>;
  depths: { pos: number; depth: number }[];
  fileCognitive: number | undefined;
}

/** Runs ESLint `complexity`, `max-depth` and sonarjs `cognitive-complexity` with every threshold at 0. */
function runReferences(fileName: string, text: string, sf: ts.SourceFile): ReferenceResults | string {
  const metricsSink: { cognitiveComplexity?: number } = {};
  const isJs = /\.[cm]?jsx?$/.test(fileName);
  const messages = linter.verify(
    text,
    [
      {
        files: ['**/*.ts', '**/*.tsx', '**/*.mts', '**/*.cts', '**/*.js', '**/*.jsx', '**/*.mjs', '**/*.cjs'],
        languageOptions: {
          parser: tsParser,
          sourceType: 'module',
          parserOptions: { ecmaFeatures: { jsx: isJs || fileName.endsWith('.tsx') } },
        },
        // eslint-disable comments in the measured code must not hide functions from the rules.
        linterOptions: { noInlineConfig: true, reportUnusedDisableDirectives: 'off' },
        plugins: { sonarjs },
        // The rule reports its file total to this internal sink (what SonarQube reads).
        settings: { sonarInternal: { metricsSink } },
        rules: {
          complexity: ['error', { max: 0, variant: 'classic' }],
          'max-depth': ['error', 0],
          'sonarjs/cognitive-complexity': ['error', 0],
        },
      },
    ],
    // Only the extension matters; a path under node_modules would be ignored by ESLint's defaults.
    { filename: `measured${path.extname(fileName)}` },
  );
  const results: ReferenceResults = { complexity: new Map(), cognitive: new Map(), depths: [], fileCognitive: undefined };
  for (const m of messages) {
    if (m.fatal) {
      return `${fileName}: ESLint cannot parse it: ${m.line}:${m.column} ${m.message}`;
    }
    if (m.ruleId === null) {
      // Notices about inline configuration we told ESLint to ignore.
      continue;
    }
    // ESLint columns are 1-based, compiler characters 0-based.
    const pos = sf.getPositionOfLineAndCharacter(m.line - 1, m.column - 1);
    const value = Number(/(?:complexity of|Complexity from|too deeply \()\s*(\d+)/.exec(m.message)?.[1]);
    const key = String(pos);
    if (m.ruleId === 'complexity') {
      assert.ok(!results.complexity.has(key), `${fileName}: two complexity reports at ${m.line}:${m.column}`);
      results.complexity.set(key, value);
    } else if (m.ruleId === 'sonarjs/cognitive-complexity') {
      assert.ok(!results.cognitive.has(key), `${fileName}: two cognitive reports at ${m.line}:${m.column}`);
      results.cognitive.set(key, value);
    } else if (m.ruleId === 'max-depth') {
      results.depths.push({ pos, depth: value });
    } else {
      assert.fail(`${fileName}: unexpected ESLint message ${m.ruleId}: ${m.message}`);
    }
  }
  results.fileCognitive = metricsSink.cognitiveComplexity;
  return results;
}

/**
 * The scan parses without parent pointers, and X-Ray lists spans with listFunctionSpans: both
 * must give exactly what measureSourceFile gives on a tree with parents.
 */
function compareWithoutParents(fileName: string, text: string): string[] {
  const withParents = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true, scriptKindFor(fileName));
  const bare = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, false, scriptKindFor(fileName));
  const reference = measureSourceFile(withParents);
  const expected = reference.functions;
  const spans = expected.map(({ name, startLine, endLine }) => ({ name, startLine, endLine }));
  const mismatches: string[] = [];
  const check = (what: string, actual: unknown, wanted: unknown): void => {
    try {
      assert.deepEqual(actual, wanted);
    } catch {
      mismatches.push(`${fileName}: ${what} differs`);
    }
  };
  const measured = measureSourceFile(bare);
  check('functions without parent pointers', measured.functions, expected);
  check('codeLines without parent pointers', measured.codeLines, reference.codeLines);
  check('totals without parent pointers', measured.totals, reference.totals);
  check('a second measure of the same tree', measureSourceFile(bare), measured);
  check('listFunctionSpans without parent pointers', listFunctionSpans(bare), spans);
  check('listFunctionSpans with parent pointers', listFunctionSpans(withParents), spans);
  return mismatches;
}

/** Returns a reason when the file cannot be compared (it does not parse). */
function compareWithReferences(fileName: string, rawText: string): { functions: number; mismatches: string[] } | string {
  // ESLint drops a byte-order mark before computing columns; do the same on both sides.
  const text = rawText.replace(/^\uFEFF/, '');
  const sf = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true, scriptKindFor(fileName));
  const errors = parseErrors(sf);
  if (errors.length > 0) {
    return `${fileName}: does not parse: ${errors[0]}`;
  }
  const reference = runReferences(fileName, text, sf);
  if (typeof reference === 'string') {
    return reference;
  }
  const measured = measureSourceFile(sf);
  const ours = measured.functions;
  const nodes = functionNodes(sf);
  const mismatches: string[] = [];
  const where = (pos: number): string => {
    const { line, character } = sf.getLineAndCharacterOfPosition(pos);
    return `${line + 1}:${character + 1}`;
  };
  if (ours.length !== nodes.length) {
    mismatches.push(`${fileName}: we measure ${ours.length} functions, the compiler AST has ${nodes.length} function-like nodes`);
    return { functions: ours.length, mismatches };
  }
  const deepest = deepestDepthPerFunction(sf, nodes, reference.depths);
  ours.forEach((f, i) => {
    const node = itemAt(nodes, i);
    const label = `${fileName}: ${f.name} (${f.kind} at ${where(node.getStart(sf))})`;
    const startLine = sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1;
    const endLine = sf.getLineAndCharacterOfPosition(node.end).line + 1;
    if (f.startLine !== startLine || f.endLine !== endLine) {
      mismatches.push(`${label}: lines ours ${f.startLine}-${f.endLine} vs node ${startLine}-${endLine}`);
    }
    const head = String(complexityHead(node, sf));
    const cyclomatic = reference.complexity.get(head);
    reference.complexity.delete(head);
    if (cyclomatic === undefined) {
      mismatches.push(`${label}: ESLint complexity reports nothing at ${where(Number(head))}`);
    } else if (cyclomatic !== f.cyclomatic) {
      mismatches.push(`${label}: cyclomatic ours ${f.cyclomatic} vs ESLint ${cyclomatic}`);
    }
    const sonarHead = cognitiveHead(node, sf);
    if (sonarHead !== undefined) {
      // With threshold 0 the rule reports every function above 0; silence means 0.
      const cognitive = reference.cognitive.get(String(sonarHead)) ?? 0;
      reference.cognitive.delete(String(sonarHead));
      if (cognitive !== f.cognitive) {
        mismatches.push(`${label}: cognitive ours ${f.cognitive} vs sonarjs ${cognitive}`);
      }
    }
    const depth = deepest.get(node) ?? 0;
    if (depth !== f.nesting) {
      mismatches.push(`${label}: nesting ours ${f.nesting} vs ESLint max-depth ${depth}`);
    }
  });
  for (const [pos, value] of reference.complexity) {
    mismatches.push(`${fileName}: ESLint complexity ${value} at ${where(Number(pos))} matches no function of ours`);
  }
  for (const [pos, value] of reference.cognitive) {
    mismatches.push(`${fileName}: sonarjs cognitive ${value} at ${where(Number(pos))} matches no function of ours`);
  }
  const file = measured.totals;
  if (file.cognitive !== reference.fileCognitive) {
    mismatches.push(`${fileName}: file cognitive ours ${file.cognitive} vs sonarjs ${reference.fileCognitive}`);
  }
  return { functions: ours.length, mismatches };
}

// What ESTree and the rules see, computed independently of the implementation under test.

function isMemberFunction(node: ts.Node): node is ts.MethodDeclaration | ts.AccessorDeclaration | ts.ConstructorDeclaration {
  return ts.isMethodDeclaration(node) || ts.isGetAccessor(node) || ts.isSetAccessor(node) || ts.isConstructorDeclaration(node);
}

/** An ESTree `PropertyDefinition` with a value (accessor and abstract fields are other node types). */
function isEstreeFieldWithValue(node: ts.Node): node is ts.PropertyDeclaration {
  return (
    ts.isPropertyDeclaration(node) &&
    node.initializer !== undefined &&
    !node.modifiers?.some((m) => m.kind === ts.SyntaxKind.AccessorKeyword || m.kind === ts.SyntaxKind.AbstractKeyword)
  );
}

/** Function-like nodes with a body, field initializers and static blocks, in pre-order. */
function functionNodes(sf: ts.SourceFile): ts.Node[] {
  const found: ts.Node[] = [];
  const visit = (node: ts.Node): void => {
    const hasBody =
      (ts.isFunctionDeclaration(node) || isMemberFunction(node) || ts.isFunctionExpression(node) || ts.isArrowFunction(node)) &&
      node.body !== undefined;
    if (hasBody || isEstreeFieldWithValue(node) || ts.isClassStaticBlockDeclaration(node)) {
      found.push(node);
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return found;
}

function unwrapParentheses(node: ts.Node): ts.Node {
  return ts.isParenthesizedExpression(node) ? unwrapParentheses(node.expression) : node;
}

/** The ESTree parent: the compiler keeps parentheses as nodes, ESTree does not. */
function estreeParent(node: ts.Node): ts.Node {
  return ts.isParenthesizedExpression(node.parent) ? estreeParent(node.parent) : node.parent;
}

function tokenStart(node: ts.Node, sf: ts.SourceFile, kinds: readonly ts.SyntaxKind[]): number {
  const token = node.getChildren(sf).find((c) => kinds.includes(c.kind));
  assert.ok(token, `no ${kinds.map((k) => ts.SyntaxKind[k]).join('/')} token in ${ts.SyntaxKind[node.kind]}`);
  return token.getStart(sf);
}

/** Where ESTree's function node starts: at `async` or `function`, after `export default`. */
function functionKeywordStart(node: ts.FunctionDeclaration | ts.FunctionExpression, sf: ts.SourceFile): number {
  const asyncModifier = node.modifiers?.find((m) => m.kind === ts.SyntaxKind.AsyncKeyword);
  return asyncModifier ? asyncModifier.getStart(sf) : tokenStart(node, sf, [ts.SyntaxKind.FunctionKeyword]);
}

/** ESLint complexity's report position: getFunctionHeadLoc, or the value / `static` token for implicit functions. */
function complexityHead(node: ts.Node, sf: ts.SourceFile): number {
  if (ts.isClassStaticBlockDeclaration(node) || isMemberFunction(node)) {
    return node.getStart(sf);
  }
  if (isEstreeFieldWithValue(node)) {
    return unwrapParentheses(node.initializer as ts.Expression).getStart(sf);
  }
  const parent = estreeParent(node);
  if (ts.isPropertyAssignment(parent) || isEstreeFieldWithValue(parent)) {
    return parent.getStart(sf);
  }
  if (ts.isArrowFunction(node)) {
    return node.equalsGreaterThanToken.getStart(sf);
  }
  return functionKeywordStart(node as ts.FunctionDeclaration | ts.FunctionExpression, sf);
}

/** sonarjs getMainFunctionTokenLocation; undefined for what the rule does not treat as a function. */
function cognitiveHead(node: ts.Node, sf: ts.SourceFile): number | undefined {
  const keyStart = (name: ts.PropertyName): number =>
    ts.isComputedPropertyName(name) ? unwrapParentheses(name.expression).getStart(sf) : name.getStart(sf);
  if (ts.isConstructorDeclaration(node)) {
    return tokenStart(node, sf, [ts.SyntaxKind.ConstructorKeyword, ts.SyntaxKind.StringLiteral]);
  }
  if (ts.isMethodDeclaration(node) || ts.isGetAccessor(node) || ts.isSetAccessor(node)) {
    return keyStart(node.name);
  }
  if (ts.isArrowFunction(node)) {
    return node.equalsGreaterThanToken.getStart(sf);
  }
  if (ts.isFunctionDeclaration(node)) {
    return node.name ? node.name.getStart(sf) : tokenStart(node, sf, [ts.SyntaxKind.FunctionKeyword]);
  }
  if (ts.isFunctionExpression(node)) {
    const parent = estreeParent(node);
    return ts.isPropertyAssignment(parent) ? keyStart(parent.name) : tokenStart(node, sf, [ts.SyntaxKind.FunctionKeyword]);
  }
  return undefined;
}

/** max-depth reports each statement at its depth; attribute each to the innermost function around it. */
function deepestDepthPerFunction(sf: ts.SourceFile, nodes: readonly ts.Node[], depths: ReferenceResults['depths']): Map<ts.Node, number> {
  const deepest = new Map<ts.Node, number>();
  const byStart = nodes.map((node) => ({ node, start: node.getStart(sf) }));
  // Pre-order ranges nest, so one sweep with a stack of open functions finds each innermost owner.
  const open: ts.Node[] = [];
  const closeUpTo = (pos: number): void => {
    while ((open.at(-1)?.end ?? Infinity) <= pos) {
      open.pop();
    }
  };
  let next = 0;
  for (const { pos, depth } of [...depths].sort((a, b) => a.pos - b.pos)) {
    for (let entering = byStart[next]; entering !== undefined && entering.start <= pos; entering = byStart[++next]) {
      closeUpTo(entering.start);
      open.push(entering.node);
    }
    closeUpTo(pos);
    const owner = open.at(-1);
    if (owner) {
      deepest.set(owner, Math.max(deepest.get(owner) ?? 0, depth));
    }
  }
  return deepest;
}
