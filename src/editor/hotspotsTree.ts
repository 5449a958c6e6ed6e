import * as vscode from 'vscode';
import type { ComplexityMetric, FileReport, FunctionReport, RankedFileReport } from '../core/scan/scanReport';
import { isRankedFile } from '../core/scan/scanReport';
import { fileComplexity, windowMonths } from './annotations';
import type { EngineRegistry } from './engineRegistry';
import type { FolderEngine } from './folderEngine';
import type { TreeNode } from './nodeTreeProvider';
import { folderRoots, revealCommand } from './nodeTreeProvider';
import { readSettings } from './settings';

/** Rows of the Hotspots view: ranked files (folders first when the workspace has several), then their functions. */
export function hotspotRoots(registry: EngineRegistry): TreeNode[] {
  return folderRoots('hotspots', registry.all, fileRows, folderDescription);
}

function folderDescription(engine: FolderEngine): string {
  const status = engine.status;
  switch (status.kind) {
    case 'scanning':
      return 'scanning…';
    case 'not-git':
      return 'not a git repository';
    case 'untrusted':
      return 'untrusted: not scanned';
    case 'failed':
      return 'scan failed';
    default:
      return engine.report ? `${engine.report.stats.significantFiles} significant` : 'not scanned';
  }
}

/** Ranked files with a positive score (unchanged files are not hotspots), best first. */
export function rankedFiles(engine: FolderEngine): RankedFileReport[] {
  const files = engine.report?.files ?? [];
  return files.filter(isRankedFile).filter((file) => file.score > 0).sort((a, b) => a.rank - b.rank || a.path.localeCompare(b.path));
}

function fileRows(engine: FolderEngine): TreeNode[] {
  const report = engine.report;
  if (!report) {
    return [];
  }
  const folder = engine.folder.uri.toString();
  const months = windowMonths(report);
  return rankedFiles(engine)
    .slice(0, readSettings(engine.folder).hotspotsShown)
    .map((file): TreeNode => {
      const functions = sortedFunctions(file);
      const uri = engine.uriOf(file.path);
      return {
        id: `hotspots:${folder}:file:${file.path}`,
        label: file.path,
        description: `#${file.rank} · score ${file.score} · ${file.revisions} ${file.revisions === 1 ? 'change' : 'changes'} · ${fileComplexity(file, report.complexityMetric)}`,
        tooltip: fileTooltip(file, months, report.complexityMetric),
        contextValue: file.significant ? 'hotspotFile.significant' : 'hotspotFile',
        icon: new vscode.ThemeIcon(file.significant ? 'flame' : 'file-code'),
        command: revealCommand(uri),
        target: { kind: 'file', folder, path: file.path },
        children: functions.length > 0 ? () => functions.map((fn) => functionRow(engine, file, fn, months)) : undefined,
      };
    });
}

/**
 * The file's hot functions: when X-Ray ran, those that are both complex and changed (score > 0), by
 * score; a trivial function edited often, or a complex one nobody touches, is no hotspot. Without
 * X-Ray, the complex functions by complexity.
 */
function sortedFunctions(file: FileReport): FunctionReport[] {
  return file.xray
    ? file.functions.filter((fn) => (fn.score ?? 0) > 0).sort((a, b) => (b.score ?? 0) - (a.score ?? 0) || b.cognitive - a.cognitive || a.startLine - b.startLine)
    : file.functions.filter((fn) => fn.cognitive > 0).sort((a, b) => b.cognitive - a.cognitive || a.startLine - b.startLine);
}

function functionRow(engine: FolderEngine, file: FileReport, fn: FunctionReport, months: number): TreeNode {
  const folder = engine.folder.uri.toString();
  const changes = fn.revisions === null ? '' : `score ${fn.score} · ${fn.revisions} ${fn.revisions === 1 ? 'change' : 'changes'} · `;
  const tooltip = new vscode.MarkdownString();
  tooltip.appendText(`${fn.name} (${file.path}:${fn.startLine}–${fn.endLine})\n\n`);
  tooltip.appendText(
    fn.revisions === null
      ? `Cognitive ${fn.cognitive}, cyclomatic ${fn.cyclomatic}, ${fn.loc} lines. Function history (X-Ray) ran for the top files only.`
      : `Rank #${fn.rank} of the measured functions: ${fn.revisions} changes in ${months} months, churn ${fn.churn} lines; cognitive ${fn.cognitive}, cyclomatic ${fn.cyclomatic}, ${fn.loc} lines.`,
  );
  return {
    id: `hotspots:${folder}:fn:${file.path}:${fn.name}:${fn.startLine}`,
    label: fn.name,
    description: `${changes}cognitive ${fn.cognitive}`,
    tooltip,
    contextValue: 'hotspotFunction',
    icon: new vscode.ThemeIcon('symbol-method'),
    command: revealCommand(engine.uriOf(file.path), fn.startLine),
    target: { kind: 'symbol', folder, path: file.path, symbol: fn.name, line: fn.startLine },
  };
}

function fileTooltip(file: FileReport, months: number, metric: ComplexityMetric): vscode.MarkdownString {
  const tooltip = new vscode.MarkdownString();
  // appendText escapes: paths, names and tickets come from the repository.
  tooltip.appendText(`${file.path}\n\n`);
  tooltip.appendText(
    `Rank #${file.rank} (percentile ${file.percentile}) · score ${file.score} = ${file.revisions} changes in ${months} months × ${fileComplexity(file, metric)}\n\n` +
      `${file.loc} lines · ${file.authors} ${file.authors === 1 ? 'author' : 'authors'}` +
      (file.mainDeveloper ? ` · main developer ${file.mainDeveloper}` : '') +
      (file.importers !== null ? ` · ${file.importers} importers` : '') +
      (file.tickets.length > 0 ? `\n\nTickets: ${file.tickets.slice(0, 8).join(', ')}` : ''),
  );
  return tooltip;
}
