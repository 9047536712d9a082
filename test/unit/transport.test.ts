import { describe, expect, it } from 'vitest';
import { backoffMs, retryAfterMs } from '../../src/sdk/backoff.js';
import {
  ConflictError,
  ConnectionError,
  createAstraClient,
  InternalServerError,
  NotFoundError,
  TimeoutError,
} from '../../src/sdk/index.js';
import { ACCOUNT, backup, clientWith, fakeFetch, json, problem, TOKEN } from '../support/fake-fetch.js';

const networkError = () => {
  throw new TypeError('fetch failed');
};

describe('authentication', () => {
  it('sends the token as a bearer on every attempt, asking a token function each time', async () => {
    let n = 0;
    const { client, seen } = clientWith([() => problem(503, 95, 'Backup not retrieved'), () => json(backup())], {
      token: async () => `rotating-${++n}`,
    });
    await client.appBackups.get('b');
    expect(seen.map((s) => s.headers.get('authorization'))).toEqual(['Bearer rotating-1', 'Bearer rotating-2']);
  });
});

describe('retries', () => {
  it.each([408, 429, 500, 502, 503, 504])('retries a GET answered %i, then succeeds', async (status) => {
    const { client, seen } = clientWith([() => new Response('', { status }), () => json(backup())]);
    await expect(client.appBackups.get('b')).resolves.toMatchObject({ id: backup().id });
    expect(seen).toHaveLength(2);
  });

  it('retries a GET after a network error', async () => {
    const { client, seen } = clientWith([networkError, () => json(backup())]);
    await expect(client.appBackups.get('b')).resolves.toMatchObject({ state: 'pending' });
    expect(seen).toHaveLength(2);
  });

  it('stops after maxRetries and throws the last error', async () => {
    const { client, seen } = clientWith([() => problem(503, 95, 'Backup not retrieved')], { maxRetries: 3 });
    await expect(client.appBackups.get('b')).rejects.toBeInstanceOf(InternalServerError);
    expect(seen).toHaveLength(4);
  });

  it('throws ConnectionError when every attempt fails on the network', async () => {
    const { client, seen } = clientWith([networkError], { maxRetries: 2 });
    await expect(client.appBackups.get('b')).rejects.toBeInstanceOf(ConnectionError);
    expect(seen).toHaveLength(3);
  });

  it('never retries a POST, even on 503 or a network error', async () => {
    for (const handler of [() => problem(503, 94, 'Backup not created'), networkError]) {
      const { client, seen } = clientWith([handler, () => json(backup(), 201)]);
      await expect(client.appBackups.create('app')).rejects.toThrow();
      expect(seen).toHaveLength(1);
    }
  });

  it.each([400, 401, 403, 404, 409])('never retries a %i', async (status) => {
    const { client, seen } = clientWith([() => problem(status, 1, 'x'), () => json(backup())]);
    await expect(client.appBackups.get('b')).rejects.toMatchObject({ status });
    expect(seen).toHaveLength(1);
  });

  it('backs off 0.5 s doubling, and honours Retry-After in seconds', async () => {
    const { client, delays } = clientWith(
      [
        () => new Response('', { status: 503 }),
        () => new Response('', { status: 429, headers: { 'retry-after': '7' } }),
        () => new Response('', { status: 503 }),
        () => json(backup()),
      ],
      { maxRetries: 3 },
    );
    await client.appBackups.get('b');
    expect(delays).toEqual([500, 7_000, 2_000]);
  });

  it('retries a DELETE, and counts a 404 after a lost answer as deleted', async () => {
    const { client, seen } = clientWith([networkError, () => problem(404, 1, 'Resource not found')]);
    await expect(client.appBackups.delete('b')).resolves.toBeUndefined();
    expect(seen.map((s) => s.method)).toEqual(['DELETE', 'DELETE']);
  });

  it('still reports a 404 on a DELETE whose earlier attempts were answered', async () => {
    const { client } = clientWith([
      () => new Response('', { status: 503 }),
      () => problem(404, 1, 'Resource not found'),
    ]);
    await expect(client.appBackups.delete('b')).rejects.toBeInstanceOf(NotFoundError);
  });

  it('does not retry a 409 on DELETE (a pending backup cannot be cancelled)', async () => {
    const { client, seen } = clientWith([() => problem(409, 128, 'Backup cancellation not allowed')]);
    await expect(client.appBackups.delete('b')).rejects.toBeInstanceOf(ConflictError);
    expect(seen).toHaveLength(1);
  });
});

describe('timeouts and cancellation', () => {
  const hang = (request: Request) =>
    new Promise<Response>((_, reject) => {
      request.signal.addEventListener('abort', () => reject(request.signal.reason), { once: true });
    });

  it('bounds each attempt by timeoutMs and throws TimeoutError when all time out', async () => {
    const { client, seen } = clientWith([hang], { timeoutMs: 20, maxRetries: 1 });
    const error = await client.appBackups.get('b').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TimeoutError);
    expect((error as TimeoutError).timeoutMs).toBe(20);
    expect(seen).toHaveLength(2);
  });

  it('retries after a timed-out attempt', async () => {
    const { client } = clientWith([hang, () => json(backup())], { timeoutMs: 20 });
    await expect(client.appBackups.get('b')).resolves.toMatchObject({ id: backup().id });
  });

  it("rejects with the caller's abort reason at once, not a TimeoutError", async () => {
    const { client } = clientWith([hang], { timeoutMs: 60_000 });
    const controller = new AbortController();
    const pending = client.appBackups.get('b', { signal: controller.signal });
    setTimeout(() => controller.abort(new Error('user left')), 10);
    await expect(pending).rejects.toThrow('user left');
  });

  it('stops during a backoff wait when the caller aborts', async () => {
    const controller = new AbortController();
    const { fetch, seen } = fakeFetch(() => new Response('', { status: 503 }));
    const client = createAstraClient(
      { accountId: ACCOUNT, token: TOKEN, fetch, maxRetries: 5 },
      {
        random: () => 0,
        sleep: (_ms, signal) =>
          new Promise((_, reject) => {
            controller.abort(new Error('stop'));
            reject(signal?.reason);
          }),
      },
    );
    await expect(client.appBackups.get('b', { signal: controller.signal })).rejects.toThrow('stop');
    expect(seen).toHaveLength(1);
  });
});

describe('backoff arithmetic', () => {
  it('doubles from 0.5 s to an 8 s cap, with up to 25 % jitter', () => {
    expect([0, 1, 2, 3, 4, 5, 9].map((n) => backoffMs(n, () => 0))).toEqual([500, 1000, 2000, 4000, 8000, 8000, 8000]);
    expect(backoffMs(0, () => 1)).toBe(375);
  });

  it('reads Retry-After as seconds or an HTTP date, only from 0 to 60 s', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(retryAfterMs('0', now)).toBe(0);
    expect(retryAfterMs('60', now)).toBe(60_000);
    expect(retryAfterMs('61', now)).toBeUndefined();
    expect(retryAfterMs('Thu, 01 Jan 2026 00:00:30 GMT', now)).toBe(30_000);
    expect(retryAfterMs('Thu, 01 Jan 2026 01:00:00 GMT', now)).toBeUndefined();
    expect(retryAfterMs('soon', now)).toBeUndefined();
    expect(retryAfterMs(null, now)).toBeUndefined();
  });
});

describe('a custom fetch', () => {
  it('gets the per-attempt timeout as init.signal, and the bearer token in the request', async () => {
    let seenInit: RequestInit | undefined;
    let seenAuth: string | null = null;
    const client = createAstraClient({
      accountId: ACCOUNT,
      token: TOKEN,
      baseUrl: 'https://astra.test',
      timeoutMs: 15,
      fetch: (_url, init) => {
        seenInit = init;
        seenAuth = new Headers(init.headers).get('authorization');
        return new Promise((_, reject) => init?.signal?.addEventListener('abort', () => reject(init.signal?.reason)));
      },
      maxRetries: 0,
    });
    await expect(client.appBackups.get('b')).rejects.toBeInstanceOf(TimeoutError);
    expect(seenInit?.signal?.aborted).toBe(true);
    expect(seenAuth).toBe(`Bearer ${TOKEN}`);
  });

  it('is sent the body again on a retried DELETE that carries one', async () => {
    const { fetch, seen } = fakeFetch(networkError, () => new Response(null, { status: 204 }));
    const client = createAstraClient(
      { accountId: ACCOUNT, token: TOKEN, baseUrl: 'https://astra.test', fetch },
      { random: () => 0, sleep: async () => undefined },
    );
    const body = { type: 'application/astra-appBackup' as const, version: '1.1' as const };
    await client.raw.DELETE('/accounts/{account_id}/topology/v1/appBackups/{appBackup_id}', {
      params: { path: { account_id: ACCOUNT, appBackup_id: 'b' } },
      body,
    });
    expect(seen.map((s) => JSON.parse(s.body))).toEqual([body, body]);
  });
});
