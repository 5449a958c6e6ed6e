import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import type { IncomingHttpHeaders } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import type { ShownEntryJson } from '../../../src/cli/debt/showCommand';
import { parseCliArgs, UsageError } from '../../../src/cli/parseCliArgs';
import type { CliRun } from '../support/cliProcess';
import { cliCommand, PROJECT_ROOT, runCliProcess } from '../support/cliProcess';
import { GitRepoBuilder } from '../support/gitRepoBuilder';
import { itemAt } from '../support/itemAt';

const NOW = new Date('2026-11-21T12:00:00Z');

const ROOT = PROJECT_ROOT;

/** The environment of the child, without tracker tokens of whoever runs the tests. */
function childEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const name of ['GITHUB_TOKEN', 'GH_TOKEN', 'JIRA_TOKEN', 'JIRA_EMAIL']) {
    delete env[name];
  }
  return { ...env, ...extra };
}

/** The output of `debt show --format json`, once it is seen to have the entry's id, links and body. */
function parseShown(stdout: string): ShownEntryJson {
  const shown: unknown = JSON.parse(stdout);
  assert.ok(typeof shown === 'object' && shown !== null && 'id' in shown && 'links' in shown && Array.isArray(shown.links) && 'body' in shown, stdout);
  return shown as ShownEntryJson;
}

/** Runs the real CLI entry point in a child process, as a user would. */
function cli(args: readonly string[], cwd = ROOT): CliRun {
  return runCliProcess(args, cwd, childEnv());
}

/** Like {@link cli}, without blocking this process: a server in this process can answer the child. */
function cliAsync(args: readonly string[], env: NodeJS.ProcessEnv, cwd = ROOT): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const [command, argv] = cliCommand(args);
    const child = spawn(command, argv, { cwd, env: childEnv(env) });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

interface FakeTracker {
  readonly base: string;
  /** Requests seen: path with query, and headers. */
  readonly requests: { url: string; headers: IncomingHttpHeaders }[];
  /** Every request answers 401 while set. */
  unauthorized: boolean;
  close(): Promise<void>;
}

/** A local GitHub and Jira (under /jira) answering with the documented shapes. */
async function fakeTracker(): Promise<FakeTracker> {
  const requests: FakeTracker['requests'] = [];
  const state = { unauthorized: false };
  const server = createServer((request, response) => {
    requests.push({ url: request.url ?? '', headers: request.headers });
    const send = (status: number, body: unknown): void => {
      response.writeHead(status, { 'content-type': 'application/json' });
      response.end(JSON.stringify(body));
    };
    if (state.unauthorized) {
      send(401, { message: 'Bad credentials' });
    } else if (request.url === '/repos/acme/app/issues/12') {
      send(200, { number: 12, title: 'Login fails on Safari', state: 'open', html_url: 'https://github.com/acme/app/issues/12', assignee: { login: 'alice' }, labels: [{ name: 'bug' }] });
    } else if (request.url === '/jira/rest/api/3/issue/PROJ-3?fields=summary,status,assignee,labels,issuetype,created,resolutiondate') {
      send(200, { key: 'PROJ-3', fields: { summary: 'Split the session module', status: { name: 'In Progress' }, assignee: null, labels: ['tech-debt'] } });
    } else {
      send(404, { message: 'Not Found' });
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    base: `http://127.0.0.1:${port}`,
    requests,
    get unauthorized() {
      return state.unauthorized;
    },
    set unauthorized(value: boolean) {
      state.unauthorized = value;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const SESSION = `export class Session {
  refresh(token: string): string {
    // TODO(PROJ-7): three copies of this
    return token.trim();
  }
}
`;

const UTIL = `export function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}
`;

/** A repository with two source files, committed by Alice, whose git config names her. */
function fixture(): GitRepoBuilder {
  const repo = GitRepoBuilder.create('debt-lens-debt-cli-');
  repo.write('src/session.ts', SESSION).write('src/util.ts', UTIL);
  repo.commit({ message: 'initial', date: '2026-01-10T10:00:00Z' });
  return repo;
}

/** `debt add` in `repo`; returns the new id and its file, both read from what the command printed. */
function add(repo: GitRepoBuilder, args: readonly string[]): { id: string; file: string } {
  const run = cli(['debt', 'add', '--repo', repo.dir, ...args]);
  assert.equal(run.code, 0, run.stderr);
  assert.equal(run.stderr, '');
  const match = /^(TD-[0-9a-f]{6}) (\.techdebt\/TD-[0-9a-f]{6}-[a-z0-9-]+\.md)\n$/.exec(run.stdout);
  assert.ok(match, run.stdout);
  return { id: match[1]!, file: match[2]! };
}

function entryFiles(repo: GitRepoBuilder): Map<string, string> {
  const dir = path.join(repo.dir, '.techdebt');
  return new Map(fs.readdirSync(dir).sort().map((name) => [name, fs.readFileSync(path.join(dir, name), 'utf8')]));
}

describe('debt-lens debt', function () {
  this.timeout(120_000);
  let repo: GitRepoBuilder;

  beforeEach(() => {
    repo = fixture();
  });

  afterEach(() => {
    repo.cleanup();
  });

  it('adds an entry anchored to a symbol, then lists and shows it with its anchor resolved', () => {
    const { id, file } = add(repo, [
      '--title', 'Session refresh is copy-pasted', '--severity', 'high', '--principal', '3d', '--tag', 'auth',
      '--backlog', 'PROJ-12', '--backlog', '#45', '--file', 'src/session.ts', '--lines', '3-4', '--body', 'Three copies have drifted.',
    ]);
    assert.equal(file, `.techdebt/${id}-session-refresh-is-copy-pasted.md`);
    const text = repo.read(file);
    const created = /^created: (\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ)$/m.exec(text)?.[1];
    assert.ok(created !== undefined && Math.abs(Date.parse(created) - Date.now()) < 120_000, text);
    assert.equal(
      text,
      [
        '---',
        `id: ${id}`,
        'title: Session refresh is copy-pasted',
        'status: open',
        'severity: high',
        'principal: 3d',
        'tags:',
        '  - auth',
        'backlog:',
        '  - PROJ-12',
        '  - "#45"',
        'anchors:',
        '  - path: src/session.ts',
        '    symbol: Session.refresh',
        '    lines: [2, 5]',
        `    fingerprint: ${/fingerprint: (fp1:[0-9a-f]{16})/.exec(text)?.[1]}`,
        `created: ${created}`,
        'author: Alice Example',
        '---',
        '',
        'Three copies have drifted.',
        '',
      ].join('\n'),
    );

    const table = cli(['debt', 'list'], repo.dir);
    assert.deepEqual(table, {
      code: 0,
      stderr: '',
      stdout: [
        'id         status  severity  principal  anchors  title',
        '---------  ------  --------  ---------  -------  ------------------------------',
        `${id}  open    high      3d         ok       Session refresh is copy-pasted`,
        '',
      ].join('\n'),
    });

    const json = cli(['debt', 'list', '--repo', repo.dir, '--format', 'json']);
    assert.equal(json.code, 0, json.stderr);
    const fingerprint = /fingerprint: (fp1:[0-9a-f]{16})/.exec(text)![1];
    const anchor = { path: 'src/session.ts', symbol: 'Session.refresh', lines: [2, 5], fingerprint };
    assert.deepEqual(JSON.parse(json.stdout), {
      entries: [
        {
          id,
          title: 'Session refresh is copy-pasted',
          status: 'open',
          severity: 'high',
          principal: '3d',
          tags: ['auth'],
          backlog: ['PROJ-12', '#45'],
          created,
          updated: null,
          author: 'Alice Example',
          path: file,
          anchors: [{ ...anchor, state: 'ok', how: 'symbol', reason: null, current: anchor }],
        },
      ],
      diagnostics: [],
    });

    assert.equal(cli(['debt', 'list', '--repo', repo.dir, '--status', 'paid']).stdout, 'No debt entries in .techdebt.\n');
    assert.equal(cli(['debt', 'list', '--repo', repo.dir, '--format', 'csv']).stdout, `id,status,severity,principal,anchors,title,tags,backlog,file\r\n${id},open,high,3d,ok,Session refresh is copy-pasted,auth,PROJ-12;#45,${file}\r\n`);

    const show = cli(['debt', 'show', id, '--repo', repo.dir]);
    assert.deepEqual(show, {
      code: 0,
      stderr: '',
      stdout: [
        `${id}  Session refresh is copy-pasted`,
        'status     open',
        'severity   high',
        'principal  3d',
        'tags       auth',
        'backlog    PROJ-12, #45',
        `created    ${created}`,
        'updated    -',
        'author     Alice Example',
        `file       ${file}`,
        '',
        'anchors',
        '  ok        src/session.ts:2-5 Session.refresh',
        '',
        'links',
        '  PROJ-12  (no link)',
        '  #45      (no link)',
        '',
        'Three copies have drifted.',
        '',
      ].join('\n'),
    });
    assert.equal(parseShown(cli(['debt', 'show', id, '--repo', repo.dir, '--format', 'json']).stdout).body, 'Three copies have drifted.\n');
  });

  it('changes only the status and updated lines of only that entry', () => {
    const first = add(repo, ['--title', 'Refresh', '--file', 'src/session.ts', '--symbol', 'Session.refresh']);
    const second = add(repo, ['--title', 'Clamp', '--file', 'src/util.ts']);
    const before = entryFiles(repo);

    const run = cli(['debt', 'status', first.id, 'scheduled', '--repo', repo.dir]);
    assert.deepEqual(run, { code: 0, stderr: '', stdout: `${first.id} open → scheduled\n` });

    const after = entryFiles(repo);
    assert.deepEqual([...after.keys()], [...before.keys()], 'no file added or removed');
    const secondName = path.posix.basename(second.file);
    assert.equal(after.get(secondName), before.get(secondName), 'the other entry is byte-identical');
    const firstName = path.posix.basename(first.file);
    const oldLines = before.get(firstName)!.split('\n');
    const newLines = after.get(firstName)!.split('\n');
    const updated = newLines.find((line) => line.startsWith('updated: '));
    assert.match(updated ?? '', /^updated: \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    assert.deepEqual(
      newLines.filter((line) => line !== updated),
      oldLines.map((line) => (line === 'status: open' ? 'status: scheduled' : line)),
    );
    assert.ok(oldLines.includes('status: open'));

    assert.deepEqual(cli(['debt', 'status', first.id, 'scheduled', '--repo', repo.dir]), { code: 0, stderr: '', stdout: `${first.id} is already scheduled\n` });
    assert.equal(repo.read(first.file), after.get(firstName), 'no write when the status is unchanged');
  });

  it('rejects a bad status with exit 2 and an unknown id with exit 1, writing nothing', () => {
    const { id, file } = add(repo, ['--title', 'Refresh', '--file', 'src/session.ts', '--symbol', 'Session.refresh']);
    const before = repo.read(file);
    assert.deepEqual(cli(['debt', 'status', id, 'done', '--repo', repo.dir]), {
      code: 2,
      stdout: '',
      stderr: "debt-lens: status must be open, accepted, scheduled, paid or wontfix, not 'done'\nRun 'debt-lens --help' for usage.\n",
    });
    assert.deepEqual(cli(['debt', 'status', 'TD-ffffff', 'paid', '--repo', repo.dir]), { code: 1, stdout: '', stderr: 'debt-lens: no debt entry TD-ffffff\n' });
    assert.deepEqual(cli(['debt', 'show', 'TD-ffffff', '--repo', repo.dir]), { code: 1, stdout: '', stderr: 'debt-lens: no debt entry TD-ffffff\n' });
    assert.deepEqual(cli(['debt', 'show', 'TD-ffffff', '--live', '--repo', repo.dir]), { code: 1, stdout: '', stderr: 'debt-lens: no debt entry TD-ffffff\n' });
    assert.deepEqual(cli(['debt', 'add', '--repo', repo.dir, '--title', 'X', '--file', 'src/session.ts', '--symbol', 'Nope']), {
      code: 1,
      stdout: '',
      stderr: 'debt-lens: src/session.ts declares no function or class named Nope\n',
    });
    assert.deepEqual(cli(['debt', 'add', '--repo', repo.dir, '--title', 'X', '--file', 'src/missing.ts']), { code: 1, stdout: '', stderr: 'debt-lens: no such file: src/missing.ts\n' });
    assert.equal(cli(['debt', 'frobnicate']).code, 2);
    assert.equal(repo.read(file), before);
    assert.deepEqual([...entryFiles(repo).keys()], [path.posix.basename(file)]);
  });

  it('reanchors a function moved within its file, and --dry-run writes nothing', () => {
    const { id, file } = add(repo, ['--title', 'Refresh', '--file', 'src/session.ts', '--symbol', 'Session.refresh']);
    const other = add(repo, ['--title', 'Clamp', '--file', 'src/util.ts', '--symbol', 'clamp']);
    const before = entryFiles(repo);
    repo.write('src/session.ts', `const LIMIT = 3;\n\n${SESSION}`);

    const changes = [`${id} moved src/session.ts:2-5 Session.refresh → src/session.ts:4-7 Session.refresh (symbol)`];
    const dry = cli(['debt', 'reanchor', '--dry-run', '--repo', repo.dir]);
    assert.deepEqual(dry, { code: 0, stderr: '', stdout: [...changes, 'Dry run: 1 entry would be rewritten, 0 orphaned anchors left as is; nothing written.', ''].join('\n') });
    assert.deepEqual(entryFiles(repo), before);
    assert.match(cli(['debt', 'list', '--repo', repo.dir]).stdout, new RegExp(`^${id}  open    medium    -          moved    Refresh$`, 'm'));

    const run = cli(['debt', 'reanchor', '--repo', repo.dir]);
    assert.deepEqual(run, { code: 0, stderr: '', stdout: [...changes, '1 entry rewritten, 0 orphaned anchors left as is.', ''].join('\n') });
    const after = repo.read(file);
    assert.equal(after.replace(/^updated: .*\n/m, ''), before.get(path.posix.basename(file))!.replace('lines: [2, 5]', 'lines: [4, 7]'));
    assert.match(after, /^updated: \d{4}-/m);
    assert.equal(repo.read(other.file), before.get(path.posix.basename(other.file)), 'the entry whose code did not move is untouched');
    assert.match(cli(['debt', 'list', '--repo', repo.dir]).stdout, new RegExp(`^${id}  open    medium    -          ok       Refresh$`, 'm'));
    assert.equal(cli(['debt', 'reanchor', '--repo', repo.dir]).stdout, '0 entries rewritten, 0 orphaned anchors left as is.\n');
  });

  it('follows a git mv, and reports orphaned anchors without touching their entries', () => {
    const moved = add(repo, ['--title', 'Refresh', '--file', 'src/session.ts', '--symbol', 'Session.refresh']);
    const gone = add(repo, ['--title', 'Clamp', '--file', 'src/util.ts', '--lines', '2-2']);
    repo.commit({ message: 'debt entries', date: '2026-01-11T10:00:00Z' });
    repo.rename('src/session.ts', 'lib/session.ts');
    repo.remove('src/util.ts');
    repo.commit({ message: 'move session, drop util', date: '2026-01-12T10:00:00Z' });
    const goneBefore = repo.read(gone.file);
    const movedBefore = repo.read(moved.file);

    const run = cli(['debt', 'reanchor'], repo.dir);
    const [first, second] = [moved, gone].sort((a, b) => (a.file < b.file ? -1 : 1));
    const lines = {
      [moved.id]: `${moved.id} moved src/session.ts:2-5 Session.refresh → lib/session.ts:2-5 Session.refresh (renamed-symbol)`,
      [gone.id]: `${gone.id} orphaned src/util.ts:1-3 clamp (file-missing), left as is`,
    };
    assert.deepEqual(run, { code: 0, stderr: '', stdout: [lines[first!.id], lines[second!.id], '1 entry rewritten, 1 orphaned anchor left as is.', ''].join('\n') });
    assert.equal(repo.read(gone.file), goneBefore, 'the orphaned entry is byte-identical');
    assert.equal(repo.read(moved.file).replace(/^updated: .*\n/m, ''), movedBefore.replace('  - path: src/session.ts', '  - path: lib/session.ts'));
    assert.match(cli(['debt', 'show', gone.id, '--repo', repo.dir]).stdout, /^ {2}orphaned {2}src\/util\.ts:1-3 clamp \(file-missing\)$/m);
  });

  it('reports a malformed entry file on stderr, lists the others, and never rewrites it', () => {
    const { id } = add(repo, ['--title', 'Refresh', '--file', 'src/session.ts', '--symbol', 'Session.refresh', '--severity', 'low']);
    const broken = '---\nid: TD-0bad01\ntitle: Broken\nstatus: finished\nseverity: high\ncreated: 2026-01-01\n---\n\nBody.\n';
    repo.write('.techdebt/TD-0bad01-broken.md', broken);

    const run = cli(['debt', 'list', '--repo', repo.dir]);
    assert.equal(run.code, 0);
    assert.equal(run.stderr, '.techdebt/TD-0bad01-broken.md:4: unknown status finished; expected one of open, accepted, scheduled, paid, wontfix [unknown-status]\n');
    assert.match(run.stdout, new RegExp(`^${id}  open    low       -          ok       Refresh\\n$`, 'm'));
    assert.doesNotMatch(run.stdout, /TD-0bad01/);
    const strict = cli(['debt', 'list', '--repo', repo.dir, '--strict']);
    assert.equal(strict.code, 1);
    assert.equal(strict.stderr, run.stderr);

    const status = cli(['debt', 'status', 'TD-0bad01', 'paid', '--repo', repo.dir]);
    assert.equal(status.code, 1);
    assert.match(status.stderr, /^debt-lens: debt entry TD-0bad01 is malformed: \.techdebt\/TD-0bad01-broken\.md:4 unknown status finished; expected one of open, accepted, scheduled, paid, wontfix\n$/);
    assert.equal(cli(['debt', 'reanchor', '--repo', repo.dir]).stderr, run.stderr);
    assert.equal(repo.read('.techdebt/TD-0bad01-broken.md'), broken);
  });

  it('shows backlog links from origin and config.yml, and details with --live', async () => {
    repo.git('remote', 'add', 'origin', 'https://github.com/acme/app.git');
    repo.write('.techdebt/config.yml', 'projectKeys: [PROJ]\njira:\n  baseUrl: https://jira.example.com\n');
    const { id } = add(repo, ['--title', 'Refresh', '--file', 'src/session.ts', '--symbol', 'Session.refresh', '--backlog', '#12', '--backlog', 'PROJ-3', '--backlog', 'XYZ-1']);
    assert.deepEqual(cli(['debt', 'list', '--repo', repo.dir]).stderr, '', 'config.yml is not an entry file');

    const json = cli(['debt', 'show', id, '--repo', repo.dir, '--format', 'json']);
    assert.equal(json.code, 0, json.stderr);
    assert.deepEqual(parseShown(json.stdout).links, [
      { ref: '#12', url: 'https://github.com/acme/app/issues/12', details: null, reason: null, message: null, retryAfter: null },
      { ref: 'PROJ-3', url: 'https://jira.example.com/browse/PROJ-3', details: null, reason: null, message: null, retryAfter: null },
      { ref: 'XYZ-1', url: null, details: null, reason: null, message: null, retryAfter: null },
    ]);
    assert.match(
      cli(['debt', 'show', id, '--repo', repo.dir]).stdout,
      /\nlinks\n {2}#12 {5}https:\/\/github\.com\/acme\/app\/issues\/12\n {2}PROJ-3 {2}https:\/\/jira\.example\.com\/browse\/PROJ-3\n {2}XYZ-1 {3}\(no link\)\n$/,
    );

    const tracker = await fakeTracker();
    try {
      repo.write('.techdebt/config.yml', `projectKeys: [PROJ]\njira:\n  baseUrl: ${tracker.base}/jira\ngithub:\n  apiBase: ${tracker.base}\n`);
      // config.yml names the hosts, and it is committed: without the user's trust no token goes there.
      const untrusted = await cliAsync(['debt', 'show', id, '--live', '--repo', repo.dir, '--format', 'json'], { GITHUB_TOKEN: 'gh-secret', JIRA_TOKEN: 'jira-secret', JIRA_EMAIL: 'me@example.com' });
      assert.equal(untrusted.code, 0, untrusted.stderr);
      assert.deepEqual(tracker.requests.map((r) => r.headers.authorization), [undefined, undefined]);
      tracker.requests.length = 0;
      const env = { GITHUB_TOKEN: 'gh-secret', JIRA_TOKEN: 'jira-secret', JIRA_EMAIL: 'me@example.com', DEBT_LENS_TRUSTED_HOSTS: new URL(tracker.base).host };
      const live = await cliAsync(['debt', 'show', id, '--live', '--repo', repo.dir, '--format', 'json'], env);
      assert.equal(live.code, 0, live.stderr);
      assert.equal(live.stderr, '');
      const { links } = parseShown(live.stdout);
      assert.deepEqual(
        links.map(({ ref, url, details, reason }) => ({ ref, url, details, reason })),
        [
          {
            ref: '#12',
            url: 'https://github.com/acme/app/issues/12',
            details: { id: 'acme/app#12', title: 'Login fails on Safari', state: 'open', assignee: 'alice', labels: ['bug'], url: 'https://github.com/acme/app/issues/12', isPullRequest: false },
            reason: null,
          },
          {
            ref: 'PROJ-3',
            url: `${tracker.base}/jira/browse/PROJ-3`,
            details: { id: 'PROJ-3', title: 'Split the session module', state: 'In Progress', assignee: null, labels: ['tech-debt'], url: `${tracker.base}/jira/browse/PROJ-3`, isPullRequest: false },
            reason: null,
          },
          { ref: 'XYZ-1', url: null, details: null, reason: 'unsupported' },
        ],
      );
      const auth = new Map(tracker.requests.map((r) => [r.url.split('?')[0], r.headers.authorization]));
      assert.deepEqual(Object.fromEntries(auth), {
        '/repos/acme/app/issues/12': 'Bearer gh-secret',
        '/jira/rest/api/3/issue/PROJ-3': `Basic ${Buffer.from('me@example.com:jira-secret').toString('base64')}`,
      });

      const table = await cliAsync(['debt', 'show', id, '--live', '--repo', repo.dir], env);
      assert.equal(table.code, 0, table.stderr);
      assert.match(table.stdout, /^ {2}#12 {5}https:\/\/github\.com\/acme\/app\/issues\/12 {2}Login fails on Safari \[open, alice\]$/m);
      assert.match(table.stdout, /^ {2}PROJ-3 {2}http:\/\/127\.0\.0\.1:\d+\/jira\/browse\/PROJ-3 {2}Split the session module \[In Progress, unassigned\]$/m);

      tracker.unauthorized = true;
      const denied = await cliAsync(['debt', 'show', id, '--live', '--repo', repo.dir], { GH_TOKEN: 'expired', DEBT_LENS_TRUSTED_HOSTS: new URL(tracker.base).host });
      assert.equal(denied.code, 0, denied.stderr);
      assert.match(denied.stdout, /^ {2}#12 {5}https:\/\/github\.com\/acme\/app\/issues\/12 {2}\(unauthorized: GitHub rejected the sign-in; sign in again\.\)$/m);
      assert.match(denied.stdout, /^ {2}PROJ-3 {2}http:\/\/127\.0\.0\.1:\d+\/jira\/browse\/PROJ-3 {2}\(unauthorized: Sign in to Jira to see details\.\)$/m);
      const deniedJson = parseShown((await cliAsync(['debt', 'show', id, '--live', '--repo', repo.dir, '--format', 'json'], {})).stdout);
      assert.deepEqual(
        deniedJson.links.map((l) => [l.ref, l.url, l.details, l.reason]),
        [
          ['#12', 'https://github.com/acme/app/issues/12', null, 'unauthorized'],
          ['PROJ-3', `${tracker.base}/jira/browse/PROJ-3`, null, 'unauthorized'],
          ['XYZ-1', null, null, 'unsupported'],
        ],
      );
    } finally {
      await tracker.close();
    }

    const closedPort = tracker.base;
    repo.write('.techdebt/config.yml', `projectKeys: [PROJ]\njira:\n  baseUrl: ${closedPort}/jira\ngithub:\n  apiBase: ${closedPort}\n`);
    const offline = await cliAsync(['debt', 'show', id, '--live', '--repo', repo.dir, '--format', 'json'], {});
    assert.equal(offline.code, 0, offline.stderr);
    assert.deepEqual(
      parseShown(offline.stdout).links.map((l) => [l.ref, l.reason]),
      [
        ['#12', 'offline'],
        ['PROJ-3', 'offline'],
        ['XYZ-1', 'unsupported'],
      ],
    );
  });

  it('reports a broken config.yml with its line and still shows the entry', () => {
    const { id } = add(repo, ['--title', 'Refresh', '--file', 'src/session.ts', '--symbol', 'Session.refresh', '--backlog', 'PROJ-3']);
    repo.write('.techdebt/config.yml', 'projectKeys: PROJ\n');
    const run = cli(['debt', 'show', id, '--repo', repo.dir]);
    assert.equal(run.code, 0);
    assert.equal(run.stderr, '.techdebt/config.yml:1: projectKeys must be a list of strings [wrong-type]\n');
    assert.match(run.stdout, /^ {2}PROJ-3 {2}\(no link\)$/m);
  });

  it('promotes a marker to an entry anchored to its function', () => {
    repo.write('.techdebt/config.yml', 'projectKeys: [PROJ]\n');
    const run = cli(['debt', 'promote', 'src/session.ts:3', '--repo', repo.dir]);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stderr, '');
    const match = /^(TD-[0-9a-f]{6}) (\.techdebt\/TD-[0-9a-f]{6}-three-copies-of-this\.md)\n$/.exec(run.stdout);
    assert.ok(match, run.stdout);
    const shown = parseShown(cli(['debt', 'show', match[1]!, '--repo', repo.dir, '--format', 'json']).stdout);
    assert.deepEqual(
      { title: shown.title, severity: shown.severity, status: shown.status, backlog: shown.backlog, author: shown.author, body: shown.body },
      {
        title: 'three copies of this',
        severity: 'low',
        status: 'open',
        backlog: ['PROJ-7'],
        author: 'Alice Example',
        body: 'Promoted from a `TODO` marker at `src/session.ts:3`:\n\n> TODO (PROJ-7): three copies of this\n',
      },
    );
    assert.deepEqual(
      shown.anchors.map((a) => [a.path, a.symbol, a.lines, a.state]),
      [['src/session.ts', 'Session.refresh', [2, 5], 'ok']],
    );

    const titled = cli(['debt', 'promote', 'src/session.ts:3', '--title', 'Dedupe refresh', '--severity', 'high', '--repo', repo.dir]);
    assert.equal(titled.code, 0, titled.stderr);
    const file = /^TD-[0-9a-f]{6} (\S+)\n$/.exec(titled.stdout)![1]!;
    assert.match(repo.read(file), /^title: Dedupe refresh\nstatus: open\nseverity: high\n/m);
  });

  it('refuses to promote where there is no marker, writing nothing', () => {
    assert.deepEqual(cli(['debt', 'promote', 'src/session.ts:2', '--repo', repo.dir]), {
      code: 1,
      stdout: '',
      stderr: 'debt-lens: no TODO/FIXME/HACK/XXX/@deprecated marker at src/session.ts:2\n',
    });
    assert.deepEqual(cli(['debt', 'promote', 'src/nope.ts:2', '--repo', repo.dir]), { code: 1, stdout: '', stderr: 'debt-lens: no such file: src/nope.ts\n' });
    assert.equal(fs.existsSync(path.join(repo.dir, '.techdebt')), false);
  });

  it('refuses a file outside the repository, by path or through a symlink, with exit 2, writing nothing', function () {
    const outside = fs.mkdtempSync(path.join(os.tmpdir(), 'debt-lens-outside-'));
    try {
      fs.writeFileSync(path.join(outside, 'secret.ts'), '// TODO leak\nexport const x = 1;\n');
      try {
        fs.symlinkSync(path.join(outside, 'secret.ts'), path.join(repo.dir, 'src', 'leak.ts'));
      } catch {
        this.skip(); // no symlinks without privileges on Windows
      }
      const refused = (what: string): CliRun => ({ code: 2, stdout: '', stderr: `debt-lens: ${what} is not a file inside the repository ${repo.dir}\n` });
      assert.deepEqual(cli(['debt', 'add', '--repo', repo.dir, '--title', 'Leak', '--file', 'src/leak.ts']), refused('--file src/leak.ts'));
      assert.deepEqual(cli(['debt', 'add', '--repo', repo.dir, '--title', 'Leak', '--file', '../secret.ts']), refused('--file ../secret.ts'));
      assert.deepEqual(cli(['debt', 'promote', 'src/leak.ts:1', '--repo', repo.dir]), refused('src/leak.ts'));
      assert.equal(fs.existsSync(path.join(repo.dir, '.techdebt')), false);
    } finally {
      fs.rmSync(outside, { recursive: true, force: true });
    }
  });

  it('lists harvested markers with author and age', () => {
    const run = cli(['debt', 'markers', '--repo', repo.dir, '--project-key', 'PROJ', '--format', 'json']);
    assert.equal(run.code, 0, run.stderr);
    const [marker] = JSON.parse(run.stdout) as { path: string; line: number; tag: string; author: string; ageDays: number; text: string; references: string[] }[];
    assert.deepEqual(
      { path: marker!.path, line: marker!.line, tag: marker!.tag, author: marker!.author, text: marker!.text, references: marker!.references },
      { path: 'src/session.ts', line: 3, tag: 'TODO', author: 'Alice Example', text: '(PROJ-7): three copies of this', references: ['PROJ-7'] },
    );
    const age = Math.floor((Date.now() - Date.parse('2026-01-10T10:00:00Z')) / 86_400_000);
    const table = cli(['debt', 'markers', '--repo', repo.dir, '--project-key', 'PROJ']);
    assert.equal(
      table.stdout,
      [
        `location          tag   author         ${'age'.padEnd(`${age}d`.length)}  text                            refs`,
        `----------------  ----  -------------  ${'-'.repeat(Math.max(3, `${age}d`.length))}  ------------------------------  ------`,
        `src/session.ts:3  TODO  Alice Example  ${`${age}d`.padEnd(3)}  (PROJ-7): three copies of this  PROJ-7`,
        '',
      ].join('\n'),
    );
  });

  it('reads PROJ-7 as a Jira key once the commits cite PROJ tickets, as the scan does, with no config.yml', () => {
    const markerRefs = (): string[] => (JSON.parse(cli(['debt', 'markers', '--repo', repo.dir, '--format', 'json']).stdout) as { references: string[] }[])[0]!.references;
    const { id } = add(repo, ['--title', 'Totals drift', '--file', 'src/util.ts', '--lines', '1-1', '--backlog', 'PROJ-9']);
    repo.write('.techdebt/config.yml', 'jira:\n  baseUrl: https://jira.example.com\n');
    const link = (): string | null => itemAt(parseShown(cli(['debt', 'show', id, '--repo', repo.dir, '--format', 'json']).stdout).links, 0).url;
    assert.deepEqual([markerRefs(), link()], [[], null]);
    // A key the commits use as tickets becomes a project key: not PROJ-3 in passing, once only...
    repo.write('src/util.ts', `${UTIL}// rounding\n`).commit({ message: 'Fix the totals (PROJ-3)', date: '2026-09-01T10:00:00Z' });
    assert.deepEqual([markerRefs(), link()], [[], null], 'one mention in passing is not enough');
    // ...but a subject that starts with a ticket (within the last 12 months) is.
    repo.write('src/util.ts', `${UTIL}// rounding twice\n`).commit({ message: 'PROJ-4: rounding', date: '2026-09-02T10:00:00Z' });
    assert.deepEqual([markerRefs(), link()], [['PROJ-7'], 'https://jira.example.com/browse/PROJ-9']);
  });

  it('reads marker references with config.yml\'s project keys, as promote does', () => {
    const references = (): string[] => (JSON.parse(cli(['debt', 'markers', '--repo', repo.dir, '--format', 'json']).stdout) as { references: string[] }[])[0]!.references;
    assert.deepEqual(references(), [], 'PROJ is no project key yet');
    repo.write('.techdebt/config.yml', 'projectKeys: [PROJ]\n');
    assert.deepEqual(references(), ['PROJ-7']);
  });
});

describe('parseCliArgs: debt', () => {
  it('reads each subcommand with its own options', () => {
    assert.deepEqual(parseCliArgs(['debt', 'list', '--status', 'open', '--tag', 'auth', '--format', 'json', '--strict'], NOW), {
      command: 'debt',
      repo: undefined,
      ledgerDir: '.techdebt',
      sub: 'list',
      format: 'json',
      status: 'open',
      severity: undefined,
      tag: 'auth',
      strict: true,
      sort: 'ledger',
    });
    assert.deepEqual(
      parseCliArgs(['debt', 'add', '--repo', '../r', '--ledger-dir', 'docs/debt', '--title', ' T ', '--file', 'src/a.ts', '--lines', '3-9', '--tag', 'x', '--tag', 'y', '--backlog', 'PROJ-1', '--principal', '2.5d'], NOW),
      {
        command: 'debt',
        repo: '../r',
        ledgerDir: 'docs/debt',
        sub: 'add',
        title: 'T',
        severity: 'medium',
        principal: '2.5d',
        tags: ['x', 'y'],
        backlog: ['PROJ-1'],
        file: 'src/a.ts',
        lines: [3, 9],
        symbol: undefined,
        body: '',
      },
    );
    assert.deepEqual(parseCliArgs(['debt', 'status', 'TD-abc123', 'paid'], NOW), { command: 'debt', repo: undefined, ledgerDir: '.techdebt', sub: 'status', id: 'TD-abc123', status: 'paid' });
    assert.deepEqual(parseCliArgs(['debt', 'reanchor', '--dry-run'], NOW), { command: 'debt', repo: undefined, ledgerDir: '.techdebt', sub: 'reanchor', dryRun: true });
    assert.deepEqual(parseCliArgs(['debt', 'show', '--help'], NOW), { command: 'help' });
    assert.deepEqual(parseCliArgs(['debt', 'show', 'TD-abc123', '--live', '--format', 'json'], NOW), {
      command: 'debt',
      repo: undefined,
      ledgerDir: '.techdebt',
      sub: 'show',
      id: 'TD-abc123',
      format: 'json',
      live: true,
    });
    assert.deepEqual(parseCliArgs(['debt', 'promote', 'C:/src/a:b.ts:12', '--title', 'T', '--severity', 'high', '--project-key', 'PROJ'], NOW), {
      command: 'debt',
      repo: undefined,
      ledgerDir: '.techdebt',
      sub: 'promote',
      file: 'C:/src/a:b.ts',
      line: 12,
      title: 'T',
      severity: 'high',
      projectKeys: ['PROJ'],
    });
  });

  it('rejects bad debt usage with a message that says what is wrong', () => {
    assert.throws(() => parseCliArgs(['debt'], NOW), new UsageError('debt needs a subcommand: list, show, add, status, reanchor, markers or promote'));
    assert.throws(() => parseCliArgs(['debt', 'promote', 'src/a.ts'], NOW), /debt promote takes the marker's place as PATH:LINE/);
    assert.throws(() => parseCliArgs(['debt', 'promote', 'src/a.ts:0'], NOW), /PATH:LINE/);
    assert.throws(() => parseCliArgs(['debt', 'promote'], NOW), new UsageError('debt promote takes <PATH:LINE>, got none'));
    assert.throws(() => parseCliArgs(['debt', 'promote', 'a.ts:3', '--severity', 'huge'], NOW), /--severity must be/);
    assert.throws(() => parseCliArgs(['debt', 'status', 'TD-abc123', 'done'], NOW), new UsageError("status must be open, accepted, scheduled, paid or wontfix, not 'done'"));
    assert.throws(() => parseCliArgs(['debt', 'status', 'TD-abc123'], NOW), new UsageError('debt status takes <ID> <STATUS>, got TD-abc123'));
    assert.throws(() => parseCliArgs(['debt', 'list', '--severity', 'huge'], NOW), new UsageError("--severity must be low, medium, high or critical, not 'huge'"));
    assert.throws(() => parseCliArgs(['debt', 'list', '--top', '3'], NOW), UsageError);
    assert.throws(() => parseCliArgs(['debt', 'add', '--file', 'a.ts'], NOW), new UsageError('debt add needs --title'));
    assert.throws(() => parseCliArgs(['debt', 'add', '--title', 'T', '--file', 'a.ts', '--lines', '9-3'], NOW), /--lines takes a range/);
    assert.throws(() => parseCliArgs(['debt', 'add', '--title', 'T', '--file', 'a.ts', '--lines', '1-2', '--symbol', 'f'], NOW), /not both/);
    assert.throws(() => parseCliArgs(['debt', 'add', '--title', 'T', '--file', 'a.ts', '--principal', '3'], NOW), /--principal takes a number and a unit/);
  });
});
