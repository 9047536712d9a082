// createAstraClient: validates the options once, and builds the openapi-fetch
// client (auth, retries and timeouts in its fetch; typed errors in a middleware).
import createClient, { type Client, type Middleware } from 'openapi-fetch';
import type { paths } from '../generated/openapi.js';
import { problemErrorFrom } from './errors.js';
import { type AstraClientOptions, resolveOptions } from './options.js';
import { AppBackups } from './resources/app-backups.js';
import { createTransport, settle, type TransportHooks, tokenOf } from './transport.js';
import { type Clock, realClock } from './wait.js';

/** The client: `appBackups` for the helpers, `raw` for any call they do not cover. */
export interface AstraClient {
  /** List, get, create, delete and wait for application backups. */
  readonly appBackups: AppBackups;
  /**
   * The openapi-fetch client typed by the spec, with the same auth, retries and
   * timeouts. Unlike plain openapi-fetch it throws a ProblemError subclass for any
   * non-2xx answer, so `error` is never set; you pass `account_id` yourself.
   */
  readonly raw: Client<paths>;
  /** The account every helper call is made in. */
  readonly accountId: string;
}

const errorMiddleware: Middleware = {
  async onResponse({ request, response }) {
    if (response.ok) return undefined;
    const error = await problemErrorFrom(response, { method: request.method, url: request.url }, tokenOf(request));
    settle(response);
    throw error;
  },
};

/**
 * Creates a client for one Astra account.
 * @throws InvalidInputError naming the option that is wrong (e.g. `options.timeoutMs`).
 */
export function createAstraClient(options: AstraClientOptions): AstraClient;
/** @internal With test and benchmark hooks (a simulated clock, no jitter). */
export function createAstraClient(options: AstraClientOptions, hooks: TransportHooks & { clock?: Clock }): AstraClient;
export function createAstraClient(
  options: AstraClientOptions,
  hooks: TransportHooks & { clock?: Clock } = {},
): AstraClient {
  const resolved = resolveOptions(options);
  const raw = createClient<paths>({
    baseUrl: resolved.baseUrl,
    fetch: createTransport(resolved, hooks),
    headers: resolved.headers,
    querySerializer: { array: { style: 'form', explode: false } },
  });
  raw.use(errorMiddleware);
  return Object.freeze({
    appBackups: new AppBackups(raw, resolved.accountId, hooks.clock ?? realClock),
    raw,
    accountId: resolved.accountId,
  });
}
