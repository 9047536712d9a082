// The SDK against a real HTTP server on loopback that resets, stalls, cuts bodies short,
// answers HTML, never ends a body, lies about types, and loses the answer to a POST.
// Every failure must be an AstraError (never undici's bare TypeError), GETs and DELETEs
// are retried like any network error, and `astra.raw` behaves the same.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  type AstraClientOptions,
  ConnectionError,
  createAstraClient,
  InternalServerError,
  InvalidInputError,
  isAstraError,
  NotFoundError,
  TimeoutError,
  UnexpectedResponseError,
} from '../../src/sdk/index.js';
import { ACCOUNT, APP, BACKUP_ID, backup } from '../support/fake-fetch.js';

type Handler = (request: IncomingMessage, response: ServerResponse, body: string) => void;
let server: Server;
let baseUrl: string;
let handlers: Handler[] = [];
let seen: { method: string; url: string; body: string; authorization: string | undefined }[] = [];

beforeAll(async () => {
  server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => {
      body += chunk;
    });
    request.on('end', () => {
      seen.push({
        method: request.method ?? '',
        url: request.url ?? '',
        body,
        authorization: request.headers.authorization,
      });
      const handler = handlers[Math.min(seen.length - 1, handlers.length - 1)];
      if (!handler) {
        response.writeHead(500);
        return response.end('no handler');
      }
      handler(request, response, body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => {
  server.closeAllConnections();
  server.close();
});
beforeEach(() => {
  handlers = [];
  seen = [];
});

const TOKEN = 'sk-hostile-secret';
// Fast backoff: these tests are about what is retried, not how long it waits.
const client = (options: Partial<AstraClientOptions> = {}) =>
  createAstraClient(
    { accountId: ACCOUNT, token: TOKEN, baseUrl, ...options },
    { random: () => 1, sleep: async () => {} },
  );

const send =
  (status: number, body: unknown, headers: Record<string, string> = {}): Handler =>
  (_, response) => {
    const text = typeof body === 'string' ? body : JSON.stringify(body);
    response.writeHead(status, {
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(text),
      ...headers,
    });
    response.end(text);
  };
const ok = send(200, backup({ state: 'completed' }));
/** Headers and half a body, then the connection reset. */
const resetMidBody: Handler = (_, response) => {
  const text = JSON.stringify(backup());
  response.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  response.write(text.slice(0, 40), () => response.socket?.resetAndDestroy());
};
/** Headers and half a body, then nothing: the body never ends. */
const stallMidBody: Handler = (_, response) => {
  const text = JSON.stringify(backup());
  response.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  response.write(text.slice(0, 40));
};
/** Fewer bytes than Content-Length says, then a clean close. */
const truncated: Handler = (_, response) => {
  const text = JSON.stringify(backup());
  response.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) + 100 });
  response.write(text, () => response.socket?.end());
};
const expectAstra = (error: unknown) => {
  expect(isAstraError(error), `${error}`).toBe(true);
  expect(`${(error as Error).message} ${JSON.stringify(error)}`).not.toContain(TOKEN);
  return error;
};
const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => expect.unreachable('resolved'),
    (error: unknown) => expectAstra(error),
  );

describe('bodies that fail after the headers', () => {
  it('a reset mid-body is a ConnectionError, and a GET so cut is retried', async () => {
    handlers = [resetMidBody, ok];
    await expect(client().appBackups.get(BACKUP_ID)).resolves.toMatchObject({ state: 'completed' });
    expect(seen).toHaveLength(2);

    handlers = [resetMidBody];
    seen = [];
    const error = await failure(client({ maxRetries: 1 }).appBackups.get(BACKUP_ID));
    expect(error).toBeInstanceOf(ConnectionError);
    expect((error as Error).message).toMatch(/GET \/accounts\/.* failed: .*\(attempt 2 of 2\)/);
    expect(seen).toHaveLength(2);
  });

  it('a body that stalls is a TimeoutError of the attempt, and is retried', async () => {
    handlers = [stallMidBody, ok];
    // The answered attempt has a second of its own, however busy the machine.
    await expect(client({ timeoutMs: 1_000 }).appBackups.get(BACKUP_ID)).resolves.toMatchObject({
      state: 'completed',
    });
    expect(seen.length).toBeGreaterThanOrEqual(2);

    handlers = [stallMidBody];
    seen = [];
    const error = await failure(client({ timeoutMs: 300, maxRetries: 0 }).appBackups.get(BACKUP_ID));
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error).toMatchObject({ timeoutMs: 300 });
    expect(seen).toHaveLength(1);
  });

  it('a body shorter than its Content-Length is a ConnectionError', async () => {
    handlers = [truncated];
    expect(await failure(client({ maxRetries: 0 }).appBackups.get(BACKUP_ID))).toBeInstanceOf(ConnectionError);
  });

  it('a DELETE whose answer is cut is retried, and a 404 then counts as deleted', async () => {
    handlers = [
      resetMidBody,
      send(404, { type: 'https://astra.netapp.io/problems/1', title: 'Resource not found', status: '404' }),
    ];
    await expect(client().appBackups.delete(BACKUP_ID)).resolves.toBeUndefined();
    expect(seen.map((s) => s.method)).toEqual(['DELETE', 'DELETE']);
  });

  it('a signal aborted while the body streams rejects with its reason at once', async () => {
    handlers = [stallMidBody];
    const controller = new AbortController();
    const call = client().appBackups.get(BACKUP_ID, { signal: controller.signal });
    await expect.poll(() => seen.length, { timeout: 10_000 }).toBe(1);
    controller.abort(new Error('user cancelled'));
    await expect(call).rejects.toThrow('user cancelled');
  });

  it('astra.raw gets the same: a cut body is a ConnectionError, retried; an error answer is thrown typed', async () => {
    const raw = () =>
      client({ maxRetries: 0 }).raw.GET('/accounts/{account_id}/topology/v1/appBackups/{appBackup_id}', {
        params: { path: { account_id: ACCOUNT, appBackup_id: BACKUP_ID } },
      });
    handlers = [resetMidBody];
    expect(await failure(raw())).toBeInstanceOf(ConnectionError);
    handlers = [send(404, { type: 'https://astra.netapp.io/problems/1', title: 'Resource not found', status: '404' })];
    expect(await failure(raw())).toBeInstanceOf(NotFoundError);
    handlers = [ok];
    const { data, response } = await raw();
    expect(data).toMatchObject({ state: 'completed' });
    const text = JSON.stringify(backup({ state: 'completed' }));
    expect(await response.clone().text()).toBe(text);
    expect(new TextDecoder().decode(await response.arrayBuffer())).toBe(text);
    expect(await (await response.blob()).text()).toBe(text);
    expect(await new Response(response.body).text()).toBe(text);
    expect(response).toMatchObject({ status: 200, ok: true, afterLostAnswer: false });
    handlers = [send(200, '<html>not json</html>')];
    expect(await failure(raw())).toBeInstanceOf(UnexpectedResponseError);
    // The same without a Content-Length (chunked), which openapi-fetch parses another way.
    handlers = [
      (_, response) => {
        response.writeHead(200, { 'content-type': 'application/json' });
        response.write('<html>not');
        response.end(' json</html>');
      },
    ];
    expect(await failure(raw())).toBeInstanceOf(UnexpectedResponseError);
    handlers = [
      (_, response) => {
        response.writeHead(200, { 'content-type': 'application/json' });
        response.write('{"state":');
        response.end('"é"}');
      },
    ];
    const chunked = await raw();
    expect(chunked.data).toEqual({ state: 'é' });
    expect(chunked.response.headers.get('content-length')).toBe(String(Buffer.byteLength('{"state":"é"}')));
  });
});

describe('astra.raw and its middleware', () => {
  it('middleware added to raw runs on raw calls, with real Requests, and never on the helpers’ calls', async () => {
    const astra = client();
    const seenByMiddleware: string[] = [];
    astra.raw.use({
      onRequest({ request }) {
        seenByMiddleware.push(`${request.method} ${request.clone().url.split('/').pop()}`);
        return undefined;
      },
    });
    handlers = [ok];
    await expect(astra.appBackups.get(BACKUP_ID)).resolves.toMatchObject({ state: 'completed' });
    expect(seenByMiddleware).toEqual([]);
    await astra.raw.GET('/accounts/{account_id}/topology/v1/appBackups/{appBackup_id}', {
      params: { path: { account_id: ACCOUNT, appBackup_id: BACKUP_ID } },
    });
    expect(seenByMiddleware).toEqual([`GET ${BACKUP_ID}`]);
  });
});

describe('answers that are not what they should be', () => {
  it('an HTML 502 is retried for a GET, then is an InternalServerError with an excerpt', async () => {
    const html = send(502, '<html><body><h1>502 Bad Gateway</h1></body></html>', { 'content-type': 'text/html' });
    handlers = [html];
    const error = await failure(client({ maxRetries: 2 }).appBackups.get(BACKUP_ID));
    expect(error).toBeInstanceOf(InternalServerError);
    expect(error).toMatchObject({ status: 502, bodyExcerpt: expect.stringContaining('502 Bad Gateway') });
    expect(seen).toHaveLength(3);
  });

  it.each([
    ['an id that is a number', { id: 12345 }, 'id must be a string, got 12345'],
    ['a state that is an object', { state: {} }, 'state must be a string, got an object'],
    ['a state no enum knows', { state: 'exploded' }, 'state must be one of pending,'],
    ['metadata that is a string', { metadata: 'n/a' }, 'metadata must be an object, got "n/a"'],
    ['a percentDone above 100', { percentDone: 150 }, 'percentDone must be 0 to 100, got 150'],
    [
      'a label without a value',
      { metadata: { ...backup().metadata, labels: [{ name: 'a' }] } },
      'metadata.labels[0].value is missing',
    ],
  ])('a 200 with %s is an UnexpectedResponseError naming the field', async (_, fields, message) => {
    handlers = [send(200, backup(fields))];
    const error = await failure(client().appBackups.get(BACKUP_ID));
    expect(error).toBeInstanceOf(UnexpectedResponseError);
    expect((error as Error).message).toContain(message);
  });

  it('a page whose fourth item is wrong names items[3] and the field', async () => {
    const items = [0, 1, 2, 3].map((i) => backup({ percentDone: i === 3 ? '37%' : i }));
    handlers = [send(200, { type: 'application/astra-appBackups', version: '1.1', items, metadata: {} })];
    const error = await failure(client().appBackups.listPage());
    expect((error as Error).message).toContain('items[3].percentDone must be a number, got "37%"');
  });

  it('a projected value of the wrong type names the item and the field', async () => {
    handlers = [
      send(200, {
        items: [
          ['a', 'running'],
          ['b', 7],
        ],
        metadata: {},
      }),
    ];
    const error = await failure(client().appBackups.listPage({ include: ['name', 'state'] }));
    expect((error as Error).message).toContain('items[1] (state) must be a string, got 7');

    // A null is an optional field the backup lacks; a required one cannot be lacking.
    handlers = [send(200, { items: [['a', null]], metadata: {} })];
    await expect(client().appBackups.listPage({ include: ['name', 'percentDone'] })).resolves.toMatchObject({
      items: [{ name: 'a' }],
    });
    handlers = [send(200, { items: [['a', null]], metadata: {} })];
    const missing = await failure(client().appBackups.listPage({ include: ['name', 'state'] }));
    expect((missing as Error).message).toContain('items[0] (state) is null, but every backup has a state');
  });

  it('fields the spec does not know are let through (a newer server may add some)', async () => {
    handlers = [
      send(200, backup({ state: 'completed', retentionDays: 7, metadata: { ...backup().metadata, zone: 'z' } })),
    ];
    await expect(client().appBackups.get(BACKUP_ID)).resolves.toMatchObject({ retentionDays: 7 });
  });

  it('a body that never ends stops at maxResponseBytes with an error naming the cap', async () => {
    handlers = [
      (_, response) => {
        response.writeHead(200, { 'content-type': 'application/json' });
        const chunk = Buffer.alloc(64 * 1024, 0x20);
        const pump = () => {
          while (!response.destroyed && response.write(chunk)) {}
          if (!response.destroyed) response.once('drain', pump);
        };
        response.on('close', () => response.removeAllListeners('drain'));
        pump();
      },
    ];
    const error = await failure(client({ maxResponseBytes: 1024 * 1024 }).appBackups.get(BACKUP_ID));
    expect(error).toBeInstanceOf(UnexpectedResponseError);
    expect((error as Error).message).toContain('larger than maxResponseBytes (1048576 bytes)');
    expect(seen).toHaveLength(1);
  });

  it('a Content-Length above the cap is refused before the body is read', async () => {
    handlers = [send(200, 'x'.repeat(2048))];
    const error = await failure(client({ maxResponseBytes: 1024 }).appBackups.get(BACKUP_ID));
    expect((error as Error).message).toContain('maxResponseBytes (1024 bytes)');
  });
});

describe('Retry-After: 0', () => {
  const problem503 = {
    type: 'https://astra.netapp.io/problems/95',
    title: 'Service unavailable',
    detail: 'try again',
    status: '503',
  };
  // A delay of zero is a delay: the GET is retried at once. The real sleep is used here.
  const realClient = (options: Partial<AstraClientOptions> = {}) =>
    createAstraClient({ accountId: ACCOUNT, token: TOKEN, baseUrl, ...options });

  it.each([429, 502, 503])('a GET answered %i with Retry-After: 0 is retried', async (status) => {
    handlers = [send(status, { ...problem503, status: String(status) }, { 'retry-after': '0' }), ok];
    await expect(realClient().appBackups.get(BACKUP_ID)).resolves.toMatchObject({ state: 'completed' });
    expect(seen).toHaveLength(2);
  });

  it.each([429, 502, 503])('the last %i answer keeps its code, title and detail', async (status) => {
    handlers = [send(status, { ...problem503, status: String(status) }, { 'retry-after': '0' })];
    const error = await failure(realClient({ maxRetries: 2 }).appBackups.get(BACKUP_ID));
    expect(seen).toHaveLength(3);
    expect(error).toMatchObject({ status, code: 95, title: 'Service unavailable', detail: 'try again' });
  });
});

describe('create, when its answer is lost', () => {
  const created = backup({ name: 'nightly-7', state: 'pending' });
  const conflict = send(409, {
    type: 'https://astra.netapp.io/problems/143',
    title: 'Backup with the same name exists',
    status: '409',
  });
  const page = send(200, {
    items: [backup({ id: '0afbe357-a717-4c7a-8b3d-d0368959c8de', name: 'other' }), created],
    metadata: {},
  });
  const lost: Handler = (_, response) => response.socket?.resetAndDestroy();

  it('with a name: sends it once more, and on 143 returns the backup the first attempt made, found by name', async () => {
    handlers = [lost, conflict, page];
    const result = await client().appBackups.create(APP, { name: 'nightly-7' });
    expect(result).toEqual({ backup: created, location: undefined });
    expect(seen.map((s) => s.method)).toEqual(['POST', 'POST', 'GET']);
    expect(seen[0]?.body).toBe(seen[1]?.body);
  });

  it('with a name: a retry that creates it returns it as usual', async () => {
    handlers = [lost, send(201, created, { location: `${baseUrl}/x` })];
    await expect(client().appBackups.create(APP, { name: 'nightly-7' })).resolves.toEqual({
      backup: created,
      location: `${baseUrl}/x`,
    });
  });

  it('with a name: a 143 with no lost answer before it is the caller’s conflict, not found by name', async () => {
    handlers = [conflict];
    const error = await failure(client().appBackups.create(APP, { name: 'nightly-7' }));
    expect(error).toMatchObject({ name: 'ConflictError', code: 143, afterLostAnswer: false });
    expect(seen).toHaveLength(1);
  });

  it('without a name: never sent twice (a retry could make two backups)', async () => {
    handlers = [lost, send(201, created)];
    expect(await failure(client().appBackups.create(APP))).toBeInstanceOf(ConnectionError);
    expect(seen).toHaveLength(1);
  });

  it('a POST answered 503 is not retried, with or without a name', async () => {
    handlers = [send(503, { type: 'about:blank', title: 'Unavailable', status: '503' }), send(201, created)];
    expect(await failure(client().appBackups.create(APP, { name: 'nightly-7' }))).toBeInstanceOf(InternalServerError);
    expect(seen).toHaveLength(1);
  });
});

describe('per-call options and the total time bound', () => {
  it('each call takes signal, timeoutMs, maxRetries and headers, over the client’s', async () => {
    handlers = [stallMidBody];
    const error = await failure(
      client({ timeoutMs: 60_000 }).appBackups.get(BACKUP_ID, {
        timeoutMs: 200,
        maxRetries: 0,
        headers: { 'x-trace': 'q' },
      }),
    );
    expect(error).toMatchObject({ name: 'TimeoutError', timeoutMs: 200 });
    expect(seen).toHaveLength(1);

    seen = [];
    let headers: IncomingMessage['headers'] = {};
    handlers = [
      (request, response, body) => {
        headers = request.headers;
        send(200, { items: [backup()], metadata: {} })(request, response, body);
      },
    ];
    await client()
      .appBackups.list({ headers: { 'x-trace': 'abc' }, maxRetries: 0 })
      .next();
    expect(headers['x-trace']).toBe('abc');
  });

  it.each([
    [{ timeoutMs: -1 }, 'options.timeoutMs'],
    [{ maxRetries: 11 }, 'options.maxRetries'],
    [{ totalTimeoutMs: 0 }, 'options.totalTimeoutMs'],
    [{ headers: { authorization: 'Bearer x' } }, 'options.headers.authorization'],
    [{ headers: { 'x-n': 1 } }, 'options.headers.x-n'],
    [{ signal: 'stop' }, 'options.signal'],
  ])('refuses per-call %o before any request, as the client refuses it', async (options, input) => {
    const error = await failure(client().appBackups.get(BACKUP_ID, options as never));
    expect(error).toBeInstanceOf(InvalidInputError);
    expect(error).toMatchObject({ input });
    expect(seen).toHaveLength(0);
  });

  it('refuses per-call options that are not an object, on every method', async () => {
    const astra = client();
    const calls: (() => Promise<unknown>)[] = [
      () => astra.appBackups.get(BACKUP_ID, 'fast' as never),
      () => astra.appBackups.delete(BACKUP_ID, 5 as never),
      () => astra.appBackups.create(APP, {}, 'x' as never),
      () => astra.appBackups.listPage('x' as never),
      () => astra.appBackups.waitUntilDone(BACKUP_ID, 'x' as never),
    ];
    for (const call of calls) {
      const error = await Promise.resolve()
        .then(call)
        .then(
          () => expect.unreachable('resolved'),
          (e: unknown) => e,
        );
      expect(error).toMatchObject({ name: 'InvalidInputError', input: 'options' });
    }
    expect(seen).toHaveLength(0);
  });

  it('totalTimeoutMs bounds a call across its retries', async () => {
    handlers = [stallMidBody];
    const error = await failure(
      client({ timeoutMs: 250, totalTimeoutMs: 600, maxRetries: 10 }).appBackups.get(BACKUP_ID),
    );
    expect(error).toBeInstanceOf(TimeoutError);
    expect((error as Error).message).toMatch(/no answer within (totalTimeoutMs, 600|timeoutMs, 250) ms/);
    // Ten retries were allowed; the total time cut them short.
    expect(seen.length).toBeLessThan(11);
  });

  it('the waiter’s overall limit is maxWaitMs; timeoutMs there bounds each poll', async () => {
    handlers = [send(200, backup({ state: 'running' }))];
    const error = await failure(
      client().appBackups.waitUntilDone(BACKUP_ID, { maxWaitMs: 1, minDelayMs: 0, timeoutMs: 5_000 }),
    );
    expect(error).toMatchObject({ name: 'TimeoutError', timeoutMs: 1, lastBackup: { state: 'running' } });
  });
});
