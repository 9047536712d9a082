// The simulator core over HTTP: a thin node:http adapter (an IncomingMessage becomes a
// Fetch Request, the core's Response is written back). In `npm start` it listens on
// 127.0.0.1 as the upstream Prism proxies to; the front also hands it, in-process, the
// requests a proxy cannot carry (protocol answers, bodies Prism mishandles).
import { createServer } from 'node:http';
import { allowedMethods, createAstraSimulator, MAX_BODY_BYTES } from './core.mjs';

const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'transfer-encoding',
  'upgrade',
  'proxy-connection',
  'te',
  'trailer',
  'content-length',
  'host',
]);

/**
 * A Fetch Request for a node:http request whose body was read (`body`, bytes, or
 * undefined). Its origin is the address the client used (the front passes the Host it
 * checked as X-Forwarded-Host), so that `Location` points where the client can follow it.
 */
export function toFetchRequest(incoming, body) {
  const method = incoming.method ?? 'GET';
  const forwarded = incoming.headers['x-forwarded-host'];
  const host = (typeof forwarded === 'string' && forwarded) || incoming.headers.host || '127.0.0.1';
  let url;
  try {
    url = new URL(incoming.url ?? '/', `http://${host}`);
    if (url.host !== host.toLowerCase()) throw new Error('Host is no host');
  } catch {
    url = new URL(incoming.url ?? '/', 'http://127.0.0.1');
  }
  const headers = new Headers();
  for (const [name, value] of Object.entries(incoming.headers)) {
    if (HOP_BY_HOP.has(name) || name === 'x-forwarded-host' || value === undefined) continue;
    try {
      for (const one of Array.isArray(value) ? value : [value]) headers.append(name, one);
    } catch {
      // A header value Fetch refuses is left out; node:http already checked its syntax.
    }
  }
  const hasBody = body !== undefined && body.length > 0 && method !== 'GET' && method !== 'HEAD';
  return new Request(url, { method, headers, ...(hasBody ? { body } : {}) });
}

/** Writes a Fetch Response to a node:http response; `extraHeaders` (CORS) on top. */
export async function writeFetchResponse(outgoing, response, extraHeaders = () => ({})) {
  const body = Buffer.from(await response.arrayBuffer());
  if (outgoing.headersSent || outgoing.destroyed) return;
  const headers = Object.fromEntries(response.headers);
  outgoing.writeHead(response.status, {
    ...headers,
    ...extraHeaders(Object.keys(headers)),
    ...(body.length ? { 'content-length': body.length } : {}),
  });
  outgoing.end(body.length ? body : undefined);
}

/**
 * Reads a request body up to `limit` bytes (one more, when larger, so that the core
 * says it is too large); resolves with a Buffer, or undefined if the client went away.
 */
export function readBody(incoming, limit = MAX_BODY_BYTES) {
  return new Promise((resolve) => {
    const chunks = [];
    let size = 0;
    incoming.on('data', (chunk) => {
      if (size > limit) return;
      size += chunk.length;
      chunks.push(chunk);
    });
    incoming.on('error', () => resolve(undefined));
    incoming.on('end', () => resolve(Buffer.concat(chunks).subarray(0, limit + 1)));
  });
}

/**
 * Starts the simulator's HTTP server on 127.0.0.1; resolves with { url, simulator, close }.
 * `simulator` is a core made with createAstraSimulator (one is made from `backupMs`, `now`
 * and `onViolation` when none is given). `breakField`: tests break every object answer
 * on purpose after the core, to show that Prism catches what the core did not make.
 */
export function startSimulatorServer({ simulator, backupMs, breakField, now, onViolation } = {}) {
  const core =
    simulator ??
    createAstraSimulator({
      ...(backupMs ? { backupMs } : {}),
      ...(now ? { now } : {}),
      ...(onViolation ? { onViolation } : {}),
    });
  const server = createServer(async (incoming, outgoing) => {
    const body = await readBody(incoming);
    if (body === undefined) return outgoing.destroy();
    let response;
    try {
      // Behind the front, which applied control (latency, faults, the journal) already.
      response = await (core.handleUncontrolled ?? core.handle)(toFetchRequest(incoming, body));
    } catch {
      // A method Fetch cannot carry (TRACE, CONNECT): no operation has it.
      const allow = (allowedMethods((incoming.url ?? '/').split('?')[0]) ?? ['OPTIONS']).join(', ');
      response = new Response(
        JSON.stringify({
          type: 'https://astra.netapp.io/problems/11',
          title: 'Operation not permitted',
          status: '405',
        }),
        { status: 405, headers: { 'content-type': 'application/problem+json', allow } },
      );
    }
    if (breakField && response.headers.get('content-type')?.includes('json')) {
      const answer = await response.json();
      if (answer && typeof answer === 'object' && !Array.isArray(answer)) answer[breakField] = { broken: true };
      response = new Response(JSON.stringify(answer), { status: response.status, headers: response.headers });
    }
    await writeFetchResponse(outgoing, response).catch(() => outgoing.destroy());
  });
  server.keepAliveTimeout = 30_000;
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      resolve({
        url: `http://127.0.0.1:${server.address().port}`,
        simulator: core,
        close: () =>
          new Promise((done) => {
            server.closeAllConnections();
            server.close(() => done());
          }),
      });
    });
  });
}
