// src/sdk.test.ts: the SDK against the simulator's fetch: no server, no MSW.
import { createAstraClient, InternalServerError } from 'astra-app-backups';
import { createAstraSimulator, EXAMPLE_ACCOUNT, EXAMPLE_APPS, EXAMPLE_BACKUP } from 'astra-app-backups/mock';

const sim = createAstraSimulator({ seed: 'jest' }); // fixed ids, a frozen clock
const astra = createAstraClient({ accountId: EXAMPLE_ACCOUNT, token: 'any-token', fetch: sim.fetch });

beforeEach(() => sim.reset());

test('a new backup completes when the clock moves', async () => {
  const { backup } = await astra.appBackups.create(EXAMPLE_APPS.shop, { name: 'jest-1' });
  expect(backup.state).toBe('pending');
  sim.time.advance(20_000); // a backup's whole run, with no real wait
  expect((await astra.appBackups.get(backup.id)).state).toBe('completed');
});

test('a fault that holds reaches the caller; a one-time fault is retried away', async () => {
  sim.faults.add({ operationId: 'getAppBackup', fault: 503, retryAfter: 0 });
  expect((await astra.appBackups.get(EXAMPLE_BACKUP)).id).toBe(EXAMPLE_BACKUP);
  sim.faults.add({ operationId: 'getAppBackup', fault: 503, retryAfter: 0, times: 'always' });
  await expect(astra.appBackups.get(EXAMPLE_BACKUP)).rejects.toBeInstanceOf(InternalServerError);
});
