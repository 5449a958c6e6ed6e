import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';

const root = path.resolve(__dirname, '..', '..', '..');
const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as {
  contributes: { commands: { command: string; title: string; category: string }[]; configuration: { properties: Record<string, unknown> }[] };
};
const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');

describe('the README documents the extension', () => {
  it('lists every contributed command by title and id', () => {
    const missing = manifest.contributes.commands.filter((c) => !readme.includes(`| **${c.category}: ${c.title}** | \`${c.command}\` |`));
    assert.deepEqual(missing.map((c) => c.command), []);
  });

  it('lists every setting', () => {
    const keys = manifest.contributes.configuration.flatMap((section) => Object.keys(section.properties));
    assert.ok(keys.length >= 10);
    assert.deepEqual(keys.filter((key) => !readme.includes(`| \`${key}\` |`)), []);
  });
});
