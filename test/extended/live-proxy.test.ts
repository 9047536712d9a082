// Proof that the live suite catches a real server's deviation: it runs
// `npm run test:contract:live` against a small local upstream, once conforming
// to the spec (it must pass) and once sending a backup whose state is not in the
// enum (it must fail and report the violation). In test:extended: each run is a vitest
// of its own with a Prism proxy, most of a minute each on a loaded 2-core machine.
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runProcess } from '../support/run.js';
import { root } from '../support/spec.js';

const ACCOUNT = '9ff53b28-2a88-4b1c-8b4a-2d3c1a4f0b5e';
const TOKEN = 'upstream-token';

const backup = (deviate: boolean) => ({
  type: 'application/astra-appBackup',
  version: '1.1',
  id: '54fe651d-3d3b-5fa8-b85c-5db757885ff3',
  name: 'app-name-245',
  bucketID: '0afbe357-a717-4c7a-8b3d-d0368959c8de',
  state: deviate ? 'paused' : 'completed',
  stateUnready: [],
  metadata: {
    labels: [],
    creationTimestamp: '2022-10-06T20:58:16Z',
    modificationTimestamp: '2022-10-06T20:58:16Z',
    createdBy: 'x',
  },
});
const problem = (status: number, code: number, title: string) => ({
  type: `https://astra.netapp.io/problems/${code}`,
  title,
  detail: title,
  status: String(status),
});

// Two upstreams, one that keeps the contract and one that breaks it, so that the two
// runs of the live suite go at once.
const servers: Server[] = [];
const upstreams = { conforming: '', deviating: '' };

async function startUpstream(deviate: boolean): Promise<string> {
  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://x');
    const send = (status: number, body: unknown, type: string) => {
      response.writeHead(status, { 'content-type': type });
      response.end(JSON.stringify(body));
    };
    if (request.headers.authorization !== `Bearer ${TOKEN}`)
      return send(401, problem(401, 4, 'Invalid bearer token'), 'application/problem+json');
    if (url.pathname === `/accounts/${ACCOUNT}/topology/v1/appBackups`) {
      const include = url.searchParams.get('include')?.split(',');
      const item = backup(deviate) as Record<string, unknown>;
      return send(
        200,
        {
          type: 'application/astra-appBackups',
          version: '1.1',
          items: [include ? include.map((f) => item[f]) : item],
          metadata: {},
        },
        'application/json',
      );
    }
    if (url.pathname === `/accounts/${ACCOUNT}/topology/v1/appBackups/${backup(deviate).id}`)
      return send(200, backup(deviate), 'application/json');
    return send(404, problem(404, 1, 'Resource not found'), 'application/problem+json');
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  return `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
}

beforeAll(async () => {
  [upstreams.conforming, upstreams.deviating] = await Promise.all([startUpstream(false), startUpstream(true)]);
});
afterAll(() =>
  Promise.all(
    servers.map(
      (server) =>
        new Promise<void>((resolve) => {
          server.closeAllConnections();
          server.close(() => resolve());
        }),
    ),
  ),
);

async function runLiveSuite(upstream: string): Promise<{ code: number | null; output: string }> {
  const { code, stdout, stderr } = await runProcess(process.execPath, [join(root, 'scripts', 'contract-live.mjs')], {
    cwd: root,
    env: {
      ...process.env,
      ASTRA_URL: upstream,
      ASTRA_ACCOUNT_ID: ACCOUNT,
      ASTRA_TOKEN: TOKEN,
      FORCE_COLOR: '0',
      NO_COLOR: '1',
    },
  });
  return { code, output: stdout + stderr };
}

describe.concurrent('npm run test:contract:live (prism proxy --errors)', () => {
  it('passes against an upstream that keeps the contract', async () => {
    const { code, output } = await runLiveSuite(upstreams.conforming);
    expect(output).toContain('prism proxy --errors');
    expect(code, output).toBe(0);
  });

  it('fails, naming the violation, against an upstream whose backup state is not in the enum', async () => {
    const { code, output } = await runLiveSuite(upstreams.deviating);
    expect(code).not.toBe(0);
    expect(output).toMatch(/state/);
    expect(output).toMatch(/sl-violations|must be equal to one of the allowed values|enum/);
  });

  it('says clearly that it skipped when no Astra is configured', async () => {
    const { code, stdout: output } = await runProcess(process.execPath, [join(root, 'scripts', 'contract-live.mjs')], {
      cwd: root,
      env: { ...process.env, ASTRA_URL: '', ASTRA_ACCOUNT_ID: '', ASTRA_TOKEN: '' },
    });
    expect(code).toBe(0);
    expect(output).toContain('SKIPPED');
  });
});
