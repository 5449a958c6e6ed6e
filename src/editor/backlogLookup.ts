import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { BacklogItemDetails, LookupFailureReason } from '../core/backlog/trackerClient';
import type { InferredGitHub } from '../core/backlog/trackerConfig';
import type { TrackerSettings } from '../core/backlog/trackerSettings';
import { Disposable } from './disposable';
import type { FolderEngine } from './folderEngine';
import { loadEngine } from './loadEngine';
import { readSettings, SETTINGS_SECTION } from './settings';

/** Where `debtLens.setJiraToken` keeps the Jira credentials: VS Code's secret storage only, never settings. */
export const JIRA_EMAIL_SECRET = 'debtLens.jira.email';
export const JIRA_TOKEN_SECRET = 'debtLens.jira.token';

/** VS Code's own GitHub sign-in; `repo` lets private repositories' issues answer. */
export const GITHUB_PROVIDER = 'github';
export const GITHUB_SCOPES = ['repo'];

/** Titles change rarely; a state change shows within this long. */
const TTL_MS = 10 * 60_000;
/** Not found, unauthorized, forbidden: asked again sooner, an item may be created or access granted. */
const NEGATIVE_TTL_MS = 2 * 60_000;
/** The settings file and `origin` are read again after this long. */
const SETUP_TTL_MS = 5 * 60_000;
/**
 * The tokens are read again after this long, and at once after a sign-in or a stored token. A read is
 * three round trips to the workbench, and a panel asks about dozens of items at once.
 */
const CREDENTIALS_TTL_MS = 60_000;

/** What links a folder's backlog references: its tracker settings and the GitHub repository `#12` means. */
export interface TrackerContext {
  readonly settings: TrackerSettings;
  readonly github: InferredGitHub | undefined;
  readonly originUrl: string | undefined;
}

/**
 * The folder's tracker settings (`config.yml` in the ledger folder, with `debtLens.backlog.jiraBaseUrl`
 * when the file names no Jira site) and, in a trusted workspace only, its `origin` remote (git runs).
 */
export async function loadTrackerContext(engine: FolderEngine, log: vscode.LogOutputChannel): Promise<TrackerContext> {
  const core = loadEngine();
  const folderSettings = readSettings(engine.folder);
  const { settings: fileSettings, diagnostics } = await core.loadTrackerSettings(engine.root, folderSettings.ledgerFolder);
  for (const d of diagnostics) {
    log.warn(`${engine.folder.name}: ${d.path}:${d.line} ${d.message}`);
  }
  const configured: TrackerSettings =
    fileSettings.jira === undefined && folderSettings.jiraBaseUrl !== undefined ? { ...fileSettings, jira: { baseUrl: folderSettings.jiraBaseUrl.replace(/\/+$/, '') } } : fileSettings;
  // The project keys the scan found in the history count as configured ones, as they do for the
  // commits' tickets: `PROJ-123` in an entry is a Jira key wherever the commits made PROJ one.
  const settings: TrackerSettings = { ...configured, projectKeys: [...engine.projectKeys(configured.projectKeys)] };
  let originUrl: string | undefined;
  if (vscode.workspace.isTrusted) {
    try {
      originUrl = await core.originRemoteUrl(engine.root);
    } catch (error) {
      log.info(`${engine.folder.name}: no origin remote (${error instanceof Error ? error.message : String(error)})`);
    }
  }
  return { settings, github: core.resolveGitHub(settings, originUrl), originUrl };
}

/**
 * Hosts the user trusts with tokens besides GitHub's API and `origin`'s: the Jira site of the user's
 * own (not the workspace's) `debtLens.backlog.jiraBaseUrl`, and `DEBT_LENS_TRUSTED_HOSTS` as the CLI
 * reads it. Workspace settings are committed like `config.yml`, so they add no trust.
 */
function userTrustedHosts(): string[] {
  const hosts = (process.env.DEBT_LENS_TRUSTED_HOSTS ?? '').split(',');
  const jira = vscode.workspace.getConfiguration(SETTINGS_SECTION).inspect<string>('backlog.jiraBaseUrl')?.globalValue;
  if (typeof jira === 'string' && jira.trim() !== '') {
    try {
      hosts.push(new URL(jira.trim()).host);
    } catch {
      // not a URL: links fail visibly elsewhere; it simply trusts nothing
    }
  }
  return hosts;
}

interface Credentials {
  readonly gitHubToken?: string;
  readonly jiraToken?: string;
  readonly jiraEmail?: string;
  /** Changes when any credential changes, so a sign-in starts from a fresh cache; holds no secret. */
  readonly identity: string;
}

async function readCredentials(context: vscode.ExtensionContext, noteOnce: (kind: string, line: string) => void): Promise<Credentials> {
  let session: vscode.AuthenticationSession | undefined;
  try {
    // Silent: never prompts and adds no sign-in badge; `debtLens.signInGitHub` is the way to sign in.
    session = await vscode.authentication.getSession(GITHUB_PROVIDER, GITHUB_SCOPES, { silent: true });
  } catch (error) {
    noteOnce('github-session', `GitHub session unavailable: ${error instanceof Error ? error.message : String(error)}`);
  }
  const [jiraToken, jiraEmail] = await Promise.all([context.secrets.get(JIRA_TOKEN_SECRET), context.secrets.get(JIRA_EMAIL_SECRET)]);
  const digest = createHash('sha256')
    .update(`${session?.accessToken ?? ''}\0${jiraToken ?? ''}\0${jiraEmail ?? ''}`)
    .digest('hex')
    .slice(0, 16);
  return {
    ...(session !== undefined && { gitHubToken: session.accessToken }),
    ...(jiraToken !== undefined && jiraToken !== '' && { jiraToken }),
    ...(jiraEmail !== undefined && jiraEmail !== '' && { jiraEmail }),
    identity: digest,
  };
}

/** Size and modification time of the folder's `config.yml`, or `none`: cheap to read on every lookup. */
async function settingsStamp(engine: FolderEngine): Promise<string> {
  const file = path.join(engine.root, readSettings(engine.folder).ledgerFolder, 'config.yml');
  try {
    const stat = await fs.stat(file);
    return `${stat.size}:${stat.mtimeMs}`;
  } catch {
    return 'none';
  }
}

/** What a live lookup of one backlog item came to. */
export type LiveOutcome =
  | { readonly kind: 'found'; readonly details: BacklogItemDetails }
  /** The tracker was asked and gave no details: why, in one sentence for a tooltip. */
  | { readonly kind: 'failed'; readonly reason: LookupFailureReason; readonly message: string }
  /** Nothing was asked: untrusted workspace, lookups off, or no tracker answers for such a reference. */
  | { readonly kind: 'none' };

/** Live lookups of one folder's backlog items, shared by the impact panel and the Backlog view. */
export interface BacklogLookup {
  /** The item's details, or undefined (a failure is logged once per kind). For `impactOf`. */
  details(ref: string): Promise<BacklogItemDetails | undefined>;
  outcome(ref: string): Promise<LiveOutcome>;
  /** Whether live lookups may run and a tracker credential is stored (a GitHub session, a Jira token). */
  signedIn(): Promise<boolean>;
}

interface Setup {
  readonly identity: string;
  readonly createdAt: number;
  readonly outcome: (ref: string) => Promise<LiveOutcome>;
}

/**
 * Live details of backlog items for a folder (GitHub, Jira), with tokens from VS Code's
 * authentication API and secret storage.
 *
 * Nothing is asked in an untrusted workspace or with `debtLens.backlog.liveLookups` off. Tokens go
 * only where the CLI sends them (`tokenHosts`); the GitHub session, being github.com's, only to
 * api.github.com. Answers are cached (successes 10 minutes, refusals 2), so the impact panel, the
 * Backlog view and hovers do not ask twice; a sign-in or a new Jira token starts a fresh cache. The
 * log gets one line per kind of failure (not one per item and render), again after a new sign-in.
 */
function createBacklogLookup(credentialsNow: () => Promise<Credentials>, engine: FolderEngine, log: vscode.LogOutputChannel): BacklogLookup {
  let setup: Promise<Setup> | undefined;
  const noted = new Set<string>();
  const noteOnce = (kind: string, line: string): void => {
    if (!noted.has(kind)) {
      noted.add(kind);
      log.info(`${engine.folder.name}: ${line}`);
    }
  };

  const build = async (credentials: Credentials): Promise<Setup> => {
    const core = loadEngine();
    const { settings, github, originUrl } = await loadTrackerContext(engine, log);
    const onGitHubCom = new URL(core.gitHubApiBaseOf(settings, github)).host === 'api.github.com';
    const live = core.createLiveBacklogLookup({
      settings,
      github,
      originUrl,
      credentials: {
        ...(onGitHubCom && credentials.gitHubToken !== undefined && { gitHubToken: credentials.gitHubToken }),
        ...(credentials.jiraToken !== undefined && { jiraToken: credentials.jiraToken }),
        ...(credentials.jiraEmail !== undefined && { jiraEmail: credentials.jiraEmail }),
      },
      trustedHosts: userTrustedHosts(),
      clock: () => new Date(),
    });
    // One link per reference asked.
    const linkOf = (ref: string): ReturnType<typeof core.resolveBacklogLinks>[number] => core.resolveBacklogLinks([ref], settings, github)[0]!;
    const cached = core.createCachedLookup<[string]>(
      async (ref) => (await live.lookup(linkOf(ref))) ?? { ok: false, reason: 'not-found', message: `No tracker answers for ${ref}.`, url: '' },
      { ttlMs: TTL_MS, negativeTtlMs: NEGATIVE_TTL_MS, clock: () => new Date() },
    );
    return {
      identity: credentials.identity,
      createdAt: Date.now(),
      outcome: async (ref) => {
        if (!live.supports(linkOf(ref))) {
          return { kind: 'none' };
        }
        const result = await cached.lookup(ref);
        if (result.ok) {
          return { kind: 'found', details: result.details };
        }
        noteOnce(`lookup:${result.reason}`, `live lookups fail (${result.reason}): ${result.message} (first seen for ${ref}; further ${result.reason} failures are not logged)`);
        return { kind: 'failed', reason: result.reason, message: result.message };
      },
    };
  };

  const enabled = (): boolean => vscode.workspace.isTrusted && readSettings(engine.folder).liveBacklog;

  /**
   * The setup for lookups asked now, undefined when lookups are off. Those asked together (a panel asks
   * about dozens of items at once) check the settings, the credentials and config.yml once; a later
   * one checks again.
   */
  let checking: Promise<Setup | undefined> | undefined;
  const setupNow = (): Promise<Setup | undefined> => {
    checking ??= (async (): Promise<Setup | undefined> => {
      if (!enabled()) {
        return undefined;
      }
      const credentials = await credentialsNow();
      // A new sign-in or an edited config.yml (another tracker, another repository) starts afresh.
      const identity = `${credentials.identity}:${await settingsStamp(engine)}`;
      const current = setup === undefined ? undefined : await setup.catch(() => undefined);
      let pending = setup;
      if (pending === undefined || current === undefined || current.identity !== identity || Date.now() - current.createdAt > SETUP_TTL_MS) {
        if (current !== undefined && current.identity !== identity) {
          noted.clear();
        }
        pending = setup = build({ ...credentials, identity });
      }
      return pending;
    })().finally(() => {
      checking = undefined;
    });
    return checking;
  };

  const outcome = async (ref: string): Promise<LiveOutcome> => {
    try {
      const current = await setupNow();
      return current === undefined ? { kind: 'none' } : await current.outcome(ref);
    } catch (error) {
      setup = undefined;
      const message = error instanceof Error ? error.message : String(error);
      noteOnce('setup', `could not look up backlog items (first: ${ref}): ${message}`);
      return { kind: 'failed', reason: 'error', message };
    }
  };

  return {
    outcome,
    details: async (ref) => {
      const found = await outcome(ref);
      return found.kind === 'found' ? found.details : undefined;
    },
    signedIn: async () => {
      if (!enabled()) {
        return false;
      }
      const credentials = await credentialsNow();
      return credentials.gitHubToken !== undefined || credentials.jiraToken !== undefined;
    },
  };
}

/**
 * One {@link BacklogLookup} per workspace folder, so its answer cache outlives a Show Impact and a
 * render of the Backlog view; `onDidChangeCredentials` fires on a GitHub sign-in or out and on a
 * stored or removed Jira token.
 */
export class BacklogLookups extends Disposable {
  private readonly lookups = new Map<string, BacklogLookup>();
  private readonly _onDidChangeCredentials = this.register(new vscode.EventEmitter<void>());
  readonly onDidChangeCredentials = this._onDidChangeCredentials.event;
  /** The tokens as last read, shared by every folder's lookups (see {@link CREDENTIALS_TTL_MS}). */
  private credentials: { readonly read: Promise<Credentials>; readonly at: number } | undefined;
  private readonly noted = new Set<string>();

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly log: vscode.LogOutputChannel,
  ) {
    super();
    this.register(vscode.authentication.onDidChangeSessions((event) => {
      if (event.provider.id === GITHUB_PROVIDER) {
        this.forgetCredentials();
      }
    }));
    this.register(context.secrets.onDidChange((event) => {
      if (event.key === JIRA_TOKEN_SECRET || event.key === JIRA_EMAIL_SECRET) {
        this.forgetCredentials();
      }
    }));
  }

  for(engine: FolderEngine): BacklogLookup {
    const key = engine.folder.uri.toString();
    let lookup = this.lookups.get(key);
    if (lookup === undefined) {
      lookup = createBacklogLookup(() => this.credentialsNow(), engine, this.log);
      this.lookups.set(key, lookup);
    }
    return lookup;
  }

  private credentialsNow(): Promise<Credentials> {
    if (this.credentials === undefined || Date.now() - this.credentials.at > CREDENTIALS_TTL_MS) {
      const noteOnce = (kind: string, line: string): void => {
        if (!this.noted.has(kind)) {
          this.noted.add(kind);
          this.log.info(line);
        }
      };
      const read = readCredentials(this.context, noteOnce);
      this.credentials = { read, at: Date.now() };
      // A failed read is not kept: the next lookup tries again.
      read.catch(() => {
        if (this.credentials?.read === read) {
          this.credentials = undefined;
        }
      });
    }
    return this.credentials.read;
  }

  private forgetCredentials(): void {
    this.credentials = undefined;
    this.noted.clear();
    this._onDidChangeCredentials.fire();
  }
}
