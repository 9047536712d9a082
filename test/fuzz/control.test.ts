// The control endpoints (/__astra/…), fuzzed as the API is: valid requests answer as the
// control guide documents them (status and shape); invalid ones (a wrong field, a value out
// of range, a body where none is taken, text that is no JSON, deep nesting, a method or an
// endpoint that does not exist, a page's Origin, a wrong token) get a 4xx problem document
// and change nothing; nothing ever gets a 5xx. In process (handleControl, as MSW and the
// servers call it) and over HTTP (the packaged server).
import fc from 'fast-check';
import { afterAll, beforeAll, describe, it } from 'vitest';
import {
  type AstraSimulator,
  createAstraSimulator,
  EXAMPLE_ACCOUNT,
  EXAMPLE_APPS,
  handleControl,
  OPERATION_IDS,
  SIMULATOR_LIMITS,
} from '../../src/mock/index.js';
import { type MockServer, startMockServer } from '../../src/mock-server/index.js';
import type { FuzzRequest } from './arbitraries.js';
import { describeExchange, type FuzzAnswer, problemDocumentProblems } from './oracle.js';
import { fuzz, handlerTarget, httpTarget, settings, type Target } from './targets.js';

const OTHER_ACCOUNT = '00000000-0000-4000-8000-00000000c0de';
const ENDPOINTS: Record<string, string[]> = {
  reset: ['POST'],
  fixtures: ['GET', 'POST'],
  latency: ['GET', 'POST', 'DELETE'],
  faults: ['GET', 'POST', 'DELETE'],
  time: ['GET', 'POST'],
  journal: ['GET', 'DELETE'],
};

const request = (method: string, endpoint: string, body?: string, extra: Partial<FuzzRequest> = {}): FuzzRequest => ({
  operationId: undefined,
  method,
  path: `/__astra/${endpoint}`,
  query: '',
  headers: body === undefined ? {} : { 'content-type': 'application/json' },
  ...(body === undefined ? {} : { body }),
  ...extra,
});

const operationId = fc.option(fc.constantFrom(...OPERATION_IDS), { nil: undefined });
const scoped = <T extends object>(rule: T, id: string | undefined) =>
  id === undefined ? rule : { ...rule, operationId: id };
const ms = fc.integer({ min: 0, max: SIMULATOR_LIMITS.latencyMs });

const validLatency = fc.oneof(
  fc.tuple(ms, operationId).map(([value, id]) => scoped({ ms: value }, id)),
  fc.tuple(ms, ms, operationId).map(([a, b, id]) => scoped({ minMs: Math.min(a, b), maxMs: Math.max(a, b) }, id)),
);
const validFault = fc
  .record(
    {
      fault: fc.oneof(fc.integer({ min: 400, max: 599 }), fc.constantFrom('drop', 'stall')),
      times: fc.oneof(fc.integer({ min: 1, max: 1_000_000 }), fc.constant('always')),
      share: fc.double({ min: 0.01, max: 1, noNaN: true }),
      retryAfter: fc.integer({ min: 0, max: 86_400 }),
      detail: fc.string({ maxLength: 50 }),
    },
    { requiredKeys: ['fault'] },
  )
  .chain((rule) => operationId.map((id) => scoped(rule, id)))
  .map((rule) => {
    // retryAfter and detail go with a status fault only.
    if (typeof rule.fault === 'number') return rule;
    const { retryAfter: _r, detail: _d, ...rest } = rule;
    return rest;
  });
const validTime = fc.oneof(
  fc.constant({ freeze: true }),
  fc.constant({ resume: true }),
  fc.record({ scale: fc.double({ min: 0.001, max: 100_000, noNaN: true }) }),
  fc.record({ advanceMs: fc.integer({ min: 0, max: 86_400_000 }) }),
);
const validFixture = fc
  .tuple(fc.constantFrom(EXAMPLE_ACCOUNT, OTHER_ACCOUNT), fc.stringMatching(/^[a-z][a-z0-9-]{0,20}[a-z0-9]$/))
  .map(([account, name]) => ({
    accounts: [
      {
        id: account,
        apps: [
          {
            id: EXAMPLE_APPS.shop,
            backups: [
              {
                type: 'application/astra-appBackup',
                version: '1.1',
                id: '00000000-0000-4000-8000-0000000b0001',
                name,
                bucketID: '0afbe357-a717-4c7a-8b3d-d0368959c8de',
                state: 'completed',
                stateUnready: [],
                metadata: {
                  labels: [],
                  creationTimestamp: '2026-11-01T00:00:00.000Z',
                  modificationTimestamp: '2026-11-01T00:04:00.000Z',
                  createdBy: '8f84cf09-8036-51e4-b579-bd30cb07b269',
                },
              },
            ],
          },
        ],
      },
    ],
  }));

/** A valid control request, and the status and shape its answer must have. */
interface ValidCase {
  request: FuzzRequest;
  status: number;
  shape: (body: Record<string, unknown>) => boolean;
}
const isArray = (key: string) => (b: Record<string, unknown>) => Array.isArray(b[key]);
const isClock = (b: Record<string, unknown>) =>
  typeof b.now === 'string' && typeof b.frozen === 'boolean' && typeof b.scale === 'number';
const validCase: fc.Arbitrary<ValidCase> = fc.oneof(
  fc.constantFrom(undefined, '{}').map((body) => ({
    request: request('POST', 'reset', body),
    status: 200,
    shape: (b: Record<string, unknown>) => b.reset === true && isClock(b.time as Record<string, unknown>),
  })),
  fc.constantFrom('', `?accountId=${EXAMPLE_ACCOUNT}`, `?accountId=${OTHER_ACCOUNT}`).map((query) => ({
    request: { ...request('GET', 'fixtures'), query },
    status: 200,
    shape: isArray('accounts'),
  })),
  validFixture.map((f) => ({
    request: request('POST', 'fixtures', JSON.stringify(f)),
    status: 200,
    shape: (b: Record<string, unknown>) => JSON.stringify(b.loaded) === JSON.stringify([f.accounts[0]?.id]),
  })),
  fc.constantFrom('latency', 'faults', 'journal').map((endpoint) => ({
    request: request('GET', endpoint),
    status: 200,
    shape: isArray(endpoint === 'journal' ? 'entries' : endpoint),
  })),
  fc.constantFrom('latency', 'faults', 'journal').map((endpoint) => ({
    request: request('DELETE', endpoint),
    status: 200,
    shape: (b: Record<string, unknown>) =>
      JSON.stringify(b) === JSON.stringify({ [endpoint === 'journal' ? 'entries' : endpoint]: [] }),
  })),
  validLatency.map((rule) => ({
    request: request('POST', 'latency', JSON.stringify(rule)),
    status: 200,
    shape: isArray('latency'),
  })),
  validFault.map((rule) => ({
    request: request('POST', 'faults', JSON.stringify(rule)),
    status: 201,
    shape: (b: Record<string, unknown>) =>
      typeof b.id === 'number' && b.fault === rule.fault && (b.remaining === null || typeof b.remaining === 'number'),
  })),
  validTime.map((step) => ({ request: request('POST', 'time', JSON.stringify(step)), status: 200, shape: isClock })),
  fc.constant({ request: request('GET', 'time'), status: 200, shape: isClock }),
);

const WRONG: unknown[] = [null, true, -1, 1.5, '', 'x', [], {}, 1e300, 'always'];
/** A value's JSON type ('array', 'null', 'object', 'number', …). */
const jsonType = (value: unknown) => (Array.isArray(value) ? 'array' : value === null ? 'null' : typeof value);
/**
 * An object with one field given a value of another JSON type, or one unknown field added. A value
 * of the field's own type may well be valid (`{ "accounts": [] }` loads nothing, `{ "resume": true }`
 * resumes, `"times": "always"` holds a fault: the long fuzz runs found these), so it adds an unknown field instead; the out-of-range
 * values have arbitraries of their own below.
 */
const broken = (valid: fc.Arbitrary<object>) =>
  fc.tuple(valid, fc.nat(), fc.constantFrom(...WRONG), fc.boolean()).map(([rule, k, wrong, add]) => {
    const keys = Object.keys(rule);
    const key = keys[k % keys.length] as string;
    const alike =
      jsonType(wrong) === jsonType((rule as Record<string, unknown>)[key]) || (key === 'times' && wrong === 'always');
    if (add || keys.length === 0 || alike) return { ...rule, surplus: wrong };
    return { ...rule, [key]: wrong };
  });

/** An invalid control request (the answer must be a 4xx problem, the state unchanged). */
const invalidRequest: fc.Arbitrary<FuzzRequest> = fc.oneof(
  // A field of a valid body made wrong (type, range, an unknown field).
  broken(validLatency).map((b) => request('POST', 'latency', JSON.stringify(b))),
  broken(validFault).map((b) => request('POST', 'faults', JSON.stringify(b))),
  broken(validTime).map((b) => request('POST', 'time', JSON.stringify(b))),
  broken(validFixture).map((b) => request('POST', 'fixtures', JSON.stringify(b))),
  // Out of range.
  fc.integer({ min: SIMULATOR_LIMITS.latencyMs + 1 }).map((n) => request('POST', 'latency', JSON.stringify({ ms: n }))),
  fc
    .oneof(fc.integer({ max: 399 }), fc.integer({ min: 600 }))
    .map((n) => request('POST', 'faults', JSON.stringify({ fault: n }))),
  fc.integer({ max: 0 }).map((n) => request('POST', 'faults', JSON.stringify({ fault: 503, times: n }))),
  // A body where none is taken.
  fc
    .tuple(
      fc.constantFrom(['POST', 'reset'], ['DELETE', 'latency'], ['DELETE', 'faults'], ['DELETE', 'journal']),
      fc.jsonValue(),
    )
    .filter(([, v]) => !(typeof v === 'object' && v !== null && !Array.isArray(v) && Object.keys(v).length === 0))
    .filter(([, v]) => v !== null)
    .map(([[method, endpoint], v]) => request(method as string, endpoint as string, JSON.stringify(v))),
  // Text that is no JSON, or JSON nested too deep, anywhere a body is read.
  fc
    .tuple(
      fc.constantFrom(
        ['POST', 'reset'],
        ['POST', 'fixtures'],
        ['POST', 'latency'],
        ['POST', 'faults'],
        ['POST', 'time'],
      ),
      fc.oneof(
        fc.string({ minLength: 1 }).filter((s) => {
          try {
            JSON.parse(s);
            return false;
          } catch {
            return s.trim() !== '';
          }
        }),
        fc
          .integer({ min: SIMULATOR_LIMITS.jsonDepth + 1, max: 100_000 })
          .map((n) => `${'['.repeat(n)}${']'.repeat(n)}`),
      ),
    )
    .map(([[method, endpoint], text]) => request(method as string, endpoint as string, text)),
  // An unknown endpoint, or a method an endpoint does not take.
  fc
    .stringMatching(/^[a-z]{1,12}$/)
    .filter((n) => !(n in ENDPOINTS))
    .map((n) => request('GET', n)),
  fc
    .tuple(fc.constantFrom(...Object.keys(ENDPOINTS)), fc.constantFrom('GET', 'POST', 'PUT', 'PATCH', 'DELETE'))
    .filter(([endpoint, method]) => !ENDPOINTS[endpoint]?.includes(method))
    .map(([endpoint, method]) => request(method, endpoint, method === 'GET' ? undefined : '{}')),
  // A page (an Origin) without the token; a token this server does not have.
  fc
    .tuple(fc.constantFrom(...Object.keys(ENDPOINTS)), fc.webUrl())
    .map(([endpoint, origin]) => ({ ...request('POST', endpoint, '{}'), headers: { origin: new URL(origin).origin } })),
  fc
    .tuple(fc.constantFrom(...Object.keys(ENDPOINTS)), fc.stringMatching(/^[\x21-\x7e]{1,40}$/))
    .map(([endpoint, token]) => ({ ...request('GET', endpoint), headers: { 'x-astra-control-token': token } })),
  // accountId that is not an account's id.
  fc
    .string({ maxLength: 40 })
    .filter((s) => !/^[0-9a-f]{8}-[0-9a-f]{4}-[45][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/.test(s))
    .map((s) => ({ ...request('GET', 'fixtures'), query: `?accountId=${encodeURIComponent(s)}` })),
);

/** Everything a control request could change, read through the target. */
async function stateOf(target: Target): Promise<string> {
  const parts: string[] = [];
  for (const endpoint of ['fixtures', 'latency', 'faults', 'time']) {
    const answer = await target.send(request('GET', endpoint));
    parts.push(answer.text);
  }
  return parts.join('\n');
}

async function exchange(target: Target, r: FuzzRequest): Promise<FuzzAnswer> {
  try {
    return await target.send(r);
  } catch (error) {
    throw new Error(
      `no answer: ${error instanceof Error ? error.message : String(error)}\n${describeExchange(r, undefined)}`,
    );
  }
}

function properties(target: () => Target, sim: () => AstraSimulator) {
  it('answers valid control requests as documented, never with a 5xx', async () => {
    await fuzz(
      fc.asyncProperty(validCase, async ({ request: r, status, shape }) => {
        sim().time.freeze();
        const answer = await exchange(target(), r);
        let body: Record<string, unknown> = {};
        try {
          body = JSON.parse(answer.text);
        } catch {}
        const problems: string[] = [];
        if (answer.status !== status) problems.push(`status ${answer.status}, not ${status}`);
        if (!(answer.headers.get('content-type') ?? '').startsWith('application/json'))
          problems.push(`Content-Type ${answer.headers.get('content-type')}`);
        if (!shape(body)) problems.push('the body is not what the guide documents');
        if (problems.length) throw new Error(`${problems.join('; ')}\n${describeExchange(r, answer)}`);
        // Rules and fixtures pile up over a run: back to the start now and then, within the limits.
        if (sim().faults.list().length > SIMULATOR_LIMITS.faultRules / 2) sim().faults.clear();
      }),
      settings(150, 2_500),
    );
  });

  it('refuses invalid control requests with a 4xx problem and changes nothing', async () => {
    await fuzz(
      fc.asyncProperty(invalidRequest, async (r) => {
        sim().time.freeze();
        const before = await stateOf(target());
        const answer = await exchange(target(), r);
        const problems = problemDocumentProblems(answer);
        const after = await stateOf(target());
        if (after !== before) problems.push('the state changed');
        if (problems.length) throw new Error(`${problems.join('; ')}\n${describeExchange(r, answer)}`);
      }),
      settings(200, 3_000),
    );
  });
}

describe('control endpoints, fuzzed in process (handleControl)', () => {
  let sim: AstraSimulator;
  beforeAll(() => {
    sim = createAstraSimulator({ backupMs: 10_000, seed: 'fuzz-control' });
  });
  properties(
    () => handlerTarget('handleControl', (r) => handleControl(sim, r, { loopback: true })),
    () => sim,
  );
});

describe('control endpoints, fuzzed over HTTP (the packaged server)', () => {
  let server: MockServer;
  beforeAll(async () => {
    server = await startMockServer({ port: 0, seed: 'fuzz-control-http' });
  });
  afterAll(() => server?.close());
  properties(
    () => httpTarget('packaged server', server.url),
    () => server.simulator as AstraSimulator,
  );
});
