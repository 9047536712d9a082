// The SDK end to end against the simulator as the package serves it (`astra-backups mock`,
// which checks each answer against the spec), over HTTP on loopback: paging that ends, a
// backup followed to completion, Astra's problems as typed errors. (Through npm start's stack,
// Prism included: the contract-simulator project.)
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXAMPLE_ACCOUNT, EXAMPLE_APPS, EXAMPLE_BACKUP } from '../../src/mock/index.js';
import { type MockServer, startMockServer } from '../../src/mock-server/index.js';
import {
  type AppBackup,
  type AstraClient,
  BackupFailedError,
  BadRequestError,
  ConflictError,
  createAstraClient,
  NotFoundError,
} from '../../src/sdk/index.js';

let mock: MockServer;
let astra: AstraClient;
const alarms: string[] = [];

beforeAll(async () => {
  mock = await startMockServer({ port: 0, backupMs: 1_200, alarm: (line) => alarms.push(line) });
  astra = createAstraClient({ accountId: EXAMPLE_ACCOUNT, token: 'e2e-token', baseUrl: mock.url });
});
afterAll(async () => {
  await mock?.close();
  expect(alarms).toEqual([]);
});

describe('the SDK against the simulator', () => {
  it('lists every backup of the account exactly once, page after page, and stops', async () => {
    const ids: string[] = [];
    for await (const backup of astra.appBackups.list({ limit: 50 })) ids.push(backup.id);
    const { count } = await astra.appBackups.listPage({ limit: 1 });
    expect(ids.length).toBe(count);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toContain(EXAMPLE_BACKUP);
  });

  it('projects a listing on include, as typed objects', async () => {
    const names: string[] = [];
    for await (const item of astra.appBackups.list({ appId: EXAMPLE_APPS.states, include: ['name', 'state'] }))
      names.push(`${item.name} ${item.state}`);
    expect(names).toEqual([
      'db-discovering discovering',
      'db-running running',
      'db-failed failed',
      'db-removed removed',
      'db-unknown unknown',
    ]);
  });

  it('creates a backup and waits until it is completed, reporting progress', async () => {
    const { backup, location } = await astra.appBackups.create(EXAMPLE_APPS.shop, { name: 'e2e-wait' });
    expect(location).toBe(
      `${mock.url}/accounts/${EXAMPLE_ACCOUNT}/k8s/v1/apps/${EXAMPLE_APPS.shop}/appBackups/${backup.id}`,
    );
    const seen: AppBackup[] = [];
    const done = await astra.appBackups.waitUntilDone(backup.id, {
      appId: EXAMPLE_APPS.shop,
      minDelayMs: 100,
      maxDelayMs: 200,
      maxWaitMs: 30_000,
      onProgress: (b) => seen.push(b),
    });
    expect(done).toMatchObject({ state: 'completed', percentDone: 100 });
    // What the first poll catches depends on the machine's speed.
    expect(['pending', 'running', 'completed']).toContain(seen[0]?.state);
    expect(seen.at(-1)?.state).toBe('completed');
  });

  it('rejects with BackupFailedError, carrying the reasons, for a backup that fails', async () => {
    const { backup } = await astra.appBackups.create(EXAMPLE_APPS.shop, { name: 'fail-e2e' });
    const error = await astra.appBackups
      .waitUntilDone(backup.id, { minDelayMs: 100, maxDelayMs: 200, maxWaitMs: 30_000 })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BackupFailedError);
    expect((error as BackupFailedError).stateUnready).toEqual([expect.stringMatching(/bucket/)]);
  });

  it('maps Astra’s problems to typed errors: 143 for a name in use, 128 for a pending backup', async () => {
    await astra.appBackups.create(EXAMPLE_APPS.shop, { name: 'e2e-twice' });
    const twice = await astra.appBackups.create(EXAMPLE_APPS.shop, { name: 'e2e-twice' }).catch((e: unknown) => e);
    expect(twice).toBeInstanceOf(ConflictError);
    expect((twice as ConflictError).code).toBe(143);
    const pending = await astra.appBackups.delete(EXAMPLE_BACKUP).catch((e: unknown) => e);
    expect(pending).toBeInstanceOf(ConflictError);
    expect((pending as ConflictError).code).toBe(128);
  });

  it('deletes a completed backup, after which it is gone', async () => {
    const { backup } = await astra.appBackups.create(EXAMPLE_APPS.states, { name: 'e2e-delete' });
    await astra.appBackups.waitUntilDone(backup.id, { minDelayMs: 100, maxDelayMs: 200, maxWaitMs: 30_000 });
    await astra.appBackups.delete(backup.id, { appId: EXAMPLE_APPS.states });
    // A delete takes a moment to show: waited for, with a bound.
    let error: unknown;
    await expect
      .poll(
        async () => {
          error = await astra.appBackups.get(backup.id).then(
            () => undefined,
            (e: unknown) => e,
          );
          return error !== undefined;
        },
        { timeout: 60_000, interval: 50 },
      )
      .toBe(true);
    expect(error).toBeInstanceOf(NotFoundError);
  });

  it('gets Astra’s 400 with invalidFields for a body the SDK would not send', async () => {
    const error = await astra.raw
      .POST('/accounts/{account_id}/k8s/v1/apps/{app_id}/appBackups', {
        params: { path: { account_id: EXAMPLE_ACCOUNT, app_id: EXAMPLE_APPS.shop } },
        // The media type the spec declares: another one is refused first (problem 7).
        headers: { 'content-type': 'application/astra-appBackup+json' },
        body: { type: 'application/astra-appBackup', version: '1.1', name: 'Not_A_Label' },
      })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BadRequestError);
    expect((error as BadRequestError).invalidFields).toEqual([expect.objectContaining({ name: 'name' })]);
  });
});
