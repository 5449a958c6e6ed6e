import { strict as assert } from 'node:assert';
import { ts } from 'ts-morph';
import type { ImportGraph, ResolutionOptions } from '../../../src/core/metrics/importGraph';
import { buildImportGraph, loadTsconfigResolution } from '../../../src/core/metrics/importGraph';
import { collectModuleSpecifiers } from '../../../src/core/metrics/moduleSpecifiers';

function graphOf(
  files: Record<string, readonly string[]>,
  compilerOptionsFor?: (path: string) => ResolutionOptions | undefined,
): ImportGraph {
  return buildImportGraph({ files: new Map(Object.entries(files)), compilerOptionsFor });
}

/** The single file a specifier written in `from` resolves to, or undefined when it stays unresolved. */
function resolveOne(
  from: string,
  specifier: string,
  otherFiles: readonly string[],
  options?: ResolutionOptions,
): string | undefined {
  const files: Record<string, readonly string[]> = { [from]: [specifier] };
  for (const path of otherFiles) {
    files[path] = [];
  }
  const graph = graphOf(files, () => options);
  const imports = graph.importsOf(from);
  assert.ok(imports.length <= 1);
  return imports[0];
}

function reader(files: Record<string, string>): (path: string) => string | undefined {
  return (path) => files[path];
}

describe('buildImportGraph', () => {
  describe('relative specifiers', () => {
    it('resolves siblings, parent folders and subfolders', () => {
      const graph = graphOf({
        'src/app/main.ts': ['./routes', '../lib/http', './views/home', '../../README.md'],
        'src/app/routes.ts': [],
        'src/lib/http.ts': [],
        'src/app/views/home.tsx': [],
        'README.md': [],
      });
      assert.deepEqual(graph.importsOf('src/app/main.ts'), ['README.md', 'src/app/routes.ts', 'src/app/views/home.tsx', 'src/lib/http.ts']);
    });

    it('resolves folders to their index file, including `.`, `..` and a trailing slash', () => {
      const files = ['src/a/index.ts', 'src/b/index.js', 'src/index.tsx', 'src/c/d/index.ts', 'src.ts', 'src/c/d.ts'];
      assert.equal(resolveOne('src/main.ts', './a', files), 'src/a/index.ts');
      assert.equal(resolveOne('src/main.ts', './b', files), 'src/b/index.js');
      assert.equal(resolveOne('src/a/x.ts', '..', files), 'src/index.tsx');
      assert.equal(resolveOne('src/c/d/x.ts', '.', files), 'src/c/d/index.ts');
      assert.equal(resolveOne('src/c/d/x.ts', './', files), 'src/c/d/index.ts');
      assert.equal(resolveOne('src/main.ts', './c/d/', files), 'src/c/d/index.ts');
    });

    it('probes extensions in TypeScript order, files before folder indexes', () => {
      assert.equal(resolveOne('main.ts', './x', ['x/index.ts', 'x.ts']), 'x.ts');
      assert.equal(resolveOne('main.ts', './x', ['x/index.ts', 'x.js']), 'x.js');
      assert.equal(resolveOne('main.ts', './x', ['x.js', 'x.tsx']), 'x.tsx');
      assert.equal(resolveOne('main.ts', './x', ['x.tsx', 'x.ts']), 'x.ts');
      assert.equal(resolveOne('main.ts', './x', ['x.d.ts', 'x.tsx']), 'x.tsx');
      assert.equal(resolveOne('main.ts', './x', ['x.js', 'x.d.ts']), 'x.d.ts');
      assert.equal(resolveOne('main.ts', './x', ['x.mjs', 'x.cts', 'x.mts']), 'x.mts');
      assert.equal(resolveOne('main.ts', './x', ['x.cjs', 'x.jsx']), 'x.jsx');
      assert.equal(resolveOne('main.ts', './x', ['x/index.mts', 'x/index.jsx']), 'x/index.mts');
      assert.equal(resolveOne('main.ts', './x.service', ['x.service.ts', 'x.ts']), 'x.service.ts');
    });

    it('prefers the exact path, so data files and explicit extensions resolve', () => {
      assert.equal(resolveOne('main.ts', './data.json', ['data.json', 'data.json.ts']), 'data.json');
      assert.equal(resolveOne('main.ts', './x.ts', ['x.ts', 'x.ts.ts']), 'x.ts');
      assert.equal(resolveOne('main.ts', './x', ['x', 'x.ts']), 'x');
    });

    it('maps ESM-style JavaScript extensions to their TypeScript sources', () => {
      assert.equal(resolveOne('main.ts', './util.js', ['util.ts']), 'util.ts');
      assert.equal(resolveOne('main.ts', './util.js', ['util.js', 'util.ts']), 'util.ts');
      assert.equal(resolveOne('main.ts', './util.js', ['util.js']), 'util.js');
      assert.equal(resolveOne('main.ts', './types.js', ['types.d.ts']), 'types.d.ts');
      assert.equal(resolveOne('main.ts', './view.js', ['view.tsx']), 'view.tsx');
      assert.equal(resolveOne('main.ts', './view.jsx', ['view.tsx']), 'view.tsx');
      assert.equal(resolveOne('main.ts', './esm.mjs', ['esm.mts']), 'esm.mts');
      assert.equal(resolveOne('main.ts', './cjs.cjs', ['cjs.cts']), 'cjs.cts');
      assert.equal(resolveOne('main.ts', './cjs.cjs', ['cjs.ts']), undefined);
    });

    it('does not resolve paths that leave the repository or are absolute', () => {
      assert.equal(resolveOne('src/main.ts', '../../outside', ['outside.ts', 'src/outside.ts']), undefined);
      assert.equal(resolveOne('src/main.ts', '/src/other', ['src/other.ts']), undefined);
    });

    it('never applies paths or baseUrl to relative specifiers', () => {
      const options: ResolutionOptions = { baseUrl: 'lib', paths: [{ pattern: '*', targets: ['lib/*'] }] };
      assert.equal(resolveOne('src/main.ts', './x', ['lib/src/x.ts', 'lib/x.ts'], options), undefined);
    });
  });

  describe('paths and baseUrl', () => {
    const options: ResolutionOptions = {
      baseUrl: 'src',
      paths: [
        { pattern: '@app/*', targets: ['src/app/*', 'generated/*'] },
        { pattern: '@app/special/*', targets: ['special/*'] },
        { pattern: 'conf*', targets: ['wrong/*'] },
        { pattern: 'config', targets: ['settings/config.ts'] },
        { pattern: '@empty/*', targets: ['nowhere/*'] },
        { pattern: '*.svg', targets: ['assets/*.svg.ts'] },
      ],
    };
    const files = [
      'src/app/store.ts',
      'generated/api.ts',
      'special/one.ts',
      'src/app/special/one.ts',
      'settings/config.ts',
      'wrong/ig.ts',
      'src/config.ts',
      'src/utils/date.ts',
      'src/@empty/thing.ts',
      'assets/logo.svg.ts',
    ];

    it('tries each target of a wildcard pattern in order', () => {
      assert.equal(resolveOne('src/main.ts', '@app/store', files, options), 'src/app/store.ts');
      assert.equal(resolveOne('src/main.ts', '@app/api', files, options), 'generated/api.ts');
    });

    it('picks the pattern with the longest prefix, and an exact pattern first', () => {
      assert.equal(resolveOne('src/main.ts', '@app/special/one', files, options), 'special/one.ts');
      assert.equal(resolveOne('src/main.ts', 'config', files, options), 'settings/config.ts');
      assert.equal(resolveOne('src/main.ts', 'icons/logo.svg', ['assets/icons/logo.svg.ts'], options), 'assets/icons/logo.svg.ts');
    });

    it('takes the first of two wildcard patterns with equally long prefixes', () => {
      const tie: ResolutionOptions = {
        paths: [
          { pattern: '*', targets: ['vendor/*'] },
          { pattern: '*.svg', targets: ['icons/*.svg.ts'] },
        ],
      };
      assert.equal(resolveOne('main.ts', 'logo.svg', ['icons/logo.svg.ts', 'vendor/logo.svg.ts'], tie), 'vendor/logo.svg.ts');
    });

    it('falls back to baseUrl when no target of the matching pattern exists', () => {
      assert.equal(resolveOne('src/main.ts', '@empty/thing', files, options), 'src/@empty/thing.ts');
    });

    it('resolves bare specifiers under baseUrl and leaves packages external', () => {
      const graph = graphOf(
        { 'src/main.ts': ['utils/date', 'react', 'node:fs', '@app/missing', 'lodash/fp'], 'src/utils/date.ts': [] },
        () => options,
      );
      assert.deepEqual(graph.importsOf('src/main.ts'), ['src/utils/date.ts']);
      assert.deepEqual(graph.unresolved('src/main.ts'), ['@app/missing', 'lodash/fp', 'node:fs', 'react']);
    });

    it('leaves every bare specifier external without options', () => {
      assert.equal(resolveOne('src/main.ts', 'utils/date', files), undefined);
      assert.equal(resolveOne('main.ts', 'utils/date', ['utils/date.ts']), undefined);
    });
  });

  describe('graph queries', () => {
    it('follows a cycle without reporting a file as its own importer', () => {
      const graph = graphOf({ 'a.ts': ['./b'], 'b.ts': ['./c'], 'c.ts': ['./a'] });
      assert.deepEqual(graph.importersOf('a.ts'), ['c.ts']);
      assert.deepEqual(graph.transitiveImportersOf('a.ts'), ['b.ts', 'c.ts']);
      assert.deepEqual(graph.transitiveImportersOf('b.ts'), ['a.ts', 'c.ts']);
      assert.deepEqual(['a.ts', 'b.ts', 'c.ts', 'd.ts'].map((file) => graph.transitiveImporterCount(file)), [2, 2, 2, 0]);
    });

    const DIAMOND = {
      'top.ts': ['./left', './right'],
      'left.ts': ['./bottom'],
      'right.ts': ['./bottom'],
      'bottom.ts': ['./leaf'],
      'leaf.ts': [],
      'unrelated.ts': ['./top'],
    };

    it('counts each importer of a diamond once', () => {
      const graph = graphOf(DIAMOND);
      assert.deepEqual(graph.importersOf('bottom.ts'), ['left.ts', 'right.ts']);
      assert.deepEqual(graph.transitiveImportersOf('leaf.ts'), ['bottom.ts', 'left.ts', 'right.ts', 'top.ts', 'unrelated.ts']);
      assert.deepEqual(graph.transitiveImportersOf('left.ts'), ['top.ts', 'unrelated.ts']);
      assert.deepEqual(graph.transitiveImportersOf('unrelated.ts'), []);
      // Counted without the lists, in any order of asking, the same.
      const counts = (files: string[]): number[] => files.map((file) => graphOf(DIAMOND).transitiveImporterCount(file));
      assert.deepEqual(counts(['leaf.ts', 'bottom.ts', 'left.ts', 'top.ts', 'unrelated.ts']), [5, 4, 2, 1, 0]);
      assert.deepEqual(['unrelated.ts', 'top.ts', 'left.ts', 'bottom.ts', 'leaf.ts'].map((file) => graph.transitiveImporterCount(file)), [0, 1, 2, 4, 5]);
      assert.deepEqual(graph.importsOf('top.ts'), ['left.ts', 'right.ts']);
      assert.equal(graph.edgeCount, 6);
    });

    it('merges specifiers that reach the same file and drops self-imports', () => {
      const graph = graphOf({ 'src/a.ts': ['./b', './b.js', '../src/b', './a', '.'], 'src/b.ts': [], 'src/index.ts': [] });
      assert.deepEqual(graph.importsOf('src/a.ts'), ['src/b.ts', 'src/index.ts']);
      assert.deepEqual(graph.importersOf('src/a.ts'), []);
      assert.equal(graph.edgeCount, 2);
    });

    it('answers with sorted, frozen lists, and empty ones for unknown paths', () => {
      const graph = graphOf({ 'z.ts': ['./m'], 'b.ts': ['./m', 'pkg', './gone', 'pkg'], 'm.ts': [] });
      assert.deepEqual(graph.files, ['b.ts', 'm.ts', 'z.ts']);
      assert.deepEqual(graph.importersOf('m.ts'), ['b.ts', 'z.ts']);
      assert.deepEqual(graph.unresolved('b.ts'), ['./gone', 'pkg']);
      assert.ok(Object.isFrozen(graph.importersOf('m.ts')));
      assert.ok(Object.isFrozen(graph.transitiveImportersOf('m.ts')));
      assert.strictEqual(graph.transitiveImportersOf('m.ts'), graph.transitiveImportersOf('m.ts'));
      assert.deepEqual(graph.importsOf('missing.ts'), []);
      assert.deepEqual(graph.importersOf('missing.ts'), []);
      assert.deepEqual(graph.transitiveImportersOf('missing.ts'), []);
      assert.deepEqual(graph.unresolved('missing.ts'), []);
    });

    it('builds from specifiers collected from source text', () => {
      const sources: Record<string, string> = {
        'src/index.ts': "export * from './api.js';\nimport type { Config } from './config';",
        'src/api.ts': "import { helper } from './util/helper';\nconst lazy = () => import('./util');",
        'src/util/helper.ts': "const fs = require('node:fs');",
        'src/util/index.ts': "export { helper } from './helper';",
        'src/config.ts': '',
      };
      const files = new Map(
        Object.entries(sources).map(([path, code]) => [
          path,
          collectModuleSpecifiers(ts.createSourceFile(path, code, ts.ScriptTarget.Latest)),
        ]),
      );
      const graph = buildImportGraph({ files });
      assert.deepEqual(graph.transitiveImportersOf('src/util/helper.ts'), ['src/api.ts', 'src/index.ts', 'src/util/index.ts']);
      assert.deepEqual(graph.importersOf('src/config.ts'), ['src/index.ts']);
      assert.deepEqual(graph.unresolved('src/util/helper.ts'), ['node:fs']);
    });
  });
});

describe('loadTsconfigResolution', () => {
  it('reads JSONC, follows relative extends and resolves paths against the effective baseUrl', () => {
    const resolution = loadTsconfigResolution(
      ['tsconfig.json'],
      reader({
        'tsconfig.json': `{
          // the app config
          "extends": "./config/tsconfig.base",
          "compilerOptions": {
            "paths": { "@/*": ["app/*", "shared/*"], },
          },
        }`,
        'config/tsconfig.base.json': '{ "compilerOptions": { "baseUrl": "../src", "paths": { "ignored/*": ["x/*"] } } }',
      }),
    );
    assert.deepEqual(resolution.problems, []);
    assert.deepEqual(resolution.configs.get('tsconfig.json'), {
      baseUrl: 'src',
      paths: [{ pattern: '@/*', targets: ['src/app/*', 'src/shared/*'] }],
    });
    const graph = graphOf(
      { 'src/main.ts': ['@/store', '@/theme', 'lib/log', 'ignored/y'], 'src/app/store.ts': [], 'src/shared/theme.ts': [], 'src/lib/log.ts': [], 'x/y.ts': [] },
      resolution.optionsFor,
    );
    assert.deepEqual(graph.importsOf('src/main.ts'), ['src/app/store.ts', 'src/lib/log.ts', 'src/shared/theme.ts']);
    assert.deepEqual(graph.unresolved('src/main.ts'), ['ignored/y']);
  });

  it('resolves paths without baseUrl against the config that declares them', () => {
    const resolution = loadTsconfigResolution(
      ['packages/web/tsconfig.json'],
      reader({
        'packages/web/tsconfig.json': '{ "extends": "../../tsconfig.base.json" }',
        'tsconfig.base.json': '{ "compilerOptions": { "paths": { "#shared/*": ["./shared/*"] } } }',
      }),
    );
    assert.deepEqual(resolution.configs.get('packages/web/tsconfig.json'), {
      paths: [{ pattern: '#shared/*', targets: ['shared/*'] }],
    });
  });

  it('lets later extends entries override earlier ones, and the extending config override all', () => {
    const resolution = loadTsconfigResolution(
      ['tsconfig.json'],
      reader({
        'tsconfig.json': '{ "extends": ["./a.json", "./b.json"], "compilerOptions": { "baseUrl": "./root" } }',
        'a.json': '{ "compilerOptions": { "baseUrl": "fromA", "paths": { "a/*": ["a/*"] } } }',
        'b.json': '{ "compilerOptions": { "baseUrl": "fromB", "paths": { "b/*": ["b/*"] } } }',
      }),
    );
    assert.deepEqual(resolution.configs.get('tsconfig.json'), { baseUrl: 'root', paths: [{ pattern: 'b/*', targets: ['root/b/*'] }] });
  });

  it('substitutes ${configDir} with the folder of the extending config', () => {
    const resolution = loadTsconfigResolution(
      ['packages/a/tsconfig.json'],
      reader({
        'packages/a/tsconfig.json': '{ "extends": "../../tsconfig.base.json" }',
        'tsconfig.base.json': '{ "compilerOptions": { "paths": { "@/*": ["${configDir}/src/*"] } } }',
      }),
    );
    assert.deepEqual(resolution.configs.get('packages/a/tsconfig.json'), { paths: [{ pattern: '@/*', targets: ['packages/a/src/*'] }] });
  });

  it('gives each file the nearest config, even one without paths', () => {
    const resolution = loadTsconfigResolution(
      [
        'tsconfig.json',
        'packages/a/tsconfig.json',
        'packages/plain/tsconfig.json',
        'packages/js/jsconfig.json',
        'packages/both/jsconfig.json',
        'packages/both/tsconfig.json',
        'packages/a/tsconfig.build.json',
      ],
      reader({
        'tsconfig.json': '{ "compilerOptions": { "paths": { "~/*": ["shared/*"] } } }',
        'packages/a/tsconfig.json': '{ "compilerOptions": { "paths": { "~/*": ["./src/*"] } } }',
        'packages/a/tsconfig.build.json': '{ "compilerOptions": { "paths": { "~/*": ["./build/*"] } } }',
        'packages/plain/tsconfig.json': '{ "compilerOptions": { "strict": true } }',
        'packages/js/jsconfig.json': '{ "compilerOptions": { "baseUrl": "." } }',
        'packages/both/jsconfig.json': '{ "compilerOptions": { "baseUrl": "js" } }',
        'packages/both/tsconfig.json': '{ "compilerOptions": { "baseUrl": "ts" } }',
      }),
    );
    const files = {
      'packages/a/src/deep/feature.ts': ['~/util'],
      'packages/a/src/util.ts': [],
      'packages/b/index.ts': ['~/util'],
      'shared/util.ts': [],
      'packages/plain/index.ts': ['~/util'],
      'packages/js/lib/main.js': ['lib/helper'],
      'packages/js/lib/helper.js': [],
      'packages/both/main.ts': ['x'],
      'packages/both/ts/x.ts': [],
      'packages/both/js/x.ts': [],
    };
    const graph = graphOf(files, resolution.optionsFor);
    assert.deepEqual(graph.importsOf('packages/a/src/deep/feature.ts'), ['packages/a/src/util.ts']);
    assert.deepEqual(graph.importsOf('packages/b/index.ts'), ['shared/util.ts']);
    assert.deepEqual(graph.importsOf('packages/plain/index.ts'), []);
    assert.deepEqual(graph.importsOf('packages/js/lib/main.js'), ['packages/js/lib/helper.js']);
    assert.deepEqual(graph.importsOf('packages/both/main.ts'), ['packages/both/ts/x.ts']);
    assert.deepEqual(graph.transitiveImportersOf('shared/util.ts'), ['packages/b/index.ts']);
    assert.equal(resolution.optionsFor('packages/a/src/x.ts'), resolution.optionsFor('packages/a/y.ts'));
    assert.equal(resolution.optionsFor('packages/a/y.ts'), resolution.configs.get('packages/a/tsconfig.json'));
    assert.equal(resolution.configs.has('packages/a/tsconfig.build.json'), false);
    assert.equal(loadTsconfigResolution(['packages/a/tsconfig.json'], reader({})).optionsFor('index.ts'), undefined);
  });

  it('reports what it cannot follow and keeps the rest', () => {
    const resolution = loadTsconfigResolution(
      ['tsconfig.json', 'missing/tsconfig.json', 'loop/tsconfig.json'],
      reader({
        'tsconfig.json': '{ "extends": ["@tsconfig/node20/tsconfig.json", "./absent.json"], "compilerOptions": { "baseUrl": "." } }',
        'loop/tsconfig.json': '{ "extends": "./other.json", "compilerOptions": { "baseUrl": "src" } }',
        'loop/other.json': '{ "extends": "./tsconfig.json", "compilerOptions": { "baseUrl": "lib" } }',
      }),
    );
    assert.deepEqual(resolution.problems, [
      { configPath: 'loop/other.json', message: 'extends "./tsconfig.json" forms a cycle; not followed' },
      { configPath: 'missing/tsconfig.json', message: 'cannot be read; ignored' },
      { configPath: 'tsconfig.json', message: 'extends "@tsconfig/node20/tsconfig.json" is not a relative path; not followed' },
      { configPath: 'tsconfig.json', message: 'extends "./absent.json": absent.json cannot be read' },
    ]);
    assert.deepEqual(resolution.configs.get('tsconfig.json'), { baseUrl: '' });
    assert.deepEqual(resolution.configs.get('loop/tsconfig.json'), { baseUrl: 'loop/src' });
    assert.deepEqual([...resolution.configs.keys()], ['loop/tsconfig.json', 'tsconfig.json']);
  });
});
