import type { ScanReport } from '../scan/scanReport';
import { readReportLinks } from './reportLinks';
import { formatStakeholderHtml } from './stakeholderHtml';
import { formatStakeholderMarkdown } from './stakeholderMarkdown';
import { stakeholderReport } from './stakeholderReport';

/** The stakeholder report of a scan in `format`, its tickets and files linked as the repository's remote and config.yml allow. */
export async function renderStakeholderReport(report: ScanReport, format: 'html' | 'markdown', ledgerFolder: string | undefined): Promise<string> {
  const links = await readReportLinks(report.root, report.head, ledgerFolder, report.tickets.map((ticket) => ticket.id));
  const model = stakeholderReport(report, links);
  return format === 'html' ? formatStakeholderHtml(model) : formatStakeholderMarkdown(model);
}
