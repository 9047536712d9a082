// What a test starts is stopped when its file ends, even when the test times out or the
// whole run is killed: a vitest run of a file whose test starts a server (startChild) and a
// command that starts a child of its own (runProcess) and a shell that starts one and exits at
// once (as npm killed leaves the node it started), then hangs. When the test times out,
// test/support/teardown.ts (loaded for every project by vitest.config.ts) stops all four; when
// the run is killed with SIGKILL, the reaper (scripts/lib/reaper.cjs) does. The same processes
// spawned without the helpers outlive the run: the check can fail.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { bin } from '../../scripts/lib/tools.mjs';
import { processAlive, runProcess, startChild } from '../support/run.js';
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

const started = (pids: string) =>
  existsSync(pids) ? readFileSync(pids, 'utf8').trim().split('\n').filter(Boolean).map(Number) : [];

/**
 * Runs the hanging file under vitest: with the helpers (startChild, runProcess) or with plain
 * spawn; to its timeout, or killed once its three processes are up. Resolves with their PIDs.
 */
async function hangingRun({ helpers, killed }: { helpers: boolean; killed: boolean }): Promise<number[]> {
  const folder = mkdtempSync(join(scratch, 'run-'));
  const pids = join(folder, 'pids');
  const forever = join(folder, 'forever.cjs');
  writeFileSync(
    forever,
    "require('node:fs').appendFileSync(process.argv[2], process.pid + '\\n'); setInterval(() => {}, 1e9);",
  );
  const shell = `echo $$ >> '${pids}'; '${process.execPath}' '${forever}' '${pids}' & wait`;
  const orphan = `'${process.execPath}' '${forever}' '${pids}' & exit 0`;
  const tools = JSON.stringify(join(root, 'scripts', 'lib', 'tools.mjs'));
  writeFileSync(
    join(folder, 'hangs.test.mjs'),
    `import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { beforeAll, it } from 'vitest';
import { runProcess, startChild } from ${tools};
const start = ${helpers} ? startChild : (command, args) => spawn(command, args, { detached: true, stdio: 'ignore' });
const run = ${helpers} ? runProcess : (command, args) => spawn(command, args, { detached: true, stdio: 'ignore' });
const pids = ${JSON.stringify(pids)};
beforeAll(async () => {
  start(process.execPath, [${JSON.stringify(forever)}, pids], { stdio: 'ignore' });
  // A shell whose child is a second node: the command's whole group must go.
  run('sh', ['-c', ${JSON.stringify(shell)}]);
  // A shell that starts a third node and exits at once: what it started must go all the same.
  start('sh', ['-c', ${JSON.stringify(orphan)}], { stdio: 'ignore' });
  // All four are up (bounded by the hook's timeout).
  while (!existsSync(pids) || readFileSync(pids, 'utf8').trim().split('\\n').length < 4)
    await new Promise((resolve) => setTimeout(resolve, 20));
});
it('hangs', () => new Promise(() => {}));
`,
  );
  // Threads, as vitest.config.ts runs every project: a forked worker would outlive a killed vitest itself.
  writeFileSync(
    join(folder, 'vitest.config.mjs'),
    `export default { test: { include: ['hangs.test.mjs'], pool: 'threads', hookTimeout: 120_000, testTimeout: ${killed ? 600_000 : 3_000}, setupFiles: [${JSON.stringify(join(root, 'test', 'support', 'teardown.ts'))}] } };`,
  );
  const args = ['run', '--root', folder, '--config', join(folder, 'vitest.config.mjs')];
  if (killed) {
    const vitest = startChild(bin('vitest'), args, { cwd: folder, stdio: 'ignore' });
    const exited = new Promise((resolve) => vitest.once('exit', resolve));
    await expect.poll(() => started(pids).length, { timeout: 120_000 }).toBe(4);
    // vitest itself, not its group: nothing runs its teardown.
    vitest.kill('SIGKILL');
    await exited;
  } else {
    const run = await runProcess(bin('vitest'), args, { cwd: folder });
    expect(run.stdout + run.stderr).toMatch(/Test timed out in 3000ms/);
    expect(run.code).not.toBe(0);
  }
  leftovers.push(...started(pids));
  return started(pids);
}

describe('what a test started', () => {
  it('is stopped when the test times out: its server, its command, their children, one left by its parent', async () => {
    const pids = await hangingRun({ helpers: true, killed: false });
    expect(pids).toHaveLength(4);
    // Signalled before vitest exits (the teardown awaits the leaders' exits); the rest end within a bound.
    await expect.poll(() => pids.filter(processAlive), { timeout: 30_000 }).toEqual([]);
  });

  it('is stopped when the run is killed outright (SIGKILL), teardown and all', async () => {
    const pids = await hangingRun({ helpers: true, killed: true });
    expect(pids).toHaveLength(4);
    await expect.poll(() => pids.filter(processAlive), { timeout: 30_000 }).toEqual([]);
  });

  it('outlives the run when started without the helpers (the checks above can fail)', async () => {
    const pids = await hangingRun({ helpers: false, killed: false });
    expect(pids).toHaveLength(4);
    expect(pids.filter(processAlive)).toEqual(pids);
  });
});
