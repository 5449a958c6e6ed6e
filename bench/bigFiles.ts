import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { childEnv, gitOutput, runChild } from './processes';
import { Rng } from './rng';
import { minifiedBundle } from './syntheticAssets';
import { NOUNS, VERBS, pascal } from './syntheticCode';
import type { LargeRepoInfo } from './syntheticLarge';

/**
 * The big files of issue 14's memory target, committed on top of a copy of a ~3,500-file repository:
 * a 5 MB generated API client of ~45,000 small functions with no `@generated` banner (it must be
 * recognised by more than its banner), and three 10 MB minified bundles, two of one line and one of
 * a few very long lines. None of their paths gives them away (no `dist/`, `generated/`, `.min.js`),
 * so only their content can: the rules of src/core/hotspots/pathFilter.ts see names first.
 */

export const BIG_FILES = {
  client: 'src/api/client.ts',
  transport: 'src/api/transport.ts',
  bundles: ['public/js/app.js', 'public/js/vendor.js', 'public/js/charts.js'],
} as const;
const CLIENT_BYTES = 5_000_000;
const BUNDLE_BYTES = 10_000_000;
/** charts.js is split into this many very long lines; the other two are one line each. */
const CHART_LINES = 4;
const VERSION = 'bigfiles-v1';
const MARKER = 'complete.json';
const DAY = 86_400;

const TRANSPORT = `export interface RequestOptions {
  readonly signal?: AbortSignal;
  readonly headers?: Record<string, string>;
}

export interface Client {
  get<T>(url: string, options?: RequestOptions): Promise<T>;
  post<T>(url: string, body: unknown, options?: RequestOptions): Promise<T>;
  del(url: string, options?: RequestOptions): Promise<void>;
}
`;

/**
 * A generated API client, as openapi-style generators write one: for each resource an interface and
 * a handful of tiny functions, a few of them with a branch. `revision` changes a few of them, as a
 * regeneration after a schema change does.
 */
export function generatedApiClient(seed: number, revision: number, targetBytes = CLIENT_BYTES): { text: string; functions: number } {
  const rng = new Rng(seed);
  const parts: string[] = ["import type { Client } from './transport';\n\n"];
  let bytes = parts[0]?.length ?? 0;
  let functions = 0;
  for (let i = 0; bytes < targetBytes; i++) {
    // Base 36 keeps the names as short as a schema's would be.
    const type = `${pascal(rng.pick(NOUNS))}${i.toString(36)}`;
    const route = `/${rng.pick(NOUNS)}/${i.toString(36)}`;
    const field = rng.next() < 0.02 * revision ? `${rng.pick(NOUNS)}Id` : rng.pick(NOUNS);
    const block =
      `export type ${type} = { id: string; ${field}?: string };\n\n` +
      `export function get${type}(c: Client, id: string) {\n  return c.get(\`${route}/\${id}\`);\n}\n` +
      `export function list${type}(c: Client, p?: number) {\n  return c.get(p ? \`${route}?p=\${p}\` : '${route}');\n}\n` +
      `export function create${type}(c: Client, b: ${type}) {\n  return c.post('${route}', b);\n}\n` +
      `export function update${type}(c: Client, b: ${type}) {\n  return c.post(\`${route}/\${b.id}\`, b);\n}\n` +
      `export function ${rng.pick(VERBS)}${type}(c: Client, id: string) {\n  return c.del(\`${route}/\${id}\`);\n}\n`;
    parts.push(block);
    bytes += block.length;
    functions += 5;
  }
  return { text: parts.join(''), functions };
}

/** A minified bundle of about `bytes` bytes in `lines` lines. */
export function minifiedBundleInLines(seed: number, bytes: number, lines: number): string {
  const rng = new Rng(seed);
  const chunks: string[] = [];
  for (let i = 0; i < lines; i++) {
    chunks.push(minifiedBundle(rng, Math.floor(bytes / lines)).replace(/\n(?=.)/g, ';').trimEnd());
  }
  return `${chunks.join('\n')}\n`;
}

export interface BigFilesRepoInfo {
  readonly path: string;
  readonly clientBytes: number;
  readonly clientFunctions: number;
  readonly bundleBytes: readonly number[];
  readonly reused: boolean;
}

interface Marker {
  readonly version: string;
  readonly baseAnchor: number;
  readonly clientBytes: number;
  readonly clientFunctions: number;
  readonly bundleBytes: readonly number[];
}

/**
 * A copy of `base` (a local clone: its objects are hard links) with three commits on top, in the
 * days the base's history leaves free: the client and the bundles added, then the client regenerated
 * twice and two bundles rebuilt, so they have a history of their own as such files do.
 */
export async function ensureBigFilesRepo(projectRoot: string, base: LargeRepoInfo, options: { readonly regenerate: boolean; readonly log: (line: string) => void }): Promise<BigFilesRepoInfo> {
  const folder = path.join(projectRoot, '.cache', 'bench', `${path.basename(path.dirname(base.path))}-bigfiles`);
  const repo = path.join(folder, 'repo');
  const markerPath = path.join(folder, MARKER);
  const marker = readMarker(markerPath);
  if (!options.regenerate && marker?.version === VERSION && marker.baseAnchor === base.anchorEpoch && existsSync(path.join(repo, '.git'))) {
    return { path: repo, clientBytes: marker.clientBytes, clientFunctions: marker.clientFunctions, bundleBytes: marker.bundleBytes, reused: true };
  }
  options.log(`big files: copying ${base.path} and committing a 5 MB generated client and three 10 MB minified bundles on top (once)`);
  rmSync(folder, { recursive: true, force: true });
  mkdirSync(folder, { recursive: true });
  await runChild('git', ['clone', '-q', base.path, repo], { stdout: 'ignore' });
  await runChild('git', ['config', 'gc.auto', '0'], { cwd: repo, stdout: 'ignore' });
  const author = { GIT_AUTHOR_NAME: 'Priya Raman', GIT_AUTHOR_EMAIL: 'priya.raman@acme.io', GIT_COMMITTER_NAME: 'Priya Raman', GIT_COMMITTER_EMAIL: 'priya.raman@acme.io' };
  const write = (file: string, text: string): number => {
    mkdirSync(path.dirname(path.join(repo, file)), { recursive: true });
    writeFileSync(path.join(repo, file), text);
    return Buffer.byteLength(text);
  };
  const commit = async (daysBefore: number, message: string): Promise<void> => {
    const date = `${base.anchorEpoch - daysBefore * DAY + 11 * 3600} +0000`;
    await runChild('git', ['add', '-A'], { cwd: repo, stdout: 'ignore' });
    await runChild('git', ['-c', 'commit.gpgsign=false', 'commit', '-q', '-m', message], { cwd: repo, stdout: 'ignore', env: childEnv({ ...author, GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date }) });
  };
  const [app, vendor, charts] = BIG_FILES.bundles;
  let client = generatedApiClient(0xc11e, 0);
  write(BIG_FILES.transport, TRANSPORT);
  write(BIG_FILES.client, client.text);
  const bundleBytes = [write(app, minifiedBundleInLines(1, BUNDLE_BYTES, 1)), write(vendor, minifiedBundleInLines(2, BUNDLE_BYTES, 1)), write(charts, minifiedBundleInLines(3, BUNDLE_BYTES, CHART_LINES))];
  await commit(3, 'feat: generated API client and the prebuilt bundles (PROJ-2390)\n');
  client = generatedApiClient(0xc11e, 1);
  write(BIG_FILES.client, client.text);
  bundleBytes[0] = write(app, minifiedBundleInLines(4, BUNDLE_BYTES, 1));
  await commit(2, 'chore: regenerate the API client, rebuild app.js (PROJ-2398)\n');
  client = generatedApiClient(0xc11e, 2);
  const clientBytes = write(BIG_FILES.client, client.text);
  bundleBytes[1] = write(vendor, minifiedBundleInLines(5, BUNDLE_BYTES, 1));
  await commit(1, 'chore: regenerate the API client, rebuild vendor.js (PROJ-2401)\n');
  const head = (await gitOutput(repo, ['rev-parse', 'HEAD'])).trim();
  writeFileSync(markerPath, `${JSON.stringify({ version: VERSION, baseAnchor: base.anchorEpoch, clientBytes, clientFunctions: client.functions, bundleBytes } satisfies Marker, undefined, 2)}\n`);
  options.log(`big files: ${repo} at ${head.slice(0, 10)}: client ${(clientBytes / 1e6).toFixed(1)} MB, ${client.functions} functions; bundles ${bundleBytes.map((b) => (b / 1e6).toFixed(1)).join(', ')} MB`);
  return { path: repo, clientBytes, clientFunctions: client.functions, bundleBytes, reused: false };
}

function readMarker(file: string): Marker | undefined {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as Marker;
  } catch {
    return undefined;
  }
}
