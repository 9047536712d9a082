// The simulator core's protocol rules and the mock defects of issue 22 (items 6-11),
// through `sim.fetch` with no server: Astra's 401 for every missing or foreign token,
// 405 with Allow, HEAD as GET without a body, CORS, failed backups that say why, every
// refused create changing nothing, and an answer that breaks the spec never served.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  type AstraSimulator,
  corsHeaders,
  createAstraSimulator,
  EXAMPLE_ACCOUNT,
  EXAMPLE_APPS,
  EXAMPLE_BACKUP,
  EXAMPLE_COMPLETED_BACKUP,
  isPreflight,
  preflightHeaders,
} from '../../src/mock/index.js';
import { createSimulatorCore } from '../../src/mock/simulator.js';
import { deref, loadSpec, root } from '../support/spec.js';

const spec = loadSpec();
const BASE = `http://astra.test/accounts/${EXAMPLE_ACCOUNT}`;
const APP_PATH = `${BASE}/k8s/v1/apps/${EXAMPLE_APPS.shop}/appBackups`;
const auth = { authorization: 'Bearer any-token' };
const RESOURCE = 'application/astra-appBackup+json';

let clock: number;
let violations: { operationId: string; status: number; errors: string[] }[];
let sim: AstraSimulator;
beforeEach(() => {
  clock = Date.parse('2026-11-28T00:00:00Z');
  violations = [];
  sim = createAstraSimulator({ backupMs: 1_000, now: () => clock, onViolation: (v) => violations.push(v) });
});

async function call(url: string, init: RequestInit = {}) {
  const response = await sim.fetch(url, { ...init, headers: { ...auth, ...(init.headers as object) } });
  const text = await response.text();
  // biome-ignore lint/suspicious/noExplicitAny: read field by field
  const body: any = text === '' ? undefined : JSON.parse(text);
  return { status: response.status, headers: response.headers, body, text };
}

/** A create request; `contentType: null` sends bytes, so that fetch adds no Content-Type either. */
const createInit = (body: unknown, contentType: string | null = RESOURCE): RequestInit => {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  return {
    method: 'POST',
    headers: contentType ? { 'content-type': contentType } : {},
    body: contentType ? text : new TextEncoder().encode(text),
  };
};
const newBackup = (extra: Record<string, unknown> = {}) => ({
  type: 'application/astra-appBackup',
  version: '1.1',
  ...extra,
});
/** The ids and names of every backup of the account: what a refused request must not change. */
async function snapshot(): Promise<string[]> {
  const { body } = await call(`${BASE}/topology/v1/appBackups?include=id,name`);
  return body.items.map((row: string[]) => row.join(' '));
}

describe("Astra's 401 everywhere", () => {
  it.each([
    ['no Authorization header', undefined],
    ['an empty one', ''],
    ['Bearer with no token', 'Bearer '],
    ['another scheme (Basic)', 'Basic eDp5'],
    ['a bare token', 'any-token'],
  ])('answers %s with problem 3 and WWW-Authenticate: Bearer', async (_, authorization) => {
    const response = await sim.fetch(`${BASE}/topology/v1/appBackups`, {
      headers: authorization === undefined ? {} : { authorization },
    });
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe('Bearer');
    expect(await response.json()).toMatchObject({ type: 'https://astra.netapp.io/problems/3', status: '401' });
  });

  it('answers a token no header should carry with problem 4', async () => {
    const response = await sim.fetch(`${BASE}/topology/v1/appBackups`, {
      headers: { authorization: 'Bearer a\u00e9b' },
    });
    expect(response.status).toBe(401);
    expect((await response.json()).type).toBe('https://astra.netapp.io/problems/4');
  });
});

describe('methods: 405 with Allow, HEAD, OPTIONS (issue 22 item 9)', () => {
  it.each([
    ['PUT', `${BASE}/topology/v1/appBackups`, 'GET, HEAD, OPTIONS'],
    ['PATCH', `${BASE}/topology/v1/appBackups/${EXAMPLE_BACKUP}`, 'GET, HEAD, DELETE, OPTIONS'],
    ['POST', `${BASE}/topology/v1/appBackups`, 'GET, HEAD, OPTIONS'],
    ['DELETE', APP_PATH, 'GET, HEAD, POST, OPTIONS'],
    ['POST', `${APP_PATH}/${EXAMPLE_BACKUP}`, 'GET, HEAD, DELETE, OPTIONS'],
  ])('answers %s %s with 405, Allow and an Astra problem', async (method, url, allow) => {
    const answer = await call(url, { method });
    expect(answer.status).toBe(405);
    expect(answer.headers.get('allow')).toBe(allow);
    expect(answer.headers.get('content-type')).toBe('application/problem+json');
    expect(answer.body).toMatchObject({ type: expect.stringMatching(/^https:\/\/astra\.netapp\.io\/problems\/\d+$/) });
    expect(answer.body.status).toBe('405');
    expect(violations).toEqual([]);
  });

  it('answers HEAD as the GET of the same path, without a body', async () => {
    for (const url of [`${BASE}/topology/v1/appBackups?limit=2`, `${BASE}/topology/v1/appBackups/${EXAMPLE_BACKUP}`]) {
      const get = await call(url);
      const head = await call(url, { method: 'HEAD' });
      expect(head.status).toBe(get.status);
      expect(head.headers.get('content-type')).toBe(get.headers.get('content-type'));
      expect(head.text).toBe('');
    }
    expect(
      (await call(`${BASE}/topology/v1/appBackups/00000000-0000-4000-8000-000000000000`, { method: 'HEAD' })).status,
    ).toBe(404);
  });

  it('answers a path the API does not have with 404 problem 2, and OPTIONS with Allow', async () => {
    const missing = await call(`${BASE}/topology/v1/snapshots`);
    expect([missing.status, missing.body.type]).toEqual([404, 'https://astra.netapp.io/problems/2']);
    const options = await call(APP_PATH, { method: 'OPTIONS' });
    expect([options.status, options.headers.get('allow')]).toEqual([204, 'GET, HEAD, POST, OPTIONS']);
  });
});

describe('CORS rule shared by every server in front of the core', () => {
  it('allows any header the preflight asks for (Authorization and tracing headers included), no credentials', () => {
    const headers = preflightHeaders('authorization, content-type, traceparent, x-request-id');
    expect(headers['access-control-allow-headers']).toBe('authorization, content-type, traceparent, x-request-id');
    expect(headers['access-control-allow-origin']).toBe('*');
    expect(headers['access-control-allow-methods']).toContain('DELETE');
    expect(headers).not.toHaveProperty('access-control-allow-credentials');
    expect(preflightHeaders(null)).not.toHaveProperty('access-control-allow-headers');
    expect(isPreflight('OPTIONS', 'POST')).toBe(true);
    expect(isPreflight('OPTIONS', null)).toBe(false);
  });

  it('exposes every response header', () => {
    const headers = corsHeaders(['Content-Type', 'Location', 'X-Correlation', 'access-control-allow-origin']);
    expect(headers['access-control-expose-headers']).toBe('*, content-type, location, x-correlation');
    expect(headers['access-control-allow-origin']).toBe('*');
  });
});

describe('failed backups say why', () => {
  it('a fail- backup ends failed with stateUnready and stateDetails (title and detail)', async () => {
    const created = await call(APP_PATH, createInit(newBackup({ name: 'fail-demo' })));
    expect(created.status).toBe(201);
    clock += 1_000;
    const failed = await call(`${BASE}/topology/v1/appBackups/${created.body.id}`);
    expect(failed.body.state).toBe('failed');
    expect(failed.body.stateUnready).toEqual([expect.stringMatching(/bucket/)]);
    expect(failed.body.stateDetails).toEqual([
      { type: expect.any(String), title: expect.any(String), detail: expect.stringMatching(/bucket/) },
    ]);
    const schema = deref(spec, { $ref: '#/components/schemas/StateDetails' }) as {
      properties: { title: { maxLength: number } };
    };
    expect(failed.body.stateDetails[0].title.length).toBeLessThanOrEqual(schema.properties.title.maxLength);
    expect(violations).toEqual([]);
  });

  it('the seeded failed backups carry stateDetails too, and include can ask for them', async () => {
    const { body } = await call(
      `${BASE}/k8s/v1/apps/${EXAMPLE_APPS.states}/appBackups?include=name,state,stateDetails`,
    );
    const failed = body.items.find((row: unknown[]) => row[1] === 'failed');
    expect(failed[2]).toEqual([expect.objectContaining({ title: expect.any(String), detail: expect.any(String) })]);
  });
});

describe('issue 22, item 6: a DELETE body of null, false or 0', () => {
  it.each(['null', 'false', '0'])(
    'answers a DELETE with the JSON body %s at once, with a 400 problem',
    async (body) => {
      const before = await snapshot();
      const answer = await call(`${BASE}/topology/v1/appBackups/${EXAMPLE_COMPLETED_BACKUP}`, {
        method: 'DELETE',
        headers: { 'content-type': 'application/json' },
        body,
      });
      expect(answer.status).toBe(400);
      expect(answer.body).toMatchObject({ type: 'https://astra.netapp.io/problems/8' });
      expect(answer.body.invalidFields).toEqual([expect.objectContaining({ name: '(body)' })]);
      expect(await snapshot()).toEqual(before);
    },
  );
});

describe('issue 22, items 7 and 8: the whole create body is checked against the spec, and a refusal changes nothing', () => {
  it.each([
    [
      'a repeated label',
      {
        metadata: {
          labels: [
            { name: 'a', value: 'b' },
            { name: 'a', value: 'b' },
          ],
        },
      },
      'metadata.labels',
    ],
    ['metadata.creationTimestamp: 5', { metadata: { creationTimestamp: 5 } }, 'metadata.creationTimestamp'],
    ['metadata.modifiedBy: false', { metadata: { modifiedBy: false } }, 'metadata.modifiedBy'],
    [
      'metadata.modificationTimestamp: null',
      { metadata: { modificationTimestamp: null } },
      'metadata.modificationTimestamp',
    ],
    ['an unknown key in metadata', { metadata: { colour: 'blue' } }, 'metadata.colour'],
    [
      'an unknown key in a label',
      { metadata: { labels: [{ name: 'a', value: 'b', colour: 1 }] } },
      'metadata.labels[0].colour',
    ],
    ['a label without a value', { metadata: { labels: [{ name: 'a' }] } }, 'metadata.labels[0].value'],
    ['a name that is no DNS-1123 label', { name: 'Nightly_1' }, 'name'],
    ['a field that is not the resource’s', { state: 'completed' }, 'state'],
    ['a bad bucketID', { bucketID: 'nope' }, 'bucketID'],
    ['a wrong version', { version: '2.0' }, 'version'],
  ])('answers a body with %s with 400 problem 8 naming the field, and stores nothing', async (_, extra, field) => {
    const before = await snapshot();
    const answer = await call(APP_PATH, createInit(newBackup({ name: 'refused', ...extra })));
    expect(answer.status).toBe(400);
    expect(answer.body.type).toBe('https://astra.netapp.io/problems/8');
    expect(answer.body.invalidFields.map((f: { name: string }) => f.name)).toContain(field);
    expect(await snapshot()).toEqual(before);
    // The name was not taken by the refused request.
    const retry = await call(APP_PATH, createInit(newBackup({ name: 'refused' })));
    expect(retry.status).toBe(201);
    expect(violations).toEqual([]);
  });

  it('names every missing required field', async () => {
    const answer = await call(APP_PATH, createInit({ bucketID: 'nope' }));
    expect(answer.body.invalidFields.map((f: { name: string }) => f.name)).toEqual(['type', 'version', 'bucketID']);
  });

  it.each([
    ['text/plain', 'text/plain'],
    ['application/json', 'application/json'],
    ['no Content-Type', null],
    ['application/x-www-form-urlencoded', 'application/x-www-form-urlencoded'],
  ])('answers a create sent as %s with 400 problem 7, and stores nothing', async (_, contentType) => {
    const before = await snapshot();
    const init = createInit(newBackup({ name: 'wrong-type' }), contentType);
    const answer = await call(APP_PATH, init);
    expect(answer.status).toBe(400);
    expect(answer.body.type).toBe('https://astra.netapp.io/problems/7');
    expect(answer.body.detail).toContain('application/astra-appBackup+json');
    expect(await snapshot()).toEqual(before);
  });

  it.each([
    ['an empty body', 7, ''],
    ['a body that is not JSON', 7, '{"type":'],
    ['a JSON array', 8, '[]'],
    ['JSON null', 8, 'null'],
    ['JSON nested 10,000 deep', 7, `${'['.repeat(10_000)}${']'.repeat(10_000)}`],
  ])('answers %s with 400 problem %i', async (_, code, body) => {
    const answer = await call(APP_PATH, createInit(body));
    expect(answer.status).toBe(400);
    expect(answer.body.type).toBe(`https://astra.netapp.io/problems/${code}`);
  });

  it('answers a body over 1 MiB with problem 7', async () => {
    const answer = await call(APP_PATH, createInit(newBackup({ name: 'x'.repeat(1_100_000) })));
    expect(answer.status).toBe(400);
    expect(answer.body.type).toBe('https://astra.netapp.io/problems/7');
  });
});

describe('issue 22, item 10: nothing a request sends can crash the simulator', () => {
  it('answers a body whose keys are outside Latin-1 with problem 8, and keeps answering', async () => {
    const answer = await call(APP_PATH, createInit(newBackup({ metadata: { '\u2603': 1 } })));
    expect(answer.status).toBe(400);
    expect(answer.body.invalidFields).toEqual([expect.objectContaining({ name: 'metadata.\u2603' })]);
    expect((await call(`${BASE}/topology/v1/appBackups?limit=1`)).status).toBe(200);
  });

  it('answers a path with a broken percent-escape, or non-Latin-1 ids, with a problem', async () => {
    expect((await call(`${BASE}/topology/v1/appBackups/%E0%A4%A`)).status).toBe(404);
    expect((await call(`${BASE}/topology/v1/appBackups/%E2%98%83`)).status).toBe(404);
  });
});

describe('query parameters no operation declares', () => {
  it.each([
    ['GET', `${BASE}/topology/v1/appBackups/${EXAMPLE_BACKUP}?page=1`, {}],
    ['DELETE', `${BASE}/topology/v1/appBackups/${EXAMPLE_COMPLETED_BACKUP}?offset=`, {}],
    ['POST', `${APP_PATH}?%E2%98%83=x`, createInit(newBackup({ name: 'with-query' }))],
  ])('answers %s %s with 400 problem 6 naming the parameter, and changes nothing', async (method, url, init) => {
    const before = await snapshot();
    const answer = await call(url, { ...init, method });
    expect(answer.status).toBe(400);
    expect(answer.body.type).toBe('https://astra.netapp.io/problems/6');
    expect(answer.body.invalidParams).toEqual([expect.objectContaining({ name: expect.any(String) })]);
    expect(await snapshot()).toEqual(before);
    expect(violations).toEqual([]);
  });
});

describe('issue 22, item 11: the spec and the simulator agree', () => {
  it('accepts the continue token the spec documents', async () => {
    const parameter = deref(spec, { $ref: '#/components/parameters/Continue' }) as { example: string };
    const answer = await call(`${BASE}/topology/v1/appBackups?include=id&continue=${parameter.example}`);
    expect(answer.status).toBe(200);
    const all = await call(`${BASE}/topology/v1/appBackups?include=id`);
    // {"offset":2}: the page starts after the first two.
    expect(answer.body.items[0]).toEqual(all.body.items[2]);
  });

  it('takes any limit the spec allows (digits from 1 up, no maximum)', async () => {
    const limit = deref(spec, { $ref: '#/components/parameters/Limit' }) as {
      schema: { pattern: string; maximum?: unknown };
    };
    expect(limit.schema.maximum).toBeUndefined();
    for (const value of ['1000000000', '99999999999999999999999']) {
      const answer = await call(`${BASE}/topology/v1/appBackups?include=id&limit=${value}`);
      expect(answer.status).toBe(200);
      expect(answer.body.metadata.continue).toBeUndefined();
    }
  });

  it('judges a DELETE body before looking the backup up: a refused body is a 400 whether or not the backup is there', async () => {
    const missing = `${BASE}/k8s/v1/apps/${EXAMPLE_APPS.nightly}/appBackups/${EXAMPLE_COMPLETED_BACKUP}`;
    const refused = await call(missing, {
      method: 'DELETE',
      headers: { 'content-type': 'application/problem+json' },
      body: '{}',
    });
    expect(refused.status).toBe(400);
    expect(refused.body).toMatchObject({ status: '400' });
    expect((await call(missing, { method: 'DELETE' })).status).toBe(404);
  });

  it('refuses a DELETE body that breaks the DELETE body schema, as the schema says, and takes one that fits', async () => {
    const url = `${BASE}/topology/v1/appBackups/${EXAMPLE_COMPLETED_BACKUP}`;
    const refused = await call(url, {
      method: 'DELETE',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ type: 'something-else' }),
    });
    expect(refused.status).toBe(400);
    expect(refused.body.invalidFields).toEqual([expect.objectContaining({ name: 'type' })]);
    const taken = await call(url, {
      method: 'DELETE',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(newBackup()),
    });
    expect(taken.status).toBe(204);
  });
});

describe('an answer that breaks the spec is never served', () => {
  it('becomes a 500 problem and is reported through onViolation', async () => {
    const reported: typeof violations = [];
    const broken = createSimulatorCore(
      { now: () => clock, onViolation: (v) => reported.push(v) },
      {
        tamper: (answer) => {
          if (answer.status === 200 && answer.body && typeof answer.body === 'object')
            (answer.body as Record<string, unknown>).percentDone = 150;
        },
      },
    );
    const response = await broken.fetch(`${BASE}/topology/v1/appBackups/${EXAMPLE_BACKUP}`, { headers: auth });
    expect(response.status).toBe(500);
    const body = await response.json();
    expect(body).toMatchObject({ type: 'https://astra.netapp.io/problems/95', status: '500' });
    expect(body.detail).toContain('percentDone');
    expect(reported).toEqual([
      { operationId: 'getAppBackup', status: 200, errors: [expect.stringContaining('percentDone')] },
    ]);
  });

  it('undoes a create whose answer broke the spec, so that nothing unservable is kept', async () => {
    const reported: typeof violations = [];
    const broken = createSimulatorCore(
      { now: () => clock, onViolation: (v) => reported.push(v) },
      {
        tamper: (answer, operationId) => {
          if (operationId === 'createAppBackupForApp' && answer.status === 201) delete answer.headers['content-type'];
        },
      },
    );
    const before = await (await broken.fetch(`${APP_PATH}?include=id`, { headers: auth })).json();
    const response = await broken.fetch(APP_PATH, {
      ...createInit(newBackup({ name: 'kept' })),
      headers: { ...auth, 'content-type': RESOURCE },
    });
    expect(response.status).toBe(500);
    expect(reported).toHaveLength(1);
    const after = await (await broken.fetch(`${APP_PATH}?include=id`, { headers: auth })).json();
    expect(after.items).toEqual(before.items);
  });

  it('logs a violation with console.error when no onViolation is given', async () => {
    const lines: unknown[] = [];
    const original = console.error;
    console.error = (...args: unknown[]) => lines.push(args.join(' '));
    try {
      const broken = createSimulatorCore(
        { now: () => clock },
        { tamper: (answer) => Object.assign(answer, { status: 418 }) },
      );
      expect((await broken.fetch(`${BASE}/topology/v1/appBackups?limit=1`, { headers: auth })).status).toBe(500);
    } finally {
      console.error = original;
    }
    expect(lines).toEqual([expect.stringContaining('SPEC VIOLATION')]);
  });
});

describe('the core is runtime-neutral', () => {
  const FORBIDDEN: [string, RegExp][] = [
    ['Buffer', /\bBuffer\b/],
    ['a node: import', /\bfrom\s*['"]node:|\brequire\(\s*['"]node:|import\(\s*['"]node:/],
    ['process', /\bprocess\s*\./],
    ['eval', /\beval\s*\(/],
    ['new Function', /\bnew\s+Function\b/],
    ['require', /\brequire\s*\(/],
  ];
  const sources = [
    ...readdirSync(join(root, 'src', 'mock')).map((f) => join('src', 'mock', f)),
    'generated/mock-validators.js',
    'generated/mock-spec.ts',
  ];

  it.each(sources)('%s uses no Node-only API and compiles no code', (file) => {
    const text = readFileSync(join(root, file), 'utf8');
    for (const [what, pattern] of FORBIDDEN) expect(pattern.test(text), `${file} uses ${what}`).toBe(false);
  });

  it('the built entry (dist/mock.js and dist/mock.cjs) uses none either', () => {
    for (const file of ['dist/mock.js', 'dist/mock.cjs']) {
      const text = readFileSync(join(root, file), 'utf8');
      for (const [what, pattern] of FORBIDDEN.filter(([what]) => what !== 'require'))
        expect(pattern.test(text), `${file} uses ${what}`).toBe(false);
    }
  });
});
