// Control through MSW (setupServer in Node): the simulator's JS API drives what the
// intercepted fetch sees. A fault's problem once then success, a dropped connection as a
// network error, a stall until the caller aborts, and the journal of what was sent.
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createAstraSimulator, EXAMPLE_ACCOUNT, EXAMPLE_APPS } from '../../src/mock/index.js';
import { astraHandlers } from '../../src/msw/index.js';

const BASE = 'https://astra.msw.test';
const sim = createAstraSimulator({ seed: 'msw' });
const server = setupServer(...astraHandlers(sim, { baseUrl: BASE }));
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterAll(() => server.close());
beforeEach(() => sim.reset());

const auth = { authorization: 'Bearer msw-secret-token' };
const createUrl = `${BASE}/accounts/${EXAMPLE_ACCOUNT}/k8s/v1/apps/${EXAMPLE_APPS.shop}/appBackups`;
const create = (name: string) =>
  fetch(createUrl, {
    method: 'POST',
    headers: { ...auth, 'content-type': 'application/astra-appBackup+json' },
    body: JSON.stringify({ type: 'application/astra-appBackup', version: '1.1', name }),
  });

describe('control through MSW handlers', () => {
  it("a fault on create gives Astra's problem once, then success; the journal shows the body as sent", async () => {
    sim.faults.add({ operationId: 'createAppBackupForApp', fault: 503 });
    const refused = await create('msw-fault');
    expect(refused.status).toBe(503);
    expect(refused.headers.get('retry-after')).toBe('1');
    expect((await refused.json()).title).toBe('Backup not created');
    expect((await create('msw-fault')).status).toBe(201);
    const [first, second] = sim.journal.entries();
    expect(first).toMatchObject({ status: 503, fault: 'status', operationId: 'createAppBackupForApp' });
    expect(second?.body).toBe('{"type":"application/astra-appBackup","version":"1.1","name":"msw-fault"}');
    expect(JSON.stringify(sim.journal.entries())).not.toContain('msw-secret-token');
  });

  it('a dropped connection is a network error; a stall lasts until the caller aborts', async () => {
    sim.faults.add({ operationId: 'listAppBackups', fault: 'drop' });
    const list = `${BASE}/accounts/${EXAMPLE_ACCOUNT}/topology/v1/appBackups?limit=1`;
    await expect(fetch(list, { headers: auth })).rejects.toThrow(TypeError);
    sim.faults.add({ operationId: 'listAppBackups', fault: 'stall' });
    const controller = new AbortController();
    const stalled = fetch(list, { headers: auth, signal: controller.signal });
    let settled = false;
    stalled
      .catch(() => undefined)
      .finally(() => {
        settled = true;
      });
    expect((await fetch(list, { headers: auth })).status).toBe(200);
    expect(settled).toBe(false);
    controller.abort();
    await expect(stalled).rejects.toThrow(/abort/i);
  });

  it('advance moves a created backup to completed, with the seed frozen clock', async () => {
    const created = await (await create('msw-advance')).json();
    expect(created.metadata.creationTimestamp).toBe('2026-11-02T09:00:00.000Z');
    sim.time.advance(20_000);
    const url = `${BASE}/accounts/${EXAMPLE_ACCOUNT}/topology/v1/appBackups/${created.id}`;
    expect((await (await fetch(url, { headers: auth })).json()).state).toBe('completed');
  });
});
