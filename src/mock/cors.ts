// CORS for every server in front of the simulator (the repository's `npm start` and the
// packaged server): a browser app on any origin may call it with any request header it
// likes (tracing headers such as `traceparent` and `X-Request-Id` included), and read
// every response header. No credentials: a bearer token needs none, and `*` is refused
// with them.

/** The methods a preflight is told the simulator takes. */
export const CORS_METHODS = 'GET, HEAD, POST, DELETE, OPTIONS';

/**
 * The headers of the answer to a preflight (`OPTIONS` with `Access-Control-Request-Method`).
 * `requestedHeaders` is the preflight's `Access-Control-Request-Headers`, allowed as asked:
 * `*` does not cover `Authorization`, so the names are echoed.
 */
export function preflightHeaders(requestedHeaders: string | null | undefined): Record<string, string> {
  const headers: Record<string, string> = {
    'access-control-allow-origin': '*',
    'access-control-allow-methods': CORS_METHODS,
    'access-control-max-age': '600',
    vary: 'Access-Control-Request-Headers',
  };
  const asked = (requestedHeaders ?? '')
    .split(',')
    .map((name) => name.trim())
    .filter((name) => /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name));
  if (asked.length) headers['access-control-allow-headers'] = asked.join(', ');
  return headers;
}

/** The last answers' `Access-Control-Expose-Headers`, by their header names: answers repeat a few sets of names. */
const exposedBy = new Map<string, string>();
const EXPOSED_KEPT = 64;

/** The CORS headers of an ordinary answer whose headers are named `responseHeaderNames`. */
export function corsHeaders(responseHeaderNames: Iterable<string>): Record<string, string> {
  const names = [...responseHeaderNames];
  const key = names.join('\n');
  let exposed = exposedBy.get(key);
  if (exposed === undefined) {
    const named = [...new Set(names.map((name) => name.toLowerCase()))].filter(
      (name) => !name.startsWith('access-control-'),
    );
    // `*` exposes every header to browsers that know the wildcard (it holds without
    // credentials); the names themselves serve those that do not.
    exposed = ['*', ...named].join(', ');
    if (exposedBy.size >= EXPOSED_KEPT) exposedBy.clear();
    exposedBy.set(key, exposed);
  }
  return { 'access-control-allow-origin': '*', 'access-control-expose-headers': exposed };
}

/** True for a CORS preflight (an `OPTIONS` that names the method it asks for). */
export function isPreflight(method: string, requestMethodHeader: string | null | undefined): boolean {
  return method.toUpperCase() === 'OPTIONS' && typeof requestMethodHeader === 'string' && requestMethodHeader !== '';
}
