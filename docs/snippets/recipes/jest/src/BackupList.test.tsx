// src/BackupList.test.tsx: the component, its requests answered by the simulator through MSW.
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { render, screen } from '@testing-library/react';
import { createAstraSimulator, EXAMPLE_ACCOUNT, EXAMPLE_APPS } from 'astra-app-backups/mock';
import { astraHandlers } from 'astra-app-backups/msw';
import { setupServer } from 'msw/node';
import { BackupList } from './BackupList';

const sim = createAstraSimulator({ seed: 'jest' });
// The app's base URL ('/astra', on jsdom's http://localhost) is the handlers' base.
const server = setupServer(...astraHandlers(sim, { baseUrl: '/astra' }));

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => sim.reset()); // state, faults and latency back to the seed
afterAll(() => server.close());

const renderList = (appId: string) =>
  render(
    <QueryClientProvider client={new QueryClient()}>
      <BackupList appId={appId} />
    </QueryClientProvider>,
  );

test('lists the backups of an app', async () => {
  renderList(EXAMPLE_APPS.states);
  expect(await screen.findByText('db-failed: failed')).toBeTruthy();
});

test('says so when the app has none', async () => {
  sim.load({ accounts: [{ id: EXAMPLE_ACCOUNT, apps: [] }] });
  renderList(EXAMPLE_APPS.states);
  expect(await screen.findByText('No backups yet')).toBeTruthy();
});

test('shows the error once the SDK has stopped retrying', async () => {
  sim.faults.add({ operationId: 'listAppBackupsForApp', fault: 503, retryAfter: 0, times: 'always' });
  renderList(EXAMPLE_APPS.states);
  expect((await screen.findByRole('alert')).textContent).toMatch(/could not be loaded/);
});
