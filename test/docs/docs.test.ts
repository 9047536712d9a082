import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { root } from '../support/spec.js';

const page = join(root, 'dist', 'docs', 'index.html');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
let browser: Browser;

beforeAll(async () => {
  expect(existsSync(page), 'dist/docs/index.html is missing: npm run docs').toBe(true);
  expect(existsSync(CHROMIUM), `no Chromium at ${CHROMIUM}: apt-get install -y chromium`).toBe(true);
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
    ],
  });
});
afterAll(async () => {
  await browser?.close();
});

describe('the docs page (dist/docs/index.html)', () => {
  it('renders all seven operations and the backup schema offline, fetching nothing outside the file', async () => {
    const context = await browser.newContext();
    const outside: string[] = [];
    await context.route('**/*', (route) => {
      const url = route.request().url();
      if (url.startsWith('file:') || url.startsWith('data:') || url.startsWith('blob:')) return route.continue();
      outside.push(url);
      return route.abort();
    });
    const tab = await context.newPage();
    await tab.goto(pathToFileURL(page).href);
    await tab.getByText('Application Backup', { exact: true }).first().click();
    const summaries = [
      'List all application backups',
      'Retrieve an application backup',
      'Delete an application backup',
      'Create a new application backup for an app',
      'List the application backups for an app',
      'Retrieve an application backup for an app',
      'Delete an application backup for an app',
    ];
    for (const summary of summaries) {
      await expect(tab.getByText(summary, { exact: true }).first().isVisible({ timeout: 10_000 })).resolves.toBe(true);
    }
    await tab.getByText('Retrieve an application backup', { exact: true }).first().click();
    await tab.getByText('percentDone').first().waitFor({ timeout: 10_000 });
    const text = (await tab.locator('body').textContent()) ?? '';
    for (const field of ['percentDone', 'bytesDone', 'totalBytes', 'stateUnready', 'bucketID'])
      expect(text).toContain(field);
    expect(outside).toEqual([]);
    await context.close();
  });
});
