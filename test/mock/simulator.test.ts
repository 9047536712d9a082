// The Astra simulator's rules, on a clock the test moves: accounts, paging, create,
// progress, get, delete, auth and Prefer. Every answer is also validated against the
// spec (Ajv), as Prism checks it when the simulator runs behind `npm start`.
import { beforeEach, describe, expect, it } from 'vitest';
import { EXAMPLE_ACCOUNT, EXAMPLE_APPS, EXAMPLE_BACKUP } from '../../scripts/mock/seed.mjs';
import { createSimulator, DELETE_LAG_MS, type SimulatorAnswer } from '../../scripts/mock/simulator.mjs';
import { loadSpec, makeValidator, operations, responseSchemaPointer } from '../support/spec.js';

const spec = loadSpec();
const validatorFor = makeValidator(spec);
const BACKUP_MS = 10_000;
const OTHER_ACCOUNT = '11111111-2222-4333-8444-555555555555';
const APP = '2b7d3f5c-1e8a-4c6b-9d0e-7f1a2b3c4d5e';
const OTHER_APP = 'aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee';
const auth = { authorization: 'Bearer any-token' };

let clock: number;
let sim: ReturnType<typeof createSimulator>;
beforeEach(() => {
  clock = Date.parse('2026-11-28T00:00:00Z');
  sim = createSimulator({ spec, backupMs: BACKUP_MS, publicUrl: 'http://mock.test', now: () => clock });
});

const templates = operations(spec).map((op) => ({
  ...op,
  pattern: new RegExp(`^${op.path.replace(/\{[^}]+\}/g, '[^/]+')}$`),
}));

/** Sends a request and checks the answer against the spec's schema for its operation and status. */
function send(
  method: string,
  target: string,
  { headers = auth, body }: { headers?: Record<string, string>; body?: unknown } = {},
  // biome-ignore lint/suspicious/noExplicitAny: answers are read field by field, and validated against the spec
): SimulatorAnswer & { body: any } {
  const url = new URL(target, 'http://mock.test');
  const answer = sim.handle({
    method,
    path: url.pathname,
    query: url.searchParams,
    headers,
    body: body === undefined ? undefined : Buffer.from(typeof body === 'string' ? body : JSON.stringify(body)),
  });
  const op = templates.find((t) => t.method === method.toLowerCase() && t.pattern.test(url.pathname));
  expect(op, `${method} ${url.pathname} is an operation of the spec`).toBeDefined();
  expect(op?.statuses, `${method} ${url.pathname} answered ${answer.status}`).toContain(String(answer.status));
  if (answer.body !== undefined && op) {
    const media = answer.headers['content-type'] ?? '';
    const validate = validatorFor(responseSchemaPointer(spec, op.operationId, String(answer.status), media));
    expect(validate(answer.body), `${method} ${target}: ${JSON.stringify(validate.errors)}`).toBe(true);
  }
  return answer as SimulatorAnswer & { body: never };
}

const account = (id = EXAMPLE_ACCOUNT) => `/accounts/${id}`;
const listAll = (path: string, limit: number) => {
  const seen: unknown[] = [];
  const tokens: (string | undefined)[] = [];
  let token: string | undefined;
  do {
    const answer = send('GET', `${path}?limit=${limit}${token ? `&continue=${encodeURIComponent(token)}` : ''}`);
    expect(answer.status).toBe(200);
    seen.push(...answer.body.items);
    token = answer.body.metadata.continue;
    tokens.push(token);
  } while (token);
  return { items: seen, tokens };
};
const create = (body: unknown, app = APP, id = EXAMPLE_ACCOUNT) =>
  send('POST', `${account(id)}/k8s/v1/apps/${app}/appBackups`, { body });
const newBackup = (name?: string) => ({
  type: 'application/astra-appBackup',
  version: '1.1',
  ...(name ? { name } : {}),
});

describe('the simulator: accounts and apps', () => {
  it('seeds the example account the same way every time, in every state, one app with 250+ backups', () => {
    const first = send('GET', `${account()}/topology/v1/appBackups`).body.items;
    sim = createSimulator({ spec, backupMs: BACKUP_MS, now: () => clock + 123_456 });
    expect(send('GET', `${account()}/topology/v1/appBackups`).body.items).toEqual(first);
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
    const nightly = send('GET', `${account()}/k8s/v1/apps/${EXAMPLE_APPS.nightly}/appBackups`).body.items;
    expect(nightly.length).toBeGreaterThanOrEqual(250);
    expect(send('GET', `${account()}/topology/v1/appBackups/${EXAMPLE_BACKUP}`).body.state).toBe('pending');
  });

  it('has every well-formed account, empty and isolated from the others', () => {
    expect(send('GET', `${account(OTHER_ACCOUNT)}/topology/v1/appBackups`).body).toMatchObject({ items: [] });
    expect(create(newBackup('mine'), OTHER_APP, OTHER_ACCOUNT).status).toBe(201);
    const mine = send('GET', `${account(OTHER_ACCOUNT)}/topology/v1/appBackups?include=name`).body.items;
    expect(mine).toEqual([['mine']]);
    const example = send('GET', `${account()}/topology/v1/appBackups?include=name`).body.items;
    expect(example).not.toContainEqual(['mine']);
    expect(send('GET', '/accounts/not-a-uuid/topology/v1/appBackups').status).toBe(404);
  });
});

describe('the simulator: lists', () => {
  it('lists full backups without include, and arrays of exactly the included fields, in order, with it', () => {
    const full = send('GET', `${account()}/topology/v1/appBackups?limit=3`).body.items;
    expect(full[0]).toMatchObject({ type: 'application/astra-appBackup', id: expect.any(String), metadata: {} });
    const projected = send('GET', `${account()}/topology/v1/appBackups?limit=3&include=state,id`).body.items;
    expect(projected).toEqual(full.map((b: { state: string; id: string }) => [b.state, b.id]));
  });

  it('pages with limit: continue on every page but the last, every backup exactly once', () => {
    const everything = send('GET', `${account()}/topology/v1/appBackups?include=id`).body.items;
    const { items, tokens } = listAll(`${account()}/topology/v1/appBackups`, 40);
    expect(tokens.at(-1)).toBeUndefined();
    expect(tokens.slice(0, -1).every((t) => typeof t === 'string' && t.length > 0)).toBe(true);
    expect(tokens.length).toBe(Math.ceil(everything.length / 40));
    const ids = items.map((b) => (b as { id: string }).id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual(everything.map((row: string[]) => row[0]));
  });

  it('keeps pages whole when backups are created and deleted between them', () => {
    const first = send('GET', `${account()}/k8s/v1/apps/${EXAMPLE_APPS.nightly}/appBackups?limit=100&include=id`).body;
    create(newBackup('late-arrival'), EXAMPLE_APPS.nightly);
    const rest = listAll(`${account()}/k8s/v1/apps/${EXAMPLE_APPS.nightly}/appBackups`, 100).items.length;
    const again = send('GET', `${account()}/k8s/v1/apps/${EXAMPLE_APPS.nightly}/appBackups?include=id`).body.items;
    expect(first.items.length + (rest - 100)).toBe(again.length);
  });

  it('lists only the app’s backups on the per-app path', () => {
    const states = send('GET', `${account()}/k8s/v1/apps/${EXAMPLE_APPS.states}/appBackups?include=name`).body.items;
    expect(states.flat().sort()).toEqual(['db-discovering', 'db-failed', 'db-removed', 'db-running', 'db-unknown']);
  });

  it.each([
    ['an unknown parameter', '?colour=blue', 6, 'colour'],
    ['an unknown include field', '?include=id,colour', 5, 'include'],
    ['a repeated include field', '?include=id,id', 5, 'include'],
    ['limit 0', '?limit=0', 5, 'limit'],
    ['a limit that is no number', '?limit=ten', 5, 'limit'],
    ['a continue token it never gave', '?continue=bm9wZQ==', 5, 'continue'],
  ])('answers %s with problem %s naming the parameter', (_, query, code, name) => {
    const answer = send('GET', `${account()}/topology/v1/appBackups${query}`);
    expect(answer.status).toBe(400);
    expect(answer.body.type).toBe(`https://astra.netapp.io/problems/${code}`);
    expect(answer.body.invalidParams).toEqual([expect.objectContaining({ name })]);
  });
});

describe('the simulator: create and progress', () => {
  it('creates a backup with the given name, 201 with Location, pending', () => {
    const answer = create(newBackup('nightly-1'));
    expect(answer.status).toBe(201);
    expect(answer.body).toMatchObject({ name: 'nightly-1', state: 'pending', percentDone: 0 });
    expect(answer.headers.location).toBe(
      `http://mock.test${account()}/k8s/v1/apps/${APP}/appBackups/${answer.body.id}`,
    );
    const listed = send('GET', `${account()}/k8s/v1/apps/${APP}/appBackups?include=id,name`).body.items;
    expect(listed).toContainEqual([answer.body.id, 'nightly-1']);
  });

  it('names a backup created without a name', () => {
    const answer = create(newBackup());
    expect(answer.body.name).toMatch(/^backup-[0-9a-f]{8}$/);
  });

  it('answers 409 problem 143 for a name already used in that app, and allows it in another app', () => {
    create(newBackup('twice'));
    const again = create(newBackup('twice'));
    expect(again.status).toBe(409);
    expect(again.body.type).toBe('https://astra.netapp.io/problems/143');
    expect(create(newBackup('twice'), OTHER_APP).status).toBe(201);
  });

  it.each([
    ['a name that is no DNS-1123 label', { ...newBackup('Nightly_1') }, ['name']],
    ['no type', { version: '1.1', name: 'a' }, ['type']],
    ['a wrong version', { type: 'application/astra-appBackup', version: '2.0' }, ['version']],
    ['no type and no version, a bad bucketID', { bucketID: 'nope' }, ['type', 'version', 'bucketID']],
    ['a field that is not the resource’s', { ...newBackup('a'), state: 'completed' }, ['state']],
    [
      'labels that are not name/value pairs',
      { ...newBackup('a'), metadata: { labels: [{ name: 1 }] } },
      ['metadata.labels[0]'],
    ],
  ])('answers a body with %s with problem 8 naming each bad field', (_, body, fields) => {
    const answer = create(body);
    expect(answer.status).toBe(400);
    expect(answer.body.type).toBe('https://astra.netapp.io/problems/8');
    expect(answer.body.invalidFields.map((f: { name: string }) => f.name)).toEqual(fields);
  });

  it.each([
    ['an empty body', ''],
    ['a body that is not JSON', '{"type":'],
    ['a JSON array', '[]'],
  ])('answers %s with a 400 problem', (_, body) => {
    const answer = create(body);
    expect(answer.status).toBe(400);
    expect(answer.body.type).toMatch(/\/problems\/[78]$/);
  });

  it('is pending for the first tenth of backupMs, then running with rising progress, then completed', () => {
    const { id } = create(newBackup('moving')).body;
    const at = (ms: number) => {
      clock += ms;
      return send('GET', `${account()}/topology/v1/appBackups/${id}`).body;
    };
    expect(at(BACKUP_MS / 10 - 1)).toMatchObject({ state: 'pending', percentDone: 0, bytesDone: 0 });
    let last = -1;
    for (let step = 0; step < 9; step++) {
      const b = at(BACKUP_MS / 10);
      expect(b.state).toBe('running');
      expect(b.percentDone).toBeGreaterThan(last);
      expect(b.bytesDone).toBeLessThanOrEqual(b.totalBytes);
      last = b.percentDone;
    }
    const done = at(10);
    expect(done).toMatchObject({ state: 'completed', percentDone: 100, bytesDone: done.totalBytes });
    expect(done.backupCreationTimestamp).toEqual(expect.any(String));
  });

  it('fails a backup whose name starts with fail-, saying why in stateUnready', () => {
    const { id } = create(newBackup('fail-demo')).body;
    clock += BACKUP_MS;
    const failed = send('GET', `${account()}/topology/v1/appBackups/${id}`).body;
    expect(failed.state).toBe('failed');
    expect(failed.stateUnready).toEqual([expect.stringMatching(/bucket/)]);
  });
});

describe('the simulator: get and delete', () => {
  it('gets a backup on both paths; on another app’s path it is 404 problem 1', () => {
    expect(send('GET', `${account()}/k8s/v1/apps/${APP}/appBackups/${EXAMPLE_BACKUP}`).status).toBe(200);
    const other = send('GET', `${account()}/k8s/v1/apps/${EXAMPLE_APPS.nightly}/appBackups/${EXAMPLE_BACKUP}`);
    expect(other.status).toBe(404);
    expect(other.body.type).toBe('https://astra.netapp.io/problems/1');
    expect(send('GET', `${account()}/topology/v1/appBackups/00000000-0000-4000-8000-000000000000`).status).toBe(404);
  });

  it('refuses to delete a pending backup: 409 problem 128', () => {
    const answer = send('DELETE', `${account()}/topology/v1/appBackups/${EXAMPLE_BACKUP}`);
    expect(answer.status).toBe(409);
    expect(answer.body.type).toBe('https://astra.netapp.io/problems/128');
  });

  it('deletes a running backup: 204, and it is gone from gets and lists within a second', () => {
    const { id } = create(newBackup('short-lived')).body;
    clock += BACKUP_MS / 2;
    expect(send('DELETE', `${account()}/k8s/v1/apps/${APP}/appBackups/${id}`).status).toBe(204);
    clock += DELETE_LAG_MS;
    expect(DELETE_LAG_MS).toBeLessThanOrEqual(1_000);
    expect(send('GET', `${account()}/topology/v1/appBackups/${id}`).status).toBe(404);
    expect(send('GET', `${account()}/topology/v1/appBackups?include=id`).body.items).not.toContainEqual([id]);
  });
});

describe('the simulator: auth and Prefer', () => {
  it('answers 401 problem 3 without a bearer token, 401 problem 4 for another scheme', () => {
    const none = send('GET', `${account()}/topology/v1/appBackups`, { headers: {} });
    expect([none.status, none.body.type]).toEqual([401, 'https://astra.netapp.io/problems/3']);
    const basic = send('GET', `${account()}/topology/v1/appBackups`, { headers: { authorization: 'Basic eDp5' } });
    expect([basic.status, basic.body.type]).toEqual([401, 'https://astra.netapp.io/problems/4']);
  });

  it.each([
    ['example=resourceNotFound', 404, 'https://astra.netapp.io/problems/1'],
    ['example=appBackupCompleted', 200, undefined],
    ['code=500', 500, 'https://astra.netapp.io/problems/95'],
  ])('answers Prefer: %s with the documented example and its status', (prefer, status, type) => {
    const answer = send('GET', `${account()}/topology/v1/appBackups/${EXAMPLE_BACKUP}`, {
      headers: { ...auth, prefer },
    });
    expect(answer.status).toBe(status);
    if (type) expect(answer.body.type).toBe(type);
    else expect(answer.body.state).toBe('completed');
  });

  it('says which examples exist when Prefer names one that does not', () => {
    const answer = send('GET', `${account()}/topology/v1/appBackups/${EXAMPLE_BACKUP}`, {
      headers: { ...auth, prefer: 'example=nope' },
    });
    expect(answer.status).toBe(400);
    expect(answer.body.detail).toContain('appBackupRunning');
  });
});
