// The simulator over HTTP: the one place where a `node:http` request reaches the simulator
// and its answer becomes bytes on a socket, for `astra-backups mock` and for the repository's
// `npm start` (which adds Prism's check as a step behind it). An ordinary request goes to the
// simulator as it came off the socket (an Exchange) and its answer is written straight back;
// a Fetch Request and Response are made only for a step, for control requests, and for a
// simulator that is not the package's own (or whose `handle` was replaced). The core decides
// every answer (and checks it against the spec); this file does only what needs a socket:
// the Host check (a page must not drive the mock through DNS rebinding), the request
// target, one capped body read, CORS, the one 405 for methods Fetch cannot carry, a
// graceful close; and, for the control endpoints (/__astra/…), the peer's address, a
// dropped connection and a stall.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type Direct, directOf, type Exchange, encodeAnswer, type HeaderReader } from '../mock/exchange.js';
import {
  type AstraSimulator,
  type AstraSimulatorCore,
  allowedMethods,
  CONTROL_TOKEN_HEADER,
  corsHeaders,
  createAstraSimulator,
  handleControl,
  isControlPath,
  isPreflight,
  MAX_BODY_BYTES,
  preflightHeaders,
  problemResponse,
  SIMULATOR_LIMITS,
} from '../mock/index.js';
import type { Answer } from '../mock/problems.js';
import { allowedHostNames, hostNameOf, isLoopback } from './host.js';

/**
 * What answers an API request once the server has read it: by default the simulator's own
 * `handle` (control, then the core). `npm start` puts Prism's check of the request and the
 * answer here; a step may answer `Response.error()` to drop the connection.
 */
export type MockStep = (request: Request, simulator: AstraSimulator | AstraSimulatorCore) => Promise<Response>;

/** Options of {@link startMockServer}. */
export interface MockServerOptions {
  /** The port to listen on; 0 picks a free one. @default 4010 */
  port?: number;
  /** The address to listen on. Anything but loopback serves the mock beyond this machine. @default '127.0.0.1' */
  host?: string;
  /** How long a created backup takes from pending to completed, in milliseconds. @default the core's default */
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
  simulator?: AstraSimulator | AstraSimulatorCore;
  /** Fixes ids, correlation ids and the clock (frozen at its seeded start): see the simulator's `seed`. @default none */
  seed?: string;
  /**
   * The control token: a request to /__astra/… carrying it in `X-Astra-Control-Token` is taken from
   * anywhere, `Origin` or not; without it, only loopback peers with no `Origin` are. @default none
   */
  controlToken?: string;
  /** What answers an API request (see {@link MockStep}). @default the simulator's `handle` */
  step?: MockStep;
  /** How long `close()` lets requests in flight finish before it ends their connections. @default 5_000 */
  graceMs?: number;
}

/** A running mock server. */
export interface MockServer {
  /** Its base URL, e.g. `http://127.0.0.1:4010`: the SDK's `baseUrl`. */
  url: string;
  port: number;
  simulator: AstraSimulator | AstraSimulatorCore;
  /**
   * Stops accepting connections, lets the requests in flight finish (each answer then closes
   * its connection), and ends whatever is still open after `graceMs`.
   */
  close(): Promise<void>;
}

const DEFAULTS = Object.freeze({ port: 4010, host: '127.0.0.1', maxBodyBytes: MAX_BODY_BYTES, graceMs: 5_000 });
// Node's request line and framing carry these; a Fetch Request must not (or cannot) repeat them.
const SKIPPED = new Set([
  'host',
  'connection',
  'keep-alive',
  'proxy-connection',
  'transfer-encoding',
  'te',
  'trailer',
  'upgrade',
  'content-length',
]);
// Methods a Fetch Request cannot carry (undici throws): no operation has them, so 405 here.
const UNFETCHABLE = new Set(['CONNECT', 'TRACE', 'TRACK']);
const AUTHORITY = /^(?:[a-z0-9.-]+|\[[0-9a-f:.]+\])(?::\d{1,5})?$/i;
// Every method some path of the API takes: what `OPTIONS *` (the server as a whole) answers.
const SERVER_METHODS = 'GET, HEAD, POST, PUT, DELETE, OPTIONS';

/**
 * The path and query of a request target: origin-form (`/accounts/…`) as it is, absolute-form
 * (`http://host/accounts/…`, as clients send a proxy) reduced to it; undefined for `*` and
 * anything else that names no resource.
 */
export function targetPath(target: string): string | undefined {
  if (target.startsWith('/')) return target.startsWith('//') ? `/${target.replace(/^\/+/, '')}` : target;
  if (!/^https?:\/\//i.test(target)) return undefined;
  try {
    const url = new URL(target);
    return `${url.pathname}${url.search}`;
  } catch {
    return undefined;
  }
}

/**
 * A request's headers as the socket brought them: lowercase names, a repeated header's values
 * joined with ", " as Fetch's Headers joins them; the framing headers (SKIPPED) left out.
 */
class SocketHeaders implements HeaderReader {
  readonly #map = new Map<string, string>();

  constructor(raw: readonly string[]) {
    for (let i = 0; i + 1 < raw.length; i += 2) {
      const name = (raw[i] as string).toLowerCase();
      if (SKIPPED.has(name)) continue;
      const value = raw[i + 1] as string;
      const had = this.#map.get(name);
      this.#map.set(name, had === undefined ? value : `${had}, ${value}`);
    }
  }

  get(name: string): string | null {
    return this.#map.get(name.toLowerCase()) ?? null;
  }

  has(name: string): boolean {
    return this.#map.has(name.toLowerCase());
  }

  /** In the order of the names, as Headers iterates. */
  forEach(callback: (value: string, name: string) => void): void {
    for (const name of [...this.#map.keys()].sort()) callback(this.#map.get(name) as string, name);
  }

  /** As Fetch Headers, for a Request. */
  toHeaders(): Headers {
    return new Headers([...this.#map]);
  }
}

const NO_BODY = new Uint8Array(0);

/** Reads the body up to `max` bytes, as the client sent it (no decoding); null when it is larger. */
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

/** Sends the status line and headers of every answer: `Connection: close` when asked, then the CORS headers. */
function writeHead(
  outgoing: ServerResponse,
  status: number,
  headers: Record<string, string>,
  { close, cors }: { close: boolean; cors: boolean },
): void {
  if (close) headers.connection = 'close';
  outgoing.writeHead(status, cors ? { ...headers, ...corsHeaders(Object.keys(headers)) } : headers);
}

/**
 * Writes `response`, with the CORS headers every answer carries (a preflight's are its own).
 * A HEAD answer keeps the Content-Length the core gave it (its GET's), and has no body.
 */
async function write(
  outgoing: ServerResponse,
  response: Response,
  { close = false, cors = true }: { close?: boolean; cors?: boolean } = {},
): Promise<void> {
  const head = outgoing.req.method === 'HEAD';
  const empty = head || response.status === 204 || response.status === 304 || response.body === null;
  const reader = empty ? undefined : (response.body as ReadableStream<Uint8Array>).getReader();
  // An answer of one piece goes out with its Content-Length; a long one (a list the core makes in
  // slices, the event loop free between them) goes out slice by slice as the client takes them.
  let first: Uint8Array | undefined;
  let second: Uint8Array | undefined;
  try {
    if (reader) {
      const a = await reader.read();
      first = a.value;
      if (!a.done) second = (await reader.read()).value;
    }
  } catch {
    return void outgoing.destroy();
  }
  if (outgoing.headersSent || outgoing.destroyed) return void (await reader?.cancel().catch(() => {}));
  const headers: Record<string, string> = {};
  response.headers.forEach((value, name) => {
    headers[name] = value;
  });
  if (reader && second === undefined) headers['content-length'] = String(first?.byteLength ?? 0);
  else if (!head) delete headers['content-length'];
  writeHead(outgoing, response.status, headers, { close, cors });
  if (!reader || second === undefined) return void outgoing.end(first);
  try {
    outgoing.write(first);
    let chunk: Uint8Array | undefined = second;
    while (chunk) {
      if (outgoing.destroyed) return void (await reader.cancel());
      if (!outgoing.write(chunk)) await drained(outgoing);
      const next = await reader.read();
      chunk = next.done ? undefined : next.value;
    }
    outgoing.end();
  } catch {
    // The client went away mid-answer (or the body failed): nothing more can be said on it.
    outgoing.destroy();
    await reader.cancel().catch(() => {});
  }
}

/**
 * Writes an answer of the core straight to the socket (no Response in between), as `write`
 * would write its Response; a long one (a list in many parts) goes through `write` in slices.
 */
async function writeAnswer(
  outgoing: ServerResponse,
  direct: Direct,
  answer: Answer,
  head: boolean,
  close: boolean,
): Promise<void> {
  const one = encodeAnswer(answer, head);
  if (!one) return write(outgoing, await direct.toResponse(answer, head), { close });
  if (outgoing.headersSent || outgoing.destroyed) return;
  // In the order `write` sends a Response's (Headers iterate sorted, HEAD's Content-Length among
  // them, a body's after them), so that both paths send the same bytes.
  const length = one.length === undefined ? undefined : String(one.length);
  const names = Object.keys(one.headers);
  if (head && length !== undefined) names.push('content-length');
  const headers: Record<string, string> = {};
  for (const name of names.sort())
    headers[name] = name === 'content-length' ? (length as string) : (one.headers[name] as string);
  if (!head && length !== undefined) headers['content-length'] = length;
  writeHead(outgoing, one.status, headers, { close, cors: true });
  outgoing.end(one.body ?? undefined);
}

/** Resolves once `outgoing` can take more, or is closed. */
function drained(outgoing: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      outgoing.off('drain', done);
      outgoing.off('close', done);
      resolve();
    };
    outgoing.on('drain', done);
    outgoing.on('close', done);
  });
}

/** True for a simulator made by createAstraSimulator (a test's stand-in may have no control). */
const hasControl = (simulator: AstraSimulator | AstraSimulatorCore): simulator is AstraSimulator =>
  typeof (simulator as Partial<AstraSimulator>).dump === 'function';

/** Starts the simulator on a port; resolves once it listens. */
export function startMockServer(options: MockServerOptions = {}): Promise<MockServer> {
  const port = options.port ?? DEFAULTS.port;
  const host = options.host ?? DEFAULTS.host;
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULTS.maxBodyBytes;
  const graceMs = options.graceMs ?? DEFAULTS.graceMs;
  const alarm = options.alarm ?? ((line: string) => console.error(line));
  const log = options.log;
  const simulator =
    options.simulator ??
    createAstraSimulator({
      ...(options.backupMs === undefined ? {} : { backupMs: options.backupMs }),
      ...(options.seed === undefined ? {} : { seed: options.seed }),
      onViolation: (v) =>
        alarm(
          `\u2716 SPEC VIOLATION: the answer to ${v.operationId} (status ${v.status}) broke the spec:\n  ${v.errors.join('\n  ')}`,
        ),
    });
  const step: MockStep = options.step ?? ((request, sim) => sim.handle(request));
  // With no step in between, the simulator is given what the socket brought (no Fetch Request,
  // no Response): its Direct, when it was made by this package.
  const own = options.step === undefined ? directOf(simulator) : undefined;
  // A simulator whose `handle` was replaced (a wrapper that logs or changes answers) is served through it.
  const direct = own && simulator.handle === own.handle ? own : undefined;
  const hosts = allowedHostNames(host, options.allowedHosts ?? []);
  const shown = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
  let inFlight = 0;
  let stopping = false;
  let settled: (() => void) | undefined;

  async function serve(incoming: IncomingMessage, outgoing: ServerResponse): Promise<void> {
    const method = incoming.method ?? 'GET';
    const hostHeader = incoming.headers.host;
    if (hostHeader !== undefined && !hosts.has(hostNameOf(hostHeader)))
      return write(
        outgoing,
        problemResponse(11, {
          status: 403,
          detail: `Host ${JSON.stringify(hostHeader)} is not this mock's address; a page cannot drive it by another name. Start it with --allowed-hosts NAME to allow that name.`,
        }),
        { close: true },
      );
    const target = incoming.url ?? '/';
    const path = targetPath(target);
    if (path === undefined) {
      // `OPTIONS *` asks what the server as a whole takes.
      if (target === '*' && method === 'OPTIONS') {
        outgoing.writeHead(204, { allow: SERVER_METHODS, ...corsHeaders(['allow']) });
        return void outgoing.end();
      }
      return write(
        outgoing,
        problemResponse(1, {
          status: 400,
          detail: `The request target ${JSON.stringify(target.slice(0, 200))} is not a path of this API.`,
        }),
      );
    }
    const authority = hostHeader && AUTHORITY.test(hostHeader) ? hostHeader : `${shown}:${address().port}`;
    const url = `http://${authority}${path}`;
    // As the core will see it (dot segments resolved): control is told apart on this.
    const parsed = new URL(url);
    const { pathname } = parsed;
    if (UNFETCHABLE.has(method.toUpperCase())) {
      const allow = allowedMethods(pathname) ?? ['OPTIONS'];
      return write(
        outgoing,
        problemResponse(11, {
          status: 405,
          detail: `${method} is not a method of this path; it takes ${allow.join(', ')}.`,
          headers: { allow: allow.join(', ') },
        }),
      );
    }
    const headers = new SocketHeaders(incoming.rawHeaders);
    if (isPreflight(method, headers.get('access-control-request-method'))) {
      outgoing.writeHead(204, preflightHeaders(headers.get('access-control-request-headers')));
      return void outgoing.end();
    }
    // Control bodies (a fixture to load back) have their own, larger limit: any dump loads back.
    const control = hasControl(simulator) && isControlPath(pathname);
    const cap = control ? SIMULATOR_LIMITS.controlBodyBytes : maxBodyBytes;
    // A body on a GET is not read (NetApp's toolkit sends `{}`; Astra ignores it).
    const body = method === 'GET' || method === 'HEAD' ? undefined : await readBody(incoming, cap);
    if (body === null)
      return write(
        outgoing,
        problemResponse(7, {
          status: 400,
          detail: `The request body is over ${cap} bytes${control ? " (the simulator's limit controlBodyBytes)" : ''}.`,
        }),
        { close: true },
      );
    // A stall lasts until the client goes away: the signal says when. It is made only when
    // something waits on it (an AbortController costs more than the rest of a plain answer).
    let gone: AbortController | undefined;
    let left = false;
    // Only a client that left before its answer aborts (an abort costs an error object each).
    outgoing.on('close', () => {
      if (outgoing.writableFinished) return;
      left = true;
      gone?.abort();
    });
    const signal = (): AbortSignal => {
      if (!gone) {
        gone = new AbortController();
        if (left) gone.abort();
      }
      return gone.signal;
    };
    if (direct && !control) {
      // The bytes as sent: the core judges a body that is not UTF-8 or not JSON itself.
      const read = Promise.resolve({ bytes: body ?? NO_BODY, complete: true });
      const exchange: Exchange = {
        method,
        url: parsed,
        headers,
        hasBody: (body?.length ?? 0) > 0,
        body: () => read,
        get signal() {
          return signal();
        },
      };
      const outcome = await direct.respond(exchange);
      // A dropped connection (a fault rule), or a stall the client gave up on: no answer at all.
      if ('drop' in outcome) return void incoming.socket.destroy();
      return writeAnswer(outgoing, direct, outcome.answer, outcome.head, stopping);
    }
    const request = new Request(url, {
      method,
      headers: headers.toHeaders(),
      body: body?.length ? (body as Uint8Array<ArrayBuffer>) : null,
      signal: signal(),
    });
    if (control) {
      const answer = await handleControl(simulator, request, {
        loopback: isLoopback(incoming.socket.remoteAddress?.replace(/^::ffff:/, '') ?? ''),
        ...(options.controlToken === undefined ? {} : { controlToken: options.controlToken }),
        ...(log ? { log } : {}),
      });
      // Control answers carry CORS headers only for a request that brought the control token: a
      // page the developer gave it to (the docs' Try it Reset) may read what it did; no other may.
      return write(outgoing, answer, { cors: request.headers.has(CONTROL_TOKEN_HEADER), close: stopping });
    }
    const answer = await step(request, simulator);
    // A dropped connection (a fault rule), or a stall the client gave up on: no answer at all.
    if (answer.type === 'error') return void incoming.socket.destroy();
    await write(outgoing, answer, { close: stopping });
  }

  const server = createServer((incoming, outgoing) => {
    const started = performance.now();
    inFlight++;
    outgoing.on('close', () => {
      inFlight--;
      if (stopping && inFlight === 0) settled?.();
    });
    if (log)
      outgoing.on('finish', () =>
        log(
          `${incoming.method} ${incoming.url} -> ${outgoing.statusCode} (${Math.round(performance.now() - started)} ms)`,
        ),
      );
    serve(incoming, outgoing).catch(async (error: unknown) => {
      // The simulator never throws; this is a socket gone or a header Node refused.
      if (outgoing.headersSent || outgoing.destroyed) return void outgoing.destroy();
      await write(
        outgoing,
        problemResponse(96, {
          status: 500,
          detail: `The mock server failed: ${error instanceof Error ? error.message : String(error)}`,
        }),
        { close: true },
      ).catch(() => outgoing.destroy());
    });
  });
  server.headersTimeout = 10_000;
  server.requestTimeout = 60_000;
  server.keepAliveTimeout = 5_000;
  const address = () => server.address() as AddressInfo;

  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= new Promise<void>((done) => {
      stopping = true;
      let pending = 2;
      const finished = () => {
        if (--pending === 0) done();
      };
      // No new connection; idle keep-alive connections go now, busy ones once their answer is sent.
      server.close(() => finished());
      server.closeIdleConnections();
      const timer = setTimeout(() => settled?.(), graceMs);
      settled = () => {
        settled = undefined;
        clearTimeout(timer);
        server.closeAllConnections();
        finished();
      };
      if (inFlight === 0) settled();
    }));

  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve({ url: `http://${shown}:${address().port}`, port: address().port, simulator, close });
    });
  });
}
