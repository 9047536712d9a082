// A TypeScript consumer of the installed package, type-checked (never run) under each
// module resolution with the oldest and the newest TypeScript the types support.
import {
  type AppBackup,
  type AstraClient,
  ConflictError,
  createAstraClient,
  isProblemError,
  NotFoundError,
  PROBLEM_CODES,
} from 'astra-app-backups';

const astra: AstraClient = createAstraClient({
  accountId: '9ff53b28-2a88-4b1c-8b4a-2d3c1a4f0b5e',
  token: () => 'rotated-token',
  baseUrl: 'http://127.0.0.1:4010',
  fetch: (input, init) => fetch(input, init),
  maxRetries: 1,
});

export async function nightly(signal: AbortSignal): Promise<string[]> {
  const names: string[] = [];
  for await (const item of astra.appBackups.list({ include: ['id', 'name', 'state'], limit: 100, signal })) {
    const state: AppBackup['state'] = item.state;
    names.push(`${item.id} ${item.name} ${state}`);
    // @ts-expect-error a field not asked for in include is not on the item
    names.push(item.totalBytes);
  }
  const page = await astra.appBackups.listPage({ limit: 10 });
  if (page.continue !== undefined) names.push(page.continue);
  return names;
}

export async function createAndWait(appId: string): Promise<number | undefined> {
  const { backup, location } = await astra.appBackups.create(appId, { name: 'nightly-1' });
  const done = await astra.appBackups.waitUntilDone(backup.id, { appId, onProgress: (b) => b.percentDone });
  return location ? done.totalBytes : undefined;
}

export async function errors(id: string): Promise<string> {
  try {
    await astra.appBackups.delete(id);
    return 'deleted';
  } catch (error) {
    if (error instanceof ConflictError && error.code === 128) return PROBLEM_CODES[128];
    if (error instanceof NotFoundError) return `${error.status} ${error.title}`;
    if (isProblemError(error)) return `${error.status} ${error.detail ?? ''}`;
    throw error;
  }
}

// @ts-expect-error the backup id is a string
astra.appBackups.get(42);
