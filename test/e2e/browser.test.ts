// The docs' "The browser" sample (docs/guide/browser.md) as a frontend team runs it: its vite.config.ts,
// index.html and src/main.ts written into a scratch folder beside the installed tarball,
// type-checked for the browser (no Node types: no `process`), built by Vite, served by
// `vite preview` with the sample's own proxy (/astra -> the tarball's `astra-backups mock`), and
// opened in Chromium, where a token is typed and the listing is read from the rendered
// page. The path-only baseUrl is resolved against the page's origin: every API request the
// page makes is same-origin. The screenshot is kept in dist/screenshots/browser/.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { build, type PreviewServer, preview } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { onlySample } from '../readme/samples.js';
import { launchChromium } from '../support/chromium.js';
import { PACKED_BOUND_MS, packageEnv, packedApp } from '../support/packed.js';
import { runProcess, type StartedServer, startServer } from '../support/run.js';
import { root } from '../support/spec.js';

const shots = join(root, 'dist', 'screenshots', 'browser');
// What the page may take to load and render (a bound, generous for a loaded 2-core machine).
const PAGE_WAIT_MS = 120_000;

/** The docs' code block tagged `tag` (docs/guide/browser.md; test/readme/samples.ts finds it). */
function readmeSample(tag: string): string {
  return onlySample(tag).code;
}

let browser: Browser;
let mock: StartedServer | undefined;
let mockUrl: string;
let project: string;
let server: PreviewServer | undefined;
let origin: string;

beforeAll(async () => {
  mkdirSync(shots, { recursive: true });
  const browserReady = launchChromium();
  // A folder of its own beside the installed tarball, so that 'astra-app-backups' and
  // 'vite' resolve from that install's node_modules, as in an app.
  const { app } = await packedApp();
  project = mkdtempSync(join(app, 'vite-browser-'));
  // The simulator as the tarball serves it (npm start's, without Prism in front).
  mock = await startServer(join(app, 'node_modules', '.bin', 'astra-backups'), ['mock', '--port', '0', '--quiet'], {
    cwd: app,
    env: packageEnv,
    ready: /simulator at (http:\/\/\S+) /,
  });
  mockUrl = mock.match[1] as string;
  const config = readmeSample('frontend-vite-config');
  expect(config).toContain("target: 'http://127.0.0.1:4010'");
  writeFileSync(join(project, 'vite.config.ts'), config.replace("'http://127.0.0.1:4010'", JSON.stringify(mockUrl)));
  writeFileSync(
    join(project, 'index.html'),
    `<!doctype html>\n<html><head><meta charset="utf-8"><title>Astra backups</title></head><body>\n${readmeSample('frontend-vite-html')}\n</body></html>\n`,
  );
  mkdirSync(join(project, 'src'));
  writeFileSync(join(project, 'src', 'main.ts'), readmeSample('frontend-vite-main'));
  browser = await browserReady;
}, PACKED_BOUND_MS);

afterAll(async () => {
  await server?.close();
  await browser?.close();
  await mock?.stop();
  if (project) rmSync(project, { recursive: true, force: true });
});

describe('the docs sample "The browser"', () => {
  it('reads no process.env, and type-checks for a browser without Node types', async () => {
    const main = readFileSync(join(project, 'src', 'main.ts'), 'utf8');
    expect(main).not.toMatch(/\bprocess\b/);
    writeFileSync(
      join(project, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          strict: true,
          noEmit: true,
          target: 'ES2022',
          module: 'ESNext',
          moduleResolution: 'bundler',
          lib: ['ES2022', 'DOM', 'DOM.Iterable'],
          types: [],
          // The package's own declarations are checked by the TypeScript consumer tests.
          skipLibCheck: true,
        },
        files: ['src/main.ts'],
      }),
    );
    const tsc = await runProcess(
      process.execPath,
      [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', '.'],
      {
        cwd: project,
        env: packageEnv,
      },
    );
    expect(tsc.stdout + tsc.stderr).toBe('');
    expect(tsc.code).toBe(0);
  });

  it('is built by Vite, served with its proxy, and lists the backups a typed token may see', async () => {
    const configFile = join(project, 'vite.config.ts');
    await build({ root: project, configFile, logLevel: 'silent' });
    // vite preview serves the build with the config's server.proxy (preview.proxy defaults to it).
    // Vite turns port 0 into a free port it picked, then binds it: another process may take it
    // in between ("Port N is already in use"), on a busy machine. Such a start is tried again.
    for (let attempt = 1; ; attempt++) {
      try {
        server = await preview({
          root: project,
          configFile,
          logLevel: 'silent',
          preview: { host: '127.0.0.1', port: 0, strictPort: true, open: false },
        });
        break;
      } catch (error) {
        if (attempt >= 3 || !/already in use/.test(String(error))) throw error;
      }
    }
    origin = `http://127.0.0.1:${(server.httpServer.address() as AddressInfo).port}`;

    const context = await browser.newContext();
    context.setDefaultTimeout(PAGE_WAIT_MS);
    const tab = await context.newPage();
    const errors: string[] = [];
    const requests: string[] = [];
    tab.on('pageerror', (error) => errors.push(error.message));
    tab.on('request', (request) => {
      if (request.url().includes('/accounts/')) requests.push(request.url());
    });
    try {
      await tab.goto(origin);
      await tab.fill('input[name="token"]', 'typed-browser-token');
      await tab.click('button');
      const out = tab.locator('#backups');
      await tab
        .waitForFunction(
          () => {
            const text = document.querySelector<HTMLElement>('#backups')?.innerText ?? '';
            return text !== '' && text !== 'Loading…';
          },
          null,
          { timeout: PAGE_WAIT_MS },
        )
        .catch(async (error) => {
          throw new Error(`the page did not render the list: ${errors.join('; ')} ${await out.innerText()}`, {
            cause: error,
          });
        });
      await tab.screenshot({ path: join(shots, 'in-the-browser.png'), fullPage: true });
      expect(errors).toEqual([]);
      expect((await out.innerText()).split('\n')).toEqual(['app-name-244: completed', 'app-name-245: pending']);
      // baseUrl '/astra' went to the page's own origin, through the proxy.
      expect(requests.length).toBeGreaterThan(0);
      for (const url of requests) expect(url.startsWith(`${origin}/astra/accounts/9ff53b28-`)).toBe(true);
    } finally {
      await context.close();
    }
  });
});
