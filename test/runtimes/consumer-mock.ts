// A TypeScript consumer of the simulator (astra-app-backups/mock) and its MSW handlers
// (astra-app-backups/msw), type-checked as consumer.ts is.
import { createAstraClient } from 'astra-app-backups';
import { type AstraSimulator, createAstraSimulator, EXAMPLE_ACCOUNT, EXAMPLE_APPS } from 'astra-app-backups/mock';
import { astraHandlers } from 'astra-app-backups/msw';
import type { HttpHandler } from 'msw';

const simulator: AstraSimulator = createAstraSimulator({ backupMs: 200, now: () => Date.now() });

export const astra = createAstraClient({
  accountId: EXAMPLE_ACCOUNT,
  token: 'any-token',
  baseUrl: 'http://astra.test',
  fetch: simulator.fetch,
});
export const handlers: HttpHandler[] = astraHandlers(simulator, { baseUrl: 'http://astra.test' });
export const answer: Promise<Response> = simulator.handle(new Request(`http://astra.test/accounts/${EXAMPLE_ACCOUNT}`));
export const nightly: string = EXAMPLE_APPS.nightly;

// @ts-expect-error backupMs is a number of ms
createAstraSimulator({ backupMs: '200' });
