import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { renderStakeholderReport } from '../core/report/renderStakeholderReport';
import type { ScanReport } from '../core/scan/scanReport';
import type { ReportCommand } from './parseCliArgs';

/** `report`: the document to `-o` (relative to the current folder) or to standard output. */
export async function writeStakeholderReport(
  report: ScanReport,
  command: ReportCommand,
  io: { readonly cwd: string; readonly stdout: (text: string) => Promise<void> },
): Promise<{ ok: true } | { ok: false; message: string }> {
  const text = await renderStakeholderReport(report, command.format, command.ledgerDir);
  if (command.output === undefined) {
    await io.stdout(text);
    return { ok: true };
  }
  const file = path.resolve(io.cwd, command.output);
  try {
    await fs.writeFile(file, text, 'utf8');
  } catch (error) {
    return { ok: false, message: `could not write the report to ${file}: ${error instanceof Error ? error.message : String(error)}` };
  }
  return { ok: true };
}
