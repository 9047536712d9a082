// The client's options: defaults in one place, validated once at construction.
import { InvalidInputError } from './errors.js';
import { checkId, checkInteger, describe, tokenProblem } from './validate.js';

/** The bearer token, or a function called before every attempt (for rotating tokens). */
export type TokenSource = string | (() => string | Promise<string>);

/** Options of {@link createAstraClient}. */
export interface AstraClientOptions {
  /** The Astra account ID; required. */
  accountId: string;
  /** The API token, or a function returning it (called before each attempt). Required; never logged. */
  token: TokenSource;
  /** Default `"https://astra.netapp.io"` (Astra Control Service); your Astra Control Center's URL otherwise. */
  baseUrl?: string;
  /**
   * A fetch implementation; default the global `fetch`. It is called as
   * `fetch(request, init)`: pass `init` on (its `signal` carries the per-attempt
   * timeout and the caller's cancellation).
   */
  fetch?: (request: Request, init?: RequestInit) => Promise<Response>;
  /** Per-attempt timeout in ms; default 60 000. */
  timeoutMs?: number;
  /** Retries of a GET or DELETE after a network error, 408, 429 or 5xx; default 2 (0 to 10). */
  maxRetries?: number;
  /** Extra headers sent on every request (not `Authorization`: use `token`). */
  headers?: Record<string, string>;
}

/** The defaults of {@link AstraClientOptions}. */
export const DEFAULTS = Object.freeze({
  baseUrl: 'https://astra.netapp.io',
  timeoutMs: 60_000,
  maxRetries: 2,
});

export interface ResolvedOptions {
  accountId: string;
  token: TokenSource;
  baseUrl: string;
  fetch: (request: Request, init?: RequestInit) => Promise<Response>;
  timeoutMs: number;
  maxRetries: number;
  headers: Readonly<Record<string, string>>;
}

/** Validates the options and fills in the defaults; throws InvalidInputError naming the bad option. */
export function resolveOptions(options: AstraClientOptions): ResolvedOptions {
  if (typeof options !== 'object' || options === null) {
    throw new InvalidInputError(
      'options',
      `must be an object with at least accountId and token, got ${describe(options)}`,
    );
  }
  const accountId = checkId('options.accountId', options.accountId);
  const { token } = options;
  if (typeof token === 'string' && token.trim().length > 0) {
    const problem = tokenProblem(token);
    if (problem) throw new InvalidInputError('options.token', problem);
  }
  if (!(typeof token === 'function' || (typeof token === 'string' && token.trim().length > 0))) {
    // Say what kind of value it was, never the value: it may be a secret.
    throw new InvalidInputError(
      'options.token',
      `must be a non-empty string or a function returning one, got ${typeof token === 'string' ? 'an empty string' : typeof token}`,
    );
  }
  const baseUrl = (options.baseUrl ?? DEFAULTS.baseUrl).replace(/\/+$/, '');
  let parsed: URL;
  try {
    parsed = new URL(baseUrl);
  } catch {
    throw new InvalidInputError(
      'options.baseUrl',
      `must be an absolute http(s) URL like "https://astra.netapp.io", got ${describe(options.baseUrl)}`,
    );
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
    throw new InvalidInputError('options.baseUrl', `must use http or https, got ${JSON.stringify(parsed.protocol)}`);
  }
  if (parsed.username || parsed.password || parsed.search || parsed.hash) {
    throw new InvalidInputError('options.baseUrl', 'must not carry credentials, a query or a fragment');
  }
  const fetchImpl = options.fetch ?? globalThis.fetch;
  if (typeof fetchImpl !== 'function') {
    throw new InvalidInputError(
      'options.fetch',
      `must be a fetch function, got ${describe(options.fetch)} (and no global fetch exists)`,
    );
  }
  const timeoutMs = checkInteger('options.timeoutMs', options.timeoutMs ?? DEFAULTS.timeoutMs, 1, 2_147_483_647);
  const maxRetries = checkInteger('options.maxRetries', options.maxRetries ?? DEFAULTS.maxRetries, 0, 10);
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(options.headers ?? {})) {
    if (typeof value !== 'string')
      throw new InvalidInputError(`options.headers.${name}`, `must be a string, got ${describe(value)}`);
    if (name.toLowerCase() === 'authorization')
      throw new InvalidInputError('options.headers.authorization', 'is set from options.token; pass the token there');
    headers[name] = value;
  }
  return Object.freeze({
    accountId,
    token,
    baseUrl,
    fetch: fetchImpl,
    timeoutMs,
    maxRetries,
    headers: Object.freeze(headers),
  });
}
