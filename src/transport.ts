// The fetch given to openapi-fetch: adds the bearer token before each attempt,
// bounds each attempt by timeoutMs (and the caller's signal), and retries GET and
// DELETE on network errors, 408, 429 and 5xx gateway statuses.
//
// It is on every call's path, so it avoids what costs: openapi-fetch's Request is
// reused rather than rebuilt, one AbortController and one timer serve each attempt
// (AbortSignal.any and AbortSignal.timeout cost ~20 µs a call here), and the global
// fetch gets the URL and an init, which builds one Request instead of two.
import { backoffMs, retryAfterMs, sleep } from './backoff.js';
import { ConnectionError, InvalidInputError, TimeoutError, UnexpectedResponseError } from './errors.js';
import type { ResolvedOptions } from './options.js';
import { tokenProblem } from './validate.js';

const RETRY_METHODS = new Set(['GET', 'DELETE']);
const RETRY_STATUSES = new Set([408, 429, 500, 502, 503, 504]);

// Responses that came after an attempt which got no answer (network error or
// timeout): the server may have acted on that attempt.
const afterLostAnswer = new WeakSet<Response>();
const cleanups = new WeakMap<Response, () => void>();

/** True when an earlier attempt of this response's request lost its answer. */
export function followedLostAnswer(response: Response): boolean {
  return afterLostAnswer.has(response);
}

/** Stops the attempt's timeout once its body has been read (it covers the body too). */
export function settle(response: Response | undefined): void {
  if (!response) return;
  cleanups.get(response)?.();
  cleanups.delete(response);
}

/** The innermost reason of a fetch failure (undici says only "fetch failed"; its cause says why). */
function networkReason(error: unknown): string {
  const cause = (error as { cause?: { message?: unknown; code?: unknown } } | undefined)?.cause;
  const outer = error instanceof Error ? error.message : String(error);
  if (!cause || typeof cause.message !== 'string') return outer;
  const code = typeof cause.code === 'string' && !cause.message.includes(cause.code) ? ` (${cause.code})` : '';
  const hint = isCertificateError(error)
    ? ": the server's certificate is not trusted; for a private CA set NODE_EXTRA_CA_CERTS to its PEM file (the CLI: --ca-file)"
    : '';
  return `${cause.message}${code}${hint}`;
}

function isCertificateError(error: unknown): boolean {
  const code = (error as { cause?: { code?: unknown } } | undefined)?.cause?.code;
  return typeof code === 'string' && /CERT|SELF_SIGNED|UNABLE_TO_(GET|VERIFY)|ALTNAME/.test(code);
}

/** Internal knobs, for tests and benchmarks. */
export interface TransportHooks {
  random?: () => number;
  sleep?: typeof sleep;
}

/**
 * The token for one attempt. A token function that throws, returns no usable token, or
 * gives no answer within the attempt's time is an AstraError, never a raw one, and no
 * message says what the token is.
 */
async function resolveToken(token: () => string | Promise<string>, timeoutMs: number): Promise<string> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let value: unknown;
  try {
    value = await Promise.race([
      Promise.resolve().then(token),
      new Promise((_, reject) => {
        timer = setTimeout(
          () => reject(new TimeoutError(`the token function gave no token within ${timeoutMs} ms`, timeoutMs)),
          timeoutMs,
        );
      }),
    ]);
  } catch (error) {
    if (error instanceof TimeoutError) throw error;
    throw new InvalidInputError('options.token', 'the token function threw (see cause)', { cause: error });
  } finally {
    clearTimeout(timer);
  }
  if (typeof value !== 'string' || value.trim() === '') {
    throw new InvalidInputError(
      'options.token',
      'the token function returned no token (it must return a non-empty string)',
    );
  }
  const problem = tokenProblem(value);
  if (problem) throw new InvalidInputError('options.token', `the token function's token ${problem}`);
  return value;
}

/** The bearer token a request carries, so that errors can redact it from any body they quote. */
export function tokenOf(request: Request): string[] {
  const header = request.headers.get('authorization');
  return header?.startsWith('Bearer ') ? [header.slice(7)] : [];
}

export function createTransport(options: ResolvedOptions, hooks: TransportHooks = {}) {
  const wait = hooks.sleep ?? sleep;
  const random = hooks.random ?? Math.random;
  const customFetch = options.fetch === globalThis.fetch ? undefined : options.fetch;

  return async function transport(request: Request): Promise<Response> {
    const caller = request.signal;
    const retryable = RETRY_METHODS.has(request.method);
    const maxAttempts = retryable ? options.maxRetries + 1 : 1;
    // A body is read once, so that a retry can send it again.
    const body = request.body === null ? null : await request.arrayBuffer();
    let lostAnswer = false;

    for (let attempt = 0; ; attempt++) {
      const last = attempt + 1 >= maxAttempts;
      // A string token needs no await: this runs on every attempt.
      const token =
        typeof options.token === 'string' ? options.token : await resolveToken(options.token, options.timeoutMs);
      request.headers.set('Authorization', `Bearer ${token}`);
      const controller = new AbortController();
      let timedOut = false;
      const onCallerAbort = () => controller.abort(caller.reason);
      const timer = setTimeout(() => {
        timedOut = true;
        caller.removeEventListener('abort', onCallerAbort);
        controller.abort(new TimeoutError(`no answer within ${options.timeoutMs} ms`, options.timeoutMs));
      }, options.timeoutMs);
      (timer as { unref?: () => void }).unref?.();
      const release = () => {
        clearTimeout(timer);
        caller.removeEventListener('abort', onCallerAbort);
      };
      if (caller.aborted) controller.abort(caller.reason);
      else caller.addEventListener('abort', onCallerAbort, { once: true });

      const init: RequestInit = {
        method: request.method,
        headers: request.headers,
        body,
        signal: controller.signal,
        // Never followed: a redirect elsewhere would answer with another origin's data, and
        // a DELETE redirected away would look done while the backup still exists.
        redirect: 'manual',
        credentials: request.credentials,
      };
      let response: Response;
      try {
        response = await (customFetch
          ? customFetch(attempt === 0 && body === null ? request : new Request(request.url, init), init)
          : fetch(request.url, init));
      } catch (error) {
        release();
        if (caller.aborted) throw caller.reason;
        lostAnswer = true;
        const where = `${request.method} ${new URL(request.url).pathname}`;
        const failure = timedOut
          ? new TimeoutError(
              `${where} got no answer within ${options.timeoutMs} ms (attempt ${attempt + 1} of ${maxAttempts})`,
              options.timeoutMs,
            )
          : new ConnectionError(`${where} failed: ${networkReason(error)} (attempt ${attempt + 1} of ${maxAttempts})`, {
              cause: error,
            });
        // A certificate that is not trusted will not be trusted on the next attempt either.
        if (last || isCertificateError(error)) throw failure;
        await wait(backoffMs(attempt, random), caller);
        continue;
      }

      if (response.status >= 300 && response.status < 400) {
        release();
        await response.body?.cancel().catch(() => undefined);
        const target = response.headers.get('location');
        throw new UnexpectedResponseError(
          `${request.method} ${new URL(request.url).pathname} answered ${response.status}, a redirect${target ? ` to ${target}` : ''}, which the SDK does not follow: point baseUrl at the API itself`,
        );
      }
      if (last || !RETRY_STATUSES.has(response.status)) {
        cleanups.set(response, release);
        if (lostAnswer) afterLostAnswer.add(response);
        return response;
      }
      release();
      const delay = retryAfterMs(response.headers.get('retry-after')) ?? backoffMs(attempt, random);
      await response.body?.cancel().catch(() => undefined);
      await wait(delay, caller);
    }
  };
}
