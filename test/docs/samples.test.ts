// The docs folder (npm run docs -> dist/docs/) as a reader uses it, in headless Chromium:
// every operation's sample switcher offers curl, the TypeScript SDK and the CLI, and each,
// once chosen, is rendered visible in full (the panel's innerText holds every line, and no
// line runs past the panel's edge); the first screen says how to run the mock and names the
// seeded ids; no telemetry; the folder works from file:// and from a static HTTP server.
// Screenshots of the three samples of one operation go to dist/docs/screenshots/.
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXAMPLE_ACCOUNT, EXAMPLE_APPS, EXAMPLE_BACKUP, EXAMPLE_COMPLETED_BACKUP } from '../../scripts/mock/seed.mjs';
import { launchChromium } from '../support/chromium.js';
import { loadSpec, operations, root } from '../support/spec.js';

const folder = join(root, 'dist', 'docs');
const page = join(folder, 'index.html');
const shots = join(folder, 'screenshots');
const spec = loadSpec();
type Sample = { label: string; source: string };
const samples = operations(spec).map((op) => ({
  operationId: op.operationId,
  samples:
    (spec.paths as Record<string, Record<string, { 'x-codeSamples'?: Sample[] }>>)[op.path]?.[op.method]?.[
      'x-codeSamples'
    ] ?? [],
}));
const LABELS = ['curl', 'TypeScript SDK', 'CLI'];
let browser: Browser;
let context: BrowserContext;
let server: Server;
let httpUrl: string;
const outside: string[] = [];

beforeAll(async () => {
  expect(existsSync(page), 'dist/docs/index.html is missing: npm run docs').toBe(true);
  mkdirSync(shots, { recursive: true });
  // Any static host: files as they are, by extension.
  const types: Record<string, string> = {
    '.html': 'text/html',
    '.json': 'application/json',
    '.yaml': 'application/yaml',
    '.md': 'text/markdown',
  };
  server = createServer((request, response) => {
    const path = normalize(decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname)).replace(/^\/+/, '');
    const file = join(folder, path === '' ? 'index.html' : path);
    if (!file.startsWith(folder) || !existsSync(file)) {
      response.statusCode = 404;
      return response.end();
    }
    response.setHeader('content-type', types[extname(file)] ?? 'application/octet-stream');
    response.end(readFileSync(file));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  httpUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  browser = await launchChromium();
  context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (/^(file|data|blob):/.test(url) || url.startsWith(httpUrl)) return route.continue();
    outside.push(url);
    return route.abort();
  });
}, 120_000);
afterAll(async () => {
  await context?.close();
  await browser?.close();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
});

/** Opens the page (from the file unless `base` is given) on `hash`, once it has rendered. */
async function open(hash = '', base = pathToFileURL(page).href): Promise<Page> {
  const tab = await context.newPage();
  await tab.goto(base + hash);
  await tab.getByText('Search', { exact: false }).first().waitFor({ state: 'visible', timeout: 20_000 });
  return tab;
}

/** The request-samples panel of one operation (Redoc 3 renders the sections near the one shown). */
async function samplesPanel(tab: Page, operationId: string): Promise<Locator> {
  const section = tab.locator(`[id="application-backup/${operationId.toLowerCase()}"]`);
  const panel = section.locator('.panel-request-samples').first();
  await panel.waitFor({ state: 'visible', timeout: 20_000 });
  await panel.scrollIntoViewIfNeeded();
  return panel;
}

/** The switcher of the sample's language (the panel has others: server, media type, example). */
const languageSwitcher = (panel: Locator) =>
  panel.locator('button[aria-haspopup="menu"]').filter({ hasText: /^\s*(curl|TypeScript SDK|CLI|Payload)\s*$/ });

/** Chooses `label` in the panel's language switcher; resolves once the panel shows it. */
async function choose(tab: Page, panel: Locator, label: string): Promise<void> {
  const switcher = languageSwitcher(panel);
  await switcher.click();
  await tab
    .locator('[role="menuitem"]:visible')
    .filter({ hasText: new RegExp(`^\\s*${label}\\s*$`) })
    .first()
    .click();
  await expect.poll(async () => (await switcher.innerText()).trim(), { timeout: 10_000 }).toBe(label);
}

const squash = (text: string) => text.replace(/\s+/g, ' ').trim();

describe('the docs samples, as a reader sees them', () => {
  it('offer exactly curl, TypeScript SDK and CLI in every operation', () => {
    for (const op of samples) expect(op.samples.map((s) => s.label).sort(), op.operationId).toEqual([...LABELS].sort());
  });

  it.each(samples.map((op) => [op.operationId, op.samples] as const))(
    '%s: each sample, chosen in the switcher, is visible in full and not clipped',
    async (operationId, these) => {
      const tab = await open(`#operation/${operationId}`);
      const panel = await samplesPanel(tab, operationId);
      for (const sample of these) {
        await choose(tab, panel, sample.label);
        const code = panel.locator('pre').first();
        const shown = squash(await code.innerText());
        for (const line of sample.source.split('\n').filter((l) => l.trim()))
          expect(shown, `${operationId} ${sample.label}: ${line}`).toContain(squash(line));
        // Nothing runs past the panel's edge: every line wraps inside the box.
        const { scrollWidth, clientWidth } = await code.evaluate((e) => ({
          scrollWidth: e.scrollWidth,
          clientWidth: e.clientWidth,
        }));
        expect(
          scrollWidth,
          `${operationId} ${sample.label} is ${scrollWidth}px wide in ${clientWidth}px`,
        ).toBeLessThanOrEqual(clientWidth + 1);
        const [box, panelBox] = [await code.boundingBox(), await panel.boundingBox()];
        expect(box && panelBox && box.x + box.width <= panelBox.x + panelBox.width + 1).toBe(true);
        if (operationId === 'createAppBackupForApp')
          await panel.screenshot({
            path: join(shots, `sample-${sample.label.replace(/\W+/g, '-').toLowerCase()}.png`),
          });
      }
      await tab.close();
    },
    // A loaded machine renders slowly: each operation gets its own bound, above the default.
    240_000,
  );

  it('fail the check on a sample Redoc is not told about (a label outside the switcher)', async () => {
    // What the page did before: a label missing from the switcher is never offered.
    const tab = await open('#operation/getAppBackup');
    const panel = await samplesPanel(tab, 'getAppBackup');
    await languageSwitcher(panel).click();
    const offered = (await tab.locator('[role="menuitem"]:visible').allInnerTexts()).map((t) => t.trim());
    expect(offered).toEqual(LABELS);
    expect(offered).not.toContain('Shell');
    await tab.close();
  });
});

describe('the first screen', () => {
  it('says how to run the mock (server, MSW) and names the seeded ids', async () => {
    const tab = await open();
    const intro = tab.getByText('Try it on the mock', { exact: false }).first();
    await intro.waitFor({ state: 'visible', timeout: 20_000 });
    const paragraph = intro.locator('xpath=ancestor::p[1]');
    const box = await paragraph.boundingBox();
    expect(box && box.y >= 0 && box.y + box.height <= 800, `the mock paragraph is at ${JSON.stringify(box)}`).toBe(
      true,
    );
    const text = squash(await paragraph.innerText());
    for (const words of ['npm start', 'http://127.0.0.1:4010', 'CORS', 'MSW', 'astra-app-backups/msw'])
      expect(text).toContain(words);
    for (const id of [EXAMPLE_ACCOUNT, EXAMPLE_APPS.shop, EXAMPLE_BACKUP, EXAMPLE_COMPLETED_BACKUP])
      expect(text).toContain(id);
    await tab.screenshot({ path: join(shots, 'first-screen-mock.png') });
    await tab.close();
  });
});

describe('the docs folder', () => {
  it('holds the page, the spec as JSON and YAML, and the changelog', () => {
    for (const file of ['index.html', 'openapi.json', 'openapi.yaml', 'CHANGELOG.md'])
      expect(existsSync(join(folder, file)), file).toBe(true);
    expect(JSON.parse(readFileSync(join(folder, 'openapi.json'), 'utf8'))).toEqual(
      JSON.parse(readFileSync(join(root, 'dist', 'openapi.json'), 'utf8')),
    );
    expect(readFileSync(join(folder, 'CHANGELOG.md'), 'utf8')).toBe(readFileSync(join(root, 'CHANGELOG.md'), 'utf8'));
  });

  it('has Redocly telemetry off in the built page', () => {
    const html = readFileSync(page, 'utf8');
    expect(html).toContain('"disableTelemetry":true');
  });

  it('works from a static HTTP server as from the file: the page renders and its links resolve', async () => {
    const tab = await open('', httpUrl);
    await tab.getByText('Try it on the mock', { exact: false }).first().waitFor({ state: 'visible', timeout: 20_000 });
    for (const file of ['openapi.json', 'openapi.yaml', 'CHANGELOG.md']) {
      const status = await tab.evaluate(async (url) => (await fetch(url)).status, file);
      expect(status, file).toBe(200);
    }
    const hrefs = await tab.$$eval('a[href]', (as) => as.map((a) => a.getAttribute('href') ?? ''));
    expect([...new Set(hrefs.filter((h) => /^(openapi\.(json|yaml)|CHANGELOG\.md)$/.test(h)))].sort()).toEqual([
      'CHANGELOG.md',
      'openapi.json',
      'openapi.yaml',
    ]);
    await tab.close();
    expect(outside).toEqual([]);
  });
});
