// A component-style test of "back up now" that takes a few tens of milliseconds, not seconds:
// the create goes through the query glue, and progress() polls every 10 ms (`minDelayMs`;
// by default the first poll after a create waits 3 s, then longer). The simulator's clock
// is frozen and moved by the test, so each state shows exactly when the test says.
import { environmentManager, MutationObserver, QueryClient, QueryObserver } from '@tanstack/query-core';
import { createAstraSimulator, EXAMPLE_ACCOUNT, EXAMPLE_APPS } from 'astra-app-backups/mock';
import { createAstraQueries } from 'astra-app-backups/query';
import { expect, test } from 'vitest';

// TanStack polls only where there is a window. Component tests (jsdom, happy-dom) have one;
// this file runs in Node, so it says so.
environmentManager.setIsServer(() => false);

test('back up now shows pending, running, then completed', async () => {
  const sim = createAstraSimulator({ backupMs: 10_000 });
  sim.time.freeze();
  const astra = createAstraQueries({
    accountId: EXAMPLE_ACCOUNT,
    token: 'any-token',
    baseUrl: 'http://astra.test',
    fetch: sim.fetch,
  });
  const queryClient = new QueryClient();

  // What the button's useMutation(astra.create(queryClient)) does.
  const create = new MutationObserver(queryClient, astra.create(queryClient));
  const { backup } = await create.mutate({ appId: EXAMPLE_APPS.shop, name: 'back-up-now' });

  // What the progress bar's useQuery(astra.progress(id, …)) does: poll every 10 ms.
  const progress = new QueryObserver(queryClient, astra.progress(backup.id, { minDelayMs: 10, maxDelayMs: 10 }));
  const shown: string[] = [];
  const unsubscribe = progress.subscribe(({ data }) => {
    if (data && shown.at(-1) !== data.state) shown.push(data.state);
  });

  await expect.poll(() => shown.at(-1), { timeout: 5_000 }).toBe('pending');
  sim.time.advance(5_000); // half of backupMs: running, about 50 %
  await expect.poll(() => shown.at(-1), { timeout: 5_000 }).toBe('running');
  sim.time.advance(5_000);
  await expect.poll(() => shown.at(-1), { timeout: 5_000 }).toBe('completed');
  expect(shown).toEqual(['pending', 'running', 'completed']);

  unsubscribe();
  queryClient.clear();
});
