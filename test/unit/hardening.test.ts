// Input and answers that used to escape as raw errors: tokens that no header can carry,
// token functions that throw or hang, ids that cannot be encoded, Retry-After values that
// are no delay, a 429, and errors from another copy of the package.
import { createServer, type Server } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { retryAfterMs } from '../../src/sdk/backoff.js';
import {
  createAstraClient,
  InvalidInputError,
  isAstraError,
  isProblemError,
  NotFoundError,
  RateLimitError,
  TimeoutError,
} from '../../src/sdk/index.js';
import { runProcess } from '../support/run.js';
import { root } from '../support/spec.js';

const ACCOUNT = '9ff53b28-2a88-4b1c-8b4a-2d3c1a4f0b5e';
const SECRET = 'sk-very-secret-token';
let server: Server;
let baseUrl: string;
let requests = 0;

beforeAll(async () => {
  server = createServer((request, response) => {
    requests++;
    if (request.url?.endsWith('/busy')) {
      response.writeHead(429, { 'content-type': 'application/problem+json', 'retry-after': '1' });
      return response.end(JSON.stringify({ type: 'about:blank', title: 'Too many requests', status: '429' }));
    }
    response.writeHead(404, { 'content-type': 'application/problem+json' });
    response.end(
      JSON.stringify({ type: 'https://astra.netapp.io/problems/1', title: 'Resource not found', status: '404' }),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => {
  server.closeAllConnections();
  server.close();
});

const messageOf = (error: unknown) => `${(error as Error).message} ${JSON.stringify(error)}`;

describe('tokens no header can carry', () => {
  it.each([
    ['a line feed', `${SECRET}\nX-Injected: 1`],
    ['a carriage return', `${SECRET}\r`],
    ['a NUL', `${SECRET}\u0000`],
    ['a character outside Latin-1', `${SECRET}\u2603`],
  ])('refuses a token with %s at construction, without saying the token', (_, token) => {
    let error: unknown;
    try {
      createAstraClient({ accountId: ACCOUNT, token, baseUrl });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InvalidInputError);
    expect((error as InvalidInputError).input).toBe('options.token');
    expect(messageOf(error)).not.toContain(SECRET);
  });

  it('refuses the same from a token function, before any request, without saying the token', async () => {
    const before = requests;
    const astra = createAstraClient({ accountId: ACCOUNT, token: () => `${SECRET}\r\n`, baseUrl, maxRetries: 0 });
    const error = await astra.appBackups.get('54fe651d-3d3b-5fa8-b85c-5db757885ff3').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidInputError);
    expect(messageOf(error)).not.toContain(SECRET);
    expect(requests).toBe(before);
  });

  it('turns a token function that throws into an InvalidInputError, keeping the cause', async () => {
    const astra = createAstraClient({
      accountId: ACCOUNT,
      token: () => {
        throw new Error('vault is sealed');
      },
      baseUrl,
    });
    const error = await astra.appBackups.get('54fe651d-3d3b-5fa8-b85c-5db757885ff3').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidInputError);
    expect(((error as Error).cause as Error).message).toBe('vault is sealed');
  });

  it('gives up on a token function that never answers after the attempt’s timeout', async () => {
    const astra = createAstraClient({
      accountId: ACCOUNT,
      token: () => new Promise<string>(() => undefined),
      baseUrl,
      timeoutMs: 200,
      maxRetries: 0,
    });
    const error = await astra.appBackups.get('54fe651d-3d3b-5fa8-b85c-5db757885ff3').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TimeoutError);
  });

  it('never prints the token from the CLI', async () => {
    const result = await runProcess(process.execPath, [join(root, 'dist', 'cli.js'), 'list'], {
      env: { ...process.env, ASTRA_URL: baseUrl, ASTRA_ACCOUNT_ID: ACCOUNT, ASTRA_TOKEN: `${SECRET}\r\nX: 1` },
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^astra-backups: options\.token: holds a control character/);
    expect(result.stdout + result.stderr).not.toContain(SECRET);
  });
});

describe('ids and delays', () => {
  it('refuses an id with a lone surrogate before any request (no URIError)', async () => {
    const astra = createAstraClient({ accountId: ACCOUNT, token: 't', baseUrl });
    const error = await astra.appBackups.get('abc\uD800').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidInputError);
    expect((error as InvalidInputError).input).toBe('appBackupId');
  });

  it.each([
    ['-5', undefined],
    ['1.5', undefined],
    ['61', undefined],
    ['0', 0],
    ['2', 2_000],
    ['Wed, 21 Oct 2015 07:28:00 GMT', 0],
  ])('reads Retry-After %j as %j ms', (header, expected) => {
    expect(retryAfterMs(header, Date.parse('2015-10-21T07:28:10Z'))).toBe(expected);
  });

  it('answers a 429 with a RateLimitError carrying retryAfterMs', async () => {
    const astra = createAstraClient({ accountId: ACCOUNT, token: 't', baseUrl: `${baseUrl}/x`, maxRetries: 0 });
    const error = await astra.raw
      .GET('/accounts/{account_id}/topology/v1/appBackups/{appBackup_id}', {
        params: { path: { account_id: ACCOUNT, appBackup_id: 'busy' } },
      })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RateLimitError);
    expect((error as RateLimitError).retryAfterMs).toBe(1_000);
  });
});

describe('errors from another copy of the package', () => {
  it('are recognised by isAstraError and isProblemError, where instanceof fails', async () => {
    const cjs = createRequire(import.meta.url)(
      join(root, 'dist', 'index.cjs'),
    ) as typeof import('../../src/sdk/index.js');
    const astra = cjs.createAstraClient({ accountId: ACCOUNT, token: 't', baseUrl, maxRetries: 0 });
    const error = await astra.appBackups.get('54fe651d-3d3b-5fa8-b85c-5db757885ff3').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(cjs.NotFoundError);
    expect(error).not.toBeInstanceOf(NotFoundError);
    expect(isAstraError(error)).toBe(true);
    expect(isProblemError(error)).toBe(true);
    expect(isProblemError(new Error('plain'))).toBe(false);
    expect(isAstraError({ name: 'NotFoundError' })).toBe(false);
  });
});
