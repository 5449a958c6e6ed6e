#!/usr/bin/env node
// End-to-end test through the real VS Code UI (code-server 4.100.3 + headless Debian Chromium, see
// test/host/codeServer.mjs): opens the fixture repository with the extension loaded from this folder,
// opens src/billing/invoice.ts from the explorer and reads its CodeLens texts, opens the Debt Lens view
// container and reads the rows of its three views, runs "Debt Lens: Show Hotspot Map" from the command
// palette, clicks a hotspot lens to open the impact panel, tags a selection as debt through the
// four-step quick input (Escape first: nothing written), and takes screenshots.
// Screenshots go to .cache/screenshots (DEBT_LENS_SCREENSHOT_DIR to change it), or to media/screenshots
// when DEBT_LENS_UPDATE_SCREENSHOTS=1 (those are committed: README images).
// Exit code: 0 passed, 1 an expectation failed, 2 the host could not be started, 124 timeout.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { createFixtureRepository, ENTRY } from '../host/fixtureRepository.mjs';
import { codeServerEntry, launchChromium, loadPlaywright, logger, makeTempDirs, removeTemp, root, startCodeServer } from '../host/codeServer.mjs';

const log = logger('e2e');
const timeoutMs = Number(process.env.DEBT_LENS_E2E_TIMEOUT_MS ?? 240_000);
const screenshotDir = process.env.DEBT_LENS_UPDATE_SCREENSHOTS === '1'
  ? path.join(root, 'media', 'screenshots')
  : path.resolve(process.env.DEBT_LENS_SCREENSHOT_DIR ?? path.join(root, '.cache', 'screenshots'));

const DEBT_LENS = `⚠ ${ENTRY.id} ${ENTRY.title} · high · PROJ-123`;
const HOTSPOT_LENS = '🔥 Hotspot #1 · 6 changes in 12 mo · cognitive 21 · 3 authors · PROJ-12, PROJ-40';
const REFRESH_LENS = '🔥 Hotspot #2 · 4 changes in 12 mo · cognitive 5 · 3 authors · PROJ-12, PROJ-40';
const FILE_LENS = '🔥 Hotspot file #1 · 9 changes in 12 mo · cognitive 26 · 3 authors · PROJ-12, PROJ-40';

/** DEBT_LENS_E2E_VSIX: test the packaged extension, installed with code-server's --install-extension. */
const vsix = process.env.DEBT_LENS_E2E_VSIX ? path.resolve(process.env.DEBT_LENS_E2E_VSIX) : undefined;

function installVsix(temp, file) {
  const output = execFileSync(process.execPath, [codeServerEntry, '--user-data-dir', temp.dirs['user-data'], '--extensions-dir', temp.dirs.extensions, '--install-extension', file], {
    encoding: 'utf8',
    env: { ...process.env, HOME: temp.dirs.home, XDG_CONFIG_HOME: temp.dirs.config, XDG_DATA_HOME: temp.dirs.data, TMPDIR: temp.dirs.tmp },
  });
  log(output.trim().split('\n').pop());
  const installed = readdirSync(temp.dirs.extensions).filter((name) => name.startsWith('debt-lens.debt-lens-'));
  expect(installed.length === 1, `the .vsix did not install: ${output}`);
}

class Failure extends Error {}

async function waitForCondition(probe, ms, what) {
  const until = Date.now() + ms;
  while (!probe()) {
    if (Date.now() > until) {
      throw new Failure(`timed out waiting for ${what}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function expect(condition, message) {
  if (!condition) {
    throw new Failure(message);
  }
}

async function step(name, fn) {
  log(`step: ${name}`);
  try {
    return await fn();
  } catch (error) {
    if (error instanceof Failure) {
      throw error;
    }
    throw new Failure(`${name}: ${error.message.split('\n').slice(0, 6).join('\n')}`);
  }
}

async function screenshot(page, name) {
  mkdirSync(screenshotDir, { recursive: true });
  const file = path.join(screenshotDir, name);
  await page.screenshot({ path: file });
  log(`screenshot ${path.relative(root, file)}`);
  return file;
}

/** Clicks an explorer row by its exact name (expanding folders on the way). */
async function clickExplorerRow(page, name) {
  const row = page.locator('.explorer-folders-view .monaco-list-row').filter({ has: page.locator('.label-name', { hasText: new RegExp(`^${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`) }) }).first();
  await row.waitFor({ state: 'visible', timeout: 30_000 });
  await row.click();
}

async function codeLensTexts(page) {
  return (await page.locator('.monaco-editor .codelens-decoration').allInnerTexts()).map((text) => text.replace(/\s+/g, ' ').trim());
}

/** The rows of a view of the Debt Lens container, by its pane title. */
async function paneRows(page, title) {
  const pane = page.locator('.pane').filter({ has: page.locator('.pane-header', { hasText: new RegExp(`^\\s*${title}`, 'i') }) }).first();
  const header = pane.locator('.pane-header').first();
  if ((await header.getAttribute('aria-expanded')) === 'false') {
    await header.click();
  }
  const rows = pane.locator('.pane-body .monaco-list-row');
  await rows.first().waitFor({ state: 'visible', timeout: 30_000 });
  // `label · description`, read from the row's two parts (innerText runs them together).
  return rows.evaluateAll((elements) => elements.map((row) => {
    const text = (selector) => (row.querySelector(selector)?.textContent ?? '').replace(/\s+/g, ' ').trim();
    const description = text('.label-description');
    return description ? `${text('.label-name')} · ${description}` : text('.label-name');
  }));
}

/** Drags the sash right of the side bar so that the rows' descriptions show in the screenshot (best effort). */
async function widenSidebar(page, width) {
  const box = await page.locator('.part.sidebar').boundingBox();
  if (!box) {
    return;
  }
  const edge = box.x + box.width;
  await page.mouse.move(edge + 1, box.y + box.height / 2);
  await page.mouse.down();
  await page.mouse.move(box.x + width, box.y + box.height / 2, { steps: 8 });
  await page.mouse.up();
  await page.waitForTimeout(300);
}

async function waitForTab(page, title) {
  const tab = page.locator('.tabs-container .tab').filter({ hasText: title }).first();
  await tab.waitFor({ state: 'visible', timeout: 30_000 });
  return (await tab.innerText()).trim();
}

/** Waits until the newest webview shows `text` (best effort: the screenshot should show a rendered page). */
async function waitForWebviewText(page, text) {
  const frames = page.locator('iframe.webview');
  const count = await frames.count();
  for (let index = count - 1; index >= 0; index--) {
    const inner = page.frameLocator('iframe.webview').nth(index).frameLocator('#active-frame');
    try {
      await inner.locator('body', { hasText: text }).waitFor({ state: 'visible', timeout: 15_000 });
      return true;
    } catch {
      // another webview, or not rendered yet
    }
  }
  log(`(webview text "${text}" not found; continuing)`);
  return false;
}

async function run(page, host, workspace) {
  await step(vsix ? `open the workbench with ${path.basename(vsix)} installed` : 'open the workbench', async () => {
    // With a .vsix the extension runs as a user installs it; otherwise from this folder (development).
    await page.goto(host.url(workspace, vsix ? undefined : [['extensionDevelopmentPath', host.remote(root)]]), { waitUntil: 'domcontentloaded' });
    await page.locator('.explorer-folders-view .monaco-list-row').first().waitFor({ state: 'visible', timeout: 60_000 });
  });

  await step('open src/billing/invoice.ts from the explorer', async () => {
    await clickExplorerRow(page, 'src');
    await clickExplorerRow(page, 'billing');
    await clickExplorerRow(page, 'invoice.ts');
    await page.locator('.tabs-container .tab', { hasText: 'invoice.ts' }).first().waitFor({ state: 'visible', timeout: 30_000 });
  });

  await step('read the CodeLens texts', async () => {
    const waitForLenses = async (wanted) => {
      let texts = [];
      const until = Date.now() + 90_000;
      while (Date.now() < until) {
        texts = await codeLensTexts(page);
        if (wanted.every((title) => texts.some((text) => text.includes(title)))) {
          break;
        }
        await page.waitForTimeout(500);
      }
      log(`CodeLens texts: ${JSON.stringify(texts)}`);
      for (const title of wanted) {
        expect(texts.some((text) => text.includes(title)), `no lens "${title}" in ${JSON.stringify(texts)}`);
      }
    };
    // Top of the file: the file's lens and computeTotal's (line 27).
    await waitForLenses([FILE_LENS, HOTSPOT_LENS]);
    // The editor renders visible lines only: scroll down until refresh (line 63) and its lenses show.
    await page.locator('.monaco-editor .view-lines').first().hover();
    for (let attempt = 0; attempt < 12 && !(await codeLensTexts(page)).some((text) => text.includes(DEBT_LENS)); attempt++) {
      await page.mouse.wheel(0, 120);
      await page.waitForTimeout(400);
    }
    await page.mouse.wheel(0, 120); // and a little further, so that refresh's first lines show under its lenses
    await page.waitForTimeout(500);
    await waitForLenses([HOTSPOT_LENS, DEBT_LENS, REFRESH_LENS]);
    await screenshot(page, 'codelens.png');
  });

  await step('open the Debt Lens view container and read its views', async () => {
    await page.locator('.activitybar .action-item a[aria-label^="Debt Lens"], .activitybar .action-item [aria-label^="Debt Lens"]').first().click();
    await page.locator('.sidebar .composite.title', { hasText: /Debt Lens/i }).first().waitFor({ state: 'visible', timeout: 30_000 });
    await widenSidebar(page, 560);
    const hotspots = await paneRows(page, 'Hotspots');
    log(`Hotspots rows: ${JSON.stringify(hotspots)}`);
    expect(hotspots.some((row) => row === 'src/billing/invoice.ts · #1 · score 234 · 9 changes · cognitive 26'), `Hotspots rows: ${JSON.stringify(hotspots)}`);
    // Expand invoice.ts: its functions.
    await page.locator('.pane-body .monaco-list-row', { hasText: 'src/billing/invoice.ts' }).first().locator('.monaco-tl-twistie').click();
    await page.locator('.pane-body .monaco-list-row', { hasText: 'computeTotal' }).first().waitFor({ state: 'visible', timeout: 15_000 });
    const debt = await paneRows(page, 'Tech Debt');
    log(`Tech Debt rows: ${JSON.stringify(debt)}`);
    expect(JSON.stringify(debt) === JSON.stringify(['Open · 1', `${ENTRY.title} · TD-7f3a1c · high · PROJ-123`, 'Markers · 1']), `Tech Debt rows: ${JSON.stringify(debt)}`);
    const backlog = await paneRows(page, 'Backlog');
    log(`Backlog rows: ${JSON.stringify(backlog)}`);
    expect(JSON.stringify(backlog) === JSON.stringify(['PROJ-123 · 1 entry', 'PROJ-12 · 1 hotspot file', 'PROJ-40 · 1 hotspot file']), `Backlog rows: ${JSON.stringify(backlog)}`);
    await screenshot(page, 'sidebar.png');
  });

  await step('run "Debt Lens: Show Hotspot Map" from the command palette', async () => {
    await page.keyboard.press('F1');
    const input = page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible', timeout: 15_000 });
    await input.fill('>Debt Lens: Show Hotspot Map');
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Show Hotspot Map' }).first().waitFor({ state: 'visible', timeout: 15_000 });
    await page.keyboard.press('Enter');
    const tab = await waitForTab(page, 'Debt Lens Hotspot Map');
    log(`tab: ${tab}`);
    await waitForWebviewText(page, 'src/billing/invoice.ts');
    await page.waitForTimeout(1000);
    await screenshot(page, 'hotspot-map.png');
  });

  await step('click the computeTotal hotspot lens: the impact panel', async () => {
    // Back to the editor with the lenses (the map opened beside it).
    await page.locator('.tabs-container .tab', { hasText: 'invoice.ts' }).first().click();
    const lens = page.locator('.monaco-editor .codelens-decoration a', { hasText: HOTSPOT_LENS }).first();
    await lens.waitFor({ state: 'visible', timeout: 30_000 });
    await lens.click();
    const tab = await waitForTab(page, 'Debt Lens Impact: computeTotal');
    log(`tab: ${tab}`);
    await waitForWebviewText(page, 'computeTotal');
    await page.waitForTimeout(1000);
    await screenshot(page, 'impact.png');
  });

  await step('Tag Selection as Tech Debt through its quick input: Escape writes nothing, four steps write one entry', async () => {
    const ledger = path.join(workspace, '.techdebt');
    const entriesBefore = readdirSync(ledger).filter((name) => name.endsWith('.md')).sort();
    await page.locator('.tabs-container .tab', { hasText: 'invoice.ts' }).first().click();
    await page.locator('.editor-instance .monaco-editor .view-lines').first().click();
    // Select lines 51–53 (the coupon rule inside computeTotal).
    await page.keyboard.press('Control+G');
    await page.locator('.quick-input-widget input').fill(':51');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Home');
    for (let i = 0; i < 3; i++) {
      await page.keyboard.press('Shift+ArrowDown');
    }
    const palette = async () => {
      await page.keyboard.press('F1');
      const input = page.locator('.quick-input-widget input');
      await input.waitFor({ state: 'visible', timeout: 15_000 });
      await input.fill('>Debt Lens: Tag Selection as Tech Debt');
      await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Tag Selection as Tech Debt' }).first().waitFor({ state: 'visible', timeout: 15_000 });
      await page.keyboard.press('Enter');
      await page.locator('.quick-input-widget', { hasText: '1/4' }).waitFor({ state: 'visible', timeout: 15_000 });
    };
    await palette();
    await page.keyboard.type('Given up halfway');
    await page.keyboard.press('Escape');
    await page.waitForTimeout(1000);
    expect(JSON.stringify(readdirSync(ledger).filter((name) => name.endsWith('.md')).sort()) === JSON.stringify(entriesBefore), 'Escape at step 1 wrote an entry');

    await palette();
    await page.keyboard.type('Coupon rules are hard-coded');
    await page.keyboard.press('Enter');
    await page.locator('.quick-input-widget', { hasText: '2/4' }).waitFor({ state: 'visible', timeout: 15_000 });
    await page.keyboard.type('high');
    await page.keyboard.press('Enter');
    await page.locator('.quick-input-widget', { hasText: '3/4' }).waitFor({ state: 'visible', timeout: 15_000 });
    await page.keyboard.type('2 days');
    // An invalid principal is refused with a message, and Enter does not move on.
    await page.keyboard.press('Enter');
    await page.waitForTimeout(500);
    expect(await page.locator('.quick-input-widget', { hasText: '3/4' }).isVisible(), 'an invalid principal was accepted');
    await page.keyboard.press('Control+A');
    await page.keyboard.type('2d');
    await page.keyboard.press('Enter');
    await page.locator('.quick-input-widget', { hasText: '4/4' }).waitFor({ state: 'visible', timeout: 15_000 });
    await page.keyboard.type('PROJ-9');
    await page.keyboard.press('Enter');
    // The anchor widens to the enclosing function, computeTotal (line 27): its lens sits above it.
    await page.waitForTimeout(500);
    await page.keyboard.press('Control+G');
    await page.locator('.quick-input-widget input').fill(':20');
    await page.keyboard.press('Enter');
    const lens = page.locator('.monaco-editor .codelens-decoration', { hasText: /⚠ TD-[0-9a-f]{6} Coupon rules are hard-coded · high · PROJ-9/ }).first();
    await lens.waitFor({ state: 'visible', timeout: 30_000 });
    const added = readdirSync(ledger).filter((name) => name.endsWith('.md') && !entriesBefore.includes(name));
    expect(added.length === 1 && /^TD-[0-9a-f]{6}-coupon-rules-are-hard-coded\.md$/.test(added[0]), `entries added: ${JSON.stringify(added)}`);
    log(`new entry ${added[0]}; lens: ${(await lens.innerText()).replace(/\s+/g, ' ')}`);
    await screenshot(page, 'tag-selection.png');

    // The confirmation offers Undo: the new file goes, and its lens with it.
    const toast = page.locator('.notification-toast', { hasText: 'Recorded TD-' }).first();
    await toast.locator('.monaco-button', { hasText: 'Undo' }).click();
    await waitForCondition(() => !existsSync(path.join(ledger, added[0])), 15_000, 'the entry file to be removed by Undo');
    await page.locator('.monaco-editor .codelens-decoration', { hasText: 'Coupon rules are hard-coded' }).first().waitFor({ state: 'detached', timeout: 30_000 });
    log('Undo removed the entry and its lens');
  });
}

async function main() {
  const started = Date.now();
  const deadline = started + timeoutMs;
  const temp = makeTempDirs('debt-lens-e2e-');
  const workspace = path.join(temp.tmp, 'workspace');
  createFixtureRepository(workspace, { now: new Date() });
  let host;
  let browser;
  let code = 1;
  let timer;
  try {
    if (vsix) {
      installVsix(temp, vsix);
    }
    host = await startCodeServer({ temp, workspace, trust: false, deadline });
    log(`code-server is healthy on ${host.base}`);
    const { chromium } = loadPlaywright();
    browser = await launchChromium(chromium, host.env);
    const page = await (await browser.newContext({ viewport: { width: 1440, height: 1000 } })).newPage();
    page.on('pageerror', (error) => console.log(`[page error] ${error.message}`));
    const timedOut = new Promise((resolve) => { timer = setTimeout(() => resolve('timeout'), Math.max(0, deadline - Date.now())); });
    const result = await Promise.race([run(page, host, workspace).then(() => 'ok', (error) => error), timedOut]);
    if (result === 'ok') {
      code = 0;
    } else {
      code = result === 'timeout' ? 124 : 1;
      console.error(`[e2e] FAILED: ${result === 'timeout' ? `timed out after ${timeoutMs} ms` : result.stack ?? result}`);
      await screenshot(page, 'failure.png').catch(() => {});
    }
  } catch (error) {
    console.error(`[e2e] ${error.stack ?? error}`);
    code = 2;
  } finally {
    clearTimeout(timer);
    await browser?.close().catch(() => {});
    await host?.stop();
    if (code !== 0 && host) {
      console.error(`[e2e] code-server log tail (${host.serverLog}):\n${host.logTail()}`);
    }
    removeTemp(temp.tmp, log);
  }
  log(code === 0 ? 'passed' : `exit ${code}`);
  return code;
}

main().then((code) => process.exit(code), (error) => {
  console.error(error);
  process.exit(2);
});
