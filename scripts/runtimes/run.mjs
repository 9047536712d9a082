// `npm run test:runtimes`: the packed package, installed in a scratch folder as a user
// installs it, run on every runtime its users have (each taken from the npm registry at
// a pinned version and cached, see versions.mjs and cache.mjs). Prints one table
// (runtime × check, with what failed), checks the runtimes guide's table (docs/guide/runtimes.md) says what
// passed, and ends with `N passed, N failed`.
//
//   --only bun,deno      run those rows only (no guide check, no self-test)
//   --update-readme      write the guide's table from this run instead of checking it
//   RUNTIMES_BREAK=bun   break a check on purpose in that runtime (the self-test does this)
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { build } from 'esbuild';
import { RESULT_MARK, SDK_CHECKS } from '../../test/runtimes/checks.mjs';
import { quietEnv, root, runProcess, startServer } from '../lib/tools.mjs';
import { launchBrowser } from './browser.mjs';
import { ensureCached, packageFolder } from './cache.mjs';
import { startPages } from './pages.mjs';
import { checkReadme, renderTable } from './report.mjs';
import { checkTypes } from './types.mjs';
import {
  MINIFLARE_NODE,
  MSW2_VERSION,
  MSW3_MIN_NODE,
  MSW3_VERSION,
  NODE_VERSIONS,
  runtimePackages,
  TYPESCRIPT_FLOOR,
  TYPESCRIPT_NEWEST,
  unsupportedPlatform,
} from './versions.mjs';

const { values } = parseArgs({
  options: { only: { type: 'string' }, 'update-readme': { type: 'boolean' }, scratch: { type: 'string' } },
});
const only = values.only ? new Set(values.only.split(',')) : undefined;
const breakRuntime = process.env.RUNTIMES_BREAK;
/** Each runtime's run: its checks are bounded too (20 s each), this catches a runtime that hangs. */
const RUN_BOUND_MS = 240_000;
const started = performance.now();
const log = (line) => process.stderr.write(`${line}\n`);

const unsupported = unsupportedPlatform();
if (unsupported) {
  console.log(`${unsupported}.\n0 passed, 1 failed`);
  process.exit(1);
}
const packages = runtimePackages();

/** Each row: id (for --only and RUNTIMES_BREAK), the name the table and the guide show, what it needs. */
const rows = [
  // The floor is named by its full version; the lines by their major (node-22 …).
  ...NODE_VERSIONS.map((version) => ({
    id: version === '20.0.0' ? 'node-20.0.0' : `node-${version.split('.')[0]}`,
    kind: 'node',
    pkg: packages.node(version),
  })),
  { id: 'node-local', kind: 'node', local: true, name: `Node ${process.versions.node} (the one running the suite)` },
  { id: 'bun', kind: 'bun', pkg: packages.bun },
  { id: 'deno', kind: 'deno', pkg: packages.deno },
  { id: 'workerd', kind: 'workerd', pkg: packages.miniflare },
  { id: 'chromium', kind: 'chromium' },
  { id: 'ts-floor', kind: 'typescript', pkg: packages.typescript(TYPESCRIPT_FLOOR) },
  { id: 'ts-newest', kind: 'typescript', pkg: packages.typescript(TYPESCRIPT_NEWEST) },
].filter((row) => !only || only.has(row.id) || only.has(row.kind));
if (only && rows.length === 0) {
  console.log(`--only ${values.only} names no runtime.\n0 passed, 1 failed`);
  process.exit(1);
}
if (breakRuntime && !rows.some((row) => row.id === breakRuntime || row.kind === breakRuntime)) {
  console.log(`RUNTIMES_BREAK=${breakRuntime} names no runtime of this run.\n0 passed, 1 failed`);
  process.exit(1);
}

/** Runs a program to its end (never rejects), killed after a bound: this catches a runtime that hangs. */
const run = (command, args, { cwd, env = quietEnv, bound = RUN_BOUND_MS } = {}) =>
  runProcess(command, args, { cwd, env, boundMs: bound });

/** Reads the results line a runtime printed; a runtime that printed none fails every check, saying why. */
function parseResults({ code, stdout, stderr }, checks = SDK_CHECKS) {
  const line = stdout.split('\n').find((l) => l.startsWith(RESULT_MARK));
  if (line) {
    try {
      return JSON.parse(line.slice(RESULT_MARK.length));
    } catch {}
  }
  // The error's own line says most: the first line that names an error, else the last lines.
  const lines = (stderr || stdout).trim().split('\n').filter(Boolean);
  const said = lines.find((l) => /error/i.test(l)) ?? lines.slice(-3).join(' | ');
  const why = `exit ${code}: ${said.trim().slice(0, 300)}`;
  return checks.map((check) => ({ check, ok: false, detail: why }));
}

/** Folds a whole run of the SDK checks (through require(), under MSW) into one cell. */
function fold(check, results) {
  const failed = results.filter((r) => !r.ok);
  return {
    check,
    ok: failed.length === 0,
    detail: failed.length ? failed.map((r) => `${r.check}: ${r.detail}`).join('; ') : `${results.length} checks`,
  };
}

// The package as users get it: packed (prepack builds it) and installed in a scratch folder.
const scratch = values.scratch ?? mkdtempSync(join(tmpdir(), 'astra-runtimes-'));
const app = join(scratch, 'app');
/** The same, beside MSW 3 (MSW 2 is in app). */
const appMsw3 = join(scratch, 'app-msw3');

/** Installs the tarball with one msw, as a user would, and puts the entry files beside it. */
async function installApp(folder, tarball, msw) {
  mkdirSync(folder, { recursive: true });
  writeFileSync(join(folder, 'package.json'), JSON.stringify({ name: 'runtimes-app', private: true, type: 'module' }));
  const installed = await run(
    'npm',
    ['install', '--no-audit', '--no-fund', '--ignore-scripts', '--save-exact', tarball, `msw@${msw}`],
    { cwd: folder, bound: 180_000 },
  );
  if (installed.code !== 0) throw new Error(`npm install of the tarball in ${folder} failed:\n${installed.stderr}`);
  for (const file of readdirSync(join(root, 'test', 'runtimes')))
    if (/\.(mjs|cjs|html|ts|cts)$/.test(file) && !file.endsWith('.test.ts'))
      copyFileSync(join(root, 'test', 'runtimes', file), join(folder, file));
}

async function prepareApp() {
  if (values.scratch) return;
  mkdirSync(app, { recursive: true });
  // What prepack does, with its log on stderr so that npm pack's JSON is all of stdout.
  execFileSync(process.execPath, [join(root, 'scripts', 'build.mjs')], {
    cwd: root,
    env: quietEnv,
    stdio: ['ignore', 2, 2],
  });
  const packed = JSON.parse(
    execFileSync('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', scratch], {
      cwd: root,
      env: quietEnv,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
    }),
  );
  const tarball = join(scratch, packed[0].filename);
  await Promise.all([installApp(app, tarball, MSW2_VERSION), installApp(appMsw3, tarball, MSW3_VERSION)]);
}

const prepared = Promise.all([
  prepareApp(),
  ...rows
    .filter((row) => row.pkg)
    .map(async (row) => {
      row.bin = await ensureCached(row.pkg);
    }),
  rows.some((row) => row.kind === 'workerd') ? ensureCached(packages.node(MINIFLARE_NODE)) : undefined,
]);
try {
  await prepared;
} catch (error) {
  if (!values.scratch) rmSync(scratch, { recursive: true, force: true });
  console.log(`${error instanceof Error ? error.message : error}\n0 passed, 1 failed`);
  process.exit(1);
}
log(`prepared in ${((performance.now() - started) / 1000).toFixed(1)} s (scratch ${scratch})`);

// The backend is the package's own simulator (astra-app-backups/mock), run inside each
// runtime through its fetch (so the core is shown to run there too), its MSW handlers
// (./msw) on the Node lines, and its mock server (astra-backups mock) for the CLI.
const shipped = JSON.parse(readFileSync(join(app, 'node_modules', 'astra-app-backups', 'package.json'), 'utf8'));
const missing = ['./mock', './msw'].filter((entry) => !shipped.exports?.[entry]);
if (missing.length) {
  if (!values.scratch) rmSync(scratch, { recursive: true, force: true });
  console.log(`The package ships no ${missing.join(' or ')} entry: the checks run against them.\n0 passed, 1 failed`);
  process.exit(1);
}
const pages = await startPages();
const optionsFor = (row, extra = {}) =>
  JSON.stringify({
    backend: 'simulator',
    label: row.id,
    breakCheck: breakRuntime === row.id || breakRuntime === row.kind,
    ...extra,
  });

const cli = join(app, 'node_modules', 'astra-app-backups', 'dist', 'cli.js');

/**
 * `astra-backups mock` on this Node, on a free port: resolves with { url, stop() } once it
 * says where it listens; stop() sends SIGTERM and resolves with its exit code.
 */
async function startMockServer(node) {
  const server = await startServer(node, [cli, 'mock', '--port', '0', '--quiet', '--backup-ms', '300'], {
    cwd: app,
    env: quietEnv,
    ready: /simulator at (http:\/\/\S+)/,
  });
  return {
    url: server.match[1],
    stop: async () => {
      const { code, signal } = await server.stop();
      return code ?? signal;
    },
  };
}

/** The CLI of the package, on this Node: list with paging, get, and a 404's exit code and message. */
async function cliChecks(node, url) {
  const env = {
    ...quietEnv,
    ASTRA_URL: url,
    ASTRA_ACCOUNT_ID: '9ff53b28-2a88-4b1c-8b4a-2d3c1a4f0b5e',
    ASTRA_TOKEN: 'cli-secret-token',
  };
  const [list, get, missing] = await Promise.all([
    run(node, [cli, 'list', '--app', 'c0a8e9f2-5b7d-4e1a-9c3f-2d8b6a4e1f70', '--limit', '100', '--json'], {
      cwd: app,
      env,
    }),
    run(node, [cli, 'get', '54fe651d-3d3b-5fa8-b85c-5db757885ff3'], { cwd: app, env }),
    run(node, [cli, 'get', '00000000-0000-4000-8000-00000000dead'], { cwd: app, env }),
  ]);
  const problems = [];
  let count = -1;
  try {
    count = JSON.parse(list.stdout).length;
  } catch {}
  if (list.code !== 0 || count !== 270)
    problems.push(`list --json exit ${list.code}, ${count} items: ${list.stderr.trim().slice(0, 200)}`);
  if (get.code !== 0 || !get.stdout.includes('54fe651d'))
    problems.push(`get exit ${get.code}: ${get.stderr.trim().slice(0, 200)}`);
  if (missing.code !== 1 || !/not found/i.test(missing.stderr) || missing.stderr.includes('cli-secret-token'))
    problems.push(`get of an unknown id: exit ${missing.code}, ${missing.stderr.trim().slice(0, 200)}`);
  return { check: 'cli', ok: problems.length === 0, detail: problems.join('; ') || '270 listed, get, 404 exit 1' };
}

/** The packaged mock server on this Node, with the CLI against it: two cells. */
async function mockServerChecks(node) {
  let server;
  try {
    server = await startMockServer(node);
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    return [
      { check: 'mock server', ok: false, detail },
      { check: 'cli', ok: false, detail: 'no mock server to run against' },
    ];
  }
  const cliResult = await cliChecks(node, server.url);
  const code = await server.stop();
  return [{ check: 'mock server', ok: code === 0, detail: `served the CLI, SIGTERM: exit ${code}` }, cliResult];
}

/** MSW 3 needs Node 22.12 (on Node 20 every request it intercepts fails). */
const fitsMsw3 = (version) => {
  const [major, minor] = version.split('.').map(Number);
  return major > MSW3_MIN_NODE[0] || (major === MSW3_MIN_NODE[0] && minor >= MSW3_MIN_NODE[1]);
};

async function runNode(row) {
  const node = row.local ? process.execPath : row.bin;
  const version = row.local ? process.versions.node : row.pkg.version;
  row.name ??= `Node ${version}`;
  // The suite's own Node differs between machines: the guide names it by its role.
  if (row.local) row.readmeName = 'Node (the one running the suite)';
  const [esm, cjs, server, msw2, msw3] = await Promise.all([
    run(node, ['esm.mjs', optionsFor(row)], { cwd: app }),
    run(node, ['cjs.cjs', optionsFor(row, { label: `${row.id}-cjs` })], { cwd: app }),
    mockServerChecks(node),
    run(node, ['msw.mjs', optionsFor(row, { label: `${row.id}-msw2` })], { cwd: app }),
    fitsMsw3(version)
      ? run(node, ['msw.mjs', optionsFor(row, { label: `${row.id}-msw3` })], { cwd: appMsw3 })
      : undefined,
  ]);
  return [
    ...parseResults(esm),
    fold('cjs', parseResults(cjs)),
    ...server,
    fold('msw 2', parseResults(msw2)),
    ...(msw3 ? [fold('msw 3', parseResults(msw3))] : []),
  ];
}

async function runBun(row) {
  row.name = `Bun ${row.pkg.version}`;
  return parseResults(
    await run(row.bin, ['esm.mjs', optionsFor(row)], { cwd: app, env: { ...quietEnv, NO_COLOR: '1' } }),
  );
}

async function runDeno(row) {
  row.name = `Deno ${row.pkg.version}`;
  const env = { ...quietEnv, NO_COLOR: '1', DENO_NO_UPDATE_CHECK: '1', DENO_DIR: join(scratch, 'deno-dir') };
  return parseResults(await run(row.bin, ['run', '--allow-net', 'esm.mjs', optionsFor(row)], { cwd: app, env }));
}

async function bundle(entry, outfile, platform) {
  await build({
    absWorkingDir: app,
    entryPoints: [entry],
    outfile,
    bundle: true,
    format: 'esm',
    platform,
    conditions: platform === 'neutral' ? ['workerd', 'worker', 'browser'] : [],
    mainFields: ['module', 'main'],
    logLevel: 'silent',
  });
}

async function runWorkerd(row) {
  row.name = `workerd (miniflare ${row.pkg.version})`;
  const out = join(scratch, 'worker.js');
  await bundle('worker.mjs', out, 'neutral');
  const node = join(packageFolder(packages.node(MINIFLARE_NODE)), 'bin', 'node');
  const folder = packageFolder(row.pkg);
  return parseResults(
    await run(node, [join(root, 'scripts', 'runtimes', 'workerd.mjs'), folder, out, optionsFor(row)], { cwd: scratch }),
  );
}

async function runChromium(row) {
  const out = join(scratch, 'browser.js');
  await bundle('browser.mjs', out, 'browser');
  pages.serve('browser.js', out);
  pages.serve('index.html', join(app, 'index.html'));
  const browser = await launchBrowser();
  try {
    row.name = `Chromium ${browser.version()}`;
    // System Chromium or @sparticuz/chromium's, so the version differs between machines.
    row.readmeName = 'Chromium (as launchChromium finds it)';
    const page = await browser.newPage();
    const errors = [];
    page.on('pageerror', (error) => errors.push(String(error)));
    await page.goto(`${pages.url}/__runtimes/index.html#${encodeURIComponent(optionsFor(row))}`);
    await page.waitForFunction(() => document.getElementById('results')?.innerText !== 'running', undefined, {
      timeout: 60_000,
    });
    const text = await page.locator('#results').innerText();
    mkdirSync(join(root, 'dist', 'runtimes'), { recursive: true });
    await page.screenshot({ path: join(root, 'dist', 'runtimes', 'chromium.png') });
    const results = text
      .split('\n')
      .map((line) => /^(PASS|FAIL) (\S+): (.*)$/.exec(line))
      .filter(Boolean)
      .map(([, verdict, check, detail]) => ({ check, ok: verdict === 'PASS', detail }));
    if (results.length === 0) throw new Error(`the page shows ${text.slice(0, 300)} ${errors.join(' ')}`);
    return results;
  } finally {
    await browser.close();
  }
}

async function runTypescript(row) {
  row.name = `TypeScript ${row.pkg.version}`;
  return checkTypes({ tsc: row.bin, tag: row.pkg.version, app, run, breakCheck: breakRuntime === row.id });
}

const runners = {
  node: runNode,
  bun: runBun,
  deno: runDeno,
  workerd: runWorkerd,
  chromium: runChromium,
  typescript: runTypescript,
};

/** Two rows at a time: the machine has two cores, shared. */
async function runAll(list, width = 2) {
  const queue = [...list];
  await Promise.all(
    Array.from({ length: width }, async () => {
      for (let row = queue.shift(); row; row = queue.shift()) {
        const t = performance.now();
        try {
          row.results = await runners[row.kind](row);
        } catch (error) {
          row.results = [{ check: 'run', ok: false, detail: error instanceof Error ? error.message : String(error) }];
        }
        row.name ??= row.id;
        row.seconds = (performance.now() - t) / 1000;
        log(
          `${row.name}: ${row.results.filter((r) => r.ok).length}/${row.results.length} in ${row.seconds.toFixed(1)} s`,
        );
      }
    }),
  );
}

// The slowest rows (tsc, three at once) first, so that the others fill the time beside them.
await runAll([...rows].sort((a, b) => (b.kind === 'typescript') - (a.kind === 'typescript')));
await pages.close();

const extra = [];
if (!only) {
  extra.push(checkReadme(rows, { update: values['update-readme'] === true }));
  extra.push(await selfTest());
}

/** Runs this suite again with a check broken on purpose in Bun: it must fail and name Bun. */
async function selfTest() {
  const child = await run(
    process.execPath,
    [join(root, 'scripts', 'runtimes', 'run.mjs'), '--only', 'bun', '--scratch', scratch],
    {
      env: { ...quietEnv, RUNTIMES_BREAK: 'bun' },
      bound: 120_000,
    },
  );
  const lines = child.stdout.trim().split('\n');
  const last = lines.at(-1) ?? '';
  const named = lines.some((line) => /^✗ Bun \S+ list: /.test(line));
  const ok = child.code !== 0 && named && /^\d+ passed, [1-9]\d* failed$/.test(last);
  return {
    name: 'self-test (RUNTIMES_BREAK=bun)',
    check: 'fails naming Bun',
    ok,
    detail: ok
      ? `exit ${child.code}, "${last}"`
      : `exit ${child.code}, output: ${child.stdout.slice(-400)} ${child.stderr.slice(-300)}`,
  };
}

const { table, passed, failed, failureLines } = renderTable(rows, extra);
console.log(table);
if (failureLines.length) console.log(`\n${failureLines.join('\n')}`);
if (!values.scratch) rmSync(scratch, { recursive: true, force: true });
console.log(`\n(${((performance.now() - started) / 1000).toFixed(1)} s)\n${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
