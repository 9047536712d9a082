// tests/astra.ts: `astra-backups mock` for each worker, reset before each test, driven per test.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { test as base } from '@playwright/test';
import type { FaultRule, Fixture, LatencyRule } from 'astra-app-backups/mock';

/** The line `astra-backups mock --json` prints once it is ready. */
interface AstraMock {
  url: string;
  accountId: string;
  appIds: string[];
  backupId: string;
  completedBackupId: string;
  control: string;
}

/** The mock's control endpoints, for one test. */
interface AstraControl {
  mock: AstraMock;
  /** A fault: `{ operationId, fault: 503 | 'drop' | 'stall', times: 'always' }`. */
  fault(rule: FaultRule): Promise<void>;
  /** A delay: `{ operationId, ms }` or `{ minMs, maxMs }`. */
  latency(rule: LatencyRule): Promise<void>;
  /** A fixture: the accounts it names get exactly its state. */
  load(fixture: Fixture): Promise<void>;
}

export const test = base.extend<{ astra: AstraControl }, { astraMock: AstraMock }>({
  astraMock: [
    // biome-ignore lint/correctness/noEmptyPattern: Playwright reads the fixtures a function asks for.
    async ({}, use) => {
      const mock = spawn('node_modules/.bin/astra-backups', ['mock', '--json', '--port', '0', '--seed', 'e2e'], {
        stdio: ['pipe', 'pipe', 'inherit'],
      });
      const exited = once(mock, 'exit');
      const [line] = await Promise.race([
        once(createInterface({ input: mock.stdout }), 'line'),
        exited.then(() => Promise.reject(new Error('astra-backups mock exited before it was ready'))),
      ]);
      await use(JSON.parse(line) as AstraMock);
      mock.stdin.end(); // with --json, closing its stdin stops the mock
      await exited;
    },
    { scope: 'worker' },
  ],
  astra: [
    async ({ astraMock, page }, use) => {
      const send = async (method: string, path: string, body?: unknown) => {
        const answer = await fetch(`${astraMock.control}/${path}`, {
          method,
          headers: { 'content-type': 'application/json' },
          body: body === undefined ? undefined : JSON.stringify(body),
        });
        if (!answer.ok) throw new Error(`${method} ${path}: ${answer.status} ${await answer.text()}`);
      };
      await send('POST', 'reset'); // state, clock, latency, faults and journal back to the seed
      // The app calls '/astra' on its own origin: this worker's mock answers.
      await page.route('**/astra/**', (route) => {
        const url = new URL(route.request().url());
        return route.continue({ url: `${astraMock.url}${url.pathname.replace(/^\/astra/, '')}${url.search}` });
      });
      await use({
        mock: astraMock,
        fault: (rule) => send('POST', 'faults', rule),
        latency: (rule) => send('POST', 'latency', rule),
        load: (fixture) => send('POST', 'fixtures', fixture),
      });
    },
    { auto: true },
  ],
});
export { expect } from '@playwright/test';
