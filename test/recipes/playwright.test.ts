// The Playwright recipe (docs/snippets/recipes/playwright/): @playwright/test with the app's
// Vite dev server as its webServer, and per worker the packaged `astra-backups mock --json`
// (tests/astra.ts), reset before each test, with a fault, latency or a fixture per test. Only
// the browser is injected: the executablePath of test/support/chromium.ts (a system Chromium
// or @sparticuz/chromium's), never a browser download. Then the recipe is broken on purpose
// (no reset, a fault that does not hold) and must fail.
import { existsSync, readdirSync, readFileSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumPath } from '../support/chromium.js';
import { runProcess } from '../support/run.js';
import { type RecipeProject, recipeEnv, recipeProject } from './support.js';

interface PlaywrightReport {
  stats: { expected: number; unexpected: number; skipped: number; flaky: number };
  suites: { specs: { title: string; ok: boolean }[] }[];
  errors: { message: string }[];
}

let project: RecipeProject;
let executablePath: string;

const freePort = () =>
  new Promise<number>((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });

/** The processes still running in the scratch project or naming it (a mock, the dev server). */
function leftovers(): string[] {
  const found: string[] = [];
  for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name)))
    try {
      const command = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
      const cwd = readlinkSync(`/proc/${pid}/cwd`);
      if (cwd.startsWith(project.dir) || command.includes(project.dir)) found.push(`${pid}: ${command}`);
    } catch {}
  return found;
}

/** True while `pid` runs (a zombie, which Vite's own check counts as running, does not). */
function running(pid: number): boolean {
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

/**
 * Waits (bounded) until the dev server of an earlier run has gone, then clears the lock files it
 * left: Vite refuses to start beside a lock whose process it still sees (a zombie not yet reaped
 * counts), which made the second run here fail with "Found another Vite dev process".
 */
async function devServerGone(): Promise<void> {
  const lockDir = join(project.dir, 'node_modules', '.vite', 'lock');
  if (!existsSync(lockDir)) return;
  const pids = readdirSync(lockDir)
    .filter((name) => name.endsWith('.json'))
    .map((name) => (JSON.parse(readFileSync(join(lockDir, name), 'utf8')) as { pid?: number }).pid ?? 0);
  const deadline = Date.now() + 60_000;
  while (pids.some(running)) {
    if (Date.now() > deadline) throw new Error(`the earlier dev server is still running (pids ${pids.join(', ')})`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  rmSync(lockDir, { recursive: true, force: true });
}

/** `playwright test` with the recipe's config, the browser injected; resolves with its JSON report. */
async function playwright(): Promise<PlaywrightReport & { output: string }> {
  const run = await runProcess(
    process.execPath,
    [join(project.tools, 'node_modules', '@playwright', 'test', 'cli.js'), 'test', '-c', 'injected.config.ts'],
    {
      cwd: project.dir,
      env: {
        ...recipeEnv,
        PORT: String(await freePort()),
        ASTRA_CHROMIUM: executablePath,
        PLAYWRIGHT_BROWSERS_PATH: '0',
      },
    },
  );
  const report = JSON.parse(readFileSync(join(project.dir, 'report.json'), 'utf8')) as PlaywrightReport;
  return { ...report, output: `${run.stdout}\n${run.stderr}` };
}

beforeAll(async () => {
  executablePath = await chromiumPath(); // sets the library paths @sparticuz/chromium needs, for the children too
  project = await recipeProject('playwright', ['app', 'playwright'], { type: 'module', scripts: { dev: 'vite' } });
  // The one change to the published config: the browser to launch, and a report to read.
  writeFileSync(
    join(project.dir, 'injected.config.ts'),
    `import config from './playwright.config';
export default {
  ...config,
  reporter: [['json', { outputFile: 'report.json' }]],
  projects: config.projects?.map((p) => ({
    ...p,
    use: { ...p.use, launchOptions: { executablePath: process.env.ASTRA_CHROMIUM, args: ['--no-sandbox', '--no-zygote', '--disable-gpu', '--disable-dev-shm-usage'] } },
  })),
};
`,
  );
}, 600_000);

afterAll(() => project?.remove());

describe('the Playwright recipe', () => {
  it('passes as published: errors, slowness, emptiness and a fresh start per test', async () => {
    const run = await playwright();
    expect(run.errors, run.output).toEqual([]);
    expect(run.stats.unexpected, run.output).toBe(0);
    expect(run.stats.expected, run.output).toBe(4);
    // Nothing is left running from the project: each worker's mock stopped with its worker.
    expect(leftovers()).toEqual([]);
  }, 300_000);

  it('fails when broken: without the reset, earlier rules leak; a one-time fault never shows', async () => {
    const astra = join(project.dir, 'tests', 'astra.ts');
    const spec = join(project.dir, 'tests', 'backups.spec.ts');
    writeFileSync(astra, readFileSync(astra, 'utf8').replace("await send('POST', 'reset');", ''));
    writeFileSync(spec, readFileSync(spec, 'utf8').replace("times: 'always'", 'times: 1'));
    await devServerGone();
    const run = await playwright();
    const failed = run.suites
      .flatMap((s) => s.specs)
      .filter((s) => !s.ok)
      .map((s) => s.title);
    expect(failed, run.output).toEqual([
      'shows the error when listing fails',
      'starts from the seed: no fault, delay or fixture of an earlier test',
    ]);
  }, 300_000);
});
