// The client's options and each call's options: defaults in one place, and one
// validation for both, run once at construction and on each call that passes some.
import { InvalidInputError } from './errors.js';
import { checkId, checkInteger, describe, isObject, tokenProblem } from './validate.js';

/** The bearer token, or a function called before every attempt (for rotating tokens). */
export type TokenSource = string | (() => string | Promise<string>);

/** Options of one call, the last argument of every method (as openai-node's `RequestOptions`). */
export interface RequestOptions {
  /** Cancels the call at once: it rejects with the signal's reason. */
  signal?: AbortSignal;
  /** Limit of each attempt in ms, headers and body both. Default 60 000. */
  timeoutMs?: number;
  /** Limit of the whole call in ms, retries and their waits included. Default 120 000. */
  totalTimeoutMs?: number;
  /** Retries of a GET or DELETE (and of a named create whose answer was lost; see the docs site's guide "Errors, retries, timeouts and cancellation"). Default 2 (0 to 10). */
  maxRetries?: number;
  /** Extra headers (not `Authorization`: use `token`). */
  headers?: Record<string, string>;
}

/** Options of {@link createAstraClient}: the defaults of every call, and the connection. */
export interface AstraClientOptions extends Omit<RequestOptions, 'signal'> {
  /** The Astra account ID; required. */
  accountId: string;
  /** The API token, or a function returning it (called before each attempt). Required; never logged. */
  token: TokenSource;
  /**
   * Your Astra Control Center's URL; Astra Control Service when absent. In a browser it may
   * be a path (`"/astra"`, a same-origin proxy), resolved against the page's origin.
   * @default "https://astra.netapp.io"
   */
  baseUrl?: string;
  /**
   * A fetch implementation; the global `fetch` when absent, as it is at each call (so MSW
   * or a test's stub installed after the client was made is used). It is called as
   * `fetch(url, init)`: pass `init` on (its `signal` carries the attempt's timeout
   * and the caller's cancellation, its `headers` the token).
   */
  fetch?: (url: string, init: RequestInit) => Promise<Response>;
  /** The largest response body read, in bytes; a larger one is an UnexpectedResponseError. Default 32 MiB. */
  maxResponseBytes?: number;
  /**
   * What to log, one line per attempt (method, path, attempt, status or failure, time and
   * retry decision; never the token): `debug` every attempt, `info` retries, `warn` error
   * answers, `error` calls that got no answer. In Node and Bun, `ASTRA_LOG` sets it when this is absent (never read in Deno, where it would need --allow-env).
   * @default "off"
   */
  logLevel?: LogLevel;
  /** Where log lines go. @default console */
  logger?: Logger;
}

/** The levels of `logLevel`, quietest first (as openai-node's). */
export type LogLevel = 'off' | 'error' | 'warn' | 'info' | 'debug';
export const LOG_LEVELS: readonly LogLevel[] = ['off', 'error', 'warn', 'info', 'debug'];

/** A logger, such as `console` or pino's: one method per level. */
export type Logger = Record<Exclude<LogLevel, 'off'>, (message: string) => void>;

/** The defaults of {@link AstraClientOptions}. */
export const DEFAULTS = Object.freeze({
  baseUrl: 'https://astra.netapp.io',
  timeoutMs: 60_000,
  totalTimeoutMs: 120_000,
  maxRetries: 2,
  maxResponseBytes: 32 * 1024 * 1024,
});

/** What the transport needs for one call. */
export interface CallSettings {
  timeoutMs: number;
  totalTimeoutMs: number;
  maxRetries: number;
  signal?: AbortSignal | undefined;
  /** A POST that may be sent again once when its answer is lost (create with a name). */
  retryPost?: boolean;
}

export interface ResolvedOptions extends CallSettings {
  accountId: string;
  token: TokenSource;
  baseUrl: string;
  fetch: ((url: string, init: RequestInit) => Promise<Response>) | undefined;
  maxResponseBytes: number;
  headers: Readonly<Record<string, string>>;
  /** The index of the log level in LOG_LEVELS: 0 logs nothing. */
  logLevel: number;
  logger: Logger;
}

const MAX_MS = 2_147_483_647; // setTimeout's limit

function checkHeaders(input: string, headers: unknown): Record<string, string> {
  if (!isObject(headers)) throw new InvalidInputError(input, `must be an object of strings, got ${describe(headers)}`);
  for (const [name, value] of Object.entries(headers)) {
    if (typeof value !== 'string')
      throw new InvalidInputError(`${input}.${name}`, `must be a string, got ${describe(value)}`);
    if (name.toLowerCase() === 'authorization')
      throw new InvalidInputError(`${input}.${name}`, 'is set from options.token; pass the token there');
  }
  return headers as Record<string, string>;
}

/**
 * Validates the per-call options shared by the client and every call, over `base`;
 * `base` itself when there are none. Throws InvalidInputError naming the option.
 */
export function callSettings<T extends CallSettings>(
  base: T,
  options: RequestOptions | undefined,
  input = 'options',
): T {
  if (options === undefined) return base;
  if (!isObject(options)) throw new InvalidInputError(input, `must be an object, got ${describe(options)}`);
  const { signal, timeoutMs, totalTimeoutMs, maxRetries, headers } = options;
  if (signal === undefined && timeoutMs === undefined && totalTimeoutMs === undefined && maxRetries === undefined) {
    if (headers !== undefined) checkHeaders(`${input}.headers`, headers);
    return base;
  }
  const out = { ...base };
  if (timeoutMs !== undefined) out.timeoutMs = checkInteger(`${input}.timeoutMs`, timeoutMs, 1, MAX_MS);
  if (totalTimeoutMs !== undefined)
    out.totalTimeoutMs = checkInteger(`${input}.totalTimeoutMs`, totalTimeoutMs, 1, MAX_MS);
  if (maxRetries !== undefined) out.maxRetries = checkInteger(`${input}.maxRetries`, maxRetries, 0, 10);
  if (headers !== undefined) checkHeaders(`${input}.headers`, headers);
  if (signal !== undefined) {
    const { addEventListener, aborted } = Object(signal) as Partial<AbortSignal>;
    if (typeof addEventListener !== 'function' || typeof aborted !== 'boolean')
      throw new InvalidInputError(`${input}.signal`, `must be an AbortSignal, got ${describe(signal)}`);
    out.signal = signal as AbortSignal;
  }
  return out;
}

/** The origin of the web page this runs in (`location.origin`, when http or https); undefined elsewhere. */
export function pageOrigin(): string | undefined {
  const origin = (globalThis as { location?: { origin?: unknown } }).location?.origin;
  return typeof origin === 'string' && /^https?:/.test(origin) ? origin : undefined;
}

/** Validates the options and fills in the defaults; throws InvalidInputError naming the bad option. */
/**
 * `ASTRA_LOG` where a process has one (Node, Bun). Not in Deno: there reading the
 * environment throws without --allow-env, or prompts the user at a terminal, for a
 * permission the app never needed. Read through globalThis, not by name, so that bundlers
 * that replace `process.env.X` leave it alone.
 */
function envLogLevel(): string | undefined {
  const g = globalThis as { Deno?: unknown; process?: { env?: Record<string, string> } };
  if (g.Deno) return undefined;
  try {
    return g.process?.env?.ASTRA_LOG;
  } catch {
    return undefined;
  }
}

export function resolveOptions(options: AstraClientOptions): ResolvedOptions {
  if (!isObject(options))
    throw new InvalidInputError('options', `must be an object with accountId and token, got ${describe(options)}`);
  const accountId = checkId('options.accountId', options.accountId);
  const { token } = options;
  // Say what kind of value it was, never the value: it may be a secret.
  if (typeof token === 'string') {
    const problem = tokenProblem(token);
    if (problem) throw new InvalidInputError('options.token', problem);
  } else if (typeof token !== 'function') {
    throw new InvalidInputError('options.token', `must be a string or a function returning one, got ${typeof token}`);
  }
  const { baseUrl: given = DEFAULTS.baseUrl, fetch } = options;
  // A path ("/astra", a same-origin dev proxy) is resolved against the page's origin at call time.
  const path = /^\/(?!\/)/.test(given);
  let url: URL | undefined;
  try {
    url = new URL(given, path ? 'http://h' : undefined);
  } catch {}
  if (
    !url ||
    typeof given !== 'string' ||
    (path && !pageOrigin()) ||
    !/^https?:$/.test(url.protocol) ||
    url.username ||
    url.password ||
    url.search ||
    url.hash
  )
    throw new InvalidInputError(
      'options.baseUrl',
      `must be an absolute http(s) URL without credentials, query or fragment, like "https://astra.netapp.io" (a path is resolved against the origin of a web page, so only in a browser), got ${describe(given)}`,
    );
  // No fetch option: the global fetch of each call (MSW or a test may replace it after this).
  if (typeof (fetch ?? globalThis.fetch) !== 'function')
    throw new InvalidInputError('options.fetch', `must be a fetch function, got ${describe(fetch)}`);
  const level = options.logLevel ?? envLogLevel();
  const logLevel = (LOG_LEVELS as readonly unknown[]).indexOf(level ?? 'off');
  if (logLevel < 0)
    throw new InvalidInputError(
      options.logLevel === undefined ? 'ASTRA_LOG' : 'options.logLevel',
      `must be one of ${LOG_LEVELS.join(', ')}, got ${describe(level)}`,
    );
  const { signal, ...defaults } = options as RequestOptions;
  if (signal !== undefined) throw new InvalidInputError('options.signal', 'is per call: pass it to each method');
  return Object.freeze(
    callSettings(
      {
        ...DEFAULTS,
        accountId,
        token,
        baseUrl: given.replace(/\/+$/, ''),
        fetch,
        maxResponseBytes: checkInteger(
          'options.maxResponseBytes',
          options.maxResponseBytes ?? DEFAULTS.maxResponseBytes,
          1,
          Number.MAX_SAFE_INTEGER,
        ),
        headers: Object.freeze({ ...checkHeaders('options.headers', options.headers ?? {}) }),
        logLevel,
        logger: options.logger ?? console,
      },
      defaults,
    ),
  );
}
