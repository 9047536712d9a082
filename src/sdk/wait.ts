// Polls a backup until it settles, with a growing delay and a finite limit.
import { sleep } from './backoff.js';
import { BackupFailedError, TimeoutError } from './errors.js';
import type { AppBackup } from './types.js';

/** Options of `waitUntilDone`, besides the request options of each poll. */
export interface WaitOptions {
  /** Give up (TimeoutError, carrying the last backup seen) after this many ms; default 3 600 000 (1 hour). */
  maxWaitMs?: number;
  /** Called with the backup whenever its `state` or `percentDone` changes (and on the first poll). */
  onProgress?: (backup: AppBackup) => void;
  /** First delay between polls; default 2 000 ms. It grows by half each poll. */
  minDelayMs?: number;
  /** Longest delay between polls; default 30 000 ms. */
  maxDelayMs?: number;
}

/** The clock the waiter reads and sleeps on (a simulated one in tests and benchmarks). */
export interface Clock {
  now(): number;
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export const realClock: Clock = { now: () => Date.now(), sleep };

export const WAIT_DEFAULTS = Object.freeze({ maxWaitMs: 3_600_000, minDelayMs: 2_000, maxDelayMs: 30_000 });

const FAILED = new Set<AppBackup['state']>(['failed', 'removed']);

/**
 * Calls `poll` until the backup is `completed` (resolves with it), `failed` or
 * `removed` (rejects with BackupFailedError), or `maxWaitMs` passes (TimeoutError).
 */
export async function waitForBackup(
  poll: () => Promise<AppBackup>,
  options: {
    maxWaitMs: number;
    minDelayMs: number;
    maxDelayMs: number;
    onProgress?: WaitOptions['onProgress'] | undefined;
    signal?: AbortSignal | undefined;
  },
  clock: Clock = realClock,
): Promise<AppBackup> {
  const { maxWaitMs, minDelayMs, maxDelayMs, signal, onProgress } = options;
  const deadline = clock.now() + maxWaitMs;
  let delay = minDelayMs;
  let last: AppBackup | undefined;
  for (;;) {
    signal?.throwIfAborted();
    const backup = await poll();
    if (onProgress && (last?.state !== backup.state || last.percentDone !== backup.percentDone)) onProgress(backup);
    last = backup;
    if (backup.state === 'completed') return backup;
    if (FAILED.has(backup.state)) throw new BackupFailedError(backup);
    const remaining = deadline - clock.now();
    if (remaining <= 0)
      throw new TimeoutError(`Backup ${backup.id} is still ${backup.state} after ${maxWaitMs} ms`, maxWaitMs, backup);
    await clock.sleep(Math.min(delay, remaining), signal);
    delay = Math.min(Math.round(delay * 1.5), maxDelayMs);
  }
}
