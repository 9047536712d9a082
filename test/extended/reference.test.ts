// The API reference of the docs site as a reader uses it: the site built (`npm run docs`, once
// for every test file: test/docs/site.ts) and served under its sub-path on 127.0.0.1, in headless
// Chromium, every request to another host refused and counted. Try it on each of the seven
// operations, answered by the simulator in the tab (the documented status; a create then a list
// shows the new backup; a pending backup's delete is problem 128; Reset returns to the seed);
// every operation page at 390 px (nothing scrolls the page sideways, every block of code wraps or
// shows a scroll bar, every example's full text is in the page's innerText); axe-core at 1280 and
// 390 px; no console error. Screenshots of an answer at both widths go to dist/docs/screenshots/,
// and the page weight and the first answer's time to dist/docs/screenshots/reference-metrics.json
// (bench/DOCS.md quotes them).
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildSite, type Served, SITE, serveSite, type Watched, watchedContext } from '../docs/site.js';
import { launchChromium } from '../support/chromium.js';
import { loadSpec, root } from '../support/spec.js';

const shots = join(SITE, 'screenshots');
const spec = loadSpec() as unknown as Spec;
const SEEDED = {
  account: '9ff53b28-2a88-4b1c-8b4a-2d3c1a4f0b5e',
  pending: '54fe651d-3d3b-5fa8-b85c-5db757885ff3',
  completed: 'f8faa690-7e09-48a4-b33c-7965712acd0c',
};
/** The status each operation's Try it answers with, as prefilled, and the success the spec documents. */
const FIRST_STATUS: Record<string, number> = {
  listAppBackups: 200,
  getAppBackup: 200,
  deleteAppBackup: 204,
  listAppBackupsForApp: 200,
  createAppBackupForApp: 201,
  getAppBackupForApp: 200,
  deleteAppBackupForApp: 204,
};

interface Spec {
  paths: Record<string, Record<string, { operationId?: string; responses?: Record<string, unknown> }>>;
  components: Record<string, Record<string, unknown>>;
}
const operations = Object.values(spec.paths).flatMap((item) =>
  Object.values(item).filter((op): op is { operationId: string; responses: Record<string, unknown> } =>
    Boolean(op && typeof op === 'object' && 'operationId' in op),
  ),
);

const deref = (node: unknown): Record<string, unknown> => {
  let n = node as Record<string, unknown>;
  while (n && typeof n.$ref === 'string') {
    n = (n.$ref as string)
      .slice(2)
      .split('/')
      .reduce<unknown>((o, k) => (o as Record<string, unknown>)[k], spec) as Record<string, unknown>;
  }
  return n;
};

/** Every example of an operation (request body and every response), as the page prints it. */
function examplesOf(operationId: string): string[] {
  const [, item] =
    Object.entries(spec.paths).find(([, i]) => Object.values(i).some((o) => o?.operationId === operationId)) ?? [];
  const op = Object.values(item ?? {}).find((o) => o?.operationId === operationId) as Record<string, unknown>;
  const out: string[] = [];
  const collect = (holder: unknown) => {
    const content = (deref(holder)?.content ?? {}) as Record<string, { examples?: Record<string, unknown> }>;
    for (const media of Object.values(content))
      for (const ex of Object.values(media.examples ?? {})) out.push(JSON.stringify(deref(ex).value, null, 2));
  };
  if (op.requestBody) collect(op.requestBody);
  for (const response of Object.values(op.responses as Record<string, unknown>)) collect(response);
  return out;
}

let browser: Browser;
let served: Served;
const watched: Watched[] = [];
const metrics: Record<string, unknown> = {};

async function newContext(width: number): Promise<BrowserContext> {
  const w = await watchedContext(browser, new URL(served.url).origin, width);
  watched.push(w);
  return w.context;
}

async function open(context: BrowserContext, path: string): Promise<Page> {
  const page = await context.newPage();
  const response = await page.goto(served.url + path, { waitUntil: 'load', timeout: 30_000 });
  expect(response?.status(), path).toBe(200);
  // Hydrated: the panel's button answers clicks only once Vue has taken the page over.
  await page.waitForFunction(
    () => Boolean((document.querySelector('#app') as { __vue_app__?: unknown })?.__vue_app__),
    null,
    {
      timeout: 30_000,
    },
  );
  return page;
}

/** Presses the panel's Send and waits (bounded) for its answer; returns the answer's visible text. */
async function send(page: Page): Promise<{ status: number; text: string; body: string }> {
  const panel = page.locator('.try-it').first();
  const output = panel.locator('.try-it-output');
  const before = Number(await output.getAttribute('data-answers'));
  await panel.getByRole('button', { name: /^Send / }).click();
  await page.waitForFunction(
    (seen) => Number(document.querySelector('.try-it .try-it-output')?.getAttribute('data-answers')) > seen,
    before,
    { timeout: 30_000 },
  );
  const failure = panel.locator('.try-it-failure');
  if (await failure.count()) throw new Error(`Try it failed: ${await failure.innerText()}`);
  const answer = panel.locator('.try-it-answer');
  const text = await answer.innerText();
  const status = Number(/^(\d{3}) /m.exec(await answer.locator('.try-it-status').innerText())?.[1]);
  const bodyLocator = answer.locator('.try-it-body');
  const body = (await bodyLocator.count()) ? await bodyLocator.innerText() : '';
  return { status, text, body };
}

/** Goes to another operation the way a reader does, by the link to it (no reload: the tab's simulator stays). */
async function follow(page: Page, operationId: string): Promise<void> {
  const link = page.locator(`a[href$="/reference/${operationId}"], a[href$="/reference/${operationId}.html"]`);
  await link.first().click();
  await page.waitForFunction(
    (id) =>
      location.pathname.replace(/\.html$/, '').endsWith(`/reference/${id}`) &&
      document.querySelectorAll('.try-it').length === 1 &&
      document.getElementById(`try-${id}-title`) !== null,
    operationId,
    { timeout: 30_000 },
  );
  await page.locator('.try-it').first().waitFor({ state: 'visible', timeout: 30_000 });
}

beforeAll(async () => {
  const browserReady = launchChromium();
  await buildSite();
  expect(existsSync(join(SITE, 'reference', 'getAppBackup.html')), 'the build wrote no reference page').toBe(true);
  mkdirSync(shots, { recursive: true });
  served = await serveSite();
  browser = await browserReady;
}, 600_000);
afterAll(async () => {
  await browser?.close();
  await served?.close();
  if (Object.keys(metrics).length)
    writeFileSync(join(shots, 'reference-metrics.json'), `${JSON.stringify(metrics, null, 2)}\n`);
});

describe('Try it, answered by the simulator in the tab', () => {
  let context: BrowserContext;
  beforeAll(async () => {
    context = await newContext(1280);
  });
  afterAll(async () => {
    await context?.close();
  });

  it.each(operations.map((op) => op.operationId))('%s answers with its documented status', async (id) => {
    const page = await open(context, `reference/${id}`);
    expect(await page.locator('.try-it').first().innerText()).toMatch(/simulator of Astra running in your browser tab/);
    const { status, body } = await send(page);
    expect(status).toBe(FIRST_STATUS[id]);
    const op = operations.find((o) => o.operationId === id);
    expect(Object.keys(op?.responses ?? {})).toContain(String(status));
    if (id === 'listAppBackups') {
      // The first page of the account's seeded backups: the nightly app's oldest first.
      expect(body).toContain('nightly-20260101');
      expect(JSON.parse(body).items).toHaveLength(10);
    }
    if (id === 'listAppBackupsForApp') expect(body).toContain('app-name-245');
    if (id.startsWith('get')) expect(body).toContain(SEEDED.pending);
    await page.close();
  });

  it('keeps state while the tab lives: a create then a list shows the new backup; Reset returns to the seed', async () => {
    const page = await open(context, 'reference/createAppBackupForApp');
    const started = Date.now();
    const created = await send(page);
    metrics.firstAnswerMs = Date.now() - started;
    expect(created.status).toBe(201);
    const { id, name } = JSON.parse(created.body) as { id: string; name: string };
    expect(name).toBe('from-try-it');
    expect(created.text).toMatch(/location\s+https:\/\/simulator\.invalid\/accounts\//);

    await follow(page, 'listAppBackupsForApp');
    const listed = await send(page);
    expect(listed.status).toBe(200);
    const ids = (JSON.parse(listed.body).items as { id: string }[]).map((b) => b.id);
    expect(ids).toContain(id);
    expect(ids).toEqual(expect.arrayContaining([SEEDED.pending, SEEDED.completed]));

    await page.locator('.try-it').getByRole('button', { name: 'Reset' }).click();
    await page.getByText('back to its seeded account').waitFor({ state: 'visible', timeout: 30_000 });
    const after = await send(page);
    const seededIds = (JSON.parse(after.body).items as { id: string }[]).map((b) => b.id);
    expect(seededIds).not.toContain(id);
    expect(seededIds.sort()).toEqual([SEEDED.pending, SEEDED.completed].sort());
    await page.close();
  });

  it('refuses to delete a pending backup with problem 128, and a deleted backup stays deleted until Reset', async () => {
    const page = await open(context, 'reference/deleteAppBackup');
    const field = page.getByLabel('appBackup_id');
    await field.fill(SEEDED.pending);
    const refused = await send(page);
    expect(refused.status).toBe(409);
    expect(refused.text).toContain('Problem 128: Backup cancellation not allowed');
    expect(JSON.parse(refused.body).type).toBe('https://astra.netapp.io/problems/128');

    await field.fill(SEEDED.completed);
    expect((await send(page)).status).toBe(204);
    // The delete completes asynchronously, so the second delete may still find it; a list after
    // it has gone must not show it. The list page asks the same simulator.
    await follow(page, 'listAppBackupsForApp');
    const deadline = Date.now() + 30_000;
    let ids: string[] = [];
    for (;;) {
      ids = (JSON.parse((await send(page)).body).items as { id: string }[]).map((b) => b.id);
      if (!ids.includes(SEEDED.completed) || Date.now() > deadline) break;
    }
    expect(ids).not.toContain(SEEDED.completed);
    await page.locator('.try-it').getByRole('button', { name: 'Reset' }).click();
    await page.getByText('back to its seeded account').waitFor({ state: 'visible', timeout: 30_000 });
    const restored = (JSON.parse((await send(page)).body).items as { id: string }[]).map((b) => b.id);
    expect(restored).toContain(SEEDED.completed);
    await page.close();
  });
});

describe('Try it against a local npx astra-backups mock', () => {
  const CONTROL_TOKEN = 'reference-test-control-token-0123456789';
  let mock: ChildProcess | undefined;
  let mockUrl = '';

  beforeAll(async () => {
    // The packaged CLI (dist/cli.js, built by npm run docs), on a free port of 127.0.0.1.
    mock = spawn(
      process.execPath,
      [join(root, 'dist', 'cli.js'), 'mock', '--port', '0', '--control-token', CONTROL_TOKEN],
      {
        cwd: root,
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    mockUrl = await new Promise<string>((resolve, reject) => {
      let out = '';
      const timer = setTimeout(() => reject(new Error(`the mock did not start within 30 s:\n${out}`)), 30_000);
      mock?.stdout?.on('data', (d) => {
        out += d;
        const url = /simulator at (http:\/\/127\.0\.0\.1:\d+)/.exec(out)?.[1];
        if (url) {
          clearTimeout(timer);
          resolve(url);
        }
      });
      mock?.stderr?.on('data', (d) => {
        out += d;
      });
      mock?.once('exit', (code) => reject(new Error(`the mock exited (${code}):\n${out}`)));
    });
  }, 60_000);
  afterAll(async () => {
    if (!mock || mock.exitCode !== null) return;
    const exited = new Promise((resolve) => mock?.once('exit', resolve));
    mock.kill('SIGTERM');
    const timer = setTimeout(() => mock?.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  });

  it('answers from the mock, resets it with its control token, and keeps every token out of storage, the URL and the console', async () => {
    const context = await newContext(1280);
    // The mock is the one other origin this context may reach.
    await context.route(`${mockUrl}/**`, (route) => route.continue());
    const page = await open(context, 'reference/listAppBackupsForApp');
    const logged: string[] = [];
    page.on('console', (m) => logged.push(m.text()));
    await page.locator('.try-it-targets summary').click();
    await page.getByLabel('A local npx astra-backups mock').check();
    await page.getByLabel('Mock URL').fill(mockUrl);
    await page.getByLabel('Bearer token (any)').fill('local-bearer-secret-token');

    // Reset without the control token says what is missing.
    await page.locator('.try-it').getByRole('button', { name: 'Reset' }).click();
    await page.locator('.try-it-failure').getByText('control token').waitFor({ state: 'visible', timeout: 30_000 });

    const listed = await send(page);
    expect(listed.status).toBe(200);
    expect(listed.text).toContain(`from the local mock at ${mockUrl}`);
    await follow(page, 'createAppBackupForApp');
    const created = await send(page);
    expect(created.status).toBe(201);
    const { id } = JSON.parse(created.body) as { id: string };
    await follow(page, 'listAppBackupsForApp');
    expect((await send(page)).body).toContain(id);

    await page.getByLabel('Control token (for Reset)').fill(CONTROL_TOKEN);
    await page.locator('.try-it').getByRole('button', { name: 'Reset' }).click();
    const said = page.locator('.try-it-output .try-it-note, .try-it-output .try-it-failure').first();
    await said.waitFor({ state: 'visible', timeout: 30_000 });
    expect(await said.innerText()).toBe('The local mock is back to its seeded account.');
    const after = await send(page);
    expect(after.body).not.toContain(id);
    expect(after.body).toContain(SEEDED.pending);

    const kept = await page.evaluate(() => ({
      storage: JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }),
      url: location.href,
    }));
    for (const secret of [CONTROL_TOKEN, 'local-bearer-secret-token']) {
      expect(kept.storage).not.toContain(secret);
      expect(kept.url).not.toContain(secret);
      expect(logged.join('\n')).not.toContain(secret);
    }
    await context.close();
  });
});

describe('the reference pages at 390 px', () => {
  let context: BrowserContext;
  beforeAll(async () => {
    context = await newContext(390);
  });
  afterAll(async () => {
    await context?.close();
  });

  it.each(operations.map((op) => op.operationId))(
    '%s: no sideways scroll, every code block wraps or scrolls visibly, every example whole',
    async (id) => {
      const page = await open(context, `reference/${id}`);
      await send(page);
      // Each tab of each code group in turn: a hidden tab's code is not on screen.
      const tabs = page.locator('.vp-code-group .tabs label');
      const codeTabs: string[] = [];
      for (let i = 0; i < (await tabs.count()); i++) {
        await tabs.nth(i).click();
        codeTabs.push(await tabs.nth(i).innerText());
        expect(await overflowing(page), `with the ${codeTabs.at(-1)} tab open`).toEqual([]);
      }
      expect(codeTabs).toEqual(['curl', 'TypeScript SDK', 'CLI']);
      const pageWidth = await page.evaluate(() => ({
        scroll: document.documentElement.scrollWidth,
        client: document.documentElement.clientWidth,
      }));
      expect(pageWidth.scroll, 'the page scrolls sideways').toBeLessThanOrEqual(pageWidth.client);
      const blocks = (await page
        .locator('.vp-doc div[class*="language-"] pre')
        .evaluateAll((pres) =>
          pres.filter((p) => (p as HTMLElement).offsetParent !== null).map((p) => (p as HTMLElement).innerText.trim()),
        )) as string[];
      for (const example of examplesOf(id)) expect(blocks, `an example of ${id}`).toContain(example);
      await page.close();
    },
  );
});

/**
 * What hides text sideways: a visible pre or code wider than its box, or any box of the page whose
 * content is wider than it and that clips it or scrolls it, unless it shows a scroll bar.
 */
function overflowing(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const bad: string[] = [];
    for (const el of document.querySelectorAll<HTMLElement>('main *')) {
      // A form field scrolls its own value as the reader edits it: not text the page hides.
      if (el.offsetParent === null || el.scrollWidth <= el.clientWidth || el.matches('input, textarea')) continue;
      const style = getComputedStyle(el);
      const codeBox = (el.tagName === 'PRE' || el.tagName === 'CODE') && style.display !== 'inline';
      if (!codeBox && style.overflowX === 'visible') continue;
      // A scroll bar that is drawn: the box scrolls, and the bar takes room (classic scroll bars).
      const scrolls = /auto|scroll/.test(style.overflowX) && el.offsetHeight - el.clientHeight > 0;
      if (!scrolls) bad.push(`${el.tagName.toLowerCase()}.${el.className}: ${el.innerText.slice(0, 60)}`);
    }
    return bad;
  });
}

describe('accessibility, screenshots and weight', () => {
  const axeSource = readFileSync(join(root, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');

  it.each([1280, 390])('axe finds no critical or serious violation on an operation page at %i px', async (width) => {
    const context = await newContext(width);
    const page = await open(context, 'reference/deleteAppBackup');
    await page.getByLabel('appBackup_id').fill(SEEDED.pending);
    await send(page);
    await page.locator('.try-it-targets summary').click();
    await page.addScriptTag({ content: axeSource });
    const violations = await page.evaluate(async () => {
      const axe = (
        window as unknown as {
          axe: {
            run(
              ctx: Document,
            ): Promise<{ violations: { id: string; impact: string; nodes: { target: string[] }[] }[] }>;
          };
        }
      ).axe;
      const result = await axe.run(document);
      return result.violations
        .filter((v) => v.impact === 'critical' || v.impact === 'serious')
        .map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
    });
    expect(violations).toEqual([]);
    // The answer in the middle of the screen, as a reader sees it (the sticky header would cover
    // part of an element screenshot).
    await page.locator('.try-it-answer').evaluate((el) => el.scrollIntoView({ block: 'center' }));
    await page.screenshot({ path: join(shots, `reference-try-it-${width}.png`) });
    await context.close();
  });

  it('weighs the operation page on first load (gzip), the simulator loaded only when Try it is first pressed', async () => {
    const context = await newContext(1280);
    const bytes: { url: string; gzip: number }[] = [];
    const pending: Promise<void>[] = [];
    context.on('response', (response) => {
      pending.push(
        response
          .body()
          .then((b) => {
            bytes.push({ url: response.url(), gzip: gzipSync(b).length });
          })
          .catch(() => undefined),
      );
    });
    const page = await open(context, 'reference/getAppBackup');
    await page.waitForLoadState('networkidle', { timeout: 30_000 });
    await Promise.all(pending);
    const first = bytes.reduce((n, b) => n + b.gzip, 0);
    expect(
      bytes.some((b) => /simulator/.test(b.url)),
      'the simulator loads before Try it',
    ).toBe(false);
    const started = Date.now();
    await send(page);
    const answerMs = Date.now() - started;
    await Promise.all(pending);
    const simulator = bytes.filter((b) => /simulator/.test(b.url)).reduce((n, b) => n + b.gzip, 0);
    expect(simulator).toBeGreaterThan(0);
    metrics.referencePageGzipBytes = first;
    metrics.simulatorChunkGzipBytes = simulator;
    metrics.firstAnswerOnFreshPageMs = answerMs;
    await context.close();
  });

  it("the site's search finds the get operation's page by a field of its schema (percentDone)", async () => {
    const context = await newContext(1280);
    const page = await open(context, 'reference/');
    // The spec's files, linked from the index, are there under the site's base path.
    const specLinks = await page.locator('main a[href$="openapi.json"], main a[href$="openapi.yaml"]').all();
    expect(specLinks).toHaveLength(2);
    for (const link of specLinks) {
      const href = await link.evaluate((a) => (a as HTMLAnchorElement).href);
      expect(href.startsWith(served.url), href).toBe(true);
      expect((await page.request.get(href)).status(), href).toBe(200);
    }
    await page.locator('.DocSearch').first().click();
    const input = page.locator('.VPLocalSearchBox input').first();
    await input.waitFor({ state: 'visible', timeout: 30_000 });
    await input.fill('percentDone');
    const hit = page.locator('.VPLocalSearchBox a[href*="/reference/getAppBackup"]').first();
    await hit.waitFor({ state: 'visible', timeout: 30_000 });
    expect(await hit.innerText()).toContain('percentDone');
    await context.close();
  });

  it('logged no console error and asked no other host', () => {
    expect(watched.flatMap((w) => w.errors)).toEqual([]);
    expect(watched.flatMap((w) => w.outside)).toEqual([]);
  });
});
