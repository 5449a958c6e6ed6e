// In-host test of the live backlog lookup (trusted scenario): a mock of GitHub's REST API
// on 127.0.0.1, named by `.techdebt/config.yml` (`github: { owner, repo, apiBase }`), answers for issue #12 once
// the fixture's entry links `#12`. The impact of the entry carries the mock's title and state; the mock sees
// exactly one request, and no Authorization header (the test host has no GitHub session, and a GitHub token
// goes to api.github.com only). Each test puts the entry back as it found it; config.yml goes at the end.
const assert = require('node:assert/strict');
const fs = require('node:fs');
const http = require('node:http');
const path = require('node:path');
const vscode = require('vscode');
const { FIXTURE, workspaceRoot, activateApi, settle, waitFor, frontMatter } = require('./helpers');

const OWNER = 'acme';
const REPO = 'billing';

/** An issue as `GET /repos/{owner}/{repo}/issues/{number}` returns it (the fields Debt Lens reads, and some it does not). */
function issue(port, number) {
  return {
    url: `http://127.0.0.1:${port}/repos/${OWNER}/${REPO}/issues/${number}`,
    html_url: `https://github.com/${OWNER}/${REPO}/issues/${number}`,
    id: 1_000_000 + number,
    node_id: 'I_kwDOAAAAAA',
    number,
    title: 'Extract the invoice cache into its own service',
    user: { login: 'alice', id: 1, type: 'User' },
    labels: [
      { id: 11, name: 'tech-debt', color: 'd73a4a', default: false },
      { id: 12, name: 'billing', color: '0e8a16', default: false },
    ],
    state: 'open',
    locked: false,
    assignee: { login: 'carol', id: 3, type: 'User' },
    assignees: [{ login: 'carol', id: 3, type: 'User' }],
    milestone: null,
    comments: 2,
    created_at: '2024-01-02T03:04:05Z',
    updated_at: '2024-02-03T04:05:06Z',
    closed_at: null,
    author_association: 'MEMBER',
    body: 'The refresh logic is duplicated.',
  };
}

/** A mock GitHub REST server: answers issue #12 of acme/billing, 404 for anything else; records every request. */
function startMockGitHub() {
  const requests = [];
  const server = http.createServer((request, response) => {
    requests.push({ method: request.method, url: request.url, headers: { ...request.headers } });
    const { port } = server.address();
    if (request.method === 'GET' && request.url === `/repos/${OWNER}/${REPO}/issues/12`) {
      response.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'x-ratelimit-limit': '60', 'x-ratelimit-remaining': '59', 'x-ratelimit-reset': String(Math.floor(Date.now() / 1000) + 3600) });
      response.end(JSON.stringify(issue(port, 12)));
      return;
    }
    response.writeHead(404, { 'content-type': 'application/json; charset=utf-8' });
    response.end(JSON.stringify({ message: 'Not Found', documentation_url: 'https://docs.github.com/rest/issues/issues#get-an-issue', status: '404' }));
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve({ server, requests, port: server.address().port }));
  });
}

suite('Live backlog lookup against a mock GitHub API (trusted)', () => {
  let api;
  let folder;
  let root;
  let mock;
  let configFile;
  let entryFile;
  let entryBefore;
  const target = () => ({ kind: 'entry', folder: folder.uri.toString(), id: FIXTURE.entry.id });

  suiteSetup(async () => {
    folder = workspaceRoot();
    root = folder.uri.fsPath;
    assert.equal(vscode.workspace.isTrusted, true);
    api = await activateApi();
    const engine = await settle(api, ['ready', 'failed', 'not-git']);
    assert.equal(engine.status.kind, 'ready', JSON.stringify(engine.status));
    assert.equal(process.env.DEBT_LENS_TRUSTED_HOSTS ?? '', '', 'the host must not trust extra hosts with tokens');
    // An open impact panel is drawn again on a ledger write, and would ask the tracker as soon as #12 is
    // linked: these tests count what Link Backlog Item and Show Impact themselves ask.
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    mock = await startMockGitHub();
    configFile = path.join(root, '.techdebt', 'config.yml');
    assert.equal(fs.existsSync(configFile), false, 'the fixture has no tracker settings of its own');
    fs.writeFileSync(configFile, ['github:', `  owner: ${OWNER}`, `  repo: ${REPO}`, `  apiBase: http://127.0.0.1:${mock.port}`, ''].join('\n'));
    entryFile = path.join(root, FIXTURE.entry.file);
    entryBefore = fs.readFileSync(entryFile);
  });

  /** Puts the fixture's entry back as suiteSetup found it, and waits until the engine has read it. */
  async function restoreEntry() {
    fs.writeFileSync(entryFile, entryBefore);
    const backlog = frontMatter(entryBefore.toString('utf8')).backlog;
    await waitFor(() => JSON.stringify(api.registry.all[0].entries.find((entry) => entry.id === FIXTURE.entry.id)?.backlog) === JSON.stringify(backlog), 20000, 'the engine to read the restored entry');
    await api.whenIdle();
  }

  /** Links #12 to the fixture's entry as a user does, and waits until the engine has read the link. */
  async function linkIssue12() {
    const backlog = await vscode.commands.executeCommand('debtLens.linkBacklogItem', target(), '#12');
    await waitFor(() => api.registry.all[0].entries.find((entry) => entry.id === FIXTURE.entry.id)?.backlog.includes('#12'), 20000, 'the engine to read the new link');
    return backlog;
  }

  suiteTeardown(async () => {
    if (configFile) {
      fs.rmSync(configFile, { force: true });
    }
    if (entryBefore) {
      await restoreEntry();
    }
    await new Promise((resolve) => (mock ? mock.server.close(resolve) : resolve()));
  });

  test('debtLens.linkBacklogItem links #12 to the entry, asking no tracker', async () => {
    const seen = mock.requests.length;
    try {
      const before = frontMatter(entryBefore.toString('utf8')).backlog;
      const backlog = await linkIssue12();
      assert.deepEqual(backlog, [...before, '#12']);
      assert.deepEqual(frontMatter(fs.readFileSync(entryFile, 'utf8')).backlog, [...before, '#12']);
      assert.deepEqual(mock.requests.slice(seen), [], 'linking must not call the tracker');
    } finally {
      await restoreEntry();
    }
  });

  test('debtLens.showImpact of the entry: #12 with the mock\'s title and state, one request without credentials', async () => {
    await linkIssue12();
    const seen = mock.requests.length;
    try {
      await impactShowsIssue12(seen);
    } finally {
      await restoreEntry();
    }
  });

  async function impactShowsIssue12(seen) {
    const impact = await vscode.commands.executeCommand('debtLens.showImpact', target());
    assert.ok(impact, 'showImpact returned nothing');
    const item = impact.backlog.find((candidate) => candidate.id === '#12');
    assert.ok(item, `no #12 in ${JSON.stringify(impact.backlog)}`);
    assert.equal(item.lookupFailed, undefined);
    assert.equal(item.fromEntry, true);
    assert.ok(item.details, `#12 has no details: ${JSON.stringify(item)}`);
    const { fetchedAt, ...details } = item.details;
    assert.deepEqual(details, {
      title: 'Extract the invoice cache into its own service',
      state: 'open',
      url: `https://github.com/${OWNER}/${REPO}/issues/12`,
      labels: ['tech-debt', 'billing'],
      assignee: 'carol',
      isPullRequest: false,
    });
    assert.ok(Math.abs(Date.parse(fetchedAt) - Date.now()) < 60_000, `fetchedAt ${fetchedAt}`);
    // The other items name no tracker Debt Lens can ask (Jira keys without a Jira site): linked, without details.
    const others = impact.backlog.filter((candidate) => candidate.id !== '#12');
    assert.ok(others.some((candidate) => candidate.id === 'PROJ-123' && candidate.fromEntry), JSON.stringify(impact.backlog));
    assert.deepEqual(others.filter((candidate) => candidate.details !== undefined || candidate.lookupFailed), []);

    const requests = mock.requests.slice(seen);
    assert.deepEqual(requests.map(({ method, url }) => `${method} ${url}`), [`GET /repos/${OWNER}/${REPO}/issues/12`]);
    const [{ headers }] = requests;
    assert.equal(headers.authorization, undefined, `a credential went to a non-GitHub host: ${headers.authorization}`);
    assert.equal(headers.accept, 'application/vnd.github+json');
    assert.equal(headers['x-github-api-version'], '2022-11-28');
  }
});
