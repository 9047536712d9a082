// The packaged server hands the simulator what the socket brought, with no Fetch Request, no
// AbortSignal and no Response in between (the bench's floor: a bare node:http server sending
// the same bytes). What the simulator sees must be what it sees through `fetch`: the same
// headers (a repeated one joined, as Fetch joins it), the same journal, the same answers,
// and a stall still ends when the client goes away.
import { request as httpRequest } from 'node:http';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  type AstraSimulator,
  createAstraSimulator,
  EXAMPLE_ACCOUNT,
  EXAMPLE_APPS,
  EXAMPLE_BACKUP,
  EXAMPLE_COMPLETED_BACKUP,
} from '../../src/mock/index.js';
import { type MockServer, startMockServer } from '../../src/mock-server/index.js';
import { rawRequest } from '../support/raw-http.js';

const servers: MockServer[] = [];
afterEach(async () => {
  vi.unstubAllGlobals();
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function serve(
  simulator: AstraSimulator,
  options: Parameters<typeof startMockServer>[0] = {},
): Promise<MockServer> {
  const server = await startMockServer({ port: 0, simulator, ...options });
  servers.push(server);
  return server;
}

const raw = rawRequest;

const account = `/accounts/${EXAMPLE_ACCOUNT}`;
const auth: [string, string] = ['Authorization', 'Bearer direct-token'];

describe('the packaged server, straight to the simulator', () => {
  it('builds no Fetch Request, Response or AbortSignal for an ordinary answer', async () => {
    const server = await serve(createAstraSimulator({ seed: 'direct' }));
    // Counted from here: the client below is node:http, so every one made is the server's.
    const made = { Request: 0, Response: 0, AbortController: 0 };
    for (const name of ['Request', 'Response', 'AbortController'] as const) {
      const Original = globalThis[name] as unknown as new (...args: unknown[]) => object;
      vi.stubGlobal(
        name,
        class extends Original {
          constructor(...args: unknown[]) {
            super(...args);
            made[name]++;
          }
        },
      );
    }
    const app = EXAMPLE_APPS.shop;
    const answers = [
      await raw(`${server.url}${account}/topology/v1/appBackups?include=id,name,state&limit=2`, { headers: [auth] }),
      await raw(`${server.url}${account}/topology/v1/appBackups/${EXAMPLE_BACKUP}`, { headers: [auth] }),
      await raw(`${server.url}${account}/topology/v1/appBackups/${EXAMPLE_BACKUP}`, {
        method: 'HEAD',
        headers: [auth],
      }),
      await raw(`${server.url}${account}/k8s/v1/apps/${app}/appBackups`, {
        method: 'POST',
        headers: [auth, ['Content-Type', 'application/astra-appBackup+json']],
        body: JSON.stringify({ type: 'application/astra-appBackup', version: '1.1', name: 'direct-1' }),
      }),
      await raw(`${server.url}${account}/topology/v1/appBackups/${EXAMPLE_BACKUP}`),
    ];
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 201, 401]);
    expect(made).toEqual({ Request: 0, Response: 0, AbortController: 0 });
    // HEAD has GET's headers, Content-Length included, and no body.
    expect(answers[2]?.headers['content-length']).toBe(answers[1]?.headers['content-length']);
    expect(answers[2]?.body).toBe('');
    expect(Number(answers[1]?.headers['content-length'])).toBe(Buffer.byteLength(answers[1]?.body ?? ''));
    expect(answers[4]?.headers['www-authenticate']).toBe('Bearer');
  });

  it('sends the bytes the Request path sends (a step in between), headers in the same order, and fetch the same', async () => {
    const viaServer = createAstraSimulator({ seed: 'same' });
    const viaStep = createAstraSimulator({ seed: 'same' });
    const viaFetch = createAstraSimulator({ seed: 'same' });
    for (const sim of [viaServer, viaStep, viaFetch])
      sim.faults.add({ operationId: 'listAppBackups', fault: 503, times: 2 });
    const server = await serve(viaServer);
    // A step makes the server build a Request and write the simulator's Response: the other path.
    const stepped = await serve(viaStep, { step: (request, sim) => sim.handle(request) });
    const app = EXAMPLE_APPS.shop;
    const requests: { path: string; method?: string; headers: [string, string][]; body?: string }[] = [
      { path: `${account}/topology/v1/appBackups?limit=3`, headers: [auth] },
      { path: `${account}/topology/v1/appBackups?limit=3`, method: 'HEAD', headers: [auth] },
      { path: `${account}/topology/v1/appBackups?limit=3`, headers: [auth] },
      { path: `${account}/topology/v1/appBackups`, method: 'HEAD', headers: [auth] },
      { path: `${account}/topology/v1/appBackups`, method: 'PUT', headers: [auth] },
      { path: `${account}/topology/v1/appBackups`, method: 'OPTIONS', headers: [auth] },
      { path: `${account}/topology/v1/appBackups?include=id,state&limit=1000`, headers: [auth] },
      { path: `${account}/topology/v1/appBackups?limit=0`, headers: [auth] },
      {
        path: `${account}/k8s/v1/apps/${app}/appBackups`,
        method: 'POST',
        headers: [auth, ['Content-Type', 'application/astra-appBackup+json']],
        body: '{"type":"application/astra-appBackup","version":"1.1","name":"same-1"}',
      },
      {
        path: `${account}/k8s/v1/apps/${app}/appBackups`,
        method: 'POST',
        // A string body with no Content-Type is text/plain to fetch: given here, the two requests are the same.
        headers: [auth, ['Content-Type', 'application/astra-appBackup+json']],
        body: '"x"',
      },
      { path: `${account}/topology/v1/appBackups/${EXAMPLE_BACKUP}`, method: 'DELETE', headers: [auth] },
      { path: `${account}/topology/v1/appBackups/${EXAMPLE_COMPLETED_BACKUP}`, method: 'DELETE', headers: [auth] },
      { path: `${account}/topology/v1/appBackups/${EXAMPLE_COMPLETED_BACKUP}`, method: 'HEAD', headers: [auth] },
      { path: `${account}/topology/v1/appBackups/${EXAMPLE_BACKUP}`, headers: [['Authorization', 'Basic x']] },
    ];
    // What the two servers send, but the Date (and the connection's own headers).
    const sent = (answer: Awaited<ReturnType<typeof raw>>) => ({
      status: answer.status,
      headers: answer.rawHeaders
        .flatMap((value, i) => (i % 2 ? [] : [[value.toLowerCase(), answer.rawHeaders[i + 1]]]))
        .filter(([name]) => !['date', 'connection', 'keep-alive'].includes(name as string)),
      body: answer.body,
    });
    for (const r of requests) {
      const init = {
        method: r.method ?? 'GET',
        headers: r.headers,
        ...(r.body === undefined ? {} : { body: r.body }),
      };
      const served = await raw(`${server.url}${r.path}`, init);
      const viaRequest = await raw(`${stepped.url}${r.path}`, init);
      expect(sent(served), `${init.method} ${r.path}`).toEqual({
        ...sent(viaRequest),
        // The Location names the server it came from.
        headers: sent(viaRequest).headers.map(([name, value]) => [
          name,
          name === 'location' ? value?.replace(stepped.url, server.url) : value,
        ]),
      });
      const fetched = await viaFetch.fetch(`${server.url}${r.path}`, {
        method: r.method ?? 'GET',
        headers: r.headers,
        ...(r.body === undefined ? {} : { body: r.body }),
      });
      const label = `${r.method ?? 'GET'} ${r.path}`;
      expect(served.status, label).toBe(fetched.status);
      expect(served.body, label).toBe(await fetched.text());
      expect(served.headers['content-type'], label).toBe(fetched.headers.get('content-type') ?? undefined);
      expect(served.headers.location, label).toBe(fetched.headers.get('location') ?? undefined);
    }
  });

  it('serves a simulator whose handle was replaced through that handle (a wrapper that logs or changes answers)', async () => {
    const sim = createAstraSimulator();
    const own = sim.handle;
    const seen: string[] = [];
    sim.handle = async (request) => {
      seen.push(`${request.method} ${new URL(request.url).pathname}`);
      const response = await own(request);
      const headers = new Headers(response.headers);
      headers.set('x-wrapped', 'yes');
      return new Response(response.body, { status: response.status, headers });
    };
    const server = await serve(sim);
    const answer = await raw(`${server.url}${account}/topology/v1/appBackups/${EXAMPLE_BACKUP}`, { headers: [auth] });
    expect(answer.status).toBe(200);
    expect(answer.headers['x-wrapped']).toBe('yes');
    expect(seen).toEqual([`GET ${account}/topology/v1/appBackups/${EXAMPLE_BACKUP}`]);
  });

  it('joins a repeated header as Fetch does: two Authorization headers are one value, refused', async () => {
    const sim = createAstraSimulator();
    const server = await serve(sim);
    const answer = await raw(`${server.url}${account}/topology/v1/appBackups/${EXAMPLE_BACKUP}`, {
      headers: [auth, ['authorization', 'Bearer other-token']],
    });
    expect(answer.status).toBe(401);
    expect(JSON.parse(answer.body)).toMatchObject({ type: 'https://astra.netapp.io/problems/3' });
  });

  it('journals what fetch journals: the same headers, repeated ones joined, secrets redacted', async () => {
    const viaServer = createAstraSimulator();
    const viaFetch = createAstraSimulator();
    const server = await serve(viaServer);
    const headers: [string, string][] = [
      auth,
      ['X-Trace', 'a'],
      ['x-trace', 'b'],
      ['Content-Type', 'application/astra-appBackup+json'],
      ['Cookie', 'session=1'],
    ];
    const path = `${account}/k8s/v1/apps/${EXAMPLE_APPS.shop}/appBackups`;
    const body = '{"type":"application/astra-appBackup","version":"1.1","name":"journal-1"}';
    await raw(`${server.url}${path}`, { method: 'POST', headers, body });
    await viaFetch.fetch(`${server.url}${path}`, { method: 'POST', headers, body });
    const [served] = viaServer.journal.entries();
    const [fetched] = viaFetch.journal.entries();
    expect(served?.headers).toEqual(fetched?.headers);
    expect(served?.headers).toMatchObject({ authorization: '[REDACTED]', cookie: '[REDACTED]', 'x-trace': 'a, b' });
    expect(Object.keys(served?.headers ?? {})).toEqual(Object.keys(served?.headers ?? {}).sort());
    expect({ ...served, at: 0, seq: 0 }).toEqual({ ...fetched, at: 0, seq: 0 });
    expect(served?.body).toBe(body);
    expect(served?.status).toBe(201);
  });

  it('a stall ends when the client goes away: the signal made for it aborts', async () => {
    const sim = createAstraSimulator();
    sim.faults.add({ operationId: 'getAppBackup', fault: 'stall' });
    const server = await serve(sim);
    // The server makes its AbortController only when something waits (here, the stall).
    const controllers: AbortController[] = [];
    const Original = globalThis.AbortController;
    vi.stubGlobal(
      'AbortController',
      class extends Original {
        constructor() {
          super();
          controllers.push(this);
        }
      },
    );
    const req = httpRequest(`${server.url}${account}/topology/v1/appBackups/${EXAMPLE_BACKUP}`, {
      headers: Object.fromEntries([auth]),
    });
    const failed = new Promise<void>((resolve) => req.on('error', () => resolve()));
    req.end();
    // The stall has the request once its signal is made: then the client leaves.
    await vi.waitFor(() => expect(controllers).toHaveLength(1), { timeout: 30_000, interval: 5 });
    const signal = controllers[0]?.signal as AbortSignal;
    expect(signal.aborted).toBe(false);
    req.destroy();
    await failed;
    // Waited for as an event, with a bound: were it never aborted, the stall would hold on for ten minutes.
    let bound: ReturnType<typeof setTimeout> | undefined;
    await Promise.race([
      new Promise((resolve) =>
        signal.aborted ? resolve(undefined) : signal.addEventListener('abort', resolve, { once: true }),
      ),
      new Promise((_, reject) => {
        bound = setTimeout(() => reject(new Error('the stall’s signal did not abort when the client left')), 60_000);
      }),
    ]).finally(() => clearTimeout(bound));
    expect(signal.aborted).toBe(true);
    expect(sim.journal.entries().map((e) => e.fault)).toEqual(['stall']);
  });
});
