import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { COMMANDS } from '../../../src/editor/commandTable';

interface Manifest {
  readonly contributes: {
    readonly commands: readonly { readonly command: string }[];
    readonly menus: Readonly<Record<string, readonly { readonly command: string }[]>>;
    readonly viewsWelcome: readonly { readonly view: string; readonly contents: string }[];
  };
}

const manifest = JSON.parse(fs.readFileSync(path.resolve(__dirname, '..', '..', '..', 'package.json'), 'utf8')) as Manifest;
const known = new Set<string>(Object.values(COMMANDS));

describe('the command table', () => {
  it('holds exactly the commands package.json contributes, each once', () => {
    const contributed = manifest.contributes.commands.map((command) => command.command);
    assert.equal(new Set(contributed).size, contributed.length, `a command is contributed twice: ${contributed.join(', ')}`);
    assert.deepEqual([...known].sort(), [...contributed].sort());
    assert.equal(known.size, Object.keys(COMMANDS).length, 'two names of the table share an id');
  });

  it('names each command debtLens.<its name in the table>', () => {
    for (const [name, id] of Object.entries(COMMANDS)) {
      assert.equal(id, `debtLens.${name}`);
    }
  });

  it('knows every command a menu of package.json names', () => {
    const named = Object.entries(manifest.contributes.menus).flatMap(([menu, items]) => items.map((item) => `${menu}: ${item.command}`));
    assert.notDeepEqual(named, [], 'package.json has no menus: the test would prove nothing');
    assert.deepEqual(named.filter((entry) => !known.has(entry.slice(entry.indexOf(': ') + 2))), []);
  });

  it('knows every Debt Lens command a welcome view links to', () => {
    const links = manifest.contributes.viewsWelcome.flatMap((welcome) => [...welcome.contents.matchAll(/\(command:(debtLens\.[^)?]+)/g)].map((match) => `${welcome.view}: ${match[1]}`));
    assert.notDeepEqual(links, [], 'no welcome view links to a command: the test would prove nothing');
    assert.deepEqual(links.filter((link) => !known.has(link.slice(link.indexOf(': ') + 2))), []);
  });
});
