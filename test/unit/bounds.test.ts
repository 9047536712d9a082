// Against real servers on loopback: redirects are never followed (another origin must not
// answer for Astra, and a DELETE redirected away must not look done), and a listing stops
// on an empty page and at maxPages, however the server pages.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAstraClient, UnexpectedResponseError } from '../../src/sdk/index.js';

const ACCOUNT = '9ff53b28-2a88-4b1c-8b4a-2d3c1a4f0b5e';
const ID = '54fe651d-3d3b-5fa8-b85c-5db757885ff3';
const servers: Server[] = [];
const hits = { astra: [] as string[], elsewhere: [] as string[] };
let astraUrl: string;
let elsewhereUrl: string;

const backup = {
  type: 'application/astra-appBackup',
  version: '1.1',
  id: ID,
  name: 'from-elsewhere',
  bucketID: '0afbe357-a717-4c7a-8b3d-d0368959c8de',
  state: 'completed',
  stateUnready: [],
  metadata: { labels: [], creationTimestamp: 'x', modificationTimestamp: 'x', createdBy: 'x' },
};

async function listen(handler: Parameters<typeof createServer>[1]): Promise<string> {
  const server = createServer(handler);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

beforeAll(async () => {
  elsewhereUrl = await listen((request, response) => {
    hits.elsewhere.push(`${request.method} ${request.url}`);
    response.writeHead(request.method === 'DELETE' ? 204 : 200, { 'content-type': 'application/json' });
    response.end(request.method === 'DELETE' ? undefined : JSON.stringify(backup));
  });
  astraUrl = await listen((request, response) => {
    const url = new URL(request.url ?? '/', 'http://x');
    hits.astra.push(`${request.method} ${url.pathname}${url.search}`);
    if (url.pathname.endsWith(`/appBackups/${ID}`)) {
      response.writeHead(request.method === 'DELETE' ? 307 : 302, { location: `${elsewhereUrl}${url.pathname}` });
      return response.end();
    }
    // Lists: `endless` pages forever with fresh tokens; `empty` answers an empty page with a token.
    const page = Number(url.searchParams.get('continue') ?? '0');
    const empty = url.searchParams.get('limit') === '7';
    const items =
      empty && page > 0 ? [] : [{ ...backup, id: `00000000-0000-4000-8000-${String(page).padStart(12, '0')}` }];
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(JSON.stringify({ items, metadata: { continue: String(page + 1) } }));
  });
});
afterAll(() => {
  for (const server of servers) {
    server.closeAllConnections();
    server.close();
  }
});

const client = () => createAstraClient({ accountId: ACCOUNT, token: 'secret', baseUrl: astraUrl, maxRetries: 0 });

describe('redirects', () => {
  it('a GET redirected to another origin is an error naming the status and the target; nothing is fetched there', async () => {
    const error = await client()
      .appBackups.get(ID)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnexpectedResponseError);
    expect((error as Error).message).toContain('302');
    expect((error as Error).message).toContain(elsewhereUrl);
    expect(hits.elsewhere).toEqual([]);
  });

  it('a DELETE answered with a 307 elsewhere is an error, never "deleted"', async () => {
    const error = await client()
      .appBackups.delete(ID)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnexpectedResponseError);
    expect((error as Error).message).toContain('307');
    expect(hits.elsewhere).toEqual([]);
  });
});

describe('listing is bounded', () => {
  it('stops on an empty page, whatever token it carries', async () => {
    const items = [];
    for await (const item of client().appBackups.list({ limit: 7 })) items.push(item);
    expect(items).toHaveLength(1);
  });

  it('stops after maxPages of a listing that never ends', async () => {
    const before = hits.astra.length;
    const items = [];
    for await (const item of client().appBackups.list({ maxPages: 5 })) items.push(item);
    expect(items).toHaveLength(5);
    expect(hits.astra.length - before).toBe(5);
  });

  it('refuses a maxPages that is no whole number ≥ 1, before any request', async () => {
    const iterator = client().appBackups.list({ maxPages: 0 });
    await expect(iterator.next()).rejects.toMatchObject({ input: 'maxPages' });
  });
});
