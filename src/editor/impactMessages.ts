/**
 * The messages between the impact panel's host and its webview. The webview is untrusted input: it
 * renders strings from commits, files and trackers, so everything it sends back is validated here
 * before the host acts on it. Pure: no `vscode`, no DOM, shared by both sides (types) and the tests.
 */

import type { HotspotMapModel, ImpactViewModel } from './impactViewModel';

/** What a click in the webview asks the host to open. */
export type ViewLink =
  | { readonly type: 'openFile'; readonly path: string; readonly line?: number }
  | { readonly type: 'openEntry'; readonly id: string }
  /** Runs Set Status on the entry (the host asks for the new status). */
  | { readonly type: 'setStatus'; readonly id: string }
  | { readonly type: 'openBacklog'; readonly ref: string }
  | { readonly type: 'openExternal'; readonly url: string };

/** Webview to host. `ready`: the script loaded (again, after the panel was hidden) and wants its data. */
export type ViewMessage = ViewLink | { readonly type: 'ready' };

/** Host to webview. */
export interface RenderMessage {
  readonly type: 'render';
  readonly model: ImpactViewModel | HotspotMapModel;
}

/** Longer than any path, id or URL the panel sends out; anything longer did not come from it. */
const MAX_TEXT = 2048;

/**
 * The message if it is one the webview may send, with exactly the fields the host reads; otherwise
 * undefined. A path must be repository-relative (`/`-separated, no `..`): the host resolves it under
 * the folder's root. A URL must be http or https: the host hands it to the operating system.
 */
export function parseViewMessage(value: unknown): ViewMessage | undefined {
  if (value === null || typeof value !== 'object') {
    return undefined;
  }
  const message = value as Record<string, unknown>;
  switch (message['type']) {
    case 'ready':
      return { type: 'ready' };
    case 'openFile': {
      const path = message['path'];
      const line = message['line'];
      if (!isRelativePath(path)) {
        return undefined;
      }
      if (line === undefined) {
        return { type: 'openFile', path };
      }
      return typeof line === 'number' && Number.isInteger(line) && line >= 1 ? { type: 'openFile', path, line } : undefined;
    }
    case 'openEntry':
    case 'setStatus': {
      const id = message['id'];
      return isToken(id) ? { type: message['type'], id } : undefined;
    }
    case 'openBacklog': {
      const ref = message['ref'];
      return isToken(ref) ? { type: 'openBacklog', ref } : undefined;
    }
    case 'openExternal': {
      const url = webUrl(message['url']);
      return url === undefined ? undefined : { type: 'openExternal', url };
    }
    default:
      return undefined;
  }
}

/** The URL, normalized, when it is an http or https URL; undefined for any other scheme or text. */
export function webUrl(value: unknown): string | undefined {
  if (typeof value !== 'string' || value.length > MAX_TEXT) {
    return undefined;
  }
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return undefined;
  }
  return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : undefined;
}

function isRelativePath(value: unknown): value is string {
  if (typeof value !== 'string' || value === '' || value.length > MAX_TEXT || /[\\\0-\x1f]/.test(value)) {
    return false;
  }
  if (value.startsWith('/') || /^[A-Za-z]:/.test(value)) {
    return false;
  }
  return value.split('/').every((segment) => segment !== '' && segment !== '.' && segment !== '..');
}

/** An entry id or a backlog reference: one short line of text. */
function isToken(value: unknown): value is string {
  return typeof value === 'string' && value.trim() !== '' && value.length <= 200 && !/[\0-\x1f]/.test(value);
}
