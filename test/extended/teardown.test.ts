// What a test starts is stopped when its file ends, even when the test times out: a vitest
// run of a file whose test starts a server (startChild) and a command that starts a child of its
// own (runProcess), then hangs past its timeout. With test/support/teardown.ts loaded (as
// vitest.config.ts loads it for every project) none of the three processes outlives the run;
// without it, all three would (the run without it shows that the check can fail).
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { bin } from '../../scripts/lib/tools.mjs';
import { runProcess } from '../support/run.js';
import { root } from '../support/spec.js';

const scratch = mkdtempSync(join(tmpdir(), 'astra-teardown-'));
const leftovers: number[] = [];
afterAll(() => {
  for (const pid of leftovers)
    try {
      process.kill(pid, 'SIGKILL');
    } catch {}
  rmSync(scratch, { recursive: true, force: true });
});

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** Runs the hanging file under vitest, with or without the teardown; resolves with the PIDs it started. */
async function hangingRun(withTeardown: boolean): Promise<number[]> {
  const folder = mkdtempSync(join(scratch, 'run-'));
  const pids = join(folder, 'pids');
  const forever = join(folder, 'forever.cjs');
  writeFileSync(
    forever,
    "require('node:fs').appendFileSync(process.argv[2], process.pid + '\\n'); setInterval(() => {}, 1e9);",
  );
  const shell = `echo $$ >> '${pids}'; '${process.execPath}' '${forever}' '${pids}' & wait`;
  writeFileSync(
    join(folder, 'hangs.test.mjs'),
    `import { it } from 'vitest';
import { runProcess, startChild } from ${JSON.stringify(join(root, 'scripts', 'lib', 'tools.mjs'))};
it('starts a server and a command, then hangs past its timeout', async () => {
  startChild(process.execPath, [${JSON.stringify(forever)}, ${JSON.stringify(pids)}], { stdio: 'ignore' });
  // A shell whose child is a second node: the command's whole group must go.
  runProcess('sh', ['-c', ${JSON.stringify(shell)}]);
  await new Promise(() => {});
});
`,
  );
  writeFileSync(
    join(folder, 'vitest.config.mjs'),
    `export default { test: { include: ['hangs.test.mjs'], testTimeout: 3000, ${
      withTeardown ? `setupFiles: [${JSON.stringify(join(root, 'test', 'support', 'teardown.ts'))}]` : ''
    } } };`,
  );
  const run = await runProcess(
    bin('vitest'),
    ['run', '--root', folder, '--config', join(folder, 'vitest.config.mjs')],
    {
      cwd: folder,
    },
  );
  expect(run.stdout + run.stderr).toMatch(/Test timed out in 3000ms/);
  expect(run.code).not.toBe(0);
  const started = readFileSync(pids, 'utf8').trim().split('\n').map(Number);
  leftovers.push(...started);
  return started;
}

describe('a test that times out', () => {
  it('leaves nothing running: its server and its command, with the command’s child, are stopped', async () => {
    const pids = await hangingRun(true);
    expect(pids).toHaveLength(3);
    // Signalled before vitest exits (the teardown awaits the leaders' exits); the rest end within a bound.
    await expect.poll(() => pids.filter(alive), { timeout: 30_000 }).toEqual([]);
  });

  it('without test/support/teardown.ts, would leave all three running (the check above can fail)', async () => {
    const pids = await hangingRun(false);
    expect(pids).toHaveLength(3);
    expect(pids.filter(alive)).toEqual(pids);
  });
});
