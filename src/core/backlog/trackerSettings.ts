import { DEFAULT_LEDGER_FOLDER } from '../defaults';
import * as path from 'node:path';
import type { Node as YamlNode } from 'yaml';
import { isMap, isSeq, LineCounter, parseDocument } from 'yaml';
import type { BacklogReference } from './backlogReferences';
import { FileTooLargeError, NotARegularFileError, readRegularFile } from '../readRegularFile';
import { parseBacklogReferences } from './backlogReferences';
import type { CustomReference, InferredGitHub, TrackerConfig, TrackerKind } from './trackerConfig';
import { findCustomReferences, inferGitHubFromRemote, linkFor } from './trackerConfig';

/** The repository's tracker settings file, inside the ledger folder (the ledger reads only `*.md`). */
export const TRACKER_SETTINGS_FILE = 'config.yml';

/**
 * The largest settings file read, in bytes (256 KiB, as an entry's front matter): a few trackers
 * fit in a page, and YAML's parse cost grows far faster than its size.
 */
export const MAX_TRACKER_SETTINGS_BYTES = 256 * 1024;

/**
 * What `.techdebt/config.yml` says about the team's trackers. Versioned with the code, so everyone
 * gets the same links; secrets never go here (tokens come from the environment or the editor's
 * secret storage).
 */
export interface TrackerSettings {
  /** Uppercase project keys whose `KEY-123` tokens are backlog references. */
  readonly projectKeys: readonly string[];
  /** Configured trackers, in the order written (the first matching one links a reference). */
  readonly trackers: readonly TrackerConfig[];
  readonly github: {
    /** Overrides the repository inferred from `origin` (for `#12`). */
    readonly owner?: string;
    readonly repo?: string;
    /** Hosts that run GitHub Enterprise Server (see `inferGitHubFromRemote`). */
    readonly enterpriseHosts: readonly string[];
    /** Overrides the REST API base inferred from `origin` (a proxy, a test server). */
    readonly apiBase?: string;
  };
  readonly jira?: {
    /** The site: `https://acme.atlassian.net`; links are `{baseUrl}/browse/{key}` unless a tracker says otherwise. */
    readonly baseUrl: string;
  };
}

export type TrackerSettingsDiagnosticCode = 'unreadable' | 'too-large' | 'bad-yaml' | 'not-mapping' | 'wrong-type' | 'unknown-key' | 'bad-pattern';

/** A problem in the settings file; the rest of the file still applies. */
export interface TrackerSettingsDiagnostic {
  /** Repository-relative, `/`-separated. */
  readonly path: string;
  /** 1-based. */
  readonly line: number;
  readonly column?: number;
  readonly message: string;
  readonly code: TrackerSettingsDiagnosticCode;
}

export interface LoadedTrackerSettings {
  readonly settings: TrackerSettings;
  readonly diagnostics: readonly TrackerSettingsDiagnostic[];
}

/** One backlog reference of an entry with the page it opens, or `null` when nothing can link it. */
export interface ResolvedBacklogLink {
  /** As the entry writes it. */
  readonly ref: string;
  readonly url: string | null;
  /** What the text was read as; `null` when it names no known kind of backlog item. */
  readonly reference: BacklogReference | CustomReference | null;
}

export const EMPTY_TRACKER_SETTINGS: TrackerSettings = { projectKeys: [], trackers: [], github: { enterpriseHosts: [] } };

const TRACKER_KINDS: readonly TrackerKind[] = ['github', 'jira', 'azure', 'linear', 'custom'];
const PROJECT_KEY = /^[A-Z][A-Z0-9_]{1,9}$/;
const TOP_KEYS = ['projectKeys', 'trackers', 'github', 'jira'];
const GITHUB_KEYS = ['owner', 'repo', 'enterpriseHosts', 'apiBase'];
const JIRA_KEYS = ['baseUrl'];
const TRACKER_KEYS = ['name', 'kind', 'pattern', 'urlTemplate', 'baseUrl'];

/**
 * Reads `<root>/<folder>/config.yml`. A missing file means no settings; an unreadable file (a FIFO
 * or other special file is never opened for reading: it would block), one over
 * {@link MAX_TRACKER_SETTINGS_BYTES}, bad YAML or a value of the wrong type becomes a diagnostic
 * with its line, and what is valid still applies. Never throws and never writes.
 *
 * @param readFile the file's text; may throw `NotARegularFileError` or `FileTooLargeError`.
 */
export async function loadTrackerSettings(
  root: string,
  folder = DEFAULT_LEDGER_FOLDER,
  readFile: (file: string) => Promise<string> = async (file) => (await readRegularFile(file, { maxBytes: MAX_TRACKER_SETTINGS_BYTES })).toString('utf8'),
): Promise<LoadedTrackerSettings> {
  const relPath = path.posix.join(folder.split(path.sep).join('/'), TRACKER_SETTINGS_FILE);
  let text: string;
  try {
    text = await readFile(path.join(root, ...relPath.split('/')));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException | undefined)?.code;
    if (code === 'ENOENT' || code === 'ENOTDIR') {
      return { settings: EMPTY_TRACKER_SETTINGS, diagnostics: [] };
    }
    const diagnostic: TrackerSettingsDiagnostic =
      error instanceof FileTooLargeError
        ? { path: relPath, line: 1, message: `the tracker settings are ${error.size} bytes, more than the ${error.limit} bytes read, so they are not read`, code: 'too-large' }
        : error instanceof NotARegularFileError
          ? { path: relPath, line: 1, message: `the tracker settings file is ${error.kind === 'other' ? 'not a regular file' : `a ${error.kind}, not a regular file`}, so it is not read`, code: 'unreadable' }
          : { path: relPath, line: 1, message: `cannot read the tracker settings: ${code ?? String(error)}`, code: 'unreadable' };
    return { settings: EMPTY_TRACKER_SETTINGS, diagnostics: [diagnostic] };
  }
  return parseTrackerSettings(text, relPath);
}

/** Parses the text of a settings file (see {@link loadTrackerSettings}); `relPath` names it in diagnostics. */
export function parseTrackerSettings(text: string, relPath = `.techdebt/${TRACKER_SETTINGS_FILE}`): LoadedTrackerSettings {
  const diagnostics: TrackerSettingsDiagnostic[] = [];
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { prettyErrors: false, uniqueKeys: true, lineCounter });
  const at = (offset: number | undefined): { line: number; column?: number } => {
    if (offset === undefined) {
      return { line: 1 };
    }
    const pos = lineCounter.linePos(Math.max(0, Math.min(offset, Math.max(0, text.length - 1))));
    return { line: pos.line, column: pos.col };
  };
  const report = (node: YamlNode | undefined | null, code: TrackerSettingsDiagnosticCode, message: string): void => {
    diagnostics.push({ path: relPath, ...at(node?.range?.[0]), message, code });
  };
  const [yamlError] = doc.errors;
  if (yamlError !== undefined) {
    diagnostics.push({ path: relPath, ...at(yamlError.pos[0]), message: `YAML: ${yamlError.message.split('\n')[0]}`, code: 'bad-yaml' });
    return { settings: EMPTY_TRACKER_SETTINGS, diagnostics };
  }
  const top = doc.contents;
  if (top === null || top === undefined) {
    return { settings: EMPTY_TRACKER_SETTINGS, diagnostics };
  }
  if (!isMap(top)) {
    report(top, 'not-mapping', 'the tracker settings must be a YAML mapping (`projectKeys: …`, `trackers: …`)');
    return { settings: EMPTY_TRACKER_SETTINGS, diagnostics };
  }

  const nodeAt = (keys: readonly (string | number)[]): YamlNode | undefined => doc.getIn(keys, true) as YamlNode | undefined;
  const unknownKeys = (keys: readonly (string | number)[], allowed: readonly string[], where: string): void => {
    const map = keys.length === 0 ? top : nodeAt(keys);
    if (!isMap(map)) {
      return;
    }
    for (const pair of map.items) {
      const key = (pair.key as { value?: unknown } | null)?.value;
      if (typeof key !== 'string' || !allowed.includes(key)) {
        report(pair.key as YamlNode, 'unknown-key', `unknown ${where}key ${JSON.stringify(key)}; expected one of ${allowed.join(', ')}`);
      }
    }
  };
  const stringAt = (keys: readonly (string | number)[], what: string, check?: (value: string) => string | undefined): string | undefined => {
    const node = nodeAt(keys);
    if (node === undefined) {
      return undefined;
    }
    const value = doc.getIn(keys);
    if (typeof value !== 'string' || value.trim() === '') {
      report(node, 'wrong-type', `${what} must be a non-empty string`);
      return undefined;
    }
    const problem = check?.(value.trim());
    if (problem !== undefined) {
      report(node, 'wrong-type', `${what} ${problem}`);
      return undefined;
    }
    return value.trim();
  };
  const stringListAt = (keys: readonly (string | number)[], what: string, check?: (value: string) => string | undefined): string[] => {
    const node = nodeAt(keys);
    if (node === undefined) {
      return [];
    }
    if (!isSeq(node)) {
      report(node, 'wrong-type', `${what} must be a list of strings`);
      return [];
    }
    const values: string[] = [];
    node.items.forEach((_item, index) => {
      const value = stringAt([...keys, index], `${what}[${index}]`, check);
      if (value !== undefined) {
        values.push(value);
      }
    });
    return values;
  };
  const mappingAt = (keys: readonly (string | number)[], what: string): boolean => {
    const node = nodeAt(keys);
    if (node === undefined || node === null) {
      return false;
    }
    if (!isMap(node)) {
      report(node, 'wrong-type', `${what} must be a mapping`);
      return false;
    }
    return true;
  };

  unknownKeys([], TOP_KEYS, '');
  const projectKeys = stringListAt(['projectKeys'], 'projectKeys', (key) => (PROJECT_KEY.test(key) ? undefined : `must look like PROJ (2–10 capital letters, digits or _), not ${JSON.stringify(key)}`));

  const trackers: TrackerConfig[] = [];
  const trackersNode = nodeAt(['trackers']);
  if (trackersNode !== undefined && trackersNode !== null) {
    if (!isSeq(trackersNode)) {
      report(trackersNode, 'wrong-type', 'trackers must be a list of trackers (`- name: …`)');
    } else {
      trackersNode.items.forEach((_item, index) => {
        const tracker = trackerAt(index);
        if (tracker !== undefined) {
          trackers.push(tracker);
        }
      });
    }
  }

  function trackerAt(index: number): TrackerConfig | undefined {
    const keys = ['trackers', index];
    const what = `trackers[${index}]`;
    if (!mappingAt(keys, what)) {
      if (nodeAt(keys) === null || nodeAt(keys) === undefined) {
        report(trackersNode, 'wrong-type', `${what} must be a mapping`);
      }
      return undefined;
    }
    unknownKeys(keys, TRACKER_KEYS, `${what} `);
    const count = diagnostics.length;
    const name = stringAt([...keys, 'name'], `${what}.name`);
    const kind = stringAt([...keys, 'kind'], `${what}.kind`, (value) =>
      (TRACKER_KINDS as readonly string[]).includes(value) ? undefined : `must be one of ${TRACKER_KINDS.join(', ')}, not ${JSON.stringify(value)}`,
    );
    const urlTemplate = stringAt([...keys, 'urlTemplate'], `${what}.urlTemplate`, (value) => (/^https?:\/\//i.test(value) ? undefined : 'must start with http:// or https://'));
    const pattern = stringAt([...keys, 'pattern'], `${what}.pattern`, (value) => {
      try {
        new RegExp(value);
        return undefined;
      } catch (error) {
        return `is not a valid regular expression: ${error instanceof Error ? error.message : String(error)}`;
      }
    });
    const baseUrl = stringAt([...keys, 'baseUrl'], `${what}.baseUrl`, httpUrlProblem);
    const node = nodeAt(keys);
    for (const [value, field] of [
      [name, 'name'],
      [kind, 'kind'],
      [urlTemplate, 'urlTemplate'],
    ] as const) {
      if (value === undefined && nodeAt([...keys, field]) === undefined) {
        report(node, 'wrong-type', `${what} needs ${field}`);
      }
    }
    if (kind === 'custom' && pattern === undefined && nodeAt([...keys, 'pattern']) === undefined) {
      report(node, 'wrong-type', `${what} is a custom tracker and needs a pattern`);
    }
    if (diagnostics.length > count || name === undefined || kind === undefined || urlTemplate === undefined) {
      return undefined; // a half-valid tracker would link the wrong page
    }
    return { name, kind: kind as TrackerKind, urlTemplate, ...(pattern !== undefined && { pattern }), ...(baseUrl !== undefined && { baseUrl }) };
  }

  let github: TrackerSettings['github'] = { enterpriseHosts: [] };
  if (mappingAt(['github'], 'github')) {
    unknownKeys(['github'], GITHUB_KEYS, 'github ');
    const segment = (value: string): string | undefined => (/^[A-Za-z0-9_.-]+$/.test(value) ? undefined : 'must be a GitHub name (letters, digits, . _ -)');
    const owner = stringAt(['github', 'owner'], 'github.owner', segment);
    const repo = stringAt(['github', 'repo'], 'github.repo', segment);
    const apiBase = stringAt(['github', 'apiBase'], 'github.apiBase', httpUrlProblem);
    github = {
      enterpriseHosts: stringListAt(['github', 'enterpriseHosts'], 'github.enterpriseHosts', (value) => (/^[A-Za-z0-9.-]+(?::\d+)?$/.test(value) ? undefined : 'must be a host name such as github.acme.com')),
      ...(owner !== undefined && { owner }),
      ...(repo !== undefined && { repo }),
      ...(apiBase !== undefined && { apiBase: apiBase.replace(/\/+$/, '') }),
    };
  }

  let jira: TrackerSettings['jira'];
  if (mappingAt(['jira'], 'jira')) {
    unknownKeys(['jira'], JIRA_KEYS, 'jira ');
    const baseUrl = stringAt(['jira', 'baseUrl'], 'jira.baseUrl', httpUrlProblem);
    if (baseUrl !== undefined) {
      jira = { baseUrl: baseUrl.replace(/\/+$/, '') };
    }
  }

  return { settings: { projectKeys, trackers, github, ...(jira !== undefined && { jira }) }, diagnostics };
}

function httpUrlProblem(value: string): string | undefined {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:' ? undefined : 'must be an http(s) URL';
  } catch {
    return 'must be an http(s) URL';
  }
}

/**
 * The trackers that link references: the configured ones, then a Jira tracker for `jira.baseUrl`
 * (`{baseUrl}/browse/{key}`) so a team with one Jira site writes one line.
 */
export function effectiveTrackers(settings: TrackerSettings): TrackerConfig[] {
  const trackers = [...settings.trackers];
  if (settings.jira !== undefined) {
    trackers.push({ name: 'Jira', kind: 'jira', urlTemplate: `${settings.jira.baseUrl}/browse/{key}`, baseUrl: settings.jira.baseUrl });
  }
  return trackers;
}

/**
 * The GitHub repository for `#12`: inferred from the `origin` remote's URL (with the configured
 * Enterprise hosts), with `github.owner`, `github.repo` and `github.apiBase` taking precedence.
 * Without a GitHub `origin`, an explicit owner and repo still make one (on github.com).
 */
export function resolveGitHub(settings: TrackerSettings, originUrl: string | undefined): InferredGitHub | undefined {
  const inferred = originUrl === undefined ? undefined : inferGitHubFromRemote(originUrl, { enterpriseHosts: settings.github.enterpriseHosts });
  const owner = settings.github.owner ?? inferred?.owner;
  const repo = settings.github.repo ?? inferred?.repo;
  if (owner === undefined || repo === undefined) {
    return undefined;
  }
  return {
    owner,
    repo,
    webBase: inferred?.webBase ?? 'https://github.com',
    apiBase: settings.github.apiBase ?? inferred?.apiBase ?? 'https://api.github.com',
  };
}

/**
 * The link of each backlog reference an entry lists. A full URL stays as written (if http(s)); other
 * text is read with `parseBacklogReferences` and the configured project keys (so `PROJ-3` is a Jira
 * key only when `PROJ` is configured), then with the custom trackers' patterns, and linked with
 * `linkFor`. Never throws.
 */
export function resolveBacklogLinks(refs: readonly string[], settings: TrackerSettings, inferredGitHub: InferredGitHub | undefined): ResolvedBacklogLink[] {
  const trackers = effectiveTrackers(settings);
  const projectKeys = new Set(settings.projectKeys);
  return refs.map((ref) => {
    const text = ref.trim();
    let reference: BacklogReference | CustomReference | null = null;
    if (/^https?:\/\/\S+$/i.test(text)) {
      const [parsed] = parseBacklogReferences(text, { projectKeys });
      reference = parsed !== undefined && parsed.url === text ? parsed : { kind: 'url', id: text, url: text };
    } else {
      reference = parseBacklogReferences(text, { projectKeys })[0] ?? null;
      if (reference === null) {
        try {
          reference = findCustomReferences(text, trackers)[0] ?? null;
        } catch {
          reference = null; // patterns are validated on load; a bad one only loses custom links
        }
      }
    }
    let url: string | undefined;
    if (reference !== null) {
      try {
        url = linkFor(reference, trackers, inferredGitHub);
      } catch {
        url = undefined;
      }
    }
    return { ref, url: url ?? null, reference };
  });
}

/**
 * The Jira site to ask about `key`: the first Jira tracker with a `baseUrl` whose pattern (if any)
 * matches the key, else `jira.baseUrl`.
 */
export function jiraBaseUrlFor(key: string, settings: TrackerSettings): string | undefined {
  for (const tracker of effectiveTrackers(settings)) {
    if (tracker.kind !== 'jira' || tracker.baseUrl === undefined) {
      continue;
    }
    try {
      if (tracker.pattern === undefined || tracker.pattern === '' || new RegExp(tracker.pattern).test(key)) {
        return tracker.baseUrl.replace(/\/+$/, '');
      }
    } catch {
      continue;
    }
  }
  return undefined;
}
