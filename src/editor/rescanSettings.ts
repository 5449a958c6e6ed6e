/**
 * The `debtLens.*` settings the scan reads: changing one rescans the folder, since the report it
 * gave is computed with them (significance included: lenses, views and the status bar read the
 * report's `significant`). Each is a key or a section of keys. No `vscode`, so it is unit-tested
 * against package.json.
 */
export const RESCAN_SETTINGS: readonly string[] = [
  'scan',
  'ledger.folder',
  'significance',
  // Deprecated, but while the user sets it and not its successor it is the significance percentile.
  'codeLens.hotspotPercentile',
];

/** Whether a change of `debtLens.<key>` must rescan. */
export function rescansOn(key: string): boolean {
  return RESCAN_SETTINGS.some((setting) => key === setting || key.startsWith(`${setting}.`));
}
