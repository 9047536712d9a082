// The simulator's HTTP server (`astra-backups mock`), around a stand-in simulator that
// echoes what it was asked: what reaches the simulator, what the server answers itself
// (Host check, body cap, CORS), and the command's arguments, start and stop.
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { AstraSimulatorCore, AstraSimulatorOptions } from '../../src/mock/index.js';
import { type MockServer, runMockCommand, startMockServer } from '../../src/mock-server/index.js';
import { rawRequest } from '../support/raw-http.js';

// The server makes its own simulator; to break it on purpose, the one it makes here breaks
// `name` in every answer of getAppBackup while `breakGet` is set.
const breaking = vi.hoisted(() => ({ breakGet: false }));
vi.mock('../../src/mock/index.js', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../src/mock/index.js')>();
  const { createSimulatorCore } = await import('../../src/mock/simulator.js');
  return {
    ...original,
    createAstraSimulator: (options?: AstraSimulatorOptions) =>
      createSimulatorCore(options, {
        tamper: (answer, operationId) => {
          if (breaking.breakGet && operationId === 'getAppBackup' && answer.body && typeof answer.body === 'object')
            (answer.body as Record<string, unknown>).name = 42;
        },
      }),
  };
});

interface Seen {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: string;
}

/** A simulator that records each request and answers with what it saw (201 and a Location for a POST). */
function echoSimulator(): AstraSimulatorCore & { seen: Seen[] } {
  const seen: Seen[] = [];
  const handle = async (request: Request) => {
    const entry = {
      method: request.method,
      url: request.url,
      headers: Object.fromEntries(request.headers),
      body: await request.text(),
    };
    seen.push(entry);
    return Response.json(entry, {
      status: request.method === 'POST' ? 201 : 200,
      headers: request.method === 'POST' ? { location: `${new URL(request.url).origin}/made/1` } : {},
    });
  };
  return { seen, handle, fetch: (input, init) => handle(new Request(input, init)), reset: () => seen.splice(0) };
}

/** One raw HTTP request (fetch cannot set Host, nor send a body with GET). */
const raw = rawRequest;

const servers: MockServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});
async function serve(options: Parameters<typeof startMockServer>[0] = {}) {
  const simulator = echoSimulator();
  const server = await startMockServer({ port: 0, simulator, ...options });
  servers.push(server);
  return { server, simulator };
}

describe('the mock server', () => {
  it('hands the simulator the request as the client sent it, and writes its answer back with CORS', async () => {
    const { server, simulator } = await serve();
    const response = await fetch(`${server.url}/accounts/a/topology/v1/appBackups?limit=5`, {
      method: 'POST',
      headers: { authorization: 'Bearer t', 'content-type': 'application/astra-appBackup+json', 'x-request-id': 'r1' },
      body: '{"name":"n"}',
    });
    expect(response.status).toBe(201);
    expect(response.headers.get('location')).toBe(`${server.url}/made/1`);
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    expect(response.headers.get('access-control-expose-headers')?.split(', ')).toContain('location');
    const seen = simulator.seen[0];
    expect(seen?.url).toBe(`${server.url}/accounts/a/topology/v1/appBackups?limit=5`);
    expect(seen?.method).toBe('POST');
    expect(seen?.body).toBe('{"name":"n"}');
    expect(seen?.headers).toMatchObject({
      authorization: 'Bearer t',
      'content-type': 'application/astra-appBackup+json',
      'x-request-id': 'r1',
    });
    expect(seen?.headers).not.toHaveProperty('host');
    expect(await response.json()).toEqual(seen);
  });

  it('drops a body sent with a GET, as Astra ignores it', async () => {
    const { server, simulator } = await serve();
    const answer = await raw(`${server.url}/x`, {
      headers: { 'content-type': 'application/json', 'content-length': '2' },
      body: '{}',
    });
    expect(answer.status).toBe(200);
    expect(simulator.seen[0]?.body).toBe('');
  });

  it('answers a CORS preflight itself, allowing the tracing headers a browser asks for', async () => {
    const { server, simulator } = await serve();
    const answer = await raw(`${server.url}/accounts/a/topology/v1/appBackups`, {
      method: 'OPTIONS',
      headers: {
        origin: 'http://app.test:5173',
        'access-control-request-method': 'GET',
        'access-control-request-headers': 'authorization,traceparent,x-request-id',
      },
    });
    expect(answer.status).toBe(204);
    expect(answer.headers['access-control-allow-origin']).toBe('*');
    expect(String(answer.headers['access-control-allow-headers']).toLowerCase()).toContain('traceparent');
    expect(String(answer.headers['access-control-allow-headers']).toLowerCase()).toContain('x-request-id');
    expect(String(answer.headers['access-control-allow-headers']).toLowerCase()).toContain('authorization');
    expect(simulator.seen).toEqual([]);
  });

  it.each([
    ['a name that is not the mock', 'evil.example', 403],
    ['a rebinding name with the mock port', 'evil.example:4010', 403],
    ['the loopback address', '127.0.0.1', 200],
    ['localhost with a port', 'localhost:4010', 200],
    ['IPv6 loopback', '[::1]:4010', 200],
  ])('answers %s in Host with %s', async (_, host, status) => {
    const { server, simulator } = await serve();
    const answer = await raw(`${server.url}/x`, { headers: { host } });
    expect(answer.status).toBe(status);
    if (status === 403) {
      expect(JSON.parse(answer.body)).toMatchObject({
        type: 'https://astra.netapp.io/problems/11',
        title: 'Operation not permitted',
        status: '403',
      });
      expect(JSON.parse(answer.body).detail).toContain('--allowed-hosts');
      expect(answer.headers['content-type']).toBe('application/problem+json');
      expect(simulator.seen).toEqual([]);
    } else expect(simulator.seen).toHaveLength(1);
  });

  it('answers a method no Fetch Request can carry (TRACE) with 405 and Allow, as the core answers others', async () => {
    const { server, simulator } = await serve();
    const answer = await raw(
      `${server.url}/accounts/9ff53b28-2a88-4b1c-8b4a-2d3c1a4f0b5e/topology/v1/appBackups/54fe651d-3d3b-5fa8-b85c-5db757885ff3`,
      { method: 'TRACE' },
    );
    expect(answer.status).toBe(405);
    expect(answer.headers.allow).toBe('GET, HEAD, DELETE, OPTIONS');
    expect(JSON.parse(answer.body)).toMatchObject({ type: 'https://astra.netapp.io/problems/11', status: '405' });
    expect(simulator.seen).toEqual([]);
  });

  it('allows more Host names when told to', async () => {
    const { server } = await serve({ allowedHosts: ['Team-Mock.local'] });
    expect((await raw(`${server.url}/x`, { headers: { host: 'team-mock.local:4010' } })).status).toBe(200);
  });

  it('refuses a body over the cap with problem 7, without asking the simulator; one at the cap passes', async () => {
    const { server, simulator } = await serve({ maxBodyBytes: 1_000 });
    const over = await raw(`${server.url}/x`, { method: 'POST', body: Buffer.alloc(5_000, 0x20) });
    expect(over.status).toBe(400);
    expect(JSON.parse(over.body)).toMatchObject({
      type: 'https://astra.netapp.io/problems/7',
      title: 'Invalid JSON payload',
      detail: 'The request body is over 1000 bytes.',
    });
    expect(simulator.seen).toEqual([]);
    const at = await raw(`${server.url}/x`, { method: 'POST', body: Buffer.alloc(1_000, 0x20) });
    expect(at.status).toBe(201);
    expect(simulator.seen[0]?.body).toHaveLength(1_000);
  });

  it('never serves an answer that broke the spec: the client gets a 500 problem, the terminal a SPEC VIOLATION', async () => {
    const alarms: string[] = [];
    const server = await startMockServer({ port: 0, alarm: (line) => alarms.push(line) });
    servers.push(server);
    const url = `${server.url}/accounts/9ff53b28-2a88-4b1c-8b4a-2d3c1a4f0b5e/topology/v1/appBackups/54fe651d-3d3b-5fa8-b85c-5db757885ff3`;
    const auth = { headers: { authorization: 'Bearer t' } };
    expect((await fetch(url, auth)).status).toBe(200);
    breaking.breakGet = true;
    try {
      const broken = await fetch(url, auth);
      expect(broken.status).toBe(500);
      expect(broken.headers.get('content-type')).toBe('application/problem+json');
      expect(await broken.text()).not.toContain('"name":42');
    } finally {
      breaking.breakGet = false;
    }
    expect(alarms).toEqual([
      expect.stringMatching(
        /^\u2716 SPEC VIOLATION: the answer to getAppBackup \(status 200\) broke the spec:\n {2}.*name/s,
      ),
    ]);
  });

  it('sends an answer of one piece with its Content-Length, and a long one slice by slice as the core makes it', async () => {
    // A stand-in core that answers in slices, as the real one answers a long list; the server must
    // pass each slice on (chunked) rather than gather the whole answer first.
    const slices = ['{"items":[', '"a",', '"b",', '"c"', ']}'];
    let pulled = 0;
    const sliced: AstraSimulatorCore = {
      handle: async (request) =>
        new URL(request.url).pathname === '/one'
          ? Response.json({ one: 'piece' })
          : new Response(
              new ReadableStream<Uint8Array>({
                pull(controller) {
                  const slice = slices[pulled++];
                  if (slice === undefined) controller.close();
                  else controller.enqueue(new TextEncoder().encode(slice));
                },
              }),
              { headers: { 'content-type': 'application/json' } },
            ),
      fetch: (input, init) => sliced.handle(new Request(input, init)),
      reset: () => {},
    };
    const server = await startMockServer({ port: 0, simulator: sliced });
    servers.push(server);
    const one = await raw(`${server.url}/one`, {});
    expect(one.headers['content-length']).toBe(String(Buffer.byteLength(one.body)));
    expect(one.headers['transfer-encoding']).toBeUndefined();
    const long = await raw(`${server.url}/long`, {});
    expect(long.headers['transfer-encoding']).toBe('chunked');
    expect(long.headers['content-length']).toBeUndefined();
    expect(JSON.parse(long.body)).toEqual({ items: ['a', 'b', 'c'] });
    expect(pulled).toBe(slices.length + 1);
  });

  it('logs one line per request when asked', async () => {
    const lines: string[] = [];
    const { server } = await serve({ log: (line) => lines.push(line) });
    await (await fetch(`${server.url}/accounts/a?x=1`)).text();
    await expect.poll(() => lines).toEqual([expect.stringMatching(/^GET \/accounts\/a\?x=1 -> 200 \(\d+ ms\)$/)]);
  });
});

describe('astra-backups mock', () => {
  const io = () => {
    const out = { stdout: '', stderr: '' };
    const listeners = new Map<string, () => void>();
    return {
      out,
      signal: (name: string) => listeners.get(name)?.(),
      listening: () => listeners.size > 0,
      io: {
        stdout: { write: (t: string) => (out.stdout += t) },
        stderr: { write: (t: string) => (out.stderr += t) },
        once: (signal: string, listener: () => void) => listeners.set(signal, listener),
      },
    };
  };

  it.each([
    [['--port', 'abc'], '--port must be a whole number from 0 to 65535, got "abc"'],
    [['--port', '70000'], '--port must be a whole number from 0 to 65535, got "70000"'],
    [['--backup-ms', '5'], '--backup-ms must be a whole number from 10 to 86400000, got 5'],
    [['--backup-ms', '2s'], '--backup-ms must be a whole number from 10 to 86400000, got "2s"'],
    [['--seed', ''], '--seed (or ASTRA_MOCK_SEED) must be a non-empty string'],
    [['--control-token', 'short'], '--control-token (or ASTRA_MOCK_CONTROL_TOKEN) must be 16 to 256 printable ASCII'],
    [['--bogus'], "Unknown option '--bogus'"],
    [['extra'], "see 'astra-backups mock --help'"],
  ])('refuses %j with a usage error naming it (exit 2)', async (args, message) => {
    const t = io();
    expect(await runMockCommand(args, t.io)).toBe(2);
    expect(t.out.stderr).toContain(message);
    expect(t.out.stderr.split('\n').filter(Boolean)).toHaveLength(1);
    expect(t.out.stdout).toBe('');
  });

  it('prints its help', async () => {
    const t = io();
    expect(await runMockCommand(['--help'], t.io)).toBe(0);
    expect(t.out.stdout).toContain('Usage: astra-backups mock [--port N]');
  });

  it.each(['SIGINT', 'SIGTERM'])('serves, prints its address and the seeded ids, and stops on %s', async (signal) => {
    const t = io();
    const done = runMockCommand(['--port', '0', '--quiet'], t.io);
    await expect.poll(() => t.out.stdout, { timeout: 10_000 }).toMatch(/simulator at http/);
    expect(t.listening()).toBe(true);
    const url = /simulator at (http:\/\/127\.0\.0\.1:\d+)/.exec(t.out.stdout)?.[1];
    expect(url).toBeDefined();
    expect(t.out.stdout).toContain('Seeded account 9ff53b28-2a88-4b1c-8b4a-2d3c1a4f0b5e');
    expect(t.out.stdout).toContain('app c0a8e9f2-5b7d-4e1a-9c3f-2d8b6a4e1f70  270 nightly backups (paging)');
    expect((await fetch(`${url}/accounts/x`)).status).toBeGreaterThan(0);
    t.signal(signal);
    expect(await done).toBe(0);
    await expect(fetch(`${url}/accounts/x`)).rejects.toThrow();
  });

  it('says a port in use is in use, and how to pick another (exit 1)', async () => {
    const { server } = await serve();
    const t = io();
    expect(await runMockCommand(['--port', String(server.port)], t.io)).toBe(1);
    expect(t.out.stderr).toBe(
      `astra-backups: the mock did not start: port ${server.port} on 127.0.0.1 is in use; pass --port N (0 picks a free one)\n`,
    );
  });
});
