// The testing guide's setting for a fast component test of a create through progress():
// `minDelayMs` (by default a cached create starts one step in, and the first poll waits 3 s).
// Not timed: on the simulated clock of fake timers, the polls are exactly the configured delay
// apart and the backup shows completed well inside a second; the default's 3 s is shown the
// same way (so that the check can fail). Then the guide's sample itself,
// docs/snippets/testing/progress-fast.test.ts, is type-checked and run by Vitest from the
// packed tarball, as a reader would run it.
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { environmentManager, MutationObserver, QueryClient, QueryObserver } from '@tanstack/query-core';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createAstraSimulator, EXAMPLE_ACCOUNT, EXAMPLE_APPS } from '../../src/mock/index.js';
import { createAstraQueries, type ProgressQueryOptions } from '../../src/query/index.js';
import { packageEnv, packedApp } from '../support/packed.js';
import { runProcess } from '../support/run.js';
import { root } from '../support/spec.js';

// TanStack schedules no refetch interval where there is no window: this stands for a component test's DOM.
environmentManager.setIsServer(() => false);

afterEach(() => {
  vi.useRealTimers();
});

/**
 * Creates a backup through the mutation options, then polls it with progress(); resolves with
 * the simulated ms from the create to each poll, and to the first answer showing completed.
 */
async function createAndWatch(progress: ProgressQueryOptions, backupMs: number) {
  vi.useFakeTimers({ now: Date.parse('2026-06-01T00:00:00Z') });
  const sim = createAstraSimulator({ backupMs });
  const polls: number[] = [];
  let created = 0;
  const astra = createAstraQueries({
    accountId: EXAMPLE_ACCOUNT,
    token: 'any-token',
    baseUrl: 'http://astra.test',
    fetch: (url, init) => {
      if (init.method === 'GET') polls.push(Date.now() - created);
      return sim.fetch(url, init);
    },
  });
  const queryClient = new QueryClient();
  created = Date.now();
  const mutation = new MutationObserver(queryClient, astra.create(queryClient)).mutate({
    appId: EXAMPLE_APPS.shop,
    name: 'back-up-now',
  });
  await vi.advanceTimersByTimeAsync(0);
  const { backup } = await mutation;
  let completedAt: number | undefined;
  const observer = new QueryObserver(queryClient, astra.progress(backup.id, progress));
  const unsubscribe = observer.subscribe(({ data }) => {
    if (data?.state === 'completed') completedAt ??= Date.now() - created;
  });
  // Timer by timer (each poll's), with bounds: a minute of simulated time, a thousand timers.
  for (let i = 0; i < 1_000 && completedAt === undefined && Date.now() - created < 60_000; i++)
    await vi.advanceTimersToNextTimerAsync();
  unsubscribe();
  queryClient.clear();
  return { polls, completedAt };
}

describe('a component test of a create, through progress()', () => {
  it('with minDelayMs: 10 (and maxDelayMs: 10), polls every 10 ms and shows completed within a second', async () => {
    const { polls, completedAt } = await createAndWatch({ minDelayMs: 10, maxDelayMs: 10 }, 200);
    // The mount's fetch at once, then one every 10 ms: the configured delay is the one used.
    expect(polls[0]).toBe(0);
    expect(polls.slice(1).map((at, i) => at - (polls[i] ?? 0))).toEqual(polls.slice(1).map(() => 10));
    expect(completedAt).toBeGreaterThanOrEqual(200);
    expect(completedAt).toBeLessThan(1_000);
  });

  it('with minDelayMs: 10 alone, the delay grows from 10 ms and it still completes within a second', async () => {
    const { polls, completedAt } = await createAndWatch({ minDelayMs: 10 }, 200);
    // One step in (a cached create): 15, then half as long again each time.
    expect(polls.slice(1, 4).map((at, i) => at - (polls[i] ?? 0))).toEqual([15, 23, 35]);
    expect(completedAt).toBeLessThan(1_000);
  });

  it('by default, the first poll after the create waits 3 s, whatever backupMs is', async () => {
    const { polls, completedAt } = await createAndWatch({}, 200);
    expect(polls.slice(0, 2)).toEqual([0, 3_000]);
    expect(completedAt).toBe(3_000);
  });
});

describe('minDelayMs: 0', () => {
  it('stops the polling (TanStack takes a refetchInterval of 0 as none): the guide says so', async () => {
    const { polls, completedAt } = await createAndWatch({ minDelayMs: 0 }, 200);
    expect(polls).toEqual([0]);
    expect(completedAt).toBeUndefined();
  });
});

describe("the testing guide's sample (docs/snippets/testing/progress-fast.test.ts), from the packed tarball", () => {
  let dir: string;
  beforeAll(async () => {
    const { app } = await packedApp();
    // Inside the scratch app, so that its node_modules (the tarball, query-core, vitest) are found.
    dir = mkdtempSync(join(app, 'progress-fast-'));
    copyFileSync(
      join(root, 'docs', 'snippets', 'testing', 'progress-fast.test.ts'),
      join(dir, 'progress-fast.test.ts'),
    );
  }, 600_000);
  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('uses the setting the checks above hold', () => {
    const sample = readFileSync(join(dir, 'progress-fast.test.ts'), 'utf8');
    expect(sample).toContain('astra.progress(backup.id, { minDelayMs: 10, maxDelayMs: 10 })');
  });

  it('type-checks (bundler resolution, as a Vite or Vitest project has it)', async () => {
    writeFileSync(
      join(dir, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          module: 'esnext',
          moduleResolution: 'bundler',
          target: 'es2022',
          lib: ['es2022', 'dom', 'dom.iterable'],
          types: [],
          strict: true,
          noEmit: true,
          skipLibCheck: true,
        },
        files: ['progress-fast.test.ts'],
      }),
    );
    const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
    const run = await runProcess(process.execPath, [tsc, '-p', 'tsconfig.json', '--pretty', 'false'], { cwd: dir });
    expect(run.stdout + run.stderr).toBe('');
    expect(run.code).toBe(0);
  });

  it('passes under Vitest', async () => {
    const vitest = join(dir, '..', 'node_modules', '.bin', 'vitest');
    const run = await runProcess(
      vitest,
      ['run', '--root', dir, '--reporter=json', '--outputFile=results.json', 'progress-fast.test.ts'],
      { cwd: dir, env: packageEnv },
    );
    const results = JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8')) as {
      numPassedTests: number;
      numFailedTests: number;
      testResults: { message: string }[];
    };
    expect(results.testResults[0]?.message ?? 'not run', run.stderr).toBe('');
    expect([results.numPassedTests, results.numFailedTests]).toEqual([1, 0]);
  });
});
