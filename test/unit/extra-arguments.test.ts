// From plain JavaScript nothing stops a call with one argument too many, and the SDK took
// `listPage({ appId }, { signal })` without a word, dropping the signal: a user thought
// cancellation was broken. Every method now refuses an argument past its last parameter,
// before any request, with an InvalidInputError naming it.
import { describe, expect, it } from 'vitest';
import { type AppBackups, InvalidInputError } from '../../src/sdk/index.js';
import { APP, BACKUP_ID, backup, clientWith, json } from '../support/fake-fetch.js';

const page = () => json({ type: 'application/astra-appBackups', version: '1.1', items: [backup()], metadata: {} });

/** Each method, its parameters, and the arguments of a good call. */
const CALLS: [keyof AppBackups, string[], unknown[]][] = [
  ['listPage', ['options'], [{ appId: APP }]],
  ['list', ['options'], [{ appId: APP }]],
  ['get', ['appBackupId', 'options'], [BACKUP_ID, { appId: APP }]],
  ['create', ['appId', 'input', 'options'], [APP, { name: 'nightly-1' }, {}]],
  ['delete', ['appBackupId', 'options'], [BACKUP_ID, {}]],
  ['waitUntilDone', ['appBackupId', 'options'], [BACKUP_ID, { minDelayMs: 0 }]],
];

/** Calls a method as plain JavaScript would, draining `list`'s iterator. */
async function call(appBackups: AppBackups, method: keyof AppBackups, args: unknown[]): Promise<unknown> {
  const fn = appBackups[method] as (...a: unknown[]) => unknown;
  const result = fn.apply(appBackups, args);
  if (method === 'list') {
    const items: unknown[] = [];
    for await (const item of result as AsyncIterable<unknown>) items.push(item);
    return items;
  }
  return await result;
}

const answers = () => [
  (request: Request) =>
    request.method === 'DELETE'
      ? new Response(null, { status: 204 })
      : request.method === 'POST'
        ? json(backup({ state: 'completed' }), 201)
        : request.url.includes(BACKUP_ID)
          ? json(backup({ state: 'completed' }))
          : page(),
];

describe('an argument past the last parameter', () => {
  it.each(CALLS)(
    '%s refuses it, naming it and where request options go, before any request',
    async (method, params, args) => {
      const { client, seen } = clientWith(answers());
      // The good call reaches the server (so the count below can move)...
      await call(client.appBackups, method, args);
      const requests = seen.length;
      expect(requests).toBeGreaterThan(0);
      // ...the same with a signal beside the options, as `listPage({ appId }, { signal })`, does not.
      const signal = new AbortController().signal;
      const error = await call(client.appBackups, method, [...args, { signal }]).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(InvalidInputError);
      const { input, message } = error as InvalidInputError;
      expect(input).toBe(`arguments[${params.length}]`);
      expect(message).toBe(
        `arguments[${params.length}]: ${method}(${params.join(', ')}) got one argument more: { signal }; request options (signal, timeoutMs, …) go inside options`,
      );
      expect(seen.length).toBe(requests);
    },
  );

  it.each(CALLS)(
    '%s takes a trailing undefined (a wrapper passing on an absent option)',
    async (method, _params, args) => {
      const { client } = clientWith(answers());
      await expect(call(client.appBackups, method, [...args, undefined])).resolves.not.toBeInstanceOf(Error);
    },
  );

  it('names the first extra one that is not undefined, and says what a primitive was', async () => {
    const { client } = clientWith(answers());
    const error = await call(client.appBackups, 'get', [BACKUP_ID, undefined, undefined, 5000]).catch(
      (e: unknown) => e as InvalidInputError,
    );
    expect(error).toBeInstanceOf(InvalidInputError);
    expect((error as InvalidInputError).input).toBe('arguments[3]');
    expect((error as InvalidInputError).message).toContain('get(appBackupId, options) got one argument more: 5000;');
  });
});
