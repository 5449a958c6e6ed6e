import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Writable } from 'node:stream';
import { childEnv, gitOutput, runChild } from './processes';
import { Rng } from './rng';
import type { Dependency } from './syntheticAssets';
import { bumpDependency, createDependencies, generatedTypes, minifiedBundle, renderLockFile, renderPackageJson } from './syntheticAssets';
import type { SourceFile, SourceKind } from './syntheticCode';
import { NOUNS, VERBS, camel, createSource, editSource, pascal, renderSource, sweepSource } from './syntheticCode';

/**
 * The large synthetic repository the benchmark scans when it is given none: ~2,000 TS/JS files and
 * ~10,000 non-merge commits over 24 months, written with one `git fast-import` stream.
 *
 * Content is deterministic for a seed; commit dates are laid out backwards from an anchor day (the
 * day it was generated), so a 12-month window always covers about half of the history. The cache is
 * reused until the anchor is older than {@link MAX_AGE_DAYS}, after which the window would start to
 * lose commits and the figures would drift.
 */

/** Bump when the generator changes, so old caches are not mistaken for the new shape. */
const VERSION = 'synthetic-v1';
const SEED = 0x5eed_2024;
const DAY = 86_400;
const HISTORY_DAYS = 730;
const NON_MERGE_COMMITS = 10_000;
const MAX_AGE_DAYS = 30;
const MARKER = 'complete.json';
const PR_REF = 'refs/heads/pr-branch';

export interface SyntheticRepoInfo {
  /** The work tree. */
  readonly path: string;
  /** ISO date of the day the history ends. */
  readonly anchor: string;
  readonly nonMergeCommits: number;
  readonly mergeCommits: number;
  readonly trackedFiles: number;
  readonly generationSeconds: number;
  readonly reused: boolean;
}

interface Marker {
  readonly version: string;
  readonly seed: number;
  readonly anchorEpoch: number;
  readonly nonMergeCommits: number;
  readonly mergeCommits: number;
  readonly trackedFiles: number;
  readonly generationSeconds: number;
}

/**
 * Returns the synthetic repository under `<projectRoot>/.cache/bench/synthetic-v1/repo`, generating
 * it first when there is no complete one (the marker file is written last) or it is too old.
 */
export async function ensureSyntheticRepo(projectRoot: string, options: { readonly regenerate: boolean; readonly log: (line: string) => void }): Promise<SyntheticRepoInfo> {
  const folder = path.join(projectRoot, '.cache', 'bench', VERSION);
  const repo = path.join(folder, 'repo');
  const markerPath = path.join(folder, MARKER);
  const now = Math.floor(Date.now() / 1000);
  const marker = readMarker(markerPath);
  if (!options.regenerate && marker !== undefined && now - marker.anchorEpoch < MAX_AGE_DAYS * DAY && existsSync(path.join(repo, '.git'))) {
    return { path: repo, anchor: isoDay(marker.anchorEpoch), nonMergeCommits: marker.nonMergeCommits, mergeCommits: marker.mergeCommits, trackedFiles: marker.trackedFiles, generationSeconds: marker.generationSeconds, reused: true };
  }
  if (marker !== undefined && !options.regenerate) {
    options.log(`synthetic repo: the cached one ends ${isoDay(marker.anchorEpoch)}, more than ${MAX_AGE_DAYS} days ago; regenerating`);
  }

  const started = performance.now();
  rmSync(folder, { recursive: true, force: true });
  mkdirSync(repo, { recursive: true });
  await runChild('git', ['init', '-q', '-b', 'main', repo], { stdout: 'ignore' });
  await runChild('git', ['config', 'gc.auto', '0'], { cwd: repo, stdout: 'ignore' });
  const anchorEpoch = Math.floor(now / DAY) * DAY;
  const counts = await writeHistory(repo, anchorEpoch, options.log);
  await runChild('git', ['update-ref', '-d', PR_REF], { cwd: repo, stdout: 'ignore' });
  // fast-import stores most blobs whole (it only deltas against the previous blob, another file);
  // a cloned repository is delta-compressed, and git log reads such a pack differently.
  options.log('synthetic repo: repacking with deltas, as a clone would be');
  await runChild('git', ['repack', '-a', '-d', '-f', '-q'], { cwd: repo, stdout: 'ignore' });
  options.log('synthetic repo: checking out the work tree');
  await runChild('git', ['reset', '-q', '--hard', 'main'], { cwd: repo, stdout: 'ignore' });
  const trackedFiles = (await gitOutput(repo, ['ls-files', '-z'])).split('\0').filter((name) => name !== '').length;
  const generationSeconds = Math.round((performance.now() - started) / 100) / 10;
  const result: Marker = { version: VERSION, seed: SEED, anchorEpoch, ...counts, trackedFiles, generationSeconds };
  writeFileSync(markerPath, `${JSON.stringify(result, undefined, 2)}\n`);
  return { path: repo, anchor: isoDay(anchorEpoch), ...counts, trackedFiles, generationSeconds, reused: false };
}

function readMarker(file: string): Marker | undefined {
  try {
    const marker = JSON.parse(readFileSync(file, 'utf8')) as Partial<Marker>;
    return marker.version === VERSION && marker.seed === SEED && typeof marker.anchorEpoch === 'number' ? (marker as Marker) : undefined;
  } catch {
    return undefined;
  }
}

function isoDay(epochSeconds: number): string {
  return new Date(epochSeconds * 1000).toISOString().slice(0, 10);
}

// ---------------------------------------------------------------------------------------------
// The plan of source files

interface PlannedFile {
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

function relativeSpecifier(from: string, to: string): string {
  const target = to.replace(/\.[^./]+$/, '');
  const relative = path.posix.relative(path.posix.dirname(from), target);
  return relative.startsWith('.') ? relative : `./${relative}`;
}

function planSources(rng: Rng): PlannedFile[] {
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

// ---------------------------------------------------------------------------------------------
// People

interface Author {
  readonly name: string;
  readonly emails: readonly string[];
  readonly tz: string;
  readonly homeAreas: readonly string[];
}

const PEOPLE = [
  'Alice Johnson', 'Bob Smith', 'Chen Wei', 'Dana Kowalski', 'Emeka Obi', 'Fatima Zahra', 'George Miller', 'Hana Sato',
  'Ivan Petrov', 'José Álvarez', 'Kim Nguyen', 'Lena Müller', 'Marco Rossi', 'Nadia Haddad', 'Oscar Lindqvist',
  'Priya Raman', 'Quentin Dubois', 'Rosa Martínez', 'Sam Taylor', 'Tomasz Wiśniewski', 'Uma Patel', 'Victor Hugo Silva',
  'Wen Li', 'Yusuf Demir', 'Zoë van Dijk',
];
const TIMEZONES = ['+0000', '+0100', '+0200', '-0500', '-0800', '+0530', '+0900', '-0300', '+0800'];
const BOT: Author = { name: 'dependabot[bot]', emails: ['49699333+dependabot[bot]@users.noreply.github.com'], tz: '+0000', homeAreas: [] };

function createAuthors(rng: Rng, areas: readonly string[]): Author[] {
  return PEOPLE.map((name, i) => {
    const handle = name
      .normalize('NFD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/[^a-z ]/g, '')
      .replace(/ /g, '.');
    // A few people commit from two addresses, as people do.
    const emails = i % 6 === 2 ? [`${handle}@acme.io`, `${handle.split('.')[0] ?? handle}@users.noreply.github.com`] : [`${handle}@acme.io`];
    const homeAreas = i % 8 === 7 ? [] : Array.from({ length: rng.int(2, 4) }, () => rng.pick(areas));
    return { name, emails, tz: rng.pick(TIMEZONES), homeAreas };
  });
}

// ---------------------------------------------------------------------------------------------
// The history

interface Entry {
  path: string;
  readonly area: string;
  readonly weight: number;
  /** Hand-written code, edited statement by statement; assets carry their text instead. */
  readonly source?: SourceFile;
  text?: string;
  /** fast-import mark of the blob holding the current content. */
  mark: number;
}

/** Weighted sampling over a changing set of keys; the cumulative table is rebuilt lazily. */
class WeightedPool {
  private readonly weights = new Map<string, number>();
  private keys: string[] = [];
  private cumulative = new Float64Array(0);
  private dirty = true;

  set(key: string, weight: number): void {
    this.weights.set(key, weight);
    this.dirty = true;
  }

  delete(key: string): void {
    this.dirty = this.weights.delete(key) || this.dirty;
  }

  sample(rng: Rng): string {
    if (this.dirty) {
      this.keys = [...this.weights.keys()];
      this.cumulative = new Float64Array(this.keys.length);
      let total = 0;
      this.keys.forEach((key, i) => {
        total += this.weights.get(key) ?? 0;
        this.cumulative[i] = total;
      });
      this.dirty = false;
    }
    const roll = rng.next() * (this.cumulative[this.cumulative.length - 1] ?? 0);
    let low = 0;
    let high = this.cumulative.length - 1;
    while (low < high) {
      const mid = (low + high) >> 1;
      if ((this.cumulative[mid] ?? 0) <= roll) {
        low = mid + 1;
      } else {
        high = mid;
      }
    }
    return this.keys[low] as string;
  }
}

type CommitKind = 'normal' | 'newFile' | 'delete' | 'rename' | 'dependabot' | 'build' | 'docs' | 'generated' | 'config';

const COMMIT_KINDS: readonly (readonly [CommitKind, number])[] = [
  ['normal', 840],
  ['newFile', 38],
  ['delete', 9],
  ['rename', 4],
  ['dependabot', 25],
  ['build', 6],
  ['docs', 15],
  ['generated', 4],
  ['config', 5],
];

type HugeKind = 'sweep' | 'addModule' | 'moveFeature' | 'vendor';

interface PullRequest {
  readonly number: number;
  readonly author: Author;
  readonly branch: string;
  remaining: number;
  readonly changed: Set<string>;
  readonly deleted: Set<string>;
}

class HistoryWriter {
  private readonly rng = new Rng(SEED);
  private readonly live = new Map<string, Entry>();
  private readonly pool = new WeightedPool();
  private readonly areaFiles = new Map<string, Set<string>>();
  private readonly later: PlannedFile[];
  private readonly initialFiles: PlannedFile[];
  private readonly authors: Author[];
  private readonly authorWeights: (readonly [Author, number])[];
  private readonly dependencies: Dependency[];
  private mark = 0;
  private mainTip = 0;
  private pr: PullRequest | undefined;
  private prNumber = 100;
  private sweeps = 0;
  private pending: string[] = [];
  private pendingBytes = 0;
  streamedBytes = 0;
  merges = 0;

  constructor(private readonly anchorEpoch: number) {
    const planned = planSources(this.rng);
    this.initialFiles = planned.filter((file) => file.initial);
    this.later = this.rng.shuffle(planned.filter((file) => !file.initial));
    const areas = [...new Set(planned.map((file) => file.area))];
    this.authors = createAuthors(this.rng, areas);
    this.authorWeights = this.authors.map((author, i) => [author, 1 / Math.pow(i + 1, 0.8)] as const);
    this.dependencies = createDependencies(this.rng, 420);
  }

  /** Writes the whole history to `out` (fast-import's stdin); returns the commit counts. */
  async write(out: Writable, log: (line: string) => void): Promise<{ nonMergeCommits: number; mergeCommits: number }> {
    const times = this.commitTimes();
    const huge = this.hugeCommitSlots();
    const started = performance.now();
    this.initialCommit(times[0] as number);
    await this.flush(out);
    for (let i = 1; i < NON_MERGE_COMMITS; i++) {
      const time = times[i] as number;
      const hugeKind = huge.get(i);
      if (hugeKind !== undefined) {
        this.hugeCommit(hugeKind, time);
      } else {
        this.regularCommit(this.rng.weighted(COMMIT_KINDS), time, times[i + 1] ?? time + 3600);
      }
      if (i % 1000 === 0) {
        log(`synthetic repo: ${i}/${NON_MERGE_COMMITS} commits, ${Math.round(this.streamedBytes / 1e6)} MB streamed, ${((performance.now() - started) / 1000).toFixed(1)} s`);
      }
      await this.flush(out);
    }
    if (this.pr !== undefined) {
      this.mergePullRequest((times[NON_MERGE_COMMITS - 1] as number) + 600);
    }
    this.pending.push('done\n');
    await this.flush(out);
    return { nonMergeCommits: NON_MERGE_COMMITS, mergeCommits: this.merges };
  }

  /** Sorted commit times over the 24 months before the anchor, mostly on weekdays and in office hours. */
  private commitTimes(): number[] {
    const start = this.anchorEpoch - HISTORY_DAYS * DAY;
    const times: number[] = [];
    while (times.length < NON_MERGE_COMMITS - 1) {
      const day = Math.floor(this.rng.next() * (HISTORY_DAYS - 1)) + 1;
      const weekday = new Date((start + day * DAY) * 1000).getUTCDay();
      if ((weekday === 0 || weekday === 6) && !this.rng.chance(0.15)) {
        continue;
      }
      const hour = Math.min(23, Math.max(0, Math.round(13 + (this.rng.next() + this.rng.next() + this.rng.next() - 1.5) * 6)));
      times.push(start + day * DAY + hour * 3600 + this.rng.int(0, 3599));
    }
    times.sort((a, b) => a - b);
    return [start + 10 * 3600, ...times.map((t) => Math.min(t, this.anchorEpoch - 3600))];
  }

  private hugeCommitSlots(): Map<number, HugeKind> {
    const kinds: HugeKind[] = ['sweep', 'sweep', 'sweep', 'addModule', 'addModule', 'moveFeature', 'vendor', 'vendor'];
    const slots = new Map<number, HugeKind>();
    for (const kind of kinds) {
      let slot = this.rng.int(200, NON_MERGE_COMMITS - 50);
      while (slots.has(slot)) {
        slot += 1;
      }
      slots.set(slot, kind);
    }
    return slots;
  }

  // --- stream output ---------------------------------------------------------------------------

  private async flush(out: Writable): Promise<void> {
    if (this.pending.length === 0) {
      return;
    }
    const chunk = this.pending.join('');
    this.pending = [];
    this.streamedBytes += this.pendingBytes;
    this.pendingBytes = 0;
    if (!out.write(chunk)) {
      await once(out, 'drain');
    }
  }

  private emit(text: string): void {
    this.pending.push(text);
    this.pendingBytes += text.length;
  }

  private emitData(text: string): void {
    this.emit(`data ${Buffer.byteLength(text)}\n${text}\n`);
  }

  /** Writes the entry's current content as a blob and remembers its mark. */
  private store(entry: Entry): void {
    this.mark += 1;
    entry.mark = this.mark;
    this.emit(`blob\nmark :${this.mark}\n`);
    this.emitData(entry.source !== undefined ? renderSource(entry.source) : (entry.text ?? ''));
  }

  private commit(options: { ref: string; author: Author; email?: string; time: number; message: string; from?: number; merge?: number; committer?: string; changes: readonly string[] }): number {
    this.mark += 1;
    const email = options.email ?? options.author.emails[0];
    this.emit(`commit ${options.ref}\nmark :${this.mark}\n`);
    this.emit(`author ${options.author.name} <${email}> ${options.time} ${options.author.tz}\n`);
    this.emit(`committer ${options.committer ?? `${options.author.name} <${email}>`} ${options.time + this.rng.int(0, 120)} ${options.author.tz}\n`);
    this.emitData(options.message);
    if (options.from !== undefined) {
      this.emit(`from :${options.from}\n`);
    }
    if (options.merge !== undefined) {
      this.emit(`merge :${options.merge}\n`);
    }
    for (const change of options.changes) {
      this.emit(`${change}\n`);
    }
    return this.mark;
  }

  // --- the set of live files ---------------------------------------------------------------------

  private addEntry(entry: Entry): void {
    this.live.set(entry.path, entry);
    if (entry.weight > 0) {
      this.pool.set(entry.path, entry.weight);
    }
    let files = this.areaFiles.get(entry.area);
    if (files === undefined) {
      files = new Set();
      this.areaFiles.set(entry.area, files);
    }
    files.add(entry.path);
  }

  private removeEntry(entry: Entry): void {
    this.live.delete(entry.path);
    this.pool.delete(entry.path);
    this.areaFiles.get(entry.area)?.delete(entry.path);
  }

  private sourceEntry(file: PlannedFile): Entry {
    const source = createSource(this.rng, { ...file, imports: file.imports });
    return { path: file.path, area: file.area, weight: file.weight, source, mark: 0 };
  }

  private hotFile(author: Author): Entry {
    for (let attempt = 0; attempt < 6; attempt++) {
      const entry = this.live.get(this.pool.sample(this.rng)) as Entry;
      if (author.homeAreas.length === 0 || author.homeAreas.includes(entry.area) || attempt === 5 || !this.rng.chance(0.65)) {
        return entry;
      }
    }
    return this.live.get(this.pool.sample(this.rng)) as Entry;
  }

  private neighbour(entry: Entry): Entry {
    const siblings = [...(this.areaFiles.get(entry.area) ?? [])]
      .map((p) => this.live.get(p) as Entry)
      .filter((e) => e.source !== undefined);
    if (siblings.length === 0 || !this.rng.chance(0.7)) {
      return this.live.get(this.pool.sample(this.rng)) as Entry;
    }
    return this.rng.weighted(siblings.map((e) => [e, e.weight + 1e-4] as const));
  }

  private randomSource(): Entry {
    const sources = [...this.live.values()].filter((entry) => entry.source !== undefined && entry.weight > 0);
    return this.rng.pick(sources);
  }

  // --- commits -------------------------------------------------------------------------------------

  private initialCommit(time: number): void {
    const changes: string[] = [];
    const assets: Entry[] = [
      { path: 'package.json', area: '.', weight: 0, text: renderPackageJson(this.dependencies, 40), mark: 0 },
      { path: 'package-lock.json', area: '.', weight: 0, text: renderLockFile(this.dependencies), mark: 0 },
      { path: 'README.md', area: 'docs', weight: 0, text: '# acme-web\n\nThe Acme customer portal.\n', mark: 0 },
      { path: 'tsconfig.json', area: '.', weight: 0, text: '{\n  "compilerOptions": {\n    "strict": true,\n    "jsx": "react-jsx"\n  }\n}\n', mark: 0 },
      { path: '.github/workflows/ci.yml', area: '.', weight: 0, text: 'name: ci\non: [push]\njobs:\n  test:\n    runs-on: ubuntu-latest\n', mark: 0 },
      { path: 'dist/app.min.js', area: 'dist', weight: 0, text: minifiedBundle(this.rng, 150_000), mark: 0 },
      { path: 'dist/vendor.min.js', area: 'dist', weight: 0, text: minifiedBundle(this.rng, 90_000), mark: 0 },
      { path: 'src/generated/graphql.ts', area: 'src/generated', weight: 0, text: generatedTypes(this.rng, 260), mark: 0 },
      ...['getting-started', 'architecture', 'deployment', 'api'].map((name): Entry => ({ path: `docs/${name}.md`, area: 'docs', weight: 0, text: `# ${pascal(name)}\n`, mark: 0 })),
    ];
    for (const name of ['chart-lite/chart', 'chart-lite/scales', 'chart-lite/legend', 'date-fns-lite/format', 'date-fns-lite/parse']) {
      const source = createSource(this.rng, { path: `vendor/${name}.js`, kind: 'util', typed: false, jsx: false, mainExport: camel('vendor', pascal(name.split('/')[1] ?? name)), imports: [], targetLines: this.rng.int(800, 1600) });
      assets.push({ path: source.path, area: 'vendor', weight: 0, source, mark: 0 });
    }
    for (const entry of [...assets, ...this.initialFiles.map((file) => this.sourceEntry(file))]) {
      this.addEntry(entry);
      this.store(entry);
      changes.push(`M 100644 :${entry.mark} ${entry.path}`);
    }
    this.mainTip = this.commit({ ref: 'refs/heads/main', author: this.authors[0] as Author, time, message: 'Initial import from the old monorepo\n', changes });
  }

  private pickAuthor(): Author {
    return this.rng.weighted(this.authorWeights);
  }

  private ticket(time: number): string {
    const progress = (time - (this.anchorEpoch - HISTORY_DAYS * DAY)) / (HISTORY_DAYS * DAY);
    return `PROJ-${Math.max(1, Math.round(progress * 2400) + this.rng.int(-150, 40))}`;
  }

  private message(kind: CommitKind, entry: Entry | undefined, time: number): string {
    const noun = entry !== undefined ? path.posix.basename(entry.path).replace(/\..*$/, '') : this.rng.pick(NOUNS);
    const scope = entry?.area.split('/').pop() ?? 'app';
    const ticket = this.ticket(time);
    let subject: string;
    switch (kind) {
      case 'newFile':
        subject = `${ticket}: Add ${noun}`;
        break;
      case 'delete':
        subject = `chore: remove unused ${noun}`;
        break;
      case 'docs':
        subject = `docs: ${this.rng.pick(['clarify', 'update', 'fix typos in'])} ${this.rng.pick(['setup', 'deployment', 'API', 'architecture'])} notes`;
        break;
      case 'build':
        return 'build: update bundle\n';
      case 'generated':
        return `chore: regenerate graphql types (${ticket})\n`;
      case 'config':
        return `ci: ${this.rng.pick(['bump node version', 'cache dependencies', 'tighten tsconfig', 'split test job'])}\n`;
      default: {
        const roll = this.rng.next();
        subject =
          roll < 0.35
            ? `${ticket}: ${this.rng.pick(['Fix', 'Handle', 'Guard against'])} ${this.rng.pick(['empty', 'stale', 'duplicate', 'missing', 'invalid'])} ${this.rng.pick(NOUNS)} in ${noun}`
            : roll < 0.6
              ? `fix(${scope}): ${this.rng.pick(VERBS)} ${this.rng.pick(NOUNS)}s when ${this.rng.pick(['offline', 'paging', 'retrying', 'the cache is cold', 'the user has no role'])} (#${this.rng.int(1, this.prNumber)})`
              : roll < 0.8
                ? `feat(${scope}): ${this.rng.pick(VERBS)} ${this.rng.pick(NOUNS)} ${this.rng.pick(NOUNS)}s`
                : roll < 0.9
                  ? `refactor: simplify ${noun}`
                  : `${this.rng.pick(['perf', 'test', 'chore', 'style'])}: ${this.rng.pick(VERBS)} ${noun}`;
      }
    }
    if (!this.rng.chance(0.4)) {
      return `${subject}\n`;
    }
    const body = [`The ${this.rng.pick(NOUNS)} ${this.rng.pick(['list', 'total', 'cache', 'request'])} was ${this.rng.pick(['recomputed on every render', 'never invalidated', 'off by one', 'dropped on retry'])}.`];
    if (this.rng.chance(0.5)) {
      body.push('', `Refs #${this.rng.int(1, this.prNumber)}`);
    }
    if (this.rng.chance(0.3)) {
      body.push(`Closes ${this.ticket(time)}`);
    }
    if (this.rng.chance(0.1)) {
      const co = this.pickAuthor();
      body.push('', `Co-authored-by: ${co.name} <${co.emails[0]}>`);
    }
    return `${subject}\n\n${body.join('\n')}\n`;
  }

  /** A commit on main or on the open pull request's branch, merging the request when it is complete. */
  private regularCommit(kind: CommitKind, time: number, nextTime: number): void {
    if (this.pr === undefined && (kind === 'dependabot' || this.rng.chance(0.3))) {
      this.prNumber += this.rng.int(1, 4);
      const author = kind === 'dependabot' ? BOT : this.pickAuthor();
      this.pr = {
        number: this.prNumber,
        author,
        branch: kind === 'dependabot' ? `dependabot/npm_and_yarn/bump-${this.prNumber}` : `feature/${this.ticket(time)}-${this.rng.pick(NOUNS)}`,
        remaining: kind === 'dependabot' ? 1 : this.rng.weighted<number>([[1, 5], [2, 3], [3, 2], [4, 1]]),
        changed: new Set(),
        deleted: new Set(),
      };
    }
    if (kind === 'dependabot' && this.pr?.author !== BOT) {
      kind = 'normal';
    }
    const author = this.pr?.author ?? this.pickAuthor();
    const email = author.emails.length > 1 && this.rng.chance(0.3) ? author.emails[1] : undefined;
    const { changes, message } = this.applyChange(kind, author, time);
    if (this.pr === undefined) {
      this.mainTip = this.commit({ ref: 'refs/heads/main', author, email, time, message, changes });
      return;
    }
    const pr = this.pr;
    const first = pr.changed.size === 0 && pr.deleted.size === 0;
    for (const change of changes) {
      const target = change.slice(change.lastIndexOf(' ') + 1);
      if (change.startsWith('D ')) {
        pr.deleted.add(target);
        pr.changed.delete(target);
      } else {
        pr.changed.add(target);
      }
    }
    const tip = this.commit({ ref: PR_REF, author, email, time, message, from: first ? this.mainTip : undefined, changes });
    pr.remaining -= 1;
    if (pr.remaining === 0) {
      this.mergePullRequest(Math.min(time + this.rng.int(300, 7200), Math.max(time + 60, nextTime - 30)), tip, message.split('\n')[0] ?? '');
    }
  }

  /** A no-fast-forward merge of the open pull request into main, as a hosting site's merge button makes. */
  private mergePullRequest(time: number, tip = this.mark, title = ''): void {
    const pr = this.pr;
    if (pr === undefined) {
      return;
    }
    this.pr = undefined;
    const changes: string[] = [];
    for (const deleted of pr.deleted) {
      changes.push(`D ${deleted}`);
    }
    for (const changed of pr.changed) {
      const entry = this.live.get(changed);
      if (entry !== undefined) {
        changes.push(`M 100644 :${entry.mark} ${changed}`);
      }
    }
    const merger = this.authors[this.rng.int(0, 2)] as Author;
    this.mainTip = this.commit({
      ref: 'refs/heads/main',
      author: merger,
      time,
      committer: 'GitHub <noreply@github.com>',
      message: `Merge pull request #${pr.number} from acme/${pr.branch}\n\n${title}\n`,
      from: this.mainTip,
      merge: tip,
      changes,
    });
    this.merges += 1;
  }

  private modify(entry: Entry, changes: string[]): void {
    if (entry.source !== undefined) {
      editSource(this.rng, entry.source);
    }
    this.store(entry);
    changes.push(`M 100644 :${entry.mark} ${entry.path}`);
  }

  private applyChange(kind: CommitKind, author: Author, time: number): { changes: string[]; message: string } {
    const changes: string[] = [];
    switch (kind) {
      case 'newFile': {
        const planned = this.later.pop();
        if (planned === undefined) {
          break;
        }
        const entry = this.sourceEntry(planned);
        this.addEntry(entry);
        this.store(entry);
        changes.push(`M 100644 :${entry.mark} ${entry.path}`);
        for (let i = this.rng.int(0, 2); i > 0; i--) {
          const sibling = this.neighbour(entry);
          const specifier = relativeSpecifier(sibling.path, entry.path);
          const header = sibling.source?.header;
          if (planned.kind !== 'test' && header !== undefined && !sibling.path.endsWith('.cjs') && !header.some((line) => line.endsWith(` from '${specifier}';`))) {
            header.push(`import { ${planned.mainExport} } from '${specifier}';`);
            this.modify(sibling, changes);
          }
        }
        return { changes: dedupe(changes), message: this.message(kind, entry, time) };
      }
      case 'delete': {
        const entry = this.randomSource();
        this.removeEntry(entry);
        changes.push(`D ${entry.path}`);
        return { changes, message: this.message(kind, entry, time) };
      }
      case 'rename': {
        const entry = this.randomSource();
        const from = entry.path;
        const ext = from.slice(from.indexOf('.', from.lastIndexOf('/')));
        const to = `${path.posix.dirname(from)}/${camel(this.rng.pick(VERBS), pascal(this.rng.pick(NOUNS)))}${ext}`;
        if (this.live.has(to)) {
          break;
        }
        this.removeEntry(entry);
        entry.path = to;
        if (entry.source !== undefined) {
          entry.source.path = to;
        }
        this.addEntry(entry);
        changes.push(`D ${from}`);
        if (this.rng.chance(0.5)) {
          this.modify(entry, changes);
        } else {
          changes.push(`M 100644 :${entry.mark} ${to}`);
        }
        return { changes, message: `refactor: rename ${path.posix.basename(from)} to ${path.posix.basename(to)}\n` };
      }
      case 'dependabot': {
        const dependency = this.rng.pick(this.dependencies.slice(0, 40));
        const [from, to] = bumpDependency(this.rng, dependency);
        for (const [file, text] of [
          ['package.json', renderPackageJson(this.dependencies, 40)],
          ['package-lock.json', renderLockFile(this.dependencies)],
        ] as const) {
          const entry = this.live.get(file) as Entry;
          entry.text = text;
          this.modify(entry, changes);
        }
        return {
          changes,
          message: `Bump ${dependency.name} from ${from} to ${to}\n\nBumps [${dependency.name}](https://github.com/acme/${dependency.name.replace(/^@/, '')}) from ${from} to ${to}.\n\n---\nupdated-dependencies:\n- dependency-name: ${dependency.name}\n  dependency-type: direct:${dependency.dev ? 'development' : 'production'}\n...\n\nSigned-off-by: dependabot[bot] <support@github.com>\n`,
        };
      }
      case 'build': {
        const entry = this.live.get('dist/app.min.js') as Entry;
        entry.text = minifiedBundle(this.rng, 150_000 + this.rng.int(0, 20_000));
        this.modify(entry, changes);
        return { changes, message: this.message(kind, entry, time) };
      }
      case 'docs': {
        const docs = ['README.md', 'docs/getting-started.md', 'docs/architecture.md', 'docs/deployment.md', 'docs/api.md'];
        const entry = this.live.get(this.rng.pick(docs)) as Entry;
        entry.text = `${entry.text ?? ''}\n## ${pascal(this.rng.pick(NOUNS))}\n\nHow to ${this.rng.pick(VERBS)} a ${this.rng.pick(NOUNS)}.\n`;
        this.modify(entry, changes);
        return { changes, message: this.message(kind, entry, time) };
      }
      case 'generated': {
        const entry = this.live.get('src/generated/graphql.ts') as Entry;
        entry.text = generatedTypes(this.rng, 260 + this.rng.int(0, 40));
        this.modify(entry, changes);
        return { changes, message: this.message(kind, entry, time) };
      }
      case 'config': {
        const entry = this.live.get(this.rng.pick(['tsconfig.json', '.github/workflows/ci.yml'])) as Entry;
        entry.text = `${entry.text ?? ''}${entry.path.endsWith('.yml') ? `      - run: npm run ${this.rng.pick(VERBS)}\n` : ''}`;
        if (entry.path.endsWith('.json')) {
          entry.text = (entry.text ?? '').replace(/("strict": true)(,\n {4}"\w+": \w+)*/, (m) => `${m},\n    "${this.rng.pick(['noUnusedLocals', 'noImplicitReturns', 'noFallthroughCasesInSwitch'])}": true`);
        }
        this.modify(entry, changes);
        return { changes, message: this.message(kind, entry, time) };
      }
      default:
        break;
    }
    // A regular change: 1–6 files, the first one hot, the rest mostly its neighbours.
    const count = this.rng.weighted<number>([[1, 40], [2, 25], [3, 15], [4, 10], [5, 6], [6, 4]]);
    const first = this.hotFile(author);
    const touched = new Set<Entry>([first]);
    for (let i = 1; i < count; i++) {
      touched.add(this.neighbour(first));
    }
    for (const entry of touched) {
      this.modify(entry, changes);
    }
    return { changes, message: this.message('normal', first, time) };
  }

  /** The handful of commits that touch more than 30 files. */
  private hugeCommit(kind: HugeKind, time: number): void {
    if (this.pr !== undefined) {
      this.mergePullRequest(time - 60);
    }
    const author = this.pickAuthor();
    const changes: string[] = [];
    let message: string;
    switch (kind) {
      case 'sweep': {
        this.sweeps += 1;
        const sources = [...this.live.values()].filter((entry) => entry.source !== undefined && entry.weight > 0);
        const count = this.rng.int(40, 150);
        for (const entry of this.rng.shuffle(sources).slice(0, count)) {
          sweepSource(this.rng, entry.source as SourceFile, this.sweeps);
          this.store(entry);
          changes.push(`M 100644 :${entry.mark} ${entry.path}`);
        }
        message = `chore: migrate to @acme/logger${this.sweeps % 2 === 0 ? '' : '/v2'} (${this.ticket(time)})\n\nMechanical change across the code base.\n`;
        break;
      }
      case 'addModule': {
        const count = this.rng.int(32, 45);
        for (let i = 0; i < count; i++) {
          const planned = this.later.pop();
          if (planned === undefined) {
            break;
          }
          const entry = this.sourceEntry(planned);
          this.addEntry(entry);
          this.store(entry);
          changes.push(`M 100644 :${entry.mark} ${entry.path}`);
        }
        message = `feat: add ${this.rng.pick(NOUNS)} module (${this.ticket(time)})\n`;
        break;
      }
      case 'moveFeature': {
        const feature = [...this.areaFiles.entries()].filter(([area, files]) => area.startsWith('src/features/') && files.size >= 25).sort((a, b) => b[1].size - a[1].size)[0];
        const [area, files] = feature ?? ([...this.areaFiles.entries()][0] as [string, Set<string>]);
        const name = area.split('/').pop() ?? 'misc';
        for (const file of [...files]) {
          const entry = this.live.get(file) as Entry;
          this.removeEntry(entry);
          changes.push(`D ${file}`);
          entry.path = file.replace('src/features/', 'src/modules/');
          if (entry.source !== undefined) {
            entry.source.path = entry.path;
          }
          this.addEntry(entry);
          changes.push(`M 100644 :${entry.mark} ${entry.path}`);
        }
        message = `refactor: move ${name} to src/modules (${this.ticket(time)})\n`;
        break;
      }
      default: {
        for (const entry of [...this.live.values()].filter((e) => e.path.startsWith('vendor/'))) {
          this.modify(entry, changes);
        }
        message = 'chore: update vendored chart-lite and date-fns-lite\n';
      }
    }
    this.mainTip = this.commit({ ref: 'refs/heads/main', author, time, message, changes });
  }
}

function dedupe(changes: string[]): string[] {
  // The last command for a path wins in fast-import anyway; keeping one keeps the stream readable.
  const byPath = new Map<string, string>();
  for (const change of changes) {
    byPath.set(change.slice(change.lastIndexOf(' ') + 1), change);
  }
  return [...byPath.values()];
}

async function writeHistory(repo: string, anchorEpoch: number, log: (line: string) => void): Promise<{ nonMergeCommits: number; mergeCommits: number }> {
  const child = spawn('git', ['fast-import', '--quiet', '--done'], { cwd: repo, env: childEnv(), stdio: ['pipe', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString('utf8')).slice(-16_384);
  });
  const exited = new Promise<number | null>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', resolve);
  });
  // An early exit of fast-import surfaces as EPIPE on stdin; the exit code and stderr say why.
  child.stdin.on('error', () => undefined);
  const writer = new HistoryWriter(anchorEpoch);
  let counts: { nonMergeCommits: number; mergeCommits: number } | undefined;
  let failure: unknown;
  try {
    counts = await Promise.race([
      writer.write(child.stdin, log),
      exited.then((code) => {
        throw new Error(`git fast-import exited early (${String(code)}): ${stderr.trim()}`);
      }),
    ]);
    child.stdin.end();
  } catch (error) {
    failure = error;
    child.stdin.destroy();
  }
  const code = await exited;
  if (failure !== undefined) {
    throw failure;
  }
  if (code !== 0 || counts === undefined) {
    throw new Error(`git fast-import failed (${String(code)}): ${stderr.trim()}`);
  }
  log(`synthetic repo: ${counts.nonMergeCommits} commits + ${counts.mergeCommits} merges, ${Math.round(writer.streamedBytes / 1e6)} MB streamed into git fast-import`);
  return counts;
}
