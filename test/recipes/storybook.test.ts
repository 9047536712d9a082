// The Storybook recipe (docs/snippets/recipes/storybook/): Storybook 10 with msw-storybook-addon
// and the simulator, from the packed tarball. Its static build is served on loopback and one
// Docs page opened in Chromium: the list's Listed, Loading, Empty, Failing and Slow stories,
// rendered at once with one MSW worker (mswjs/msw-storybook-addon#83), each show their own
// state at the same moment. The screenshot is kept in dist/screenshots/recipes/.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/chromium.js';
import { runProcess } from '../support/run.js';
import { root } from '../support/spec.js';
import { serveStatic } from './static-server.js';
import { type RecipeProject, recipeEnv, recipeProject } from './support.js';

const shots = join(root, 'dist', 'screenshots', 'recipes');
let project: RecipeProject;
let browser: Browser | undefined;
let site: { origin: string; close(): Promise<void> } | undefined;

beforeAll(async () => {
  const browserReady = launchChromium();
  project = await recipeProject('storybook', ['app', 'storybook'], { type: 'module' });
  // As the recipe says: `npx msw init public/` once, then `storybook build`.
  const init = await runProcess(
    process.execPath,
    [join(project.tools, 'node_modules', 'msw', 'cli', 'index.js'), 'init', 'public', '--no-save'],
    { cwd: project.dir, env: recipeEnv },
  );
  expect(init.code, init.stdout + init.stderr).toBe(0);
  browser = await browserReady;
}, 600_000);

afterAll(async () => {
  await site?.close();
  await browser?.close();
  project?.remove();
});

describe('the Storybook recipe', () => {
  it('type-checks', async () => {
    const tsc = await runProcess(
      process.execPath,
      [join(project.tools, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', '.'],
      { cwd: project.dir, env: recipeEnv },
    );
    expect(tsc.stdout + tsc.stderr).toBe('');
  }, 120_000);

  it('shows loading, empty, error and slow at once on one Docs page, each story with its own simulator', async () => {
    const build = await runProcess(
      join(project.tools, 'node_modules', '.bin', 'storybook'),
      ['build', '--disable-telemetry', '--quiet', '--output-dir', 'storybook-static'],
      { cwd: project.dir, env: recipeEnv },
    );
    expect(build.code, build.stdout + build.stderr).toBe(0);
    site = await serveStatic(join(project.dir, 'storybook-static'));
    if (!browser) throw new Error('no browser');
    const context = await browser.newContext({ viewport: { width: 1000, height: 1600 } });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(`${site.origin}/iframe.html?viewMode=docs&id=backuplist--docs`);
    // Each story's block, as the Docs page shows it; every text seen is recorded on the way,
    // so that the slow story is shown to load first.
    const expected = {
      listed: /^db-discovering: discovering\ndb-running: running\ndb-failed: failed/,
      loading: /^Loading backups…$/,
      empty: /^No backups yet$/,
      failing: /^Backups could not be loaded: .+/,
      slow: /^db-discovering: discovering\ndb-running: running/,
    };
    const seen = await page.waitForFunction(
      (patterns) => {
        const w = window as unknown as { seen?: Record<string, string[]> };
        const seen = w.seen ?? {};
        w.seen = seen;
        const texts = Object.fromEntries(
          Object.keys(patterns).map((name) => {
            const story = document.querySelector<HTMLElement>(`#anchor--backuplist--${name} .docs-story`);
            const text = (story?.innerText ?? '').trim().replace(/\n+Show code$/, '');
            const list = seen[name] ?? [];
            seen[name] = list;
            if (list.at(-1) !== text) list.push(text);
            return [name, text];
          }),
        );
        const all = Object.entries(patterns).every(([name, source]) => new RegExp(source).test(texts[name] ?? ''));
        return all ? seen : false;
      },
      Object.fromEntries(Object.entries(expected).map(([name, pattern]) => [name, pattern.source])),
      { timeout: 120_000, polling: 'raf' },
    );
    const history = (await seen.jsonValue()) as Record<string, string[]>;
    mkdirSync(shots, { recursive: true });
    await page.screenshot({ path: join(shots, 'storybook-docs.png'), fullPage: true });
    // The slow story showed its loading state before its rows; the loading one never left it.
    expect(history.slow).toContain('Loading backups…');
    expect(history.loading?.filter((text) => text !== '' && text !== 'Loading backups…')).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  }, 300_000);
});
