// `npm start` as a frontend team uses it: the mock answers each operation with the
// documents' example, honours Prefer, and answers bad input with 4xx problems.
import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, stopProcess, waitForHttp } from '../../scripts/lib/prism.mjs';
import { exampleCases, loadSpec, root } from '../support/spec.js';

const account = '9ff53b28-2a88-4b1c-8b4a-2d3c1a4f0b5e';
const app = '2b7d3f5c-1e8a-4c6b-9d0e-7f1a2b3c4d5e';
const backup = '54fe651d-3d3b-5fa8-b85c-5db757885ff3';
const auth = { authorization: 'Bearer test-token' };
const spec = loadSpec();
const documented = (operationId: string, status: string) =>
  exampleCases(spec).find((c) => c.operationId === operationId && c.status === status)?.value;

let mock: ChildProcess;
let base: string;

beforeAll(async () => {
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  mock = spawn(process.execPath, [join(root, 'scripts', 'mock.mjs')], {
    cwd: root,
    env: { ...process.env, PORT: String(port) },
    stdio: 'pipe',
  });
  let output = '';
  mock.stdout?.on('data', (d) => {
    output += d;
  });
  await waitForHttp(`${base}/`, { child: mock, timeoutMs: 30_000 });
  const deadline = Date.now() + 5_000;
  while (!output.includes(`at ${base}`) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  if (!output.includes(`at ${base}`)) throw new Error(`npm start did not print its base URL:\n${output}`);
});
afterAll(async () => {
  if (mock) await stopProcess(mock);
});

/** A request the mock should accept: no violation at all. An invalid one: only violations of the request. */
async function call(
  method: string,
  path: string,
  headers: Record<string, string> = {},
  body?: string,
  { invalidRequest = false } = {},
) {
  const response = await fetch(`${base}/accounts/${account}${path}`, { method, headers, body: body ?? null });
  const violations = JSON.parse(response.headers.get('sl-violations') ?? '[]') as { location: string[] }[];
  if (invalidRequest)
    expect(
      violations.filter((v) => v.location[0] !== 'request'),
      `${method} ${path}`,
    ).toEqual([]);
  else expect(violations, `${method} ${path}`).toEqual([]);
  const text = await response.text();
  return {
    status: response.status,
    type: response.headers.get('content-type'),
    body: text ? JSON.parse(text) : undefined,
  };
}

const createBody = JSON.stringify({ type: 'application/astra-appBackup', version: '1.1', name: 'app-name-245' });
const json = { 'content-type': 'application/json' };
const operations: [string, string, string, string, Record<string, string>, string?][] = [
  ['listAppBackups', 'GET', '/topology/v1/appBackups', '200', {}],
  ['getAppBackup', 'GET', `/topology/v1/appBackups/${backup}`, '200', {}],
  ['deleteAppBackup', 'DELETE', `/topology/v1/appBackups/${backup}`, '204', {}],
  ['createAppBackupForApp', 'POST', `/k8s/v1/apps/${app}/appBackups`, '201', json, createBody],
  ['listAppBackupsForApp', 'GET', `/k8s/v1/apps/${app}/appBackups`, '200', {}],
  ['getAppBackupForApp', 'GET', `/k8s/v1/apps/${app}/appBackups/${backup}`, '200', {}],
  ['deleteAppBackupForApp', 'DELETE', `/k8s/v1/apps/${app}/appBackups/${backup}`, '204', {}],
];

describe('the mock started by npm start', () => {
  it.each(operations)('%s answers its documented example', async (operationId, method, path, status, headers, body) => {
    const response = await call(method, path, { ...auth, ...headers }, body);
    expect(String(response.status)).toBe(status);
    expect(response.body).toEqual(documented(operationId, status));
  });

  it.each(operations)(
    '%s answers Prefer: code=404 with its documented 404 problem',
    async (operationId, method, path, _s, headers, body) => {
      const response = await call(method, path, { ...auth, ...headers, prefer: 'code=404' }, body);
      expect(response.status).toBe(404);
      expect(response.type).toBe('application/problem+json');
      expect(response.body).toEqual(documented(operationId, '404'));
    },
  );

  it.each(operations)(
    '%s without a token answers the documented 401 problem',
    async (operationId, method, path, _s, headers, body) => {
      const response = await call(method, path, headers, body, { invalidRequest: true });
      expect(response.status).toBe(401);
      expect(response.body).toEqual(documented(operationId, '401'));
    },
  );

  it.each([
    ['a name that is no DNS-1123 label', { type: 'application/astra-appBackup', version: '1.1', name: 'Not_Valid' }],
    ['no type and version', { name: 'app-name-245' }],
    ['an unknown version', { type: 'application/astra-appBackup', version: '9.9' }],
    ['a bucketID that is no identifier', { type: 'application/astra-appBackup', version: '1.1', bucketID: 'nope' }],
  ])('answers a create body with %s with a 400 problem, never a 500', async (_, body) => {
    const response = await fetch(`${base}/accounts/${account}/k8s/v1/apps/${app}/appBackups`, {
      method: 'POST',
      headers: { ...auth, ...json },
      body: JSON.stringify(body),
    });
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    expect(await response.json()).toMatchObject({ status: '400', title: expect.any(String) });
  });

  it('answers a create body that is not JSON with problem 7, as the live API does, never a 500', async () => {
    const response = await fetch(`${base}/accounts/${account}/k8s/v1/apps/${app}/appBackups`, {
      method: 'POST',
      headers: { ...auth, ...json, origin: 'http://localhost:5173' },
      body: '{"type": "application/astra-appBackup",',
    });
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    expect(response.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
    expect(await response.json()).toEqual(
      exampleCases(spec).find((c) => c.exampleName === 'invalidJsonPayload')?.value,
    );
  });

  it('picks a named example with Prefer: example=NAME', async () => {
    const response = await call('GET', `/topology/v1/appBackups/${backup}`, {
      ...auth,
      prefer: 'example=appBackupCompleted',
    });
    expect(response.body).toMatchObject({ state: 'completed', percentDone: 100 });
  });

  it('allows cross-origin calls from a frontend (CORS)', async () => {
    const response = await fetch(`${base}/accounts/${account}/topology/v1/appBackups`, {
      method: 'OPTIONS',
      headers: {
        origin: 'http://localhost:5173',
        'access-control-request-method': 'GET',
        'access-control-request-headers': 'authorization',
      },
    });
    expect(response.status).toBeLessThan(300);
    expect(response.headers.get('access-control-allow-origin')).toMatch(/\*|http:\/\/localhost:5173/);
  });
  it('stops cleanly on Ctrl-C: the process exits 0 and Prism no longer answers', async () => {
    const exited = new Promise<number | null>((resolve) => mock.once('exit', (code) => resolve(code)));
    mock.kill('SIGINT');
    expect(await exited).toBe(0);
    await expect(fetch(`${base}/`, { signal: AbortSignal.timeout(2_000) })).rejects.toThrow();
  });
});
