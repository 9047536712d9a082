// `npm start` as a frontend team runs it: what it prints, the documented examples
// still one Prefer header away, the plain example mock with MOCK=examples, and a
// clean stop on SIGINT or SIGTERM, to npm or to node, leaving no process on the port.
import { type ChildProcess, execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { connect } from 'node:net';
import { hostname } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../scripts/lib/prism.mjs';
import { allowedHostNames, isLoopback } from '../../scripts/mock/core.mjs';
import { EXAMPLE_ACCOUNT, EXAMPLE_APPS, EXAMPLE_BACKUP } from '../../scripts/mock/seed.mjs';
import { startServer } from '../support/run.js';
import { exampleCases, loadSpec, root } from '../support/spec.js';

const spec = loadSpec();
const auth = { authorization: 'Bearer test-token' };
const documented = (operationId: string, status: string) =>
  exampleCases(spec).find((c) => c.operationId === operationId && c.status === status)?.value;
const running: ChildProcess[] = [];

interface Started {
  child: ChildProcess;
  base: string;
  output: () => string;
  port: number;
  startedInMs: number;
}

/** Runs `npm start` (or node scripts/mock.mjs) and waits, with a bound, for it to print its address. */
async function start({
  viaNpm = false,
  env = {},
}: {
  viaNpm?: boolean;
  env?: Record<string, string>;
} = {}): Promise<Started> {
  const port = await freePort();
  const began = performance.now();
  const base = `http://${env.HOST ?? '127.0.0.1'}:${port}`;
  // startServer: its own process group, stopped by the teardown too; stdin stays a pipe, as npm gives it.
  const [command, args] = viaNpm ? ['npm', ['start', '--silent']] : [process.execPath, ['scripts/mock.mjs']];
  const server = await startServer(command, args, {
    cwd: root,
    env: { ...process.env, PORT: String(port), ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
    ready: new RegExp(` at ${base.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`),
    boundMs: 45_000,
  });
  running.push(server.child);
  return { child: server.child, base, output: server.output, port, startedInMs: performance.now() - began };
}

/** True when something accepts connections on the port. */
async function listening(port: number): Promise<boolean> {
  return fetch(`http://127.0.0.1:${port}/`, { signal: AbortSignal.timeout(2_000) }).then(
    () => true,
    () => false,
  );
}

/** Waits (bounded) for the process to exit, and returns its code. */
function exited(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('still running 20 s after the signal')), 20_000);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve(code);
    });
  });
}

/** The PIDs of every process below `pid` (npm's node, the mock's Prism). */
function descendants(pid: number): number[] {
  const rows = execFileSync('ps', ['-eo', 'pid=,ppid='], { encoding: 'utf8' })
    .trim()
    .split('\n')
    .map((line) => line.trim().split(/\s+/).map(Number) as [number, number]);
  const found: number[] = [];
  const visit = (parent: number) => {
    for (const [child, of] of rows)
      if (of === parent) {
        found.push(child);
        visit(child);
      }
  };
  visit(pid);
  return found;
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

// Whatever a failed test left running is killed at the end (process group and all).
afterAll(async () => {
  for (const child of running.splice(0)) {
    if (child.exitCode === null && child.signalCode === null) {
      if (child.pid) {
        try {
          process.kill(-child.pid, 'SIGKILL');
        } catch {
          child.kill('SIGKILL');
        }
      }
    }
  }
});

describe('npm start', () => {
  let shared: Started;
  beforeAll(async () => {
    shared = await start();
  });
  afterAll(async () => {
    shared?.child.kill('SIGINT');
    if (shared) await exited(shared.child);
  });

  it('prints the seeded account and apps, no error line, and serves the simulator checked by Prism', async () => {
    const mock = shared;
    for (const id of [EXAMPLE_ACCOUNT, EXAMPLE_APPS.shop, EXAMPLE_APPS.nightly, EXAMPLE_APPS.states])
      expect(mock.output()).toContain(id);
    expect(mock.output()).not.toMatch(/error|✖|NO_PATH_MATCHED/i);
    const page = await fetch(`${mock.base}/accounts/${EXAMPLE_ACCOUNT}/topology/v1/appBackups?limit=2`, {
      headers: auth,
    });
    const body = (await page.json()) as { items: { type: string }[]; metadata: { continue?: string } };
    expect(body.items).toHaveLength(2);
    expect(body.items[0]?.type).toBe('application/astra-appBackup');
    expect(body.metadata.continue).toEqual(expect.any(String));
    expect(page.headers.get('sl-violations')).toBeNull();
  });

  it('listens on one port only: no inner simulator or Prism port to reach around its Host check', async () => {
    const pid = shared.child.pid as number;
    const inodes = new Set(
      readdirSync(`/proc/${pid}/fd`).flatMap((fd) => {
        try {
          return [/^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`))?.[1] ?? ''];
        } catch {
          return [];
        }
      }),
    );
    // Listening TCP sockets (state 0A) of this process, from the kernel's tables.
    const ports = ['/proc/net/tcp', '/proc/net/tcp6'].flatMap((table) =>
      readFileSync(table, 'utf8')
        .trim()
        .split('\n')
        .slice(1)
        .map((line) => line.trim().split(/\s+/))
        .filter((f) => f[3] === '0A' && inodes.has(f[9] ?? ''))
        .map((f) => Number.parseInt((f[1] ?? '').split(':')[1] ?? '', 16)),
    );
    expect(ports).toEqual([shared.port]);
    // And the one port refuses a name that is not its own, as before.
    const rebound = await new Promise<string>((resolve, reject) => {
      const socket = connect(shared.port, '127.0.0.1', () =>
        socket.end(
          `GET /accounts/${EXAMPLE_ACCOUNT}/topology/v1/appBackups HTTP/1.1\r\nHost: evil.example\r\nAuthorization: Bearer t\r\n\r\n`,
        ),
      );
      let text = '';
      socket.on('data', (d) => {
        text += d;
      });
      socket.on('end', () => resolve(text));
      socket.on('error', reject);
    });
    expect(rebound).toMatch(/^HTTP\/1\.1 403 /);
  });

  it.each([
    ['getAppBackup', 'code=404', `/topology/v1/appBackups/${EXAMPLE_BACKUP}`, '404'],
    ['listAppBackups', 'example=appBackupListIdNameState', '/topology/v1/appBackups', '200'],
    ['deleteAppBackup', 'example=backupCancellationNotAllowed', `/topology/v1/appBackups/${EXAMPLE_BACKUP}`, '409'],
  ])('%s still answers its documented example for Prefer: %s', async (operationId, prefer, path, status) => {
    const mock = shared;
    const method = operationId.startsWith('delete') ? 'DELETE' : 'GET';
    const response = await fetch(`${mock.base}/accounts/${EXAMPLE_ACCOUNT}${path}`, {
      method,
      headers: { ...auth, prefer },
    });
    expect(String(response.status)).toBe(status);
    const expected = exampleCases(spec).find(
      (c) => c.operationId === operationId && c.status === status && prefer.endsWith(c.exampleName),
    )?.value;
    expect(await response.json()).toEqual(expected ?? documented(operationId, status));
  });

  it('serves another loopback address given as HOST, without a warning, and accepts it as Host', async () => {
    const mock = await start({ env: { HOST: '127.0.0.2' } });
    const base = mock.base;
    expect(base).toMatch(/^http:\/\/127\.0\.0\.2:/);
    expect(mock.output()).not.toMatch(/warning/);
    const response = await fetch(`${base}/accounts/${EXAMPLE_ACCOUNT}/topology/v1/appBackups?limit=1`, {
      headers: auth,
    });
    expect(response.status).toBe(200);
    mock.child.kill('SIGTERM');
    await exited(mock.child);
  });

  it('warns when HOST reaches beyond this machine, and then allows this machine’s names in Host', () => {
    expect(['127.0.0.1', '127.0.0.2', '::1', 'localhost'].map(isLoopback)).toEqual([true, true, true, true]);
    expect(['0.0.0.0', '::', '192.168.1.5', 'mock.example'].map(isLoopback)).toEqual([false, false, false, false]);
    const names = allowedHostNames('0.0.0.0');
    expect(names.has(hostname().toLowerCase())).toBe(true);
    expect(names.has('evil.example')).toBe(false);
    expect(allowedHostNames('127.0.0.1', ['team-mock.local']).has('team-mock.local')).toBe(true);
  });

  it('serves the plain Prism example mock with MOCK=examples', async () => {
    const mock = await start({ env: { MOCK: 'examples' } });
    const response = await fetch(`${mock.base}/accounts/${EXAMPLE_ACCOUNT}/topology/v1/appBackups/${EXAMPLE_BACKUP}`, {
      headers: auth,
    });
    expect(await response.json()).toEqual(documented('getAppBackup', '200'));
    const dynamic = await fetch(`${mock.base}/accounts/${EXAMPLE_ACCOUNT}/topology/v1/appBackups/${EXAMPLE_BACKUP}`, {
      headers: { ...auth, prefer: 'dynamic=true' },
    });
    expect(dynamic.status).toBe(200);
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    // Issue 22 item 10: a key outside Latin-1 once crashed Prism (its sl-violations header).
    const wide = await fetch(`${mock.base}/accounts/${EXAMPLE_ACCOUNT}/k8s/v1/apps/${EXAMPLE_APPS.shop}/appBackups`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/astra-appBackup+json' },
      body: JSON.stringify({ type: 'application/astra-appBackup', version: '1.1', metadata: { '\u2603': 1 } }),
    });
    expect(wide.status).toBe(400);
    expect(await wide.json()).toMatchObject({ type: 'https://astra.netapp.io/problems/8' });
    // Issue 22 item 6: a DELETE body of null answers at once; HEAD is GET without a body.
    const deleted = await fetch(`${mock.base}/accounts/${EXAMPLE_ACCOUNT}/topology/v1/appBackups/${EXAMPLE_BACKUP}`, {
      method: 'DELETE',
      headers: { ...auth, 'content-type': 'application/json' },
      body: 'null',
      signal: AbortSignal.timeout(10_000),
    });
    expect(deleted.status).toBe(400);
    const head = await fetch(`${mock.base}/accounts/${EXAMPLE_ACCOUNT}/topology/v1/appBackups/${EXAMPLE_BACKUP}`, {
      method: 'HEAD',
      headers: auth,
    });
    expect([head.status, await head.text()]).toEqual([200, '']);
    const unauthorized = await fetch(`${mock.base}/accounts/${EXAMPLE_ACCOUNT}/topology/v1/appBackups`);
    expect(unauthorized.status).toBe(401);
    expect(await unauthorized.json()).toMatchObject({ type: 'https://astra.netapp.io/problems/3' });
    expect(mock.child.exitCode).toBeNull();
  });

  it('exits when the npm that started it is killed outright (SIGKILL: no signal reaches the mock)', async () => {
    const mock = await start({ viaNpm: true });
    const below = descendants(mock.child.pid as number);
    expect(below.length).toBeGreaterThanOrEqual(1);
    process.kill(mock.child.pid as number, 'SIGKILL');
    const deadline = Date.now() + 20_000;
    while ((below.some(alive) || (await listening(mock.port))) && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 100));
    expect(below.filter(alive)).toEqual([]);
    expect(await listening(mock.port)).toBe(false);
  });

  it.concurrent.each([
    ['SIGINT to node', false, 'SIGINT'],
    ['SIGTERM to node', false, 'SIGTERM'],
    ['SIGTERM to npm', true, 'SIGTERM'],
    ['SIGINT to npm', true, 'SIGINT'],
  ] as const)('stops on %s: no process left, the port free', async (_, viaNpm, signal) => {
    const mock = await start({ viaNpm });
    expect(await listening(mock.port)).toBe(true);
    const below = descendants(mock.child.pid as number);
    // Prism runs in the mock's process: node has no child; npm has the mock (through a shell).
    if (viaNpm) expect(below.length, 'the mock below npm').toBeGreaterThanOrEqual(1);
    else expect(below, 'no Prism process').toEqual([]);
    mock.child.kill(signal);
    const code = await exited(mock.child);
    // The mock itself exits 0 on a signal (npm reports a signal its own way).
    if (!viaNpm) expect(code).toBe(0);
    // npm may exit before its child has finished stopping: wait, bounded, for the port.
    const deadline = Date.now() + 15_000;
    while ((await listening(mock.port)) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    expect(await listening(mock.port)).toBe(false);
    while (below.some(alive) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    expect(below.filter(alive)).toEqual([]);
  });
});
