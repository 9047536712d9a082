// The option objects fit TanStack's adapters as they are: typed data, typed errors, and
// include-projected items, with no cast (checked by tsc; the hooks are never called here).
import {
  infiniteQueryOptions,
  queryOptions,
  useInfiniteQuery,
  useMutation,
  useQuery,
  useQueryClient,
} from '@tanstack/react-query';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { createAstraQueries } from '../../src/query/index.js';
import type { AppBackup, AstraError, CreatedAppBackup } from '../../src/sdk/index.js';

const queries = createAstraQueries({ accountId: '9ff53b28-2a88-4b1c-8b4a-2d3c1a4f0b5e', token: 't' });

describe('types with @tanstack/react-query', () => {
  it('useQuery, useInfiniteQuery and useMutation take the options and type data and errors', () => {
    // Never called: a hook needs a component. tsc checks the body.
    const component = () => {
      const backup = useQuery(queries.progress('id'));
      expectTypeOf(backup.data).toEqualTypeOf<AppBackup | undefined>();
      expectTypeOf(backup.error).toEqualTypeOf<AstraError | null>();
      const page = useQuery(queries.list({ include: ['id', 'percentDone'] }));
      expectTypeOf(page.data?.items[0]).toEqualTypeOf<{ id: string; percentDone?: number } | undefined>();
      const pages = useInfiniteQuery(queries.infiniteList({ appId: 'a', include: ['name'] }));
      expectTypeOf(pages.data?.pages[0]?.items[0]).toEqualTypeOf<{ name: string } | undefined>();
      expectTypeOf(pages.fetchNextPage).toBeFunction();
      const create = useMutation(queries.create(useQueryClient()));
      expectTypeOf(create.data).toEqualTypeOf<CreatedAppBackup | undefined>();
      expectTypeOf(create.error).toEqualTypeOf<AstraError | null>();
      create.mutate({ appId: 'a', name: 'n' });
      // @ts-expect-error: a create needs the app
      create.mutate({ name: 'n' });
      // @ts-expect-error: not a field of an appBackup
      queries.list({ include: ['colour'] });
    };
    expect(typeof component).toBe('function');
  });

  it('pass through queryOptions and infiniteQueryOptions unchanged', () => {
    const one = queries.get('id');
    expect(queryOptions(one)).toBe(one);
    const infinite = queries.infiniteList();
    expect(infiniteQueryOptions(infinite)).toBe(infinite);
    expect(one.retry).toBe(false);
    expect(infinite.retry).toBe(false);
  });
});
