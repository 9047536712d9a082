// The simulator core (src/mock), driven through `sim.fetch` with no server: Astra's
// rules on a clock the test moves (accounts, paging, create, progress, get, delete,
// auth, Prefer). Every answer is also checked here with Ajv against the spec, apart
// from the checks the core makes itself.
import { beforeEach, describe, expect, it } from 'vitest';
import { DELETE_LAG_MS } from '../../src/mock/backups.js';
import {
  type AstraSimulator,
  createAstraSimulator,
  EXAMPLE_ACCOUNT,
  EXAMPLE_APPS,
  EXAMPLE_BACKUP,
} from '../../src/mock/index.js';
import { loadSpec, makeValidator, operations, responseSchemaPointer } from '../support/spec.js';

const spec = loadSpec();
const validatorFor = makeValidator(spec);
const BACKUP_MS = 10_000;
const OTHER_ACCOUNT = '11111111-2222-4333-8444-555555555555';
const APP = EXAMPLE_APPS.shop;
const OTHER_APP = 'aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee';
const auth = { authorization: 'Bearer any-token' };
const CREATE_TYPE = 'application/astra-appBackup+json';

let clock: number;
let violations: unknown[];
let sim: AstraSimulator;
beforeEach(() => {
  clock = Date.parse('2026-11-28T00:00:00Z');
  violations = [];
  sim = createAstraSimulator({ backupMs: BACKUP_MS, now: () => clock, onViolation: (v) => violations.push(v) });
});

const templates = operations(spec).map((op) => ({
  ...op,
  pattern: new RegExp(`^${op.path.replace(/\{[^}]+\}/g, '[^/]+')}$`),
}));

interface Sent {
  status: number;
  headers: Headers;
  // biome-ignore lint/suspicious/noExplicitAny: answers are read field by field, and validated against the spec
  body: any;
}

/** Sends a request through sim.fetch and checks the answer against the spec's schema for its operation and status. */
async function send(
  method: string,
  target: string,
  {
    headers = auth,
    body,
    contentType = CREATE_TYPE,
  }: { headers?: Record<string, string>; body?: unknown; contentType?: string } = {},
): Promise<Sent> {
  const url = new URL(target, 'http://astra.test');
  const response = await sim.fetch(url, {
    method,
    headers: body === undefined ? headers : { 'content-type': contentType, ...headers },
    ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
  });
  const text = await response.text();
  const parsed = text === '' ? undefined : JSON.parse(text);
  const op = templates.find((t) => t.method === method.toLowerCase() && t.pattern.test(url.pathname));
  expect(op, `${method} ${url.pathname} is an operation of the spec`).toBeDefined();
  expect(op?.statuses, `${method} ${url.pathname} answered ${response.status}`).toContain(String(response.status));
  if (parsed !== undefined && op) {
    const media = response.headers.get('content-type') ?? '';
    const validate = validatorFor(responseSchemaPointer(spec, op.operationId, String(response.status), media));
    expect(validate(parsed), `${method} ${target}: ${JSON.stringify(validate.errors)}`).toBe(true);
  }
  expect(violations).toEqual([]);
  return { status: response.status, headers: response.headers, body: parsed };
}

const account = (id = EXAMPLE_ACCOUNT) => `/accounts/${id}`;
async function listAll(path: string, limit: number) {
  const seen: unknown[] = [];
  const tokens: (string | undefined)[] = [];
  let token: string | undefined;
  do {
    const answer = await send('GET', `${path}?limit=${limit}${token ? `&continue=${encodeURIComponent(token)}` : ''}`);
    expect(answer.status).toBe(200);
    seen.push(...answer.body.items);
    token = answer.body.metadata.continue;
    tokens.push(token);
  } while (token);
  return { items: seen, tokens };
}
const create = (body: unknown, app = APP, id = EXAMPLE_ACCOUNT) =>
  send('POST', `${account(id)}/k8s/v1/apps/${app}/appBackups`, { body });
const newBackup = (name?: string) => ({
  type: 'application/astra-appBackup',
  version: '1.1',
  ...(name ? { name } : {}),
});

describe('the simulator core: accounts and apps', () => {
  it('seeds the example account the same way every time, in every state, one app with 250+ backups', async () => {
    const first = (await send('GET', `${account()}/topology/v1/appBackups`)).body.items;
    sim = createAstraSimulator({ backupMs: BACKUP_MS, now: () => clock + 123_456 });
    expect((await send('GET', `${account()}/topology/v1/appBackups`)).body.items).toEqual(first);
    const states = new Set(first.map((b: { state: string }) => b.state));
    expect([...states].sort()).toEqual([
      'completed',
      'discovering',
      'failed',
      'pending',
      'removed',
      'running',
      'unknown',
    ]);
    const nightly = (await send('GET', `${account()}/k8s/v1/apps/${EXAMPLE_APPS.nightly}/appBackups`)).body.items;
    expect(nightly.length).toBeGreaterThanOrEqual(250);
    expect((await send('GET', `${account()}/topology/v1/appBackups/${EXAMPLE_BACKUP}`)).body.state).toBe('pending');
  });

  it('has every well-formed account, empty and isolated from the others', async () => {
    expect((await send('GET', `${account(OTHER_ACCOUNT)}/topology/v1/appBackups`)).body).toMatchObject({ items: [] });
    expect((await create(newBackup('mine'), OTHER_APP, OTHER_ACCOUNT)).status).toBe(201);
    const mine = (await send('GET', `${account(OTHER_ACCOUNT)}/topology/v1/appBackups?include=name`)).body.items;
    expect(mine).toEqual([['mine']]);
    const example = (await send('GET', `${account()}/topology/v1/appBackups?include=name`)).body.items;
    expect(example).not.toContainEqual(['mine']);
    expect((await send('GET', '/accounts/not-a-uuid/topology/v1/appBackups')).status).toBe(404);
  });

  it('keeps its state in the instance: two simulators do not share backups, and reset() goes back to the seed', async () => {
    const other = createAstraSimulator({ backupMs: BACKUP_MS, now: () => clock });
    expect((await create(newBackup('only-here'))).status).toBe(201);
    const names = async (s: AstraSimulator) =>
      (
        await (
          await s.fetch(`http://astra.test${account()}/k8s/v1/apps/${APP}/appBackups?include=name`, { headers: auth })
        ).json()
      ).items.flat();
    expect(await names(sim)).toContain('only-here');
    expect(await names(other)).not.toContain('only-here');
    sim.reset();
    expect(await names(sim)).toEqual(await names(other));
  });
});

describe('the simulator core: lists', () => {
  it('lists full backups without include, and arrays of exactly the included fields, in order, with it', async () => {
    const full = (await send('GET', `${account()}/topology/v1/appBackups?limit=3`)).body.items;
    expect(full[0]).toMatchObject({ type: 'application/astra-appBackup', id: expect.any(String), metadata: {} });
    const projected = (await send('GET', `${account()}/topology/v1/appBackups?limit=3&include=state,id`)).body.items;
    expect(projected).toEqual(full.map((b: { state: string; id: string }) => [b.state, b.id]));
  });

  it('pages with limit: continue on every page but the last, every backup exactly once', async () => {
    const everything = (await send('GET', `${account()}/topology/v1/appBackups?include=id`)).body.items;
    const { items, tokens } = await listAll(`${account()}/topology/v1/appBackups`, 40);
    expect(tokens.at(-1)).toBeUndefined();
    expect(tokens.slice(0, -1).every((t) => typeof t === 'string' && t.length > 0)).toBe(true);
    expect(tokens.length).toBe(Math.ceil(everything.length / 40));
    const ids = items.map((b) => (b as { id: string }).id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual(everything.map((row: string[]) => row[0]));
  });

  it('keeps pages whole when backups are created between them', async () => {
    const path = `${account()}/k8s/v1/apps/${EXAMPLE_APPS.nightly}/appBackups`;
    const first = (await send('GET', `${path}?limit=100&include=id`)).body;
    await create(newBackup('late-arrival'), EXAMPLE_APPS.nightly);
    const rest = (await listAll(path, 100)).items.length;
    const again = (await send('GET', `${path}?include=id`)).body.items;
    expect(first.items.length + (rest - 100)).toBe(again.length);
  });

  it('lists only the app’s backups on the per-app path', async () => {
    const states = (await send('GET', `${account()}/k8s/v1/apps/${EXAMPLE_APPS.states}/appBackups?include=name`)).body
      .items;
    expect(states.flat().sort()).toEqual(['db-discovering', 'db-failed', 'db-removed', 'db-running', 'db-unknown']);
  });

  it.each([
    ['an unknown parameter', '?colour=blue', 6, 'colour'],
    ['an unknown include field', '?include=id,colour', 5, 'include'],
    ['a repeated include field', '?include=id,id', 5, 'include'],
    ['limit 0', '?limit=0', 5, 'limit'],
    ['a limit that is no number', '?limit=ten', 5, 'limit'],
    ['a continue token it never gave', '?continue=bm9wZQ==', 5, 'continue'],
    ['a continue token that is no base64', '?continue=%E2%98%83', 5, 'continue'],
  ])('answers %s with problem %s naming the parameter', async (_, query, code, name) => {
    const answer = await send('GET', `${account()}/topology/v1/appBackups${query}`);
    expect(answer.status).toBe(400);
    expect(answer.body.type).toBe(`https://astra.netapp.io/problems/${code}`);
    expect(answer.body.invalidParams).toEqual([expect.objectContaining({ name })]);
  });
});

describe('the simulator core: create and progress', () => {
  it('creates a backup with the given name, 201 with Location on the request’s origin, pending', async () => {
    const answer = await create(newBackup('nightly-1'));
    expect(answer.status).toBe(201);
    expect(answer.body).toMatchObject({ name: 'nightly-1', state: 'pending', percentDone: 0 });
    expect(answer.headers.get('location')).toBe(
      `http://astra.test${account()}/k8s/v1/apps/${APP}/appBackups/${answer.body.id}`,
    );
    const listed = (await send('GET', `${account()}/k8s/v1/apps/${APP}/appBackups?include=id,name`)).body.items;
    expect(listed).toContainEqual([answer.body.id, 'nightly-1']);
  });

  it('names a backup created without a name', async () => {
    expect((await create(newBackup())).body.name).toMatch(/^backup-[0-9a-f]{8}$/);
  });

  it('answers 409 problem 143 for a name already used in that app, and allows it in another app', async () => {
    await create(newBackup('twice'));
    const again = await create(newBackup('twice'));
    expect(again.status).toBe(409);
    expect(again.body.type).toBe('https://astra.netapp.io/problems/143');
    expect((await create(newBackup('twice'), OTHER_APP)).status).toBe(201);
  });

  it('is pending for the first tenth of backupMs, then running with rising progress, then completed', async () => {
    const { id } = (await create(newBackup('moving'))).body;
    const at = async (ms: number) => {
      clock += ms;
      return (await send('GET', `${account()}/topology/v1/appBackups/${id}`)).body;
    };
    expect(await at(BACKUP_MS / 10 - 1)).toMatchObject({ state: 'pending', percentDone: 0, bytesDone: 0 });
    let last = -1;
    for (let step = 0; step < 9; step++) {
      const b = await at(BACKUP_MS / 10);
      expect(b.state).toBe('running');
      expect(b.percentDone).toBeGreaterThan(last);
      expect(b.bytesDone).toBeLessThanOrEqual(b.totalBytes);
      last = b.percentDone;
    }
    const done = await at(10);
    expect(done).toMatchObject({ state: 'completed', percentDone: 100, bytesDone: done.totalBytes });
    expect(done.backupCreationTimestamp).toEqual(expect.any(String));
  });
});

describe('the simulator core: get and delete', () => {
  it('gets a backup on both paths; on another app’s path it is 404 problem 1', async () => {
    expect((await send('GET', `${account()}/k8s/v1/apps/${APP}/appBackups/${EXAMPLE_BACKUP}`)).status).toBe(200);
    const other = await send('GET', `${account()}/k8s/v1/apps/${EXAMPLE_APPS.nightly}/appBackups/${EXAMPLE_BACKUP}`);
    expect(other.status).toBe(404);
    expect(other.body.type).toBe('https://astra.netapp.io/problems/1');
    expect((await send('GET', `${account()}/topology/v1/appBackups/00000000-0000-4000-8000-000000000000`)).status).toBe(
      404,
    );
  });

  it('refuses to delete a pending backup: 409 problem 128', async () => {
    const answer = await send('DELETE', `${account()}/topology/v1/appBackups/${EXAMPLE_BACKUP}`);
    expect(answer.status).toBe(409);
    expect(answer.body.type).toBe('https://astra.netapp.io/problems/128');
  });

  it('deletes a running backup: 204, and it is gone from gets and lists within a second', async () => {
    const { id } = (await create(newBackup('short-lived'))).body;
    clock += BACKUP_MS / 2;
    expect((await send('DELETE', `${account()}/k8s/v1/apps/${APP}/appBackups/${id}`)).status).toBe(204);
    clock += DELETE_LAG_MS;
    expect(DELETE_LAG_MS).toBeLessThanOrEqual(1_000);
    expect((await send('GET', `${account()}/topology/v1/appBackups/${id}`)).status).toBe(404);
    expect((await send('GET', `${account()}/topology/v1/appBackups?include=id`)).body.items).not.toContainEqual([id]);
  });

  it('takes the body NetApp’s toolkit sends on DELETE', async () => {
    const { id } = (await create(newBackup('toolkit-delete'))).body;
    clock += BACKUP_MS;
    const answer = await send('DELETE', `${account()}/topology/v1/appBackups/${id}`, {
      body: newBackup(),
      contentType: 'application/json',
    });
    expect(answer.status).toBe(204);
  });
});

describe('the simulator core: Prefer', () => {
  it.each([
    ['example=resourceNotFound', 404, 'https://astra.netapp.io/problems/1'],
    ['example=appBackupCompleted', 200, undefined],
    ['code=500', 500, 'https://astra.netapp.io/problems/95'],
  ])('answers Prefer: %s with the documented example and its status', async (prefer, status, type) => {
    const answer = await send('GET', `${account()}/topology/v1/appBackups/${EXAMPLE_BACKUP}`, {
      headers: { ...auth, prefer },
    });
    expect(answer.status).toBe(status);
    if (type) expect(answer.body.type).toBe(type);
    else expect(answer.body.state).toBe('completed');
  });

  it('says which examples exist when Prefer names one that does not', async () => {
    const answer = await send('GET', `${account()}/topology/v1/appBackups/${EXAMPLE_BACKUP}`, {
      headers: { ...auth, prefer: 'example=nope' },
    });
    expect(answer.status).toBe(400);
    expect(answer.body.detail).toContain('appBackupRunning');
  });
});
