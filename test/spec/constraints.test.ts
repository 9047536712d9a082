// Each constraint taken from NetApp's reference (TRANSCRIPTION.md, C1–C9), broken on
// purpose: a request that breaks one is refused by Prism's request validation (the
// static mock) and, where the SDK checks that input, by the SDK before any request; a
// response that breaks one is refused by the spec's schema.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPrism } from '../../scripts/lib/prism.mjs';
import { createAstraClient, InvalidInputError } from '../../src/sdk/index.js';
import { exampleCases, loadSpec, makeValidator } from '../support/spec.js';

const spec = loadSpec();
const validatorFor = makeValidator(spec);
const ACCOUNT = '9ff53b28-2a88-4b1c-8b4a-2d3c1a4f0b5e';
const APP = '2b7d3f5c-1e8a-4c6b-9d0e-7f1a2b3c4d5e';
const BACKUP = '54fe651d-3d3b-5fa8-b85c-5db757885ff3';
const auth = { authorization: 'Bearer constraints' };
// biome-ignore lint/suspicious/noExplicitAny: examples are broken field by field, and the schema judges them
type Loose = Record<string, any>;
const createBody = { type: 'application/astra-appBackup', version: '1.1', name: 'ok' };
let prism: Awaited<ReturnType<typeof startPrism>>;

beforeAll(async () => {
  prism = await startPrism({ extraArgs: ['-v', 'error'] });
});
afterAll(async () => {
  await prism?.stop();
});

/** Sends a raw request to the static mock; returns its status and the request violations it reported. */
async function send(method: string, path: string, body?: unknown) {
  const response = await fetch(`${prism.url}${path}`, {
    method,
    headers: {
      ...auth,
      accept: 'application/astra-appBackup+json, application/json, application/problem+json',
      ...(body === undefined ? {} : { 'content-type': 'application/astra-appBackup+json' }),
    },
    body: body === undefined ? null : JSON.stringify(body),
  });
  await response.arrayBuffer();
  const violations = JSON.parse(response.headers.get('sl-violations') ?? '[]') as { location: string[] }[];
  // Prism names the place as ['request', 'query', 'limit']: keep what follows 'request'.
  return { status: response.status, locations: violations.map((v) => v.location.slice(1).join('.')) };
}

const list = `/accounts/${ACCOUNT}/topology/v1/appBackups`;
const create = `/accounts/${ACCOUNT}/k8s/v1/apps/${APP}/appBackups`;

describe('requests that break a constraint: refused by the mock', () => {
  it('accepts the baseline requests', async () => {
    expect((await send('GET', `${list}?limit=2&continue=eyJvZmZzZXQiOjJ9`)).status).toBe(200);
    expect((await send('POST', create, createBody)).status).toBe(201);
  });

  it.each([
    [
      'C1 an account id that is no identifier',
      'GET',
      `/accounts/NOT-A-UUID/topology/v1/appBackups`,
      undefined,
      'path.account_id',
    ],
    [
      'C1 an upper-case app id',
      'POST',
      `/accounts/${ACCOUNT}/k8s/v1/apps/${APP.toUpperCase()}/appBackups`,
      createBody,
      'path.app_id',
    ],
    // Prism lower-cases path parameter names in what it reports.
    ['C1 a version-1 backup id', 'GET', `${list}/6ba7b810-9dad-11d1-80b4-00c04fd430c8`, undefined, 'path.appbackup_id'],
    ['C1 a bucketID that is no identifier', 'POST', create, { ...createBody, bucketID: 'bucket-1' }, 'body.bucketID'],
    ['C2 limit 0', 'GET', `${list}?limit=0`, undefined, 'query.limit'],
    ['C4 a continue token that is not base64', 'GET', `${list}?continue=not*base64`, undefined, 'query.continue'],
    ['C9 a field the create body does not have', 'POST', create, { ...createBody, state: 'completed' }, 'body'],
    [
      'C9 a label with a field it does not have',
      'POST',
      create,
      { ...createBody, metadata: { labels: [{ name: 'a', value: 'b', colour: 'c' }] } },
      'body.metadata.labels.0',
    ],
    [
      'C5 the same label twice',
      'POST',
      create,
      {
        ...createBody,
        metadata: {
          labels: [
            { name: 'a', value: 'b' },
            { name: 'a', value: 'b' },
          ],
        },
      },
      'body.metadata.labels',
    ],
    [
      'C3 a timestamp with an offset, not Z',
      'POST',
      create,
      { ...createBody, metadata: { creationTimestamp: '2022-10-06T20:58:16+02:00' } },
      'body.metadata.creationTimestamp',
    ],
  ])('%s', async (_, method, path, body, location) => {
    const { status, locations } = await send(method, path, body);
    expect(status).toBeGreaterThanOrEqual(400);
    expect(status).toBeLessThan(500);
    expect(locations.some((l) => l.startsWith(location))).toBe(true);
  });
});

describe('requests that break a constraint: refused by the SDK before the network', () => {
  const requests: string[] = [];
  const astra = createAstraClient({
    accountId: ACCOUNT,
    token: 't',
    baseUrl: 'http://sdk.test',
    fetch: async (url) => {
      requests.push(url);
      return new Response('{}', { status: 500 });
    },
  });

  it.each([
    [
      'C1 an upper-case bucketID',
      () => astra.appBackups.create(APP, { bucketID: '0AFBE357-A717-4C7A-8B3D-D0368959C8DE' }),
      'bucketID',
    ],
    [
      'C1 a version-1 snapshotID',
      () => astra.appBackups.create(APP, { snapshotID: '6ba7b810-9dad-11d1-80b4-00c04fd430c8' }),
      'snapshotID',
    ],
    ['C2 limit 0', () => astra.appBackups.listPage({ limit: 0 }), 'limit'],
    [
      'C9 a field the create body does not have',
      () => astra.appBackups.create(APP, { state: 'x' } as never),
      'input.state',
    ],
    [
      'C5 the same label twice',
      () =>
        astra.appBackups.create(APP, {
          labels: [
            { name: 'a', value: 'b' },
            { name: 'a', value: 'b' },
          ],
        }),
      'labels[1]',
    ],
  ])('%s', async (_, call, input) => {
    const error = await call().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidInputError);
    expect((error as InvalidInputError).input).toBe(input);
    expect(requests).toEqual([]);
  });
});

describe('responses that break a constraint: refused by the schema', () => {
  const example = (name: string) => {
    const found = exampleCases(spec).find((c) => c.exampleName === name);
    if (!found) throw new Error(`no example ${name}`);
    return {
      value: structuredClone(found.value) as Record<string, unknown>,
      validate: validatorFor(found.schemaPointer),
    };
  };
  const backupWith = (change: (b: Loose) => void) => {
    const { value, validate } = example('appBackupFailed');
    expect(validate(value)).toBe(true);
    change(value);
    return validate(value);
  };

  it.each([
    [
      'C1 an upper-case id',
      (b: Loose) => {
        b.id = BACKUP.toUpperCase();
      },
    ],
    [
      'C3 a timestamp with an offset',
      (b: Loose) => {
        b.metadata.creationTimestamp = '2022-10-06T20:58:16+02:00';
      },
    ],
    [
      'C5 the same stateUnready reason twice',
      (b: Loose) => {
        b.stateUnready = ['x', 'x'];
      },
    ],
    [
      'C6 a state detail title over 40 characters',
      (b: Loose) => {
        b.hookStateDetails[0].title = 'x'.repeat(41);
      },
    ],
    [
      'C6 a state detail detail over 511 characters',
      (b: Loose) => {
        b.hookStateDetails[0].detail = 'x'.repeat(512);
      },
    ],
    [
      'C9 a field the backup does not have',
      (b: Loose) => {
        b.colour = 'blue';
      },
    ],
    [
      'C9 a field the metadata does not have',
      (b: Loose) => {
        b.metadata.colour = 'blue';
      },
    ],
  ])('%s', (_, change) => {
    expect(backupWith(change)).toBe(false);
  });

  it('C4 a continue token that is not base64, in a list', () => {
    const { value, validate } = example('appBackupListFull');
    (value.metadata as Record<string, unknown>).continue = 'not*base64';
    expect(validate(value)).toBe(false);
  });

  it('C7 an empty invalidFields', () => {
    const { value, validate } = example('invalidJsonResource');
    value.invalidFields = [];
    expect(validate(value)).toBe(false);
  });

  it('C8 a Location that is not absolute', () => {
    const validate = validatorFor('#/components/headers/Location/schema');
    expect(validate(`https://astra.netapp.io${create}/${BACKUP}`)).toBe(true);
    expect(validate(`${create}/${BACKUP}`)).toBe(false);
  });
});
