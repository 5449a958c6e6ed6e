import { strict as assert } from 'node:assert';
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { execFileSync } from 'node:child_process';
import { promisify } from 'node:util';
import { MAX_FRONT_MATTER_BYTES } from '../../../src/core/ledger/entryParser';
import type { LedgerDiagnosticCode } from '../../../src/core/ledger/ledgerEntry';
import { LedgerEntryNotFoundError } from '../../../src/core/ledger/ledgerEntry';
import type { LedgerFileHandle, LedgerFileSystem } from '../../../src/core/ledger/ledgerStore';
import {
  LedgerEntryMalformedError,
  LedgerFolderError,
  LedgerInvalidEntryError,
  LedgerStore,
  MAX_ENTRY_FILE_BYTES,
  nodeLedgerFileSystem,
} from '../../../src/core/ledger/ledgerStore';
import {
  LedgerEntryEncodingError,
  LedgerEntryLinkError,
  LedgerFolderNotAFolderError,
  LedgerFolderNotWritableError,
  LedgerFolderUnreadableError,
} from '../../../src/core/ledger/ledgerStorageError';

const CLOCK = (): Date => new Date('2024-06-01T09:30:00.123Z');
const counter = (): (() => number) => {
  let next = 0;
  return () => (next++ * 0x10001) / 0x1000000;
};

function tempRepo(): string {
  return fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'debt-lens-ledger-')));
}

function entryText(id: string, extra: string[] = [], title = 'A valid entry'): string {
  return ['---', `id: ${id}`, `title: ${title}`, 'status: open', 'severity: low', 'created: 2024-01-15', ...extra, '---', '', 'Body.', ''].join('\n');
}

interface BadCase {
  readonly kind: string;
  readonly name: string;
  readonly text: string;
  readonly code: LedgerDiagnosticCode;
  readonly line: number;
}

/** Each file is malformed in exactly one way, at a known line. */
const BAD_CASES: readonly BadCase[] = [
  { kind: 'bad YAML', name: 'TD-bad001.md', text: '---\nid: TD-bad001\ntitle: "unclosed\nstatus: open\n---\n', code: 'bad-yaml', line: 4 },
  { kind: 'duplicate YAML key', name: 'TD-bad002.md', text: entryText('TD-bad002', ['status: paid']), code: 'bad-yaml', line: 7 },
  { kind: 'no front matter', name: 'TD-bad003.md', text: '# TD-bad003\n\nJust notes.\n', code: 'no-front-matter', line: 1 },
  { kind: 'unterminated front matter', name: 'TD-bad004.md', text: '---\nid: TD-bad004\ntitle: x\n', code: 'unterminated-front-matter', line: 1 },
  { kind: 'front matter not a mapping', name: 'TD-bad005.md', text: '---\n- id: TD-bad005\n---\n', code: 'front-matter-not-mapping', line: 2 },
  { kind: 'unknown status', name: 'TD-bad006.md', text: entryText('TD-bad006').replace('status: open', 'status: done'), code: 'unknown-status', line: 4 },
  { kind: 'unknown severity', name: 'TD-bad007.md', text: entryText('TD-bad007').replace('severity: low', 'severity: meh'), code: 'unknown-severity', line: 5 },
  { kind: 'missing title', name: 'TD-bad008.md', text: entryText('TD-bad008').replace('title: A valid entry\n', ''), code: 'missing-field', line: 1 },
  { kind: 'empty title', name: 'TD-bad009.md', text: entryText('TD-bad009', [], '""'), code: 'empty-field', line: 3 },
  { kind: 'principal without unit', name: 'TD-bad010.md', text: entryText('TD-bad010', ['principal: 3']), code: 'bad-principal', line: 7 },
  { kind: 'anchor path ../x', name: 'TD-bad011.md', text: entryText('TD-bad011', ['anchors:', '  - path: ../x.ts']), code: 'anchor-outside-repo', line: 8 },
  { kind: 'absolute anchor path', name: 'TD-bad012.md', text: entryText('TD-bad012', ['anchors:', '  - path: /etc/passwd']), code: 'anchor-outside-repo', line: 8 },
  { kind: 'anchors not a list', name: 'TD-bad013.md', text: entryText('TD-bad013', ['anchors: src/a.ts']), code: 'anchors-not-list', line: 7 },
  { kind: 'id not matching the file name', name: 'TD-bad014-wrong.md', text: entryText('TD-0bad14'), code: 'id-file-mismatch', line: 2 },
  { kind: 'bad date', name: 'TD-bad015.md', text: entryText('TD-bad015').replace('created: 2024-01-15', 'created: 2024-02-30'), code: 'bad-date', line: 6 },
  { kind: 'tags not text', name: 'TD-bad016.md', text: entryText('TD-bad016', ['tags:', '  - ok', '  - [nested]']), code: 'wrong-type', line: 9 },
  { kind: 'bad id', name: 'TD-XYZ.md', text: entryText('TD-XYZ'), code: 'bad-id', line: 2 },
  { kind: 'bare backlog number', name: 'TD-bad018.md', text: entryText('TD-bad018', ['backlog: [45]']), code: 'wrong-type', line: 7 },
  { kind: 'duplicate id (first file)', name: 'TD-d0b001-one.md', text: entryText('TD-d0b001'), code: 'duplicate-id', line: 2 },
  { kind: 'duplicate id (second file)', name: 'TD-d0b001-two.md', text: entryText('TD-d0b001'), code: 'duplicate-id', line: 2 },
];

const VALID = ['TD-a00001', 'TD-a00002'];

describe('LedgerStore', () => {
  let root: string;
  let dir: string;
  let store: LedgerStore;

  beforeEach(() => {
    root = tempRepo();
    dir = path.join(root, '.techdebt');
    fs.mkdirSync(dir);
    store = new LedgerStore({ repoRoot: root, clock: CLOCK, random: counter() });
  });

  afterEach(() => {
    fs.rmSync(root, { recursive: true, force: true });
  });

  const write = (name: string, text: string): void => fs.writeFileSync(path.join(dir, name), text);
  const read = (name: string): string => fs.readFileSync(path.join(dir, name), 'utf8');
  const listing = (): string[] => fs.readdirSync(dir).sort();

  describe('bad input', () => {
    beforeEach(() => {
      for (const bad of BAD_CASES) {
        write(bad.name, bad.text);
      }
      for (const id of VALID) {
        write(`${id}-valid.md`, entryText(id));
      }
    });

    it(`reports each of ${BAD_CASES.length} malformed files with its code and line, and still loads the valid ones`, async () => {
      const { entries, diagnostics } = await store.load();
      assert.deepEqual(
        entries.map((entry) => entry.id),
        VALID,
      );
      const found = new Map<string, { code: string; line: number }[]>();
      for (const diagnostic of diagnostics) {
        found.set(diagnostic.path, [...(found.get(diagnostic.path) ?? []), { code: diagnostic.code, line: diagnostic.line }]);
      }
      for (const bad of BAD_CASES) {
        assert.deepEqual(found.get(`.techdebt/${bad.name}`), [{ code: bad.code, line: bad.line }], bad.kind);
      }
      assert.equal(diagnostics.length, BAD_CASES.length);
      assert.equal(new Set(BAD_CASES.map((bad) => bad.code)).size >= 10, true);
    });

    it('never rewrites a malformed file: not on load, not on updates of other entries, not on updates of itself', async () => {
      await store.load();
      await store.update('TD-a00001', { status: 'paid' });
      await store.add({ title: 'Another', severity: 'high' }, '');
      for (const bad of BAD_CASES) {
        const id = /^TD-[^-.]+/.exec(bad.name)?.[0] ?? '';
        await assert.rejects(store.update(id, { status: 'paid' }), (error: unknown) => error instanceof LedgerEntryMalformedError || error instanceof LedgerEntryNotFoundError, bad.kind);
      }
      await store.load();
      for (const bad of BAD_CASES) {
        assert.equal(read(bad.name), bad.text, bad.kind);
      }
      assert.equal(read('TD-a00001-valid.md'), entryText('TD-a00001').replace('status: open', 'status: paid').replace('created: 2024-01-15\n', 'created: 2024-01-15\nupdated: 2024-06-01T09:30:00Z\n'));
    });

    it('names the problems when asked to update a malformed entry', async () => {
      await assert.rejects(store.update('TD-bad006', { status: 'paid' }), (error: unknown) => {
        assert.ok(error instanceof LedgerEntryMalformedError);
        assert.deepEqual(
          error.diagnostics.map((d) => [d.code, d.line]),
          [['unknown-status', 4]],
        );
        return true;
      });
      await assert.rejects(store.update('TD-d0b001', { status: 'paid' }), LedgerEntryMalformedError);
      await assert.rejects(store.update('TD-ffffff', { status: 'paid' }), LedgerEntryNotFoundError);
    });
  });

  describe('load', () => {
    it('is empty when the folder does not exist, and ignores README.md, hidden and temp files', async () => {
      fs.rmSync(dir, { recursive: true });
      assert.deepEqual(await store.load(), { entries: [], diagnostics: [], files: new Map() });
      fs.mkdirSync(dir);
      write('README.md', '# About this folder\n');
      write('.TD-a00001.abc.tmp', 'partial');
      write('notes.txt', 'x');
      write('TD-a00001-x.md', entryText('TD-a00001'));
      const snapshot = await store.load();
      assert.deepEqual([...snapshot.files.keys()], ['.techdebt/TD-a00001-x.md']);
      assert.equal(snapshot.diagnostics.length, 0);
    });

    it('reads a configurable folder', async () => {
      fs.mkdirSync(path.join(root, 'docs', 'debt'), { recursive: true });
      fs.writeFileSync(path.join(root, 'docs', 'debt', 'TD-a00001.md'), entryText('TD-a00001'));
      const custom = new LedgerStore({ repoRoot: root, folder: 'docs/debt' });
      assert.deepEqual(
        (await custom.load()).entries.map((entry) => entry.path),
        ['docs/debt/TD-a00001.md'],
      );
      assert.throws(() => new LedgerStore({ repoRoot: root, folder: '../elsewhere' }), LedgerFolderError);
    });

    it('picks up hand edits, new and deleted files, and re-reads only what changed', async () => {
      write('TD-a00001.md', entryText('TD-a00001'));
      write('TD-a00002.md', entryText('TD-a00002'));
      const reads: string[] = [];
      const counting = new LedgerStore({
        repoRoot: root,
        fs: { ...nodeLedgerFileSystem, readFile: (file) => (reads.push(path.basename(file)), nodeLedgerFileSystem.readFile(file)) },
      });
      const first = await counting.load();
      assert.deepEqual(reads, ['TD-a00001.md', 'TD-a00002.md']);
      reads.length = 0;
      const unchanged = await counting.changedSince(first);
      assert.deepEqual([reads, unchanged.added, unchanged.changed, unchanged.removed], [[], [], [], []]);

      write('TD-a00001.md', entryText('TD-a00001').replace('status: open', 'status: accepted # hand edit'));
      fs.rmSync(path.join(dir, 'TD-a00002.md'));
      write('TD-a00003.md', entryText('TD-a00003'));
      const changes = await counting.changedSince(unchanged.snapshot);
      assert.deepEqual(reads, ['TD-a00001.md', 'TD-a00003.md']);
      assert.deepEqual([changes.added, changes.changed, changes.removed], [['.techdebt/TD-a00003.md'], ['.techdebt/TD-a00001.md'], ['.techdebt/TD-a00002.md']]);
      assert.deepEqual(
        changes.snapshot.entries.map((entry) => [entry.id, entry.status]),
        [
          ['TD-a00001', 'accepted'],
          ['TD-a00003', 'open'],
        ],
      );
    });
  });

  describe('add', () => {
    it('writes a new file named by id and slug, and reads it back', async () => {
      const entry = await store.add(
        { title: 'Session refresh is copy-pasted', severity: 'high', principal: '3d', backlog: ['PROJ-12'], anchors: [{ path: 'src/session.ts', symbol: 'SessionManager.refresh' }], author: 'Alice' },
        'Three copies.',
      );
      assert.equal(entry.id, 'TD-000000');
      assert.deepEqual(listing(), ['TD-000000-session-refresh-is-copy-pasted.md']);
      assert.equal(
        read('TD-000000-session-refresh-is-copy-pasted.md'),
        [
          '---',
          'id: TD-000000',
          'title: Session refresh is copy-pasted',
          'status: open',
          'severity: high',
          'principal: 3d',
          'tags: []',
          'backlog:',
          '  - PROJ-12',
          'anchors:',
          '  - path: src/session.ts',
          '    symbol: SessionManager.refresh',
          'created: 2024-06-01T09:30:00Z',
          'author: Alice',
          '---',
          '',
          'Three copies.',
          '',
        ].join('\n'),
      );
      assert.deepEqual((await store.load()).entries, [entry]);
    });

    it('skips ids already used, even by a malformed file', async () => {
      write('TD-000000-broken.md', 'no front matter');
      const entry = await store.add({ title: 'Next', severity: 'low' }, '');
      assert.equal(entry.id, 'TD-010001');
    });

    it('refuses invalid fields and writes nothing', async () => {
      await assert.rejects(store.add({ title: 'Bad', severity: 'low', principal: '3' }, ''), (error: unknown) => {
        assert.ok(error instanceof LedgerInvalidEntryError);
        assert.deepEqual(
          error.diagnostics.map((d) => d.code),
          ['bad-principal'],
        );
        return true;
      });
      await assert.rejects(store.add({ title: 'Bad', severity: 'low', anchors: [{ path: '../outside.ts' }] }, ''), LedgerInvalidEntryError);
      assert.deepEqual(listing(), []);
    });

    it('withdraws and retries when another writer published the same id under another name', async () => {
      let raced = false;
      const racing = new LedgerStore({
        repoRoot: root,
        clock: CLOCK,
        random: counter(),
        fs: {
          ...nodeLedgerFileSystem,
          link: async (from, to) => {
            if (!raced) {
              raced = true;
              write('TD-000000-the-other-writer.md', entryText('TD-000000'));
            }
            await nodeLedgerFileSystem.link(from, to);
          },
        },
      });
      const entry = await racing.add({ title: 'Mine', severity: 'low' }, '');
      assert.equal(entry.id, 'TD-010001');
      assert.deepEqual(listing(), ['TD-000000-the-other-writer.md', 'TD-010001-mine.md']);
    });
  });

  describe('update', () => {
    const HAND_WRITTEN = [
      '---',
      '# Reviewed in the Q2 debt review.',
      'id: TD-c0ffee',
      'title: "Retry loop swallows errors"   # keep short',
      'status: open',
      'severity: medium',
      'x-cost-centre: 4711',
      'tags: [payments,   reliability]',
      'anchors:',
      '  - path: src/pay.ts',
      '    symbol: PaymentClient.send   # moved from client.ts',
      '    lines: [10,20]',
      'created: 2024-01-15',
      'updated: 2024-02-01',
      '---',
      '',
      'Written by hand. <!-- keep -->',
      '',
      '- a list',
      '',
    ].join('\n');

    it('changes only the status and updated lines of a hand-written entry', async () => {
      write('TD-c0ffee-retry.md', HAND_WRITTEN);
      const entry = await store.update('TD-c0ffee', { status: 'paid' });
      assert.equal(read('TD-c0ffee-retry.md'), HAND_WRITTEN.replace('status: open', 'status: paid').replace('updated: 2024-02-01', 'updated: 2024-06-01T09:30:00Z'));
      assert.deepEqual([entry.status, entry.updated, entry.body], ['paid', '2024-06-01T09:30:00Z', 'Written by hand. <!-- keep -->\n\n- a list\n']);
      assert.deepEqual(listing(), ['TD-c0ffee-retry.md']);
    });

    it('refuses changes that would make the entry invalid and leaves the file alone', async () => {
      write('TD-c0ffee-retry.md', HAND_WRITTEN);
      await assert.rejects(store.update('TD-c0ffee', { principal: 'three days' }), LedgerInvalidEntryError);
      await assert.rejects(store.update('TD-c0ffee', { title: '' }), LedgerInvalidEntryError);
      assert.equal(read('TD-c0ffee-retry.md'), HAND_WRITTEN);
      assert.deepEqual(listing(), ['TD-c0ffee-retry.md']);
    });
  });

  describe('what the user wrote and where', () => {
    const bytesOf = (name: string): Buffer => fs.readFileSync(path.join(dir, name));

    it('refuses to rewrite an entry that is not UTF-8, naming its line, and leaves its bytes alone', async () => {
      const latin1 = Buffer.concat([Buffer.from('---\nid: TD-a00001\ntitle: Caf'), Buffer.from([0xe9]), Buffer.from('\nstatus: open\nseverity: low\ncreated: 2024-01-15\n---\n')]);
      fs.writeFileSync(path.join(dir, 'TD-a00001.md'), latin1);
      // Still read (the byte shows as U+FFFD), so the entry is listed; only a rewrite is refused.
      assert.deepEqual((await store.load()).entries.map((entry) => entry.title), ['Caf\ufffd']);
      await assert.rejects(store.update('TD-a00001', { status: 'paid' }), (error: unknown) => {
        assert.ok(error instanceof LedgerEntryEncodingError);
        assert.deepEqual([error.path, error.line], ['.techdebt/TD-a00001.md', 3]);
        return true;
      });
      assert.equal(bytesOf('TD-a00001.md').toString('hex'), latin1.toString('hex'));
      assert.deepEqual(listing(), ['TD-a00001.md']);
    });

    it('keeps every byte it does not edit: a BOM, CRLF line breaks, NUL and non-ASCII text', async () => {
      const text = `\ufeff${entryText('TD-a00001', [], 'Café ☕').replace(/\n/g, '\r\n')}raw \0 byte\r\n`;
      write('TD-a00001.md', text);
      await store.update('TD-a00001', { status: 'paid' });
      assert.equal(read('TD-a00001.md'), text.replace('status: open', 'status: paid').replace('created: 2024-01-15\r\n', 'created: 2024-01-15\r\nupdated: 2024-06-01T09:30:00Z\r\n'));
    });

    it('writes through an entry that is a symlink: the target changes, the link stays', async () => {
      fs.mkdirSync(path.join(root, 'docs'));
      fs.writeFileSync(path.join(root, 'docs', 'entry.md'), entryText('TD-a00001'));
      fs.symlinkSync('../docs/entry.md', path.join(dir, 'TD-a00001-linked.md'));
      await store.update('TD-a00001', { status: 'paid' });
      assert.equal(fs.readlinkSync(path.join(dir, 'TD-a00001-linked.md')), '../docs/entry.md');
      assert.match(fs.readFileSync(path.join(root, 'docs', 'entry.md'), 'utf8'), /^status: paid$/m);
      assert.deepEqual([fs.readdirSync(path.join(root, 'docs')), listing()], [['entry.md'], ['TD-a00001-linked.md']]);
    });

    it('neither reads nor writes an entry that links out of the repository', async () => {
      const outside = tempRepo();
      try {
        fs.writeFileSync(path.join(outside, 'entry.md'), entryText('TD-a00001'));
        fs.symlinkSync(path.join(outside, 'entry.md'), path.join(dir, 'TD-a00001-out.md'));
        const { entries, diagnostics } = await store.load();
        assert.deepEqual([entries, diagnostics.map((d) => [d.path, d.code])], [[], [['.techdebt/TD-a00001-out.md', 'unreadable-file']]]);
        await assert.rejects(store.update('TD-a00001', { status: 'paid' }), LedgerEntryMalformedError);
        // The write checks again, should the link change after the load: here the load's check is
        // fooled (its realpath says the link is inside), the write's is not.
        let fooled = false;
        const realpath = async (file: string): Promise<string> => {
          if (file.endsWith('-out.md') && !fooled) {
            fooled = true;
            return file;
          }
          return nodeLedgerFileSystem.realpath(file);
        };
        const writeCheck = new LedgerStore({ repoRoot: root, clock: CLOCK, fs: { ...nodeLedgerFileSystem, realpath } });
        await assert.rejects(writeCheck.update('TD-a00001', { status: 'paid' }), LedgerEntryLinkError);
        assert.equal(fs.readFileSync(path.join(outside, 'entry.md'), 'utf8'), entryText('TD-a00001'));
      } finally {
        fs.rmSync(outside, { recursive: true, force: true });
      }
    });

    it('reports a FIFO, a folder and an oversized file in place of entries without reading them, and loads the rest', async () => {
      execFileSync('mkfifo', [path.join(dir, 'TD-a00001-fifo.md')]);
      fs.mkdirSync(path.join(dir, 'TD-a00002-folder.md'));
      write('TD-a00003-big.md', entryText('TD-a00003', [], 'x'.repeat(MAX_ENTRY_FILE_BYTES)));
      write('TD-a00004.md', entryText('TD-a00004'));
      const { entries, diagnostics } = await store.load();
      assert.deepEqual(entries.map((entry) => entry.id), ['TD-a00004']);
      assert.deepEqual(
        diagnostics.map((d) => [d.path, d.code, d.message]),
        [
          ['.techdebt/TD-a00001-fifo.md', 'unreadable-file', 'the file is a fifo, not a regular file, so it is not read'],
          ['.techdebt/TD-a00002-folder.md', 'unreadable-file', 'the file is a directory, not a regular file, so it is not read'],
          [
            '.techdebt/TD-a00003-big.md',
            'too-large',
            `the file is ${Buffer.byteLength(entryText('TD-a00003', [], 'x'.repeat(MAX_ENTRY_FILE_BYTES)))} bytes, more than the ${MAX_ENTRY_FILE_BYTES} bytes an entry file may hold, so it is not read — keep long notes in another file`,
          ],
        ],
      );
    });

    it('reports a front matter over the size limit without parsing it', async () => {
      const tags = Array.from({ length: MAX_FRONT_MATTER_BYTES / 8 }, (_, index) => `  - t${index}`);
      write('TD-a00001.md', entryText('TD-a00001', ['tags:', ...tags]));
      const { entries, diagnostics } = await store.load();
      assert.deepEqual([entries, diagnostics.map((d) => [d.code, d.line])], [[], [['too-large', 1]]]);
    });

    it('says the ledger folder is not a folder when a file has its name, on load and on add, and writes nothing', async () => {
      fs.rmSync(dir, { recursive: true });
      fs.writeFileSync(dir, 'not a folder\n');
      await assert.rejects(store.load(), (error: unknown) => error instanceof LedgerFolderNotAFolderError && error.path === '.techdebt');
      await assert.rejects(store.add({ title: 'New', severity: 'low' }, ''), LedgerFolderNotAFolderError);
      await assert.rejects(new LedgerStore({ repoRoot: root, folder: '.techdebt/sub' }).add({ title: 'New', severity: 'low' }, ''), LedgerFolderNotAFolderError);
      assert.equal(fs.readFileSync(dir, 'utf8'), 'not a folder\n');
    });

    it('names the folder and the cause when the system refuses to list or to write it', async () => {
      write('TD-a00001.md', entryText('TD-a00001'));
      const denied = (): Promise<never> => Promise.reject(Object.assign(new Error('EACCES: permission denied'), { code: 'EACCES' }));
      const unreadable = new LedgerStore({ repoRoot: root, fs: { ...nodeLedgerFileSystem, readdir: denied } });
      await assert.rejects(unreadable.load(), (error: unknown) => error instanceof LedgerFolderUnreadableError && error.code === 'EACCES');
      const readOnly = new LedgerStore({ repoRoot: root, clock: CLOCK, fs: { ...nodeLedgerFileSystem, createExclusive: denied } });
      for (const write of [readOnly.add({ title: 'New', severity: 'low' }, ''), readOnly.update('TD-a00001', { status: 'paid' })]) {
        await assert.rejects(write, (error: unknown) => {
          assert.ok(error instanceof LedgerFolderNotWritableError);
          assert.equal(error.message, 'cannot write in the ledger folder .techdebt (permission denied) — give this user write access to it, then try again');
          return true;
        });
      }
      assert.deepEqual([listing(), read('TD-a00001.md')], [['TD-a00001.md'], entryText('TD-a00001')]);
    });

    it('refuses a title with a line break on add and update, before writing anything, not even the folder', async () => {
      fs.rmSync(dir, { recursive: true });
      for (const title of ['first\nsecond', 'first\r\nsecond', 'first\u2028second']) {
        await assert.rejects(store.add({ title, severity: 'low' }, ''), (error: unknown) => error instanceof LedgerInvalidEntryError && error.diagnostics[0]?.code === 'multi-line-title');
      }
      assert.equal(fs.existsSync(dir), false);
      fs.mkdirSync(dir);
      write('TD-a00001.md', entryText('TD-a00001'));
      await assert.rejects(store.update('TD-a00001', { title: 'two\nlines' }), LedgerInvalidEntryError);
      assert.equal(read('TD-a00001.md'), entryText('TD-a00001'));
    });

    it('reads an entry whose title already holds a line break', async () => {
      write('TD-a00001.md', entryText('TD-a00001', [], '"first\\nsecond"'));
      assert.deepEqual((await store.load()).entries.map((entry) => entry.title), ['first\nsecond']);
    });

    it('removes the stale temp files of killed writes when it writes, and nothing else', async () => {
      write('TD-a00001.md', entryText('TD-a00001'));
      const names = ['.TD-a00001.k3j9x2.tmp', '.TD-a00001.q8w7e6.tmp', 'my-notes.tmp', '.TD-a00001.tmp', '.TD-a00001.k3j9x2.tmp.bak'];
      for (const name of names) {
        write(name, 'half');
      }
      const now = CLOCK().getTime();
      const age = (name: string, ms: number): void => fs.utimesSync(path.join(dir, name), new Date(now - ms), new Date(now - ms));
      age('.TD-a00001.k3j9x2.tmp', 61_000);
      age('.TD-a00001.q8w7e6.tmp', 30_000);
      for (const name of names.slice(2)) {
        age(name, 3_600_000);
      }
      await store.load();
      assert.equal(listing().length, 6, 'a load removes nothing');
      await store.update('TD-a00001', { status: 'paid' });
      assert.deepEqual(listing(), ['.TD-a00001.k3j9x2.tmp.bak', '.TD-a00001.q8w7e6.tmp', '.TD-a00001.tmp', 'TD-a00001.md', 'my-notes.tmp']);
      age('.TD-a00001.q8w7e6.tmp', 61_000);
      await store.add({ title: 'New', severity: 'low' }, '');
      assert.equal(listing().includes('.TD-a00001.q8w7e6.tmp'), false);
    });
  });

  describe('interrupted writes', () => {
    /** Counts every file-system call and fails call number `failAt` (once), as a crash or a full disk would. */
    function faultyFs(failAt: number): { fs: LedgerFileSystem; calls: () => number } {
      let calls = 0;
      const step = (): void => {
        calls++;
        if (calls === failAt) {
          throw Object.assign(new Error(`injected fault at step ${failAt}`), { code: 'EIO' });
        }
      };
      const wrap =
        <A extends unknown[], R>(call: (...args: A) => Promise<R>) =>
        async (...args: A): Promise<R> => {
          step();
          return call(...args);
        };
      const fs: LedgerFileSystem = {
        readdir: wrap(nodeLedgerFileSystem.readdir),
        readFile: wrap(nodeLedgerFileSystem.readFile),
        realpath: wrap(nodeLedgerFileSystem.realpath),
        stat: wrap(nodeLedgerFileSystem.stat),
        mkdir: wrap(nodeLedgerFileSystem.mkdir),
        link: wrap(nodeLedgerFileSystem.link),
        rename: wrap(nodeLedgerFileSystem.rename),
        unlink: wrap(nodeLedgerFileSystem.unlink),
        createExclusive: wrap(async (file: string): Promise<LedgerFileHandle> => {
          const handle = await nodeLedgerFileSystem.createExclusive(file);
          return {
            writeFile: async (data) => {
              calls++;
              if (calls === failAt) {
                await handle.writeFile(data.slice(0, Math.floor(data.length / 2)));
                throw Object.assign(new Error('injected fault half-way through the write'), { code: 'ENOSPC' });
              }
              await handle.writeFile(data);
            },
            sync: wrap(() => handle.sync()),
            close: async () => {
              await handle.close();
              step();
            },
          };
        }),
      };
      return { fs, calls: () => calls };
    }

    it('leaves the old or the new entry after an update failing at any step, and no temp file', async () => {
      const oldText = entryText('TD-a00001');
      const newText = oldText.replace('status: open', 'status: scheduled').replace('created: 2024-01-15\n', 'created: 2024-01-15\nupdated: 2024-06-01T09:30:00Z\n');
      write('TD-a00001.md', oldText);
      const clean = faultyFs(0);
      await new LedgerStore({ repoRoot: root, clock: CLOCK, fs: clean.fs }).update('TD-a00001', { status: 'scheduled' });
      const steps = clean.calls();
      assert.equal(steps >= 9, true, `only ${steps} steps`);
      const outcomes: string[] = [];
      for (let failAt = 1; failAt <= steps; failAt++) {
        write('TD-a00001.md', oldText);
        const faulty = new LedgerStore({ repoRoot: root, clock: CLOCK, fs: faultyFs(failAt).fs });
        const succeeded = await faulty.update('TD-a00001', { status: 'scheduled' }).then(
          () => true,
          () => false,
        );
        const after = read('TD-a00001.md');
        assert.equal(after, succeeded ? newText : oldText, `step ${failAt}`);
        assert.deepEqual(listing(), ['TD-a00001.md'], `step ${failAt}`);
        outcomes.push(succeeded ? 'new' : 'old');
      }
      assert.equal(outcomes.includes('old'), true);
      assert.equal(outcomes.at(-1), 'old', 'a failing rename keeps the old file');
    });

    it('leaves no entry or the complete new entry after an add failing at any step, and no temp file', async () => {
      const clean = faultyFs(0);
      const reference = await new LedgerStore({ repoRoot: root, clock: CLOCK, random: () => 0, fs: clean.fs }).add({ title: 'New', severity: 'low' }, 'Body.');
      const expected = read('TD-000000-new.md');
      const steps = clean.calls();
      assert.equal(reference.id, 'TD-000000');
      for (let failAt = 1; failAt <= steps; failAt++) {
        fs.rmSync(dir, { recursive: true, force: true });
        const faulty = new LedgerStore({ repoRoot: root, clock: CLOCK, random: () => 0, fs: faultyFs(failAt).fs });
        await faulty.add({ title: 'New', severity: 'low' }, 'Body.').catch(() => undefined);
        const names = fs.existsSync(dir) ? listing() : [];
        assert.equal(names.length === 0 || (names.length === 1 && names[0] === 'TD-000000-new.md'), true, `step ${failAt}: ${names.join(', ')}`);
        if (names.length === 1) {
          assert.equal(read('TD-000000-new.md'), expected, `step ${failAt}`);
        }
      }
    });
  });

  describe('two writers at once', () => {
    it('two processes adding 50 entries each, racing for the same ids, end with 100 distinct valid entries', async () => {
      const script = path.join(__dirname, 'fixtures', 'addEntries.ts');
      const run = promisify(execFile);
      const writer = (name: string): Promise<unknown> => run(process.execPath, ['--import', 'tsx', script, root, name, '50', '42'], { cwd: path.join(__dirname, '../../..') });
      await Promise.all([writer('a'), writer('b')]);
      const { entries, diagnostics } = await new LedgerStore({ repoRoot: root }).load();
      assert.deepEqual(diagnostics, []);
      assert.equal(entries.length, 100);
      assert.equal(new Set(entries.map((entry) => entry.id)).size, 100);
      assert.deepEqual(
        entries.map((entry) => entry.title).sort(),
        [...Array.from({ length: 50 }, (_, index) => `Writer a entry ${index}`), ...Array.from({ length: 50 }, (_, index) => `Writer b entry ${index}`)].sort(),
      );
      assert.deepEqual(
        listing().filter((name) => !name.endsWith('.md')),
        [],
      );
    });
  });
});
