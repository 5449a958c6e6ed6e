import * as vscode from 'vscode';
import type { ComplexityMetric } from '../core/scan/scanReport';

/** Every `debtLens.*` setting, read for one workspace folder (settings may differ per folder). */
export interface DebtLensSettings {
  readonly hotspotLenses: boolean;
  readonly debtLenses: boolean;
  /** A function (or file) gets a hotspot lens at or above this percentile. */
  readonly lensPercentile: number;
  readonly anchorDecorations: boolean;
  readonly scanOnStartup: boolean;
  readonly windowMonths: number;
  readonly xrayTop: number;
  readonly complexityMetric: ComplexityMetric;
  readonly excludes: readonly string[];
  readonly botPattern: string | undefined;
  readonly ledgerFolder: string;
  readonly hotspotsShown: number;
  readonly debtGrouping: DebtGrouping;
  readonly liveBacklog: boolean;
  readonly jiraBaseUrl: string | undefined;
}

export type DebtGrouping = 'status' | 'severity' | 'tag' | 'backlog';

export const SETTINGS_SECTION = 'debtLens';

export function readSettings(scope?: vscode.ConfigurationScope): DebtLensSettings {
  const config = vscode.workspace.getConfiguration(SETTINGS_SECTION, scope);
  const text = (key: string): string | undefined => {
    const value = config.get<string>(key);
    return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
  };
  const grouping = config.get<string>('debtTree.groupBy');
  const metric = config.get<string>('scan.complexityMetric');
  return {
    hotspotLenses: config.get<boolean>('codeLens.hotspots', true),
    debtLenses: config.get<boolean>('codeLens.debt', true),
    lensPercentile: clamp(config.get<number>('codeLens.hotspotPercentile', 90), 0, 100),
    anchorDecorations: config.get<boolean>('decorations.anchors', true),
    scanOnStartup: config.get<boolean>('scan.onStartup', true),
    windowMonths: Math.round(clamp(config.get<number>('scan.windowMonths', 12), 1, 120)),
    xrayTop: Math.round(clamp(config.get<number>('scan.xrayTop', 20), 0, 500)),
    complexityMetric: metric === 'cyclomatic' || metric === 'loc' ? metric : 'cognitive',
    excludes: (config.get<unknown[]>('scan.exclude') ?? []).filter((glob): glob is string => typeof glob === 'string'),
    botPattern: text('scan.botPattern'),
    ledgerFolder: text('ledger.folder') ?? '.techdebt',
    hotspotsShown: Math.round(clamp(config.get<number>('hotspots.maxFiles', 50), 1, 1000)),
    debtGrouping: grouping === 'severity' || grouping === 'tag' || grouping === 'backlog' ? grouping : 'status',
    liveBacklog: config.get<boolean>('backlog.liveLookups', true),
    jiraBaseUrl: text('backlog.jiraBaseUrl'),
  };
}

function clamp(value: number, min: number, max: number): number {
  return Number.isFinite(value) ? Math.min(max, Math.max(min, value)) : min;
}
