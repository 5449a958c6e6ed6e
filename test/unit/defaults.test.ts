import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { HELP } from '../../src/cli/parseCliArgs';
import { DEFAULT_COUPLING, DEFAULT_MAX_FILE_BYTES, DEFAULT_SIGNIFICANCE_PERCENTILE, DEFAULT_WINDOW_MONTHS, DEFAULT_XRAY_TOP, SETTING_DEFAULTS } from '../../src/core/defaults';

interface ManifestSetting {
  readonly default: unknown;
  readonly minimum?: number;
  readonly maximum?: number;
}

const root = path.resolve(__dirname, '..', '..');
const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as {
  contributes: { configuration: { properties: Record<string, ManifestSetting> }[] };
};
const declared = new Map(manifest.contributes.configuration.flatMap((section) => Object.entries(section.properties)));

describe('defaults: one home for every default a user sees', () => {
  it('package.json declares exactly the settings of defaults.ts, with the same defaults and ranges', () => {
    const expected = Object.entries(SETTING_DEFAULTS).map(([key, value]) => {
      const setting = typeof value === 'object' && !Array.isArray(value) && 'minimum' in value ? value : { default: value };
      return [`debtLens.${key}`, setting] as const;
    });
    const actual = [...declared].map(([key, setting]) => {
      const { default: value, minimum, maximum } = setting;
      return [key, minimum === undefined ? { default: value } : { default: value, minimum, maximum }] as const;
    });
    assert.deepEqual(new Map(actual), new Map(expected));
  });

  it('the CLI help prints the engine defaults', () => {
    assert.match(HELP, new RegExp(`--xray <n> +function-level history for the n top files \\(default: ${DEFAULT_XRAY_TOP}\\)`));
    assert.match(HELP, new RegExp(`\\(default: ${DEFAULT_WINDOW_MONTHS} months before --until\\)`));
    assert.match(HELP, new RegExp(`significant \\(default: ${DEFAULT_SIGNIFICANCE_PERCENTILE}\\)`));
    assert.match(HELP, new RegExp(`coupling: least degree \\(default: ${DEFAULT_COUPLING.minDegree}\\)`));
    assert.match(HELP, new RegExp(`--max-file-bytes <n>  do not read or rank source files larger than n bytes\\n +\\(default: ${DEFAULT_MAX_FILE_BYTES}\\)`));
  });
});
