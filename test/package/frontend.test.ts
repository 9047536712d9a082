// The simulator as a frontend team gets it: from a scratch folder holding only the packed
// tarball (and the msw and vitest such a team has), no clone. The README's flows (a list
// paged to its end, a create followed to completed, a `fail-` backup to failed, a delete, a
// 404 and a 409 problem) run four ways: against `npx astra-backups mock`, through the
// simulator's `fetch` in a vitest file, through MSW's setupServer in a vitest file, and
// through MSW's setupWorker in Chromium, on a page built from the tarball. The README's
// "Mocking in a frontend" samples (docs/guide/mocking.md) and the README's one-command simulator run here too, each its own way. Screenshots are kept in
// dist/screenshots/frontend/.
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join } from 'node:path';
import { build } from 'esbuild';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { onlySample } from '../readme/samples.js';
import { launchChromium } from '../support/chromium.js';
import { PACKED_BOUND_MS, type PackedApp, packageEnv, packedApp } from '../support/packed.js';
import { runProcess, type StartedServer, startServer } from '../support/run.js';
import { root } from '../support/spec.js';

const BACKUP_MS = 1_500;
// Above visit()'s own wait for a page, so that a slow page reports what it showed. Both are
// bounds on events, generous for a loaded 2-core machine.
const PAGE_TEST_MS = 180_000;
const PAGE_WAIT_MS = 120_000;
const shots = join(root, 'dist', 'screenshots', 'frontend');

/** The README's flows, from the package; each mode runs this same module. */
const FLOWS = `import { BackupFailedError, createAstraClient } from 'astra-app-backups';
import { EXAMPLE_ACCOUNT, EXAMPLE_APPS, EXAMPLE_BACKUP } from 'astra-app-backups/mock';

/** Runs the flows on a client made with \`options\` (baseUrl, fetch); resolves with what it saw, line by line. */
export async function flows(options, mode) {
  const lines = [];
  const astra = createAstraClient({ accountId: EXAMPLE_ACCOUNT, token: 'frontend-token', ...options });
  const poll = { minDelayMs: 50, maxDelayMs: 200 };

  const sizes = [];
  let token;
  do {
    const page = await astra.appBackups.listPage({
      appId: EXAMPLE_APPS.nightly,
      limit: 100,
      include: ['id', 'name', 'state'],
      ...(token ? { continue: token } : {}),
    });
    sizes.push(page.items.length);
    token = page.continue;
  } while (token);
  lines.push(\`pages \${sizes.join(',')}\`);
  let listed = 0;
  for await (const backup of astra.appBackups.list({ appId: EXAMPLE_APPS.nightly, include: ['id'] })) listed += backup.id ? 1 : 0;
  lines.push(\`listed \${listed}\`);

  const appId = EXAMPLE_APPS.shop;
  const { backup } = await astra.appBackups.create(appId, { name: \`flow-\${mode}\` });
  lines.push(\`created \${backup.name} \${backup.state}\`);
  const states = [backup.state];
  const done = await astra.appBackups.waitUntilDone(backup.id, {
    appId,
    ...poll,
    onProgress: (b) => {
      if (states.at(-1) !== b.state) states.push(b.state);
    },
  });
  lines.push(\`progress \${states.join('>')}\`);
  lines.push(\`\${done.name} \${done.state} \${done.percentDone}%\`);

  const { backup: doomed } = await astra.appBackups.create(appId, { name: \`fail-\${mode}\` });
  const failure = await astra.appBackups.waitUntilDone(doomed.id, { appId, ...poll }).then(
    () => 'completed',
    (error) => error,
  );
  lines.push(
    failure instanceof BackupFailedError
      ? \`\${failure.backup.name} \${failure.state}, \${failure.stateUnready.length ? 'saying why' : 'saying nothing'}\`
      : \`fail- backup: \${failure}\`,
  );

  await astra.appBackups.delete(done.id, { appId });
  lines.push(\`deleted \${done.name}\`);
  const missing = await astra.appBackups.get('00000000-0000-4000-8000-000000000000').catch((error) => error);
  lines.push(\`get unknown: \${missing.status} \${missing.name}, problem \${missing.code}\`);
  const pending = await astra.appBackups.delete(EXAMPLE_BACKUP).catch((error) => error);
  lines.push(\`delete pending: \${pending.status} \${pending.name}, problem \${pending.code}\`);
  return lines;
}
`;

/** What every mode must see (the progress line is checked apart: which polls catch `pending` depends on timing). */
function expectFlows(lines: string[], mode: string) {
  expect(lines.filter((l) => !l.startsWith('progress '))).toEqual([
    'pages 100,100,70',
    'listed 270',
    `created flow-${mode} pending`,
    `flow-${mode} completed 100%`,
    `fail-${mode} failed, saying why`,
    `deleted flow-${mode}`,
    'get unknown: 404 NotFoundError, problem 1',
    'delete pending: 409 ConflictError, problem 128',
  ]);
  // Starts pending, ends completed, never goes back.
  expect(lines.find((l) => l.startsWith('progress '))).toMatch(/^progress pending(>running)?>completed$/);
}

/** The docs' one code block tagged `tag` (docs/guide/mocking.md; test/readme/samples.ts finds it). */
function sample(tag: string): string {
  return onlySample(tag).code;
}

let packed: PackedApp;
let app: string;
let browser: Browser;
let pages: Server;
let pagesUrl: string;

/** Serves app/public on loopback: the pages, their bundles and MSW's worker. */
function servePages(dir: string): Promise<Server> {
  const types: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.png': 'image/png' };
  const server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://x').pathname;
    const file = join(dir, path === '/' ? 'index.html' : path.slice(1));
    if (!file.startsWith(dir) || !existsSync(file)) {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { 'content-type': types[extname(file)] ?? 'application/octet-stream' });
    response.end(readFileSync(file));
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

/** Bundles a page's module from the scratch app (its node_modules: the tarball and msw) into public/. */
async function page(name: string, code: string): Promise<string> {
  writeFileSync(join(app, `${name}.page.mjs`), code);
  await build({
    entryPoints: [join(app, `${name}.page.mjs`)],
    absWorkingDir: app,
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    outfile: join(app, 'public', `${name}.js`),
    logLevel: 'silent',
  });
  writeFileSync(
    join(app, 'public', `${name}.html`),
    `<!doctype html><html><head><meta charset="utf-8"><title>${name}</title></head><body><script type="module" src="/${name}.js"></script></body></html>`,
  );
  return `${pagesUrl}/${name}.html`;
}

/** Opens a page and waits, with a bound, for it to set its title to `done`; resolves with the body's visible text. */
async function visit(url: string, shot: string): Promise<string> {
  const context = await browser.newContext();
  context.setDefaultTimeout(PAGE_WAIT_MS);
  const tab = await context.newPage();
  const errors: string[] = [];
  tab.on('pageerror', (error) => errors.push(error.message));
  try {
    await tab.goto(url);
    await tab
      .waitForFunction(() => document.title === 'done', null, { timeout: PAGE_WAIT_MS })
      .catch(async (error) => {
        throw new Error(`${url} did not finish: ${errors.join('; ')}\n${await tab.locator('body').innerText()}`, {
          cause: error,
        });
      });
    await tab.screenshot({ path: join(shots, `${shot}.png`), fullPage: true });
    expect(errors).toEqual([]);
    return await tab.locator('body').innerText();
  } finally {
    await context.close();
  }
}

/** Starts a command in the scratch app (its own process group) and waits, with a bound, for the mock's address. */
async function startMock(command: string, args: string[]): Promise<StartedServer & { url: string }> {
  const server = await startServer(command, args, { cwd: app, env: packageEnv, ready: /simulator at (http:\/\/\S+) / });
  return { ...server, url: server.match[1] as string };
}

beforeAll(async () => {
  mkdirSync(shots, { recursive: true });
  const browserReady = launchChromium();
  packed = await packedApp();
  app = packed.app;
  mkdirSync(join(app, 'public'), { recursive: true });
  mkdirSync(join(app, 'results'), { recursive: true });
  writeFileSync(join(app, 'flows.mjs'), FLOWS);
  // MSW's worker script, copied as MSW's docs say (`npx msw init <public folder>`).
  const init = await runProcess('npx', ['msw', 'init', 'public', '--no-save'], { cwd: app, env: packageEnv });
  expect(init.code, init.stderr).toBe(0);
  pages = await servePages(join(app, 'public'));
  pagesUrl = `http://127.0.0.1:${(pages.address() as AddressInfo).port}`;
  browser = await browserReady;
}, PACKED_BOUND_MS);

afterAll(async () => {
  // The mocks this file started, stopped or not, are stopped by test/support/teardown.ts.
  await browser?.close();
  pages?.close();
});

describe('npx astra-backups mock, from the installed tarball', () => {
  let mock: Awaited<ReturnType<typeof startMock>>;
  beforeAll(async () => {
    // The README's command, on a free port and with quick backups.
    const command = sample('frontend-server');
    expect(command).toMatch(/^npx astra-backups mock --port 4010\b/m);
    mock = await startMock('bash', [
      '-c',
      `exec ${command.split('\n')[0]?.replace(/#.*$/, '').replace('--port 4010', `--port 0 --backup-ms ${BACKUP_MS}`)}`,
    ]);
  });
  afterAll(() => mock?.stop());

  it("runs the README's one command (the simulator on port 4010), here on a free port", async () => {
    const readme = onlySample('frontend-mock-command');
    expect(readme.file).toBe('README.md');
    const line = readme.code.split('\n')[0]?.replace(/#.*$/, '').trim() ?? '';
    expect(line).toBe('npx astra-backups mock');
    const started = await startMock('bash', ['-c', `exec ${line} --port 0`]);
    try {
      expect(started.output()).toContain('Seeded account 9ff53b28-2a88-4b1c-8b4a-2d3c1a4f0b5e');
      const answer = await fetch(
        `${started.url}/accounts/9ff53b28-2a88-4b1c-8b4a-2d3c1a4f0b5e/topology/v1/appBackups?limit=1`,
        {
          headers: { authorization: 'Bearer any-token' },
        },
      );
      expect(answer.status).toBe(200);
    } finally {
      await started.stop();
    }
  }, 60_000);

  it('prints the seeded account, apps and backup, as npm start does', () => {
    expect(mock.output()).toContain('Seeded account 9ff53b28-2a88-4b1c-8b4a-2d3c1a4f0b5e');
    expect(mock.output()).toContain('app c0a8e9f2-5b7d-4e1a-9c3f-2d8b6a4e1f70  270 nightly backups (paging)');
    expect(mock.output()).toContain('backup 54fe651d-3d3b-5fa8-b85c-5db757885ff3 is pending');
  });

  it(
    'runs the flows against it',
    async () => {
      writeFileSync(
        join(app, 'server-flows.mjs'),
        `import { flows } from './flows.mjs';\nconsole.log(JSON.stringify(await flows({ baseUrl: process.argv[2] }, 'server')));\n`,
      );
      const result = await runProcess(process.execPath, ['server-flows.mjs', mock.url], { cwd: app, env: packageEnv });
      expect(result.stderr).toBe('');
      expectFlows(JSON.parse(result.stdout) as string[], 'server');
    },
    PAGE_TEST_MS,
  );

  it(
    'lets a page on another origin call it with Authorization, X-Request-Id and traceparent (CORS preflight)',
    async () => {
      const code = sample('frontend-server-browser').replace("'http://127.0.0.1:4010'", JSON.stringify(mock.url));
      expect(code).not.toContain('process.env');
      const text = await visit(await page('server-browser', `${code}\ndocument.title = 'done';\n`), 'server-browser');
      const [got, created] = text.trim().split('\n');
      expect(got).toBe('app-name-245: pending');
      // Location is an exposed header: the page can read it.
      expect(created).toMatch(
        new RegExp(
          `^created at ${mock.url}/accounts/9ff53b28-2a88-4b1c-8b4a-2d3c1a4f0b5e/k8s/v1/apps/2b7d3f5c-1e8a-4c6b-9d0e-7f1a2b3c4d5e/appBackups/[0-9a-f-]{36}$`,
        ),
      );
    },
    PAGE_TEST_MS,
  );
});

describe('the installed astra-backups mock, stopped', () => {
  it.each(['SIGINT', 'SIGTERM'] as const)('by %s: exits 0 and leaves its port', async (signal) => {
    const mock = await startMock(join(app, 'node_modules', '.bin', 'astra-backups'), [
      'mock',
      '--port',
      '0',
      '--quiet',
    ]);
    const list = `${mock.url}/accounts/9ff53b28-2a88-4b1c-8b4a-2d3c1a4f0b5e/topology/v1/appBackups`;
    // No token: Astra's problem 3.
    expect((await fetch(list)).status).toBe(401);
    expect(await mock.stop(signal)).toEqual({ code: 0, signal: null });
    await expect(fetch(list)).rejects.toThrow();
  });
});

describe('the simulator in vitest, from the installed tarball', () => {
  let results: { testResults: { name: string; status: string; message: string }[] };
  beforeAll(async () => {
    writeFileSync(
      join(app, 'fetch-flows.test.mjs'),
      `import { writeFileSync } from 'node:fs';
import { createAstraSimulator } from 'astra-app-backups/mock';
import { it } from 'vitest';
import { flows } from './flows.mjs';

it('runs the flows through the simulator fetch, with no server and no MSW', async () => {
  const simulator = createAstraSimulator({ backupMs: ${BACKUP_MS} });
  writeFileSync('results/fetch.json', JSON.stringify(await flows({ fetch: simulator.fetch }, 'fetch')));
});
`,
    );
    writeFileSync(
      join(app, 'msw-flows.test.mjs'),
      `import { writeFileSync } from 'node:fs';
import { createAstraSimulator } from 'astra-app-backups/mock';
import { astraHandlers } from 'astra-app-backups/msw';
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, it } from 'vitest';
import { flows } from './flows.mjs';

const server = setupServer(...astraHandlers(createAstraSimulator({ backupMs: ${BACKUP_MS} }), { baseUrl: 'http://astra.test' }));
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterAll(() => server.close());

it('runs the flows through MSW setupServer', async () => {
  writeFileSync('results/msw-node.json', JSON.stringify(await flows({ baseUrl: 'http://astra.test' }, 'msw-node')));
});
`,
    );
    writeFileSync(join(app, 'readme-fetch.test.ts'), sample('frontend-fetch'));
    writeFileSync(join(app, 'readme-msw-node.test.ts'), sample('frontend-msw-node'));
    for (const file of ['fetch.json', 'msw-node.json']) rmSync(join(app, 'results', file), { force: true });
    const run = await runProcess(
      join(app, 'node_modules', '.bin', 'vitest'),
      [
        'run',
        '--root',
        app,
        '--reporter=json',
        '--outputFile=results/vitest.json',
        // Vitest's own 5 s per test is no bound for flows that follow backups on a loaded machine.
        '--testTimeout=120000',
        'fetch-flows.test.mjs',
        'msw-flows.test.mjs',
        'readme-fetch.test.ts',
        'readme-msw-node.test.ts',
      ],
      { cwd: app, env: packageEnv },
    );
    expect(existsSync(join(app, 'results', 'vitest.json')), run.stdout + run.stderr).toBe(true);
    results = JSON.parse(readFileSync(join(app, 'results', 'vitest.json'), 'utf8'));
  });

  const passed = (file: string) => {
    const found = results.testResults.find((r) => r.name.endsWith(`/${file}`));
    expect(found?.message ?? 'not run').toBe('');
    expect(found?.status).toBe('passed');
  };

  it('runs the flows through the simulator fetch (no server, no MSW)', () => {
    passed('fetch-flows.test.mjs');
    expectFlows(JSON.parse(readFileSync(join(app, 'results', 'fetch.json'), 'utf8')) as string[], 'fetch');
  });

  it('runs the flows through MSW setupServer', () => {
    passed('msw-flows.test.mjs');
    expectFlows(JSON.parse(readFileSync(join(app, 'results', 'msw-node.json'), 'utf8')) as string[], 'msw-node');
  });

  it.each(['readme-fetch.test.ts', 'readme-msw-node.test.ts'])('passes the README sample as %s', (file) => {
    passed(file);
  });
});

describe('MSW setupWorker in Chromium, on a page built from the installed tarball', () => {
  it(
    'runs the flows, rendered on the page',
    async () => {
      const url = await page(
        'msw-flows',
        `import { createAstraSimulator } from 'astra-app-backups/mock';
import { astraHandlers } from 'astra-app-backups/msw';
import { setupWorker } from 'msw/browser';
import { flows } from './flows.mjs';

const simulator = createAstraSimulator({ backupMs: ${BACKUP_MS} });
await setupWorker(...astraHandlers(simulator)).start({ quiet: true });
const out = document.createElement('pre');
document.body.append(out);
try {
  out.innerText = (await flows({}, 'browser')).join('\\n');
} catch (error) {
  out.innerText = \`error: \${error}\`;
}
document.title = 'done';
`,
      );
      expectFlows((await visit(url, 'msw-flows')).trim().split('\n'), 'browser');
    },
    PAGE_TEST_MS,
  );

  it(
    'runs the README sample',
    async () => {
      const code = sample('frontend-msw-browser');
      expect(code).not.toContain('process.env');
      const text = await visit(await page('readme-msw', `${code}\ndocument.title = 'done';\n`), 'readme-msw');
      expect(text.trim().split('\n')).toEqual(['app-name-244: completed', 'app-name-245: pending']);
    },
    PAGE_TEST_MS,
  );
});
