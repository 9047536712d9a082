// The simulator's control operations through its JS API and `sim.fetch` (no server): reset,
// seed, fixtures and dump, time, latency, faults, the journal, and the /__astra/ endpoints'
// safety rules through handleControl. The server modes run the same checks over HTTP
// (control-server.test.ts).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  type AstraSimulator,
  ControlInputError,
  createAstraSimulator,
  EXAMPLE_ACCOUNT,
  EXAMPLE_APPS,
  EXAMPLE_BACKUP,
  type Fixture,
  handleControl,
} from '../../src/mock/index.js';
import { createAstraClient, RateLimitError } from '../../src/sdk/index.js';
import { FAILED, controlFixture as fixture, OTHER_ACCOUNT, OTHER_APP, RUNNING } from '../support/control-fixture.js';

const BASE = 'http://astra.test';
const APP = EXAMPLE_APPS.shop;
const auth = { authorization: 'Bearer secret-token-123' };
const CREATE = { 'content-type': 'application/astra-appBackup+json', ...auth };
const listPath = (account = EXAMPLE_ACCOUNT) => `${BASE}/accounts/${account}/topology/v1/appBackups`;
const createPath = (app = APP, account = EXAMPLE_ACCOUNT) =>
  `${BASE}/accounts/${account}/k8s/v1/apps/${app}/appBackups`;
const backupPath = (id: string, account = EXAMPLE_ACCOUNT) => `${listPath(account)}/${id}`;
const newBackup = (name: string) => JSON.stringify({ type: 'application/astra-appBackup', version: '1.1', name });

let sim: AstraSimulator;
let violations: unknown[];
beforeEach(() => {
  violations = [];
  sim = createAstraSimulator({ backupMs: 10_000, seed: 'control-tests', onViolation: (v) => violations.push(v) });
});
afterEach(() => expect(violations).toEqual([]));

const create = (name: string, s = sim) =>
  s.fetch(createPath(), { method: 'POST', headers: CREATE, body: newBackup(name) });
const get = async (id: string, account = EXAMPLE_ACCOUNT) =>
  (await sim.fetch(backupPath(id, account), { headers: auth })).json();

describe('reset and seed', () => {
  it('reset() between two tests goes back to the seed: the same ids again, the created backup gone', async () => {
    const first = await (await create('between-tests')).json();
    sim.latency.set({ ms: 5 });
    sim.faults.add({ fault: 503 });
    sim.reset();
    expect(sim.latency.list()).toEqual([]);
    expect(sim.faults.list()).toEqual([]);
    expect(sim.journal.entries()).toEqual([]);
    const names = (await (await sim.fetch(`${createPath()}?include=name`, { headers: auth })).json()).items.flat();
    expect(names).not.toContain('between-tests');
    const again = await (await create('between-tests')).json();
    expect(again).toEqual(first);
  });

  it('two runs with the same seed give byte-identical answers; another seed gives other ids', async () => {
    const run = async (seed: string) => {
      const s = createAstraSimulator({ backupMs: 10_000, seed });
      const texts: string[] = [];
      for (const name of ['snap-a', 'snap-b']) texts.push(await (await create(name, s)).text());
      texts.push(await (await s.fetch(`${createPath()}?limit=5`, { headers: auth })).text());
      // A problem's correlationID comes from the seed too.
      texts.push(await (await create('snap-a', s)).text());
      return texts;
    };
    const one = await run('snapshot');
    expect(await run('snapshot')).toEqual(one);
    const other = await run('another');
    const ids = (texts: string[]) => texts.slice(0, 2).map((t) => JSON.parse(t).id);
    expect(ids(other)).not.toEqual(ids(one));
    expect(JSON.parse(other[3] ?? '').correlationID).not.toBe(JSON.parse(one[3] ?? '').correlationID);
    // The clock starts at the seeded instant, whatever the real time.
    expect(JSON.parse(one[0] ?? '').metadata.creationTimestamp).toBe('2026-11-02T09:00:00.000Z');
  });

  it('without a seed, ids are random and the clock is the one given', async () => {
    const at = Date.parse('2026-12-01T00:00:00Z');
    const a = createAstraSimulator({ now: () => at });
    const b = createAstraSimulator({ now: () => at });
    const [x, y] = [await (await create('same', a)).json(), await (await create('same', b)).json()];
    expect(x.id).not.toBe(y.id);
    expect(x.metadata.creationTimestamp).toBe('2026-12-01T00:00:00.000Z');
  });

  it('refuses a seed that is no seed', () => {
    expect(() => createAstraSimulator({ seed: '' })).toThrow(ControlInputError);
    expect(() => createAstraSimulator({ seed: Number.NaN })).toThrow(/options\.seed/);
  });
});

describe('fixtures and dump', () => {
  it('serves a fixture running backup at 40 %, and it goes on from there on the clock', async () => {
    sim.time.freeze();
    sim.load(fixture());
    const running = await get(RUNNING, OTHER_ACCOUNT);
    expect(running).toMatchObject({ state: 'running', percentDone: 40, bytesDone: 400_000, name: 'ui-running' });
    expect(running.metadata.creationTimestamp).toBe('2026-10-30T08:00:00.000Z');
    expect(running.metadata.labels).toEqual([{ name: 'team', value: 'ui' }]);
    // 10 s a backup, the first tenth pending: 9 s of running, 40 % of it done, 5.4 s to go.
    sim.time.advance(2_700);
    expect(await get(RUNNING, OTHER_ACCOUNT)).toMatchObject({ state: 'running', percentDone: 70 });
    sim.time.advance(2_700);
    expect(await get(RUNNING, OTHER_ACCOUNT)).toMatchObject({
      state: 'completed',
      percentDone: 100,
      bytesDone: 1_000_000,
    });
    // The failed one keeps every field it was loaded with.
    const failed = fixture().accounts[0]?.apps[0]?.backups[1];
    expect(await get(FAILED, OTHER_ACCOUNT)).toEqual(failed);
  });

  it('replaces the state of the accounts it names, and only theirs', async () => {
    await create('kept-in-example');
    await sim.fetch(createPath(OTHER_APP, OTHER_ACCOUNT), { method: 'POST', headers: CREATE, body: newBackup('gone') });
    sim.load(fixture());
    const other = await (await sim.fetch(`${listPath(OTHER_ACCOUNT)}?include=name`, { headers: auth })).json();
    expect(other.items).toEqual([['ui-running'], ['ui-failed']]);
    const example = await (await sim.fetch(`${listPath()}?include=name`, { headers: auth })).json();
    expect(example.items).toContainEqual(['kept-in-example']);
  });

  it('a dump loads back as it was (round trip), the example account and created backups included', async () => {
    sim.time.freeze();
    sim.load(fixture());
    await create('made-here');
    sim.time.advance(2_000);
    const dump = sim.dump();
    expect(dump.accounts.map((a) => a.id)).toEqual(expect.arrayContaining([EXAMPLE_ACCOUNT, OTHER_ACCOUNT]));
    const copy = createAstraSimulator({ backupMs: 10_000, seed: 'elsewhere' });
    copy.time.freeze();
    copy.time.advance(sim.time.now() - copy.time.now());
    copy.load(JSON.parse(JSON.stringify(dump)));
    expect(copy.dump()).toEqual(dump);
    // And the loaded copy moves on as the original does (to within the percent a dump rounds to).
    sim.time.advance(10_000);
    copy.time.advance(10_000);
    const states = (f: Fixture) =>
      f.accounts.flatMap((a) => a.apps.flatMap((p) => p.backups.map((b) => [b.id, b.state])));
    expect(states(copy.dump())).toEqual(states(sim.dump()));
    expect(states(copy.dump())).toContainEqual([RUNNING, 'completed']);
    expect(sim.dump({ accountId: OTHER_ACCOUNT }).accounts).toHaveLength(1);
  });

  it.each([
    [{ accounts: 'all' }, 'accounts', /must be an array/],
    [{ accounts: [{ id: 'nope', apps: [] }] }, 'accounts[0].id', /UUID/],
    [{ accounts: [], extra: 1 }, 'extra', /is not a field here/],
    [
      (() => {
        const f = fixture();
        (f.accounts[0]?.apps[0]?.backups[0] as Record<string, unknown>).percentDone = 'forty';
        return f;
      })(),
      'accounts[0].apps[0].backups[0].percentDone',
      /AppBackup/,
    ],
    [
      (() => {
        const f = fixture();
        (f.accounts[0]?.apps[0]?.backups[1] as Record<string, unknown>).state = 'exploded';
        return f;
      })(),
      'accounts[0].apps[0].backups[1].state',
      /must be one of/,
    ],
    [
      (() => {
        const f = fixture();
        const second = f.accounts[0]?.apps[0]?.backups[1];
        if (second) second.name = 'ui-running';
        return f;
      })(),
      'accounts[0].apps[0].backups[1].name',
      /taken/,
    ],
  ])('refuses a bad fixture naming the field (%#), and changes nothing', async (bad, field, reason) => {
    const before = sim.dump();
    let error: unknown;
    try {
      sim.load(bad);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ControlInputError);
    expect((error as ControlInputError).field).toBe(field);
    expect((error as ControlInputError).message).toMatch(reason);
    expect(sim.dump()).toEqual(before);
  });

  it("a dump loaded into a simulator with the same seed: a new backup never takes a loaded one's id, and paging holds", async () => {
    // The same seed draws the same ids: the copy's next id is the first backup the dump holds.
    const list = async (s: AstraSimulator, query: string) =>
      (await (await s.fetch(`${createPath()}?${query}`, { headers: auth })).json()) as {
        items: { id: string; name: string }[];
        metadata: { continue?: string };
      };
    for (const name of ['one', 'two', 'three']) expect((await create(name)).status).toBe(201);
    const copy = createAstraSimulator({ backupMs: 10_000, seed: 'control-tests' });
    copy.load(sim.dump({ accountId: EXAMPLE_ACCOUNT }));
    const before = (await list(copy, 'include=id,name')).items;
    const first = await list(copy, 'limit=2');
    expect((await create('four', copy)).status).toBe(201);
    const ids = (await list(copy, 'include=id,name')).items.map((row) => (row as unknown as string[])[0]);
    expect(new Set(ids).size, 'every id once').toBe(ids.length);
    expect(ids).toHaveLength(before.length + 1);
    // The page after the first two: every other backup once, the new one last.
    const rest = await list(copy, `continue=${encodeURIComponent(first.metadata.continue ?? '')}`);
    expect([...first.items, ...rest.items].map((b) => b.name)).toEqual([
      ...before.map((row) => (row as unknown as string[])[1]),
      'four',
    ]);
  });
});

describe('time', () => {
  it('a seeded backup shows the clock as its modificationTimestamp until it last changed, on a clock before it', async () => {
    // The documents' pending example was made at 02:00:06 and last changed a minute later.
    let now = Date.parse('2026-10-08T02:00:16.000Z');
    const early = createAstraSimulator({ now: () => now });
    const shown = async (query = '') =>
      (await (await early.fetch(`${backupPath(EXAMPLE_BACKUP)}${query}`, { headers: auth })).json()) as {
        metadata: { modificationTimestamp: string };
      };
    const listed = async () =>
      (
        (await (await early.fetch(`${createPath()}?include=id,metadata`, { headers: auth })).json()) as {
          items: [string, { modificationTimestamp: string }][];
        }
      ).items.find(([id]) => id === EXAMPLE_BACKUP)?.[1].modificationTimestamp;
    expect((await shown()).metadata.modificationTimestamp).toBe('2026-10-08T02:00:16.000Z');
    expect(await listed()).toBe('2026-10-08T02:00:16.000Z');
    now += 10_000;
    expect((await shown()).metadata.modificationTimestamp).toBe('2026-10-08T02:00:26.000Z');
    expect(await listed()).toBe('2026-10-08T02:00:26.000Z');
    now += 3_600_000;
    expect((await shown()).metadata.modificationTimestamp).toBe('2026-10-08T02:01:06.000Z');
    expect(await listed()).toBe('2026-10-08T02:01:06.000Z');
  });

  it('advance moves a created backup from pending to running to completed with no real wait', async () => {
    sim.time.freeze();
    const created = await (await create('advance-me')).json();
    expect(created.state).toBe('pending');
    sim.time.advance(1_000);
    expect((await get(created.id)).state).toBe('running');
    sim.time.advance(9_000);
    expect(await get(created.id)).toMatchObject({ state: 'completed', percentDone: 100 });
  });

  it('freeze holds, scale speeds up, and the clock never goes back', () => {
    let real = 1_000_000;
    const s = createAstraSimulator({ now: () => real });
    s.time.freeze();
    real += 5_000;
    expect(s.time.now()).toBe(1_000_000);
    s.time.resume();
    s.time.scale(60);
    real += 1_000;
    expect(s.time.now()).toBe(1_060_000);
    expect(s.time.state()).toEqual({ now: new Date(1_060_000).toISOString(), frozen: false, scale: 60 });
    expect(() => s.time.advance(-1)).toThrow(/advanceMs/);
    expect(() => s.time.scale(0)).toThrow(/scale/);
    expect(s.time.now()).toBe(1_060_000);
  });

  it('refuses to go past the year 9999, naming advanceMs, and the simulator keeps answering', async () => {
    const tenYears = 315_360_000_000;
    const start = Date.UTC(9990, 0, 1);
    const s = createAstraSimulator({ now: () => start });
    s.time.freeze();
    s.time.advance(tenYears / 2);
    const before = s.time.now();
    expect(() => s.time.advance(tenYears)).toThrow(ControlInputError);
    expect(() => s.time.advance(tenYears)).toThrow(/^advanceMs would take the clock past 9999-12-31/);
    expect(s.time.now()).toBe(before);
    expect(s.time.state().now).toBe(new Date(before).toISOString());
    const made = await create('late', s);
    expect(made.status).toBe(201);
    const over = await handleControl(
      s,
      new Request(`${BASE}/__astra/time`, { method: 'POST', body: JSON.stringify({ advanceMs: tenYears }) }),
      { loopback: true },
    );
    expect(over.status).toBe(400);
    expect(JSON.stringify(await over.json())).toContain('advanceMs');
    expect(s.time.now()).toBe(before);
  });
});

describe('latency', () => {
  it('delays one operation by 300 ms: not answered before, while another operation overtakes it', async () => {
    sim.latency.set({ operationId: 'listAppBackups', ms: 300 });
    const events: string[] = [];
    const started = performance.now();
    const slow = sim.fetch(`${listPath()}?limit=1`, { headers: auth }).then(() => {
      events.push('list');
      return performance.now() - started;
    });
    const quick = sim.fetch(backupPath(RUNNING), { headers: auth }).then(() => events.push('get'));
    await Promise.all([slow, quick]);
    expect(events).toEqual(['get', 'list']);
    // A lower bound only: a timer may fire late on a busy machine, never early (1 ms of rounding allowed).
    expect(await slow).toBeGreaterThanOrEqual(299);
    expect(sim.latency.list()).toEqual([{ operationId: 'listAppBackups', ms: 300 }]);
  });

  it('a range draws each delay within it; ms: 0 removes a rule; a bad rule names its field', () => {
    sim.latency.set({ minMs: 10, maxMs: 20 });
    expect(sim.latency.list()).toEqual([{ minMs: 10, maxMs: 20 }]);
    sim.latency.set({ ms: 0 });
    expect(sim.latency.list()).toEqual([]);
    for (const [rule, field] of [
      [{ ms: -1 }, 'latency.ms'],
      [{ minMs: 30, maxMs: 20 }, 'latency.maxMs'],
      [{ ms: 5, operationId: 'nope' }, 'latency.operationId'],
      [{ ms: 5, delay: 3 }, 'latency.delay'],
    ] as const)
      expect(() => sim.latency.set(rule as never)).toThrow(expect.objectContaining({ field }));
    expect(sim.latency.list()).toEqual([]);
  });
});

describe('faults', () => {
  it('a 503 on create answers Astra problem once, with Retry-After, then creates', async () => {
    sim.faults.add({ operationId: 'createAppBackupForApp', fault: 503, retryAfter: 2 });
    const refused = await create('after-fault');
    expect(refused.status).toBe(503);
    expect(refused.headers.get('retry-after')).toBe('2');
    expect(await refused.json()).toMatchObject({
      type: 'https://astra.netapp.io/problems/94',
      title: 'Backup not created',
      status: '503',
    });
    expect((await create('after-fault')).status).toBe(201);
    expect(sim.faults.list()).toEqual([]);
  });

  it("answers HEAD with a fault's headers, its Content-Length the GET's, and no body", async () => {
    sim.faults.add({ operationId: 'getAppBackup', fault: 503, times: 2 });
    const got = await sim.fetch(backupPath(EXAMPLE_BACKUP), { headers: auth });
    const head = await sim.fetch(backupPath(EXAMPLE_BACKUP), { method: 'HEAD', headers: auth });
    expect([got.status, head.status]).toEqual([503, 503]);
    const body = await got.text();
    expect(await head.text()).toBe('');
    expect(head.headers.get('content-length')).toBe(String(new TextEncoder().encode(body).byteLength));
    expect(head.headers.get('content-type')).toBe(got.headers.get('content-type'));
    expect(head.headers.get('retry-after')).toBe(got.headers.get('retry-after'));
  });

  it('the SDK sees a 429 fault as a RateLimitError with its Retry-After, and gets through on its own retry', async () => {
    sim.load(fixture());
    const astra = createAstraClient({ accountId: OTHER_ACCOUNT, token: 'any', baseUrl: BASE, fetch: sim.fetch });
    sim.faults.add({ operationId: 'getAppBackup', fault: 429, retryAfter: 3 });
    const error = await astra.appBackups.get(RUNNING, { maxRetries: 0 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RateLimitError);
    expect((error as RateLimitError).retryAfterMs).toBe(3_000);
    sim.faults.add({ operationId: 'getAppBackup', fault: 429, retryAfter: 0 });
    expect((await astra.appBackups.get(RUNNING, { maxRetries: 1 })).percentDone).toBe(40);
    expect(sim.journal.entries().map((e) => e.status)).toEqual([429, 429, 200]);
  });

  it('a dropped connection rejects fetch as a lost connection does; a stall lasts until the client gives up', async () => {
    sim.faults.add({ operationId: 'listAppBackups', fault: 'drop' });
    await expect(sim.fetch(listPath(), { headers: auth })).rejects.toThrow(TypeError);
    expect((await sim.fetch(listPath(), { headers: auth })).status).toBe(200);
    sim.faults.add({ operationId: 'listAppBackups', fault: 'stall' });
    const controller = new AbortController();
    const stalled = sim.fetch(listPath(), { headers: auth, signal: controller.signal });
    let settled = false;
    stalled.catch(() => undefined).finally(() => (settled = true));
    // Another request is answered while the stalled one waits.
    expect((await sim.fetch(listPath(), { headers: auth })).status).toBe(200);
    expect(settled).toBe(false);
    controller.abort();
    await expect(stalled).rejects.toThrow(/abort/i);
    expect(sim.journal.entries().map((e) => e.fault ?? null)).toEqual(['drop', null, 'stall', null]);
  });

  it('a share takes about that share of answers, the same ones on every run with the same seed', async () => {
    const statuses = async () => {
      const s = createAstraSimulator({ seed: 'share' });
      s.faults.add({ operationId: 'listAppBackups', fault: 500, share: 0.5 });
      const seen: number[] = [];
      for (let i = 0; i < 40; i++) seen.push((await s.fetch(`${listPath()}?limit=1`, { headers: auth })).status);
      return seen;
    };
    const first = await statuses();
    expect(await statuses()).toEqual(first);
    const failed = first.filter((s) => s === 500).length;
    expect(failed).toBeGreaterThan(5);
    expect(failed).toBeLessThan(35);
  });

  it('refuses a bad fault naming the field, and adds nothing', () => {
    for (const [rule, field] of [
      [{ fault: 200 }, 'fault.fault'],
      [{ fault: 'explode' }, 'fault.fault'],
      [{ fault: 503, times: 0 }, 'fault.times'],
      [{ fault: 503, share: 2 }, 'fault.share'],
      [{ fault: 'drop', retryAfter: 1 }, 'fault.retryAfter'],
      [{ fault: 503, operationId: 'createBackup' }, 'fault.operationId'],
    ] as const)
      expect(() => sim.faults.add(rule as never)).toThrow(expect.objectContaining({ field }));
    expect(sim.faults.list()).toEqual([]);
  });
});

describe('journal', () => {
  it("shows a create's body as sent, the status, and no token", async () => {
    const body = '{"type":"application/astra-appBackup","version":"1.1","name":"journal-me"}';
    await sim.fetch(createPath(), { method: 'POST', headers: CREATE, body });
    await sim.fetch(`${listPath()}?limit=2`, { headers: auth });
    const [created, listed] = sim.journal.entries();
    expect(created).toMatchObject({
      method: 'POST',
      path: `/accounts/${EXAMPLE_ACCOUNT}/k8s/v1/apps/${APP}/appBackups`,
      operationId: 'createAppBackupForApp',
      body,
      status: 201,
    });
    expect(created?.headers.authorization).toBe('[REDACTED]');
    expect(JSON.stringify(sim.journal.entries())).not.toContain('secret-token-123');
    expect(listed).toMatchObject({
      method: 'GET',
      path: `/accounts/${EXAMPLE_ACCOUNT}/topology/v1/appBackups?limit=2`,
      body: null,
      status: 200,
    });
    sim.journal.clear();
    expect(sim.journal.entries()).toEqual([]);
  });

  it('answers a request whose body fails as it is read (a client gone mid-upload) with a problem, never a rejection', async () => {
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        controller.error(new Error('client went away'));
      },
    });
    const request = new Request(createPath(), { method: 'POST', headers: CREATE, body, duplex: 'half' } as RequestInit);
    const response = await sim.handle(request);
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    expect(await response.json()).toMatchObject({
      type: expect.stringMatching(/^https:\/\/astra\.netapp\.io\/problems\/\d+$/),
    });
    expect(sim.journal.entries().at(-1)?.body).toContain('could not be read');
  });

  it('keeps the last journalSize requests', async () => {
    const s = createAstraSimulator({ journalSize: 2 });
    for (let i = 1; i <= 3; i++) await s.fetch(`${listPath()}?limit=${i}`, { headers: auth });
    expect(s.journal.entries().map((e) => [e.seq, e.path.slice(-7)])).toEqual([
      [2, 'limit=2'],
      [3, 'limit=3'],
    ]);
  });
});

describe('the /__astra/ endpoints (handleControl)', () => {
  const call = (method: string, path: string, init: RequestInit & { loopback?: boolean; token?: string } = {}) => {
    const { loopback = true, token, ...rest } = init;
    return handleControl(sim, new Request(`${BASE}/__astra/${path}`, { method, ...rest }), {
      loopback,
      ...(token === undefined ? {} : { controlToken: token }),
      log: (line) => lines.push(line),
    });
  };
  let lines: string[];
  beforeEach(() => {
    lines = [];
  });

  it('runs each operation and logs it on one line', async () => {
    expect((await call('POST', 'time', { body: '{"freeze":true,"advanceMs":1000}' })).status).toBe(200);
    expect((await call('POST', 'latency', { body: '{"ms":300,"operationId":"listAppBackups"}' })).status).toBe(200);
    const fault = await call('POST', 'faults', { body: '{"operationId":"createAppBackupForApp","fault":503}' });
    expect(fault.status).toBe(201);
    expect(await fault.json()).toMatchObject({ id: 1, remaining: 1, fault: 503 });
    expect((await call('POST', 'fixtures', { body: JSON.stringify(fixture()) })).status).toBe(200);
    const dump = await (await call('GET', `fixtures?accountId=${OTHER_ACCOUNT}`)).json();
    expect(dump.accounts[0].apps[0].backups[0]).toMatchObject({ id: RUNNING, percentDone: 40 });
    expect((await (await call('GET', 'time')).json()).frozen).toBe(true);
    expect((await (await call('GET', 'journal')).json()).entries).toEqual([]);
    expect((await call('POST', 'reset')).status).toBe(200);
    expect(sim.latency.list()).toEqual([]);
    expect(lines).toHaveLength(8);
    expect(lines[1]).toBe('control POST /__astra/latency -> 200: latency 300 ms on listAppBackups');
    for (const line of lines) expect(line).not.toContain('\n');
  });

  it('a reset with an Origin header and no control token is refused, and changes nothing', async () => {
    await create('survives');
    const refused = await call('POST', 'reset', { headers: { origin: 'https://evil.example' } });
    expect(refused.status).toBe(403);
    expect(await refused.json()).toMatchObject({ status: '403', detail: expect.stringMatching(/Origin/) });
    const names = (await (await sim.fetch(`${createPath()}?include=name`, { headers: auth })).json()).items.flat();
    expect(names).toContain('survives');
    // With the server's control token, the same request is trusted.
    const trusted = await call('POST', 'reset', {
      headers: { origin: 'https://ui.example', 'x-astra-control-token': 't0k-0123456789abcdef' },
      token: 't0k-0123456789abcdef',
    });
    expect(trusted.status).toBe(200);
  });

  it('answers only on loopback unless the control token is given; a wrong token is refused', async () => {
    expect((await call('GET', 'time', { loopback: false })).status).toBe(403);
    expect((await call('GET', 'time', { loopback: false, token: 'right-0123456789abcdef' })).status).toBe(403);
    const headers = { 'x-astra-control-token': 'right-0123456789abcdef' };
    expect((await call('GET', 'time', { loopback: false, token: 'right-0123456789abcdef', headers })).status).toBe(200);
    expect(
      (
        await call('GET', 'time', {
          headers: { 'x-astra-control-token': 'wrong-0123456789abcdef' },
          token: 'right-0123456789abcdef',
        })
      ).status,
    ).toBe(403);
    expect((await call('GET', 'time', { headers })).status).toBe(403); // this server has no token
  });

  it('never changes state on GET (405 with Allow), and knows only its endpoints', async () => {
    const get = await call('GET', 'reset');
    expect(get.status).toBe(405);
    expect(get.headers.get('allow')).toBe('POST');
    expect((await call('POST', 'journal')).status).toBe(405);
    expect((await call('POST', 'nothing-here')).status).toBe(404);
  });

  it('bad input is a 400 naming the field, and the state is as it was', async () => {
    sim.time.resume();
    const before = sim.time.state();
    const bad = await call('POST', 'time', { body: '{"freeze":true,"advanceMs":-5}' });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({
      type: 'https://astra.netapp.io/problems/8',
      invalidFields: [{ name: 'advanceMs', reason: expect.stringMatching(/whole number/) }],
    });
    expect(sim.time.state()).toMatchObject({ frozen: before.frozen, scale: before.scale });
    const latency = await call('POST', 'latency', { body: '{"ms":"slow"}' });
    expect((await latency.json()).invalidFields[0].name).toBe('latency.ms');
    const notJson = await call('POST', 'faults', { body: '{fault:' });
    expect(notJson.status).toBe(400);
    expect((await notJson.json()).detail).toMatch(/valid JSON/);
    const fixtureBad = await call('POST', 'fixtures', { body: '{"accounts":[{"id":"x","apps":[]}]}' });
    expect((await fixtureBad.json()).invalidFields).toEqual([{ name: 'accounts[0].id', reason: expect.any(String) }]);
    expect(sim.faults.list()).toEqual([]);
    expect(sim.latency.list()).toEqual([]);
  });
});
