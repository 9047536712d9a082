// The fetch given to openapi-fetch: adds the bearer token before each attempt,
// bounds each attempt by timeoutMs (joined to the caller's signal), and retries
// GET and DELETE on network errors, 408, 429 and 5xx gateway statuses.
import { backoffMs, retryAfterMs, sleep } from './backoff.js';
import { ConnectionError, InvalidInputError, TimeoutError } from './errors.js';
import type { ResolvedOptions } from './options.js';

const RETRY_METHODS = new Set(['GET', 'DELETE']);
const RETRY_STATUSES = new Set([408, 429, 500, 502, 503, 504]);

/** What the transport learnt while answering one request. */
export interface AttemptRecord {
  /** Attempts made (1 when no retry). */
  attempts: number;
  /** An earlier attempt got no answer (network error or timeout): the server may have acted on it. */
  lostAnswer: boolean;
}

const records = new WeakMap<Response, AttemptRecord>();

/** How the transport got this response; undefined for a response it did not make. */
export function attemptRecordOf(response: Response): AttemptRecord | undefined {
  return records.get(response);
}

/** Internal knobs, for tests and benchmarks. */
export interface TransportHooks {
  random?: () => number;
  sleep?: typeof sleep;
}

async function resolveToken(token: ResolvedOptions['token']): Promise<string> {
  const value = typeof token === 'function' ? await token() : token;
  if (typeof value !== 'string' || value.trim() === '') {
    throw new InvalidInputError('options.token', 'the token function returned no token (it must return a non-empty string)');
  }
  return value;
}

/** The tokens used so far by one request: errors redact them from any body they quote. */
export const tokensOf = new WeakMap<Request, string[]>();

export function createTransport(options: ResolvedOptions, hooks: TransportHooks = {}) {
  const wait = hooks.sleep ?? sleep;
  const random = hooks.random ?? Math.random;

  return async function transport(request: Request): Promise<Response> {
    const callerSignal = request.signal;
    const retryable = RETRY_METHODS.has(request.method);
    const maxAttempts = retryable ? options.maxRetries + 1 : 1;
    const record: AttemptRecord = { attempts: 0, lostAnswer: false };
    const tokens: string[] = [];
    tokensOf.set(request, tokens);

    for (let attempt = 0; ; attempt++) {
      record.attempts = attempt + 1;
      const last = attempt + 1 >= maxAttempts;
      const token = await resolveToken(options.token);
      tokens.push(token);
      const timeout = AbortSignal.timeout(options.timeoutMs);
      const attemptRequest = new Request(request.clone(), { signal: AbortSignal.any([callerSignal, timeout]) });
      attemptRequest.headers.set('Authorization', `Bearer ${token}`);

      let response: Response;
      try {
        response = await options.fetch(attemptRequest);
      } catch (error) {
        if (callerSignal.aborted) throw callerSignal.reason;
        record.lostAnswer = true;
        const failure = timeout.aborted
          ? new TimeoutError(`${request.method} ${new URL(request.url).pathname} got no answer within ${options.timeoutMs} ms (attempt ${attempt + 1} of ${maxAttempts})`, options.timeoutMs)
          : new ConnectionError(`${request.method} ${new URL(request.url).pathname} failed: ${error instanceof Error ? error.message : String(error)} (attempt ${attempt + 1} of ${maxAttempts})`, { cause: error });
        if (last) throw failure;
        await wait(backoffMs(attempt, random), callerSignal);
        continue;
      }

      if (last || !RETRY_STATUSES.has(response.status)) {
        records.set(response, { ...record });
        return response;
      }
      const delay = retryAfterMs(response.headers.get('retry-after')) ?? backoffMs(attempt, random);
      await response.body?.cancel().catch(() => undefined);
      await wait(delay, callerSignal);
    }
  };
}
