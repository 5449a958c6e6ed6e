import * as vscode from 'vscode';
import { isOpenStatus } from './annotations';
import { Disposable } from './disposable';
import type { EngineRegistry } from './engineRegistry';
import { progressMessage } from './folderEngine';
import { significantFileCount } from './hotspotsTree';

/** `🔥 4 hotspots · ⚠ 2 debt` once scanned; the phase and count while a scan runs. Click: the Debt Lens views. */
export class StatusBar extends Disposable {
  private readonly item = this.register(vscode.window.createStatusBarItem('debtLens.status', vscode.StatusBarAlignment.Left, 10));

  constructor(private readonly registry: EngineRegistry) {
    super();
    this.item.name = 'Debt Lens';
    this.item.command = 'workbench.view.extension.debtLens';
    this.register(registry.onDidChange(() => this.update()));
    this.register(registry.onDidProgress(() => this.update()));
    this.update();
  }

  private update(): void {
    const engines = this.registry.all;
    if (engines.length === 0) {
      this.item.hide();
      return;
    }
    const scanning = engines.find((engine) => engine.status.kind === 'scanning');
    const hotspots = engines.reduce((sum, engine) => sum + significantFileCount(engine.report?.files ?? []), 0);
    const open = engines.reduce((sum, engine) => sum + engine.entries.filter((entry) => isOpenStatus(entry.status)).length, 0);
    const summary = `$(flame) ${hotspots} $(warning) ${open}`;
    if (scanning && scanning.status.kind === 'scanning') {
      const { phase, done, total } = scanning.status;
      const message = phase === 'starting' ? 'starting' : progressMessage({ phase, done, total });
      this.item.text = `$(sync~spin) Debt Lens: ${message}`;
      this.item.tooltip = `Debt Lens is scanning ${scanning.folder.name}: ${message}. Cancel it from its notification.`;
    } else if (!vscode.workspace.isTrusted) {
      this.item.text = `$(shield) ${open}`;
      this.item.tooltip = `Debt Lens: restricted mode, no git history read. ${open} open debt ${open === 1 ? 'entry' : 'entries'}.`;
    } else {
      this.item.text = summary;
      const failed = engines.filter((engine) => engine.status.kind === 'failed');
      this.item.tooltip =
        `Debt Lens: ${hotspots} significant ${hotspots === 1 ? 'hotspot' : 'hotspots'}, ${open} open debt ${open === 1 ? 'entry' : 'entries'}` +
        (failed.length > 0 ? ` — the scan of ${failed.map((engine) => engine.folder.name).join(', ')} failed` : '');
    }
    this.item.show();
  }
}
