import { inspect } from 'node:util';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { problemErrorFrom as fromBody } from '../../src/sdk/errors.js';
import {
  AstraError,
  AuthenticationError,
  BadRequestError,
  ConflictError,
  InternalServerError,
  NotFoundError,
  PermissionDeniedError,
  PROBLEM_CODES,
  ProblemError,
} from '../../src/sdk/index.js';
import { clientWith, problem, TOKEN } from '../support/fake-fetch.js';

const request = { method: 'GET', url: 'https://astra.test/accounts/a/topology/v1/appBackups/b' };
// As the transport calls it: with the body already read.
const problemErrorFrom = async (response: Response, from?: typeof request, secrets: string[] = []) =>
  fromBody(response, await response.text(), from, secrets[0]);

describe('problemErrorFrom', () => {
  it.each([
    [400, 5, BadRequestError],
    [401, 3, AuthenticationError],
    [401, 4, AuthenticationError],
    [403, 11, PermissionDeniedError],
    [404, 1, NotFoundError],
    [404, 2, NotFoundError],
    [409, 128, ConflictError],
    [409, 143, ConflictError],
    [500, 97, InternalServerError],
    [503, 95, InternalServerError],
  ] as const)('maps a %i problem %i to %o with its fields', async (status, code, Class) => {
    const error = await problemErrorFrom(
      problem(status, code, PROBLEM_CODES[code], { correlationID: 'c0ffee' }),
      request,
    );
    expect(error).toBeInstanceOf(Class);
    expect(error).toBeInstanceOf(ProblemError);
    expect(error).toBeInstanceOf(AstraError);
    expect(error).toMatchObject({
      status,
      code,
      title: PROBLEM_CODES[code],
      detail: `${PROBLEM_CODES[code]} detail`,
      correlationID: 'c0ffee',
    });
    expect(error.name).toBe(Class.name);
    expect(error.hasKnownCode()).toBe(true);
    expect(error.message).toContain(`problem ${code}`);
    expect(error.message).toContain('correlationID c0ffee');
  });

  it('keeps invalidParams, invalidFields and extra fields of the problem', async () => {
    const error = await problemErrorFrom(
      problem(400, 6, 'Query parameters not supported', {
        invalidParams: [{ name: 'continue', reason: 'unknown' }],
        invalidFields: [{ name: 'name', reason: 'bad' }],
        extra: 1,
      }),
      request,
    );
    expect(error.invalidParams).toEqual([{ name: 'continue', reason: 'unknown' }]);
    expect(error.invalidFields).toEqual([{ name: 'name', reason: 'bad' }]);
    expect(error.problem).toMatchObject({ extra: 1 });
  });

  it.each([
    ['an HTML page', '<html><body>Bad Gateway</body></html>', 'text/html'],
    ['truncated JSON', '{"type": "https://astra.netapp.io/prob', 'application/problem+json'],
    ['a JSON array', '[1,2,3]', 'application/json'],
    ['an empty body', '', 'application/problem+json'],
  ])('gives the class of the status, never a SyntaxError, for %s', async (_, body, type) => {
    const error = await problemErrorFrom(
      new Response(body, { status: 502, headers: { 'content-type': type } }),
      request,
    );
    expect(error).toBeInstanceOf(InternalServerError);
    expect(error.status).toBe(502);
    expect(error.code).toBeUndefined();
    if (body && !body.startsWith('[')) expect(error.bodyExcerpt).toBe(body);
  });

  it('cuts a long non-problem body to a short excerpt', async () => {
    const error = await problemErrorFrom(new Response('x'.repeat(10_000), { status: 500 }), request);
    expect(error.bodyExcerpt?.length).toBeLessThanOrEqual(201);
  });

  it('gives a plain ProblemError for a status without a subclass (418)', async () => {
    const error = await problemErrorFrom(problem(418, 99, 'Teapot'), request);
    expect(error.constructor).toBe(ProblemError);
    expect(error.hasKnownCode()).toBe(false);
  });

  it('redacts a secret the server echoes into the body', async () => {
    const error = await problemErrorFrom(new Response(`bad token ${TOKEN}`, { status: 401 }), request, [TOKEN]);
    expect(error.bodyExcerpt).toBe('bad token [REDACTED]');
  });
});

describe('the bearer token', () => {
  it('appears in no message, toJSON or inspect output of errors from a request', async () => {
    const { client } = clientWith([
      () => new Response(`echo: Bearer ${TOKEN}`, { status: 401 }),
      () => problem(409, 128, 'Backup cancellation not allowed'),
    ]);
    const errors = [
      await client.appBackups.get('b').catch((e: unknown) => e),
      await client.appBackups.delete('b').catch((e: unknown) => e),
    ];
    for (const error of errors) {
      expect(error).toBeInstanceOf(ProblemError);
      const shown = [
        String((error as Error).message),
        JSON.stringify(error),
        inspect(error, { depth: 5 }),
        String((error as Error).stack),
      ];
      for (const text of shown) expect(text).not.toContain(TOKEN);
    }
  });
});

describe('redaction never changes the problem', () => {
  const notFound = () => problem(404, 1, 'Resource not found', { correlationID: 'c0ffee-feed' });
  const internal = () => problem(500, 97, 'Internal server error', { detail: 'Internal server error, text' });

  // Short dummy tokens are normal in tests and Storybook: they are no secret, and nothing is cut out.
  it.each(['t', 'e', 'found'])('with token %j, a 404 and a 500 keep every field', async (token) => {
    const { client } = clientWith([notFound, internal], { token, maxRetries: 0 });
    const missing = await client.appBackups.get('b').catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(NotFoundError);
    expect(missing).toMatchObject({
      status: 404,
      code: 1,
      title: 'Resource not found',
      detail: 'Resource not found detail',
      correlationID: 'c0ffee-feed',
    });
    expect((missing as Error).message).toMatch(
      /^Resource not found: Resource not found detail \[status 404, problem 1/,
    );
    const failed = await client.appBackups.get('b').catch((e: unknown) => e);
    expect(failed).toBeInstanceOf(InternalServerError);
    expect(failed).toMatchObject({ code: 97, title: 'Internal server error', detail: 'Internal server error, text' });
    expect((failed as Error).message).not.toContain('[REDACTED]');
  });

  it('cuts a long token echoed in detail out of the fields and the message, and keeps the rest', async () => {
    const { client } = clientWith(
      [() => problem(401, 4, 'Invalid token', { detail: `token ${TOKEN} is expired`, extra: { echo: TOKEN } })],
      { maxRetries: 0 },
    );
    const error = await client.appBackups.get('b').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(error).toMatchObject({
      status: 401,
      code: 4,
      title: 'Invalid token',
      detail: 'token [REDACTED] is expired',
    });
    expect((error as ProblemError).problem).toMatchObject({ extra: { echo: '[REDACTED]' } });
    expect((error as Error).message).toContain('token [REDACTED] is expired');
    expect(JSON.stringify(error) + (error as Error).message).not.toContain(TOKEN);
  });

  it('finds a token JSON escapes in the body (a quote, a backslash)', async () => {
    const token = 'abc"def\\ghij';
    const { client } = clientWith([() => problem(401, 4, 'Invalid token', { detail: `got ${token}` })], {
      token,
      maxRetries: 0,
    });
    const error = await client.appBackups.get('b').catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 4, detail: 'got [REDACTED]' });
  });
});

describe('any status with any body', () => {
  it('gives a success or an AstraError subclass, never an untyped throw', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 200, max: 599 }),
        fc.oneof(fc.string(), fc.json(), fc.constant('')),
        fc.constantFrom(
          'application/json',
          'application/problem+json',
          'application/astra-appBackup+json',
          'text/plain',
        ),
        async (status, body, type) => {
          const { client } = clientWith(
            [
              () =>
                new Response([204, 205, 304].includes(status) ? null : body, {
                  status,
                  headers: { 'content-type': type },
                }),
            ],
            { maxRetries: 0 },
          );
          try {
            await client.appBackups.get('b');
            expect(status).toBeLessThan(400);
          } catch (error) {
            expect(error).toBeInstanceOf(AstraError);
            if (status >= 400) expect((error as ProblemError).status).toBe(status);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  // fetch never hands a 1xx to its caller (and Response refuses one), so 200-599 is every status a caller meets.
  it('maps any 4xx or 5xx status with any body to a ProblemError of that status', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 400, max: 599 }), fc.string(), async (status, body) => {
        const error = await problemErrorFrom(new Response(body, { status }), request);
        expect(error).toBeInstanceOf(ProblemError);
        expect(error.status).toBe(status);
      }),
      { numRuns: 200 },
    );
  });
});
