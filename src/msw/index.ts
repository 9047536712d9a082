// `astra-app-backups/msw`: the simulator as MSW request handlers, for `setupServer` (Node:
// vitest, jest) and `setupWorker` (the browser: Storybook, a dev server). MSW is an optional
// peer dependency (2.x on Node 20, 3.x on Node 22.12+): only this entry imports it.
import { type HttpHandler, http } from 'msw';
import type { AstraSimulator, AstraSimulatorCore } from '../mock/index.js';

/** Options of {@link astraHandlers}. */
export interface AstraHandlersOptions {
  /**
   * Where the app's client sends its requests: the SDK's `baseUrl`. An absolute http(s) URL,
   * or, in a browser, a path on the page's own origin (`/astra`, behind a dev-server proxy).
   * Every request under it is answered by the simulator (an unknown path with Astra's 404
   * problem); others are left to other handlers.
   * @default 'https://astra.netapp.io'
   * @example 'http://127.0.0.1:4010'
   */
  baseUrl?: string;
}

const DEFAULT_BASE_URL = 'https://astra.netapp.io';

/** The base without a trailing slash; a clear error naming the option when it is no URL or path. */
function normalise(baseUrl: string): string {
  const trimmed = baseUrl.replace(/\/+$/, '');
  if (trimmed.startsWith('/') && !trimmed.startsWith('//')) return trimmed;
  let url: URL | undefined;
  try {
    url = new URL(baseUrl);
  } catch {}
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:') || url.search || url.hash)
    throw new TypeError(
      `astraHandlers: options.baseUrl must be an http(s) URL (like 'http://127.0.0.1:4010') or a path starting with '/', without query or fragment; got ${JSON.stringify(baseUrl)}`,
    );
  return trimmed;
}

/** The path of `base` (`/astra` for `/astra` or `https://x.test/astra`): the simulator serves below it. */
function prefixOf(base: string): string {
  return base.startsWith('/') ? base : new URL(base).pathname.replace(/\/+$/, '');
}

/**
 * The simulator's request handlers for MSW: every request under `baseUrl` goes to
 * `simulator.handle`, which answers as Astra would (and checks its answer against the spec).
 * `simulator` is what `createAstraSimulator()` returns (an {@link AstraSimulator}); only its
 * `handle` is used, so a test's stand-in with just `handle`, `fetch` and `reset` is taken too.
 *
 * @example
 * const simulator = createAstraSimulator({ backupMs: 200 });
 * const server = setupServer(...astraHandlers(simulator, { baseUrl: 'http://astra.test' }));
 */
export function astraHandlers(
  simulator: AstraSimulator | AstraSimulatorCore,
  options: AstraHandlersOptions = {},
): HttpHandler[] {
  if (typeof simulator?.handle !== 'function')
    throw new TypeError(
      'astraHandlers: the first argument must be a simulator: createAstraSimulator() from astra-app-backups/mock',
    );
  const base = normalise(options.baseUrl ?? DEFAULT_BASE_URL);
  const prefix = prefixOf(base);
  return [
    http.all(`${base}/*`, async ({ request }) => {
      if (!prefix) return simulator.handle(request);
      // The simulator serves Astra's paths from the root: the prefix comes off on the way in,
      // and goes back on a Location on the way out.
      const url = new URL(request.url);
      url.pathname = url.pathname.slice(prefix.length);
      const body = request.method === 'GET' || request.method === 'HEAD' ? null : await request.arrayBuffer();
      const answer = await simulator.handle(
        new Request(url, { method: request.method, headers: request.headers, body, signal: request.signal }),
      );
      const location = answer.headers.get('location');
      if (!location?.startsWith(`${url.origin}/`)) return answer;
      const headers = new Headers(answer.headers);
      headers.set('location', `${url.origin}${prefix}${location.slice(url.origin.length)}`);
      return new Response(answer.body, { status: answer.status, statusText: answer.statusText, headers });
    }),
  ];
}
