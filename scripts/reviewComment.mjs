// `node scripts/reviewComment.mjs <comment.md>`: creates the pull request's Debt Lens review comment,
// or updates the one it made before, found by the marker line `debt-lens review --format markdown`
// starts with. The GitHub Action runs it after the review; it runs anywhere with the same variables:
//   GITHUB_TOKEN       a token that may write issue comments (the workflow's `github.token`)
//   GITHUB_REPOSITORY  owner/name
//   DEBT_LENS_PR       the pull request's number (else read from GITHUB_EVENT_PATH's pull_request)
//   GITHUB_API_URL     the REST API's root (default https://api.github.com; GitHub Enterprise sets it)
// REST API used: GET /repos/{owner}/{repo}/issues/{number}/comments (paged, 100 a page),
// PATCH /repos/{owner}/{repo}/issues/comments/{comment_id}, POST /repos/{owner}/{repo}/issues/{number}/comments.
import { readFileSync } from 'node:fs';

export const MARKER = '<!-- debt-lens-review -->';

/** A failed REST call: the method, the path and GitHub's answer. */
export class GitHubApiError extends Error {
  constructor(method, path, status, text) {
    super(`${method} ${path}: HTTP ${status} ${text.slice(0, 200)}`);
    this.name = 'GitHubApiError';
    this.status = status;
  }
}

/**
 * Creates or updates the comment; returns `{ action: 'created' | 'updated', id, url }`. Only a
 * comment whose body starts with the marker is updated, so a person quoting the marker is left alone.
 */
export async function upsertReviewComment({ apiUrl = 'https://api.github.com', token, repository, pullRequest, body, fetchImpl = fetch }) {
  if (!body.startsWith(MARKER)) {
    throw new Error(`the comment must start with ${MARKER} (run debt-lens review --format markdown)`);
  }
  const root = apiUrl.replace(/\/+$/, '');
  const call = async (method, path, payload) => {
    const response = await fetchImpl(`${root}${path}`, {
      method,
      headers: {
        Accept: 'application/vnd.github+json',
        Authorization: `Bearer ${token}`,
        'X-GitHub-Api-Version': '2022-11-28',
        'User-Agent': 'debt-lens-review',
        ...(payload === undefined ? {} : { 'Content-Type': 'application/json' }),
      },
      body: payload === undefined ? undefined : JSON.stringify(payload),
    });
    if (!response.ok) {
      throw new GitHubApiError(method, path, response.status, await response.text());
    }
    return response.json();
  };
  const issue = `/repos/${repository}/issues/${pullRequest}`;
  for (let page = 1; ; page++) {
    const comments = await call('GET', `${issue}/comments?per_page=100&page=${page}`);
    const mine = comments.find((comment) => typeof comment.body === 'string' && comment.body.startsWith(MARKER));
    if (mine !== undefined) {
      const updated = await call('PATCH', `/repos/${repository}/issues/comments/${mine.id}`, { body });
      return { action: 'updated', id: updated.id, url: updated.html_url };
    }
    if (comments.length < 100) {
      break;
    }
  }
  const created = await call('POST', `${issue}/comments`, { body });
  return { action: 'created', id: created.id, url: created.html_url };
}

function pullRequestNumber(env) {
  if (env.DEBT_LENS_PR) {
    return env.DEBT_LENS_PR;
  }
  if (env.GITHUB_EVENT_PATH) {
    const event = JSON.parse(readFileSync(env.GITHUB_EVENT_PATH, 'utf8'));
    if (event.pull_request?.number !== undefined) {
      return String(event.pull_request.number);
    }
  }
  return undefined;
}

async function main() {
  const [file] = process.argv.slice(2);
  const env = process.env;
  const pullRequest = pullRequestNumber(env);
  if (file === undefined || !env.GITHUB_TOKEN || !env.GITHUB_REPOSITORY || pullRequest === undefined) {
    console.error('usage: GITHUB_TOKEN=… GITHUB_REPOSITORY=owner/name DEBT_LENS_PR=<n> node scripts/reviewComment.mjs <comment.md>');
    process.exitCode = 2;
    return;
  }
  const result = await upsertReviewComment({
    apiUrl: env.GITHUB_API_URL || undefined,
    token: env.GITHUB_TOKEN,
    repository: env.GITHUB_REPOSITORY,
    pullRequest,
    body: readFileSync(file, 'utf8'),
  });
  console.log(`debt-lens: ${result.action} review comment ${result.id}${result.url ? ` (${result.url})` : ''}`);
}

if (process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href) {
  main().catch((error) => {
    console.error(`debt-lens: ${error.message}`);
    process.exitCode = 1;
  });
}
