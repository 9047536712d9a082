// createAstraQueries: TanStack Query options over the SDK, for any adapter (React, Vue,
// Solid, Svelte, Angular) or query-core alone. Each call returns a plain options object;
// nothing here imports TanStack at run time.
import type { DataTag, InfiniteData, MutationOptions, Query, QueryClient } from '@tanstack/query-core';
import {
  type AppBackup,
  type AppBackupField,
  type AppBackupPage,
  type AstraClient,
  type AstraClientOptions,
  type AstraError,
  type CreateAppBackupInput,
  type CreatedAppBackup,
  createAstraClient,
  DEFAULTS,
  InvalidInputError,
  type ListItem,
  type ListPageOptions,
  WAIT_DEFAULTS,
} from 'astra-app-backups';
import { dropBackups } from './cache.js';
import { type AstraKeys, astraKeys, isListKey } from './keys.js';

type Key = readonly unknown[];
type Fields = readonly AppBackupField[] | undefined;

/** Options of {@link AstraQueries.list}: one page. */
export interface ListQueryOptions<F extends Fields = undefined> {
  /** List one app's backups (the per-app path); the whole account's when absent. */
  appId?: string | undefined;
  /** Only these fields of each backup, typed as the SDK's `list` types them. */
  include?: F;
  /** Page size; the server's default when absent. */
  limit?: number | string | undefined;
  /** The `continue` token of the previous page; the first page when absent (or empty). */
  continue?: string | undefined;
}

/** Options of {@link AstraQueries.infiniteList}: every page, one `fetchNextPage()` at a time. */
export type InfiniteListQueryOptions<F extends Fields = undefined> = Omit<ListQueryOptions<F>, 'continue'>;

/** Options of {@link AstraQueries.get} and {@link AstraQueries.progress}. */
export interface BackupQueryOptions {
  /** The app the backup belongs to: the per-app path is used. The cache key does not depend on it. */
  appId?: string | undefined;
}

/** Options of {@link AstraQueries.progress}: the polling delays, as `waitUntilDone`'s. */
export interface ProgressQueryOptions extends BackupQueryOptions {
  /** Delay before the second poll, in ms; each next one is half as long again. @default 2_000 */
  minDelayMs?: number | undefined;
  /** Longest delay between polls, in ms. @default 30_000 */
  maxDelayMs?: number | undefined;
}

/** Query options any TanStack adapter takes (`useQuery`, `fetchQuery`, `new QueryObserver`, …). */
export interface AstraQueryOptions<TData> {
  /** Tagged with the data and error types, so `queryClient.getQueryData(queryKey)` is typed. */
  queryKey: DataTag<Key, TData, AstraError>;
  /** Calls the SDK with the query's `signal`: cancelling the query cancels the request. */
  queryFn: (context: { signal: AbortSignal }) => Promise<TData>;
  /** Off: the SDK already retries what is worth retrying (GET and DELETE, with backoff). */
  retry: false;
}

/** {@link AstraQueryOptions} that poll until the backup settles. */
export interface AstraProgressQueryOptions extends AstraQueryOptions<AppBackup> {
  /** A delay while the backup is not completed, failed or removed; `false` (stop) once it is, or on an error. */
  refetchInterval: (query: Query<AppBackup, AstraError, AppBackup, Key>) => number | false;
}

/** Infinite query options (`useInfiniteQuery`, `fetchInfiniteQuery`, `new InfiniteQueryObserver`, …). */
export interface AstraInfiniteQueryOptions<TItem> {
  queryKey: DataTag<Key, InfiniteData<AppBackupPage<TItem>, string>, AstraError>;
  /** Fetches the page after `pageParam` (a `continue` token; `''` for the first page). */
  queryFn: (context: { signal: AbortSignal; pageParam: string }) => Promise<AppBackupPage<TItem>>;
  initialPageParam: string;
  /** The last page's `continue`; `undefined` (no more pages) when it has none, is empty, or repeats a token. */
  getNextPageParam: (
    lastPage: AppBackupPage<TItem>,
    allPages: AppBackupPage<TItem>[],
    lastPageParam: string,
    allPageParams: string[],
  ) => string | undefined;
  retry: false;
}

/** What a create mutation is called with: the app, and the SDK's create input. */
export interface CreateBackupVariables extends CreateAppBackupInput {
  appId: string;
}

/** What a delete mutation is called with. */
export interface DeleteBackupVariables {
  appBackupId: string;
  /** The app the backup belongs to (the per-app path); optional. */
  appId?: string | undefined;
}

/** Mutation options (`useMutation`, `new MutationObserver`, …). */
export type AstraMutationOptions<TData, TVariables> = MutationOptions<TData, AstraError, TVariables> & {
  mutationKey: Key;
  mutationFn: (variables: TVariables) => Promise<TData>;
  /** Updates the cache; returns when the invalidated queries have refetched (the mutation stays pending until then). */
  onSuccess: (data: TData, variables: TVariables) => Promise<void>;
  retry: false;
};

/** TanStack Query options for one account; see {@link createAstraQueries}. */
export interface AstraQueries {
  /** The SDK client the queries call. */
  readonly client: AstraClient;
  /** The cache keys of this account, for invalidating by hand. */
  readonly keys: AstraKeys;
  /** One page of backups (of the account, or of `appId`), typed by `include`. */
  list<const F extends Fields = undefined>(
    options?: ListQueryOptions<F>,
  ): AstraQueryOptions<AppBackupPage<ListItem<F>>>;
  /** Every page of backups over `continue`, typed by `include`. */
  infiniteList<const F extends Fields = undefined>(
    options?: InfiniteListQueryOptions<F>,
  ): AstraInfiniteQueryOptions<ListItem<F>>;
  /** One backup. */
  get(appBackupId: string, options?: BackupQueryOptions): AstraQueryOptions<AppBackup>;
  /** One backup, polled with a growing delay (as `waitUntilDone`) until it is completed, failed or removed. */
  progress(appBackupId: string, options?: ProgressQueryOptions): AstraProgressQueryOptions;
  /** Creates a backup; then caches it and invalidates the app's and the account's listings. */
  create(queryClient: QueryClient): AstraMutationOptions<CreatedAppBackup, CreateBackupVariables>;
  /** Deletes a backup; then takes it out of every cached listing at once, and invalidates them. */
  delete(queryClient: QueryClient): AstraMutationOptions<void, DeleteBackupVariables>;
}

// What waitUntilDone stops on; it polls on any other state (`unknown` included), and so do we.
const SETTLED = new Set<string>(['completed', 'failed', 'removed']);
// How long a backup deleted here stays out of listings that still show it (Astra deletes asynchronously).
const DELETED_MEMORY_MS = 10 * 60_000;

/** The delay after the `polls`-th poll: `minDelayMs`, then half as long again each time, up to `maxDelayMs`. */
export function pollDelay(polls: number, minDelayMs: number, maxDelayMs: number): number {
  let delay = minDelayMs;
  for (let i = 1; i < polls && delay < maxDelayMs; i++) delay = Math.round(delay * 1.5);
  return Math.min(delay, maxDelayMs);
}

/** The SDK's listPage options: the query's, its signal, and the page's token; nothing undefined. */
function pageOptions<F extends Fields>(
  list: ListQueryOptions<F>,
  signal: AbortSignal,
  token: string | undefined,
): ListPageOptions<F> {
  const options: ListPageOptions<F> = { signal };
  if (list.appId !== undefined) options.appId = list.appId;
  if (list.include !== undefined) options.include = list.include;
  if (list.limit !== undefined) options.limit = list.limit;
  if (token) options.continue = token;
  return options;
}

function checkDelay(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < 0 || value > 3_600_000)
    throw new InvalidInputError(name, `must be a whole number of ms from 0 to 3600000, got ${String(value)}`);
  return value;
}

/**
 * TanStack Query options over an SDK client for one account: keys, queries and
 * mutations that any adapter accepts. TanStack's own retry is off in every one (the SDK
 * retries GET and DELETE itself); errors are the SDK's (`AstraError` subclasses).
 * @param options the client's options, as `createAstraClient` takes them
 * @throws InvalidInputError naming the option that is wrong
 */
export function createAstraQueries(options: AstraClientOptions): AstraQueries {
  const client = createAstraClient(options);
  const keys = astraKeys(options.baseUrl ?? DEFAULTS.baseUrl, client.accountId);
  const backups = client.appBackups;
  // Deleted here, with when: listings fetched soon after still show them.
  const deleted = new Map<string, number>();
  const recentlyDeleted = (): ReadonlySet<string> => {
    const now = Date.now();
    for (const [id, at] of deleted) if (now - at > DELETED_MEMORY_MS) deleted.delete(id);
    return new Set(deleted.keys());
  };
  const withoutDeleted = <T>(page: AppBackupPage<T>): AppBackupPage<T> =>
    deleted.size === 0 ? page : (dropBackups(page, recentlyDeleted()) as AppBackupPage<T>);
  const tag = <T>(key: Key) => key as DataTag<Key, T, AstraError>;
  const get = (appBackupId: string, { appId }: BackupQueryOptions = {}): AstraQueryOptions<AppBackup> => ({
    queryKey: tag<AppBackup>(keys.backup(appBackupId)),
    queryFn: ({ signal }) => backups.get(appBackupId, appId === undefined ? { signal } : { appId, signal }),
    retry: false,
  });

  return Object.freeze({
    client,
    keys,
    list: <const F extends Fields = undefined>(list: ListQueryOptions<F> = {}) => ({
      queryKey: tag<AppBackupPage<ListItem<F>>>(keys.list(list)),
      queryFn: async ({ signal }: { signal: AbortSignal }) =>
        withoutDeleted(await backups.listPage<F>(pageOptions(list, signal, list.continue))),
      retry: false as const,
    }),
    infiniteList: <const F extends Fields = undefined>(list: InfiniteListQueryOptions<F> = {}) => ({
      queryKey: tag<InfiniteData<AppBackupPage<ListItem<F>>, string>>(keys.pages(list)),
      queryFn: async ({ signal, pageParam }: { signal: AbortSignal; pageParam: string }) =>
        withoutDeleted(await backups.listPage<F>(pageOptions(list, signal, pageParam))),
      initialPageParam: '',
      // As the SDK's list: an empty page ends the listing, and a repeated token is not followed.
      getNextPageParam: (last: AppBackupPage<ListItem<F>>, _pages: unknown[], _param: string, params: string[]) =>
        last.items.length && last.continue && !params.includes(last.continue) ? last.continue : undefined,
      retry: false as const,
    }),
    get,
    progress(appBackupId: string, progress: ProgressQueryOptions = {}): AstraProgressQueryOptions {
      const min = checkDelay('minDelayMs', progress.minDelayMs, WAIT_DEFAULTS.minDelayMs);
      const max = checkDelay('maxDelayMs', progress.maxDelayMs, WAIT_DEFAULTS.maxDelayMs);
      return {
        ...get(appBackupId, progress.appId === undefined ? {} : { appId: progress.appId }),
        refetchInterval: (query) => {
          const backup = query.state.data;
          if (query.state.status === 'error' || !backup || SETTLED.has(backup.state)) return false;
          return pollDelay(query.state.dataUpdateCount, min, max);
        },
      };
    },
    create: (queryClient: QueryClient) => ({
      mutationKey: [...keys.account(), 'create'],
      mutationFn: ({ appId, ...input }: CreateBackupVariables) => backups.create(appId, input),
      onSuccess: async ({ backup }: CreatedAppBackup, { appId }: CreateBackupVariables) => {
        queryClient.setQueryData(keys.backup(backup.id), backup);
        await Promise.all([
          queryClient.invalidateQueries({ queryKey: keys.app(appId) }),
          queryClient.invalidateQueries({ queryKey: keys.accountLists() }),
        ]);
      },
      retry: false as const,
    }),
    delete: (queryClient: QueryClient) => ({
      mutationKey: [...keys.account(), 'delete'],
      mutationFn: ({ appBackupId, appId }: DeleteBackupVariables) =>
        backups.delete(appBackupId, appId === undefined ? {} : { appId }),
      onSuccess: async (_: unknown, { appBackupId }: DeleteBackupVariables) => {
        deleted.set(appBackupId, Date.now());
        const lists = {
          queryKey: keys.account(),
          predicate: (q: { queryKey: Key }) => isListKey(q.queryKey, keys.account()),
        };
        await queryClient.cancelQueries({ queryKey: keys.backup(appBackupId) });
        queryClient.removeQueries({ queryKey: keys.backup(appBackupId) });
        queryClient.setQueriesData(lists, (data: unknown) => dropBackups(data, new Set([appBackupId])));
        await queryClient.invalidateQueries(lists);
      },
      retry: false as const,
    }),
  });
}
