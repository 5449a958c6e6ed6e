import { strict as assert } from 'node:assert';
import type { InferredGitHub, TrackerConfig } from '../../../src/core/backlog/trackerConfig';
import { fillTemplate, findCustomReferences, inferGitHubFromRemote, InvalidTrackerPatternError, linkFor } from '../../../src/core/backlog/trackerConfig';

const DOTCOM: InferredGitHub = { owner: 'acme', repo: 'app', webBase: 'https://github.com', apiBase: 'https://api.github.com' };

describe('inferGitHubFromRemote', () => {
  it('reads github.com remotes in every common form', () => {
    for (const remote of [
      'https://github.com/acme/app',
      'https://github.com/acme/app.git',
      'https://github.com/acme/app.git/',
      'http://www.github.com/acme/app',
      'git@github.com:acme/app.git',
      'git@github.com:acme/app',
      'github.com:acme/app.git',
      'ssh://git@github.com/acme/app',
      'ssh://git@github.com:22/acme/app.git',
      'ssh://git@ssh.github.com:443/acme/app.git',
      'git://github.com/acme/app.git',
      'git+ssh://git@github.com/acme/app.git',
      '  https://GitHub.com/acme/app.git\n',
    ]) {
      assert.deepEqual(inferGitHubFromRemote(remote), DOTCOM, remote);
    }
  });

  it('keeps dots and dashes in names and strips only a final .git', () => {
    assert.deepEqual(inferGitHubFromRemote('git@github.com:my-org/site.github.io.git'), {
      owner: 'my-org',
      repo: 'site.github.io',
      webBase: 'https://github.com',
      apiBase: 'https://api.github.com',
    });
  });

  it('uses /api/v3 on GitHub Enterprise Server hosts and api.<host> on ghe.com', () => {
    assert.deepEqual(inferGitHubFromRemote('git@github.acme.com:team/app.git'), {
      owner: 'team',
      repo: 'app',
      webBase: 'https://github.acme.com',
      apiBase: 'https://github.acme.com/api/v3',
    });
    assert.deepEqual(inferGitHubFromRemote('http://code.acme.com/team/app.git', { enterpriseHosts: ['CODE.acme.com'] }), {
      owner: 'team',
      repo: 'app',
      webBase: 'http://code.acme.com',
      apiBase: 'http://code.acme.com/api/v3',
    });
    assert.deepEqual(inferGitHubFromRemote('https://octo.ghe.com/team/app'), {
      owner: 'team',
      repo: 'app',
      webBase: 'https://octo.ghe.com',
      apiBase: 'https://api.octo.ghe.com',
    });
  });

  it('returns undefined for other hosts and shapes', () => {
    for (const remote of [
      'https://gitlab.com/acme/app.git',
      'git@bitbucket.org:acme/app.git',
      'https://code.acme.com/team/app.git',
      'https://github.com/acme',
      'https://github.com/acme/app/tree/main',
      'https://gitlab.com/group/sub/app.git',
      '/home/me/repos/app',
      'file:///home/me/app.git',
      'C:/repos/app',
      '',
    ]) {
      assert.equal(inferGitHubFromRemote(remote), undefined, remote);
    }
  });
});

describe('linkFor', () => {
  const trackers: TrackerConfig[] = [
    { name: 'Jira', kind: 'jira', urlTemplate: 'https://acme.atlassian.net/browse/{key}', baseUrl: 'https://acme.atlassian.net' },
    { name: 'Azure', kind: 'azure', urlTemplate: 'https://dev.azure.com/acme/Web%20App/_workitems/edit/{number}' },
    { name: 'Linear', kind: 'linear', urlTemplate: 'https://linear.app/acme/issue/{key}' },
  ];

  it('links #12 to the inferred repository and owner/repo#12 to its own', () => {
    assert.equal(linkFor({ kind: 'github', id: '#12' }, [], DOTCOM), 'https://github.com/acme/app/issues/12');
    assert.equal(linkFor({ kind: 'github', id: 'other/lib#3' }, [], DOTCOM), 'https://github.com/other/lib/issues/3');
    assert.equal(linkFor({ kind: 'github', id: 'other/lib#3' }, []), 'https://github.com/other/lib/issues/3');
    const enterprise: InferredGitHub = { owner: 't', repo: 'a', webBase: 'https://github.acme.com', apiBase: 'https://github.acme.com/api/v3' };
    assert.equal(linkFor({ kind: 'github', id: '#5' }, [], enterprise), 'https://github.acme.com/t/a/issues/5');
    assert.equal(linkFor({ kind: 'github', id: '#12' }, []), undefined, 'no origin, no link');
  });

  it('uses a configured GitHub template over the default', () => {
    const custom: TrackerConfig[] = [{ name: 'GH', kind: 'github', urlTemplate: 'https://github.com/{owner}/{repo}/pull/{number}' }];
    assert.equal(linkFor({ kind: 'github', id: '#12' }, custom, DOTCOM), 'https://github.com/acme/app/pull/12');
  });

  it('links Jira, Azure Boards and Linear keys through their templates', () => {
    assert.equal(linkFor({ kind: 'jira', id: 'PROJ-12' }, trackers, DOTCOM), 'https://acme.atlassian.net/browse/PROJ-12');
    assert.equal(linkFor({ kind: 'azure', id: 'AB#77' }, trackers), 'https://dev.azure.com/acme/Web%20App/_workitems/edit/77');
    assert.equal(linkFor({ kind: 'linear', id: 'ENG-12' }, trackers), 'https://linear.app/acme/issue/ENG-12');
    assert.equal(linkFor({ kind: 'jira', id: 'PROJ-12' }, []), undefined, 'no Jira tracker, no link');
    assert.equal(linkFor({ kind: 'azure', id: 'AB#77' }, []), undefined);
    assert.equal(linkFor({ kind: 'linear', id: 'ENG-12' }, []), undefined);
  });

  it('chooses among trackers of one kind by their pattern', () => {
    const two: TrackerConfig[] = [
      { name: 'Legacy', kind: 'jira', pattern: '^(OLD|ARCH)-', urlTemplate: 'https://jira.acme.com/browse/{key}' },
      { name: 'Cloud', kind: 'jira', urlTemplate: 'https://acme.atlassian.net/browse/{project}-{number}' },
    ];
    assert.equal(linkFor({ kind: 'jira', id: 'OLD-4' }, two), 'https://jira.acme.com/browse/OLD-4');
    assert.equal(linkFor({ kind: 'jira', id: 'PROJ-4' }, two), 'https://acme.atlassian.net/browse/PROJ-4');
  });

  it('opens links written as URLs as they are, and only http(s)', () => {
    assert.equal(linkFor({ kind: 'url', id: 'https://gitlab.com/a/b/-/issues/3', url: 'https://gitlab.com/a/b/-/issues/3' }, []), 'https://gitlab.com/a/b/-/issues/3');
    assert.equal(linkFor({ kind: 'jira', id: 'PROJ-1', url: 'https://other.atlassian.net/browse/PROJ-1' }, trackers), 'https://other.atlassian.net/browse/PROJ-1');
    assert.equal(linkFor({ kind: 'url', id: 'javascript:alert(1)' }, []), undefined);
  });

  it('leaves no link when a template names a value the reference lacks or is not a web URL', () => {
    assert.equal(linkFor({ kind: 'azure', id: 'AB#7' }, [{ name: 'A', kind: 'azure', urlTemplate: 'https://dev.azure.com/{org}/_workitems/edit/{number}' }]), undefined);
    assert.equal(linkFor({ kind: 'linear', id: 'ENG-1' }, [{ name: 'L', kind: 'linear', urlTemplate: 'file:///{key}' }]), undefined);
  });

  it('links custom references through their tracker, encoding every value', () => {
    const custom: TrackerConfig[] = [{ name: 'Tickets', kind: 'custom', pattern: 'TKT(?<queue>[a-z]+)/(?<id>\\d+)', urlTemplate: 'https://tickets.acme.com/{queue}?id={id}' }];
    const found = findCustomReferences('fixes TKTops/42 and TKTops/42 and TKTdev/7', custom);
    assert.deepEqual(found, [
      { kind: 'custom', tracker: 'Tickets', id: '42', groups: { queue: 'ops' } },
      { kind: 'custom', tracker: 'Tickets', id: '7', groups: { queue: 'dev' } },
    ]);
    assert.equal(linkFor(found[0]!, custom), 'https://tickets.acme.com/ops?id=42');
    assert.equal(linkFor({ kind: 'custom', tracker: 'Tickets', id: '1&x=/../2', groups: { queue: 'a b' } }, custom), 'https://tickets.acme.com/a%20b?id=1%26x%3D%2F..%2F2');
  });
});

describe('fillTemplate', () => {
  it('URL-encodes values so they cannot change the structure of the URL', () => {
    assert.equal(fillTemplate('https://x.example/browse/{key}', { key: '../../admin?x=1#y' }), 'https://x.example/browse/..%2F..%2Fadmin%3Fx%3D1%23y');
    assert.equal(fillTemplate('https://x.example/{a}', { b: '1' }), undefined);
    assert.equal(fillTemplate('https://x.example/{toString}', {}), undefined);
  });
});

describe('findCustomReferences', () => {
  it('throws a typed error for a pattern that does not compile', () => {
    assert.throws(
      () => findCustomReferences('x', [{ name: 'Bad', kind: 'custom', pattern: '(', urlTemplate: 'https://x.example/{id}' }]),
      (error: unknown) => error instanceof InvalidTrackerPatternError && error.tracker === 'Bad' && error.pattern === '(',
    );
  });

  it('takes the first group when there is no group named id', () => {
    assert.deepEqual(findCustomReferences('bug 12 and bug 3', [{ name: 'B', kind: 'custom', pattern: 'bug (\\d+)', urlTemplate: 'https://b.example/{id}' }]), [
      { kind: 'custom', tracker: 'B', id: '12', groups: {} },
      { kind: 'custom', tracker: 'B', id: '3', groups: {} },
    ]);
  });

  it('takes the whole match when the pattern has no group', () => {
    assert.deepEqual(findCustomReferences('see INC0012345.', [{ name: 'SNOW', kind: 'custom', pattern: 'INC\\d{7}', urlTemplate: 'https://acme.service-now.com/{id}' }]), [
      { kind: 'custom', tracker: 'SNOW', id: 'INC0012345', groups: {} },
    ]);
  });
});
