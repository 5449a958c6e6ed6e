import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ScanReport } from '../core/scan/scanReport';

/**
 * Debt Lens: Scan Workspace — scans each workspace folder under a cancellable progress notification
 * and writes the ranked hotspots to the log channel. The engine is loaded on first use, not at activation.
 */
export function registerScanWorkspaceCommand(context: vscode.ExtensionContext, log: vscode.LogOutputChannel): vscode.Disposable {
  let running: AbortController | undefined;
  return vscode.commands.registerCommand('debtLens.scanWorkspace', async () => {
    if (!vscode.workspace.isTrusted) {
      void vscode.window.showWarningMessage('Debt Lens does not run git in an untrusted workspace. Trust the workspace to scan it.');
      return;
    }
    const folders = vscode.workspace.workspaceFolders ?? [];
    if (folders.length === 0) {
      void vscode.window.showInformationMessage('Open a folder to scan it with Debt Lens.');
      return;
    }
    running?.abort();
    const controller = new AbortController();
    running = controller;
    const { scanRepository } = await import('../core/scan/scanRepository');
    const { cacheFileFor } = await import('../core/scan/scanCache');
    const { CancelledError } = await import('../core/history/gitProcess');
    await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: 'Debt Lens', cancellable: true },
      async (progress, token) => {
        const subscription = token.onCancellationRequested(() => controller.abort());
        try {
          for (const folder of folders) {
            progress.report({ message: `scanning ${folder.name}…` });
            try {
              const report = await scanRepository({
                cwd: folder.uri.fsPath,
                now: new Date(),
                cacheFile: (root) => cacheFileFor(path.join(context.globalStorageUri.fsPath, 'cache'), root),
                signal: controller.signal,
                onProgress: (update) => progress.report({ message: `${folder.name}: ${update.phase} ${update.total > 0 ? `${update.done}/${update.total}` : ''}` }),
                logger: { info: (message) => log.info(message), warn: (message) => log.warn(message) },
              });
              logReport(log, folder.name, report);
            } catch (error) {
              if (error instanceof CancelledError) {
                log.info(`scan of ${folder.name} cancelled`);
                return;
              }
              log.error(`scan of ${folder.name} failed`, error);
              void vscode.window.showErrorMessage(`Debt Lens could not scan ${folder.name}: ${(error as Error).message}`);
            }
          }
        } finally {
          subscription.dispose();
          if (running === controller) {
            running = undefined;
          }
        }
      },
    );
  });
}

function logReport(log: vscode.LogOutputChannel, folder: string, report: ScanReport): void {
  log.info(`${folder}: ${report.stats.commits} commits, ${report.stats.rankedFiles} ranked files, ${report.stats.significantFiles} significant hotspots (${report.stats.durationMs} ms)`);
  for (const file of report.files.filter((f) => f.significant).slice(0, 20)) {
    log.info(`  #${file.rank} ${file.path} score ${file.score} (${file.revisions} changes × cognitive ${file.cognitive})`);
  }
  for (const warning of report.warnings) {
    log.warn(warning);
  }
  log.show(true);
}
