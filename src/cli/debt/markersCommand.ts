import * as path from 'node:path';
import { readProjectKeys } from '../../core/backlog/projectKeys';
import { loadTrackerSettings } from '../../core/backlog/trackerSettings';
import type { HarvestedMarker } from '../../core/ledger/harvestMarkers';
import { harvestMarkers } from '../../core/ledger/harvestMarkers';
import type { LedgerStore } from '../../core/ledger/ledgerStore';
import { listWorkTreeFiles } from '../../core/ledger/repositoryAnchorResolver';
import { readRegularFile } from '../../core/readRegularFile';
import { csvTable } from '../../core/report/csv';
import type { DebtCommand, OutputFormat } from '../parseCliArgs';
import type { DebtIo } from './debtIo';
import { reportDiagnostics } from './debtIo';
import { plainMarkdownTable, plainTextTable } from './plainTables';

/** Files larger than this are not searched for markers: generated or vendored, not written by hand. */
const MAX_MARKER_FILE_BYTES = 1 << 20;

/** `debt markers`: the TODO/FIXME/HACK/XXX/@deprecated comments of the work tree, with who wrote them and when. */
export async function markersCommand(command: Extract<DebtCommand, { sub: 'markers' }>, store: LedgerStore, io: DebtIo): Promise<number> {
  const root = store.repoRoot;
  const { settings, diagnostics } = await loadTrackerSettings(root, store.folder);
  reportDiagnostics(diagnostics, io);
  const projectKeys = await readProjectKeys({ cwd: root }, [...settings.projectKeys, ...command.projectKeys], io.now());
  const files = await listWorkTreeFiles({ cwd: root });
  const markers = await harvestMarkers({
    git: { cwd: root },
    files,
    readFile: async (file) => {
      try {
        // A regular file only (a FIFO would block), never through a link (it may lead out of the repository).
        const bytes = await readRegularFile(path.join(root, ...file.split('/')), { maxBytes: MAX_MARKER_FILE_BYTES, followSymlinks: false });
        const text = bytes.toString('utf8');
        return text.includes('\0') ? undefined : text;
      } catch {
        return undefined;
      }
    },
    options: { projectKeys, ...(command.tags.length > 0 && { tags: command.tags }), ...(command.patterns.length > 0 && { patterns: command.patterns }) },
    now: io.now(),
  });
  await io.out(formatMarkers(markers, command.format));
  return 0;
}

const MARKER_COLUMNS = ['location', 'tag', 'author', 'age', 'text', 'refs'];

function markerRow(marker: HarvestedMarker): string[] {
  return [
    `${marker.path}:${marker.line}`,
    marker.tag,
    marker.author ?? '-',
    marker.ageDays === null ? '-' : `${marker.ageDays}d`,
    marker.text,
    marker.references.map((r) => r.id).join(',') || '-',
  ];
}

function formatMarkers(markers: readonly HarvestedMarker[], format: OutputFormat): string {
  switch (format) {
    case 'json':
      return (
        JSON.stringify(
          markers.map((m) => ({
            path: m.path,
            line: m.line,
            column: m.column,
            tag: m.tag,
            text: m.text,
            references: m.references.map((r) => r.id),
            blame: m.blame,
            author: m.author,
            commit: m.commit,
            ageDays: m.ageDays,
          })),
          null,
          2,
        ) + '\n'
      );
    case 'markdown':
      return markers.length === 0
        ? 'No markers.\n'
        : plainMarkdownTable(MARKER_COLUMNS, markers.map(markerRow));
    case 'csv':
      return csvTable(
        ['path', 'line', 'tag', 'author', 'age_days', 'text', 'refs'],
        markers.map((m) => [m.path, String(m.line), m.tag, m.author ?? '', m.ageDays === null ? '' : String(m.ageDays), m.text, m.references.map((r) => r.id).join(';')]),
      );
    default:
      return markers.length === 0
        ? 'No markers.\n'
        : plainTextTable(MARKER_COLUMNS, markers.map(markerRow));
  }
}
