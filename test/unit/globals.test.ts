// What the SDK takes from its environment, and when: the global fetch at call time (so
// that MSW's server.listen() or vi.stubGlobal after the client was made still reach it),
// and, for a path-only baseUrl, the page's origin in a browser.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createAstraClient, InvalidInputError } from '../../src/sdk/index.js';
import { ACCOUNT, BACKUP_ID, backup, fakeFetch, json, TOKEN } from '../support/fake-fetch.js';

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('the global fetch', () => {
  it('is the one of call time, when no fetch option is given', async () => {
    // Made at module load, as apps do, before the test stubs fetch.
    const astra = createAstraClient({ accountId: ACCOUNT, token: TOKEN, baseUrl: 'https://astra.test' });
    const { fetch, seen } = fakeFetch(() => json(backup({ state: 'completed' })));
    vi.stubGlobal('fetch', fetch);
    await expect(astra.appBackups.get(BACKUP_ID)).resolves.toMatchObject({ state: 'completed' });
    expect(seen.map((s) => s.url.href)).toEqual([
      `https://astra.test/accounts/${ACCOUNT}/topology/v1/appBackups/${BACKUP_ID}`,
    ]);

    // And a later stub replaces it again, for raw calls too.
    const second = fakeFetch(() => json(backup({ state: 'running' })));
    vi.stubGlobal('fetch', second.fetch);
    const { data } = await astra.raw.GET('/accounts/{account_id}/topology/v1/appBackups/{appBackup_id}', {
      params: { path: { account_id: ACCOUNT, appBackup_id: BACKUP_ID } },
    });
    expect(data).toMatchObject({ state: 'running' });
    expect(second.seen).toHaveLength(1);
  });

  it('is called as a plain function, never as a method of the options (browsers refuse that)', async () => {
    let self: unknown = 'not called';
    vi.stubGlobal('fetch', function (this: unknown) {
      self = this;
      return Promise.resolve(json(backup()));
    });
    await createAstraClient({ accountId: ACCOUNT, token: TOKEN, baseUrl: 'https://astra.test' }).appBackups.get(
      BACKUP_ID,
    );
    expect(self).toBeUndefined();
  });

  it('a fetch option is used over the global one', async () => {
    const option = fakeFetch(() => json(backup()));
    const global = fakeFetch(() => json(backup()));
    const astra = createAstraClient({
      accountId: ACCOUNT,
      token: TOKEN,
      baseUrl: 'https://astra.test',
      fetch: option.fetch,
    });
    vi.stubGlobal('fetch', global.fetch);
    await astra.appBackups.get(BACKUP_ID);
    expect([option.seen.length, global.seen.length]).toEqual([1, 0]);
  });
});

describe('a path-only baseUrl', () => {
  it('in a browser, is resolved against the page’s origin at call time', async () => {
    vi.stubGlobal('location', new URL('https://app.example/dashboard/backups?tab=1'));
    const { fetch, seen } = fakeFetch(() => json(backup({ state: 'completed' })));
    const astra = createAstraClient({ accountId: ACCOUNT, token: TOKEN, baseUrl: '/astra/', fetch });
    await expect(astra.appBackups.get(BACKUP_ID)).resolves.toMatchObject({ state: 'completed' });
    vi.stubGlobal('location', new URL('http://localhost:5173/'));
    await astra.appBackups.get(BACKUP_ID);
    expect(seen.map((s) => s.url.href)).toEqual([
      `https://app.example/astra/accounts/${ACCOUNT}/topology/v1/appBackups/${BACKUP_ID}`,
      `http://localhost:5173/astra/accounts/${ACCOUNT}/topology/v1/appBackups/${BACKUP_ID}`,
    ]);
  });

  it('in a browser, "/" is the page’s origin itself; errors name the path', async () => {
    vi.stubGlobal('location', new URL('http://localhost:5173/app'));
    const { fetch, seen } = fakeFetch(
      () => new Response('{"type":"x/1","title":"Resource not found","status":"404"}', { status: 404 }),
    );
    const astra = createAstraClient({ accountId: ACCOUNT, token: TOKEN, baseUrl: '/', fetch });
    const error = await astra.appBackups.get(BACKUP_ID).catch((e: unknown) => e);
    expect(seen[0]?.url.href).toBe(`http://localhost:5173/accounts/${ACCOUNT}/topology/v1/appBackups/${BACKUP_ID}`);
    expect((error as Error).message).toContain(`(GET /accounts/${ACCOUNT}/topology/v1/appBackups/${BACKUP_ID})`);
  });

  it('outside a browser, is an InvalidInputError saying an absolute URL is needed, and why', () => {
    const make = () => createAstraClient({ accountId: ACCOUNT, token: TOKEN, baseUrl: '/astra' });
    expect(make).toThrow(InvalidInputError);
    expect(make).toThrow(
      /options\.baseUrl: must be an absolute .*URL.*a path is resolved against the origin of a web page, so only in a browser\), got "\/astra"/,
    );
    // A location that is no web page (a file, about:blank) is no origin either.
    vi.stubGlobal('location', new URL('file:///home/me/index.html'));
    expect(make).toThrow(/only in a browser/);
  });

  it.each(['//evil.example/astra', '/astra?x=1', '/astra#top'])('refuses %j, in a browser too', (baseUrl) => {
    vi.stubGlobal('location', new URL('https://app.example/'));
    expect(() => createAstraClient({ accountId: ACCOUNT, token: TOKEN, baseUrl })).toThrow(/options\.baseUrl: must be/);
  });
});
