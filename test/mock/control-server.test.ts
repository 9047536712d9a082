// The control endpoints (/__astra/…) in both server modes: the packaged server
// (`astra-backups mock`) and npm start's stack, where the front applies latency, drops and
// stalls before Prism (Prism would answer a stall with its own 504). The acceptance
// over HTTP: reset restores the seed, a fixture's running backup at 40 %, advance, a fault
// once then success, 300 ms of latency seen by order of events, byte-identical seeded runs,
// the journal, and a reset from a page (Origin, no token) refused with nothing changed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMock } from '../../scripts/mock/start.mjs';
import { EXAMPLE_ACCOUNT, EXAMPLE_APPS } from '../../src/mock/index.js';
import { startMockServer } from '../../src/mock-server/index.js';
import { controlFixture, OTHER_ACCOUNT, RUNNING } from '../support/control-fixture.js';

const TOKEN = 'control-token-for-tests';
const auth = { authorization: 'Bearer secret-bearer-456' };
const CREATE = { ...auth, 'content-type': 'application/astra-appBackup+json' };
interface Served {
  url: string;
  logs: string[];
  stop(): Promise<void>;
}

async function packaged(seed = 'server-tests'): Promise<Served> {
  const logs: string[] = [];
  const server = await startMockServer({ port: 0, seed, controlToken: TOKEN, log: (line) => logs.push(line) });
  return { url: server.url, logs, stop: () => server.close() };
}

async function stack(): Promise<Served> {
  const logs: string[] = [];
  const mock = await startMock({
    seed: 'server-tests',
    controlToken: TOKEN,
    log: (line) => logs.push(line),
  });
  return { url: mock.url, logs, stop: () => mock.stop() };
}

const MODES = [
  ['the packaged server', packaged],
  ['npm start (front, Prism, simulator)', stack],
] as const;

describe.each(MODES)('control over HTTP: %s', (_, start) => {
  let served: Served;
  beforeAll(async () => {
    served = await start();
  });
  afterAll(() => served?.stop());

  const control = (path: string, method = 'POST', body?: unknown, headers: Record<string, string> = {}) =>
    fetch(`${served.url}/__astra/${path}`, {
      method,
      headers: body === undefined ? headers : { 'content-type': 'application/json', ...headers },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  const api = (path: string, init: RequestInit = {}) =>
    fetch(`${served.url}/accounts/${EXAMPLE_ACCOUNT}${path}`, { headers: auth, ...init });
  const create = (name: string) =>
    api(`/k8s/v1/apps/${EXAMPLE_APPS.shop}/appBackups`, {
      method: 'POST',
      headers: CREATE,
      body: JSON.stringify({ type: 'application/astra-appBackup', version: '1.1', name }),
    });

  it('reset between two tests restores the seed: the same create gets the same answer again', async () => {
    expect((await control('reset')).status).toBe(200);
    const first = await (await create('between-tests')).text();
    expect((await create('between-tests')).status).toBe(409);
    expect((await control('reset')).status).toBe(200);
    expect(await (await create('between-tests')).text()).toBe(first);
  });

  it('serves a fixture running backup at 40 %, and advance moves a created backup to completed with no wait', async () => {
    expect((await control('fixtures', 'POST', controlFixture())).status).toBe(200);
    const running = await (
      await fetch(`${served.url}/accounts/${OTHER_ACCOUNT}/topology/v1/appBackups/${RUNNING}`, { headers: auth })
    ).json();
    expect(running).toMatchObject({ state: 'running', percentDone: 40, bytesDone: 400_000 });
    const created = await (await create('advance-me')).json();
    expect(created.state).toBe('pending');
    const moved = await control('time', 'POST', { advanceMs: 20_000 });
    expect(moved.status).toBe(200);
    const done = await (await api(`/topology/v1/appBackups/${created.id}`)).json();
    expect(done).toMatchObject({ state: 'completed', percentDone: 100 });
  });

  it("a fault on create gives Astra's problem once, then creation works", async () => {
    const added = await control('faults', 'POST', { operationId: 'createAppBackupForApp', fault: 503, retryAfter: 2 });
    expect(added.status).toBe(201);
    const refused = await create('fault-once');
    expect(refused.status).toBe(503);
    expect(refused.headers.get('retry-after')).toBe('2');
    expect(await refused.json()).toMatchObject({ type: 'https://astra.netapp.io/problems/94', status: '503' });
    expect((await create('fault-once')).status).toBe(201);
  });

  it('300 ms of latency on one operation: its answer comes no sooner, and another operation overtakes it', async () => {
    await control('latency', 'POST', { operationId: 'listAppBackups', ms: 300 });
    const events: string[] = [];
    const began = performance.now();
    const slow = api('/topology/v1/appBackups?limit=1').then(async (r) => {
      await r.arrayBuffer();
      events.push('list');
      return performance.now() - began;
    });
    const quick = api(`/topology/v1/appBackups/${RUNNING}`).then(async (r) => {
      await r.arrayBuffer();
      events.push('get');
    });
    const [elapsed] = await Promise.all([slow, quick]);
    expect(events).toEqual(['get', 'list']);
    expect(elapsed).toBeGreaterThanOrEqual(299);
    expect((await control('latency', 'DELETE')).status).toBe(200);
  });

  it('a dropped connection is a network error; a stall holds the answer until the client gives up', async () => {
    await control('faults', 'POST', { operationId: 'listAppBackups', fault: 'drop' });
    await expect(api('/topology/v1/appBackups?limit=1')).rejects.toThrow(TypeError);
    await control('faults', 'POST', { operationId: 'listAppBackups', fault: 'stall' });
    const controller = new AbortController();
    let settled = false;
    const stalled = api('/topology/v1/appBackups?limit=1', { signal: controller.signal }).finally(() => {
      settled = true;
    });
    // The stall took the stalled request (the journal says so) before the next one is sent.
    const deadline = Date.now() + 10_000;
    for (;;) {
      const { entries } = await (await control('journal', 'GET')).json();
      if (entries.some((e: { fault?: string }) => e.fault === 'stall')) break;
      expect(Date.now(), 'the stalled request reached the server').toBeLessThan(deadline);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    // Answered while the stalled request waits: the server is not wedged, and nothing (Prism's 504) came back.
    expect((await api('/topology/v1/appBackups?limit=1')).status).toBe(200);
    expect(settled).toBe(false);
    controller.abort();
    await expect(stalled).rejects.toThrow(/abort/i);
    const journal = (await (await control('journal', 'GET')).json()).entries
      .filter((e: { operationId?: string }) => e.operationId === 'listAppBackups')
      .slice(-3);
    expect(journal.map((e: { fault?: string }) => e.fault ?? null)).toEqual(['drop', 'stall', null]);
  });

  it("the journal shows a create's body as sent, and never the token", async () => {
    await control('journal', 'DELETE');
    const body = '{"type":"application/astra-appBackup","version":"1.1","name":"journal-me"}';
    await api(`/k8s/v1/apps/${EXAMPLE_APPS.shop}/appBackups`, { method: 'POST', headers: CREATE, body });
    const { entries } = await (await control('journal', 'GET')).json();
    expect(entries).toEqual([
      expect.objectContaining({ method: 'POST', operationId: 'createAppBackupForApp', body, status: 201 }),
    ]);
    expect(entries[0].headers.authorization).toBe('[REDACTED]');
    expect(JSON.stringify(entries)).not.toContain('secret-bearer-456');
  });

  it('a reset with an Origin header and no control token is refused, and changes nothing; with the token it runs', async () => {
    await create('must-survive');
    const refused = await control('reset', 'POST', undefined, { origin: 'https://evil.example' });
    expect(refused.status).toBe(403);
    expect(refused.headers.get('access-control-allow-origin')).toBeNull();
    const names = (await (await api('/topology/v1/appBackups?include=name')).json()).items.flat();
    expect(names).toContain('must-survive');
    expect((await control('reset', 'GET')).status).toBe(405);
    const trusted = await control('reset', 'POST', undefined, {
      origin: 'https://ui.example',
      'x-astra-control-token': TOKEN,
    });
    expect(trusted.status).toBe(200);
    // The page that holds the token (the docs' Try it Reset) may read what it did.
    expect(trusted.headers.get('access-control-allow-origin')).toBe('*');
    const after = (await (await api('/topology/v1/appBackups?include=name')).json()).items.flat();
    expect(after).not.toContain('must-survive');
  });

  it('bad control input is a 400 naming the field, with nothing changed, and every operation is one line of the log', async () => {
    const before = await (await control('time', 'GET')).json();
    const bad = await control('time', 'POST', { freeze: true, scale: -1 });
    expect(bad.status).toBe(400);
    expect((await bad.json()).invalidFields).toEqual([{ name: 'scale', reason: expect.stringMatching(/above 0/) }]);
    expect(await (await control('time', 'GET')).json()).toMatchObject({ frozen: before.frozen, scale: before.scale });
    const lines = served.logs.filter((l) => l.startsWith('control '));
    expect(lines.some((l) => /^control POST \/__astra\/time -> 400: refused: scale must be/.test(l))).toBe(true);
    expect(lines.some((l) => l === 'control POST /__astra/reset -> 200: reset to the seeded state')).toBe(true);
    expect(served.logs.join('\n')).not.toContain('secret-bearer-456');
  });
});

describe('the seed, over HTTP', () => {
  it('two servers with the same seed give byte-identical answers to the same creates and lists; another seed other ids', async () => {
    const run = async (seed: string) => {
      const served = await packaged(seed);
      try {
        const texts: string[] = [];
        for (const name of ['snap-a', 'snap-b', 'snap-a']) {
          const response = await fetch(
            `${served.url}/accounts/${EXAMPLE_ACCOUNT}/k8s/v1/apps/${EXAMPLE_APPS.shop}/appBackups`,
            {
              method: 'POST',
              headers: CREATE,
              body: JSON.stringify({ type: 'application/astra-appBackup', version: '1.1', name }),
            },
          );
          texts.push(await response.text());
        }
        const list = await fetch(
          `${served.url}/accounts/${EXAMPLE_ACCOUNT}/k8s/v1/apps/${EXAMPLE_APPS.shop}/appBackups`,
          {
            headers: auth,
          },
        );
        texts.push(await list.text());
        return texts.map((t) => t.replaceAll(served.url, 'URL'));
      } finally {
        await served.stop();
      }
    };
    const one = await run('same');
    expect(await run('same')).toEqual(one);
    const other = await run('other');
    expect(JSON.parse(other[0] ?? '').id).not.toBe(JSON.parse(one[0] ?? '').id);
    expect(JSON.parse(other[2] ?? '').correlationID).not.toBe(JSON.parse(one[2] ?? '').correlationID);
  });
});
