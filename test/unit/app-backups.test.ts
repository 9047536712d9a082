import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  APP_BACKUP_FIELDS,
  type AppBackupField,
  createAstraClient,
  InvalidInputError,
  UnexpectedResponseError,
} from '../../src/sdk/index.js';
import { ACCOUNT, APP, BACKUP_ID, backup, clientWith, json } from '../support/fake-fetch.js';

const page = (items: unknown[], metadata: Record<string, unknown> = {}) =>
  json({ type: 'application/astra-appBackups', version: '1.1', items, metadata });

describe('list and listPage', () => {
  it('lists the account-wide collection, sending include comma-joined and limit as digits', async () => {
    const { client, seen } = clientWith([() => page([[BACKUP_ID, 'n', 'pending']])]);
    const result = await client.appBackups.listPage({ include: ['id', 'name', 'state'], limit: 50 });
    expect(seen[0]?.url.pathname).toBe(`/accounts/${ACCOUNT}/topology/v1/appBackups`);
    expect(seen[0]?.url.search).toBe('?include=id,name,state&limit=50');
    expect(seen[0]?.headers.get('accept')).toBe('application/json, application/problem+json');
    expect(result).toEqual({ items: [{ id: BACKUP_ID, name: 'n', state: 'pending' }] });
  });

  it("lists one app's collection when appId is given", async () => {
    const { client, seen } = clientWith([() => page([])]);
    await client.appBackups.listPage({ appId: APP });
    expect(seen[0]?.url.pathname).toBe(`/accounts/${ACCOUNT}/k8s/v1/apps/${APP}/appBackups`);
    expect(seen[0]?.url.search).toBe('');
  });

  it('follows metadata.continue page by page, sending continue only when a page returned one', async () => {
    const { client, seen } = clientWith([
      () => page([backup({ name: 'a' })], { continue: 't1', count: 3 }),
      () => page([backup({ name: 'b' })], { continue: 't2' }),
      () => page([backup({ name: 'c' })]),
    ]);
    const names: string[] = [];
    for await (const item of client.appBackups.list({ limit: '1' })) names.push(item.name);
    expect(names).toEqual(['a', 'b', 'c']);
    expect(seen.map((s) => s.url.searchParams.get('continue'))).toEqual([null, 't1', 't2']);
    expect(seen.map((s) => s.url.searchParams.get('limit'))).toEqual(['1', '1', '1']);
  });

  it('returns the continue token and count to callers who page themselves', async () => {
    const { client, seen } = clientWith([() => page([], { continue: 'next', count: 7 })]);
    expect(await client.appBackups.listPage({ continue: 'prev' })).toEqual({ items: [], continue: 'next', count: 7 });
    expect(seen[0]?.url.searchParams.get('continue')).toBe('prev');
  });

  it('throws rather than loop when the server repeats a continue token', async () => {
    const { client } = clientWith([() => page([backup()], { continue: 'same' })]);
    const consume = async () => {
      for await (const _ of client.appBackups.list()) {
        /* drain */
      }
    };
    await expect(consume()).rejects.toBeInstanceOf(UnexpectedResponseError);
  });

  it('refuses projected arrays nobody asked for, and arrays of the wrong length', async () => {
    await expect(clientWith([() => page([['x']])]).client.appBackups.listPage()).rejects.toBeInstanceOf(
      UnexpectedResponseError,
    );
    await expect(
      clientWith([() => page([['x']])]).client.appBackups.listPage({ include: ['id', 'name'] }),
    ).rejects.toThrow('1 values for 2 included fields');
  });

  it('keeps only the included fields when a server sends whole backups anyway', async () => {
    const { client } = clientWith([() => page([backup()])]);
    expect((await client.appBackups.listPage({ include: ['state'] })).items).toEqual([{ state: 'pending' }]);
  });

  it('projection round-trips any backup: the object built from the array equals the picked fields (a null is a field the backup lacks)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uniqueArray(fc.constantFrom(...APP_BACKUP_FIELDS), { minLength: 1 }),
        fc.record({
          id: fc.uuid(),
          name: fc.stringMatching(/^[a-z0-9]{1,10}$/),
          state: fc.constantFrom('pending', 'running', 'completed'),
          percentDone: fc.integer({ min: 0, max: 100 }),
          stateUnready: fc.array(fc.string({ minLength: 1 })),
        }),
        async (include, values) => {
          const full = backup(values) as Record<string, unknown>;
          const { client } = clientWith([() => page([include.map((f) => full[f] ?? null)])]);
          const { items } = await client.appBackups.listPage({ include: include as AppBackupField[] });
          expect(items).toEqual([
            Object.fromEntries(include.filter((f) => full[f] !== undefined).map((f) => [f, full[f]])),
          ]);
        },
      ),
      { numRuns: 100 },
    );
  });
});

describe('get, create and delete', () => {
  it('gets by the account-wide or per-app path, asking for the resource media type', async () => {
    const { client, seen } = clientWith([() => json(backup()), () => json(backup())]);
    await client.appBackups.get(BACKUP_ID);
    await client.appBackups.get(BACKUP_ID, { appId: APP });
    expect(seen.map((s) => s.url.pathname)).toEqual([
      `/accounts/${ACCOUNT}/topology/v1/appBackups/${BACKUP_ID}`,
      `/accounts/${ACCOUNT}/k8s/v1/apps/${APP}/appBackups/${BACKUP_ID}`,
    ]);
    expect(seen[0]?.headers.get('accept')).toBe('application/astra-appBackup+json, application/problem+json');
  });

  it('parses an application/astra-appBackup+json answer as JSON', async () => {
    const { client } = clientWith([
      () => new Response(JSON.stringify(backup()), { headers: { 'content-type': 'application/astra-appBackup+json' } }),
    ]);
    await expect(client.appBackups.get(BACKUP_ID)).resolves.toMatchObject({ id: BACKUP_ID });
  });

  it('creates with type and version filled in, the resource media type, and exposes Location', async () => {
    const location = `/accounts/${ACCOUNT}/k8s/v1/apps/${APP}/appBackups/${BACKUP_ID}`;
    const { client, seen } = clientWith([() => json(backup(), 201, { location })]);
    const created = await client.appBackups.create(APP, {
      name: 'nightly-1',
      bucketID: '0afbe357-a717-4c7a-8b3d-d0368959c8de',
      labels: [{ name: 'team', value: 'x' }],
    });
    expect(created).toEqual({ backup: backup(), location });
    expect(seen[0]?.method).toBe('POST');
    expect(seen[0]?.headers.get('content-type')).toBe('application/astra-appBackup+json');
    expect(seen[0]?.headers.get('accept')).toBe('application/astra-appBackup+json, application/problem+json');
    expect(JSON.parse(seen[0]?.body ?? '')).toEqual({
      type: 'application/astra-appBackup',
      version: '1.1',
      name: 'nightly-1',
      bucketID: '0afbe357-a717-4c7a-8b3d-d0368959c8de',
      metadata: { labels: [{ name: 'team', value: 'x' }] },
    });
  });

  it('deletes with a 204 and resolves with nothing', async () => {
    const { client, seen } = clientWith([() => new Response(null, { status: 204 })]);
    await expect(client.appBackups.delete(BACKUP_ID, { appId: APP })).resolves.toBeUndefined();
    expect(seen[0]?.method).toBe('DELETE');
  });

  it('turns a success body that is not JSON into UnexpectedResponseError, not a SyntaxError', async () => {
    const { client } = clientWith([
      () => new Response('<html>', { status: 200, headers: { 'content-type': 'text/html' } }),
    ]);
    await expect(client.appBackups.get(BACKUP_ID)).rejects.toBeInstanceOf(UnexpectedResponseError);
  });
});

describe('input refused before any request', () => {
  const cases: [string, (c: ReturnType<typeof clientWith>['client']) => Promise<unknown>, string][] = [
    ['an empty backup id', (c) => c.appBackups.get(''), 'appBackupId'],
    ['a backup id of ".."', (c) => c.appBackups.delete('..'), 'appBackupId'],
    ['a backup id with a slash', (c) => c.appBackups.get('a/b'), 'appBackupId'],
    ['an empty app id', (c) => c.appBackups.create(''), 'appId'],
    ['a name that is no DNS-1123 label', (c) => c.appBackups.create(APP, { name: 'Nightly_1' }), 'name'],
    ['a name of 64 characters', (c) => c.appBackups.create(APP, { name: 'a'.repeat(64) }), 'name'],
    ['a bucketID that is no UUID', (c) => c.appBackups.create(APP, { bucketID: 'bucket-1' }), 'bucketID'],
    ['a label without a value', (c) => c.appBackups.create(APP, { labels: [{ name: 'x' } as never] }), 'labels[0]'],
    ['an unknown create field', (c) => c.appBackups.create(APP, { nmae: 'x' } as never), 'input.nmae'],
    ['an unknown include field', (c) => c.appBackups.listPage({ include: ['colour'] as never }), 'include'],
    ['an empty include', (c) => c.appBackups.listPage({ include: [] as never }), 'include'],
    ['a repeated include field', (c) => c.appBackups.listPage({ include: ['id', 'id'] }), 'include'],
    ['a limit of 0', (c) => c.appBackups.listPage({ limit: 0 }), 'limit'],
    ['a limit of "ten"', (c) => c.appBackups.listPage({ limit: 'ten' }), 'limit'],
    ['an empty continue', (c) => c.appBackups.listPage({ continue: '' }), 'continue'],
  ];
  it.each(cases)('refuses %s with InvalidInputError naming it', async (_, call, input) => {
    const { client, seen } = clientWith([() => json(backup())]);
    const error = await Promise.resolve()
      .then(() => call(client))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidInputError);
    expect((error as InvalidInputError).input).toBe(input);
    expect(seen).toHaveLength(0);
  });
});

describe('createAstraClient options', () => {
  const good = { accountId: ACCOUNT, token: 't', fetch: async () => json({}) };
  it.each([
    ['no accountId', { ...good, accountId: '' }, 'options.accountId'],
    ['an empty token', { ...good, token: '  ' }, 'options.token'],
    ['a baseUrl that is no URL', { ...good, baseUrl: 'astra' }, 'options.baseUrl'],
    ['a ftp baseUrl', { ...good, baseUrl: 'ftp://astra' }, 'options.baseUrl'],
    ['a negative timeout', { ...good, timeoutMs: -1 }, 'options.timeoutMs'],
    ['11 retries', { ...good, maxRetries: 11 }, 'options.maxRetries'],
    ['an Authorization header', { ...good, headers: { Authorization: 'Bearer x' } }, 'options.headers.Authorization'],
  ])('refuses %s, naming the option', (_, options, input) => {
    expect(() => createAstraClient(options as never)).toThrow(
      expect.objectContaining({ name: 'InvalidInputError', input }),
    );
  });

  it('never puts a bad token value into the error', () => {
    try {
      createAstraClient({ ...good, token: 42 as never });
      expect.unreachable();
    } catch (error) {
      expect(String(error)).not.toContain('42');
    }
  });

  it('sends extra headers, and trims a trailing slash off baseUrl', async () => {
    const { client, seen } = clientWith([() => json(backup())], {
      baseUrl: 'https://acc.example/',
      headers: { 'x-trace': 't1' },
    });
    await client.appBackups.get('b');
    expect(seen[0]?.url.href).toBe(`https://acc.example/accounts/${ACCOUNT}/topology/v1/appBackups/b`);
    expect(seen[0]?.headers.get('x-trace')).toBe('t1');
  });
});

describe('success bodies', () => {
  it.each(['state', 'stateUnready', 'metadata'])(
    'refuses a backup without its required %s, naming it',
    async (field) => {
      const body = backup() as Record<string, unknown>;
      delete body[field];
      const { client } = clientWith([() => json(body)]);
      await expect(client.appBackups.get(BACKUP_ID)).rejects.toThrow(`${field} is missing`);
    },
  );
});
