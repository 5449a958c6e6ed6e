import { strict as assert } from 'node:assert';
import type { FileHistory, HistorySummary } from '../../../src/core/history/fileHistory';
import { aggregateHistory, authorKey, createBotMatcher, DEFAULT_BOT_PATTERN, InvalidBotPatternError } from '../../../src/core/history/fileHistory';
import { readHistory } from '../../../src/core/history/gitLog';
import type { CommitRecord, FileChange } from '../../../src/core/history/logParser';
import { listTrackedFiles } from '../../../src/core/history/repositoryInfo';
import { ALICE, BOB, CAROL } from '../support/gitRepoBuilder';
import type { HistoryFixture } from './historyFixture';
import { at, buildHistoryFixture, DEPENDABOT } from './historyFixture';

const ALICE_KEY = authorKey(ALICE.name, ALICE.email);
const BOB_KEY = authorKey(BOB.name, BOB.email);
const CAROL_KEY = authorKey(CAROL.name, CAROL.email);

function close(actual: number, expected: number): void {
  assert.ok(Math.abs(actual - expected) < 1e-12, `${actual} ≉ ${expected}`);
}

/** The knowledge numbers of a file as plain data, for exact comparison. */
function knowledge(file: FileHistory): unknown {
  return {
    alive: file.alive,
    revisions: file.revisions,
    added: file.added,
    deleted: file.deleted,
    authors: [...file.authors.values()].map((author) => [author.key, author.added, author.revisions]),
    mainDeveloper: file.mainDeveloper.key,
    ownership: file.ownership,
    busFactor: file.busFactor,
    firstChange: file.firstChange,
    lastChange: file.lastChange,
    refs: file.refs.map((count) => [count.reference.id, count.commits]),
    historicalPaths: file.historicalPaths,
  };
}

describe('aggregateHistory', () => {
  let fixture: HistoryFixture;
  let full: CommitRecord[];
  let summary: HistorySummary;
  let live: Set<string>;
  const file = (path: string): FileHistory => {
    const history = summary.files.get(path);
    assert.ok(history, `no history for ${path}`);
    return history;
  };

  before(async () => {
    fixture = buildHistoryFixture();
    full = await readHistory({ cwd: fixture.repo.dir, mode: 'full' });
    live = new Set((await listTrackedFiles(fixture.repo.dir)).map((tracked) => tracked.path));
    summary = aggregateHistory(full, { isBot: createBotMatcher(), livePaths: live });
  });

  after(() => fixture.repo.cleanup());

  it('lists every file under its current path, renamed-away and bot-only paths not separately', () => {
    assert.deepEqual(
      [...summary.files.keys()],
      ['.mailmap', 'assets/logo.bin', 'docs/manual.md', 'gone.ts', 'lib/d.ts', 'notes.md', 'shared.ts', 'src/core/a.ts', 'tmp/new.ts', 'x.ts'],
    );
  });

  it('follows a rename followed by edits, through a merged branch, without the bot commit', () => {
    const a = file('src/core/a.ts');
    assert.deepEqual(knowledge(a), {
      alive: true,
      revisions: 6,
      added: 20,
      deleted: 1,
      authors: [
        [ALICE_KEY, 12, 2],
        [BOB_KEY, 5, 2],
        [CAROL_KEY, 3, 2],
      ],
      mainDeveloper: ALICE_KEY,
      ownership: 0.6,
      busFactor: 1,
      firstChange: at('2024-01-01T10:00:00Z'),
      lastChange: at('2024-03-10T10:00:00Z'),
      refs: [
        ['PROJ-3', 2],
        ['#7', 1],
        ['#12', 1],
        ['PROJ-1', 1],
        ['PROJ-2', 1],
      ],
      historicalPaths: ['src/core/a.ts', 'src/a.ts'],
    });
    close(a.fragmentation, 1 - 3 * (2 / 6) ** 2);
  });

  it('knows the path the file had in each of its commits', () => {
    const a = file('src/core/a.ts');
    const { c } = fixture;
    assert.deepEqual(
      a.changes.map((revision) => [summary.commits[revision.commit]!.hash, revision.change.path, revision.change.oldPath]),
      [
        [c.f1, 'src/core/a.ts', undefined],
        [c.c5, 'src/core/a.ts', undefined],
        [c.c4, 'src/core/a.ts', 'src/a.ts'],
        [c.c3, 'src/a.ts', undefined],
        [c.c2, 'src/a.ts', undefined],
        [c.c1, 'src/a.ts', undefined],
      ],
    );
    assert.deepEqual(
      a.pathByCommit,
      new Map([
        [c.f1!, 'src/core/a.ts'],
        [c.c5!, 'src/core/a.ts'],
        [c.c4!, 'src/core/a.ts'],
        [c.c3!, 'src/a.ts'],
        [c.c2!, 'src/a.ts'],
        [c.c1!, 'src/a.ts'],
      ]),
    );
  });

  it('follows a rename chain b → c → d', () => {
    const d = file('lib/d.ts');
    assert.deepEqual(knowledge(d), {
      alive: true,
      revisions: 3,
      added: 11,
      deleted: 1,
      authors: [
        [ALICE_KEY, 10, 1],
        [CAROL_KEY, 1, 1],
        [BOB_KEY, 0, 1],
      ],
      mainDeveloper: ALICE_KEY,
      ownership: 10 / 11,
      busFactor: 1,
      firstChange: at('2024-01-01T10:00:00Z'),
      lastChange: at('2024-04-10T10:00:00Z'),
      refs: [
        ['PROJ-5', 2],
        ['PROJ-1', 1],
      ],
      historicalPaths: ['lib/d.ts', 'src/c.ts', 'src/b.ts'],
    });
    close(d.fragmentation, 2 / 3);
  });

  it('keeps one history for a file deleted and re-added at the same path', () => {
    const x = file('x.ts');
    assert.deepEqual([x.alive, x.revisions, x.added, x.deleted, x.ownership, x.busFactor], [true, 3, 5, 3, 0.6, 1]);
    assert.deepEqual(
      x.changes.map((revision) => revision.change.status),
      ['A', 'D', 'A'],
    );
  });

  it('keeps files deleted before HEAD under their last path, flagged not alive', () => {
    assert.deepEqual([file('gone.ts').alive, file('gone.ts').revisions, file('gone.ts').deleted], [false, 2, 2]);
    const renamedThenDeleted = file('tmp/new.ts');
    assert.deepEqual(
      [renamedThenDeleted.alive, renamedThenDeleted.revisions, renamedThenDeleted.added, renamedThenDeleted.deleted, renamedThenDeleted.historicalPaths],
      [false, 3, 10, 10, ['tmp/new.ts', 'tmp/old.ts']],
    );
  });

  it('infers aliveness from the newest change when the live paths are not given', () => {
    const inferred = aggregateHistory(full, { isBot: createBotMatcher() });
    assert.deepEqual(
      [...inferred.files.values()].filter((history) => !history.alive).map((history) => history.path),
      ['gone.ts', 'tmp/new.ts'],
    );
  });

  it('splits two authors with equal added lines into a bus factor of 2 and ownership 0.5', () => {
    const shared = file('shared.ts');
    assert.deepEqual([shared.revisions, shared.added, shared.mainDeveloper.key, shared.ownership, shared.busFactor, shared.fragmentation], [2, 10, ALICE_KEY, 0.5, 2, 0.5]);
  });

  it('falls back to revisions for ownership and bus factor when no lines were added (binary file)', () => {
    const logo = file('assets/logo.bin');
    assert.deepEqual([logo.revisions, logo.added, logo.deleted, logo.mainDeveloper.key, logo.ownership, logo.busFactor], [2, 0, 0, ALICE_KEY, 0.5, 2]);
  });

  it('excludes bot commits entirely but still follows the renames they make', () => {
    const manual = file('docs/manual.md');
    assert.deepEqual([manual.revisions, manual.historicalPaths, [...manual.authors.keys()]], [1, ['docs/manual.md', 'docs/guide.md'], [ALICE_KEY]]);
    assert.equal(summary.commits.length, 13);
    assert.ok(!summary.commits.some((commit) => commit.hash === fixture.c.c6));

    const withBots = aggregateHistory(full, { livePaths: live });
    assert.equal(withBots.files.get('src/core/a.ts')!.revisions, 7);
    assert.equal(withBots.files.get('docs/manual.md')!.revisions, 2);
    assert.ok(withBots.files.get('src/core/a.ts')!.authors.has(authorKey(DEPENDABOT.name, DEPENDABOT.email)));
  });

  it('lists each commit’s current paths and references, parallel to the commits', () => {
    const c4 = summary.commits.findIndex((commit) => commit.hash === fixture.c.c4);
    assert.deepEqual(summary.changesets[c4], ['src/core/a.ts']);
    assert.deepEqual(summary.references[c4], [{ kind: 'jira', id: 'PROJ-3' }]);
    const c7 = summary.commits.findIndex((commit) => commit.hash === fixture.c.c7);
    assert.deepEqual(summary.changesets[c7], ['lib/d.ts', 'tmp/new.ts']);
    assert.deepEqual([...summary.projectKeys], ['PROJ']);
  });

  it('uses the project keys it is given instead of discovering them', () => {
    const withoutKeys = aggregateHistory(full, { isBot: createBotMatcher(), backlog: { projectKeys: new Set() } });
    assert.deepEqual(
      withoutKeys.files.get('src/core/a.ts')!.refs.map((count) => [count.reference.id, count.commits]),
      [
        ['#7', 1],
        ['#12', 1],
      ],
    );
  });

  it('counts the same revisions from the fast pass, with ownership by revisions', async () => {
    const fast = aggregateHistory(await readHistory({ cwd: fixture.repo.dir, mode: 'fast' }), { isBot: createBotMatcher(), livePaths: live });
    assert.deepEqual(
      [...fast.files.values()].map((history) => [history.path, history.revisions, history.historicalPaths]),
      [...summary.files.values()].map((history) => [history.path, history.revisions, history.historicalPaths]),
    );
    const a = fast.files.get('src/core/a.ts')!;
    assert.deepEqual([a.added, a.deleted, a.mainDeveloper.key, a.ownership, a.busFactor], [0, 0, ALICE_KEY, 2 / 6, 2]);
  });

  it('counts only the window it is given', async () => {
    const windowed = aggregateHistory(
      await readHistory({ cwd: fixture.repo.dir, mode: 'full', since: new Date('2024-02-01T00:00:00Z'), until: new Date('2024-03-31T00:00:00Z') }),
      { isBot: createBotMatcher(), livePaths: live },
    );
    const a = windowed.files.get('src/core/a.ts')!;
    assert.deepEqual(
      [a.revisions, a.added, a.deleted, a.firstChange, a.lastChange, a.historicalPaths],
      [4, 8, 1, at('2024-02-01T10:00:00Z'), at('2024-03-10T10:00:00Z'), ['src/core/a.ts', 'src/a.ts']],
    );
    assert.equal(windowed.files.has('lib/d.ts'), false);
  });
});

describe('aggregateHistory on hand-made histories', () => {
  let clock = 1000;
  const commit = (files: FileChange[], author = ALICE, message = 'change'): CommitRecord => ({
    hash: `h${clock}`,
    authorName: author.name,
    authorEmail: author.email,
    authorTime: clock,
    commitTime: clock--,
    message,
    files,
  });
  const m = (path: string, added = 1): FileChange => ({ path, status: 'M', added, deleted: 0 });
  const r = (oldPath: string, path: string): FileChange => ({ path, oldPath, status: 'R', added: 0, deleted: 0 });

  it('resolves two files swapping names in one commit', () => {
    // Oldest last: x and y edited, then swapped, then edited again.
    const summary = aggregateHistory([commit([m('x', 1)]), commit([r('x', 'y'), r('y', 'x')]), commit([m('x', 10), m('y', 20)])]);
    assert.deepEqual(
      [...summary.files.values()].map((file) => [file.path, file.added, file.revisions]),
      [
        ['x', 21, 3], // was y before the swap
        ['y', 10, 2],
      ],
    );
  });

  it('keeps a path reused after a rename apart from the renamed file', () => {
    const summary = aggregateHistory([commit([{ path: 'a', status: 'A', added: 3, deleted: 0 }]), commit([r('a', 'b')]), commit([{ path: 'a', status: 'A', added: 5, deleted: 0 }])]);
    assert.deepEqual(
      [...summary.files.values()].map((file) => [file.path, file.added, file.revisions, file.historicalPaths]),
      [
        ['a', 3, 1, ['a']],
        ['b', 5, 2, ['b', 'a']],
      ],
    );
  });

  it('starts a new history at a copy', () => {
    const summary = aggregateHistory([commit([{ path: 'copy', oldPath: 'src', status: 'C', added: 0, deleted: 0 }]), commit([m('src', 4)])]);
    assert.deepEqual(
      [...summary.files.values()].map((file) => [file.path, file.revisions]),
      [
        ['copy', 1],
        ['src', 1],
      ],
    );
  });

  it('computes bus factor as the smallest group with more than half of the added lines', () => {
    const summary = aggregateHistory([commit([m('f', 40)], ALICE), commit([m('f', 30)], BOB), commit([m('f', 30)], CAROL), commit([m('f', 0)], CAROL)]);
    const f = summary.files.get('f')!;
    assert.deepEqual([f.mainDeveloper.key, f.ownership, f.busFactor], [ALICE_KEY, 0.4, 2]);
    close(f.fragmentation, 1 - (1 / 16 + 1 / 16 + 4 / 16));
  });

  it('gives one author ownership 1, fragmentation 0 and bus factor 1', () => {
    const f = aggregateHistory([commit([m('f', 3)]), commit([m('f', 2)])]).files.get('f')!;
    assert.deepEqual([f.ownership, f.fragmentation, f.busFactor], [1, 0, 1]);
  });
});

describe('createBotMatcher', () => {
  it('matches common bots by the default pattern and leaves people alone', () => {
    const isBot = createBotMatcher();
    assert.equal(createBotMatcher(DEFAULT_BOT_PATTERN)(DEPENDABOT.name, DEPENDABOT.email), true);
    const bots: [string, string][] = [
      ['dependabot[bot]', '49699333+dependabot[bot]@users.noreply.github.com'],
      ['renovate[bot]', '29139614+renovate[bot]@users.noreply.github.com'],
      ['github-actions[bot]', '41898282+github-actions[bot]@users.noreply.github.com'],
      ['Renovate Bot', 'bot@renovateapp.com'],
      ['GitHub Actions', 'actions@github.com'],
      ['dependabot-preview', 'support@dependabot.com'],
      ['ci-bot', 'ci@example.com'],
      ['Build', 'release.bot@example.com'],
      // GitHub's Copilot coding agent, by its noreply address.
      ['Copilot', '198982749+Copilot@users.noreply.github.com'],
    ];
    const people: [string, string][] = [
      ['Abbot Smith', 'abbot@example.com'],
      ['Talbot', 'talbot@example.com'],
      ['Robot Robertson', 'robot@example.com'],
      ['Bottomley', 'bot.tomley@example.com'],
      [ALICE.name, ALICE.email],
      // A person named Copilot, or a person's noreply address that mentions it, is not the agent.
      ['Copilot', 'copilot@example.com'],
      ['Copilot Fan', '12345+copilotfan@users.noreply.github.com'],
    ];
    assert.deepEqual(bots.map(([name, email]) => isBot(name, email)), bots.map(() => true));
    assert.deepEqual(people.map(([name, email]) => isBot(name, email)), people.map(() => false));
  });

  it('takes a custom pattern, case-insensitive; an empty one matches no one', () => {
    assert.equal(createBotMatcher('^jenkins$')('Jenkins', 'ci@example.com'), true);
    assert.equal(createBotMatcher('^jenkins$')('dependabot[bot]', 'x@example.com'), false);
    assert.equal(createBotMatcher('')('dependabot[bot]', 'x@example.com'), false);
  });

  it('throws InvalidBotPatternError for a pattern that does not compile', () => {
    assert.throws(() => createBotMatcher('(unclosed'), InvalidBotPatternError);
  });
});
