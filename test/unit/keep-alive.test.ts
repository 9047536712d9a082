// A pending call keeps a Node process alive until it is answered or times out: with a fetch
// that holds no socket (the simulator's `sim.fetch`, a stub), the attempt's timer is all
// there is, and an unref'd one let a script exit silently with code 13 at its top-level
// await. And a fetch that ignores its signal still ends at the timeout or the caller's abort.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createAstraClient, TimeoutError } from '../../src/sdk/index.js';
import { ACCOUNT, BACKUP_ID, TOKEN } from '../support/fake-fetch.js';
import { runProcess } from '../support/run.js';

const dist = fileURLToPath(new URL('../../dist/', import.meta.url));

/** A plain Node script, as a user writes one: the built package, a stalled simulator, a top-level await. */
const script = (format: 'esm' | 'cjs') => {
  const body = `
const sim = createAstraSimulator();
sim.faults.add({ operationId: 'getAppBackup', fault: 'stall', times: 10 });
const astra = createAstraClient({ accountId: EXAMPLE_ACCOUNT, token: 'a-test-token', fetch: sim.fetch, timeoutMs: 200, maxRetries: 1 });
const outcome = await astra.appBackups.get(EXAMPLE_BACKUP).then(
  () => ({ resolved: true }),
  (error) => ({ name: error.name, timeoutMs: error.timeoutMs, message: error.message }),
);
console.log(JSON.stringify(outcome));`;
  return format === 'esm'
    ? `import { createAstraClient } from ${JSON.stringify(`${dist}index.js`)};
import { createAstraSimulator, EXAMPLE_ACCOUNT, EXAMPLE_BACKUP } from ${JSON.stringify(`${dist}mock.js`)};
${body}`
    : `const { createAstraClient } = require(${JSON.stringify(`${dist}index.cjs`)});
const { createAstraSimulator, EXAMPLE_ACCOUNT, EXAMPLE_BACKUP } = require(${JSON.stringify(`${dist}mock.cjs`)});
(async () => {${body}
})();`;
};

describe('a plain Node script whose call the simulator stalls', () => {
  it.each(['esm', 'cjs'] as const)(
    '(%s) waits for the TimeoutError at timeoutMs, not a silent exit',
    async (format) => {
      expect(existsSync(`${dist}index.js`), 'dist/ is missing: run npm run build first').toBe(true);
      const run = await runProcess(process.execPath, [
        `--input-type=${format === 'esm' ? 'module' : 'commonjs'}`,
        '-e',
        script(format),
      ]);
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      expect(JSON.parse(run.stdout)).toEqual({
        name: 'TimeoutError',
        timeoutMs: 200,
        message: expect.stringMatching(/got no answer within timeoutMs, 200 ms \(attempt 2 of 2\)$/),
      });
    },
  );
});

describe('a fetch that ignores its signal', () => {
  const never = () => new Promise<Response>(() => {});

  it('ends at timeoutMs with a TimeoutError', async () => {
    const astra = createAstraClient({ accountId: ACCOUNT, token: TOKEN, fetch: never, timeoutMs: 50, maxRetries: 0 });
    const error = await astra.appBackups.get(BACKUP_ID).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TimeoutError);
    expect((error as TimeoutError).timeoutMs).toBe(50);
  }, 10_000);

  it('ends at the caller’s abort with its reason', async () => {
    const astra = createAstraClient({ accountId: ACCOUNT, token: TOKEN, fetch: never, maxRetries: 0 });
    const controller = new AbortController();
    const call = astra.appBackups.get(BACKUP_ID, { signal: controller.signal });
    const reason = new Error('the user left the page');
    controller.abort(reason);
    await expect(call).rejects.toBe(reason);
  }, 10_000);

  it('ends at an abort made while the token function ran', async () => {
    const controller = new AbortController();
    const reason = new Error('cancelled during the token');
    const astra = createAstraClient({
      accountId: ACCOUNT,
      token: async () => {
        controller.abort(reason);
        return TOKEN;
      },
      fetch: never,
      maxRetries: 0,
    });
    await expect(astra.appBackups.get(BACKUP_ID, { signal: controller.signal })).rejects.toBe(reason);
  }, 10_000);
});
