// The docs page (dist/docs/index.html) as a frontend developer opens it, in headless
// Chromium from a file, with every request outside the file refused: the operations on
// the first screen, a working deep link to each, offline search, code samples, and
// screenshots in dist/docs/screenshots/ for a person to look at.
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/chromium.js';
import { loadSpec, operations, root } from '../support/spec.js';

const page = join(root, 'dist', 'docs', 'index.html');
const shots = join(root, 'dist', 'docs', 'screenshots');
const spec = loadSpec();
const summaries = Object.fromEntries(operations(spec).map((op) => [op.operationId, op.summary]));
let browser: Browser;
let context: BrowserContext;
const outside: string[] = [];

beforeAll(async () => {
  expect(existsSync(page), 'dist/docs/index.html is missing: npm run docs').toBe(true);
  mkdirSync(shots, { recursive: true });
  browser = await launchChromium();
  context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith('file:') || url.startsWith('data:') || url.startsWith('blob:')) return route.continue();
    outside.push(url);
    return route.abort();
  });
});
afterAll(async () => {
  await context?.close();
  await browser?.close();
});

/** Opens the page, and waits (bounded) until its search index has loaded: the page has settled. */
async function open(hash = ''): Promise<Page> {
  const tab = await context.newPage();
  await tab.goto(pathToFileURL(page).href + hash);
  await tab.getByText('Search', { exact: false }).first().waitFor({ state: 'visible', timeout: 15_000 });
  const deadline = Date.now() + 15_000;
  while ((await tab.getByText(/^Loading/).count()) > 0) {
    if (Date.now() > deadline) throw new Error('the docs page was still loading after 15 s');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return tab;
}

/**
 * The first element matching `locator` that is drawn inside the viewport (the page holds
 * every operation, scrolled), waiting for it up to 15 s.
 */
async function onScreen(locator: Locator): Promise<Locator | undefined> {
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    for (let i = 0; i < (await locator.count()); i++) {
      const box = await locator.nth(i).boundingBox();
      if (box && box.y >= 0 && box.y + box.height <= 800 && box.x >= 0 && box.x + box.width <= 1280)
        return locator.nth(i);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return undefined;
}

const exactly = (text: string) => new RegExp(`^${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);

describe('the docs page (dist/docs/index.html)', () => {
  // One tab serves the tests that read the page as loaded; deep links get tabs of their own.
  let home: Page;
  beforeAll(async () => {
    home = await open();
  });

  it('shows every operation on the first screen, without a click', async () => {
    const tab = home;
    for (const summary of Object.values(summaries))
      expect(await onScreen(tab.getByText(summary, { exact: true })), summary).toBeDefined();
    await tab.screenshot({ path: join(shots, 'first-screen.png') });
  });

  it('follows each operation link of the overview to that operation, its title on screen', async () => {
    const tab = home;
    // The overview's list links to exactly these anchors.
    const hrefs = await tab.$$eval('a[href^="#operation/"]', (as) => as.map((a) => a.getAttribute('href')));
    expect([...new Set(hrefs)].sort()).toEqual(
      Object.keys(summaries)
        .map((id) => `#operation/${id}`)
        .sort(),
    );
    for (const [id, summary] of Object.entries(summaries)) {
      await tab.goto(`${pathToFileURL(page).href}#operation/${id}`);
      const heading = await onScreen(tab.locator('h1, h2').filter({ hasText: exactly(summary) }));
      expect(heading, `#operation/${id}: ${summary} is on screen`).toBeDefined();
    }
  });

  it.each(['getAppBackup', 'createAppBackupForApp'])(
    'opens #operation/%s in a new tab on that operation',
    async (id) => {
      const tab = await open(`#operation/${id}`);
      const heading = await onScreen(tab.locator('h1, h2').filter({ hasText: exactly(summaries[id] ?? '') }));
      expect(heading).toBeDefined();
      if (id === 'createAppBackupForApp')
        await tab.screenshot({ path: join(shots, 'operation-createAppBackupForApp.png') });
      await tab.close();
    },
  );

  // The samples, each chosen in the switcher, are checked in test/docs/samples.test.ts.
  it("shows the backup schema's fields on the page (rendered text, not the inlined spec)", async () => {
    const tab = await open('#operation/getAppBackup');
    await tab.getByText('percentDone').first().waitFor({ state: 'visible', timeout: 15_000 });
    const text = await tab.locator('main').innerText();
    for (const field of ['percentDone', 'bytesDone', 'totalBytes', 'stateUnready', 'bucketID'])
      expect(text).toContain(field);
    await tab.close();
  });

  it('searches offline', async () => {
    const tab = home;
    await tab.keyboard.press('Escape');
    await tab.getByText('Search', { exact: false }).first().click();
    await tab.keyboard.type('percentDone');
    const result = tab.getByText('JSON number containing the', { exact: false }).first();
    await result.waitFor({ state: 'visible', timeout: 15_000 });
    expect(await tab.getByText('Loading', { exact: false }).count()).toBe(0);
    await tab.screenshot({ path: join(shots, 'search.png') });
  });

  it('fetched nothing outside the file, and links to no placeholder', async () => {
    expect(outside).toEqual([]);
    const tab = home;
    const links = await tab.$$eval('a[href^="http"]', (as) => as.map((a) => a.getAttribute('href')));
    expect(links.filter((href) => href?.includes('github.com/astra-app-backups'))).toEqual([]);
  });
});
