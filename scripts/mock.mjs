// `npm start`: the Astra simulator, behind Prism in proxy mode (every answer checked
// against the spec), behind a front that browsers and scripts talk to; on
// 127.0.0.1:4010 by default. Environment: PORT, HOST, MOCK=examples (Prism's plain
// example mock instead of the simulator), ASTRA_MOCK_BACKUP_MS (how long a new backup
// takes, default 20000), ASTRA_MOCK_ALLOWED_HOSTS (more names for the Host check),
// ASTRA_MOCK_PRISMS (how many Prism processes share the work, default 2), ASTRA_MOCK_SEED
// (or `npm start -- --seed S`: fixed ids, the clock frozen at its start), ASTRA_MOCK_CONTROL_TOKEN
// (lets /__astra/ control requests carrying it come from anywhere).
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { root } from './lib/tools.mjs';
import { SEEDED_START } from './mock/core.mjs';
import { isLoopback } from './mock/front.mjs';
import { EXAMPLE_ACCOUNT, EXAMPLE_APPS, EXAMPLE_BACKUP } from './mock/seed.mjs';
import { startMock } from './mock/start.mjs';

function fail(message) {
  console.error(`npm start: ${message}`);
  process.exit(2);
}

const port = Number(process.env.PORT ?? 4010);
if (!Number.isInteger(port) || port < 1 || port > 65535)
  fail(`PORT must be a whole number from 1 to 65535, got ${JSON.stringify(process.env.PORT)}`);
const host = process.env.HOST || '127.0.0.1';
const mode = process.env.MOCK || 'simulator';
if (mode !== 'simulator' && mode !== 'examples')
  fail(`MOCK must be "examples" (Prism's example mock) or unset (the simulator), got ${JSON.stringify(mode)}`);
const backupMs = Number(process.env.ASTRA_MOCK_BACKUP_MS ?? 20_000);
if (!Number.isInteger(backupMs) || backupMs < 10 || backupMs > 86_400_000)
  fail(
    `ASTRA_MOCK_BACKUP_MS must be a whole number of ms from 10 to 86400000, got ${JSON.stringify(process.env.ASTRA_MOCK_BACKUP_MS)}`,
  );
const allowedHosts = (process.env.ASTRA_MOCK_ALLOWED_HOSTS ?? '').split(',').filter(Boolean);
const seedFlag = process.argv.indexOf('--seed');
const seed = seedFlag > 1 ? process.argv[seedFlag + 1] : process.env.ASTRA_MOCK_SEED;
if (seed === '' || (seedFlag > 1 && seed === undefined)) fail('--seed (or ASTRA_MOCK_SEED) needs a value');
const controlToken = process.env.ASTRA_MOCK_CONTROL_TOKEN;
// Said without the token: it is a secret.
if (controlToken !== undefined && !/^[\x21-\x7e]{16,256}$/.test(controlToken))
  fail('ASTRA_MOCK_CONTROL_TOKEN must be 16 to 256 printable ASCII characters without spaces');
const prisms = Number(process.env.ASTRA_MOCK_PRISMS ?? 2);
if (!Number.isInteger(prisms) || prisms < 1 || prisms > 8)
  fail(`ASTRA_MOCK_PRISMS must be a whole number from 1 to 8, got ${JSON.stringify(process.env.ASTRA_MOCK_PRISMS)}`);

// Bundle only when the spec changed since the last bundle: a second start is quicker.
const newest = (dir) =>
  readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile())
    .reduce((max, e) => Math.max(max, statSync(join(e.parentPath ?? e.path, e.name)).mtimeMs), 0);
let bundledAt = 0;
try {
  bundledAt = Math.min(
    statSync(join(root, 'dist', 'openapi.yaml')).mtimeMs,
    statSync(join(root, 'dist', 'openapi.json')).mtimeMs,
  );
} catch {}
if (bundledAt < newest(join(root, 'openapi'))) {
  const bundled = spawnSync(process.execPath, ['scripts/bundle.mjs'], {
    cwd: root,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  if (bundled.status !== 0) process.exit(bundled.status ?? 1);
}

if (!isLoopback(host))
  console.warn(
    `warning: HOST=${host} serves the mock beyond this machine: anyone who can reach it can use it (it checks no token).`,
  );

// Signals are handled from the start: a Ctrl-C during start-up stops cleanly too.
let mock;
let stopping = false;
async function stop(code = 0) {
  if (stopping) return;
  stopping = true;
  await mock?.stop();
  process.exit(code);
}
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => stop(0));
// If whatever started this process is gone (npm killed, a shell that did not pass a
// signal on), this process was handed to another parent: stop rather than linger.
const parent = process.ppid;
setInterval(() => {
  if (process.ppid !== parent) stop(0);
}, 500).unref();
// However this process ends, Prism does not outlive it.
process.on('exit', () => {
  for (const prism of mock?.prisms ?? []) if (prism.exitCode === null) prism.kill('SIGKILL');
});

try {
  mock = await startMock({
    port,
    host,
    mode,
    backupMs,
    allowedHosts,
    prisms,
    ...(seed === undefined ? {} : { seed }),
    ...(controlToken === undefined ? {} : { controlToken }),
    log: (line) => console.log(line),
  });
} catch (error) {
  fail(`the mock did not start: ${error instanceof Error ? error.message : String(error)}`);
}
const { url } = mock;
console.log(
  mode === 'examples'
    ? `\nAstra Application Backup mock (Prism's example mock) at ${url}\n  Prefer: code=NNN, example=NAME or dynamic=true pick an answer. Ctrl-C stops it.\n`
    : `
Astra Application Backup simulator at ${url} (every answer checked against the spec by Prism)
  Any bearer token is accepted. New backups take ${backupMs} ms: pending, running, completed
  (a name starting with "fail-" fails half-way).
  Seeded account ${EXAMPLE_ACCOUNT}:
    app ${EXAMPLE_APPS.shop}  the documents' examples (backup ${EXAMPLE_BACKUP} is pending)
    app ${EXAMPLE_APPS.nightly}  270 nightly backups (paging)
    app ${EXAMPLE_APPS.states}  one backup in each other state
  Try: curl -H 'Authorization: Bearer any' '${url}/accounts/${EXAMPLE_ACCOUNT}/topology/v1/appBackups?include=id,name,state&limit=5'
  Prefer: code=NNN or example=NAME answers a documented example. Ctrl-C stops it.
  Control: ${url}/__astra/ reset, fixtures, time, latency, faults, journal (${controlToken === undefined ? 'from this machine only' : 'from anywhere with the control token'}).${seed === undefined ? '' : `\n  Seed ${JSON.stringify(seed)}: fixed ids, and the clock frozen at ${new Date(SEEDED_START).toISOString()} (POST /__astra/time moves it).`}
`,
);

await mock.ready;
for (const prism of mock.prisms)
  prism.on('exit', (code) => {
    if (stopping) return;
    console.error(`npm start: Prism stopped (exit ${code}):\n${mock.prismOutput()}`);
    stop(1);
  });
