// astra-app-backups/query with a real QueryClient (query-core) against the simulator's
// fetch mode: keys, paging, progress polling on a simulated clock, mutations and their
// cache updates, cancellation and typed errors.
import {
  environmentManager,
  InfiniteQueryObserver,
  MutationObserver,
  QueryClient,
  QueryObserver,
  type QueryObserverResult,
} from '@tanstack/query-core';
import { afterEach, describe, expect, expectTypeOf, it, vi } from 'vitest';
import {
  type AstraSimulator,
  createAstraSimulator,
  EXAMPLE_ACCOUNT,
  EXAMPLE_APPS,
  EXAMPLE_BACKUP,
  EXAMPLE_COMPLETED_BACKUP,
} from '../../src/mock/index.js';
import { astraKeys, createAstraQueries, pollDelay } from '../../src/query/index.js';
import { type AppBackup, ConflictError, InvalidInputError, NotFoundError } from '../../src/sdk/index.js';

const BASE = 'http://astra.test';
const UNKNOWN = '00000000-0000-4000-8000-000000000000';

interface Sent {
  method: string;
  path: string;
  signal: AbortSignal | undefined;
}

/** A QueryClient, queries over the simulator, and the requests they sent. */
function setup(options: { backupMs?: number; now?: () => number; gate?: (request: Request) => Promise<void> } = {}) {
  const sim: AstraSimulator = createAstraSimulator({
    backupMs: options.backupMs ?? 20_000,
    now: options.now ?? (() => Date.now()),
  });
  const sent: Sent[] = [];
  const queries = createAstraQueries({
    accountId: EXAMPLE_ACCOUNT,
    token: 'any-token',
    baseUrl: `${BASE}/`,
    fetch: async (url, init) => {
      const request = new Request(url, init);
      sent.push({ method: request.method, path: new URL(url).pathname, signal: init.signal ?? undefined });
      await options.gate?.(request);
      return sim.fetch(url, init);
    },
  });
  const queryClient = new QueryClient({ defaultOptions: { queries: { gcTime: Number.POSITIVE_INFINITY } } });
  return { sim, sent, queries, queryClient };
}

/** Resolves with the observer's first result that satisfies `done`. */
function until<T, E, K extends readonly unknown[]>(
  observer: QueryObserver<T, E, T, T, K>,
  done: (r: QueryObserverResult<T, E>) => boolean,
) {
  return new Promise<QueryObserverResult<T, E>>((resolve) => {
    const check = (result: QueryObserverResult<T, E>) => {
      if (!done(result)) return;
      unsubscribe();
      resolve(result);
    };
    const unsubscribe = observer.subscribe(check);
    check(observer.getCurrentResult());
  });
}

// TanStack schedules no refetch interval where there is no `window` (a server): these
// tests stand for a browser.
environmentManager.setIsServer(() => false);

afterEach(() => {
  vi.useRealTimers();
});

describe('keys', () => {
  it('start with the base URL and the account, then the app, then the listing and its options', () => {
    const { queries } = setup();
    const keys = queries.keys;
    expect(keys.account()).toEqual(['astra-app-backups', BASE, EXAMPLE_ACCOUNT]);
    expect(keys.app('a1')).toEqual([...keys.account(), 'app', 'a1']);
    expect(queries.list({ appId: 'a1', include: ['id'], limit: 5 }).queryKey).toEqual([
      ...keys.app('a1'),
      'list',
      { include: ['id'], limit: 5 },
    ]);
    expect(queries.infiniteList({ appId: 'a1' }).queryKey).toEqual([...keys.app('a1'), 'pages', {}]);
    expect(queries.list().queryKey).toEqual([...keys.accountLists(), 'list', {}]);
    // A backup's key has no app: its id is unique in the account; get and progress share it.
    expect(queries.get('b1', { appId: 'a1' }).queryKey).toEqual([...keys.account(), 'backup', 'b1']);
    expect(queries.progress('b1').queryKey).toEqual(queries.get('b1').queryKey);
    // The same hierarchy by hand, for users who invalidate without the queries object.
    expect(astraKeys(`${BASE}///`, EXAMPLE_ACCOUNT).backup('b1')).toEqual(keys.backup('b1'));
    expect(astraKeys('http://other.test', EXAMPLE_ACCOUNT).account()).not.toEqual(keys.account());
  });

  it('invalidate an app, a backup or the account in one call each', async () => {
    const { queries, queryClient } = setup();
    const { shop, nightly } = EXAMPLE_APPS;
    const options = [
      queries.list({ appId: shop }),
      queries.list({ appId: shop, include: ['id', 'state'], limit: 2 }),
      queries.list({ appId: nightly, limit: 3 }),
      queries.list({ limit: 4 }),
      queries.get(EXAMPLE_BACKUP),
    ];
    for (const o of options) await queryClient.fetchQuery(o as ReturnType<typeof queries.list>);
    await queryClient.fetchInfiniteQuery(queries.infiniteList({ appId: shop }));
    const invalidated = () =>
      queryClient
        .getQueryCache()
        .getAll()
        .filter((q) => q.state.isInvalidated)
        .map((q) => q.queryKey);
    const reset = () => {
      for (const q of queryClient.getQueryCache().getAll()) q.setState({ isInvalidated: false });
    };

    await queryClient.invalidateQueries({ queryKey: queries.keys.app(shop), refetchType: 'none' });
    expect(invalidated()).toEqual([
      options[0]?.queryKey,
      options[1]?.queryKey,
      queries.infiniteList({ appId: shop }).queryKey,
    ]);
    reset();
    await queryClient.invalidateQueries({ queryKey: queries.keys.backup(EXAMPLE_BACKUP), refetchType: 'none' });
    expect(invalidated()).toEqual([options[4]?.queryKey]);
    reset();
    await queryClient.invalidateQueries({ queryKey: queries.keys.account(), refetchType: 'none' });
    expect(invalidated()).toHaveLength(6);
  });
});

describe('list', () => {
  it('gets one page, typed and projected by include, with the continue token of the next', async () => {
    const { queries, queryClient, sent } = setup();
    const page = await queryClient.fetchQuery(
      queries.list({ appId: EXAMPLE_APPS.nightly, include: ['id', 'name', 'state'], limit: 25 }),
    );
    expectTypeOf(page.items[0]).toEqualTypeOf<{ id: string; name: string; state: AppBackup['state'] } | undefined>();
    expect(page.items).toHaveLength(25);
    expect(Object.keys(page.items[0] ?? {}).sort()).toEqual(['id', 'name', 'state']);
    expect(page.continue).toEqual(expect.any(String));
    expect(sent.map((s) => s.path)).toEqual([
      `/accounts/${EXAMPLE_ACCOUNT}/k8s/v1/apps/${EXAMPLE_APPS.nightly}/appBackups`,
    ]);

    const next = await queryClient.fetchQuery(
      queries.list({
        appId: EXAMPLE_APPS.nightly,
        include: ['id', 'name', 'state'],
        limit: 25,
        continue: page.continue,
      }),
    );
    expect(next.items.map((b) => b.id)).not.toContain(page.items[0]?.id);
    // The typed key: getQueryData knows the data's type.
    const cached = queryClient.getQueryData(queries.list({ appId: EXAMPLE_APPS.nightly, limit: 1 }).queryKey);
    expectTypeOf(cached).toEqualTypeOf<import('../../src/sdk/index.js').AppBackupPage<AppBackup> | undefined>();
  });

  it('pages infinitely over continue to the end of the 270-backup app', async () => {
    const { queries, queryClient, sent } = setup();
    const observer = new InfiniteQueryObserver(
      queryClient,
      queries.infiniteList({ appId: EXAMPLE_APPS.nightly, include: ['id'], limit: 50 }),
    );
    const unsubscribe = observer.subscribe(() => {});
    await observer.refetch();
    let result = observer.getCurrentResult();
    while (result.hasNextPage) result = await observer.fetchNextPage();
    unsubscribe();
    const pages = result.data?.pages ?? [];
    expect(pages.map((p) => p.items.length)).toEqual([50, 50, 50, 50, 50, 20]);
    const ids = pages.flatMap((p) => p.items.map((b) => b.id));
    expect(new Set(ids).size).toBe(270);
    expect(result.data?.pageParams[0]).toBe('');
    expect(pages.at(-1)?.continue).toBeUndefined();
    expect(sent.filter((s) => s.method === 'GET')).toHaveLength(6);
  });
});

describe('progress', () => {
  it('polls a new backup with a growing delay until it completes, on a simulated clock, then stops', async () => {
    vi.useFakeTimers({ now: Date.parse('2026-06-01T00:00:00Z') });
    const { queries, queryClient, sent } = setup({ backupMs: 60_000 });
    const create = new MutationObserver(queryClient, queries.create(queryClient));
    const created = create.mutate({ appId: EXAMPLE_APPS.shop, name: 'progress-test' });
    await vi.advanceTimersByTimeAsync(0);
    const { backup } = await created;
    const started = Date.now();

    const observer = new QueryObserver(queryClient, queries.progress(backup.id, { appId: EXAMPLE_APPS.shop }));
    const seen: { at: number; state: string; percentDone: number | undefined }[] = [];
    const polls = () => sent.filter((s) => s.method === 'GET' && s.path.endsWith(`/appBackups/${backup.id}`));
    const unsubscribe = observer.subscribe((result) => {
      if (result.data && result.isSuccess && !result.isFetching)
        seen.push({ at: Date.now() - started, state: result.data.state, percentDone: result.data.percentDone });
    });
    // Ten simulated minutes: far past the 60 s the backup takes.
    for (let i = 0; i < 600 && observer.getCurrentResult().data?.state !== 'completed'; i++)
      await vi.advanceTimersByTimeAsync(1_000);
    const pollsWhenDone = polls().length;
    await vi.advanceTimersByTimeAsync(10 * 60_000);
    unsubscribe();

    expect(observer.getCurrentResult().data?.state).toBe('completed');
    expect(seen.at(-1)?.percentDone).toBe(100);
    expect(seen.map((s) => s.state)).toContain('pending');
    expect(seen.map((s) => s.state)).toContain('running');
    // Stopped once completed: ten more minutes sent nothing.
    expect(polls().length).toBe(pollsWhenDone);
    // The delays grew as waitUntilDone's (2 s, then half as long again each time), never past 30 s.
    const gaps = seen.slice(1).map((s, i) => s.at - (seen[i]?.at ?? 0));
    expect(gaps.length).toBeGreaterThanOrEqual(3);
    for (let i = 1; i < gaps.length; i++) expect(gaps[i]).toBeGreaterThanOrEqual(gaps[i - 1] ?? 0);
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(2_000);
    expect(Math.max(...gaps)).toBeLessThanOrEqual(30_000);
  });

  it('does not poll a backup that has settled', async () => {
    const { queries, queryClient } = setup();
    const options = queries.progress(EXAMPLE_COMPLETED_BACKUP);
    const observer = new QueryObserver(queryClient, options);
    const result = await until(observer, (r) => r.isSuccess);
    const query = queryClient.getQueryCache().find({ queryKey: options.queryKey });
    expect(result.data?.state).toBe('completed');
    expect(query && options.refetchInterval(query as never)).toBe(false);
  });

  it('computes the delays as waitUntilDone does, and refuses bad ones', () => {
    expect([1, 2, 3, 4, 10, 20].map((n) => pollDelay(n, 2_000, 30_000))).toEqual([
      2_000, 3_000, 4_500, 6_750, 30_000, 30_000,
    ]);
    const { queries } = setup();
    expect(() => queries.progress(EXAMPLE_BACKUP, { minDelayMs: -1 })).toThrow(InvalidInputError);
    expect(() => queries.progress(EXAMPLE_BACKUP, { maxDelayMs: 1.5 })).toThrow(/maxDelayMs.*whole number/);
  });
});

describe('mutations', () => {
  it('create caches the new backup and refetches the app and account listings', async () => {
    const { queries, queryClient } = setup();
    const appList = new QueryObserver(queryClient, queries.list({ appId: EXAMPLE_APPS.shop }));
    const accountList = new QueryObserver(queryClient, queries.list({ include: ['id', 'name'] }));
    // Watched, as a mounted component watches them: invalidation refetches active queries.
    const unsubscribe = [appList, accountList].map((o) => o.subscribe(() => {}));
    const otherApp = queries.list({ appId: EXAMPLE_APPS.nightly, limit: 1 });
    await queryClient.fetchQuery(otherApp);
    const before = await until(appList, (r) => r.isSuccess);
    await until(accountList, (r) => r.isSuccess);
    const otherUpdated = queryClient.getQueryState(otherApp.queryKey)?.dataUpdatedAt;

    const { backup } = await new MutationObserver(queryClient, queries.create(queryClient)).mutate({
      appId: EXAMPLE_APPS.shop,
      name: 'created-by-query',
    });
    expect(queryClient.getQueryData(queries.get(backup.id).queryKey)?.name).toBe('created-by-query');
    const after = appList.getCurrentResult();
    expect(after.data?.items.map((b) => b.name)).toContain('created-by-query');
    expect(after.data?.items).toHaveLength((before.data?.items.length ?? 0) + 1);
    expect(accountList.getCurrentResult().data?.items.map((b) => b.id)).toContain(backup.id);
    // Another app's listing is left alone.
    expect(queryClient.getQueryState(otherApp.queryKey)?.dataUpdatedAt).toBe(otherUpdated);
    expect(queryClient.getQueryState(otherApp.queryKey)?.isInvalidated).toBe(false);
    for (const u of unsubscribe) u();
  });

  it('delete takes the backup out of every cached listing at once, though Astra still lists it', async () => {
    // The simulator's own clock, moved by hand: a backup is pending for its first 2 s.
    let now = Date.now();
    const { queries, queryClient, sim } = setup({ now: () => now });
    const { backup } = await queryClient
      .getMutationCache()
      .build(queryClient, queries.create(queryClient))
      .execute({ appId: EXAMPLE_APPS.shop, name: 'to-delete' });
    const listed = [queries.list({ appId: EXAMPLE_APPS.shop }), queries.list({ include: ['id', 'state'] })];
    const infinite = queries.infiniteList({ appId: EXAMPLE_APPS.shop, limit: 2 });
    const observers = listed.map((o) => new QueryObserver(queryClient, o));
    const unsubscribe = observers.map((o) => o.subscribe(() => {}));
    for (const o of listed) await queryClient.fetchQuery(o);
    const pages = new InfiniteQueryObserver(queryClient, infinite);
    await pages.refetch();
    let result = pages.getCurrentResult();
    while (result.hasNextPage) result = await pages.fetchNextPage();
    const ids = (data: unknown) => JSON.stringify(data).includes(backup.id);
    expect(listed.every((o) => ids(queryClient.getQueryData(o.queryKey)))).toBe(true);
    expect(ids(queryClient.getQueryData(infinite.queryKey))).toBe(true);

    // Past pending (a pending backup cannot be deleted).
    now += 2_100;
    const removal = new MutationObserver(queryClient, queries.delete(queryClient));
    const seen: boolean[] = [];
    const stop = queryClient.getQueryCache().subscribe(() => {
      if (removal.getCurrentResult().isPending) seen.push(ids(queryClient.getQueryData(listed[0]?.queryKey ?? [])));
    });
    await removal.mutate({ appBackupId: backup.id, appId: EXAMPLE_APPS.shop });
    stop();
    for (const u of unsubscribe) u();
    // Astra (the simulator) still lists it just after the DELETE...
    const raw = await sim.fetch(`${BASE}/accounts/${EXAMPLE_ACCOUNT}/k8s/v1/apps/${EXAMPLE_APPS.shop}/appBackups`, {
      headers: { authorization: 'Bearer any-token' },
    });
    expect(JSON.stringify(await raw.json())).toContain(backup.id);
    // ...but no cached listing does, refetched or not, nor does the cache keep the backup itself.
    expect(seen.includes(false)).toBe(true);
    for (const o of listed) expect(ids(queryClient.getQueryData(o.queryKey))).toBe(false);
    expect(ids(queryClient.getQueryData(infinite.queryKey))).toBe(false);
    expect(queryClient.getQueryData(queries.get(backup.id).queryKey)).toBeUndefined();
    // The active listings were refetched after the delete.
    expect(observers.every((o) => o.getCurrentResult().dataUpdatedAt >= Date.now() - 5_000)).toBe(true);
  });
});

describe('errors and cancellation', () => {
  it('a missing backup is a NotFoundError, tried once', async () => {
    const { queries, queryClient, sent } = setup();
    const error = await queryClient.fetchQuery(queries.get(UNKNOWN)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NotFoundError);
    expect((error as NotFoundError).status).toBe(404);
    expect(sent).toHaveLength(1);
    const observer = new QueryObserver(queryClient, queries.progress(UNKNOWN));
    const result = await until(observer, (r) => r.isError);
    expect(result.error).toBeInstanceOf(NotFoundError);
    expectTypeOf(result.error).toEqualTypeOf<import('../../src/sdk/index.js').AstraError | null>();
  });

  it('deleting a pending backup is a ConflictError (409), and the cached listings keep it', async () => {
    const { queries, queryClient } = setup({ backupMs: 600_000 });
    const { backup } = await new MutationObserver(queryClient, queries.create(queryClient)).mutate({
      appId: EXAMPLE_APPS.shop,
      name: 'still-pending',
    });
    const list = queries.list({ appId: EXAMPLE_APPS.shop });
    await queryClient.fetchQuery(list);
    const removal = new MutationObserver(queryClient, queries.delete(queryClient));
    const error = await removal.mutate({ appBackupId: backup.id }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConflictError);
    expect((error as ConflictError).status).toBe(409);
    expect((error as ConflictError).code).toBe(128);
    expect(removal.getCurrentResult().error).toBe(error);
    expect(queryClient.getQueryData(list.queryKey)?.items.map((b) => b.id)).toContain(backup.id);
  });

  it("cancelling a query aborts the SDK's request through the query's signal", async () => {
    let release = () => {};
    const gate = (request: Request) =>
      new Promise<void>((resolve, reject) => {
        release = resolve;
        request.signal.addEventListener('abort', () => reject(request.signal.reason), { once: true });
      });
    const { queries, queryClient, sent } = setup({ gate });
    const options = queries.get(EXAMPLE_BACKUP);
    const observer = new QueryObserver(queryClient, options);
    const unsubscribe = observer.subscribe(() => {});
    await vi.waitFor(() => expect(sent).toHaveLength(1));
    expect(sent[0]?.signal?.aborted).toBe(false);
    await queryClient.cancelQueries({ queryKey: options.queryKey });
    unsubscribe();
    release();
    expect(sent[0]?.signal?.aborted).toBe(true);
    const state = queryClient.getQueryState(options.queryKey);
    expect(state?.fetchStatus).toBe('idle');
    expect(state?.error).toBeNull();
    expect(sent).toHaveLength(1);
  });
});
