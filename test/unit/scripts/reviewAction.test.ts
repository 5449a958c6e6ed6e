import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import * as http from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { parse } from 'yaml';
import type { ReviewFixture } from '../review/reviewFixture';
import { buildReviewFixture } from '../review/reviewFixture';
import { PROJECT_ROOT } from '../support/cliProcess';

const run = promisify(execFile);

interface Step {
  readonly id: string;
  readonly run?: string;
  readonly uses?: string;
  readonly env?: Record<string, string>;
  readonly with?: Record<string, string>;
}

interface Action {
  readonly runs: { readonly using: string; readonly steps: readonly Step[] };
  readonly inputs: Record<string, { readonly default: string }>;
}

/** A request the mock answered: method, path with query, and the JSON body sent. */
interface Seen {
  readonly method: string;
  readonly url: string;
  readonly body: unknown;
  readonly authorization: string | undefined;
}

/**
 * A stand-in for GitHub's REST API with its documented shapes: `GET .../issues/{n}/comments` pages
 * of comment objects (`id`, `body`, `html_url`, `user`), `POST` answering 201 with the new comment,
 * `PATCH .../issues/comments/{id}` answering 200 with the updated one.
 */
function mockGitHub(): { server: http.Server; comments: { id: number; body: string; html_url: string; user: { login: string } }[]; seen: Seen[] } {
  const comments: { id: number; body: string; html_url: string; user: { login: string } }[] = [];
  const seen: Seen[] = [];
  let nextId = 1000;
  const server = http.createServer((request, response) => {
    let text = '';
    request.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
    request.on('end', () => {
      const body = text === '' ? undefined : (JSON.parse(text) as { body: string });
      seen.push({ method: request.method ?? '', url: request.url ?? '', body, authorization: request.headers.authorization });
      const url = new URL(request.url ?? '/', 'http://mock');
      const reply = (status: number, value: unknown): void => {
        response.writeHead(status, { 'Content-Type': 'application/json' });
        response.end(JSON.stringify(value));
      };
      if (request.method === 'GET' && url.pathname === '/repos/octo/app/issues/7/comments') {
        const page = Number(url.searchParams.get('page') ?? '1');
        const perPage = Number(url.searchParams.get('per_page') ?? '30');
        reply(200, comments.slice((page - 1) * perPage, page * perPage));
      } else if (request.method === 'POST' && url.pathname === '/repos/octo/app/issues/7/comments' && body !== undefined) {
        const comment = { id: nextId++, body: body.body, html_url: `https://github.example/octo/app/pull/7#issuecomment-${nextId}`, user: { login: 'github-actions[bot]' } };
        comments.push(comment);
        reply(201, comment);
      } else if (request.method === 'PATCH' && /^\/repos\/octo\/app\/issues\/comments\/\d+$/.test(url.pathname) && body !== undefined) {
        const comment = comments.find((c) => c.id === Number(url.pathname.split('/').pop()));
        if (comment === undefined) {
          reply(404, { message: 'Not Found' });
          return;
        }
        comment.body = body.body;
        reply(200, comment);
      } else {
        reply(404, { message: 'Not Found' });
      }
    });
  });
  return { server, comments, seen };
}

describe('the GitHub Action', function () {
  this.timeout(180_000);
  const action = parse(fs.readFileSync(path.join(PROJECT_ROOT, 'action.yml'), 'utf8')) as Action;
  const step = (id: string): Step => {
    const found = action.runs.steps.find((s) => s.id === id);
    assert.ok(found, `step ${id}`);
    return found;
  };
  let fixture: ReviewFixture;
  let temp: string;

  before(async () => {
    fixture = await buildReviewFixture();
    temp = fs.mkdtempSync(path.join(os.tmpdir(), 'debt-lens-action-'));
  });

  after(() => {
    fixture.repo.cleanup();
    fs.rmSync(temp, { recursive: true, force: true });
  });

  it('is a composite action whose steps fetch history, build, review, comment, upload SARIF and gate', () => {
    assert.equal(action.runs.using, 'composite');
    assert.deepEqual(action.runs.steps.map((s) => s.id), ['history', 'build', 'review', 'comment', 'upload', 'gate']);
    assert.equal(action.inputs.base?.default, '${{ github.event.pull_request.base.sha }}');
    assert.match(step('upload').uses ?? '', /^github\/codeql-action\/upload-sarif@v\d+$/);
    assert.equal(step('upload').with?.sarif_file, '${{ steps.review.outputs.dir }}/review.sarif');
  });

  it("runs its review and comment steps: the comment is created, then updated by its marker, with the workflow's token", async () => {
    const { server, comments, seen } = mockGitHub();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const api = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      // The CLI as the build step leaves it, here from the TypeScript sources.
      const cli = path.join(temp, 'cli.mjs');
      const main = pathToFileURL(path.join(PROJECT_ROOT, 'src/cli/main.ts')).href;
      fs.writeFileSync(cli, `const { runCli } = await import(${JSON.stringify(main)});\nprocess.exitCode = await runCli(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, env: process.env, cwd: process.cwd() });\n`);
      const githubOutput = path.join(temp, 'output');
      const runner = {
        ...process.env,
        GITHUB_ACTION_PATH: PROJECT_ROOT,
        GITHUB_OUTPUT: githubOutput,
        GITHUB_STEP_SUMMARY: path.join(temp, 'summary'),
        RUNNER_TEMP: temp,
        DEBT_LENS_CLI: cli,
        NODE_OPTIONS: `--import ${pathToFileURL(require.resolve('tsx')).href}`,
      };
      const review = step('review');
      await run('bash', ['-euo', 'pipefail', '-c', review.run ?? ''], {
        cwd: fixture.repo.dir,
        env: { ...runner, BASE: fixture.base, FAIL_ON: '', ARGS: '--min-revisions 3', DEBT_LENS_CACHE_DIR: path.join(temp, 'cache') },
      });
      const outputs = fs.readFileSync(githubOutput, 'utf8');
      assert.match(outputs, /^verdict=worse$/m);
      const dir = /^dir=(.*)$/m.exec(outputs)?.[1] ?? '';
      const markdown = fs.readFileSync(path.join(dir, 'review.md'), 'utf8');
      assert.match(markdown, /^<!-- debt-lens-review -->\n### Debt Lens review: 🔴 worse/);
      assert.equal((JSON.parse(fs.readFileSync(path.join(dir, 'review.sarif'), 'utf8')) as { version: string }).version, '2.1.0');

      comments.push(...Array.from({ length: 100 }, (_, i) => ({ id: i + 1, body: i === 3 ? `quoting <!-- debt-lens-review --> is not ours` : `comment ${i}`, html_url: '', user: { login: 'someone' } })));
      const comment = step('comment');
      const env = { ...runner, GITHUB_API_URL: api, GITHUB_REPOSITORY: 'octo/app', GITHUB_TOKEN: 'ghs_workflow', DEBT_LENS_PR: '7', REVIEW_DIR: dir };
      const first = await run('bash', ['-euo', 'pipefail', '-c', comment.run ?? ''], { env });
      assert.match(first.stdout, /^debt-lens: created review comment 1000/);
      assert.equal(comments.at(-1)?.body, markdown);
      fs.writeFileSync(path.join(dir, 'review.md'), `${markdown}\nsecond push\n`);
      const second = await run('bash', ['-euo', 'pipefail', '-c', comment.run ?? ''], { env });
      assert.match(second.stdout, /^debt-lens: updated review comment 1000/);
      assert.equal(comments.length, 101);
      assert.equal(comments.at(-1)?.body, `${markdown}\nsecond push\n`);
      assert.deepEqual(seen.map((r) => `${r.method} ${r.url}`), [
        'GET /repos/octo/app/issues/7/comments?per_page=100&page=1',
        'GET /repos/octo/app/issues/7/comments?per_page=100&page=2',
        'POST /repos/octo/app/issues/7/comments',
        'GET /repos/octo/app/issues/7/comments?per_page=100&page=1',
        'GET /repos/octo/app/issues/7/comments?per_page=100&page=2',
        'PATCH /repos/octo/app/issues/comments/1000',
      ]);
      assert.ok(seen.every((r) => r.authorization === 'Bearer ghs_workflow'));
    } finally {
      server.close();
    }
  });
});
