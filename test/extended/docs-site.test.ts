// The docs site as a reader gets it (issue 27): built by `npm run docs`, served under a GitHub
// Pages-style sub-path (/astra-app-backups/) on 127.0.0.1, read in headless Chromium with every
// request to another host refused. Every page reachable from the home loads without a console
// error; at 390 px the home and a guide never scroll sideways and hide no code (each pre either
// wraps or shows a scroll bar, and its innerText holds its full text); axe-core finds no critical
// or serious violation on the home, a guide and an operation page at 1280 and 390 px; local
// search finds what the issue names; the home and a guide weigh under 300 kB gzip on first load
// (figures in dist/docs/weight.json, recorded in bench/DOCS.md). Screenshots go to
// dist/docs/screenshots/site/. In `npm run test:extended`: the build alone takes 30-60 s here.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildSite, type Served, SITE, serveSite, type Watched, watchedContext } from '../docs/site.js';
import { launchChromium } from '../support/chromium.js';
import { root } from '../support/spec.js';

const shots = join(SITE, 'screenshots', 'site');
const GUIDE = 'guide/errors.html';
// The API reference pages are docs/reference/ (generated from the spec); the operation page checked here.
const OPERATION = 'reference/getAppBackup.html';
const hasReference = existsSync(join(root, 'docs', 'reference'));
const axeSource = readFileSync(join(root, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');

let browser: Browser;
let served: Served;
let wide: Watched;
let narrow: Watched;

beforeAll(async () => {
  const browserReady = launchChromium();
  await buildSite();
  mkdirSync(shots, { recursive: true });
  served = await serveSite();
  browser = await browserReady;
  const origin = new URL(served.url).origin;
  wide = await watchedContext(browser, origin, 1280);
  narrow = await watchedContext(browser, origin, 390);
}, 300_000);
afterAll(async () => {
  await wide?.context.close();
  await narrow?.context.close();
  await browser?.close();
  await served?.close();
});

/** Opens a page of the site (a path under the base) and waits until VitePress has hydrated it. */
async function open(watched: Watched, path: string): Promise<Page> {
  const page = await watched.context.newPage();
  const response = await page.goto(served.url + path, { waitUntil: 'load', timeout: 30_000 });
  expect(response?.status(), path).toBe(200);
  await page.locator('#app .Layout').waitFor({ state: 'visible', timeout: 30_000 });
  return page;
}

describe('the docs site, served under /astra-app-backups/', () => {
  it('loads every page reachable from the home without a console error or a request to another host', async () => {
    const page = await wide.context.newPage();
    const base = served.url;
    const seen = new Set<string>(['']);
    const queue = [''];
    const broken: string[] = [];
    while (queue.length > 0) {
      const path = queue.shift() ?? '';
      const response = await page.goto(base + path, { waitUntil: 'load', timeout: 30_000 });
      if (response?.status() !== 200) broken.push(`${path} -> ${response?.status()}`);
      await page.locator('#app .Layout').waitFor({ state: 'visible', timeout: 30_000 });
      const hrefs = await page.$$eval('a[href]', (links) => links.map((a) => (a as HTMLAnchorElement).href));
      for (const href of hrefs) {
        if (!href.startsWith(base)) continue;
        const next = href.slice(base.length).replace(/#.*$/, '');
        if (/\.(json|yaml|md|png)$/.test(next) || seen.has(next)) continue;
        // Before the API reference pages exist (they come from docs/reference/), its links lead nowhere yet.
        if (!hasReference && next.startsWith('reference/')) continue;
        seen.add(next);
        queue.push(next);
      }
      expect(seen.size, 'a bound on the pages crawled').toBeLessThan(600);
    }
    await page.close();
    expect(broken).toEqual([]);
    expect(wide.errors).toEqual([]);
    expect(wide.outside).toEqual([]);
    // The crawl reached the guides, the SDK reference of every entry, the changelog and the notes.
    const pages = [...seen];
    for (const must of ['guide/getting-started', 'guide/mocking', 'changelog', 'transcription', 'sdk/'])
      expect(
        pages.some((p) => p.startsWith(must)),
        must,
      ).toBe(true);
    for (const entry of ['index', 'mock', 'msw', 'query', 'spec'])
      expect(
        pages.some((p) => p.startsWith(`sdk/${entry}/`)),
        `sdk/${entry}/`,
      ).toBe(true);
    if (hasReference) expect(pages.some((p) => p.startsWith('reference/getAppBackup'))).toBe(true);
  }, 600_000);

  it('shows the version and the contract hash at the foot of every page, with the links a reader needs', async () => {
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string };
    const hash = /contractSha256:\s*["']([0-9a-f]{64})/.exec(readFileSync(join(root, 'dist', 'spec.js'), 'utf8'))?.[1];
    for (const path of ['', GUIDE, 'sdk/index/functions/createAstraClient.html']) {
      const page = await open(wide, path);
      const meta = page.getByRole('contentinfo', { name: 'Build' });
      const text = await meta.innerText();
      expect(text, path).toContain(pkg.version);
      expect(text, path).toContain(hash);
      for (const link of ['Changelog', 'npm', 'Transcription notes', 'openapi.json', 'openapi.yaml'])
        await expect(meta.getByRole('link', { name: link }).isVisible(), `${path}: ${link}`).resolves.toBe(true);
      await page.close();
    }
    for (const file of ['openapi.json', 'openapi.yaml']) {
      const answer = await fetch(served.url + file);
      expect(answer.status, file).toBe(200);
      expect((await answer.text()).length).toBeGreaterThan(1000);
    }
  }, 120_000);

  it.each([
    ['the home', ''],
    ['a guide', GUIDE],
  ])(
    'at 390 px, %s never scrolls sideways and hides no code',
    async (name, path) => {
      const page = await open(narrow, path);
      const overflow = await page.evaluate(() => ({
        page: document.documentElement.scrollWidth - document.documentElement.clientWidth,
        hidden: [...document.querySelectorAll<HTMLElement>('pre, code')]
          .filter((el) => getComputedStyle(el).display !== 'inline')
          .filter((el) => {
            const wraps = el.scrollWidth <= el.clientWidth + 1;
            const style = getComputedStyle(el);
            const bar = /auto|scroll/.test(style.overflowX) && el.offsetHeight - el.clientHeight > 0;
            const full = el.innerText.replace(/\s+/g, '') === (el.textContent ?? '').replace(/\s+/g, '');
            return !(wraps || bar) || !full;
          })
          .map((el) => (el.textContent ?? '').slice(0, 80)),
        blocks: document.querySelectorAll('pre').length,
      }));
      expect(overflow.page, `${name} scrolls sideways`).toBeLessThanOrEqual(0);
      expect(overflow.hidden, `${name}: code cut or hidden`).toEqual([]);
      if (path === GUIDE) expect(overflow.blocks).toBeGreaterThan(2);
      await page.screenshot({ path: join(shots, `${path.replace(/\W+/g, '-') || 'home'}-390.png`), fullPage: false });
      await page.close();
    },
    60_000,
  );

  const axePages: [string, string][] = [
    ['the home', ''],
    ['a guide', GUIDE],
  ];
  if (hasReference) axePages.push(['an operation page', OPERATION]);
  it.each(axePages.flatMap(([name, path]) => [1280, 390].map((width) => [name, width, path] as const)))(
    'axe-core finds no critical or serious violation on %s at %i px',
    async (_, width, path) => {
      const page = await open(width === 390 ? narrow : wide, path);
      await page.addScriptTag({ content: axeSource });
      const violations = await page.evaluate(async () => {
        const result = await (
          window as unknown as {
            axe: {
              run: (
                context: Document,
                options: object,
              ) => Promise<{ violations: { id: string; impact: string; nodes: { target: string[] }[] }[] }>;
            };
          }
        ).axe.run(document, { resultTypes: ['violations'] });
        return result.violations
          .filter((v) => v.impact === 'critical' || v.impact === 'serious')
          .map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
      });
      expect(violations).toEqual([]);
      if (width === 1280)
        await page.screenshot({ path: join(shots, `${path.replace(/\W+/g, '-') || 'home'}-1280.png`) });
      await page.close();
    },
    60_000,
  );

  /** The local search's result links for a query. */
  async function search(query: string): Promise<string[]> {
    const page = await open(wide, '');
    await page
      .getByRole('button', { name: /search/i })
      .first()
      .click();
    const input = page.locator('#localsearch-input');
    await input.waitFor({ state: 'visible', timeout: 15_000 });
    await input.fill(query);
    const results = page.locator('#localsearch-list a.result');
    await results.first().waitFor({ state: 'visible', timeout: 15_000 });
    const hrefs = await results.evaluateAll((links) => links.map((a) => (a as HTMLAnchorElement).pathname));
    await page.close();
    return hrefs;
  }

  it('finds createAstraClient in its SDK reference page', async () => {
    const found = await search('createAstraClient');
    expect(
      found.some((p) => /\/sdk\/index\/functions\/createAstraClient(\.html)?$/.test(p)),
      found.join('\n'),
    ).toBe(true);
  }, 60_000);

  it('finds waitUntilDone in a guide and in its SDK reference', async () => {
    const found = await search('waitUntilDone');
    expect(
      found.some((p) => p.includes('/guide/')),
      found.join('\n'),
    ).toBe(true);
    expect(
      found.some((p) => p.includes('/sdk/')),
      found.join('\n'),
    ).toBe(true);
  }, 60_000);

  it.runIf(hasReference)(
    "finds percentDone in the get operation's reference",
    async () => {
      const found = await search('percentDone');
      expect(
        found.some((p) => /\/reference\/getAppBackup(\.html)?$/.test(p)),
        found.join('\n'),
      ).toBe(true);
    },
    60_000,
  );

  it('weighs under 300 kB gzip on first load, home and a guide', async () => {
    const weights: Record<string, number> = {};
    for (const path of ['', GUIDE, ...(hasReference ? [OPERATION] : [])]) {
      const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
      const page = await context.newPage();
      const bodies: Promise<number>[] = [];
      page.on('response', (response) => {
        if (!response.url().startsWith(new URL(served.url).origin)) return;
        // What a host that gzips (GitHub Pages does) sends: each body, gzipped.
        bodies.push(
          response
            .body()
            .then((body) => gzipSync(body).length)
            .catch(() => 0),
        );
      });
      await page.goto(served.url + path, { waitUntil: 'networkidle', timeout: 60_000 });
      weights[path || 'home'] = (await Promise.all(bodies)).reduce((a, b) => a + b, 0);
      await context.close();
    }
    writeFileSync(join(SITE, 'weight.json'), `${JSON.stringify(weights, null, 2)}\n`);
    expect(weights.home).toBeGreaterThan(10_000);
    expect(weights.home).toBeLessThan(300_000);
    expect(weights[GUIDE]).toBeLessThan(300_000);
  }, 120_000);
});
