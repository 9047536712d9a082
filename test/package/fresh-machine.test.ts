// What a fresh machine of this kind gets from `npm ci` alone: a Chromium that renders pages
// and runs service workers (no /usr/bin/chromium there), and an install that asks nothing about
// install scripts. (`npm pack --json` printing only JSON: test/extended/pack-json.test.ts.)
import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { chromium } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { runProcess } from '../support/run.js';
import { root } from '../support/spec.js';

const env = {
  ...process.env,
  SCARF_ANALYTICS: 'false',
  REDOCLY_TELEMETRY: 'off',
  REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true',
  NO_COLOR: '1',
};
const cleanup: (() => unknown)[] = [];
afterAll(async () => {
  for (const undo of cleanup.reverse()) await undo();
});

describe('a fresh machine', () => {
  it('has a Chromium from npm ci that renders a page and runs a service worker', async () => {
    // The packed Chromium itself, whatever the machine has installed besides.
    const { default: sparticuz } = await import('@sparticuz/chromium');
    const { chromiumPath, LAUNCH_BOUND_MS } = await import('../support/chromium.js');
    if (!process.env.CHROMIUM_PATH && !['/usr/bin/chromium', '/usr/bin/chromium-browser'].some(existsSync))
      expect(await chromiumPath()).toBe(await sparticuz.executablePath());
    const executablePath = await sparticuz.executablePath();
    const server: Server = createServer((request, response) => {
      if (request.url === '/sw.js') {
        response.setHeader('content-type', 'text/javascript');
        return response.end("self.addEventListener('fetch', () => {});");
      }
      response.setHeader('content-type', 'text/html');
      response.end(`<!doctype html><h1>Backups</h1><p id="sw">waiting</p><script>
        navigator.serviceWorker.register('/sw.js').then(() => navigator.serviceWorker.ready)
          .then(() => { document.getElementById('sw').innerText = 'worker active'; },
                (e) => { document.getElementById('sw').innerText = 'worker failed: ' + e; });
      </script>`);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    cleanup.push(() => server.close());
    const browser = await chromium.launch({
      executablePath,
      args: ['--headless', '--no-sandbox', '--no-zygote', '--disable-gpu', '--disable-dev-shm-usage'],
      timeout: LAUNCH_BOUND_MS,
    });
    cleanup.push(() => browser.close());
    const page = await browser.newPage();
    page.setDefaultTimeout(LAUNCH_BOUND_MS);
    await page.goto(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
    await page.getByText('worker active').waitFor({ state: 'visible' });
    expect(await page.locator('body').innerText()).toContain('Backups');
    // A closed first page must not take the browser with it (`--single-process` did).
    await page.close();
    const second = await browser.newPage();
    second.setDefaultTimeout(LAUNCH_BOUND_MS);
    await second.setContent('<p>still here</p>');
    expect(await second.locator('p').innerText()).toBe('still here');
  });

  it('has every dependency install script decided in package.json (npm ci lists none)', async () => {
    const result = await runProcess('npm', ['install-scripts', 'ls'], { cwd: root, env });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('No packages with unreviewed install scripts');
  });
});
