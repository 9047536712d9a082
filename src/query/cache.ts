// Taking a deleted backup out of cached listings, one page or infinite: Astra deletes
// asynchronously, so a listing fetched right after a DELETE may still show it.
import type { InfiniteData } from '@tanstack/query-core';
import type { AppBackupPage } from 'astra-app-backups';

type Page = AppBackupPage<unknown>;

const isPage = (data: unknown): data is Page =>
  typeof data === 'object' && data !== null && Array.isArray((data as Page).items);

const isInfinite = (data: unknown): data is InfiniteData<Page, unknown> =>
  typeof data === 'object' && data !== null && Array.isArray((data as InfiniteData<Page>).pages);

/** Whether an item (a whole backup, or one projected with `id` among its fields) has one of these ids. */
const hasId = (item: unknown, ids: ReadonlySet<string>): boolean =>
  typeof item === 'object' && item !== null && ids.has((item as { id?: unknown }).id as string);

function dropFromPage(page: Page, ids: ReadonlySet<string>): [Page, number] {
  const items = page.items.filter((item) => !hasId(item, ids));
  return [items.length === page.items.length ? page : { ...page, items }, page.items.length - items.length];
}

// The server's count included them: keep it consistent with what is shown.
const recount = (page: Page, removed: number): Page =>
  removed === 0 || page.count === undefined ? page : { ...page, count: Math.max(0, page.count - removed) };

/** The cached data of a listing without the backups `ids`; the same object when none was in it. */
export function dropBackups(data: unknown, ids: ReadonlySet<string>): unknown {
  if (isPage(data)) {
    const [page, removed] = dropFromPage(data, ids);
    return recount(page, removed);
  }
  if (isInfinite(data)) {
    const dropped = data.pages.map((page) => (isPage(page) ? dropFromPage(page, ids) : ([page, 0] as const)));
    const removed = dropped.reduce((sum, [, n]) => sum + n, 0);
    if (removed === 0) return data;
    return { ...data, pages: dropped.map(([page]) => recount(page, removed)) };
  }
  return data;
}
