import { strict as assert } from 'node:assert';
import type { Marker } from '../../../src/core/ledger/markers';
import { commentSyntaxFor, findMarkers } from '../../../src/core/ledger/markers';
import { entryDraftFromMarker } from '../../../src/core/ledger/promoteMarker';

const OPTIONS = { projectKeys: new Set(['PROJ']) };

/** `[line, column, tag, text, reference ids]` per marker: compact and exact. */
const rows = (path: string, text: string, options: Parameters<typeof findMarkers>[2] = OPTIONS): unknown[] =>
  findMarkers(path, text, options).map((marker) => [marker.line, marker.column, marker.tag, marker.text, marker.references.map((reference) => reference.id)]);

describe('findMarkers', () => {
  it('finds markers only in TypeScript comments: not in strings, templates, regular expressions or prose', () => {
    const source = [
      '#!/usr/bin/env node',
      '// TODO: first thing',
      'const s = "TODO not a marker"; // FIXME #45 crashes on empty input',
      "const q = 'HACK no'; const r = /\"/; // HACK regex after a quote",
      'const t = `a ${b} // TODO inside a template`;',
      '/**',
      ' * Does things.',
      ' * @deprecated use x instead',
      ' * TODO(PROJ-12): migrate to the new API',
      ' */',
      '/* XXX one-liner */',
      '// todos are not markers, nor is todo or Todo',
      '// this is not a TODO list',
      'function f(): number { return 1; } // TODO(alice): later',
      '',
    ].join('\n');
    assert.deepEqual(rows('src/a.ts', source), [
      [2, 4, 'TODO', 'first thing', []],
      [3, 35, 'FIXME', '#45 crashes on empty input', ['#45']],
      [4, 40, 'HACK', 'regex after a quote', []],
      [8, 4, '@deprecated', 'use x instead', []],
      [9, 4, 'TODO', '(PROJ-12): migrate to the new API', ['PROJ-12']],
      [11, 4, 'XXX', 'one-liner', []],
      [14, 39, 'TODO', '(alice): later', []],
    ]);
  });

  it('returns whole Marker objects with the jira and github references they carry', () => {
    const markers: Marker[] = findMarkers('src/a.ts', '// TODO(PROJ-12) and FIXME later\nlet x = 1; /* FIXME #45 */\n', OPTIONS);
    assert.deepEqual(markers, [
      { path: 'src/a.ts', line: 1, column: 4, tag: 'TODO', text: '(PROJ-12) and FIXME later', references: [{ kind: 'jira', id: 'PROJ-12' }] },
      { path: 'src/a.ts', line: 2, column: 15, tag: 'FIXME', text: '#45', references: [{ kind: 'github', id: '#45' }] },
    ]);
  });

  it('ignores KEY-12 tokens whose key is not a project key', () => {
    assert.deepEqual(rows('a.ts', '// TODO(ABC-12): x\n'), [[1, 4, 'TODO', '(ABC-12): x', []]]);
  });

  it('reads JSX comments but not JSX text or attribute strings', () => {
    const source = [
      'export const A = () => (',
      '  <div>',
      '    // TODO not a comment, JSX text',
      '    {/* FIXME: a real comment */}',
      '    <p title="TODO">don\'t TODO</p>',
      '  </div>',
      '); // HACK after the element',
      '',
    ].join('\n');
    assert.deepEqual(rows('src/a.tsx', source), [
      [4, 9, 'FIXME', 'a real comment', []],
      [7, 7, 'HACK', 'after the element', []],
    ]);
    assert.deepEqual(rows('src/a.jsx', source), rows('src/a.tsx', source));
  });

  it('skips what only the parser can tell from code: a multi-line JSX attribute, a regex of slashes, a template part', () => {
    const source = [
      'export const A = () => (',
      '  <a title="first line',
      '    // TODO not a comment, still the attribute" href={`${base}/x // FIXME not either ${id}`}>',
      '    {/\\/\\/ HACK not a comment/.test(s) ? 1 : 2} // XXX JSX text, not a comment',
      '  </a>',
      ');',
      'const b = c, // TODO after a comma',
      '  d = 1; /* FIXME: before the end */',
      '',
    ].join('\n');
    assert.deepEqual(rows('src/a.tsx', source), [
      [7, 17, 'TODO', 'after a comma', []],
      [8, 13, 'FIXME', 'before the end', []],
    ]);
  });

  it('reads one marker per line of a multi-line block comment', () => {
    const source = ['/*', '  TODO: one', '  plain line', '  HACK: two */', 'code();', ''].join('\n');
    assert.deepEqual(rows('a.js', source), [
      [2, 3, 'TODO', 'one', []],
      [4, 3, 'HACK', 'two', []],
    ]);
  });

  it('uses a custom tag list, still case-sensitive and whole-word', () => {
    const source = '// NOTE: keep\n// TODO: not configured\n// NOTES are prose\n// note lower\n// REVIEW(PROJ-3) soon\n';
    assert.deepEqual(rows('a.ts', source, { ...OPTIONS, tags: ['NOTE', 'REVIEW'] }), [
      [1, 4, 'NOTE', 'keep', []],
      [5, 4, 'REVIEW', '(PROJ-3) soon', ['PROJ-3']],
    ]);
    assert.deepEqual(rows('a.ts', '// todo: lower\n', { ...OPTIONS, tags: ['todo'] }), [[1, 4, 'todo', 'lower', []]]);
  });

  it('reads other languages from the comment table, skipping strings', () => {
    assert.deepEqual(rows('tool.py', 'x = "# TODO no"  # TODO yes\n# FIXME(PROJ-3): y\n'), [
      [1, 20, 'TODO', 'yes', []],
      [2, 3, 'FIXME', '(PROJ-3): y', ['PROJ-3']],
    ]);
    assert.deepEqual(rows('ci.yml', 'on: push # HACK pinned\nname: "TODO"\n'), [[1, 12, 'HACK', 'pinned', []]]);
    assert.deepEqual(rows('README.md', '# TODO heading is not a comment\n<!-- TODO: md -->\n<!--\n  FIXME two\n-->\n'), [
      [2, 6, 'TODO', 'md', []],
      [4, 3, 'FIXME', 'two', []],
    ]);
    assert.deepEqual(rows('a.c', 'char *s = "/* TODO */"; /* TODO a\n * HACK b */\n// XXX c\n'), [
      [1, 28, 'TODO', 'a', []],
      [2, 4, 'HACK', 'b', []],
      [3, 4, 'XXX', 'c', []],
    ]);
    assert.deepEqual(rows('q.sql', "select '-- TODO' from t; -- TODO real\n"), [[1, 29, 'TODO', 'real', []]]);
    assert.deepEqual(rows('s.css', '.a { color: red; } /* FIXME #12 contrast */\n'), [[1, 23, 'FIXME', '#12 contrast', ['#12']]]);
  });

  it('finds nothing in files whose comment syntax is unknown', () => {
    assert.equal(commentSyntaxFor('data.json'), undefined);
    assert.equal(commentSyntaxFor('src/a.mts'), 'typescript');
    assert.deepEqual(rows('data.json', '{ "a": "// TODO" }\n'), []);
    assert.deepEqual(rows('notes.txt', '# TODO\n'), []);
  });

  it('keeps CRLF line endings out of the text', () => {
    assert.deepEqual(rows('a.ts', '// TODO: one\r\n// FIXME two\r\n'), [
      [1, 4, 'TODO', 'one', []],
      [2, 4, 'FIXME', 'two', []],
    ]);
  });
});

describe('entryDraftFromMarker', () => {
  it('drafts a medium entry from a FIXME with its references and anchor', () => {
    const [marker] = findMarkers('src/a.ts', '\n\n// FIXME(PROJ-12): crashes on #45 when empty\n', OPTIONS);
    assert.deepEqual(entryDraftFromMarker(marker!), {
      title: 'crashes on #45 when empty',
      severity: 'medium',
      backlog: ['PROJ-12', '#45'],
      anchor: { path: 'src/a.ts', lines: [3, 3] },
      body: 'Promoted from a `FIXME` marker at `src/a.ts:3`:\n\n> FIXME (PROJ-12): crashes on #45 when empty\n',
    });
  });

  it('drafts low entries from TODO and @deprecated, titled after the tag when there is no text', () => {
    const markers = findMarkers('b.ts', '// TODO\n/** @deprecated use y */\n', OPTIONS);
    assert.deepEqual(
      markers.map((marker) => [entryDraftFromMarker(marker).title, entryDraftFromMarker(marker).severity]),
      [
        ['TODO in b.ts:1', 'low'],
        ['use y', 'low'],
      ],
    );
    const [hack] = findMarkers('c.ts', `// HACK ${'word '.repeat(30)}\n`, OPTIONS);
    assert.deepEqual([entryDraftFromMarker(hack!).title.length <= 80, entryDraftFromMarker(hack!).title.endsWith('word…'), entryDraftFromMarker(hack!).severity], [true, true, 'medium']);
  });

  it('finds markers by configured patterns where no tag starts the line', () => {
    const text = '// OPTIMIZE: cache this PROJ-4\n// REVIEW later\n// TODO: tagged\nconst s = "OPTIMIZE: not a comment";\n';
    assert.deepEqual(
      findMarkers('src/a.ts', text, { projectKeys: new Set(['PROJ']), patterns: ['(?<tag>OPTIMIZE|REVIEW)\\b'] }).map((m) => [m.line, m.tag, m.text, m.references.map((r) => r.id)]),
      [
        [1, 'OPTIMIZE', 'cache this PROJ-4', ['PROJ-4']],
        [2, 'REVIEW', 'later', []],
        [3, 'TODO', 'tagged', []],
      ],
    );
  });
});
