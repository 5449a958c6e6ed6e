import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ScanReport } from '../core/scan/scanReport';
import type { EngineRegistry } from './engineRegistry';
import type { FolderEngine } from './folderEngine';
import type { CommandHandlers } from './commandTable';
import { UserFacingError } from './guardedCommand';
import { loadEngine } from './loadEngine';
import { pickStep } from './quickInputSteps';
import { readSettings } from './settings';

export type ReportFormat = 'html' | 'stakeholder-markdown' | 'markdown' | 'csv' | 'json' | 'sarif';

interface FormatInfo {
  readonly label: string;
  readonly detail: string;
  readonly extension: string;
}

const FORMATS: Record<ReportFormat, FormatInfo> = {
  html: { label: 'Stakeholder report (HTML)', detail: 'What the debt costs, for planning: one self-contained page with charts, no script', extension: 'html' },
  'stakeholder-markdown': { label: 'Stakeholder report (Markdown)', detail: 'The same report as Markdown, to paste into a planning document', extension: 'md' },
  markdown: { label: 'Markdown', detail: 'Top hotspots and debt for a planning document or a pull request', extension: 'md' },
  csv: { label: 'CSV', detail: 'Every ranked file and function, for a spreadsheet', extension: 'csv' },
  json: { label: 'JSON', detail: 'The whole report, for scripts', extension: 'json' },
  sarif: { label: 'SARIF', detail: 'Hotspots and open debt as code-scanning results', extension: 'sarif' },
};

/** Hotspots listed in a Markdown export, as the CLI's default. */
const MARKDOWN_TOP = 20;

/**
 * `debtLens.exportReport`: writes the folder's latest scan as the stakeholder report (HTML or
 * Markdown, as `debt-lens report`), the hotspot Markdown, CSV, JSON or SARIF, with the same
 * formatters as the CLI. Automation passes `{ format, uri, folder? }` and gets the path.
 */
export function exportReportCommand(context: vscode.ExtensionContext, registry: EngineRegistry, log: vscode.LogOutputChannel): Pick<CommandHandlers, 'exportReport'> {
  const { version } = context.extension.packageJSON as { version?: unknown };
  const extensionVersion = typeof version === 'string' ? version : '0.0.0';
  return { exportReport: (arg) => exportReport(arg, registry, log, extensionVersion) };
}

async function exportReport(arg: unknown, registry: EngineRegistry, log: vscode.LogOutputChannel, version: string): Promise<string | undefined> {
  const automation = automationArgument(arg);
  let engine: FolderEngine | undefined;
  let format: ReportFormat | undefined;
  let target: vscode.Uri | undefined;
  if (automation !== undefined) {
    format = automation.format;
    target = automation.uri;
    engine =
      (automation.folder === undefined ? undefined : registry.all.find((candidate) => candidate.folder.uri.toString() === automation.folder)) ??
      registry.engineFor(target) ??
      registry.all.find((candidate) => candidate.report !== undefined);
    if (engine === undefined) {
      throw new UserFacingError('Debt Lens: open a folder and scan it before exporting a report.');
    }
  } else {
    engine = await pickFolder(registry);
    if (engine === undefined) {
      return undefined;
    }
  }
  const report = reportOf(engine);
  if (format === undefined) {
    const items = (Object.keys(FORMATS) as ReportFormat[]).map((key) => ({ label: FORMATS[key].label, detail: FORMATS[key].detail, format: key }));
    const result = await pickStep({ title: `Export the Debt Lens report of ${engine.folder.name}`, placeholder: 'Format', items });
    if (result.kind !== 'next') {
      return undefined;
    }
    format = result.value.format;
  }
  if (target === undefined) {
    const { extension, label } = FORMATS[format];
    target = await vscode.window.showSaveDialog({
      defaultUri: vscode.Uri.joinPath(engine.folder.uri, `debt-lens-report.${extension}`),
      filters: { [label]: [extension] },
      saveLabel: 'Export',
      title: `Export the Debt Lens report as ${label}`,
    });
    if (target === undefined) {
      return undefined;
    }
  }
  const text = await render(report, format, version, readSettings(engine.folder).ledgerFolder);
  await writeAtomically(target, text);
  log.info(`${engine.folder.name}: exported the ${FORMATS[format].label} report to ${target.fsPath}`);
  const written = target;
  void vscode.window.showInformationMessage(`Debt Lens: exported the ${FORMATS[format].label} report to ${path.basename(written.fsPath)}.`, 'Open').then((choice) => {
    if (choice === 'Open') {
      void vscode.commands.executeCommand('vscode.open', written);
    }
  });
  return written.fsPath;
}

function automationArgument(arg: unknown): { format: ReportFormat; uri: vscode.Uri; folder?: string } | undefined {
  if (typeof arg !== 'object' || arg === null || !('format' in arg)) {
    return undefined;
  }
  const { format, uri, folder } = arg as { format?: unknown; uri?: unknown; folder?: unknown };
  if (typeof format !== 'string' || !(format in FORMATS)) {
    throw new UserFacingError(`Debt Lens: format must be one of ${Object.keys(FORMATS).join(', ')}, not ${JSON.stringify(format)}.`);
  }
  let target: vscode.Uri;
  if (uri instanceof vscode.Uri) {
    target = uri;
  } else if (typeof uri === 'string' && uri.trim() !== '') {
    // A URI string (`file:///…`) or a plain path; a Windows drive letter is not a scheme.
    target = /^[a-z][a-z0-9+.-]+:\/\//i.test(uri) ? vscode.Uri.parse(uri, true) : vscode.Uri.file(path.resolve(uri));
  } else {
    throw new UserFacingError('Debt Lens: uri must say where to write the report.');
  }
  return { format: format as ReportFormat, uri: target, ...(typeof folder === 'string' && { folder }) };
}

async function pickFolder(registry: EngineRegistry): Promise<FolderEngine | undefined> {
  const engines = registry.all;
  if (engines.length === 0) {
    throw new UserFacingError('Debt Lens: open a folder and scan it before exporting a report.');
  }
  if (engines.length === 1) {
    return engines[0];
  }
  const items = engines.map((engine) => ({
    label: engine.folder.name,
    description: engine.report === undefined ? 'not scanned yet' : `${engine.report.files.length} files ranked`,
    engine,
  }));
  const result = await pickStep({ title: 'Export Report', placeholder: 'Which folder?', items });
  return result.kind === 'next' ? result.value.engine : undefined;
}

function reportOf(engine: FolderEngine): ScanReport {
  if (engine.report !== undefined) {
    return engine.report;
  }
  const why =
    engine.status.kind === 'untrusted'
      ? 'the workspace is not trusted, so it has not been scanned'
      : engine.status.kind === 'scanning'
        ? 'its first scan is still running'
        : engine.status.kind === 'not-git'
          ? 'it is not a git repository with commits'
          : 'it has not been scanned yet; run "Debt Lens: Scan Workspace" first';
  throw new UserFacingError(`Debt Lens: there is no report of ${engine.folder.name} to export: ${why}.`);
}

async function render(report: ScanReport, format: ReportFormat, version: string, ledgerFolder: string): Promise<string> {
  const core = loadEngine();
  switch (format) {
    case 'html':
      return core.renderStakeholderReport(report, 'html', ledgerFolder);
    case 'stakeholder-markdown':
      return core.renderStakeholderReport(report, 'markdown', ledgerFolder);
    case 'markdown':
      return core.formatMarkdown(report, MARKDOWN_TOP);
    case 'csv':
      return core.formatCsv(report);
    case 'json':
      return [...core.jsonReportChunks(report)].join('');
    case 'sarif':
      return JSON.stringify(core.formatSarif({ ...core.ledgerReportInput(report), toolVersion: version }), null, 2) + '\n';
  }
}

/**
 * A reader (or a crash) sees the old file or the new one, never half a report: the text goes to a
 * temp file in the same folder (same file system, so the rename is atomic), synced, then renamed.
 */
async function writeAtomically(target: vscode.Uri, text: string): Promise<void> {
  if (target.scheme !== 'file') {
    // No rename across providers: the file system provider's own write is the best there is.
    await vscode.workspace.fs.writeFile(target, Buffer.from(text, 'utf8'));
    return;
  }
  const file = target.fsPath;
  const temp = path.join(path.dirname(file), `.${path.basename(file)}.${randomBytes(6).toString('hex')}.tmp`);
  const handle = await fs.open(temp, 'wx');
  try {
    try {
      await handle.writeFile(text, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    await fs.rename(temp, file);
  } catch (error) {
    await fs.unlink(temp).catch(() => undefined);
    throw error;
  }
}
