// A stalled request in fetch mode settles when the caller gives up, even after a garbage
// collection (issue 28): Node's Request follows `init.signal` only through a weak reference,
// so the simulator listens on `init.signal` itself. Run as the issue reproduces it: a child
// process with --expose-gc, a `stall` fault, the SDK with `timeoutMs: 700` and `fetch: sim.fetch`,
// and gc() during the stall. The child prints how the call ended; a hang would be cut by the
// child's own bound (a 30 s timer that exits 3), never by this test's clock.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { afterAll, expect, it } from 'vitest';
import { runProcess } from '../support/run.js';
import { root } from '../support/spec.js';

const dir = mkdtempSync(join(tmpdir(), 'astra-stall-gc-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const ENTRY = `
import { createAstraSimulator, EXAMPLE_ACCOUNT, EXAMPLE_BACKUP } from ${JSON.stringify(join(root, 'src/mock/index.ts'))};
import { createAstraClient } from ${JSON.stringify(join(root, 'src/sdk/index.ts'))};
const bound = setTimeout(() => { console.log('hung'); process.exit(3); }, 30_000);
bound.unref();
const sim = createAstraSimulator();
sim.faults.add({ operationId: 'getAppBackup', fault: 'stall', times: 'always' });
const astra = createAstraClient({
  accountId: EXAMPLE_ACCOUNT, token: 'stall-gc-token', baseUrl: 'http://astra.test', fetch: sim.fetch, timeoutMs: 700, maxRetries: 0,
});
const started = Date.now();
// Collect while the request stalls, more than once.
for (const at of [100, 300, 500]) setTimeout(() => { globalThis.gc(); globalThis.gc(); }, at);
try {
  await astra.appBackups.get(EXAMPLE_BACKUP);
  console.log('answered');
} catch (error) {
  console.log(JSON.stringify({ name: error.name, ms: Date.now() - started }));
}
`;

it('a stall in fetch mode ends with the SDK’s TimeoutError at timeoutMs, gc() or not', async () => {
  const entry = join(dir, 'entry.mts');
  const out = join(dir, 'entry.mjs');
  writeFileSync(entry, ENTRY);
  await build({ entryPoints: [entry], bundle: true, format: 'esm', platform: 'node', outfile: out, logLevel: 'error' });
  const result = await runProcess(process.execPath, ['--expose-gc', out]);
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  const ended = JSON.parse(result.stdout.trim());
  expect(ended.name).toBe('TimeoutError');
  expect(ended.ms).toBeGreaterThanOrEqual(690);
});
