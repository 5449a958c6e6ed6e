import * as vscode from 'vscode';
import type { NumberSetting, SettingKey } from '../core/defaults';
import { SETTING_DEFAULTS } from '../core/defaults';
import type { SignificanceSettings } from '../core/hotspots/significance';
import type { ScanOptions } from '../core/scan/scanRepository';
import type { ComplexityMetric } from '../core/scan/scanReport';

/** Every `debtLens.*` setting, read for one workspace folder (settings may differ per folder). */
export interface DebtLensSettings {
  readonly hotspotLenses: boolean;
  readonly debtLenses: boolean;
  /**
   * The significance percentile (as `significance.percentile`): the scan already applies it, with
   * its floors, to `significant`. Kept for readers that filter by percentile.
   */
  readonly lensPercentile: number;
  /** At most this many function hotspot lenses per file. */
  readonly maxFunctionLenses: number;
  /** What the scan calls significant; `minComplexity` undefined: the metric's default. */
  readonly significance: Required<Pick<SignificanceSettings, 'percentile' | 'minRevisions' | 'includeTests'>> & Pick<SignificanceSettings, 'minComplexity'>;
  /** Empty: the default test globs. */
  readonly testGlobs: readonly string[];
  readonly massCommitFiles: number;
  readonly windowEnd: 'head' | 'now';
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
  readonly debtOrder: DebtOrder;
  readonly liveBacklog: boolean;
  readonly jiraBaseUrl: string | undefined;
  /** The ref the Branch view reviews against; undefined: the review's own choice. */
  readonly reviewBase: string | undefined;
}

export type DebtGrouping = 'status' | 'severity' | 'tag' | 'backlog';

/** How entries are ordered within a group of the Tech Debt view. */
export type DebtOrder = 'severity' | 'priority';

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
  const strings = (key: string): string[] => (config.get<unknown[]>(key) ?? []).filter((value): value is string => typeof value === 'string' && value.trim() !== '');
  // The deprecated lens percentile still applies while the user set it and not its successor.
  const percentile = isSet(config, 'significance.percentile') || !isSet(config, 'codeLens.hotspotPercentile') ? number('significance.percentile') : number('codeLens.hotspotPercentile');
  const minComplexity = number('significance.minComplexity');
  return {
    hotspotLenses: flag('codeLens.hotspots'),
    debtLenses: flag('codeLens.debt'),
    lensPercentile: percentile,
    maxFunctionLenses: Math.round(number('codeLens.maxFunctionLenses')),
    significance: {
      percentile,
      minRevisions: Math.round(number('significance.minRevisions')),
      // 0 (the default): the metric's own floor.
      minComplexity: minComplexity > 0 ? minComplexity : undefined,
      includeTests: flag('significance.includeTests'),
    },
    testGlobs: strings('scan.testGlobs'),
    massCommitFiles: Math.round(number('scan.massCommitFiles')),
    windowEnd: config.get<string>('scan.windowEnd') === 'now' ? 'now' : SETTING_DEFAULTS['scan.windowEnd'],
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
    debtOrder: config.get<string>('debtTree.sortBy') === 'priority' ? 'priority' : SETTING_DEFAULTS['debtTree.sortBy'],
    liveBacklog: flag('backlog.liveLookups'),
    jiraBaseUrl: text('backlog.jiraBaseUrl'),
    reviewBase: text('review.base'),
  };
}

/** What the folder's settings tell a scan: the same for the folder's own scan and for the scan a review runs at its base. */
export type ScanSettingOptions = Pick<
  ScanOptions,
  'windowMonths' | 'windowEnd' | 'significance' | 'testGlobs' | 'massCommitFiles' | 'xrayTop' | 'complexityMetric' | 'excludes' | 'maxFileBytes' | 'botPattern' | 'ledgerFolder'
>;

export function scanOptionsOf(settings: DebtLensSettings): ScanSettingOptions {
  return {
    windowMonths: settings.windowMonths,
    windowEnd: settings.windowEnd,
    significance: settings.significance,
    testGlobs: settings.testGlobs,
    massCommitFiles: settings.massCommitFiles,
    xrayTop: settings.xrayTop,
    complexityMetric: settings.complexityMetric,
    excludes: settings.excludes,
    maxFileBytes: settings.maxFileBytes,
    botPattern: settings.botPattern,
    ledgerFolder: settings.ledgerFolder,
  };
}

/** Whether the user (or the workspace, or the folder) gave the setting a value, whatever it is. */
function isSet(config: vscode.WorkspaceConfiguration, key: string): boolean {
  const inspected = config.inspect(key);
  return (
    inspected !== undefined &&
    [inspected.globalValue, inspected.workspaceValue, inspected.workspaceFolderValue, inspected.globalLanguageValue, inspected.workspaceLanguageValue, inspected.workspaceFolderLanguageValue].some(
      (value) => value !== undefined,
    )
  );
}

type BooleanSettings = { readonly [K in SettingKey as (typeof SETTING_DEFAULTS)[K] extends boolean ? K : never]: true };
type NumberSettings = { readonly [K in SettingKey as (typeof SETTING_DEFAULTS)[K] extends NumberSetting ? K : never]: true };

function clamp(value: number, min: number, max: number): number {
  return Number.isFinite(value) ? Math.min(max, Math.max(min, value)) : min;
}
