import { describe, expect, it } from 'vitest';
import { BackupFailedError, createAstraClient, TimeoutError } from '../../src/sdk/index.js';
import { waitForBackup } from '../../src/sdk/wait.js';
import { ACCOUNT, backup, fakeFetch, json } from '../support/fake-fetch.js';

/** A simulated clock: sleeping advances time at once. */
function simulatedClock() {
  let now = 0;
  const sleeps: number[] = [];
  return {
    sleeps,
    clock: {
      now: () => now,
      sleep: async (ms: number, signal?: AbortSignal) => {
        signal?.throwIfAborted();
        sleeps.push(ms);
        now += ms;
      },
    },
  };
}

function waiterOver(states: Record<string, unknown>[], options: Record<string, unknown> = {}) {
  const { fetch, seen } = fakeFetch(...states.map((s) => () => json(backup(s))));
  const { clock, sleeps } = simulatedClock();
  const client = createAstraClient({ accountId: ACCOUNT, token: 't', fetch }, { clock });
  const progress: string[] = [];
  const run = client.appBackups.waitUntilDone('b', {
    onProgress: (b) => progress.push(`${b.state}:${b.percentDone ?? '-'}`),
    ...options,
  });
  return { run, progress, seen, sleeps };
}

describe('waitUntilDone', () => {
  it('polls through pending, discovering and running to completed, reporting each change once', async () => {
    const { run, progress, seen, sleeps } = waiterOver([
      { state: 'pending' },
      { state: 'discovering' },
      { state: 'running', percentDone: 10 },
      { state: 'running', percentDone: 10 },
      { state: 'running', percentDone: 60 },
      { state: 'completed', percentDone: 100 },
    ]);
    await expect(run).resolves.toMatchObject({ state: 'completed' });
    expect(progress).toEqual(['pending:-', 'discovering:-', 'running:10', 'running:60', 'completed:100']);
    expect(seen).toHaveLength(6);
    expect(sleeps).toEqual([2000, 3000, 4500, 6750, 10125]);
  });

  it.each(['failed', 'removed'])('rejects with BackupFailedError carrying the reasons on %s', async (state) => {
    const details = [{ type: 't', title: 'Hook failed', detail: 'exit 1' }];
    const { run } = waiterOver([
      { state: 'running' },
      { state, stateUnready: ['bucket unreachable'], hookState: 'failed', hookStateDetails: details },
    ]);
    const error = await run.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BackupFailedError);
    expect(error).toMatchObject({ state, stateUnready: ['bucket unreachable'], hookStateDetails: details });
  });

  it('rejects with TimeoutError carrying the last state seen', async () => {
    const { run } = waiterOver([{ state: 'running', percentDone: 5 }], { maxWaitMs: 10_000 });
    const error = await run.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TimeoutError);
    expect((error as TimeoutError).lastBackup).toMatchObject({ state: 'running', percentDone: 5 });
  });

  it('caps the delay between polls at maxDelayMs', async () => {
    const { run, sleeps } = waiterOver([{ state: 'running' }], { maxWaitMs: 600_000 });
    await run.catch(() => undefined);
    expect(Math.max(...sleeps)).toBe(30_000);
  });

  it('stops when the signal aborts', async () => {
    const controller = new AbortController();
    const poll = async () => {
      controller.abort(new Error('cancelled'));
      return backup({ state: 'running' }) as never;
    };
    const { clock } = simulatedClock();
    await expect(
      waitForBackup(poll, { maxWaitMs: 60_000, minDelayMs: 1, maxDelayMs: 1, signal: controller.signal }, clock),
    ).rejects.toThrow('cancelled');
  });
});
