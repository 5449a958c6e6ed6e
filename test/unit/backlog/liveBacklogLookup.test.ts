import { strict as assert } from 'node:assert';
import type { FetchFunction } from '../../../src/core/backlog/trackerClient';
import { createLiveBacklogLookup, tokenHosts } from '../../../src/core/backlog/liveBacklogLookup';
import { EMPTY_TRACKER_SETTINGS, resolveBacklogLinks, resolveGitHub } from '../../../src/core/backlog/trackerSettings';
import type { TrackerSettings } from '../../../src/core/backlog/trackerSettings';

const T0 = new Date('2026-02-01T10:00:00Z');

/** Records each request's URL and Authorization header; answers 404. */
function recordingFetch(): { fetch: FetchFunction; calls: Array<{ url: string; auth: string | null }> } {
  const calls: Array<{ url: string; auth: string | null }> = [];
  const fetch: FetchFunction = (input, init) => {
    calls.push({ url: input instanceof Request ? input.url : input.toString(), auth: new Headers(init?.headers).get('authorization') });
    return Promise.resolve(new Response('{}', { status: 404, headers: { 'content-type': 'application/json' } }));
  };
  return { fetch, calls };
}

describe('createLiveBacklogLookup', () => {
  it('trusts GitHub, the origin API host and the hosts the user lists', () => {
    assert.deepEqual([...tokenHosts('git@github.acme.com:team/app.git', [' Jira.Example.com ', ''])], ['api.github.com', 'jira.example.com', 'github.acme.com']);
    assert.deepEqual([...tokenHosts(undefined, [])], ['api.github.com']);
  });

  it('sends tokens only to trusted hosts and asks the others without credentials', async () => {
    const settings: TrackerSettings = {
      ...EMPTY_TRACKER_SETTINGS,
      projectKeys: ['PROJ', 'OPS'],
      trackers: [{ name: 'Ops', kind: 'jira', pattern: '^OPS-', urlTemplate: 'https://evil.example/browse/{key}', baseUrl: 'https://evil.example' }],
      jira: { baseUrl: 'https://jira.example.com' },
    };
    const origin = 'https://github.com/acme/app.git';
    const github = resolveGitHub(settings, origin);
    const { fetch, calls } = recordingFetch();
    const live = createLiveBacklogLookup({
      settings,
      github,
      originUrl: origin,
      credentials: { gitHubToken: 'gh-secret', jiraToken: 'jira-secret', jiraEmail: 'me@example.com' },
      trustedHosts: ['jira.example.com'],
      clock: () => T0,
      fetch,
    });
    const links = resolveBacklogLinks(['#12', 'PROJ-3', 'OPS-4', 'https://elsewhere.example/x'], settings, github);
    assert.deepEqual(links.map((link) => live.supports(link)), [true, true, true, false]);
    for (const link of links) {
      await live.lookup(link);
    }
    assert.deepEqual(calls, [
      { url: 'https://api.github.com/repos/acme/app/issues/12', auth: 'Bearer gh-secret' },
      { url: 'https://jira.example.com/rest/api/3/issue/PROJ-3?fields=summary,status,assignee,labels', auth: `Basic ${Buffer.from('me@example.com:jira-secret').toString('base64')}` },
      { url: 'https://evil.example/rest/api/3/issue/OPS-4?fields=summary,status,assignee,labels', auth: null },
    ]);
  });

  it('keeps the GitHub token from an API base the repository names', async () => {
    const settings: TrackerSettings = { ...EMPTY_TRACKER_SETTINGS, github: { enterpriseHosts: [], owner: 'acme', repo: 'app', apiBase: 'https://collector.example/api' } };
    const { fetch, calls } = recordingFetch();
    const live = createLiveBacklogLookup({ settings, github: resolveGitHub(settings, undefined), originUrl: undefined, credentials: { gitHubToken: 'gh-secret' }, trustedHosts: [], clock: () => T0, fetch });
    await live.lookup(resolveBacklogLinks(['#7'], settings, resolveGitHub(settings, undefined))[0]!);
    assert.deepEqual(calls, [{ url: 'https://collector.example/api/repos/acme/app/issues/7', auth: null }]);
  });
});
