// One lock for work that several test workers (and several checkouts) may start at once,
// such as unpacking Chromium or installing the packed package: a folder (mkdir is atomic),
// waited for with a bound, taken over when older than `staleMs` (its holder died).
import { mkdirSync, rmSync, statSync } from 'node:fs';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Runs `work` holding the lock folder `lock`; waits at most `boundMs` for it. */
export async function withLock<T>(
  lock: string,
  { staleMs, boundMs }: { staleMs: number; boundMs: number },
  work: () => Promise<T>,
): Promise<T> {
  const deadline = Date.now() + boundMs;
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      try {
        if (Date.now() - statSync(lock).mtimeMs > staleMs) rmSync(lock, { recursive: true, force: true });
      } catch {}
      if (Date.now() > deadline) throw new Error(`could not take ${lock} within ${boundMs} ms`);
      // Polled: another process holds it, and mkdir is the only test that is atomic.
      await sleep(100);
    }
  }
  try {
    return await work();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}
