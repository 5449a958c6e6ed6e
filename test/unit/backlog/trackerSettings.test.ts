import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { InferredGitHub } from '../../../src/core/backlog/trackerConfig';
import type { TrackerSettings } from '../../../src/core/backlog/trackerSettings';
import { EMPTY_TRACKER_SETTINGS, jiraBaseUrlFor, loadTrackerSettings, MAX_TRACKER_SETTINGS_BYTES, parseTrackerSettings, resolveBacklogLinks, resolveGitHub } from '../../../src/core/backlog/trackerSettings';

const DOTCOM: InferredGitHub = { owner: 'acme', repo: 'app', webBase: 'https://github.com', apiBase: 'https://api.github.com' };

const VALID = `# Tracker settings of the team
projectKeys: [PROJ, OPS]
jira:
  baseUrl: https://jira.example.com/
github:
  enterpriseHosts: [code.acme.internal]
  apiBase: http://127.0.0.1:8080
trackers:
  - name: Support desk
    kind: custom
    pattern: 'SUP-(?<id>\\d+)'
    urlTemplate: https://support.example.com/tickets/{id}
  - name: Ops Jira
    kind: jira
    pattern: ^OPS-
    urlTemplate: https://ops.example.com/browse/{key}
    baseUrl: https://ops.example.com
`;

describe('parseTrackerSettings', () => {
  it('reads every field of a valid file', () => {
    const { settings, diagnostics } = parseTrackerSettings(VALID);
    assert.deepEqual(diagnostics, []);
    assert.deepEqual(settings, {
      projectKeys: ['PROJ', 'OPS'],
      trackers: [
        { name: 'Support desk', kind: 'custom', pattern: 'SUP-(?<id>\\d+)', urlTemplate: 'https://support.example.com/tickets/{id}' },
        { name: 'Ops Jira', kind: 'jira', pattern: '^OPS-', urlTemplate: 'https://ops.example.com/browse/{key}', baseUrl: 'https://ops.example.com' },
      ],
      github: { enterpriseHosts: ['code.acme.internal'], apiBase: 'http://127.0.0.1:8080' },
      jira: { baseUrl: 'https://jira.example.com' },
    });
  });

  it('treats an empty file as no settings', () => {
    assert.deepEqual(parseTrackerSettings(''), { settings: EMPTY_TRACKER_SETTINGS, diagnostics: [] });
    assert.deepEqual(parseTrackerSettings('# nothing yet\n'), { settings: EMPTY_TRACKER_SETTINGS, diagnostics: [] });
  });

  it('reports bad YAML with its line, and applies nothing', () => {
    const { settings, diagnostics } = parseTrackerSettings('projectKeys: [PROJ]\njira:\n  baseUrl: "https://jira.example.com\n', '.techdebt/config.yml');
    assert.deepEqual(settings, EMPTY_TRACKER_SETTINGS);
    assert.equal(diagnostics.length, 1);
    assert.equal(diagnostics[0]!.code, 'bad-yaml');
    assert.equal(diagnostics[0]!.path, '.techdebt/config.yml');
    assert.equal(diagnostics[0]!.line, 3);
    assert.match(diagnostics[0]!.message, /^YAML: /);

    const dup = parseTrackerSettings('projectKeys: [A1]\nprojectKeys: [B2]\n');
    assert.deepEqual(
      dup.diagnostics.map((d) => [d.code, d.line]),
      [['bad-yaml', 2]],
    );
    assert.deepEqual(parseTrackerSettings('- PROJ\n').diagnostics.map((d) => [d.code, d.line]), [['not-mapping', 1]]);
  });

  it('reports values of the wrong type with their lines and keeps what is valid', () => {
    const text = [
      'projectKeys: [PROJ, utf8, 12]', // 1
      'jira: https://jira.example.com', // 2
      'github:', // 3
      '  owner: acme', // 4
      '  apiBase: ftp://x', // 5
      '  enterpriseHosts: github.acme.com', // 6
      'trackers:', // 7
      '  - name: Broken', // 8
      '    kind: trello', // 9
      '    urlTemplate: https://trello.com/{id}', // 10
      '  - name: Bad pattern', // 11
      '    kind: custom', // 12
      '    pattern: "SUP-("', // 13
      '    urlTemplate: https://s.example.com/{id}', // 14
      '  - name: Linear', // 15
      '    kind: linear', // 16
      '    urlTemplate: https://linear.app/acme/issue/{key}', // 17
      '  - kind: azure', // 18
      'colour: blue', // 19
      '',
    ].join('\n');
    const { settings, diagnostics } = parseTrackerSettings(text);
    assert.deepEqual(
      diagnostics.map((d) => [d.line, d.code]),
      [
        [19, 'unknown-key'],
        [1, 'wrong-type'],
        [1, 'wrong-type'],
        [9, 'wrong-type'],
        [13, 'wrong-type'],
        [18, 'wrong-type'],
        [18, 'wrong-type'],
        [5, 'wrong-type'],
        [6, 'wrong-type'],
        [2, 'wrong-type'],
      ],
    );
    assert.match(diagnostics[1]!.message, /^projectKeys\[1\] must look like PROJ/);
    assert.match(diagnostics[3]!.message, /^trackers\[0\]\.kind must be one of github, jira, azure, linear, custom, not "trello"$/);
    assert.match(diagnostics[4]!.message, /^trackers\[1\]\.pattern is not a valid regular expression/);
    assert.match(diagnostics[5]!.message, /^trackers\[3\] needs name$/);
    assert.equal(diagnostics[9]!.message, 'jira must be a mapping');
    assert.deepEqual(settings, {
      projectKeys: ['PROJ'],
      trackers: [{ name: 'Linear', kind: 'linear', urlTemplate: 'https://linear.app/acme/issue/{key}' }],
      github: { enterpriseHosts: [], owner: 'acme' },
    });
  });
});

describe('loadTrackerSettings', () => {
  let root: string;
  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'debt-lens-settings-'));
  });
  afterEach(() => {
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('reads <folder>/config.yml, and a missing file is no settings and no problem', async () => {
    assert.deepEqual(await loadTrackerSettings(root, '.techdebt'), { settings: EMPTY_TRACKER_SETTINGS, diagnostics: [] });
    fs.mkdirSync(path.join(root, 'docs/debt'), { recursive: true });
    fs.writeFileSync(path.join(root, 'docs/debt/config.yml'), 'projectKeys: [PROJ]\nprojectKeys: 3\n');
    const broken = await loadTrackerSettings(root, 'docs/debt');
    assert.deepEqual(broken.diagnostics.map((d) => [d.path, d.line, d.code]), [['docs/debt/config.yml', 2, 'bad-yaml']]);
    assert.equal(fs.readFileSync(path.join(root, 'docs/debt/config.yml'), 'utf8'), 'projectKeys: [PROJ]\nprojectKeys: 3\n', 'never rewritten');
    fs.writeFileSync(path.join(root, 'docs/debt/config.yml'), VALID);
    assert.deepEqual((await loadTrackerSettings(root, 'docs/debt')).settings.projectKeys, ['PROJ', 'OPS']);
  });

  it('reports an unreadable file instead of throwing', async () => {
    fs.mkdirSync(path.join(root, '.techdebt/config.yml'), { recursive: true });
    const loaded = await loadTrackerSettings(root);
    assert.deepEqual(loaded.settings, EMPTY_TRACKER_SETTINGS);
    assert.deepEqual(loaded.diagnostics.map((d) => [d.line, d.code]), [[1, 'unreadable']]);
  });

  it('never opens a FIFO in place of the file (it would block), and reports it', async () => {
    fs.mkdirSync(path.join(root, '.techdebt'));
    execFileSync('mkfifo', [path.join(root, '.techdebt/config.yml')]);
    const loaded = await loadTrackerSettings(root);
    assert.deepEqual(loaded.settings, EMPTY_TRACKER_SETTINGS);
    assert.deepEqual(loaded.diagnostics.map((d) => [d.path, d.code, d.message]), [['.techdebt/config.yml', 'unreadable', 'the tracker settings file is a fifo, not a regular file, so it is not read']]);
  });

  it('reports a file over the size limit without reading it', async () => {
    fs.mkdirSync(path.join(root, '.techdebt'));
    fs.writeFileSync(path.join(root, '.techdebt/config.yml'), `projectKeys: [${Array.from({ length: MAX_TRACKER_SETTINGS_BYTES / 2 }, () => 'AB').join(',')}]\n`);
    const loaded = await loadTrackerSettings(root);
    assert.deepEqual([loaded.settings, loaded.diagnostics.map((d) => d.code)], [EMPTY_TRACKER_SETTINGS, ['too-large']]);
  });
});

describe('resolveBacklogLinks', () => {
  const settings = parseTrackerSettings(VALID).settings;

  it('links each reference exactly', () => {
    assert.deepEqual(
      resolveBacklogLinks(['#12', 'PROJ-3', 'OPS-9', 'other/lib#4', 'SUP-77', 'AB#5', 'https://gitlab.example.com/g/p/-/issues/3', 'https://wiki.example.com/page#x', 'XYZ-1', 'just words'], settings, DOTCOM).map(
        ({ ref, url }) => [ref, url],
      ),
      [
        ['#12', 'https://github.com/acme/app/issues/12'],
        ['PROJ-3', 'https://jira.example.com/browse/PROJ-3'],
        ['OPS-9', 'https://ops.example.com/browse/OPS-9'],
        ['other/lib#4', 'https://github.com/other/lib/issues/4'],
        ['SUP-77', 'https://support.example.com/tickets/77'],
        ['AB#5', null],
        ['https://gitlab.example.com/g/p/-/issues/3', 'https://gitlab.example.com/g/p/-/issues/3'],
        ['https://wiki.example.com/page#x', 'https://wiki.example.com/page#x'],
        ['XYZ-1', null],
        ['just words', null],
      ],
    );
  });

  it('reads Jira keys only for configured project keys, and #12 only with a GitHub repository', () => {
    const bare: TrackerSettings = { ...EMPTY_TRACKER_SETTINGS, jira: { baseUrl: 'https://jira.example.com' } };
    assert.deepEqual(
      resolveBacklogLinks(['PROJ-3', '#12', 'javascript:alert(1)'], bare, undefined).map(({ ref, url, reference }) => [ref, url, reference?.kind ?? null]),
      [
        ['PROJ-3', null, null],
        ['#12', null, 'github'],
        ['javascript:alert(1)', null, null],
      ],
    );
  });

  it('infers GitHub from origin, with settings taking precedence', () => {
    assert.deepEqual(resolveGitHub(EMPTY_TRACKER_SETTINGS, 'git@github.com:acme/app.git'), DOTCOM);
    assert.equal(resolveGitHub(EMPTY_TRACKER_SETTINGS, 'https://gitlab.com/acme/app.git'), undefined);
    assert.equal(resolveGitHub(EMPTY_TRACKER_SETTINGS, undefined), undefined);
    assert.deepEqual(resolveGitHub(settings, 'https://code.acme.internal/acme/app.git'), {
      owner: 'acme',
      repo: 'app',
      webBase: 'https://code.acme.internal',
      apiBase: 'http://127.0.0.1:8080',
    });
    assert.deepEqual(resolveGitHub({ ...EMPTY_TRACKER_SETTINGS, github: { enterpriseHosts: [], owner: 'o', repo: 'r' } }, 'https://gitlab.com/acme/app.git'), {
      owner: 'o',
      repo: 'r',
      webBase: 'https://github.com',
      apiBase: 'https://api.github.com',
    });
  });

  it('finds the Jira site of a key', () => {
    assert.equal(jiraBaseUrlFor('OPS-9', settings), 'https://ops.example.com');
    assert.equal(jiraBaseUrlFor('PROJ-3', settings), 'https://jira.example.com');
    assert.equal(jiraBaseUrlFor('PROJ-3', EMPTY_TRACKER_SETTINGS), undefined);
  });
});
