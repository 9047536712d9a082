// The front of `npm start`: the one server a browser or script talks to. It does what
// Prism should not be trusted with, then forwards to Prism:
// - CORS for browsers (the core's rule: any origin, any requested header, every response
//   header exposed, no credentials), and a Host check, so that a web page cannot drive a
//   developer's mock by DNS rebinding;
// - bounded, checked input: a path whose percent-escapes do not decode, a body over
//   1 MiB, or a body that is not JSON (or nests too deep) gets a problem document here;
//   a body on a GET (NetApp's toolkit sends `{}`) is dropped, as the live API ignores it;
// - requests Prism cannot answer as Astra does go to the simulator core in-process:
//   protocol answers (405 with Allow, HEAD, OPTIONS, a path the API lacks), a missing or
//   foreign token (Astra's problem 3, not Prism's own 401), and bodies Prism mishandles
//   (a JSON `null`, `false` or `0` hung its proxy; a key outside Latin-1 crashed it);
// - bounded time: a client that goes away aborts its upstream request (no socket is
//   left behind), and an upstream that does not answer gets a 504 problem;
// - Prism's own errors become problem documents of the spec, and an answer that broke
//   the spec is logged loudly;
// - the simulator's control: /__astra/… answered here (loopback or the control token, no
//   Origin without it), and latency, faults, drops and stalls applied here, before Prism
//   (which would turn a stall into its own 504), with the journal kept as clients sent.
import { Agent, createServer, request as httpRequest } from 'node:http';
import {
  allowedHostNames,
  allowedMethods,
  CONTROL_TOKEN_HEADER,
  corsHeaders,
  createAstraSimulator,
  handleControl,
  hostNameOf,
  isControlPath,
  isLoopback,
  isPreflight,
  parseJson,
  preflightHeaders,
} from './core.mjs';
import { problem, problemCatalogue } from './problems.mjs';
import { toFetchRequest, writeFetchResponse } from './server.mjs';

// One Host check for both servers: src/mock-server/host.ts, which `npm start` shares.
export { allowedHostNames, isLoopback } from './core.mjs';

const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'upgrade', 'proxy-connection']);
// Methods Fetch refuses to put in a Request (undici throws on them).
const UNFETCHABLE = new Set(['CONNECT', 'TRACE', 'TRACK']);

/** True when every percent-escape of the path decodes (as UTF-8). */
function decodable(path) {
  try {
    for (const segment of path.split('/')) decodeURIComponent(segment);
    return true;
  } catch {
    return false;
  }
}

/** True for a token Astra takes: `Bearer` and one token (the core says why otherwise). */
function hasBearer(header) {
  return typeof header === 'string' && /^bearer +[\x21-\x7e]+$/i.test(header.trim());
}

/** True when a JSON value has a property name outside Latin-1 (Prism puts them in a header). */
function hasWideKey(value) {
  if (Array.isArray(value)) return value.some(hasWideKey);
  if (value === null || typeof value !== 'object') return false;
  return Object.entries(value).some(
    ([key, inner]) => [...key].some((c) => c.charCodeAt(0) > 0xff) || hasWideKey(inner),
  );
}

/**
 * Starts the front on host:port, forwarding to `upstream` (Prism's URL, or several:
 * taken in turn, so that more than one Prism shares the work). `core` answers what
 * Prism cannot (a simulator core; `stateful`: it is the one behind Prism, so HEAD goes to
 * it too). `log` gets one line per request and per control operation; `alarm` gets each
 * answer that broke the spec. `controlToken`: see the packaged server's option.
 */
export function startFront({
  spec,
  core = createAstraSimulator(),
  stateful = false,
  port = 0,
  host = '127.0.0.1',
  upstream,
  allowedHosts = [],
  upstreamTimeoutMs = 30_000,
  maxBodyBytes = 1_048_576,
  log = () => {},
  alarm = (line) => console.error(line),
  controlToken,
}) {
  const catalogue = problemCatalogue(spec);
  const targets = (Array.isArray(upstream) ? upstream : [upstream]).map((u) => new URL(u));
  let turn = 0;
  const hosts = allowedHostNames(host, allowedHosts);
  const agent = new Agent({ keepAlive: true, maxSockets: 256 });

  const server = createServer((incoming, outgoing) => {
    const started = performance.now();
    const method = incoming.method ?? 'GET';
    const path = (incoming.url ?? '/').split('?')[0] ?? '/';
    const finish = (status, headers, body) => {
      if (outgoing.headersSent || outgoing.destroyed) return;
      const text = body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body);
      outgoing.writeHead(status, {
        ...headers,
        ...corsHeaders(Object.keys(headers)),
        ...(text === undefined ? {} : { 'content-length': Buffer.byteLength(text) }),
      });
      outgoing.end(text);
    };
    const answer = ({ status, headers, body }, extra = {}) => finish(status, { ...headers, ...extra }, body);
    outgoing.on('finish', () =>
      log(`${method} ${incoming.url} -> ${outgoing.statusCode} (${Math.round(performance.now() - started)} ms)`),
    );

    const hostHeader = incoming.headers.host;
    if (hostHeader !== undefined && !hosts.has(hostNameOf(hostHeader)))
      return answer(
        problem(catalogue, 11, {
          detail: `Host ${JSON.stringify(hostHeader)} is not this mock's address; a page cannot drive it by another name. Add the name to ASTRA_MOCK_ALLOWED_HOSTS to allow it.`,
        }),
        { connection: 'close' },
      );
    if (isPreflight(method, incoming.headers['access-control-request-method']))
      return finish(204, preflightHeaders(incoming.headers['access-control-request-headers']));
    if (!decodable(path))
      return answer(problem(catalogue, 1, { detail: 'The request URI holds a percent-escape that does not decode.' }));

    const chunks = [];
    let size = 0;
    let refused = false;
    incoming.on('data', (chunk) => {
      if (refused) return;
      size += chunk.length;
      if (size > maxBodyBytes) {
        refused = true;
        answer(problem(catalogue, 7, { detail: `The request body is over ${maxBodyBytes} bytes.` }), {
          connection: 'close',
        });
        outgoing.on('finish', () => incoming.destroy());
        return;
      }
      chunks.push(chunk);
    });
    incoming.on('error', () => outgoing.destroy());
    incoming.on('end', () => {
      if (refused) return;
      const body = size > 0 && method !== 'GET' && method !== 'HEAD' ? Buffer.concat(chunks) : undefined;
      if (isControlPath(path)) return control(incoming, outgoing, body);
      admit(incoming, outgoing, body, () => dispatch(incoming, outgoing, body, answer, finish));
    });
  });

  /** The control endpoints, answered here (no CORS headers: a page has no business reading them). */
  function control(incoming, outgoing, body) {
    const address = (incoming.socket.remoteAddress ?? '').replace(/^::ffff:/, '');
    Promise.resolve()
      .then(() =>
        handleControl(core, toFetchRequest(incoming, body), {
          loopback: isLoopback(address),
          ...(controlToken ? { controlToken } : {}),
          log,
        }),
      )
      .then((response) => {
        // As the packaged server: a request that brought the control token may be read by its page.
        if (incoming.headers[CONTROL_TOKEN_HEADER] !== undefined)
          for (const [name, value] of Object.entries(corsHeaders([...response.headers.keys()])))
            response.headers.set(name, value);
        return writeFetchResponse(outgoing, response);
      })
      .catch(() => outgoing.destroy());
  }

  /**
   * Latency and faults, and the journal, before anything else answers: `next` runs when the
   * request goes on as usual. A stall holds the request until the client goes away.
   */
  function admit(incoming, outgoing, body, next) {
    if (UNFETCHABLE.has(incoming.method ?? 'GET')) return next();
    const gone = new AbortController();
    outgoing.on('close', () => gone.abort());
    core.admit(new Request(toFetchRequest(incoming, body), { signal: gone.signal })).then(
      (admission) => {
        if (admission.kind === 'pass') {
          outgoing.on('finish', () => admission.answered(outgoing.statusCode));
          return next();
        }
        if (admission.kind === 'answer')
          return writeFetchResponse(outgoing, admission.response, corsHeaders).catch(() => outgoing.destroy());
        if (admission.kind === 'drop') incoming.socket.destroy();
        // 'stall': nothing is sent; the socket closes when the client gives up.
      },
      () => outgoing.destroy(),
    );
  }

  /** Where a request goes: Prism, or the core in-process for what Prism cannot answer as Astra does. */
  function dispatch(incoming, outgoing, body, answer, finish) {
    const method = incoming.method ?? 'GET';
    const path = (incoming.url ?? '/').split('?')[0] ?? '/';
    const allowed = allowedMethods(path);
    if (
      !allowed?.includes(method) ||
      method === 'OPTIONS' ||
      !hasBearer(incoming.headers.authorization) ||
      (method === 'HEAD' && stateful)
    )
      return direct(incoming, outgoing, body);
    if (body) {
      const text = body.toString('utf8');
      const read = parseJson(text);
      if ('why' in read) return answer(problem(catalogue, 7, { detail: read.why }));
      const { value } = read;
      if (!value || hasWideKey(value)) return direct(incoming, outgoing, body);
    }
    if (stateful || incoming.headers.prefer !== undefined) return forward(incoming, outgoing, body, answer, finish);
    // Prism's example mock takes some requests the spec refuses (an unknown or empty query
    // parameter, a body of another media type): the core judges each one first, and its
    // refusal is the answer. What it would find or not (404, 409) is Prism's to answer.
    Promise.resolve()
      .then(() => (core.handleUncontrolled ?? core.handle)(toFetchRequest(incoming, body)))
      .then((response) => {
        if (response.status >= 400 && response.status < 500 && response.status !== 404 && response.status !== 409)
          return writeFetchResponse(outgoing, response, corsHeaders);
        void response.body?.cancel();
        forward(incoming, outgoing, body, answer, finish);
      })
      .catch(() => outgoing.destroy());
  }

  /** The core's own answer, in-process (it checks the answer against the spec itself). */
  function direct(incoming, outgoing, body) {
    const method = incoming.method ?? 'GET';
    // Methods no Fetch Request can carry: the same 405 the core gives any other.
    if (UNFETCHABLE.has(method)) {
      const path = (incoming.url ?? '/').split('?')[0] ?? '/';
      const allow = (allowedMethods(path) ?? ['OPTIONS']).join(', ');
      const {
        status,
        headers,
        body: problemBody,
      } = problem(catalogue, 11, {
        status: 405,
        detail: `${method} is not an operation of ${path}; it takes ${allow}.`,
      });
      const text = JSON.stringify(problemBody);
      const all = { ...headers, allow };
      outgoing.writeHead(status, {
        ...all,
        ...corsHeaders(Object.keys(all)),
        'content-length': Buffer.byteLength(text),
      });
      outgoing.end(text);
      return;
    }
    Promise.resolve()
      .then(() => (core.handleUncontrolled ?? core.handle)(toFetchRequest(incoming, body)))
      .then((response) => writeFetchResponse(outgoing, response, corsHeaders))
      .catch(() => outgoing.destroy());
  }

  function forward(incoming, outgoing, body, answer, finish) {
    const headers = {};
    for (const [name, value] of Object.entries(incoming.headers))
      if (!HOP_BY_HOP.has(name) && name !== 'content-length' && name !== 'host') headers[name] = value;
    if (incoming.headers.host) headers['x-forwarded-host'] = incoming.headers.host;
    if (body) headers['content-length'] = String(body.length);
    else {
      delete headers['content-type'];
      delete headers['content-encoding'];
    }
    const target = targets[turn++ % targets.length];
    // HEAD in front of Prism's example mock: its GET, whose body is not passed on.
    const head = incoming.method === 'HEAD';
    const upstreamRequest = httpRequest({
      host: target.hostname,
      port: target.port,
      method: head ? 'GET' : incoming.method,
      path: incoming.url,
      headers,
      agent,
    });
    // The client went away: so does the request upstream (no socket is left behind).
    outgoing.on('close', () => {
      if (!outgoing.writableFinished) upstreamRequest.destroy();
    });
    upstreamRequest.setTimeout(upstreamTimeoutMs, () =>
      upstreamRequest.destroy(Object.assign(new Error('timeout'), { code: 'MOCK_UPSTREAM_TIMEOUT' })),
    );
    upstreamRequest.on('error', (error) => {
      if (outgoing.destroyed || outgoing.writableEnded) return;
      if (outgoing.headersSent) return outgoing.destroy();
      const timedOut = error.code === 'MOCK_UPSTREAM_TIMEOUT';
      const detail = timedOut
        ? `The mock's Prism gave no answer within ${upstreamTimeoutMs} ms.`
        : `The mock's Prism did not answer: ${error.message}.`;
      answer(problem(catalogue, 96, { status: timedOut ? 504 : 502, detail }));
    });
    upstreamRequest.on('response', (response) => {
      const status = response.statusCode ?? 502;
      const passed = {};
      for (const [name, value] of Object.entries(response.headers))
        if (!HOP_BY_HOP.has(name) && !name.startsWith('access-control-')) passed[name] = value;
      const type = String(response.headers['content-type'] ?? '');
      if (head) {
        delete passed['content-length'];
        outgoing.writeHead(status, { ...passed, ...corsHeaders(Object.keys(passed)) });
        response.resume();
        outgoing.end();
        return;
      }
      if (status < 400 || !/json/.test(type)) {
        outgoing.writeHead(status, { ...passed, ...corsHeaders(Object.keys(passed)) });
        response.pipe(outgoing);
        response.on('error', () => outgoing.destroy());
        return;
      }
      const parts = [];
      response.on('data', (d) => parts.push(d));
      response.on('error', () => outgoing.destroy());
      response.on('end', () => {
        const text = Buffer.concat(parts).toString('utf8');
        let parsed;
        try {
          parsed = JSON.parse(text);
        } catch {
          parsed = undefined;
        }
        delete passed['content-length'];
        finish(status, passed, normalise(incoming, status, parsed) ?? text);
      });
    });
    upstreamRequest.end(body);
  }

  /** Prism's own errors, as problem documents of the spec; undefined to pass an answer on as it is. */
  function normalise(incoming, status, body) {
    const type = typeof body?.type === 'string' ? body.type : '';
    if (body?.error?.code === 'invalid_json') return problem(catalogue, 7).body;
    if (!type.startsWith('https://stoplight.io/prism/errors#')) return undefined;
    const kind = type.slice(type.indexOf('#') + 1);
    if (kind === 'VIOLATIONS') {
      const messages = (body.validation ?? []).map((v) => `${(v.location ?? []).join('.')}: ${v.message}`);
      alarm(
        `\u2716 SPEC VIOLATION: the answer to ${incoming.method} ${incoming.url} broke the spec:\n  ${messages.join('\n  ')}`,
      );
      return {
        type,
        title: "The mock's answer broke the spec",
        detail: messages.join('; '),
        status: String(status),
      };
    }
    if (kind === 'UNAUTHORIZED') return problem(catalogue, 3).body;
    if (kind === 'NO_PATH_MATCHED_ERROR')
      return problem(catalogue, 2, { detail: `There is no collection at ${incoming.url?.split('?')[0]}.` }).body;
    return { ...body, status: String(body.status ?? status) };
  }

  server.headersTimeout = 10_000;
  server.requestTimeout = 60_000;
  server.keepAliveTimeout = 5_000;
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      const address = server.address();
      const shown = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
      resolve({
        url: `http://${shown}:${address.port}`,
        port: address.port,
        server,
        /** Adds an upstream to the rotation (a Prism that finished starting). */
        addUpstream: (url) => targets.push(new URL(url)),
        close: () =>
          new Promise((done) => {
            server.closeAllConnections();
            agent.destroy();
            server.close(() => done());
          }),
      });
    });
  });
}
