import * as assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { NO_COST } from '../../../src/core/cost/codeCost';
import { createReportLinks } from '../../../src/core/report/reportLinks';
import { formatStakeholderHtml, reportCsp } from '../../../src/core/report/stakeholderHtml';
import { formatStakeholderMarkdown, markdownInline } from '../../../src/core/report/stakeholderMarkdown';
import { stakeholderReport } from '../../../src/core/report/stakeholderReport';
import type { EntryReport } from '../../../src/core/scan/scanLedger';
import type { ScanReport } from '../../../src/core/scan/scanReport';
import { PROJECT_ROOT } from '../support/cliProcess';
import { otherFiles, scanReport } from '../support/reportBuilders';

/** The little of playwright-core's API this test drives (it is the editor-test host's, not a project dependency). */
interface Chromium {
  launch(options: { executablePath: string; headless: boolean; args: string[] }): Promise<{ newPage(): Promise<Page>; close(): Promise<void> }>;
}
interface Page {
  route(pattern: string, handler: (route: Route) => Promise<void>): Promise<void>;
  on(event: 'dialog', listener: (dialog: { message(): string; dismiss(): Promise<void> }) => void): void;
  on(event: 'console', listener: (message: { type(): string; text(): string }) => void): void;
  goto(url: string, options: { waitUntil: 'load' }): Promise<unknown>;
  waitForTimeout(ms: number): Promise<void>;
  evaluate<T>(fn: () => T): Promise<T>;
}
interface Route {
  request(): { url(): string };
  fulfill(response: { status: number; contentType: string; body: string }): Promise<void>;
  abort(): Promise<void>;
}

const HOSTILE_FUNCTION = '<svg onload=alert(4)>';
const HOSTILE_TITLE = '**bold** <img src=x onerror=alert(5)>';

/** A hotspot whose hottest function has a hostile name, an entry on it with a hostile title, three months of changes. */
function hostileReport(): ScanReport {
  const entry: EntryReport = {
    id: 'TD-7f3a1c', title: HOSTILE_TITLE, status: 'open', severity: 'high', principal: '2d', tags: [], backlog: ['#12'], file: '.techdebt/TD-7f3a1c-bold.md',
    anchors: [{ status: 'resolved', how: 'symbol', moved: false, path: 'src/session.ts', symbol: 'Session.refresh', lines: [10, 40] }],
    interest: { revisions: 4, churn: 31, tickets: ['#12'], byMonth: [] },
    cost: NO_COST,
    principalHours: 16,
    monthlyInterest: { hoursPerMonth: 2, extraFixCommits: 1, extraLeadTimeHours: 12, months: 12, method: 'fixes above the base [x](javascript:alert(6))' },
    priority: 0.125,
  };
  const base = scanReport(
    [
      { path: 'src/session.ts', revisions: 12, cognitive: 40, mainDeveloper: 'Alice <a@x>', ownership: 0.82, tickets: ['#12', '#13'], xray: true, functions: [{ name: HOSTILE_FUNCTION, revisions: 10, cognitive: 30 }] },
      ...otherFiles(19),
    ],
    { root: '/home/someone/secret/app', head: '0123456789abcdef0123', entries: [entry] },
  );
  return {
    ...base,
    cost: {
      ...base.cost,
      byMonth: [
        { month: '2026-09', commits: 10, bugFixCommits: 2 },
        { month: '2026-10', commits: 4, bugFixCommits: 0 },
        { month: '2026-11', commits: 7, bugFixCommits: 5 },
      ],
    },
  };
}

const LINKS = createReportLinks({
  root: '/home/someone/secret/app',
  head: '0123456789abcdef0123',
  origin: 'git@github.com:acme/app.git',
  github: { owner: 'acme', repo: 'app', webBase: 'https://github.com', apiBase: 'https://api.github.com' },
  ticketUrl: (id) => (id.startsWith('#') ? `https://github.com/acme/app/issues/${id.slice(1)}` : null),
});

describe('the stakeholder report in Markdown', () => {
  it('escapes what CommonMark would read as markup, and HTML', () => {
    assert.equal(markdownInline(HOSTILE_FUNCTION), '&lt;svg onload=alert(4)&gt;');
    assert.equal(markdownInline(HOSTILE_TITLE), '\\*\\*bold\\*\\* &lt;img src=x onerror=alert(5)&gt;');
    assert.equal(markdownInline('[x](javascript:alert(1)) `code` a_b | c\nd & e'), '\\[x\\](javascript:alert(1)) \\`code\\` a\\_b \\| c d &amp; e');
  });

  it('names the repository, not its path, links tickets and files, and escapes every string', () => {
    const markdown = formatStakeholderMarkdown(stakeholderReport(hostileReport(), LINKS));
    assert.ok(markdown.startsWith('# Technical debt report: acme/app\n'), markdown.slice(0, 80));
    assert.ok(!markdown.includes('/home/someone'), 'the local path stays out');
    assert.ok(markdown.includes('[src/session.ts](<https://github.com/acme/app/blob/0123456789abcdef0123/src/session.ts>)'));
    assert.ok(markdown.includes('[\\#12](<https://github.com/acme/app/issues/12>)'));
    assert.ok(markdown.includes('&lt;svg onload=alert(4)&gt; (300)'), 'the hostile function, escaped, with its score');
    assert.ok(markdown.includes('\\*\\*bold\\*\\* &lt;img src=x onerror=alert(5)&gt;'));
    assert.ok(!/<svg|<img|\*\*bold\*\*/.test(markdown.replace(/\\\*/g, '')), 'no raw element and no live emphasis');
  });
});

describe('the stakeholder report in HTML', () => {
  it('is one file with a strict CSP, no script and no remote reference', () => {
    const html = formatStakeholderHtml(stakeholderReport(hostileReport(), LINKS));
    assert.ok(html.includes(`<meta http-equiv="Content-Security-Policy" content="${reportCsp().replace(/'/g, '&#39;')}">`));
    assert.match(reportCsp(), /^default-src 'none'; style-src 'sha256-[A-Za-z0-9+/]+=*'; img-src 'none'; base-uri 'none'; form-action 'none'$/);
    assert.ok(!/<script|<link|<img|<iframe|\bsrc=/i.test(html.replace(/&lt;img src=x/g, '')), 'nothing that loads or runs');
    assert.ok(!html.includes('/home/someone'));
  });

  describe('opened in headless Chromium', function () {
    this.timeout(60_000);
    const hostDir = path.join(PROJECT_ROOT, '.cache', 'vscode-host');
    const chromiumPath = process.env.DEBT_LENS_HOST_CHROMIUM ?? '/usr/bin/chromium';

    it('runs no script, sends no request, shows both charts, and renders the hostile name and title as text', async function () {
      if (!existsSync(path.join(hostDir, 'node_modules', 'playwright-core')) || !existsSync(chromiumPath)) {
        // `npm test` installs the editor-test host first; in CI a missing browser is a failure, not a skip.
        assert.ok(process.env.CI !== 'true', `no playwright-core in ${hostDir} or no Chromium at ${chromiumPath}: run node scripts/installVscodeHost.mjs`);
        this.skip(); // a plain \`npm run test:unit\` before the editor-test host is installed
      }
      // playwright-core from the editor-test host folder, as test/host/codeServer.mjs loads it: not a project dependency.
      const { chromium } = createRequire(path.join(hostDir, 'package.json'))('playwright-core') as { chromium: Chromium };
      const browser = await chromium.launch({ executablePath: chromiumPath, headless: true, args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--no-first-run', '--disable-background-networking'] });
      try {
        const page = await browser.newPage();
        const html = formatStakeholderHtml(stakeholderReport(hostileReport(), LINKS));
        const page0 = 'http://report.invalid/';
        const requests: string[] = [];
        await page.route('**/*', async (route) => {
          const url = route.request().url();
          if (url === page0) {
            await route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: html });
          } else {
            requests.push(url);
            await route.abort();
          }
        });
        const dialogs: string[] = [];
        page.on('dialog', (dialog) => {
          dialogs.push(dialog.message());
          void dialog.dismiss();
        });
        const consoleErrors: string[] = [];
        page.on('console', (message) => {
          if (message.type() === 'error') {
            consoleErrors.push(message.text());
          }
        });
        await page.goto(page0, { waitUntil: 'load' });
        await page.waitForTimeout(200);
        assert.deepEqual(requests, [], 'no request but the page itself');
        assert.deepEqual(dialogs, [], 'no script ran');
        assert.deepEqual(consoleErrors, [], 'the CSP blocked nothing of ours (the style sheet hash matches)');
        const facts = await page.evaluate(() => ({
          scripts: document.scripts.length,
          months: document.querySelectorAll('svg#changes-by-month g rect.fixes').length,
          bandBars: document.querySelectorAll('svg#bands rect.significant, svg#bands rect.rest').length,
          cellSvgs: document.querySelectorAll('td svg, td img, td strong').length,
          cells: [...document.querySelectorAll('td')].map((cell) => cell.textContent ?? ''),
          styled: getComputedStyle(document.querySelector('th')!).backgroundColor,
        }));
        assert.equal(facts.scripts, 0);
        assert.equal(facts.months, 3, 'a bar of bug fixes per month');
        assert.equal(facts.bandBars, 4, 'hotspots and rest, for bug-fix share and lead time');
        assert.equal(facts.cellSvgs, 0, 'no element came out of the hostile strings');
        assert.ok(facts.cells.includes(`${HOSTILE_FUNCTION} (300)`), `the function name as text: ${facts.cells.join(' | ')}`);
        assert.ok(facts.cells.some((cell) => cell.startsWith(HOSTILE_TITLE)), 'the title as text, asterisks and all');
        assert.equal(facts.styled, 'rgb(246, 248, 250)', 'the style sheet applies');
      } finally {
        await browser.close();
      }
    });
  });
});
