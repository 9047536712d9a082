// The docs' React sample (docs/guide/tanstack-query.md), as a user runs it: bundled by Vite, served with the
// simulator behind the same local server, clicked through in headless Chromium. Asserts
// what the page shows (innerText) and keeps a screenshot of each step in
// test/query/.browser/screenshots/.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAstraSimulator } from '../../src/mock/index.js';
import { onlySample } from '../readme/samples.js';
import { launchChromium } from '../support/chromium.js';
import { root } from '../support/spec.js';

const folder = join(root, 'test', 'query', '.browser');
const shots = join(folder, 'screenshots');
const TYPES: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css' };

/** The docs' block tagged `<!-- sample: react … -->` (docs/guide/tanstack-query.md). */
function reactSample(): string {
  const sample = onlySample('react');
  if (sample.language !== 'tsx') throw new Error(`the react sample at ${sample.file}:${sample.line} is not tsx`);
  return sample.code;
}

async function body(request: IncomingMessage): Promise<string | null> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return chunks.length ? Buffer.concat(chunks).toString('utf8') : null;
}

let server: Server;
let origin: string;
let browser: Browser;
const requests: string[] = [];

beforeAll(async () => {
  // A backup takes 1.5 s here: the progress bar moves through pending and running to completed.
  const sim = createAstraSimulator({ backupMs: 1_500 });
  server = createServer(async (request, response) => {
    const url = new URL(request.url ?? '/', origin);
    if (url.pathname.startsWith('/accounts/')) {
      requests.push(`${request.method} ${url.pathname}${url.search}`);
      const method = request.method ?? 'GET';
      const answer = await sim.handle(
        new Request(url, {
          method,
          headers: request.headers as Record<string, string>,
          body: method === 'GET' || method === 'HEAD' ? null : await body(request),
        }),
      );
      response.writeHead(answer.status, Object.fromEntries(answer.headers));
      response.end(Buffer.from(await answer.arrayBuffer()));
      return;
    }
    try {
      const file = join(folder, 'dist', url.pathname === '/' ? 'index.html' : url.pathname);
      if (!file.startsWith(join(folder, 'dist'))) throw new Error('outside');
      const content = readFileSync(file);
      response.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
      response.end(content);
    } catch {
      response.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  // The sample as written, pointed at this server instead of npm start's port.
  rmSync(join(folder, 'src'), { recursive: true, force: true });
  mkdirSync(join(folder, 'src'), { recursive: true });
  mkdirSync(shots, { recursive: true });
  writeFileSync(join(folder, 'src', 'main.tsx'), reactSample().replaceAll('http://127.0.0.1:4010', origin));
  writeFileSync(
    join(folder, 'src', 'index.html'),
    '<!doctype html><html><head><meta charset="utf-8"><title>Backups</title></head><body><div id="root"></div><script type="module" src="./main.tsx"></script></body></html>',
  );
  await build({
    root: join(folder, 'src'),
    configFile: false,
    logLevel: 'error',
    resolve: {
      alias: {
        'astra-app-backups/query': join(root, 'src', 'query', 'index.ts'),
        'astra-app-backups': join(root, 'src', 'sdk', 'index.ts'),
      },
    },
    build: { outDir: join(folder, 'dist'), emptyOutDir: true, minify: false },
  });
  browser = await launchChromium();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  server?.close();
});

/** Waits (bounded) until the page's visible text matches. */
async function shows(page: Page, pattern: RegExp, timeout = 30_000): Promise<string> {
  await page.waitForFunction((source) => new RegExp(source).test(document.body.innerText), pattern.source, {
    timeout,
  });
  return page.evaluate(() => document.body.innerText);
}

describe('the docs React sample', () => {
  it('lists backups, loads more, backs up now and shows its progress to completed', async () => {
    const page = await browser.newPage({ viewport: { width: 900, height: 700 } });
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
    });
    await page.goto(origin);

    let text = await shows(page, /20 of 270 backups/);
    expect(text).toMatch(/^nightly-20260101: completed$/m);
    expect(text.match(/^nightly-\d+: \w+$/gm)).toHaveLength(20);
    await page.screenshot({ path: join(shots, '1-first-page.png') });

    await page.getByRole('button', { name: 'Load more' }).click();
    text = await shows(page, /40 of 270 backups/);
    expect(text.match(/^nightly-\d+: \w+$/gm)).toHaveLength(40);
    await page.screenshot({ path: join(shots, '2-load-more.png') });

    await page.getByRole('button', { name: 'Back up now' }).click();
    text = await shows(page, /(pending|running) \d+%/);
    expect(await page.locator('progress').count()).toBe(1);
    await page.screenshot({ path: join(shots, '3-backing-up.png') });
    // The create invalidated the app's listing: its count now has the new backup.
    text = await shows(page, /40 of 271 backups/);
    text = await shows(page, /completed 100%/);
    expect(await page.locator('progress').getAttribute('value')).toBe('100');
    await page.screenshot({ path: join(shots, '4-completed.png') });

    // The progress came from polling the new backup (its path has the app: the per-app GET).
    expect(
      requests.filter((r) => /^GET .*\/apps\/[0-9a-f-]{36}\/appBackups\/[0-9a-f-]{36}$/.test(r)).length,
    ).toBeGreaterThanOrEqual(1);
    expect(errors).toEqual([]);
    await page.close();
  });
});

describe('the README React sample, type-checked', () => {
  it('compiles under the strict options the SDK itself uses, with the package resolved to src/', async () => {
    const ts = (await import('typescript')).default;
    const file = join(folder, 'src', 'main.tsx');
    const program = ts.createProgram([file], {
      strict: true,
      exactOptionalPropertyTypes: true,
      noUncheckedIndexedAccess: true,
      noEmit: true,
      skipLibCheck: true,
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.ESNext,
      moduleResolution: ts.ModuleResolutionKind.Bundler,
      jsx: ts.JsxEmit.ReactJSX,
      lib: ['lib.es2022.d.ts', 'lib.dom.d.ts', 'lib.dom.iterable.d.ts'],
      types: [],
      paths: {
        'astra-app-backups/query': [join(root, 'src', 'query', 'index.ts')],
        'astra-app-backups': [join(root, 'src', 'sdk', 'index.ts')],
      },
    });
    const problems = ts
      .getPreEmitDiagnostics(program)
      .map((d) => `${d.file?.fileName ?? ''}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`);
    expect(problems).toEqual([]);
  }, 120_000);
});
