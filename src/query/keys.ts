// The query keys: one hierarchy, so that one prefix invalidates an account, an app's
// listings or a backup. Plain arrays of strings and plain objects, as TanStack hashes them.
import type { AppBackupField } from 'astra-app-backups';

/** The first element of every key this module makes. */
export const QUERY_SCOPE = 'astra-app-backups';

/** What a listing's key depends on besides the account. */
export interface ListKeyOptions {
  /** The app whose backups are listed; the whole account's when absent. */
  appId?: string | undefined;
  /** The fields asked for. */
  include?: readonly AppBackupField[] | undefined;
  /** The page size asked for. */
  limit?: number | string | undefined;
}

/** The keys of one account on one Astra; see {@link astraKeys}. */
export interface AstraKeys {
  /** Every query of the account: `[scope, baseUrl, accountId]`. */
  account(): readonly [typeof QUERY_SCOPE, string, string];
  /** Every listing of one app: `[...account, 'app', appId]`. */
  app(appId: string): readonly unknown[];
  /** Every account-wide listing: `[...account, 'backups']`. */
  accountLists(): readonly unknown[];
  /** One page of a listing: `[...app(appId) or accountLists(), 'list', { include, limit, continue }]`. */
  list(options?: ListKeyOptions & { continue?: string | undefined }): readonly unknown[];
  /** An infinite listing: `[...app(appId) or accountLists(), 'pages', { include, limit }]`. */
  pages(options?: ListKeyOptions): readonly unknown[];
  /** One backup, whatever app it belongs to (its id is unique in the account): `[...account, 'backup', id]`. */
  backup(appBackupId: string): readonly unknown[];
}

/**
 * The query keys of one account on one Astra. Invalidate with a prefix:
 * `queryClient.invalidateQueries({ queryKey: keys.app(appId) })` refetches every
 * listing of that app, `keys.backup(id)` one backup, `keys.account()` everything.
 * @param baseUrl the client's base URL (trailing slashes are ignored)
 */
export function astraKeys(baseUrl: string, accountId: string): AstraKeys {
  const account = Object.freeze([QUERY_SCOPE, baseUrl.replace(/\/+$/, ''), accountId] as const);
  const app = (appId: string) => [...account, 'app', appId] as const;
  const accountLists = () => [...account, 'backups'] as const;
  const owner = (appId: string | undefined) => (appId === undefined ? accountLists() : app(appId));
  // Absent options are left out, so `{}` and `{ include: undefined }` are the same key.
  const params = (options: Record<string, unknown>) =>
    Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined));
  return Object.freeze({
    account: () => account,
    app,
    accountLists,
    list: ({ appId, include, limit, continue: token }: ListKeyOptions & { continue?: string | undefined } = {}) =>
      [...owner(appId), 'list', params({ include, limit, continue: token })] as const,
    pages: ({ appId, include, limit }: ListKeyOptions = {}) =>
      [...owner(appId), 'pages', params({ include, limit })] as const,
    backup: (appBackupId: string) => [...account, 'backup', appBackupId] as const,
  });
}

/** Whether a key is a listing's (one page or infinite) of the account whose key is `account`. */
export function isListKey(key: readonly unknown[], account: readonly unknown[]): boolean {
  const kind = key[key.length - 2];
  return (kind === 'list' || kind === 'pages') && account.every((part, i) => key[i] === part);
}
