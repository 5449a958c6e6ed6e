import { strict as assert } from 'node:assert';
import type { BacklogReference } from '../../../src/core/backlog/backlogReferences';
import { DEFAULT_KEY_DENYLIST, discoverProjectKeys, parseBacklogReferences } from '../../../src/core/backlog/backlogReferences';

const KEYS = { projectKeys: new Set(['PROJ', 'ENG']) };
const ids = (text: string, options = KEYS): string[] => parseBacklogReferences(text, options).map((reference) => reference.id);

describe('parseBacklogReferences', () => {
  it('finds every kind in one message, in order of appearance, with links kept', () => {
    const message = [
      'PROJ-12: fix login (#45)',
      '',
      'Refs AB#77, acme/app#9 and GH-3.',
      'See https://github.com/acme/app/issues/45 and https://acme.atlassian.net/browse/PROJ-12.',
    ].join('\n');
    assert.deepEqual(parseBacklogReferences(message, KEYS), [
      { kind: 'jira', id: 'PROJ-12', url: 'https://acme.atlassian.net/browse/PROJ-12' },
      { kind: 'github', id: '#45' },
      { kind: 'azure', id: 'AB#77' },
      { kind: 'github', id: 'acme/app#9' },
      { kind: 'github', id: '#3' },
      { kind: 'github', id: 'acme/app#45', url: 'https://github.com/acme/app/issues/45' },
    ] satisfies BacklogReference[]);
  });

  it('reads only the configured project keys, whole tokens, without leading zeros', () => {
    assert.deepEqual(ids('UTF-8, SHA-256, RFC-2616, ABC-12, PROJ-012, PROJ-12a, xPROJ-3, A-PROJ-5, feature/PROJ-4-login, ENG-7.'), ['PROJ-4', 'ENG-7']);
    assert.deepEqual(ids('PROJ-12 ENG-7', { projectKeys: new Set() }), []);
  });

  it('files KEY-123 under Linear when told to', () => {
    assert.deepEqual(parseBacklogReferences('ENG-7 done', { ...KEYS, keyTracker: 'linear' }), [{ kind: 'linear', id: 'ENG-7' }]);
  });

  it('does not read #12 again inside AB#12, owner/repo#12 or GH-12', () => {
    assert.deepEqual(parseBacklogReferences('AB#12', KEYS), [{ kind: 'azure', id: 'AB#12' }]);
    assert.deepEqual(parseBacklogReferences('acme/app#12', KEYS), [{ kind: 'github', id: 'acme/app#12' }]);
    assert.deepEqual(parseBacklogReferences('GH-12 and #12', KEYS), [{ kind: 'github', id: '#12' }]);
  });

  it('ignores # numbers that are not issues: URL fragments, colours, entities, words, leading zeros', () => {
    assert.deepEqual(
      ids('https://docs.example.com/page#123 color: #123456; background: #fff; border-color:#000; fill=#222 &#123; issue#5 ##6 #7a #8-9 #0 #012'),
      [],
    );
    assert.deepEqual(ids('see #12, (#8) and [#9]; fixes: #10'), ['#12', '#8', '#9', '#10']);
  });

  it('reads tracker links and ignores other links and the keys inside them', () => {
    const text = [
      'https://wiki.example.com/PROJ-99/notes',
      'https://linear.app/acme/issue/ENG-42/some-slug',
      'https://dev.azure.com/org/proj/_workitems/edit/321',
      'https://acme.visualstudio.com/proj/_workitems/edit/322/',
      'https://gitlab.com/g/p/-/issues/5',
      'https://github.com/acme/app/pull/46#issuecomment-1',
      'https://github.com/acme/app/blob/main/README.md#12',
      'https://jira.internal/browse/OTHER-3',
    ].join(' ');
    assert.deepEqual(parseBacklogReferences(text, KEYS), [
      { kind: 'linear', id: 'ENG-42', url: 'https://linear.app/acme/issue/ENG-42/some-slug' },
      { kind: 'azure', id: 'AB#321', url: 'https://dev.azure.com/org/proj/_workitems/edit/321' },
      { kind: 'azure', id: 'AB#322', url: 'https://acme.visualstudio.com/proj/_workitems/edit/322/' },
      { kind: 'url', id: 'https://gitlab.com/g/p/-/issues/5', url: 'https://gitlab.com/g/p/-/issues/5' },
      { kind: 'github', id: 'acme/app#46', url: 'https://github.com/acme/app/pull/46#issuecomment-1' },
      { kind: 'jira', id: 'OTHER-3', url: 'https://jira.internal/browse/OTHER-3' },
    ] satisfies BacklogReference[]);
  });

  it('strips the punctuation that closes a sentence or a bracket from a link', () => {
    assert.deepEqual(ids('See <https://github.com/a/b/issues/1>, (https://github.com/a/b/issues/2).'), ['a/b#1', 'a/b#2']);
  });

  it('deduplicates per message by id', () => {
    assert.deepEqual(ids('PROJ-1 PROJ-1 #4 #4 GH-4 acme/app#4 AB#4 acme/app#4'), ['PROJ-1', '#4', 'acme/app#4', 'AB#4']);
  });
});

describe('discoverProjectKeys', () => {
  it('accepts keys in ticket positions, keys used with two numbers, and keys of tracker links', () => {
    const keys = discoverProjectKeys([
      'PROJ-1: first',
      '[OPS-7] deploy',
      'fix(ui): WEB-3 button',
      'Tidy up (DOC-4)',
      'mentions XYZ-1\n\nand later XYZ-2',
      'once ONE-1 in a body',
      "Merge branch 'feature/API2-5-thing' into main\n\nsee API2-5",
      'Closes https://acme.atlassian.net/browse/LINK-9',
      'body only [BR-3] in brackets',
    ]);
    assert.deepEqual([...keys], ['API2', 'BR', 'LINK', 'OPS', 'PROJ', 'WEB', 'XYZ']);
  });

  it('never accepts standards, algorithms, platforms and versions', () => {
    const keys = discoverProjectKeys([
      'UTF-8: support UTF-16 too',
      'ISO-8859 vs ISO-8601',
      'SHA-1 and SHA-256',
      '[RFC-2616] RFC-7231',
      'ES-2015 ES-2020',
      'CVE-2021-44228 CVE-2022-1',
      'WIN-32 WIN-64',
      'X86-64 X86-32 AMD-64 ARM-64',
      'COVID-19 COVID-20',
      'GH-1 GH-2',
      'PR-1 PR-2',
    ]);
    assert.deepEqual([...keys], []);
    for (const key of ['UTF', 'ISO', 'SHA', 'RFC', 'ES', 'CVE', 'WIN']) {
      assert.ok(DEFAULT_KEY_DENYLIST.has(key), key);
    }
  });

  it('ignores numbers with leading zeros and keys seen only in lowercase branch names', () => {
    assert.deepEqual([...discoverProjectKeys(['ZERO-01 ZERO-02', "Merge branch 'release-1'", "Merge branch 'release-2'"])], []);
  });

  it('takes an extra denylist and a stricter number count', () => {
    const messages = ['mentions XYZ-1 and XYZ-2', 'TEAM-1: first'];
    assert.deepEqual([...discoverProjectKeys(messages, { denylist: ['team'] })], ['XYZ']);
    assert.deepEqual([...discoverProjectKeys(messages, { minDistinctNumbers: 3 })], ['TEAM']);
  });

  it('feeds the parser', () => {
    const messages = ['PROJ-1: first', 'UTF-8 and UTF-16 fixes for PROJ-2'];
    const projectKeys = discoverProjectKeys(messages);
    assert.deepEqual(ids(messages[1]!, { projectKeys }), ['PROJ-2']);
  });
});
