// The built docs site, for the browser tests of the site: builds it once per test file (npm run
// docs, from the package already built when dist/*.d.ts are there), serves dist/docs/ under its
// GitHub Pages-style sub-path on 127.0.0.1 (scripts/docs-serve.mjs), and opens Chromium pages that
// record console errors and refuse (and record) every request to another host.

import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { serveDocs } from '../../scripts/docs-serve.mjs';
import { runProcess } from '../support/run.js';
import { root } from '../support/spec.js';

export const SITE = join(root, 'dist', 'docs');

// Several test files build the site, in parallel workers: one builds at a time (a lock folder:
// mkdir is atomic), and a build that finished after a file asked for one serves that file too.
const LOCK = join(root, 'node_modules', '.cache', 'docs-site-build.lock');
const STAMP = join(root, 'node_modules', '.cache', 'docs-site-build.done');

/** Builds the site unless a build finished since this call; one build at a time across workers. */
export async function buildSite(boundMs = 240_000): Promise<void> {
  const asked = Date.now();
  const deadline = asked + 2 * boundMs;
  mkdirSync(join(root, 'node_modules', '.cache'), { recursive: true });
  for (;;) {
    try {
      mkdirSync(LOCK);
      break;
    } catch {
      try {
        if (Date.now() - statSync(LOCK).mtimeMs > boundMs + 30_000) rmSync(LOCK, { recursive: true, force: true });
      } catch {}
      if (Date.now() > deadline) throw new Error(`could not take ${LOCK} within ${(2 * boundMs) / 1000} s`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
  try {
    const done = existsSync(STAMP) ? Number(readFileSync(STAMP, 'utf8')) : 0;
    if (done >= asked && existsSync(join(SITE, 'index.html'))) return;
    rmSync(STAMP, { force: true });
    await runBuild(boundMs);
    writeFileSync(STAMP, String(Date.now()));
  } finally {
    rmSync(LOCK, { recursive: true, force: true });
  }
}

/** Runs `npm run docs` (its script), bounded; rejects with its output when it fails. */
async function runBuild(boundMs: number): Promise<void> {
  const built = ['index', 'mock', 'msw', 'query', 'spec'].every((e) => existsSync(join(root, 'dist', `${e}.d.ts`)));
  const args = ['scripts/docs.mjs', ...(built && existsSync(join(root, 'dist', 'openapi.json')) ? ['--built'] : [])];
  // runProcess: its own process group, killed whole past the bound, and stopped by the teardown
  // if the test file ends first.
  const { code, stdout, stderr } = await runProcess(process.execPath, args, { cwd: root, boundMs });
  if (code !== 0) throw new Error(`npm run docs failed (exit ${code}):\n${stdout}${stderr}`);
}

export type Served = Awaited<ReturnType<typeof serveDocs>>;

/** Serves dist/docs/ under `/astra-app-backups/` on a free port of 127.0.0.1. */
export function serveSite(): Promise<Served> {
  return serveDocs({ dir: SITE, base: '/astra-app-backups/', port: 0 });
}

export interface Watched {
  context: BrowserContext;
  /** Console errors and page errors, each with the page it happened on. */
  errors: string[];
  /** Requests to any other origin than the site's (refused). */
  outside: string[];
}

/** A browser context at `width` that records console errors and refuses other hosts. */
export async function watchedContext(browser: Browser, origin: string, width: number): Promise<Watched> {
  const context = await browser.newContext({ viewport: { width, height: width < 600 ? 844 : 800 } });
  const errors: string[] = [];
  const outside: string[] = [];
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith(origin) || url.startsWith('data:') || url.startsWith('blob:')) return route.continue();
    outside.push(url);
    return route.abort();
  });
  context.on('page', (page: Page) => {
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(`${page.url()}: ${message.text()}`);
    });
    page.on('pageerror', (error) => errors.push(`${page.url()}: ${error.message}`));
  });
  return { context, errors, outside };
}
