import type { Command } from 'vscode';
import type { CommandId } from './commandTable';

/**
 * What a command acts on, as lenses, tree rows and links pass it: plain data (a folder's URI as a
 * string, repository-relative paths), so it survives `executeCommand` and `command:` links alike.
 */
export type CommandTarget =
  | { readonly kind: 'entry'; readonly folder: string; readonly id: string }
  | { readonly kind: 'file'; readonly folder: string; readonly path: string }
  | { readonly kind: 'symbol'; readonly folder: string; readonly path: string; readonly symbol: string; readonly line?: number }
  | { readonly kind: 'marker'; readonly folder: string; readonly path: string; readonly line: number }
  | { readonly kind: 'backlog'; readonly folder: string; readonly ref: string };

/** Tree rows carry their target; commands accept a row or a target. */
export interface HasTarget {
  readonly target?: CommandTarget;
}

const KINDS = new Set(['entry', 'file', 'symbol', 'marker', 'backlog']);

/** The target a command was invoked with, from a lens or link (the target) or a tree row (its `target`). */
export function targetOf(arg: unknown): CommandTarget | undefined {
  const candidate = arg !== null && typeof arg === 'object' && 'target' in arg ? (arg as HasTarget).target : arg;
  if (candidate === null || typeof candidate !== 'object') {
    return undefined;
  }
  const { kind, folder } = candidate as { kind?: unknown; folder?: unknown };
  return typeof kind === 'string' && KINDS.has(kind) && typeof folder === 'string' ? (candidate as CommandTarget) : undefined;
}

/** A command for a tree row or a lens, with the target as its argument. */
export function targetCommand(command: CommandId, title: string, target: CommandTarget): Command {
  return { command, title, arguments: [target] };
}

/** A `command:` URI for Markdown links (hovers), with the target as its argument. */
export function commandUri(command: CommandId, target: CommandTarget): string {
  return `command:${command}?${encodeURIComponent(JSON.stringify([target]))}`;
}
