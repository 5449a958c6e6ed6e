import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import { parse as parseYaml } from 'yaml';
import { parseEntryFile } from '../../../src/core/ledger/entryParser';
import { LedgerFormatError, serializeNewEntry, updateEntryText } from '../../../src/core/ledger/entryWriter';
import type { LedgerEntryFields } from '../../../src/core/ledger/ledgerEntry';
import { PRINCIPAL_PATTERN } from '../../../src/core/ledger/ledgerEntry';

const ROOT = '/repo';
const FIELDS: LedgerEntryFields = {
  id: 'TD-7f3a2c',
  title: 'Session refresh: copy-pasted in 3 places',
  status: 'open',
  severity: 'high',
  principal: '3d',
  tags: ['auth'],
  backlog: ['PROJ-12', '#45', 'acme/app#9', 'AB#77', 'https://linear.app/acme/issue/ENG-4'],
  anchors: [{ path: 'src/session.ts', symbol: 'SessionManager.refresh', lines: [12, 30], fingerprint: 'fp1:0123456789abcdef' }],
  created: '2024-05-01T10:00:00Z',
  author: 'Alice Example',
};

const HAND_WRITTEN = [
  '---',
  '# Found while fixing PROJ-3.',
  'id: TD-00beef',
  "title: 'Retry loop swallows errors'",
  'status: open   # until the spike lands',
  'severity: medium',
  'owner-team: payments',
  'tags: [reliability,  payments]',
  'created: 2024-01-15',
  '---',
  '',
  'The retry loop in `PaymentClient.send` catches everything.',
  '',
].join('\n');

const schema = JSON.parse(fs.readFileSync(path.join(__dirname, '../../../schema/debt-entry.schema.json'), 'utf8')) as object;
const validate = new Ajv2020({ allErrors: true, strict: true }).compile(schema);
const frontMatter = (text: string): unknown => parseYaml(text.split('---\n')[1] ?? '');

describe('serializeNewEntry and parseEntryFile', () => {
  it('writes the documented layout and reads back the same entry', () => {
    const text = serializeNewEntry(FIELDS, 'Three copies of the refresh logic.');
    assert.equal(
      text,
      [
        '---',
        'id: TD-7f3a2c',
        'title: "Session refresh: copy-pasted in 3 places"',
        'status: open',
        'severity: high',
        'principal: 3d',
        'tags:',
        '  - auth',
        'backlog:',
        '  - PROJ-12',
        '  - "#45"',
        '  - acme/app#9',
        '  - AB#77',
        '  - https://linear.app/acme/issue/ENG-4',
        'anchors:',
        '  - path: src/session.ts',
        '    symbol: SessionManager.refresh',
        '    lines: [12, 30]',
        '    fingerprint: fp1:0123456789abcdef',
        'created: 2024-05-01T10:00:00Z',
        'author: Alice Example',
        '---',
        '',
        'Three copies of the refresh logic.',
        '',
      ].join('\n'),
    );
    const result = parseEntryFile(text, '.techdebt/TD-7f3a2c-session.md', ROOT);
    assert.deepEqual(result, {
      entry: { ...FIELDS, body: 'Three copies of the refresh logic.\n', path: '.techdebt/TD-7f3a2c-session.md' },
      idLine: 2,
    });
  });

  it('reads a minimal hand-written entry with defaults for the optional lists', () => {
    const result = parseEntryFile(HAND_WRITTEN, '.techdebt/TD-00beef.md', ROOT);
    assert.deepEqual(result, {
      entry: {
        id: 'TD-00beef',
        title: 'Retry loop swallows errors',
        status: 'open',
        severity: 'medium',
        tags: ['reliability', 'payments'],
        backlog: [],
        anchors: [],
        created: '2024-01-15',
        body: 'The retry loop in `PaymentClient.send` catches everything.\n',
        path: '.techdebt/TD-00beef.md',
      },
      idLine: 3,
    });
  });

  it('reports every problem of one file with its line and column', () => {
    const text = ['---', 'id: TD-7f3a2c', 'title: ok', 'status: done', 'severity: huge', 'created: 2024-13-01', '---', ''].join('\n');
    assert.deepEqual(parseEntryFile(text, '.techdebt/TD-7f3a2c.md', ROOT), {
      diagnostics: [
        { path: '.techdebt/TD-7f3a2c.md', line: 4, column: 9, code: 'unknown-status', message: 'unknown status done; expected one of open, accepted, scheduled, paid, wontfix' },
        { path: '.techdebt/TD-7f3a2c.md', line: 5, column: 11, code: 'unknown-severity', message: 'unknown severity huge; expected one of low, medium, high, critical' },
        {
          path: '.techdebt/TD-7f3a2c.md',
          line: 6,
          column: 10,
          code: 'bad-date',
          message: '`created` must be a date (2024-05-01) or date-time (2024-05-01T10:00:00Z), not 2024-13-01',
        },
      ],
    });
  });

  it('accepts CRLF line breaks and a byte-order mark', () => {
    const text = `\uFEFF${HAND_WRITTEN.replace(/\n/g, '\r\n')}`;
    const result = parseEntryFile(text, '.techdebt/TD-00beef.md', ROOT);
    assert.ok('entry' in result);
    assert.equal(result.entry.body, 'The retry loop in `PaymentClient.send` catches everything.\r\n');
  });
});

describe('principal', () => {
  it('needs a number and one of the units h, d, w, sp, pt', () => {
    const accepted = ['3d', '5sp', '8h', '0.5w', '13pt', '10d'];
    const refused = ['3', 'd3', '3 d', '3days', '-1d', '3.d', '.5d', '3D', '3m'];
    assert.deepEqual(accepted.filter((value) => PRINCIPAL_PATTERN.test(value)), accepted);
    assert.deepEqual(refused.filter((value) => PRINCIPAL_PATTERN.test(value)), []);
  });
});

describe('debt-entry.schema.json', () => {
  it('accepts what serializeNewEntry writes and a hand-written entry with extra fields', () => {
    assert.equal(validate(frontMatter(serializeNewEntry(FIELDS, ''))), true, JSON.stringify(validate.errors));
    assert.equal(validate(frontMatter(HAND_WRITTEN)), true, JSON.stringify(validate.errors));
  });

  it('refuses the same field problems as the parser', () => {
    const base = frontMatter(serializeNewEntry(FIELDS, '')) as Record<string, unknown>;
    const cases: [string, Record<string, unknown>, string][] = [
      ['unknown status', { ...base, status: 'done' }, '/status'],
      ['unknown severity', { ...base, severity: 'huge' }, '/severity'],
      ['principal without unit', { ...base, principal: '3' }, '/principal'],
      ['empty title', { ...base, title: ' ' }, '/title'],
      ['bad id', { ...base, id: 'TD-XYZ' }, '/id'],
      ['anchor path outside', { ...base, anchors: [{ path: '../x.ts' }] }, '/anchors/0/path'],
      ['absolute anchor path', { ...base, anchors: [{ path: '/etc/passwd' }] }, '/anchors/0/path'],
      ['tag not text', { ...base, tags: [1] }, '/tags/0'],
      ['bad backlog reference', { ...base, backlog: ['nope'] }, '/backlog/0'],
      ['bad date', { ...base, created: '1 May' }, '/created'],
    ];
    for (const [name, data, instancePath] of cases) {
      assert.equal(validate(data), false, name);
      assert.deepEqual([...new Set(validate.errors?.map((error) => error.instancePath))], [instancePath], name);
    }
    const { title: _title, ...noTitle } = base;
    assert.equal(validate(noTitle), false);
    assert.equal(validate.errors?.[0]?.params['missingProperty'], 'title');
  });
});

describe('updateEntryText', () => {
  it('changes only the status value and appends updated, keeping comments, quotes, spacing and unknown fields', () => {
    const updated = updateEntryText(HAND_WRITTEN, { status: 'paid', updated: '2024-06-01T09:00:00Z' });
    assert.equal(
      updated,
      HAND_WRITTEN.replace('status: open   #', 'status: paid   #').replace('created: 2024-01-15\n', 'created: 2024-01-15\nupdated: 2024-06-01T09:00:00Z\n'),
    );
  });

  it('keeps the quoting style of a changed value and quotes when YAML needs it', () => {
    const updated = updateEntryText(HAND_WRITTEN, { title: 'Retry: swallows errors' });
    assert.equal(updated, HAND_WRITTEN.replace("title: 'Retry loop swallows errors'", "title: 'Retry: swallows errors'"));
    const plain = updateEntryText(HAND_WRITTEN, { severity: 'critical', principal: '2d' });
    assert.equal(plain, HAND_WRITTEN.replace('severity: medium', 'severity: critical').replace('created: 2024-01-15\n', 'created: 2024-01-15\nprincipal: 2d\n'));
  });

  it('edits lists through the YAML document and keeps comments and unknown fields', () => {
    const updated = updateEntryText(HAND_WRITTEN, { tags: ['payments'], backlog: ['#45'], anchors: [{ path: 'src/pay.ts', lines: [3, 9] }] });
    assert.equal(
      updated,
      [
        '---',
        '# Found while fixing PROJ-3.',
        'id: TD-00beef',
        "title: 'Retry loop swallows errors'",
        'status: open # until the spike lands',
        'severity: medium',
        'owner-team: payments',
        'tags:',
        '  - payments',
        'created: 2024-01-15',
        'backlog:',
        '  - "#45"',
        'anchors:',
        '  - path: src/pay.ts',
        '    lines: [3, 9]',
        '---',
        '',
        'The retry loop in `PaymentClient.send` catches everything.',
        '',
      ].join('\n'),
    );
  });

  it('removes an optional field given null and replaces the body when asked', () => {
    const withAuthor = HAND_WRITTEN.replace('severity: medium\n', 'severity: medium\nauthor: Bob\n');
    const updated = updateEntryText(withAuthor, { author: null, body: 'Fixed by PROJ-9.' });
    assert.equal(updated, `${HAND_WRITTEN.split('---\n\n')[0]}---\n\nFixed by PROJ-9.\n`);
  });

  it('keeps CRLF line breaks', () => {
    const crlf = HAND_WRITTEN.replace(/\n/g, '\r\n');
    assert.equal(updateEntryText(crlf, { status: 'paid', updated: '2024-06-01' }), crlf.replace('status: open', 'status: paid').replace('created: 2024-01-15\r\n', 'created: 2024-01-15\r\nupdated: 2024-06-01\r\n'));
    const relisted = updateEntryText(crlf, { tags: ['x'] });
    assert.equal(relisted.replace(/\r\n/g, '').includes('\n'), false);
  });

  it('refuses a text without readable front matter', () => {
    assert.throws(() => updateEntryText('# just markdown\n', { status: 'paid' }), (error: unknown) => error instanceof LedgerFormatError && error.code === 'no-front-matter');
    assert.throws(() => updateEntryText('---\nid: [\n---\n', { status: 'paid' }), (error: unknown) => error instanceof LedgerFormatError && error.code === 'bad-yaml');
  });
});
