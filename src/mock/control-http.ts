// The control operations over HTTP, under /__astra/ (no path of the API starts so), for
// the server modes. Safe by default: a web page must not be able to drive a developer's
// simulator. So:
// - the endpoints answer only to loopback peers, unless the request carries the server's
//   control token (`X-Astra-Control-Token`; a server beyond loopback needs one);
// - a request with an `Origin` header (a browser sends one with every cross-origin POST,
//   `no-cors` included) is refused unless it carries the control token: CORS headers alone
//   would not stop the request from running;
// - what changes state is never GET; the server's Host check runs before any of this;
// - bad input is a 400 naming the field, and changes nothing.
// Each operation gives the server one line to log.
import { checkAdvance, checkScale } from './clock.js';
import { type AstraSimulator, dumpTextOf } from './control.js';
import { ControlInputError, isRecord, onlyFields } from './control-error.js';
import { checkControlToken, SIMULATOR_LIMITS, SimulatorLimitError } from './limits.js';
import { type Answer, problem } from './problems.js';
import { parseJson, readText } from './simulator.js';

/** The path prefix of the control endpoints. */
export const CONTROL_PREFIX = '/__astra/';
/** The header that carries the control token. */
export const CONTROL_TOKEN_HEADER = 'x-astra-control-token';
const MAX_CONTROL_BODY = SIMULATOR_LIMITS.controlBodyBytes;

/** What the server knows of the connection, and how it is set up. */
export interface ControlContext {
  /** True when the peer's address is loopback (127.0.0.0/8, ::1). */
  loopback: boolean;
  /**
   * The server's control token, if it has one: 16 to 256 printable ASCII characters without spaces
   * (`checkControlToken`); requests that carry it are trusted from anywhere. @default none
   */
  controlToken?: string;
  /** Gets one line per control operation. @default nothing */
  log?: (line: string) => void;
  /** Where correlation ids of control problems come from. @default crypto.randomUUID */
  newId?: () => string;
}

/** True when `pathname` is a control endpoint's. */
export const isControlPath = (pathname: string): boolean =>
  pathname.startsWith(CONTROL_PREFIX) || pathname === '/__astra';

type Operation = (
  sim: AstraSimulator,
  body: unknown,
  url: URL,
) => { status: number; body?: unknown; text?: string[]; says: string };

const none = (body: unknown, field: string) => {
  if (body !== undefined && !(isRecord(body) && Object.keys(body).length === 0))
    throw new ControlInputError(field, 'takes no body');
};
const ms = (n: number) => `${n} ms`;

/** endpoint -> method -> operation. */
const ENDPOINTS: Record<string, Record<string, Operation>> = {
  reset: {
    POST(sim, body) {
      none(body, '(body)');
      sim.reset();
      return { status: 200, body: { reset: true, time: sim.time.state() }, says: 'reset to the seeded state' };
    },
  },
  fixtures: {
    GET(sim, _body, url) {
      const accountId = url.searchParams.get('accountId') ?? undefined;
      const asText = dumpTextOf(sim);
      if (asText) {
        // Written from each backup's own text: the largest dump costs no object per backup.
        const { text, accounts, backups } = asText(accountId);
        return { status: 200, text, says: `dumped ${accounts} account(s), ${backups} backup(s)` };
      }
      const dump = sim.dump(accountId === undefined ? {} : { accountId });
      const count = dump.accounts.reduce((n, a) => n + a.apps.reduce((m, p) => m + p.backups.length, 0), 0);
      return { status: 200, body: dump, says: `dumped ${dump.accounts.length} account(s), ${count} backup(s)` };
    },
    POST(sim, body) {
      sim.load(body);
      const accounts = (body as { accounts: { id: string }[] }).accounts;
      return {
        status: 200,
        body: { loaded: accounts.map((a) => a.id) },
        says: `loaded a fixture for ${accounts.length} account(s): ${accounts.map((a) => a.id).join(', ')}`,
      };
    },
  },
  latency: {
    GET: (sim) => ({ status: 200, body: { latency: sim.latency.list() }, says: 'read the latency rules' }),
    POST(sim, body) {
      sim.latency.set(body as never);
      const rule = body as { operationId?: string; ms?: number; minMs?: number; maxMs?: number };
      const delay = rule.ms !== undefined ? ms(rule.ms) : `${rule.minMs}-${rule.maxMs} ms`;
      return {
        status: 200,
        body: { latency: sim.latency.list() },
        says: `latency ${delay} on ${rule.operationId ?? 'every request'}`,
      };
    },
    DELETE(sim, body) {
      none(body, '(body)');
      sim.latency.clear();
      return { status: 200, body: { latency: [] }, says: 'latency cleared' };
    },
  },
  faults: {
    GET: (sim) => ({ status: 200, body: { faults: sim.faults.list() }, says: 'read the fault rules' }),
    POST(sim, body) {
      const rule = sim.faults.add(body as never);
      const count = rule.remaining === null ? 'every' : `the next ${rule.remaining}`;
      const share = rule.share === undefined ? '' : ` (a share of ${rule.share})`;
      return {
        status: 201,
        body: rule,
        says: `fault ${rule.id}: ${count} answer(s)${share} of ${rule.operationId ?? 'every operation'} -> ${rule.fault}`,
      };
    },
    DELETE(sim, body) {
      none(body, '(body)');
      sim.faults.clear();
      return { status: 200, body: { faults: [] }, says: 'faults cleared' };
    },
  },
  time: {
    GET: (sim) => ({ status: 200, body: sim.time.state(), says: 'read the clock' }),
    POST(sim, body) {
      if (!isRecord(body) || Object.keys(body).length === 0)
        throw new ControlInputError('(body)', 'must be an object with freeze, resume, scale or advanceMs');
      onlyFields(body, ['freeze', 'resume', 'scale', 'advanceMs'], '');
      for (const flag of ['freeze', 'resume'] as const)
        if (body[flag] !== undefined && body[flag] !== true) throw new ControlInputError(flag, 'must be true');
      if (body.freeze && body.resume) throw new ControlInputError('resume', 'cannot be given with freeze');
      // Every field is checked before anything moves: a bad advanceMs must not leave the clock frozen.
      const factor = body.scale === undefined ? undefined : checkScale(body.scale);
      const advance = body.advanceMs === undefined ? undefined : checkAdvance(body.advanceMs, sim.time.now());
      const said: string[] = [];
      const steps: (() => void)[] = [];
      if (body.freeze) steps.push(() => sim.time.freeze()) && said.push('frozen');
      if (body.resume) steps.push(() => sim.time.resume()) && said.push('resumed');
      if (factor !== undefined) steps.push(() => sim.time.scale(factor)) && said.push(`scale ${factor}`);
      if (advance !== undefined) steps.push(() => sim.time.advance(advance)) && said.push(`advanced ${ms(advance)}`);
      for (const step of steps) step();
      const state = sim.time.state();
      return { status: 200, body: state, says: `clock ${said.join(', ')}: now ${state.now}` };
    },
  },
  journal: {
    GET(sim) {
      const entries = sim.journal.entries();
      return { status: 200, body: { entries }, says: `read the journal (${entries.length} entries)` };
    },
    DELETE(sim, body) {
      none(body, '(body)');
      sim.journal.clear();
      return { status: 200, body: { entries: [] }, says: 'journal cleared' };
    },
  },
};

/** Compares without stopping at the first difference (the token's length is not secret). */
function sameToken(given: string, expected: string): boolean {
  if (given.length !== expected.length) return false;
  let diff = 0;
  for (let i = 0; i < given.length; i++) diff |= given.charCodeAt(i) ^ expected.charCodeAt(i);
  return diff === 0;
}

/** The body as JSON, read up to SIMULATOR_LIMITS.controlBodyBytes and parsed by the core's one reader. */
async function readJson(request: Request): Promise<{ value: unknown } | { why: string; status: number }> {
  const text = await readText(request, MAX_CONTROL_BODY);
  if (text === undefined)
    return {
      status: 413,
      why: `The body is over ${MAX_CONTROL_BODY} bytes (the simulator's limit controlBodyBytes).`,
    };
  if (text === null) return { status: 400, why: 'The body is not UTF-8.' };
  if (text.trim() === '') return { value: undefined };
  const parsed = parseJson(text);
  return 'why' in parsed ? { status: 400, why: parsed.why } : parsed;
}

const json = (status: number, body: unknown, headers: Record<string, string> = {}, text?: string[]): Response =>
  // A body in parts goes into a Blob as it is, never joined into one string.
  new Response(text ? new Blob(text) : JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json', 'cache-control': 'no-store', ...headers },
  });
const answer = (a: Answer): Response =>
  new Response(JSON.stringify(a.body), { status: a.status, headers: { ...a.headers, 'cache-control': 'no-store' } });

/** Answers one request to /__astra/…; the server has done its Host check already. */
export async function handleControl(sim: AstraSimulator, request: Request, context: ControlContext): Promise<Response> {
  // A server set up with an empty or short token would trust anyone sending that: refused as the CLI refuses it.
  if (context.controlToken !== undefined) checkControlToken(context.controlToken, 'context.controlToken');
  const url = new URL(request.url);
  const method = request.method.toUpperCase();
  const newId = context.newId ?? (() => crypto.randomUUID());
  const line = (status: number, says: string) =>
    context.log?.(`control ${method} ${url.pathname} -> ${status}: ${says}`);
  const refuse = (status: number, code: number, detail: string, headers: Record<string, string> = {}) => {
    line(status, `refused: ${detail}`);
    return answer(problem(code, newId(), { status, detail, headers }));
  };

  const given = request.headers.get(CONTROL_TOKEN_HEADER);
  let trusted = false;
  if (given !== null) {
    if (context.controlToken === undefined || !sameToken(given, context.controlToken))
      return refuse(403, 11, `The ${CONTROL_TOKEN_HEADER} header does not carry this server's control token.`);
    trusted = true;
  }
  if (!trusted && !context.loopback)
    return refuse(
      403,
      11,
      `The control endpoints answer only on loopback; from another machine, start the server with a control token (ASTRA_MOCK_CONTROL_TOKEN) and send it in ${CONTROL_TOKEN_HEADER}.`,
    );
  if (!trusted && request.headers.has('origin'))
    return refuse(
      403,
      11,
      `A request with an Origin header (a web page) may not drive the simulator: send the control token in ${CONTROL_TOKEN_HEADER}, or call from a script or a test.`,
    );

  const name = url.pathname.slice(CONTROL_PREFIX.length);
  const endpoint = Object.hasOwn(ENDPOINTS, name) ? ENDPOINTS[name] : undefined;
  if (!endpoint)
    return refuse(
      404,
      2,
      `There is no control endpoint at ${url.pathname}; they are ${Object.keys(ENDPOINTS)
        .map((n) => CONTROL_PREFIX + n)
        .join(', ')}.`,
    );
  const operation = endpoint[method];
  const allow = Object.keys(endpoint).join(', ');
  if (!operation)
    return refuse(405, 11, `${method} is not an operation of ${url.pathname}; it takes ${allow}.`, { allow });

  const read = method === 'GET' ? { value: undefined } : await readJson(request);
  if ('why' in read) return refuse(read.status, 7, read.why);
  try {
    const done = operation(sim, read.value, url);
    line(done.status, done.says);
    return json(done.status, done.body, {}, done.text);
  } catch (error) {
    if (error instanceof SimulatorLimitError) {
      line(409, `refused: ${error.message}`);
      return answer(
        problem(11, newId(), {
          status: 409,
          detail: `${error.message} Nothing was changed.`,
          members: { limit: error.limit },
        }),
      );
    }
    if (!(error instanceof ControlInputError)) throw error;
    line(400, `refused: ${error.message}`);
    return answer(
      problem(8, newId(), {
        status: 400,
        detail: `${error.message}. Nothing was changed.`,
        invalidFields: [{ name: error.field, reason: error.reason }],
      }),
    );
  }
}
