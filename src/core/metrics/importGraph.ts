import type { ParseError } from 'jsonc-parser';
import { parse as parseJsonc, printParseErrorCode } from 'jsonc-parser';

/** One `paths` entry of a tsconfig, with its targets already made repo-relative. */
export interface PathMapping {
  /** The alias as written, with at most one `*` (`@app/*`, `config`). */
  readonly pattern: string;
  /** Repo-relative targets, tried in order; a `*` takes what the pattern's `*` matched. */
  readonly targets: readonly string[];
}

/** What non-relative specifiers resolve against, for the files one tsconfig/jsconfig governs. */
export interface ResolutionOptions {
  /** Repo-relative folder (`''` is the root) that bare specifiers are tried under, after `paths`. */
  readonly baseUrl?: string;
  readonly paths?: readonly PathMapping[];
}

/**
 * Who imports whom among the repository's own files. Every path is repo-relative with forward slashes;
 * every list is sorted, without duplicates, and frozen. A path the graph does not know gets `[]`.
 */
export interface ImportGraph {
  /** The files the graph was built from, sorted. */
  readonly files: readonly string[];
  /** Number of distinct resolved import edges (self-imports are not edges). */
  readonly edgeCount: number;
  /** Repo files `path` imports directly. */
  importsOf(path: string): readonly string[];
  /** Repo files that import `path` directly. */
  importersOf(path: string): readonly string[];
  /**
   * Repo files that depend on `path` directly or through other files, without `path` itself even in a
   * cycle. Computed on first request for a path, then memoized.
   */
  transitiveImportersOf(path: string): readonly string[];
  /** How many {@link transitiveImportersOf} lists, without building the list (the report needs every file's count). */
  transitiveImporterCount(path: string): number;
  /** Specifiers of `path` that matched no repo file: packages, and broken or unsupported imports. */
  unresolved(path: string): readonly string[];
}

export interface ImportGraphInput {
  /**
   * Repo-relative path with forward slashes and no leading `./` → the specifiers it imports, as
   * {@link collectModuleSpecifiers} returns them. The keys are also the only files imports can
   * resolve to: resolution never touches the disk, so a graph rebuilt from a cached map is exact.
   */
  readonly files: ReadonlyMap<string, readonly string[]>;
  /**
   * The resolution options of the config governing a file (see {@link loadTsconfigResolution}), or
   * undefined when none does; then only relative specifiers resolve. Results are cached per returned
   * object, so return the same object for files under the same config.
   */
  readonly compilerOptionsFor?: (path: string) => ResolutionOptions | undefined;
}

/**
 * Extensions tried after the exact path and then after `/index`, in this order, so `x.ts` beats
 * `x.js` and `x.ts` beats `x/index.ts`, as the TypeScript resolver does.
 */
const PROBED_EXTENSIONS = ['.ts', '.tsx', '.d.ts', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs'] as const;

/** ESM-style specifiers name the emitted file (`./x.js`); the source is the TypeScript counterpart. */
const TYPESCRIPT_COUNTERPARTS: Readonly<Record<string, readonly string[]>> = {
  '.js': ['.ts', '.tsx', '.d.ts'],
  '.jsx': ['.tsx', '.d.ts'],
  '.mjs': ['.mts', '.d.mts'],
  '.cjs': ['.cts', '.d.cts'],
};

const EMPTY: readonly string[] = Object.freeze([]);

/**
 * Resolves every file's specifiers against the set of known files and builds both directions of the
 * graph once. Linear in files × specifiers; bare specifiers and specifiers repeated from the same
 * folder are resolved once.
 *
 * Resolution of a specifier from a file:
 * - relative (`./x`, `../x`, `.`): against the file's folder; never through `paths`.
 * - non-relative: the best `paths` pattern (an exact pattern first, else the wildcard pattern with the
 *   longest prefix), each target in order; then under `baseUrl`; otherwise external (not in the graph).
 * - each candidate: its TypeScript counterpart when it ends in a JavaScript extension (`./x.js` →
 *   `x.ts`, `.mjs` → `.mts`, `.cjs` → `.cts`, `.jsx` → `.tsx`), then the exact path, then the path plus
 *   each of `.ts .tsx .d.ts .mts .cts .js .jsx .mjs .cjs`, then `/index` plus the same.
 * Not supported: `package.json` `exports`/`imports` (`#alias`), workspace packages imported by
 * name, `rootDirs`, and case-insensitive matching.
 */
export function buildImportGraph(input: ImportGraphInput): ImportGraph {
  const files = [...input.files.keys()].sort();
  const indexOf = new Map<string, number>();
  files.forEach((path, index) => indexOf.set(path, index));

  const resolver = new SpecifierResolver(indexOf);
  const imports: number[][] = [];
  const unresolved: (readonly string[])[] = [];
  let edgeCount = 0;
  for (let index = 0; index < files.length; index++) {
    const path = files[index] as string;
    const options = input.compilerOptionsFor?.(path);
    const folder = parentFolder(path);
    const targets = new Set<number>();
    const missed: string[] = [];
    for (const specifier of input.files.get(path) ?? EMPTY) {
      const target = resolver.resolve(specifier, folder, options);
      if (target === undefined) {
        missed.push(specifier);
      } else if (target !== index) {
        targets.add(target);
      }
    }
    const sorted = [...targets].sort((a, b) => a - b);
    edgeCount += sorted.length;
    imports.push(sorted);
    unresolved.push(missed.length === 0 ? EMPTY : Object.freeze([...new Set(missed)].sort()));
  }

  const importers: number[][] = files.map(() => []);
  // Visiting importers in ascending order leaves every importer list sorted.
  imports.forEach((targets, importer) => {
    for (const target of targets) {
      (importers[target] as number[]).push(importer);
    }
  });

  return new IndexedImportGraph(files, indexOf, imports, importers, unresolved, edgeCount);
}

class IndexedImportGraph implements ImportGraph {
  private readonly importPaths: readonly (readonly string[])[];
  private readonly importerPaths: readonly (readonly string[])[];
  private readonly transitive = new Map<number, readonly string[]>();
  /** The breadth-first walk's visit stamps and queue, one slot per file; made on first use. */
  private scratch: { readonly stamps: Uint32Array; readonly queue: Int32Array } | undefined;
  private stamp = 0;

  constructor(
    readonly files: readonly string[],
    private readonly indexOf: ReadonlyMap<string, number>,
    imports: readonly (readonly number[])[],
    private readonly importers: readonly (readonly number[])[],
    private readonly unresolvedByFile: readonly (readonly string[])[],
    readonly edgeCount: number,
  ) {
    Object.freeze(files);
    this.importPaths = imports.map((targets) => this.toPaths(targets));
    this.importerPaths = importers.map((sources) => this.toPaths(sources));
  }

  importsOf(path: string): readonly string[] {
    const index = this.indexOf.get(path);
    return index === undefined ? EMPTY : (this.importPaths[index] as readonly string[]);
  }

  importersOf(path: string): readonly string[] {
    const index = this.indexOf.get(path);
    return index === undefined ? EMPTY : (this.importerPaths[index] as readonly string[]);
  }

  transitiveImportersOf(path: string): readonly string[] {
    const start = this.indexOf.get(path);
    if (start === undefined) {
      return EMPTY;
    }
    const memoized = this.transitive.get(start);
    if (memoized !== undefined) {
      return memoized;
    }
    const reached = this.reach(start);
    const result = this.toPaths([...reached].sort((a, b) => a - b));
    this.transitive.set(start, result);
    return result;
  }

  transitiveImporterCount(path: string): number {
    const start = this.indexOf.get(path);
    return start === undefined ? 0 : (this.transitive.get(start)?.length ?? this.reach(start).length);
  }

  /** Breadth-first over importers from `start`, which is not counted: the indices reached, in visit order. */
  private reach(start: number): Int32Array {
    // One visit stamp per file, reused across calls: no clearing, no allocation per call.
    this.scratch ??= { stamps: new Uint32Array(this.files.length), queue: new Int32Array(this.files.length) };
    const { stamps, queue } = this.scratch;
    const stamp = ++this.stamp;
    stamps[start] = stamp;
    let tail = 0;
    queue[tail++] = start;
    // Unchecked: head < tail, and every index in the queue is a file's.
    for (let head = 0; head < tail; head++) {
      for (const importer of this.importers[queue[head]!] as readonly number[]) {
        if (stamps[importer] !== stamp) {
          stamps[importer] = stamp;
          queue[tail++] = importer;
        }
      }
    }
    return queue.subarray(1, tail);
  }

  unresolved(path: string): readonly string[] {
    const index = this.indexOf.get(path);
    return index === undefined ? EMPTY : (this.unresolvedByFile[index] as readonly string[]);
  }

  private toPaths(indices: readonly number[]): readonly string[] {
    return indices.length === 0 ? EMPTY : Object.freeze(indices.map((index) => this.files[index] as string));
  }
}

/** Resolves specifiers to indices of known files, caching what does not depend on the importer. */
class SpecifierResolver {
  private readonly relativeCache = new Map<string, number | undefined>();
  private readonly bareCaches = new Map<ResolutionOptions | undefined, Map<string, number | undefined>>();

  constructor(private readonly indexOf: ReadonlyMap<string, number>) {}

  resolve(specifier: string, folder: string, options: ResolutionOptions | undefined): number | undefined {
    if (isRelative(specifier)) {
      const key = `${folder}\0${specifier}`;
      if (this.relativeCache.has(key)) {
        return this.relativeCache.get(key);
      }
      const resolved = this.resolveCandidate(joinPath(folder, specifier), endsAsFolder(specifier));
      this.relativeCache.set(key, resolved);
      return resolved;
    }
    let cache = this.bareCaches.get(options);
    if (cache === undefined) {
      cache = new Map();
      this.bareCaches.set(options, cache);
    }
    if (cache.has(specifier)) {
      return cache.get(specifier);
    }
    const resolved = this.resolveBare(specifier, options);
    cache.set(specifier, resolved);
    return resolved;
  }

  private resolveBare(specifier: string, options: ResolutionOptions | undefined): number | undefined {
    if (options === undefined || specifier.startsWith('/')) {
      return undefined;
    }
    const match = options.paths === undefined ? undefined : matchPaths(specifier, options.paths);
    if (match !== undefined) {
      for (const target of match.mapping.targets) {
        const substituted = target.replace('*', match.wildcard);
        const resolved = this.resolveCandidate(joinPath('', substituted), endsAsFolder(substituted));
        if (resolved !== undefined) {
          return resolved;
        }
      }
    }
    if (options.baseUrl !== undefined) {
      return this.resolveCandidate(joinPath(options.baseUrl, specifier), endsAsFolder(specifier));
    }
    return undefined;
  }

  /** `path` is normalized and repo-relative, or undefined when the specifier left the repository. */
  private resolveCandidate(path: string | undefined, folderOnly: boolean): number | undefined {
    if (path === undefined) {
      return undefined;
    }
    if (!folderOnly) {
      const extension = /\.[cm]?jsx?$/.exec(path)?.[0];
      const counterparts = extension === undefined ? undefined : TYPESCRIPT_COUNTERPARTS[extension];
      if (counterparts !== undefined) {
        const stem = path.slice(0, -(extension as string).length);
        for (const counterpart of counterparts) {
          const found = this.indexOf.get(stem + counterpart);
          if (found !== undefined) {
            return found;
          }
        }
      }
      const exact = this.indexOf.get(path);
      if (exact !== undefined) {
        return exact;
      }
      const withExtension = this.probe(path);
      if (withExtension !== undefined) {
        return withExtension;
      }
    }
    return this.probe(path === '' ? 'index' : `${path}/index`);
  }

  private probe(stem: string): number | undefined {
    for (const extension of PROBED_EXTENSIONS) {
      const found = this.indexOf.get(stem + extension);
      if (found !== undefined) {
        return found;
      }
    }
    return undefined;
  }
}

/** How TypeScript picks among `paths`: an exact pattern wins, else the wildcard with the longest prefix. */
function matchPaths(
  specifier: string,
  paths: readonly PathMapping[],
): { mapping: PathMapping; wildcard: string } | undefined {
  let best: { mapping: PathMapping; wildcard: string } | undefined;
  let bestPrefixLength = -1;
  for (const mapping of paths) {
    const star = mapping.pattern.indexOf('*');
    if (star === -1) {
      if (mapping.pattern === specifier) {
        return { mapping, wildcard: '' };
      }
      continue;
    }
    const prefix = mapping.pattern.slice(0, star);
    const suffix = mapping.pattern.slice(star + 1);
    if (
      prefix.length > bestPrefixLength &&
      specifier.length >= prefix.length + suffix.length &&
      specifier.startsWith(prefix) &&
      specifier.endsWith(suffix)
    ) {
      best = { mapping, wildcard: specifier.slice(prefix.length, specifier.length - suffix.length) };
      bestPrefixLength = prefix.length;
    }
  }
  return best;
}

/** A problem met while reading a config; the config is still used as far as it could be read. */
export interface TsconfigProblem {
  /** Repo-relative path of the config file the problem is in. */
  readonly configPath: string;
  readonly message: string;
}

export interface TsconfigResolution {
  /** The resolution options of every governing config that could be read, by its repo-relative path. */
  readonly configs: ReadonlyMap<string, ResolutionOptions>;
  readonly problems: readonly TsconfigProblem[];
  /**
   * The options of the config nearest to `path` (in its folder or above), or undefined when no config
   * governs it. Returns the same object for all files under one config, so it can be passed unbound as
   * {@link ImportGraphInput.compilerOptionsFor}.
   */
  readonly optionsFor: (path: string) => ResolutionOptions | undefined;
}

/**
 * Reads the `baseUrl` and `paths` that govern import resolution in each folder of the repository.
 *
 * Only files named `tsconfig.json` or `jsconfig.json` in `configPaths` govern their folder and the
 * folders below it (as in the editor; other names such as `tsconfig.base.json` matter only when
 * extended); where a folder has both, `tsconfig.json` wins. The nearest config governs a file even if
 * it sets neither option, as in a monorepo package with its own tsconfig.
 *
 * Configs are JSONC. `extends` is followed when relative (a string or an array, later entries
 * overriding earlier ones, the extending config overriding all); package `extends` are reported as
 * problems and skipped. `baseUrl` is relative to the config that sets it; `paths` targets are
 * relative to the effective `baseUrl`, or else to the config that sets `paths`; `${configDir}` is the
 * folder of the governing config.
 *
 * @param configPaths Repo-relative paths with forward slashes.
 * @param readFile Reads a repo-relative path; undefined when the file does not exist or cannot be read.
 */
export function loadTsconfigResolution(
  configPaths: readonly string[],
  readFile: (path: string) => string | undefined,
): TsconfigResolution {
  const problems: TsconfigProblem[] = [];
  const configs = new Map<string, ResolutionOptions>();
  const byFolder = new Map<string, { name: string; options: ResolutionOptions }>();
  for (const configPath of [...new Set(configPaths)].sort()) {
    const name = configPath.slice(configPath.lastIndexOf('/') + 1);
    if (name !== 'tsconfig.json' && name !== 'jsconfig.json') {
      continue;
    }
    const folder = parentFolder(configPath);
    const chain = readConfigChain(configPath, folder, readFile, problems, new Set());
    if (chain === undefined) {
      problems.push({ configPath, message: 'cannot be read; ignored' });
      continue;
    }
    const options = toResolutionOptions(chain, folder);
    configs.set(configPath, options);
    const existing = byFolder.get(folder);
    if (existing === undefined || (existing.name === 'jsconfig.json' && name === 'tsconfig.json')) {
      byFolder.set(folder, { name, options });
    }
  }

  const folderCache = new Map<string, ResolutionOptions | undefined>();
  const optionsForFolder = (folder: string): ResolutionOptions | undefined => {
    if (folderCache.has(folder)) {
      return folderCache.get(folder);
    }
    const own = byFolder.get(folder)?.options;
    const options = own ?? (folder === '' ? undefined : optionsForFolder(parentFolder(folder)));
    folderCache.set(folder, options);
    return options;
  };
  const distinct = new Map(problems.map((problem) => [`${problem.configPath}\0${problem.message}`, problem]));
  return {
    configs,
    problems: [...distinct.values()],
    optionsFor: (path: string): ResolutionOptions | undefined => optionsForFolder(parentFolder(path)),
  };
}

/** `baseUrl` and `paths` after `extends`, each resolved against the config that set it. */
interface ConfigChain {
  baseUrl?: string;
  paths?: { readonly entries: Readonly<Record<string, unknown>>; readonly folder: string };
}

function readConfigChain(
  configPath: string,
  configDir: string,
  readFile: (path: string) => string | undefined,
  problems: TsconfigProblem[],
  visiting: Set<string>,
): ConfigChain | undefined {
  const text = readFile(configPath);
  if (text === undefined) {
    return undefined;
  }
  // jsonc-parser rather than TypeScript's own reader: a warm rescan must not load the compiler (~10 MB).
  const errors: ParseError[] = [];
  const config: unknown = parseJsonc(text, errors, { allowTrailingComma: true, disallowComments: false });
  const [firstError] = errors;
  if (firstError !== undefined) {
    problems.push({ configPath, message: `${printParseErrorCode(firstError.error)} at offset ${firstError.offset}` });
  }
  if (!isRecord(config)) {
    return undefined;
  }
  visiting.add(configPath);
  const folder = parentFolder(configPath);
  const chain: ConfigChain = {};
  const extendsValue = config['extends'];
  const bases = typeof extendsValue === 'string' ? [extendsValue] : Array.isArray(extendsValue) ? extendsValue : [];
  for (const base of bases) {
    if (typeof base !== 'string') {
      continue;
    }
    const basePath = resolveExtends(folder, base, configDir);
    if (basePath === undefined) {
      problems.push({ configPath, message: `extends "${base}" is not a relative path; not followed` });
      continue;
    }
    if (visiting.has(basePath)) {
      problems.push({ configPath, message: `extends "${base}" forms a cycle; not followed` });
      continue;
    }
    const baseChain = readConfigChain(basePath, configDir, readFile, problems, visiting);
    if (baseChain === undefined) {
      problems.push({ configPath, message: `extends "${base}": ${basePath} cannot be read` });
      continue;
    }
    Object.assign(chain, baseChain);
  }
  visiting.delete(configPath);

  const compilerOptions = config['compilerOptions'];
  if (isRecord(compilerOptions)) {
    const baseUrl = compilerOptions['baseUrl'];
    if (typeof baseUrl === 'string') {
      const resolved = resolveConfigRelative(folder, baseUrl, configDir);
      if (resolved === undefined) {
        problems.push({ configPath, message: `baseUrl "${baseUrl}" is outside the repository; ignored` });
      } else {
        chain.baseUrl = resolved;
      }
    }
    const paths = compilerOptions['paths'];
    if (isRecord(paths)) {
      chain.paths = { entries: paths, folder };
    }
  }
  return chain;
}

function toResolutionOptions(chain: ConfigChain, configDir: string): ResolutionOptions {
  if (chain.paths === undefined) {
    return chain.baseUrl === undefined ? {} : { baseUrl: chain.baseUrl };
  }
  const pathsBase = chain.baseUrl ?? chain.paths.folder;
  const paths: PathMapping[] = [];
  for (const [pattern, targets] of Object.entries(chain.paths.entries)) {
    if (!Array.isArray(targets)) {
      continue;
    }
    const resolvedTargets: string[] = [];
    for (const target of targets) {
      const resolved = typeof target === 'string' ? resolveConfigRelative(pathsBase, target, configDir) : undefined;
      if (resolved !== undefined) {
        resolvedTargets.push(resolved);
      }
    }
    paths.push({ pattern, targets: resolvedTargets });
  }
  return chain.baseUrl === undefined ? { paths } : { baseUrl: chain.baseUrl, paths };
}

const CONFIG_DIR = '${configDir}';

/** A path value in a config: relative to `folder`, or to the governing config with `${configDir}`. */
function resolveConfigRelative(folder: string, value: string, configDir: string): string | undefined {
  if (value.startsWith(CONFIG_DIR)) {
    return joinPath(configDir, `.${value.slice(CONFIG_DIR.length)}`);
  }
  return value.startsWith('/') ? undefined : joinPath(folder, value);
}

/** TypeScript follows `extends` as a path when it starts with `./`, `../` or `/`; else as a package. */
function resolveExtends(folder: string, value: string, configDir: string): string | undefined {
  if (!value.startsWith(CONFIG_DIR) && !isRelative(value)) {
    return undefined;
  }
  const resolved = resolveConfigRelative(folder, value, configDir);
  return resolved === undefined || resolved.endsWith('.json') ? resolved : `${resolved}.json`;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isRelative(specifier: string): boolean {
  return /^\.\.?(?:\/|$)/.test(specifier);
}

/** `./dir/`, `.` and `..` name a folder: only its index file can match. */
function endsAsFolder(specifier: string): boolean {
  return specifier.endsWith('/') || /(?:^|\/)\.\.?$/.test(specifier);
}

/** `''` for a file at the repository root. */
function parentFolder(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash === -1 ? '' : path.slice(0, slash);
}

/**
 * Joins a repo-relative folder and a relative path, folding `.` and `..`; undefined when the result
 * would leave the repository. `''` is the root.
 */
function joinPath(folder: string, relative: string): string | undefined {
  const parts = folder === '' ? [] : folder.split('/');
  for (const segment of relative.split('/')) {
    if (segment === '' || segment === '.') {
      continue;
    }
    if (segment === '..') {
      if (parts.length === 0) {
        return undefined;
      }
      parts.pop();
    } else {
      parts.push(segment);
    }
  }
  return parts.join('/');
}
