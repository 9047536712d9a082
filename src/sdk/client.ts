// createAstraClient: validates the options once, and builds the openapi-fetch
// client over the transport (auth, retries, timeouts, body reading and typed errors).
import createClient, { type Client } from 'openapi-fetch';
import type { paths } from '../../generated/openapi.js';
import { type AstraClientOptions, resolveOptions } from './options.js';
import { AppBackups } from './resources/app-backups.js';
import { createTransport, type TransportHooks } from './transport.js';
import { type Clock, realClock } from './wait.js';

/** The client: `appBackups` for the helpers, `raw` for any call they do not cover. */
export interface AstraClient {
  /** List, get, create, delete and wait for application backups. */
  readonly appBackups: AppBackups;
  /**
   * The openapi-fetch client typed by the spec, over the same transport: auth,
   * retries, timeouts, the body cap, and a ProblemError subclass thrown for any
   * non-2xx answer (so `error` is never set). You pass `account_id` yourself; a
   * `signal` in a call's options cancels it. Middleware added with `raw.use()` runs on
   * raw calls only; the helpers have a client of their own.
   */
  readonly raw: Client<paths>;
  /** The account every helper call is made in. */
  readonly accountId: string;
}

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
  const transport = createTransport(resolved, hooks);
  const client = () =>
    createClient<paths>({
      baseUrl: resolved.baseUrl,
      fetch: transport,
      headers: resolved.headers,
      querySerializer: { array: { style: 'form', explode: false } },
    });
  // The helpers have an openapi-fetch client of their own: middleware a caller adds to
  // `raw` sees only raw calls, with the Requests it expects.
  const raw = client();
  return Object.freeze({
    appBackups: new AppBackups(client(), resolved.accountId, resolved, hooks.clock ?? realClock),
    raw,
    accountId: resolved.accountId,
  });
}
