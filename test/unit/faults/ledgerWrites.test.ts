import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { GitRepoBuilder } from '../support/gitRepoBuilder';
import {
  assertCompleted,
  assertExit,
  assertNoStackFrame,
  assertOneLineError,
  assertTreeUnchanged,
  childEnv,
  entryText,
  runCli,
  snapshotTree,
  tempDir,
} from './faultSupport';

/**
 * Issue 10, "Data lost or rewritten" (1, 2) and "Temp files pile up" (20): what `debt status` and
 * the next runs do to the bytes a user wrote.
 */

const ENTRY = '.techdebt/TD-abcdef-cafe.md';

function fixture(): GitRepoBuilder {
  const repo = GitRepoBuilder.create('debt-lens-fault-ledger-');
  repo.write('src/a.ts', 'export const a = 1;\n');
  repo.commit({ message: 'initial', date: '2026-01-10T10:00:00Z' });
  return repo;
}

/**
 * `debt status TD-abcdef paid` on `entry` (repository-relative) whose bytes are `original`. Either
 * outcome the issue allows passes: the bytes kept exactly but for the `status` value and the
 * `updated` line (exit 0), or a refusal naming `refusal` that leaves every file as it was (exit 1).
 * Re-encoding fails both.
 */
function assertStatusKeepsBytesOrRefuses(repo: GitRepoBuilder, entry: string, original: Buffer, refusal: RegExp): void {
  const before = snapshotTree(repo.dir);
  const run = runCli(['debt', 'status', 'TD-abcdef', 'paid', '--repo', repo.dir]);
  assertCompleted(run, 'debt status');
  assertNoStackFrame(run.stderr);
  if (run.code === 0) {
    // latin1 maps each byte to one char and back, so the comparison is of bytes, not of text.
    const after = fs.readFileSync(path.join(repo.dir, entry)).toString('latin1');
    assert.match(after, /^status: paid$/m, 'the status was not changed');
    const restored = after.replace(/^status: paid$/m, 'status: open').replace(/^updated: [^\n]*\n/m, '');
    assert.equal(
      Buffer.from(restored, 'latin1').toString('hex'),
      original.toString('hex'),
      'bytes other than the status value and the updated line changed (hex of the file, status and updated put back)',
    );
    assertTreeUnchanged(repo.dir, before, (relative) => relative === entry);
  } else {
    assertExit(run, 1);
    assertOneLineError(run.stderr, refusal);
    assertTreeUnchanged(repo.dir, before);
  }
}

describe('issue 10 · ledger writes keep what the user wrote', function () {
  this.timeout(120_000);
  let repo: GitRepoBuilder;

  beforeEach(() => {
    repo = fixture();
  });

  afterEach(() => {
    repo.cleanup();
  });

  it('case 1: debt status on a Latin-1 title keeps its bytes or refuses, never re-encodes é as U+FFFD', () => {
    const original = Buffer.concat([
      Buffer.from('---\nid: TD-abcdef\ntitle: Caf'),
      Buffer.from([0xe9]),
      Buffer.from('\nstatus: open\nseverity: low\ncreated: 2026-01-01\n---\n\nOrdered at the caf'),
      Buffer.from([0xe9]),
      Buffer.from('.\n'),
    ]);
    repo.write(ENTRY, original);
    assertStatusKeepsBytesOrRefuses(repo, ENTRY, original, /UTF-8|encoding/i);
  });

  it('case 1: debt status on a body holding NUL, 0xFF, 0xFE and 0x80 keeps those bytes or refuses', () => {
    const original = Buffer.concat([
      Buffer.from(entryText('TD-abcdef', { title: 'Binary body' })),
      Buffer.from('\nraw '),
      Buffer.from([0x00, 0xff, 0xfe, 0x80]),
      Buffer.from(' bytes\n'),
    ]);
    repo.write(ENTRY, original);
    assertStatusKeepsBytesOrRefuses(repo, ENTRY, original, /UTF-8|encoding|binary|NUL/i);
  });

  it('case 2: debt status on an entry that is a symlink writes through the link or refuses, never replaces the link', () => {
    const target = 'docs/debt/entry.md';
    const link = '.techdebt/TD-abcdef-linked.md';
    repo.write(target, entryText('TD-abcdef', { title: 'Kept in docs' }));
    fs.mkdirSync(path.join(repo.dir, '.techdebt'), { recursive: true });
    fs.symlinkSync('../docs/debt/entry.md', path.join(repo.dir, link));
    const before = snapshotTree(repo.dir);

    const run = runCli(['debt', 'status', 'TD-abcdef', 'paid', '--repo', repo.dir]);
    assertCompleted(run, 'debt status');
    assertNoStackFrame(run.stderr);
    if (run.code === 0) {
      const stat = fs.lstatSync(path.join(repo.dir, link));
      assert.ok(stat.isSymbolicLink(), `the symlink was replaced by a ${stat.isFile() ? 'regular file' : 'other file'}`);
      assert.equal(fs.readlinkSync(path.join(repo.dir, link)), '../docs/debt/entry.md', 'the symlink points elsewhere');
      const text = fs.readFileSync(path.join(repo.dir, target), 'utf8');
      assert.match(text, /^status: paid$/m, 'the status was not written through the link');
      assertTreeUnchanged(repo.dir, before, (relative) => relative === target);
    } else {
      assertExit(run, 1);
      assertOneLineError(run.stderr, /symlink|symbolic link|\blink\b/i);
      assertTreeUnchanged(repo.dir, before);
    }
  });
});

describe('issue 10 · stale temp files are cleaned up', function () {
  this.timeout(120_000);
  let repo: GitRepoBuilder;
  let cacheDir: string;

  beforeEach(() => {
    repo = fixture();
    cacheDir = tempDir('debt-lens-fault-cache-');
  });

  afterEach(() => {
    repo.cleanup();
    fs.rmSync(cacheDir, { recursive: true, force: true });
  });

  /** Ten minutes old: well past the "older than a minute" of the issue. */
  function makeStale(file: string): void {
    const old = new Date(Date.now() - 10 * 60_000);
    fs.utimesSync(file, old, old);
  }

  // The names below are the temp names today's writers use (`.<id>.<base36>.tmp` in the ledger,
  // `scan.json.<12 hex>.tmp` in the cache): what a killed write leaves. A file of the user with
  // another name, or a temp file younger than a minute (a writer at work), must stay.
  it('case 20: the next ledger write removes stale .TD-….tmp files of a killed write, and nothing else', () => {
    repo.write('.techdebt/TD-abcdef-entry.md', entryText('TD-abcdef'));
    const stale = path.join(repo.dir, '.techdebt/.TD-abcdef.k3j9x2.tmp');
    const fresh = path.join(repo.dir, '.techdebt/.TD-abcdef.q8w7e6.tmp');
    const users = path.join(repo.dir, '.techdebt/my-notes.tmp');
    repo.write('.techdebt/.TD-abcdef.k3j9x2.tmp', '---\nid: TD-abcdef\ntitle: half a wri');
    repo.write('.techdebt/.TD-abcdef.q8w7e6.tmp', '---\nid: TD-abcdef\n');
    repo.write('.techdebt/my-notes.tmp', 'mine\n');
    makeStale(stale);
    makeStale(users);
    const before = snapshotTree(repo.dir);

    const run = runCli(['debt', 'status', 'TD-abcdef', 'paid', '--repo', repo.dir], { env: childEnv({ DEBT_LENS_CACHE_DIR: cacheDir }) });
    assertCompleted(run, 'debt status');
    assertExit(run, 0);
    assertNoStackFrame(run.stderr);
    assert.ok(fs.existsSync(fresh), 'a temp file younger than a minute was removed (another writer may be at work)');
    assert.ok(fs.existsSync(users), "the user's own .tmp file was removed");
    assert.ok(!fs.existsSync(stale), 'the stale temp file of a killed write is still in the ledger folder');
    assertTreeUnchanged(repo.dir, new Map([...before].filter(([relative]) => relative !== '.techdebt/.TD-abcdef.k3j9x2.tmp')), (relative) => relative === '.techdebt/TD-abcdef-entry.md');
  });

  it('case 20: the next scan removes stale scan.json.….tmp files from its cache folder, and nothing else', () => {
    const env = childEnv({ DEBT_LENS_CACHE_DIR: cacheDir });
    const first = runCli(['scan', repo.dir, '--quiet', '--cache-dir', cacheDir], { env });
    assertExit(first, 0);
    const [folder] = fs.readdirSync(cacheDir);
    assert.ok(folder !== undefined, 'the first scan wrote no cache folder');
    const dir = path.join(cacheDir, folder);
    const stale = path.join(dir, 'scan.json.0123456789ab.tmp');
    const fresh = path.join(dir, 'scan.json.ba9876543210.tmp');
    const foreign = path.join(dir, 'notes.tmp');
    fs.writeFileSync(stale, '{"version":');
    fs.writeFileSync(fresh, '{"version":');
    fs.writeFileSync(foreign, 'not ours\n');
    makeStale(stale);
    makeStale(foreign);
    const before = snapshotTree(repo.dir);

    const run = runCli(['scan', repo.dir, '--quiet', '--cache-dir', cacheDir], { env });
    assertCompleted(run, 'scan');
    assertExit(run, 0);
    assertNoStackFrame(run.stderr);
    assert.ok(fs.existsSync(fresh), 'a temp file younger than a minute was removed (another scan may be writing it)');
    assert.ok(fs.existsSync(foreign), 'a file that is not a cache temp file was removed');
    assert.ok(!fs.existsSync(stale), 'the stale temp file of a killed cache write is still in the cache folder');
    assertTreeUnchanged(repo.dir, before);
  });
});
