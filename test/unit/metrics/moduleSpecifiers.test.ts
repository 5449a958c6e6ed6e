import { strict as assert } from 'node:assert';
import { ts } from 'ts-morph';
import { collectModuleReferences, collectModuleSpecifiers } from '../../../src/core/metrics/moduleSpecifiers';

function parse(code: string, fileName = 'file.ts'): ts.SourceFile {
  const kind = fileName.endsWith('x') ? ts.ScriptKind.TSX : fileName.endsWith('.js') ? ts.ScriptKind.JS : ts.ScriptKind.TS;
  return ts.createSourceFile(fileName, code, ts.ScriptTarget.Latest, false, kind);
}

function specifiers(code: string, fileName?: string): string[] {
  return collectModuleSpecifiers(parse(code, fileName));
}

describe('collectModuleSpecifiers', () => {
  it('collects every form of import declaration', () => {
    const code = [
      "import a from './default';",
      "import { b, c as d } from './named';",
      "import * as ns from './namespace';",
      "import e, { f } from './defaultAndNamed';",
      "import './sideEffect';",
      "import data from './data.json' with { type: 'json' };",
      "import type { T } from './types';",
      "import g = require('./importEquals');",
    ].join('\n');
    assert.deepEqual(specifiers(code), [
      './default',
      './named',
      './namespace',
      './defaultAndNamed',
      './sideEffect',
      './data.json',
      './types',
      './importEquals',
    ]);
  });

  it('collects re-exports but not local exports', () => {
    const code = [
      "export { a } from './reexport';",
      "export * from './star';",
      "export * as ns from './starAs';",
      "export type { T } from './typeReexport';",
      'const local = 1;',
      'export { local };',
      'export default local;',
    ].join('\n');
    assert.deepEqual(specifiers(code), ['./reexport', './star', './starAs', './typeReexport']);
  });

  it('collects require and dynamic import with a literal argument, wherever they are nested', () => {
    const code = [
      "const top = require('top');",
      'function load() {',
      '  if (Math.random() > 0.5) {',
      "    return require(`./template`);",
      '  }',
      "  return [1].map(async () => (await import('./lazy')).default);",
      '}',
      'class Service {',
      "  private readonly dep = require('./inClassField');",
      "  async method(): Promise<unknown> { return import(`./lazyTemplate`); }",
      '}',
      "export const obj = { key: () => require('../inObjectLiteral') };",
    ].join('\n');
    assert.deepEqual(specifiers(code), ['top', './template', './lazy', './inClassField', './lazyTemplate', '../inObjectLiteral']);
  });

  it('finds calls whose keyword and parenthesis are split by a comment or a line break', () => {
    const code = ["const a = import /* lazy */ ('./splitImport');", 'const b = require // legacy', "  ('./splitRequire');", 'const c = require', "('./lineBreak');"].join('\n');
    assert.deepEqual(specifiers(code), ['./splitImport', './splitRequire', './lineBreak']);
  });

  it('finds declarations nested in namespaces and module blocks of a file without calls', () => {
    const code = [
      "import { top } from './top';",
      "declare module 'virtual:outer' {",
      "  export * from './nested';",
      "  import type { Inner } from './inner';",
      '}',
      'export function f(): void { const local = 1; }',
    ].join('\n');
    assert.deepEqual(specifiers(code), ['./top', 'virtual:outer', './nested', './inner']);
  });

  it('ignores computed specifiers and calls that are not require or import', () => {
    const code = [
      'const name = "x";',
      'require(name);',
      'require(`./a${name}`);',
      "require.resolve('./resolved');",
      "module.require('./moduleRequire');",
      "other.require('./member');",
      'import(name);',
      'import(`./b${name}`);',
      'require();',
      "myRequire('./wrapped');",
      "const text = \"require('./inString')\"; // import('./inComment')",
    ].join('\n');
    assert.deepEqual(specifiers(code), []);
  });

  it('collects import type nodes in type positions', () => {
    const code = [
      "type Options = import('./options').Options;",
      "let value: typeof import('./valueModule');",
      "interface Holder { field: import('./field').Field }",
    ].join('\n');
    assert.deepEqual(specifiers(code), ['./options', './valueModule', './field']);
  });

  it('puts triple-slash path references first and makes them relative', () => {
    const code = [
      '/// <reference path="globals.d.ts" />',
      '/// <reference path="../shared/env.d.ts" />',
      '/// <reference types="node" />',
      "import { x } from './x';",
    ].join('\n');
    assert.deepEqual(specifiers(code), ['./globals.d.ts', '../shared/env.d.ts', './x']);
  });

  it('counts a module augmentation as a dependency only inside a module', () => {
    const inModule = ["import './setup';", "declare module './augmented' {", '  interface Extra { a: 1 }', '}'].join('\n');
    assert.deepEqual(specifiers(inModule), ['./setup', './augmented']);
    const ambient = ["declare module 'virtual:icons' {", "  import type { Icon } from './icon';", '  export const icons: Icon[];', '}'].join('\n');
    assert.deepEqual(specifiers(ambient, 'ambient.d.ts'), ['./icon']);
  });

  it('deduplicates in order of first appearance', () => {
    const code = ["import { a } from './a';", "import './b';", "import { c } from './a';", "const b = require('./b');", "export * from './c';"].join('\n');
    assert.deepEqual(specifiers(code), ['./a', './b', './c']);
  });

  it('reads JavaScript and TSX files', () => {
    assert.deepEqual(specifiers("const fs = require('node:fs');\nmodule.exports = require('./impl');", 'index.js'), ['node:fs', './impl']);
    assert.deepEqual(specifiers("import { Button } from './Button';\nexport const App = () => <Button label={require('./label')} />;", 'App.tsx'), [
      './Button',
      './label',
    ]);
  });
});

describe('collectModuleReferences', () => {
  it('flags references that are type-only everywhere in the file', () => {
    const code = [
      "import type { A } from './typeImport';",
      "import { type B, type C } from './allTypeNamed';",
      "import { type D, e } from './mixedNamed';",
      "import type F = require('./typeImportEquals');",
      "export type { G } from './typeReexport';",
      "export { type H } from './allTypeReexport';",
      "type I = import('./importType').I;",
      "import {} from './emptyNamed';",
      "import type { J } from './laterValue';",
      "import { k } from './laterValue';",
      "import { l } from './laterType';",
      "import type { M } from './laterType';",
    ].join('\n');
    assert.deepEqual(collectModuleReferences(parse(code)), [
      { specifier: './typeImport', typeOnly: true },
      { specifier: './allTypeNamed', typeOnly: true },
      { specifier: './mixedNamed', typeOnly: false },
      { specifier: './typeImportEquals', typeOnly: true },
      { specifier: './typeReexport', typeOnly: true },
      { specifier: './allTypeReexport', typeOnly: true },
      { specifier: './importType', typeOnly: true },
      { specifier: './emptyNamed', typeOnly: false },
      { specifier: './laterValue', typeOnly: false },
      { specifier: './laterType', typeOnly: false },
    ]);
  });

  it('flags references, augmentations and value forms correctly', () => {
    const code = [
      '/// <reference path="./globals.d.ts" />',
      "import * as value from './value';",
      "declare module './value' { interface Extra { b: 2 } }",
      "export * from './star';",
      "const lazy = () => import('./lazy');",
    ].join('\n');
    assert.deepEqual(collectModuleReferences(parse(code)), [
      { specifier: './globals.d.ts', typeOnly: true },
      { specifier: './value', typeOnly: false },
      { specifier: './star', typeOnly: false },
      { specifier: './lazy', typeOnly: false },
    ]);
  });
});
