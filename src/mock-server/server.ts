// The simulator over HTTP, for `astra-backups mock`: Node's http server in front of the
// runtime-neutral core. The core decides every answer (and checks it against the spec);
// this file does only what needs a socket: the Host check (a page must not drive the mock
// through DNS rebinding), a bounded body read, CORS, and a clean close; and, for the
// control endpoints (/__astra/…), the peer's address, a dropped connection and a stall.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  type AstraSimulator,
  allowedMethods,
  CONTROL_TOKEN_HEADER,
  type ControlledSimulator,
  corsHeaders,
  createAstraSimulator,
  handleControl,
  isControlPath,
  isPreflight,
  MAX_BODY_BYTES,
  preflightHeaders,
} from '../mock/index.js';
import { PROBLEM_CODES } from '../sdk/problem-codes.js';
import { allowedHostNames, hostNameOf, isLoopback } from './host.js';

/** Options of {@link startMockServer}. */
export interface MockServerOptions {
  /** The port to listen on; 0 picks a free one. @default 4010 */
  port?: number;
  /** The address to listen on. Anything but loopback serves the mock beyond this machine. @default '127.0.0.1' */
  host?: string;
  /** How long a created backup takes from pending to completed, in milliseconds. @default 20_000 */
  backupMs?: number;
  /** More names a request's `Host` may carry (the mock's own names and addresses always may). @default [] */
  allowedHosts?: readonly string[];
  /** The largest request body read; a larger one is refused with problem 7. @default 1_048_576 (the core's MAX_BODY_BYTES) */
  maxBodyBytes?: number;
  /** Gets one line per request: method, path, status and time. @default nothing is logged */
  log?: (line: string) => void;
  /** Gets each answer that broke the spec (the client gets a 500 problem instead). @default console.error */
  alarm?: (line: string) => void;
  /** The simulator to serve (tests give one); `backupMs`, `seed` and `alarm` then do not apply. @default a new one */
  simulator?: AstraSimulator | ControlledSimulator;
  /** Fixes ids, correlation ids and the clock (frozen at its seeded start): see the simulator's `seed`. @default none */
  seed?: string;
  /**
   * The control token: a request to /__astra/… carrying it in `X-Astra-Control-Token` is taken from
   * anywhere, `Origin` or not; without it, only loopback peers with no `Origin` are. @default none
   */
  controlToken?: string;
}

/** A running mock server. */
export interface MockServer {
  /** Its base URL, e.g. `http://127.0.0.1:4010`: the SDK's `baseUrl`. */
  url: string;
  port: number;
  simulator: AstraSimulator | ControlledSimulator;
  /** Stops listening and ends every connection. */
  close(): Promise<void>;
}

const DEFAULTS = Object.freeze({ port: 4010, host: '127.0.0.1', backupMs: 20_000, maxBodyBytes: MAX_BODY_BYTES });
// Node's request line carries these; a Fetch Request must not (or cannot) repeat them.
const SKIPPED = new Set(['host', 'connection', 'keep-alive', 'transfer-encoding', 'upgrade', 'content-length']);
// Methods a Fetch Request cannot carry (undici throws): no operation has them, so 405 here.
const UNFETCHABLE = new Set(['CONNECT', 'TRACE', 'TRACK']);
const AUTHORITY = /^(?:[a-z0-9.-]+|\[[0-9a-f:.]+\])(?::\d{1,5})?$/i;

/** A problem answer the server gives before the simulator is asked, titled as the spec titles it. */
function problem(status: number, code: 7 | 11 | 96, detail: string, headers: Record<string, string> = {}): Response {
  return Response.json(
    {
      type: `https://astra.netapp.io/problems/${code}`,
      title: PROBLEM_CODES[code],
      detail,
      status: String(status),
      correlationID: crypto.randomUUID(),
    },
    { status, headers: { 'content-type': 'application/problem+json', ...headers } },
  );
}

/** Reads the body up to `max` bytes; null when it is larger. */
function readBody(incoming: IncomingMessage, max: number): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    incoming.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > max) {
        // Stop buffering; the rest is drained so that the answer can be sent.
        incoming.removeAllListeners('data');
        incoming.resume();
        resolve(null);
      } else chunks.push(chunk);
    });
    incoming.on('end', () => resolve(Buffer.concat(chunks)));
    incoming.on('error', reject);
  });
}

/** Writes `response` with the CORS headers every answer carries (a preflight's are its own). */
async function write(outgoing: ServerResponse, response: Response, close = false, cors = true): Promise<void> {
  const body =
    response.status === 204 || response.status === 304 ? undefined : Buffer.from(await response.arrayBuffer());
  const headers: Record<string, string> = {};
  response.headers.forEach((value, name) => {
    headers[name] = value;
  });
  if (body) headers['content-length'] = String(body.length);
  if (close) headers.connection = 'close';
  outgoing.writeHead(response.status, cors ? { ...headers, ...corsHeaders(Object.keys(headers)) } : headers);
  outgoing.end(body);
}

/** True for a simulator made by createAstraSimulator (a test's stand-in may have no control). */
const hasControl = (simulator: AstraSimulator): simulator is ControlledSimulator =>
  typeof (simulator as Partial<ControlledSimulator>).admit === 'function';

/** Starts the simulator on a port; resolves once it listens. */
export function startMockServer(options: MockServerOptions = {}): Promise<MockServer> {
  const port = options.port ?? DEFAULTS.port;
  const host = options.host ?? DEFAULTS.host;
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULTS.maxBodyBytes;
  const alarm = options.alarm ?? ((line: string) => console.error(line));
  const log = options.log;
  const simulator =
    options.simulator ??
    createAstraSimulator({
      backupMs: options.backupMs ?? DEFAULTS.backupMs,
      ...(options.seed === undefined ? {} : { seed: options.seed }),
      onViolation: (v) =>
        alarm(
          `\u2716 SPEC VIOLATION: the answer to ${v.operationId} (status ${v.status}) broke the spec:\n  ${v.errors.join('\n  ')}`,
        ),
    });
  const hosts = allowedHostNames(host, options.allowedHosts ?? []);
  const shown = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;

  const server = createServer(async (incoming, outgoing) => {
    const started = performance.now();
    const method = incoming.method ?? 'GET';
    if (log)
      outgoing.on('finish', () =>
        log(`${method} ${incoming.url} -> ${outgoing.statusCode} (${Math.round(performance.now() - started)} ms)`),
      );
    const hostHeader = incoming.headers.host;
    try {
      if (hostHeader !== undefined && !hosts.has(hostNameOf(hostHeader)))
        return await write(
          outgoing,
          problem(
            403,
            11,
            `Host ${JSON.stringify(hostHeader)} is not this mock's address; a page cannot drive it by another name. Start it with --allowed-hosts NAME to allow that name.`,
          ),
          true,
        );
      const authority = hostHeader && AUTHORITY.test(hostHeader) ? hostHeader : `${shown}:${address().port}`;
      const url = `http://${authority}${incoming.url ?? '/'}`;
      if (UNFETCHABLE.has(method.toUpperCase())) {
        const allow = allowedMethods(new URL(url).pathname) ?? ['OPTIONS'];
        return await write(
          outgoing,
          problem(405, 11, `${method} is not a method of this path.`, { allow: allow.join(', ') }),
        );
      }
      const headers = new Headers();
      const raw = incoming.rawHeaders;
      for (let i = 0; i + 1 < raw.length; i += 2) {
        const name = (raw[i] ?? '').toLowerCase();
        if (!SKIPPED.has(name)) headers.append(name, raw[i + 1] ?? '');
      }
      if (isPreflight(method, headers.get('access-control-request-method'))) {
        outgoing.writeHead(204, preflightHeaders(headers.get('access-control-request-headers')));
        return void outgoing.end();
      }
      // A body on a GET is not read (NetApp's toolkit sends `{}`; Astra ignores it).
      const body = method === 'GET' || method === 'HEAD' ? undefined : await readBody(incoming, maxBodyBytes);
      if (body === null)
        return await write(outgoing, problem(400, 7, `The request body is over ${maxBodyBytes} bytes.`), true);
      // A stall lasts until the client goes away: the request's signal says when.
      const gone = new AbortController();
      outgoing.on('close', () => gone.abort());
      const request = new Request(url, {
        method,
        headers,
        body: body?.length ? (body as Uint8Array<ArrayBuffer>) : null,
        signal: gone.signal,
      });
      if (hasControl(simulator) && isControlPath(new URL(url).pathname)) {
        const answer = await handleControl(simulator, request, {
          loopback: isLoopback(incoming.socket.remoteAddress?.replace(/^::ffff:/, '') ?? ''),
          ...(options.controlToken === undefined ? {} : { controlToken: options.controlToken }),
          ...(log ? { log } : {}),
        });
        // Control answers carry CORS headers only for a request that brought the control token: a
        // page the developer gave it to (the docs' Try it Reset) may read what it did; no other may.
        return await write(outgoing, answer, false, request.headers.has(CONTROL_TOKEN_HEADER));
      }
      const answer = await simulator.handle(request);
      // A dropped connection (a fault rule), or a stall the client gave up on: no answer at all.
      if (answer.type === 'error') return void incoming.socket.destroy();
      await write(outgoing, answer);
    } catch (error) {
      // The simulator never throws; this is a socket gone or a header Node refused.
      if (!outgoing.headersSent)
        await write(outgoing, problem(500, 96, error instanceof Error ? error.message : String(error)), true).catch(
          () => outgoing.destroy(),
        );
      else outgoing.destroy();
    }
  });
  server.headersTimeout = 10_000;
  server.requestTimeout = 60_000;
  server.keepAliveTimeout = 5_000;
  const address = () => server.address() as AddressInfo;

  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve({
        url: `http://${shown}:${address().port}`,
        port: address().port,
        simulator,
        close: () =>
          new Promise<void>((done) => {
            server.closeAllConnections();
            server.close(() => done());
          }),
      });
    });
  });
}
