import * as vscode from 'vscode';
import type { NumberSetting, SettingKey } from '../core/defaults';
import { SETTING_DEFAULTS } from '../core/defaults';
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
  /** Source files larger than this many bytes are not read or ranked. */
  readonly maxFileBytes: number;
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
  const flag = (key: SettingKey & keyof BooleanSettings): boolean => config.get<boolean>(key, SETTING_DEFAULTS[key]);
  const number = (key: SettingKey & keyof NumberSettings): number => {
    const setting: NumberSetting = SETTING_DEFAULTS[key];
    return clamp(config.get<number>(key, setting.default), setting.minimum, setting.maximum);
  };
  const grouping = config.get<string>('debtTree.groupBy');
  const metric = config.get<string>('scan.complexityMetric');
  return {
    hotspotLenses: flag('codeLens.hotspots'),
    debtLenses: flag('codeLens.debt'),
    lensPercentile: number('codeLens.hotspotPercentile'),
    anchorDecorations: flag('decorations.anchors'),
    scanOnStartup: flag('scan.onStartup'),
    windowMonths: Math.round(number('scan.windowMonths')),
    xrayTop: Math.round(number('scan.xrayTop')),
    complexityMetric: metric === 'cyclomatic' || metric === 'loc' ? metric : SETTING_DEFAULTS['scan.complexityMetric'],
    excludes: (config.get<unknown[]>('scan.exclude') ?? []).filter((glob): glob is string => typeof glob === 'string'),
    maxFileBytes: Math.round(number('scan.maxFileBytes')),
    botPattern: text('scan.botPattern'),
    ledgerFolder: text('ledger.folder') ?? SETTING_DEFAULTS['ledger.folder'],
    hotspotsShown: Math.round(number('hotspots.maxFiles')),
    debtGrouping: grouping === 'severity' || grouping === 'tag' || grouping === 'backlog' ? grouping : SETTING_DEFAULTS['debtTree.groupBy'],
    liveBacklog: flag('backlog.liveLookups'),
    jiraBaseUrl: text('backlog.jiraBaseUrl'),
  };
}

type BooleanSettings = { readonly [K in SettingKey as (typeof SETTING_DEFAULTS)[K] extends boolean ? K : never]: true };
type NumberSettings = { readonly [K in SettingKey as (typeof SETTING_DEFAULTS)[K] extends NumberSetting ? K : never]: true };

function clamp(value: number, min: number, max: number): number {
  return Number.isFinite(value) ? Math.min(max, Math.max(min, value)) : min;
}
