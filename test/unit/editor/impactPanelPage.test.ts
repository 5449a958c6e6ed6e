import { strict as assert } from 'node:assert';
import { impactCsp, impactHtml } from '../../../src/editor/impactHtml';
import { parseViewMessage, webUrl } from '../../../src/editor/impactMessages';

const PAGE = {
  cspSource: 'https://file+.vscode-resource.vscode-cdn.net',
  nonce: 'bm9uY2Utb2YtdGhlLXBhZ2U=',
  scriptUri: 'https://file+.vscode-resource.vscode-cdn.net/ext/dist/webview/impactView.js',
  styleUri: 'https://file+.vscode-resource.vscode-cdn.net/ext/media/impact.css',
};

describe('impactHtml', () => {
  it('allows only the nonce-carrying script, local styles, images and fonts', () => {
    assert.equal(
      impactCsp(PAGE.cspSource, PAGE.nonce),
      "default-src 'none'; img-src https://file+.vscode-resource.vscode-cdn.net data:; style-src https://file+.vscode-resource.vscode-cdn.net; " +
        "script-src 'nonce-bm9uY2Utb2YtdGhlLXBhZ2U='; font-src https://file+.vscode-resource.vscode-cdn.net",
    );
  });

  it('puts the CSP in the page, loads the script with the nonce, and nothing inline', () => {
    const html = impactHtml(PAGE);
    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]*)">/.exec(html)?.[1];
    assert.equal(csp, impactCsp(PAGE.cspSource, PAGE.nonce));
    assert.doesNotMatch(html, /unsafe-inline|unsafe-eval/);
    assert.deepEqual([...html.matchAll(/<script\b[^>]*>/g)].map((match) => match[0]), [`<script nonce="${PAGE.nonce}" src="${PAGE.scriptUri}">`]);
    assert.match(html, new RegExp(`<link rel="stylesheet" href="${PAGE.styleUri.replace(/[.+]/g, '\\$&')}">`));
    assert.doesNotMatch(html, /<style|\sstyle="|\son\w+="/);
  });
});

describe('parseViewMessage', () => {
  it('accepts the messages the webview sends, with only the fields the host reads', () => {
    assert.deepEqual(parseViewMessage({ type: 'ready', extra: 1 }), { type: 'ready' });
    assert.deepEqual(parseViewMessage({ type: 'openFile', path: 'src/a b.ts', line: 3, extra: 'x' }), { type: 'openFile', path: 'src/a b.ts', line: 3 });
    assert.deepEqual(parseViewMessage({ type: 'openFile', path: 'src/a.ts' }), { type: 'openFile', path: 'src/a.ts' });
    assert.deepEqual(parseViewMessage({ type: 'openEntry', id: 'TD-0a1b' }), { type: 'openEntry', id: 'TD-0a1b' });
    assert.deepEqual(parseViewMessage({ type: 'setStatus', id: 'TD-0a1b', status: 'paid' }), { type: 'setStatus', id: 'TD-0a1b' });
    assert.deepEqual(parseViewMessage({ type: 'openBacklog', ref: '#12' }), { type: 'openBacklog', ref: '#12' });
    assert.deepEqual(parseViewMessage({ type: 'openExternal', url: 'https://github.com/o/r/issues/12' }), { type: 'openExternal', url: 'https://github.com/o/r/issues/12' });
  });

  it('rejects paths outside the repository, bad lines, other schemes and unknown types', () => {
    for (const message of [
      null,
      'openFile',
      { type: 'openFile', path: '../secret' },
      { type: 'openFile', path: 'src/../../etc/passwd' },
      { type: 'openFile', path: '/etc/passwd' },
      { type: 'openFile', path: 'C:/Windows/win.ini' },
      { type: 'openFile', path: 'src\\a.ts' },
      { type: 'openFile', path: 'src//a.ts' },
      { type: 'openFile', path: 'src/a.ts', line: 0 },
      { type: 'openFile', path: 'src/a.ts', line: 1.5 },
      { type: 'openFile', path: 'src/a.ts', line: '3' },
      { type: 'openEntry', id: '' },
      { type: 'openEntry', id: 7 },
      { type: 'setStatus', id: 'a\u0000b' },
      { type: 'openBacklog', ref: 'a\nb' },
      { type: 'openExternal', url: 'javascript:alert(1)' },
      { type: 'openExternal', url: 'file:///etc/passwd' },
      { type: 'openExternal', url: 'command:workbench.action.terminal.new' },
      { type: 'openExternal', url: 'not a url' },
      { type: 'runCommand', command: 'x' },
    ]) {
      assert.equal(parseViewMessage(message), undefined, JSON.stringify(message));
    }
  });

  it('normalizes web URLs', () => {
    assert.equal(webUrl('HTTPS://Example.com/a?b=1'), 'https://example.com/a?b=1');
    assert.equal(webUrl('vscode://x'), undefined);
  });
});
