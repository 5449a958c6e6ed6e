import * as path from 'node:path';
import type { Rng } from './rng';
import type { SourceKind } from './syntheticCode';
import { NOUNS, VERBS, camel, pascal } from './syntheticCode';

/**
 * The plan of the synthetic repository's source files: which files there are, in which folders and
 * languages, who imports whom, and how likely each is to change.
 */

export interface PlannedFile {
  readonly path: string;
  readonly area: string;
  readonly kind: SourceKind;
  readonly mainExport: string;
  readonly typed: boolean;
  readonly jsx: boolean;
  readonly targetLines: number;
  /** Present from the first commit, or added by a later one. */
  readonly initial: boolean;
  imports: [string, string][];
  weight: number;
}

interface LayerPlan {
  readonly folder: string;
  readonly kind: SourceKind;
  readonly count: readonly [number, number];
}

const FEATURE_LAYERS: readonly LayerPlan[] = [
  { folder: 'components', kind: 'component', count: [2, 9] },
  { folder: 'hooks', kind: 'hook', count: [1, 5] },
  { folder: 'services', kind: 'service', count: [1, 4] },
  { folder: 'api', kind: 'api', count: [1, 3] },
  { folder: 'models', kind: 'model', count: [1, 4] },
  { folder: 'utils', kind: 'util', count: [1, 6] },
  { folder: 'store', kind: 'store', count: [0, 2] },
];

/** How likely a kind of file is to be hot: services and reducers attract change, tests and scripts less. */
const HOTNESS: Record<SourceKind, number> = { service: 1.6, store: 1.5, component: 1.3, api: 1.2, server: 1.1, util: 1, hook: 1, model: 0.7, test: 0.5, script: 0.4 };

function uniqueName(taken: Set<string>, make: () => string): string {
  for (let attempt = 0; attempt < 30; attempt++) {
    const name = make();
    if (!taken.has(name.toLowerCase())) {
      taken.add(name.toLowerCase());
      return name;
    }
  }
  const name = `${make()}${taken.size}`;
  taken.add(name.toLowerCase());
  return name;
}

/** [file name without extension, main export] for a new file of `kind` about `noun`. */
function nameFor(rng: Rng, kind: SourceKind, noun: string): [string, string] {
  const other = rng.chance(0.6) ? rng.pick(NOUNS) : '';
  switch (kind) {
    case 'component': {
      const name = pascal(noun, other, rng.pick(['List', 'Panel', 'Form', 'Dialog', 'Row', 'Header', 'Card', 'Summary', 'Chart', 'Table']));
      return [name, name];
    }
    case 'hook': {
      const name = `use${pascal(noun, other || rng.pick(VERBS))}`;
      return [name, name];
    }
    case 'service':
      return [camel(noun, pascal(other), 'Service'), pascal(noun, other, 'Service')];
    case 'api':
      return [camel(noun, pascal(other), 'Api'), camel('fetch', pascal(noun, other))];
    case 'model':
      return [camel(noun, pascal(other)), camel('create', pascal(noun, other))];
    case 'store':
      return [camel(noun, pascal(other), 'Slice'), camel(noun, pascal(other), 'Reducer')];
    case 'server': {
      const suffix = rng.pick(['Handler', 'Route', 'Job', 'Repository', 'Middleware']);
      return [camel(noun, pascal(other), suffix), camel(rng.pick(VERBS), pascal(noun), suffix)];
    }
    case 'script': {
      const verb = rng.pick(VERBS);
      return [`${verb}-${noun}${other ? `-${other}` : ''}`, camel(verb, pascal(noun, other))];
    }
    default: {
      const name = camel(rng.pick(VERBS), pascal(noun, other));
      return [name, name];
    }
  }
}

export function relativeSpecifier(from: string, to: string): string {
  const target = to.replace(/\.[^./]+$/, '');
  const relative = path.posix.relative(path.posix.dirname(from), target);
  return relative.startsWith('.') ? relative : `./${relative}`;
}

export function planSources(rng: Rng): PlannedFile[] {
  const planned: PlannedFile[] = [];
  const add = (folder: string, area: string, kind: SourceKind, ext: string, taken: Set<string>, noun: string, initial = rng.chance(0.78)): PlannedFile => {
    let mainExport = '';
    const fileName = uniqueName(taken, () => {
      const [name, exported] = nameFor(rng, kind, noun);
      mainExport = exported;
      return name;
    });
    const typed = /^\.[cm]?tsx?$/.test(ext);
    const file: PlannedFile = {
      path: `${folder}/${fileName}${ext}`,
      area,
      kind,
      mainExport: mainExport || camel('main', pascal(noun)),
      typed,
      jsx: ext.endsWith('x'),
      targetLines: rng.skewed(50, 600, 2.5),
      initial,
      imports: [],
      weight: 0,
    };
    planned.push(file);
    return file;
  };

  const features = new Set<string>();
  while (features.size < 80) {
    features.add(features.size < 40 ? rng.pick(NOUNS) : `${rng.pick(NOUNS)}-${rng.pick(NOUNS)}`);
  }
  for (const feature of features) {
    const area = `src/features/${feature}`;
    const legacy = rng.chance(0.1);
    const noun = feature.split('-')[0] ?? feature;
    const subjects: PlannedFile[] = [];
    for (const layer of FEATURE_LAYERS) {
      const taken = new Set<string>();
      const count = rng.int(layer.count[0], layer.count[1]);
      for (let i = 0; i < count; i++) {
        const ext = layer.kind === 'component' ? (legacy ? '.jsx' : '.tsx') : legacy ? '.js' : '.ts';
        const file = add(`${area}/${layer.folder}`, area, layer.kind, ext, taken, rng.chance(0.6) ? noun : rng.pick(NOUNS));
        if (layer.kind === 'service' || layer.kind === 'util' || layer.kind === 'store') {
          subjects.push(file);
        }
      }
    }
    const tests = new Set<string>();
    for (const subject of subjects) {
      if (rng.chance(0.45)) {
        const base = path.posix.basename(subject.path).replace(/\.[^.]+$/, '');
        const ext = legacy ? '.test.js' : '.test.ts';
        tests.add(base);
        planned.push({
          path: `${area}/__tests__/${base}${ext}`,
          area,
          kind: 'test',
          mainExport: subject.mainExport,
          typed: !legacy,
          jsx: false,
          targetLines: rng.skewed(50, 400, 2),
          initial: subject.initial,
          imports: [[subject.mainExport, relativeSpecifier(`${area}/__tests__/x.ts`, subject.path)]],
          weight: 0,
        });
      }
    }
  }
  const sharedLayers: readonly [string, SourceKind, number][] = [['components', 'component', 15], ['hooks', 'hook', 10], ['utils', 'util', 30], ['models', 'model', 15]];
  for (const [folder, kind, count] of sharedLayers) {
    const taken = new Set<string>();
    for (let i = 0; i < count; i++) {
      add(`src/shared/${folder}`, 'src/shared', kind, kind === 'component' ? '.tsx' : '.ts', taken, rng.pick(NOUNS));
    }
  }
  for (const subsystem of ['http', 'auth', 'telemetry', 'storage', 'i18n']) {
    const taken = new Set<string>();
    const count = rng.int(8, 15);
    for (let i = 0; i < count; i++) {
      const ext = rng.weighted<string>([['.ts', 85], ['.mts', 10], ['.cts', 5]]);
      add(`src/platform/${subsystem}`, `src/platform/${subsystem}`, rng.chance(0.4) ? 'service' : 'util', ext, taken, rng.pick(NOUNS));
    }
  }
  for (const folder of ['routes', 'handlers', 'db', 'jobs', 'middleware']) {
    const taken = new Set<string>();
    const count = rng.int(25, 35);
    for (let i = 0; i < count; i++) {
      const ext = rng.weighted<string>([['.js', 80], ['.mjs', 10], ['.cjs', 10]]);
      add(`server/src/${folder}`, `server/src/${folder}`, 'server', ext, taken, rng.pick(NOUNS));
    }
  }
  const scripts = new Set<string>();
  for (let i = 0; i < 10; i++) {
    add('scripts', 'scripts', 'script', '.mjs', scripts, rng.pick(NOUNS), true);
  }
  const configs = new Set<string>();
  for (let i = 0; i < 6; i++) {
    add('config', 'config', 'script', '.cjs', configs, rng.pick(NOUNS), true);
  }

  // Imports: siblings mostly, a neighbour folder of the same area sometimes, shared code now and then.
  const byFolder = new Map<string, PlannedFile[]>();
  const byArea = new Map<string, PlannedFile[]>();
  for (const file of planned) {
    const folder = path.posix.dirname(file.path);
    byFolder.set(folder, [...(byFolder.get(folder) ?? []), file]);
    byArea.set(file.area, [...(byArea.get(file.area) ?? []), file]);
  }
  const shared = byArea.get('src/shared') ?? [];
  for (const file of planned) {
    if (file.kind === 'test') {
      continue;
    }
    const candidates = [
      ...Array.from({ length: rng.int(0, 3) }, () => rng.pick(byFolder.get(path.posix.dirname(file.path)) ?? [file])),
      ...Array.from({ length: rng.int(0, 2) }, () => rng.pick(byArea.get(file.area) ?? [file])),
      ...(file.path.startsWith('src/') && rng.chance(0.4) ? [rng.pick(shared)] : []),
    ];
    const seen = new Set<string>([file.mainExport]);
    for (const target of candidates) {
      if (target !== file && target.kind !== 'test' && !seen.has(target.mainExport)) {
        seen.add(target.mainExport);
        file.imports.push([target.mainExport, relativeSpecifier(file.path, target.path)]);
      }
    }
  }

  // Hotness: a power law over a ranking that favours big files of the kinds that attract change.
  const ranked = planned.map((file) => ({ file, score: rng.next() * HOTNESS[file.kind] * (0.5 + file.targetLines / 600) }));
  ranked.sort((a, b) => b.score - a.score);
  ranked.forEach(({ file }, rank) => {
    file.weight = 1 / Math.pow(rank + 40, 1.3);
  });
  return planned;
}
