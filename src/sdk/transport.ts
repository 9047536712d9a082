// The fetch given to openapi-fetch. It owns each attempt's whole life, as ky and
// openai-node do: the token, one timer for headers and body, reading the body (to a
// cap), and the decision to retry; the timer is cleared in a `finally` and nothing
// outside releases it. What it returns has its body read already; an error answer
// is thrown as its ProblemError subclass. So openapi-fetch, and `astra.raw`, never
// meet the network, and never see a bare TypeError from it.
//
// It is on every call's path, so it avoids what costs: the helpers hand it a light
// CallRequest rather than a Request, one AbortController and one timer serve each
// attempt (AbortSignal.any and AbortSignal.timeout cost ~20 µs a call here), and fetch
// gets the URL and an init, which builds one Request.
import { backoffMs, retryAfterMs, sleep } from './backoff.js';
import {
  AstraError,
  ConnectionError,
  InvalidInputError,
  problemErrorFrom,
  redact,
  shownUrl,
  TimeoutError,
  UnexpectedResponseError,
} from './errors.js';
import { type CallSettings, LOG_LEVELS, pageOrigin, type ResolvedOptions } from './options.js';
import { tokenProblem } from './validate.js';

const RETRY_STATUSES = new Set([408, 429, 500, 502, 503, 504]);
// Web globals are met on first use, never at import: Jest's stock jsdom environment, for
// one, has no TextDecoder or Response, and an app's test that only imports the SDK must load.
let decoder: TextDecoder | undefined;

/**
 * A response whose body the transport has read whole: its `text()`, `json()` and
 * `arrayBuffer()` answer from memory, and `afterLostAnswer` says whether an earlier
 * attempt of the same request got no answer (the server may have acted on it).
 */
export interface AnsweredResponse extends Response {
  readonly afterLostAnswer: boolean;
}

type AnsweredClass = new (
  text: string,
  from: Response,
  afterLostAnswer: boolean,
  where: () => string,
  size?: number,
) => AnsweredResponse;
let Answered: AnsweredClass | undefined;

/** The Answered class, defined on first use: `extends Response` evaluates Response. */
const answeredClass = (): AnsweredClass => (Answered ??= defineAnswered());

// The public type is the interface above, so the published .d.ts declares no override of
// Response's members: their types come from the consumer's own lib, whatever its version
// (an inferred `ReadableStream<Uint8Array<ArrayBuffer>>` breaks TypeScript < 5.7).
const defineAnswered = () =>
  class Answered extends Response implements AnsweredResponse {
    declare readonly afterLostAnswer: boolean;
    readonly #text: string;
    readonly #from: Response;
    readonly #where: () => string;
    #headers: Headers;

    /** `where` names the request (method and path) for errors. */
    constructor(text: string, from: Response, afterLostAnswer: boolean, where: () => string, size?: number) {
      super(null, { status: from.status, statusText: from.statusText });
      this.#text = text;
      this.#from = from;
      this.#where = where;
      this.afterLostAnswer = afterLostAnswer;
      // The answer's own headers, not a copy (copying sorts them all, on every call); but a
      // body read whole has a length, and saying it makes openapi-fetch parse through json(),
      // where a body that is not JSON becomes an UnexpectedResponseError, not a SyntaxError.
      this.#headers = from.headers;
      if (size !== undefined && !from.headers.has('content-length')) {
        this.#headers = new Headers(from.headers);
        this.#headers.set('content-length', String(size));
      }
    }
    override get headers(): Headers {
      return this.#headers;
    }
    override get url(): string {
      return this.#from.url;
    }
    override get body() {
      return this.#text ? new Response(this.#text).body : null;
    }
    override text(): Promise<string> {
      return Promise.resolve(this.#text);
    }
    override async json(): Promise<unknown> {
      try {
        return JSON.parse(this.#text);
      } catch (cause) {
        throw new UnexpectedResponseError(
          `${this.#where()}: the ${this.status} response's body is not JSON`,
          this.status,
          {
            cause,
          },
        );
      }
    }
    override arrayBuffer(): Promise<ArrayBuffer> {
      return new Response(this.#text).arrayBuffer();
    }
    override blob(): Promise<Blob> {
      return new Response(this.#text, { headers: this.#headers }).blob();
    }
    override clone(): Answered {
      const copy = new Answered(this.#text, this.#from, this.afterLostAnswer, this.#where);
      copy.#headers = this.#headers;
      return copy;
    }
  };

/** The innermost reason of a fetch failure (undici says only "fetch failed"; its cause says why). */
function networkReason(error: unknown): string {
  const cause = (error as { cause?: { message?: unknown; code?: unknown } } | undefined)?.cause;
  const outer = error instanceof Error ? error.message : String(error);
  if (typeof cause?.message !== 'string') return outer;
  const code = typeof cause.code === 'string' && !cause.message.includes(cause.code) ? ` (${cause.code})` : '';
  return `${cause.message}${code}${
    isCertificateError(error)
      ? ": the server's certificate is not trusted; for a private CA set NODE_EXTRA_CA_CERTS to its PEM file (the CLI: --ca-file)"
      : ''
  }`;
}

const isCertificateError = (error: unknown): boolean =>
  /CERT|SELF_SIGNED|UNABLE_TO_(GET|VERIFY)|ALTNAME/.test(
    String((error as { cause?: { code?: unknown } })?.cause?.code),
  );

/**
 * `pending`, or its signal's reason as soon as the signal aborts: a fetch that ignores its
 * signal (a stub, a polyfill) still ends at the attempt's timeout or the caller's abort.
 */
function untilAborted<T>(pending: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    if (signal.aborted) onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    // A late settlement after the abort is swallowed here: never an unhandled rejection.
    pending.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
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
  const problem = typeof value === 'string' ? tokenProblem(value) : 'is not a string';
  if (problem) throw new InvalidInputError('options.token', `the token function's token ${problem}`);
  return value as string;
}

/** Reads a body whole, up to `cap` bytes: its text, and its size in bytes. */
async function readBody(response: Response, cap: number, where: () => string): Promise<[string, number]> {
  const tooLarge = () =>
    new UnexpectedResponseError(
      `${where()}: the response body is larger than maxResponseBytes (${cap} bytes); raise it if the answer is legitimate`,
      response.status,
    );
  if (Number(response.headers.get('content-length')) > cap) throw tooLarge();
  const reader = response.body?.getReader();
  if (!reader) return ['', 0];
  const chunks: Uint8Array<ArrayBuffer>[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    // Decoded whole, so that no character is split between two chunks; a Blob joins them.
    if (done) {
      decoder ??= new TextDecoder();
      return [decoder.decode(chunks.length < 2 ? chunks[0] : await new Blob(chunks).arrayBuffer()), size];
    }
    size += value.byteLength;
    if (size > cap) {
      reader.cancel().catch(() => undefined);
      throw tooLarge();
    }
    chunks.push(value);
  }
}

/**
 * What openapi-fetch builds, instead of a Request, for a helper's call (its `Request`
 * option): the URL, method, headers and body, and the call's settings. A real Request
 * would cost a second AbortSignal and a copy of everything, for nothing.
 */
export class CallRequest {
  declare readonly url: string;
  declare readonly method: string;
  declare readonly headers: Headers;
  declare readonly body: BodyInit | null;
  declare readonly astra: CallSettings | undefined;
  constructor(url: string, init: RequestInit & { headers: Headers; astra?: CallSettings }) {
    this.url = url;
    this.method = init.method ?? 'GET';
    this.headers = init.headers;
    this.body = init.body ?? null;
    this.astra = init.astra;
  }
}

export function createTransport(options: ResolvedOptions, hooks: TransportHooks = {}) {
  const wait = hooks.sleep ?? sleep;
  const random = hooks.random ?? Math.random;
  const { fetch: custom } = options;

  return async function transport(request: Request | CallRequest): Promise<Response> {
    const helper = request instanceof CallRequest;
    // A helper passes its call's settings; `astra.raw` cancels through the Request's signal.
    const call: CallSettings = (helper && request.astra) || { ...options, signal: (request as Request).signal };
    const caller = call.signal;
    // A path-only baseUrl (browsers only; resolveOptions checked) is on the page's origin.
    const url = request.url[0] === '/' ? pageOrigin() + request.url : request.url;
    const where = () => `${request.method} ${new URL(url).pathname}`;
    const idempotent = request.method === 'GET' || request.method === 'DELETE';
    // A POST is sent again only when the helper says it is safe, and only after a lost answer.
    const maxAttempts = idempotent ? call.maxRetries + 1 : call.retryPost ? 2 : 1;
    const deadline = Date.now() + call.totalTimeoutMs;
    // A Request's body can be read once: read it now, so that a retry can send it again.
    const body = helper || request.body === null ? request.body : await request.arrayBuffer();
    let lostAnswer = false;

    for (let attempt = 1; ; attempt++) {
      caller?.throwIfAborted();
      const limit = Math.min(call.timeoutMs, deadline - Date.now());
      // A string token needs no await: this runs on every attempt.
      const token = typeof options.token === 'string' ? options.token : await resolveToken(options.token, limit);
      request.headers.set('Authorization', `Bearer ${token}`);
      const controller = new AbortController();
      let timedOut = false;
      const onCallerAbort = () => controller.abort(caller?.reason);
      // Not unref'd: a fetch with no socket of its own (the simulator's `sim.fetch`, a test's
      // stub) leaves nothing else to keep a Node process alive until the answer or the timeout,
      // and the process would exit (code 13 at a top-level await) instead of throwing.
      const timer = setTimeout(() => {
        timedOut = true;
        controller.abort();
      }, limit);
      caller?.addEventListener('abort', onCallerAbort);
      // Aborted while a token function ran: its event has been and gone.
      if (caller?.aborted) onCallerAbort();
      const init: RequestInit = {
        method: request.method,
        headers: request.headers,
        body,
        signal: controller.signal,
        // Never followed: a redirect elsewhere would answer with another origin's data, and
        // a DELETE redirected away would look done while the backup still exists.
        redirect: 'manual',
      };
      let response: Response | undefined;
      let text: string | undefined;
      let size = 0;
      let delay = 0;
      let retry = false;
      let failed = '';
      const of = `(attempt ${attempt} of ${maxAttempts})`;
      const started = Date.now();
      try {
        // Each called as a plain function (a browser's fetch refuses another `this`); the
        // global one looked up now, so that MSW or a stub installed after creation is used.
        response = await untilAborted(custom ? custom(url, init) : fetch(url, init), controller.signal);
        const { status } = response;
        if (status >= 300 && status < 400) {
          response.body?.cancel().catch(() => undefined);
          // A hostile or careless server may put the token in it, in any form: never shown.
          const target = response.headers.get('location');
          throw new UnexpectedResponseError(
            `${where()} answered ${status}, a redirect${target ? ` to ${shownUrl(target, token)}` : ''}, which the SDK does not follow: point baseUrl at the API itself`,
            status,
          );
        }
        // The body is dropped only once the retry is certain (Retry-After: 0 is a retry at
        // once); an answer that is not retried keeps it, for its problem's fields.
        if (idempotent && RETRY_STATUSES.has(status) && attempt < maxAttempts) {
          delay = retryAfterMs(response.headers.get('retry-after')) ?? backoffMs(attempt - 1, random);
          retry = Date.now() + delay < deadline;
        }
        if (retry) response.body?.cancel().catch(() => undefined);
        else [text, size] = await readBody(response, options.maxResponseBytes, where);
      } catch (error) {
        // A fetch that echoes the token must not put it in an error or a log line.
        failed = redact(timedOut ? 'no answer' : networkReason(error), token);
        if (caller?.aborted) throw caller.reason;
        if (error instanceof AstraError) throw error;
        lostAnswer = true;
        // The attempt's own limit, or what was left of the call's (totalTimeoutMs).
        const [ms, name] = limit < call.timeoutMs ? [call.totalTimeoutMs, 'totalTimeoutMs'] : [limit, 'timeoutMs'];
        const failure = timedOut
          ? new TimeoutError(`${where()} got no answer within ${name}, ${ms} ms ${of}`, ms)
          : new ConnectionError(`${where()} failed: ${failed} ${of}`, { cause: error });
        delay = backoffMs(attempt - 1, random);
        // A certificate that is not trusted will not be trusted on the next attempt either.
        retry = attempt < maxAttempts && !isCertificateError(error) && Date.now() + delay < deadline;
        if (!retry) throw failure;
      } finally {
        clearTimeout(timer);
        caller?.removeEventListener('abort', onCallerAbort);
        // debug: every attempt; info: a retry; warn: an error answer; error: no answer.
        const level = retry ? 3 : !response ? 1 : response.status < 300 && text !== undefined ? 4 : 2;
        if (level <= options.logLevel)
          options.logger[LOG_LEVELS[level] as 'debug'](
            `astra-app-backups: ${where()} ${of}: ${response?.status ?? failed} in ${Date.now() - started} ms${retry ? `, retry in ${delay} ms` : ''}`,
          );
      }
      if (text === undefined || !response) {
        await wait(delay, caller);
        continue;
      }
      if (response.status >= 400)
        throw problemErrorFrom(response, text, { method: request.method, url }, token, lostAnswer);
      return new (answeredClass())(text, response, lostAnswer, where, size);
    }
  };
}
