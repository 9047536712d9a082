// Prism's check, in process, as the step behind `npm start`'s server (the packaged one:
// src/mock-server/server.ts). No Prism process and no inner port: the server hands each API
// request to this step, which
// - in simulator mode, lets the simulator answer (control and core), then has Prism route the
//   request and check the request and the answer against the spec; an answer that broke the
//   spec becomes a 500 problem and a loud line (as `prism proxy --errors` did);
// - in examples mode (`MOCK=examples`), applies the simulator's control (latency, faults, the
//   journal), lets the core refuse what Astra refuses, and has Prism's example mock answer the
//   rest (Prefer: code=, example=, dynamic=), its own errors turned into Astra's problems.
// Prism's modules come from @stoplight/prism-cli's own dependencies (installed with it).
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { root } from '../lib/tools.mjs';
import { allowedMethods, forwardingOf, problemResponse } from './core.mjs';

const cli = createRequire(createRequire(join(root, 'package.json')).resolve('@stoplight/prism-cli/package.json'));
const prismRequire = createRequire(cli.resolve('@stoplight/prism-http/package.json'));

/** A logger that drops everything: Prism's findings are reported here, in Astra's words. */
const quiet = new Proxy({}, { get: (_, name) => (name === 'child' ? () => quiet : () => undefined) });

/** True for a token Astra takes: `Bearer` and one token (the core says why otherwise). */
const hasBearer = (header) => typeof header === 'string' && /^bearer +[\x21-\x7e]+$/i.test(header.trim());

/** Prism's view of a request: its path, query, headers and (parsed, when JSON) body. */
function prismInput(request, text) {
  const url = new URL(request.url);
  const query = {};
  for (const key of new Set(url.searchParams.keys())) {
    const values = url.searchParams.getAll(key);
    query[key] = values.length === 1 ? values[0] : values;
  }
  const headers = Object.fromEntries(request.headers);
  let body = text || undefined;
  if (text && /json/i.test(headers['content-type'] ?? ''))
    try {
      body = JSON.parse(text);
    } catch {}
  return { method: request.method.toLowerCase(), url: { path: url.pathname, query }, headers, body };
}

/** Prism's view of an answer whose body is `text`. */
function prismOutput(response, text) {
  let body = text || undefined;
  if (text)
    try {
      body = JSON.parse(text);
    } catch {}
  return { statusCode: response.status, headers: Object.fromEntries(response.headers), body };
}

/**
 * Prism's operations for the spec at `specPath`. Reading them resolves the spec (about 0.2 s
 * on a quiet machine, most of npm start's start), so they are kept as JSON in
 * node_modules/.cache, named by a hash of the spec: a second start reads the file.
 */
async function operationsOf(specPath) {
  const spec = readFileSync(specPath);
  const cache = join(root, 'node_modules', '.cache', 'astra-mock');
  const file = join(cache, `prism-operations-${createHash('sha256').update(spec).digest('hex').slice(0, 16)}.json`);
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {}
  const { getHttpOperationsFromSpec } = prismRequire('./dist/utils/operations.js');
  const operations = await getHttpOperationsFromSpec(specPath);
  try {
    mkdirSync(cache, { recursive: true });
    // Written aside and renamed: another process never reads half a file.
    const scratch = `${file}.${process.pid}.tmp`;
    writeFileSync(scratch, JSON.stringify(operations));
    renameSync(scratch, file);
    // Those of older specs go.
    for (const name of readdirSync(cache))
      if (name.startsWith('prism-operations-') && join(cache, name) !== file)
        rmSync(join(cache, name), { force: true });
  } catch {}
  return operations;
}

const describe = (violations) => violations.map((v) => `${(v.path ?? []).join('.')}: ${v.message}`);

/**
 * Loads Prism's router and checks (and, for `mode: 'examples'`, its example mock) for the
 * bundled spec at `specPath`; resolves with the step. `alarm` gets each answer that broke
 * the spec; `tamper` (tests) changes the simulator's answer before Prism sees it.
 */
export async function prismStep({ specPath, mode = 'simulator', alarm = (line) => console.error(line), tamper }) {
  const E = prismRequire('fp-ts/Either');
  const route = prismRequire('./dist/router/index.js').default;
  const { validateInput, validateOutput } = prismRequire('./dist/validator/index.js');
  const operations = await operationsOf(specPath);
  const errors = (either) => (E.isLeft(either) ? either.left.filter((v) => v.severity === 0) : []);

  /** The operation Prism finds for a request, or undefined (a path or method the API lacks). */
  const operationOf = (input) => {
    const routed = route({ resources: operations, input });
    return E.isRight(routed) ? routed.right : undefined;
  };

  /** The answer, unless it broke the spec: then a 500 problem, and the alarm. */
  function checked(request, resource, response, text) {
    const violations = errors(validateOutput({ resource, element: prismOutput(response, text) }));
    if (violations.length === 0)
      return new Response(text || null, { status: response.status, headers: response.headers });
    const lines = describe(violations);
    const { pathname, search } = new URL(request.url);
    alarm(
      `\u2716 SPEC VIOLATION: the answer to ${request.method} ${pathname}${search} broke the spec:\n  ${lines.join('\n  ')}`,
    );
    return problemResponse(96, { status: 500, detail: `The mock's answer broke the spec: ${lines.join('; ')}` });
  }

  if (mode !== 'examples')
    return async (request, simulator) => {
      // The body as sent, for Prism's check of the request; the simulator reads its own copy.
      const sent = request.body ? request.clone().text() : Promise.resolve('');
      let response = await simulator.handle(request);
      if (response.type === 'error') return response;
      if (tamper) response = await tamper(response);
      const input = prismInput(request, await sent.catch(() => ''));
      const resource = operationOf(input);
      // What no operation has (OPTIONS, HEAD, a path the API lacks): the core's protocol answer.
      if (!resource) return response;
      const text = await response.text();
      // A request the simulator took that Prism refuses: the simulator is wrong, say so.
      if (response.status < 300) {
        const refused = errors(validateInput({ resource, element: input }));
        if (refused.length)
          alarm(
            `\u2716 SPEC VIOLATION: the simulator took a request Prism refuses (${request.method} ${new URL(request.url).pathname}):\n  ${describe(refused).join('\n  ')}`,
          );
      }
      return checked(request, resource, response, text);
    };

  const { createInstance } = prismRequire('./dist/index.js');
  const { getHttpConfigFromRequest } = createRequire(cli.resolve('@stoplight/prism-http-server/package.json'))(
    './dist/getHttpConfigFromRequest.js',
  );
  const prism = createInstance(
    {
      mock: { dynamic: false },
      checkSecurity: true,
      validateRequest: true,
      validateResponse: true,
      errors: true,
      upstreamProxy: undefined,
      isProxy: false,
    },
    { logger: quiet },
  );

  /** Prism's own errors, as Astra's problem documents. */
  function prismError(error, path) {
    const kind = String(error.name ?? '').replace(/^https:\/\/stoplight\.io\/prism\/errors#/, '');
    if (kind === 'UNAUTHORIZED') return problemResponse(3);
    if (kind === 'NO_PATH_MATCHED_ERROR') return problemResponse(2, { detail: `There is no collection at ${path}.` });
    if (kind === 'UNPROCESSABLE_ENTITY')
      return problemResponse(7, { status: 400, detail: error.detail || 'The request is not valid.' });
    return problemResponse(96, { status: error.status || 500, detail: `${error.message}: ${error.detail ?? ''}` });
  }

  return async (request, simulator) => {
    const forwarding = forwardingOf(simulator);
    if (!forwarding) throw new Error('MOCK=examples needs a simulator made by createAstraSimulator');
    const admission = await forwarding.admit(request);
    if (admission.kind === 'answer') return admission.response;
    if (admission.kind === 'drop') return Response.error();
    if (admission.kind === 'stall') {
      await new Promise((resolve) =>
        request.signal.aborted ? resolve() : request.signal.addEventListener('abort', resolve, { once: true }),
      );
      return Response.error();
    }
    const answered = (response) => {
      admission.answered(response.status);
      return response;
    };
    const { pathname } = new URL(request.url);
    const method = request.method.toUpperCase();
    // Protocol answers (405 with Allow, OPTIONS, a path the API lacks) and a missing or
    // foreign token (Astra's problem 3) are the core's, as Astra gives them.
    if (
      !allowedMethods(pathname)?.includes(method) ||
      method === 'OPTIONS' ||
      !hasBearer(request.headers.get('authorization'))
    )
      return answered(await forwarding.handleUncontrolled(request));
    const bytes = request.body ? new Uint8Array(await request.arrayBuffer()) : undefined;
    const text = bytes ? new TextDecoder().decode(bytes) : '';
    // The core judges the request first (media type, JSON, fields, query): its refusal is the
    // answer. What it would find or not (404, 409) is the example mock's to answer, and so is
    // Prefer (dynamic=true is Prism's alone): the core sees the request without it.
    const withoutPrefer = new Headers(request.headers);
    withoutPrefer.delete('prefer');
    const judged = await forwarding.handleUncontrolled(
      new Request(request.url, {
        method,
        headers: withoutPrefer,
        body: bytes?.length ? bytes : null,
        signal: request.signal,
      }),
    );
    if (judged.status >= 400 && judged.status < 500 && judged.status !== 404 && judged.status !== 409)
      return answered(judged);
    void judged.body?.cancel();
    const head = method === 'HEAD';
    const input = prismInput(request, text);
    if (head) input.method = 'get';
    const config = getHttpConfigFromRequest(input);
    if (E.isLeft(config)) return answered(prismError(config.left, pathname));
    const result = await prism.request(input, operations, { mock: { dynamic: false, ...config.right } })();
    if (E.isLeft(result)) return answered(prismError(result.left, pathname));
    const { output, validations } = result.right;
    const broken = validations.output.filter((v) => v.severity === 0);
    if (broken.length) {
      alarm(
        `\u2716 SPEC VIOLATION: the example answer to ${method} ${pathname} broke the spec:\n  ${describe(broken).join('\n  ')}`,
      );
      return answered(
        problemResponse(96, { status: 500, detail: `The example broke the spec: ${describe(broken).join('; ')}` }),
      );
    }
    const body =
      output.body === undefined || output.body === null
        ? null
        : typeof output.body === 'string'
          ? output.body
          : JSON.stringify(output.body);
    const headers = { ...output.headers };
    if (head) headers['content-length'] = String(Buffer.byteLength(body ?? ''));
    return answered(new Response(head ? null : body, { status: output.statusCode, headers }));
  };
}
