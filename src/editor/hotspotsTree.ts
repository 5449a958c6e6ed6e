import * as vscode from 'vscode';
import type { ComplexityMetric, FileReport, FunctionReport, RankedFileReport } from '../core/scan/scanReport';
import { isRankedFile } from '../core/scan/scanReport';
import { fileComplexity, shortPath, windowMonths } from './annotations';
import type { EngineRegistry } from './engineRegistry';
import type { FolderEngine } from './folderEngine';
import type { TreeNode } from './nodeTreeProvider';
import { folderRoots, revealCommand } from './nodeTreeProvider';
import { isSignificantFile, isSignificantFunction } from './reportFacts';
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
      return engine.report ? `${significantFileCount(engine.report.files)} significant` : 'not scanned';
  }
}

/** Files significant by the scan's rule: what the 🔥 of the status bar and the folder rows count. */
export function significantFileCount(files: readonly FileReport[]): number {
  return files.filter(isSignificantFile).length;
}

/** Ranked files with a positive score (unchanged files are not hotspots), best first. */
export function rankedFiles(engine: FolderEngine): RankedFileReport[] {
  const files = engine.report?.files ?? [];
  return files.filter(isRankedFile).filter((file) => file.score > 0).sort((a, b) => a.rank - b.rank || a.path.localeCompare(b.path));
}

/**
 * The ranked production files, best first, then (when there are any) a collapsed "Test files" row
 * holding the ranked test files: tests rank among themselves and are no hotspots by default.
 */
function fileRows(engine: FolderEngine): TreeNode[] {
  const report = engine.report;
  if (!report) {
    return [];
  }
  const folder = engine.folder.uri.toString();
  const shown = readSettings(engine.folder).hotspotsShown;
  const ranked = rankedFiles(engine);
  const production = ranked.filter((file) => file.category === 'production');
  const tests = ranked.filter((file) => file.category === 'test');
  const rows = production.slice(0, shown).map((file) => fileRow(engine, report, file));
  if (tests.length > 0) {
    rows.push({
      id: `hotspots:${folder}:tests`,
      label: 'Test files',
      description: `${tests.length} ranked`,
      tooltip: 'Test and fixture files, ranked among themselves. They are not significant hotspots unless debtLens.significance.includeTests is on.',
      icon: new vscode.ThemeIcon('beaker'),
      children: () => tests.slice(0, shown).map((file) => fileRow(engine, report, file)),
    });
  }
  return rows;
}

function fileRow(engine: FolderEngine, report: NonNullable<FolderEngine['report']>, file: RankedFileReport): TreeNode {
  const folder = engine.folder.uri.toString();
  const months = windowMonths(report);
  const functions = sortedFunctions(file);
  const uri = engine.uriOf(file.path);
  const significant = isSignificantFile(file);
  return {
    id: `hotspots:${folder}:file:${file.path}`,
    // The file's name, then rank and score: what a default-width sidebar shows before it cuts the
    // row. The folder comes last (the full path is in the tooltip).
    label: fileName(file.path),
    description: `#${file.rank} · score ${file.score} · ${file.revisions} ${file.revisions === 1 ? 'change' : 'changes'} · ${fileComplexity(file, report.complexityMetric)}${folderSuffix(file.path)}`,
    tooltip: fileTooltip(file, months, report.complexityMetric),
    contextValue: significant ? 'hotspotFile.significant' : 'hotspotFile',
    icon: new vscode.ThemeIcon(significant ? 'flame' : 'file-code'),
    command: revealCommand(uri),
    target: { kind: 'file', folder, path: file.path },
    children: functions.length > 0 ? () => functions.map((fn) => functionRow(engine, file, fn, months)) : undefined,
  };
}

function fileName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/** ` · src/billing`: the folder of a path, shortened from the left; nothing at the top level. */
function folderSuffix(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash === -1 ? '' : ` · ${shortPath(path.slice(0, slash), FOLDER_LENGTH)}`;
}

/** The folder part of a row's description; the tooltip has the whole path. */
const FOLDER_LENGTH = 40;

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
    icon: new vscode.ThemeIcon(isSignificantFunction(fn) ? 'flame' : 'symbol-method'),
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
