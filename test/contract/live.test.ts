// The live contract suite: the SDK against a real Astra through `prism proxy --errors`,
// which validates every request and response against the spec. Read-only by default;
// create and delete run only with ASTRA_ALLOW_WRITES=1 and ASTRA_APP_ID.
import { randomUUID } from 'node:crypto';
import { describe, expect, inject, it } from 'vitest';
import { AuthenticationError, createAstraClient, NotFoundError } from '../../src/sdk/index.js';
import { type Recorded, recordingFetch } from '../support/recorder.js';
import { loadSpec, makeValidator } from '../support/spec.js';

const spec = loadSpec();
const validatorFor = makeValidator(spec);
const accountId = process.env.ASTRA_ACCOUNT_ID ?? '';
const token = process.env.ASTRA_TOKEN ?? '';
const appId = process.env.ASTRA_APP_ID;
const writes = process.env.ASTRA_ALLOW_WRITES === '1' && !!appId;

function check(records: Recorded[], schema: string) {
  expect(records.length).toBeGreaterThan(0);
  for (const record of records) {
    expect(
      record.violations,
      `sl-violations on ${record.method} ${record.url}: ${JSON.stringify(record.violations)}`,
    ).toEqual([]);
    if (record.body !== undefined) {
      const validate = validatorFor(schema);
      expect(validate(record.body), `${record.method} ${record.url}: ${JSON.stringify(validate.errors)}`).toBe(true);
    }
  }
}

/** Runs `call`, then checks the recorded exchanges first, so that a violation is what a failure names. */
async function conforming<T>(
  recorder: ReturnType<typeof recordingFetch>,
  schema: string,
  call: () => Promise<T>,
): Promise<T> {
  const outcome = await call().then(
    (value) => ({ value }),
    (error: unknown) => ({ error }),
  );
  check(recorder.records, schema);
  if ('error' in outcome) throw outcome.error;
  return outcome.value;
}

describe('live contract: a real Astra through prism proxy --errors', () => {
  const prismUrl = inject('prismUrl');
  const client = (recorder = recordingFetch()) => ({
    recorder,
    astra: createAstraClient({ accountId, token, baseUrl: prismUrl, fetch: recorder.fetch, maxRetries: 0 }),
  });

  it('lists backups in full, and every response conforms', async () => {
    const { astra, recorder } = client();
    await conforming(recorder, '#/components/schemas/AppBackupList', () => astra.appBackups.listPage({ limit: 20 }));
  });

  it('lists backups projected on id, name and state', async () => {
    const { astra, recorder } = client();
    const page = await conforming(recorder, '#/components/schemas/AppBackupList', () =>
      astra.appBackups.listPage({ include: ['id', 'name', 'state'], limit: 20 }),
    );
    for (const item of page.items) expect(Object.keys(item).sort()).toEqual(['id', 'name', 'state']);
  });

  it('gets the first backup listed, if there is one', async () => {
    const { astra, recorder } = client();
    const { items } = await conforming(recorder, '#/components/schemas/AppBackupList', () =>
      astra.appBackups.listPage({ include: ['id'], limit: 1 }),
    );
    const first = items[0];
    if (!first) return; // an account without backups: the list checks above still ran
    const single = client();
    await conforming(single.recorder, '#/components/schemas/AppBackup', () => single.astra.appBackups.get(first.id));
  });

  it('answers a backup that does not exist with a 404 problem', async () => {
    const { astra, recorder } = client();
    await expect(astra.appBackups.get(randomUUID())).rejects.toBeInstanceOf(NotFoundError);
    check(recorder.records, '#/components/schemas/Problem');
  });

  it('answers a wrong token with a 401 problem', async () => {
    const recorder = recordingFetch();
    const astra = createAstraClient({
      accountId,
      token: 'not-a-valid-token',
      baseUrl: prismUrl,
      fetch: recorder.fetch,
      maxRetries: 0,
    });
    await expect(astra.appBackups.listPage({ limit: 1 })).rejects.toBeInstanceOf(AuthenticationError);
    check(recorder.records, '#/components/schemas/Problem');
  });

  it.runIf(writes)('creates a backup of ASTRA_APP_ID, reads it back, and deletes it', async () => {
    const { astra, recorder } = client();
    const { backup } = await astra.appBackups.create(appId ?? '', { name: `contract-${Date.now()}` });
    await astra.appBackups.get(backup.id, { appId: appId ?? '' });
    await astra.appBackups.delete(backup.id, { appId: appId ?? '' }).catch((error: unknown) => {
      if (!(error instanceof Error && error.name === 'ConflictError')) throw error; // a pending backup can't be cancelled
    });
    for (const record of recorder.records) expect(record.violations).toEqual([]);
  });
});
