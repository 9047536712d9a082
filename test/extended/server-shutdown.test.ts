// A graceful stop, for both servers (`astra-backups mock` and `npm start`): on SIGTERM or SIGINT
// the server stops accepting, lets the requests in flight finish (up to 5 s), and exits 0;
// none of 50 requests in flight is lost or answered 502. In the longer suite: it starts
// processes and waits on their shutdown. Needs the package built (dist/cli.js).
import { join } from 'node:path';
import { Agent, request } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { EXAMPLE_ACCOUNT, EXAMPLE_BACKUP } from '../../scripts/mock/seed.mjs';
import { type StartedServer, startServer } from '../support/run.js';
import { root } from '../support/spec.js';

const started: StartedServer[] = [];
afterEach(async () => {
  // Whatever a test started is stopped, even when it failed.
  await Promise.all(started.splice(0).map((server) => server.stop('SIGKILL')));
});

const SERVERS = {
  'astra-backups mock': [join(root, 'dist', 'cli.js'), 'mock', '--port', '0', '--json', '--quiet'],
  'npm start': [join(root, 'scripts', 'mock.mjs'), '--port', '0', '--json', '--quiet'],
} as const;

async function until(check: () => boolean | Promise<boolean>, what: string, ms = 60_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`not within ${ms} ms: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe.each(Object.entries(SERVERS))('%s', (_, args) => {
  it.each(['SIGTERM', 'SIGINT'] as const)(
    'on %s with 50 requests in flight: every one answered 200, then exit 0',
    async (signal) => {
      const server = await startServer(process.execPath, [...args], { cwd: root, ready: /"url":"([^"]+)"/ });
      started.push(server);
      const url = server.match[1] as string;
      // Each request waits 1.5 s in the server: long enough to be in flight when the signal comes.
      const latency = await fetch(`${url}/__astra/latency`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ operationId: 'getAppBackup', ms: 1_500 }),
      });
      expect(latency.status).toBe(200);
      // One connection each: a stop must not cut a kept-alive socket that has a request on it.
      const agent = new Agent({ connections: 100, pipelining: 1 });
      const inFlight = Array.from({ length: 50 }, () =>
        request(`${url}/accounts/${EXAMPLE_ACCOUNT}/topology/v1/appBackups/${EXAMPLE_BACKUP}`, {
          headers: { authorization: 'Bearer t' },
          dispatcher: agent,
        }).then(
          async (r) => ({ status: r.statusCode, bytes: (await r.body.arrayBuffer()).byteLength }),
          (error: Error) => ({ status: 0, bytes: 0, error: error.message }),
        ),
      );
      // The journal records each request as it arrives: all 50 are in the server before the signal.
      await until(async () => {
        const journal = (await (await fetch(`${url}/__astra/journal`)).json()) as { entries: { path: string }[] };
        return journal.entries.filter((e) => e.path.includes(EXAMPLE_BACKUP)).length >= 50;
      }, 'all 50 requests in the journal');
      server.child.kill(signal);
      const answers = await Promise.all(inFlight);
      expect(answers.filter((a) => a.status !== 200)).toEqual([]);
      expect(new Set(answers.map((a) => a.bytes)).size).toBe(1);
      const { code } = await Promise.race([
        server.exited,
        new Promise<never>((_, reject) => setTimeout(() => reject(new Error('still running 20 s after')), 20_000)),
      ]);
      expect(code).toBe(0);
      expect(server.output()).not.toMatch(/\b502\b/);
      await agent.close();
    },
  );
});
