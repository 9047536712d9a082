// `astra-app-backups/msw` with MSW's setupServer, around a stand-in simulator that echoes
// what it was asked: which requests reach it, with what URL and body, and what MSW
// hands back; the base URL as an origin or with a path; a bad base URL named; and a real
// simulator broken on purpose, whose answer that breaks the spec is never served.
import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type AstraSimulatorCore, EXAMPLE_ACCOUNT, EXAMPLE_BACKUP } from '../../src/mock/index.js';
import { createSimulatorCore } from '../../src/mock/simulator.js';
import { astraHandlers } from '../../src/msw/index.js';

const seen: { method: string; url: string; body: string }[] = [];
const simulator: AstraSimulatorCore = {
  handle: async (request) => {
    const entry = { method: request.method, url: request.url, body: await request.text() };
    seen.push(entry);
    return Response.json(entry, {
      status: request.method === 'POST' ? 201 : 200,
      headers: request.method === 'POST' ? { location: `${new URL(request.url).origin}/accounts/a/made/1` } : {},
    });
  },
  fetch: () => Promise.reject(new Error('not used')),
  reset: () => {},
};

const server = setupServer(
  ...astraHandlers(simulator, { baseUrl: 'http://astra.test' }),
  ...astraHandlers(simulator, { baseUrl: 'https://acc.example.com/astra/' }),
  http.all('*', () => HttpResponse.text('not the simulator', { status: 418 })),
);
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterAll(() => server.close());
beforeEach(() => {
  seen.splice(0);
});

describe('astraHandlers', () => {
  it('answers every request under the base URL from the simulator, body and all', async () => {
    const response = await fetch('http://astra.test/accounts/a/k8s/v1/apps/b/appBackups?x=1', {
      method: 'POST',
      headers: { 'content-type': 'application/astra-appBackup+json' },
      body: '{"name":"n"}',
    });
    expect(response.status).toBe(201);
    expect(response.headers.get('location')).toBe('http://astra.test/accounts/a/made/1');
    expect(seen).toEqual([
      { method: 'POST', url: 'http://astra.test/accounts/a/k8s/v1/apps/b/appBackups?x=1', body: '{"name":"n"}' },
    ]);
  });

  it('leaves other origins to other handlers', async () => {
    const response = await fetch('http://elsewhere.test/accounts/a');
    expect(response.status).toBe(418);
    expect(seen).toEqual([]);
  });

  it('serves Astra paths below a base URL with a path, and puts the path back on Location', async () => {
    const response = await fetch('https://acc.example.com/astra/accounts/a/topology/v1/appBackups', {
      method: 'POST',
      body: '{}',
    });
    expect(seen).toEqual([
      { method: 'POST', url: 'https://acc.example.com/accounts/a/topology/v1/appBackups', body: '{}' },
    ]);
    expect(response.status).toBe(201);
    expect(response.headers.get('location')).toBe('https://acc.example.com/astra/accounts/a/made/1');
    expect(await response.json()).toMatchObject({ url: 'https://acc.example.com/accounts/a/topology/v1/appBackups' });
    expect((await fetch('https://acc.example.com/other/accounts/a')).status).toBe(418);
  });

  it.each(['ftp://astra.test', 'astra.test', 'http://astra.test/?q=1', '//astra.test'])(
    'refuses the base URL %j, naming the option',
    (baseUrl) => {
      expect(() => astraHandlers(simulator, { baseUrl })).toThrow(
        /^astraHandlers: options\.baseUrl must be an http\(s\) URL .* got "/,
      );
    },
  );

  it('serves no answer that breaks the spec: a broken simulator behind MSW gives a 500 problem, reported', async () => {
    const reported: unknown[] = [];
    const broken = createSimulatorCore(
      { onViolation: (v) => reported.push(v) },
      {
        tamper: (answer) => {
          if (answer.status === 200 && answer.body && typeof answer.body === 'object')
            (answer.body as Record<string, unknown>).percentDone = 150;
        },
      },
    );
    server.use(...astraHandlers(broken, { baseUrl: 'http://broken.test' }));
    const response = await fetch(
      `http://broken.test/accounts/${EXAMPLE_ACCOUNT}/topology/v1/appBackups/${EXAMPLE_BACKUP}`,
      {
        headers: { authorization: 'Bearer msw-token' },
      },
    );
    expect(response.status).toBe(500);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    const body = await response.json();
    expect(body).toMatchObject({ type: 'https://astra.netapp.io/problems/95', status: '500' });
    expect(body.detail).toContain('percentDone');
    expect(reported).toEqual([
      { operationId: 'getAppBackup', status: 200, errors: [expect.stringContaining('percentDone')] },
    ]);
    server.resetHandlers();
  });

  it('refuses something that is no simulator, saying where one comes from', () => {
    expect(() => astraHandlers({} as AstraSimulatorCore)).toThrow(
      /createAstraSimulator\(\) from astra-app-backups\/mock/,
    );
  });
});
