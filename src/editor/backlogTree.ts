import * as vscode from 'vscode';
import { isOpenStatus } from './annotations';
import { COMMANDS } from './commandTable';
import { targetCommand } from './commandTarget';
import { entryDescription } from './debtTree';
import type { EngineRegistry } from './engineRegistry';
import type { FolderEngine } from './folderEngine';
import { rankedFiles } from './hotspotsTree';
import type { TreeNode } from './nodeTreeProvider';
import { folderRoots, revealCommand } from './nodeTreeProvider';

/** A backlog item and what points at it: debt entries that name it, hotspot files whose commits name it. */
export interface BacklogLinks {
  readonly ref: string;
  readonly entries: readonly string[];
  readonly files: readonly string[];
}

/**
 * Backlog items of one folder: every reference of the ledger's entries and of the ranked files'
 * commits, most linked first (entries weigh more: someone linked them on purpose).
 */
export function backlogLinks(engine: FolderEngine): BacklogLinks[] {
  const links = new Map<string, { entries: string[]; files: string[] }>();
  const get = (ref: string): { entries: string[]; files: string[] } => {
    let found = links.get(ref);
    if (!found) {
      found = { entries: [], files: [] };
      links.set(ref, found);
    }
    return found;
  };
  for (const entry of engine.entries) {
    for (const ref of new Set(entry.backlog)) {
      get(ref).entries.push(entry.id);
    }
  }
  for (const file of rankedFiles(engine)) {
    for (const ref of new Set(file.tickets)) {
      get(ref).files.push(file.path);
    }
  }
  return [...links.entries()]
    .map(([ref, { entries, files }]) => ({ ref, entries, files }))
    .sort((a, b) => b.entries.length * 2 + b.files.length - (a.entries.length * 2 + a.files.length) || a.ref.localeCompare(b.ref, 'en', { numeric: true }));
}

export function backlogRoots(registry: EngineRegistry): TreeNode[] {
  return folderRoots('backlog', registry.all, itemRows);
}

function itemRows(engine: FolderEngine): TreeNode[] {
  const folder = engine.folder.uri.toString();
  const entries = new Map(engine.entries.map((entry) => [entry.id, entry]));
  return backlogLinks(engine).map((item): TreeNode => {
    const parts = [
      ...(item.entries.length > 0 ? [`${item.entries.length} ${item.entries.length === 1 ? 'entry' : 'entries'}`] : []),
      ...(item.files.length > 0 ? [`${item.files.length} hotspot ${item.files.length === 1 ? 'file' : 'files'}`] : []),
    ];
    return {
      id: `backlog:${folder}:item:${item.ref}`,
      label: item.ref,
      description: parts.join(' · '),
      contextValue: 'backlogItem',
      icon: new vscode.ThemeIcon('issues'),
      target: { kind: 'backlog', folder, ref: item.ref },
      children: () => [
        ...item.entries.flatMap((id): TreeNode[] => {
          const entry = entries.get(id);
          return entry
            ? [{
                id: `backlog:${folder}:item:${item.ref}:entry:${id}`,
                label: entry.title,
                description: entryDescription(entry),
                contextValue: 'debtEntry',
                icon: new vscode.ThemeIcon(isOpenStatus(entry.status) ? 'warning' : 'pass'),
                command: targetCommand(COMMANDS.openEntry, 'Open Entry', { kind: 'entry', folder, id }),
                target: { kind: 'entry', folder, id },
              }]
            : [];
        }),
        ...item.files.map((file): TreeNode => {
          const report = engine.fileReport(file);
          return {
            id: `backlog:${folder}:item:${item.ref}:file:${file}`,
            label: file,
            description: report ? `#${report.rank} · ${report.revisions} ${report.revisions === 1 ? 'change' : 'changes'}` : undefined,
            contextValue: report?.significant ? 'hotspotFile.significant' : 'hotspotFile',
            icon: new vscode.ThemeIcon(report?.significant ? 'flame' : 'file-code'),
            command: revealCommand(engine.uriOf(file)),
            target: { kind: 'file', folder, path: file },
          };
        }),
      ],
    };
  });
}
