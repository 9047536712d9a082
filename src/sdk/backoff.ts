// Delays between attempts, and a sleep that a signal cuts short.

/** Backoff before retry number `retry` (0-based): 0.5 s doubling to an 8 s cap, minus up to 25 % jitter. */
export function backoffMs(retry: number, random: () => number = Math.random): number {
  const base = Math.min(500 * 2 ** retry, 8_000);
  return Math.round(base * (1 - 0.25 * random()));
}

/**
 * The delay a `Retry-After` header asks for, in ms, if it is 0 to 60 s (as seconds
 * or an HTTP date); undefined when absent, malformed or out of that range.
 */
export function retryAfterMs(header: string | null, now: number = Date.now()): number | undefined {
  if (header === null || header.trim() === '') return undefined;
  const trimmed = header.trim();
  // Seconds, or an HTTP date (which has letters); a negative or fractional number is neither.
  const ms = /^\d+$/.test(trimmed)
    ? Number(trimmed) * 1_000
    : /[a-z]/i.test(trimmed)
      ? Date.parse(trimmed) - now
      : Number.NaN;
  if (!Number.isFinite(ms)) return undefined;
  const clamped = Math.max(0, ms);
  return clamped <= 60_000 ? clamped : undefined;
}

/** Resolves after `ms`, or rejects with the signal's reason as soon as it aborts. */
export function sleep(ms: number, signal?: AbortSignal | null): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
