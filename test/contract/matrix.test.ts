// The SDK against the Prism mock, for every (operation, status, example) the
// bundled spec declares. Cases come from the spec: a new operation, status or
// example is exercised without anyone adding it here, and the last test fails if
// any went untested.
import { afterAll, describe, expect, inject, it } from 'vitest';
import { AppBackup as checkBackup } from '../../generated/checks.js';
import { type AstraClient, AstraError, createAstraClient, PROBLEM_CODES, ProblemError } from '../../src/sdk/index.js';
import { problemCodeOf } from '../../src/sdk/problem-codes.js';
import { type Recorded, recordingFetch } from '../support/recorder.js';
import {
  type ExampleCase,
  exampleCases,
  loadSpec,
  makeValidator,
  operations,
  responseSchemaPointer,
} from '../support/spec.js';

const spec = loadSpec();
const validatorFor = makeValidator(spec);
const ACCOUNT = '9ff53b28-2a88-4b1c-8b4a-2d3c1a4f0b5e';
const APP = '2b7d3f5c-1e8a-4c6b-9d0e-7f1a2b3c4d5e';
const BACKUP = '54fe651d-3d3b-5fa8-b85c-5db757885ff3';

/** How the SDK calls each operation. An operation of the spec missing here fails the suite. */
const drive: Record<string, (client: AstraClient, example: unknown) => Promise<unknown>> = {
  listAppBackups: (client, example) => client.appBackups.listPage({ ...includeFor(example) }),
  listAppBackupsForApp: (client, example) => client.appBackups.listPage({ appId: APP, ...includeFor(example) }),
  getAppBackup: (client) => client.appBackups.get(BACKUP),
  getAppBackupForApp: (client) => client.appBackups.get(BACKUP, { appId: APP }),
  createAppBackupForApp: (client) =>
    client.appBackups.create(APP, { name: 'app-name-245' }).then((created) => created.backup),
  deleteAppBackup: (client) => client.appBackups.delete(BACKUP),
  deleteAppBackupForApp: (client) => client.appBackups.delete(BACKUP, { appId: APP }),
};

const FIELDS_OF_PROJECTED_EXAMPLES = ['id', 'name', 'state'] as const;

/** A projected list example (items are arrays) is asked for with include=id,name,state, as the documents did. */
function includeFor(example: unknown): { include?: typeof FIELDS_OF_PROJECTED_EXAMPLES } {
  const items = (example as { items?: unknown[] } | undefined)?.items;
  return items?.some(Array.isArray) ? { include: FIELDS_OF_PROJECTED_EXAMPLES } : {};
}

/** What the SDK should return for a success example: a list page is reshaped as listPage returns it. */
function expectedData(operationId: string, example: unknown): unknown {
  if (!operationId.startsWith('list')) return example;
  const { items, metadata } = example as { items: unknown[]; metadata: { continue?: string; count?: number } };
  const page: Record<string, unknown> = {
    items: items.map((item) =>
      Array.isArray(item) ? Object.fromEntries(FIELDS_OF_PROJECTED_EXAMPLES.map((f, i) => [f, item[i]])) : item,
    ),
  };
  if (metadata.continue) page.continue = metadata.continue;
  if (metadata.count !== undefined) page.count = metadata.count;
  return page;
}

interface MatrixCase {
  operationId: string;
  status: string;
  exampleName: string | undefined;
  value: unknown;
}

const allExamples = exampleCases(spec).filter((c) => c.status !== 'request');
const matrix: MatrixCase[] = operations(spec).flatMap((op) =>
  op.statuses.flatMap((status): MatrixCase[] => {
    const named = new Map<string, ExampleCase>();
    for (const c of allExamples)
      if (c.operationId === op.operationId && c.status === status) named.set(c.exampleName, c);
    return named.size === 0
      ? [{ operationId: op.operationId, status, exampleName: undefined, value: undefined }]
      : [...named.values()].map((c) => ({
          operationId: op.operationId,
          status,
          exampleName: c.exampleName,
          value: c.value,
        }));
  }),
);
const exercised = new Set<string>();
const keyOf = (c: MatrixCase) => `${c.operationId} ${c.status} ${c.exampleName ?? '(no body)'}`;

function checkRecords(records: Recorded[], operationId: string, status: string) {
  expect(records.length, 'the SDK made no request').toBeGreaterThan(0);
  for (const record of records) {
    expect(record.violations, `sl-violations on ${record.method} ${record.url}`).toEqual([]);
    expect(String(record.status)).toBe(status);
    if (record.body === undefined) continue;
    const validate = validatorFor(responseSchemaPointer(spec, operationId, status, record.mediaType));
    expect(validate(record.body), JSON.stringify(validate.errors)).toBe(true);
  }
}

describe('contract: the SDK against the Prism mock, case by case from the spec', () => {
  const prismUrl = inject('prismUrl');

  it('the SDK checks exactly the fields the spec requires of a backup', () => {
    const required =
      (spec.components as Record<string, Record<string, { required: string[] }>>).schemas?.AppBackup?.required ?? [];
    const full = {
      type: 'application/astra-appBackup',
      version: '1.1',
      id: 'i',
      name: 'n',
      bucketID: 'b',
      state: 'completed',
      stateUnready: [],
      metadata: { labels: [], creationTimestamp: 't', modificationTimestamp: 't', createdBy: 'u' },
    };
    expect(checkBackup(full)).toBe('');
    // Each field left out in turn: the check names exactly the required ones as missing.
    const missing = Object.keys(full).filter((field) => {
      const { [field]: _, ...rest } = full as Record<string, unknown>;
      return checkBackup(rest) === `.${field} is missing`;
    });
    expect(missing.sort()).toEqual([...required].sort());
  });

  it('has a driver for every operation of the spec', () => {
    expect(Object.keys(drive).sort()).toEqual(
      operations(spec)
        .map((op) => op.operationId)
        .sort(),
    );
  });

  it.each(matrix.map((c) => [keyOf(c), c] as const))('%s', async (_, c) => {
    const prefer = [`code=${c.status}`, c.exampleName ? `example=${c.exampleName}` : ''].filter(Boolean).join(', ');
    const { fetch, records } = recordingFetch();
    const client = createAstraClient({
      accountId: ACCOUNT,
      token: 'contract-token',
      baseUrl: prismUrl,
      fetch,
      maxRetries: 0,
      headers: { Prefer: prefer },
    });
    const call = drive[c.operationId];
    if (!call) throw new Error(`no driver for ${c.operationId}`);
    const outcome = await call(client, c.value).then(
      (data) => ({ data }),
      (error: unknown) => ({ error }),
    );

    if (Number(c.status) < 400) {
      expect('error' in outcome ? outcome.error : undefined).toBeUndefined();
      expect('data' in outcome ? outcome.data : undefined).toEqual(expectedData(c.operationId, c.value));
    } else {
      const error = 'error' in outcome ? outcome.error : undefined;
      expect(error).toBeInstanceOf(ProblemError);
      const example = c.value as { type: string; title: string; detail?: string; correlationID?: string };
      const problemError = error as ProblemError;
      expect(problemError.status).toBe(Number(c.status));
      expect(problemError.name).toBe(
        (
          {
            400: 'BadRequestError',
            401: 'AuthenticationError',
            403: 'PermissionDeniedError',
            404: 'NotFoundError',
            409: 'ConflictError',
          } as Record<string, string>
        )[c.status] ?? 'InternalServerError',
      );
      expect({
        title: problemError.title,
        detail: problemError.detail,
        code: problemError.code,
        correlationID: problemError.correlationID,
      }).toEqual({
        title: example.title,
        detail: example.detail,
        code: problemCodeOf(example.type),
        correlationID: example.correlationID,
      });
      expect(error).toBeInstanceOf(AstraError);
      // The SDK names the known problem codes: the spec's title for one must be that name.
      if (problemError.hasKnownCode()) expect(problemError.title).toBe(PROBLEM_CODES[problemError.code]);
    }
    checkRecords(records, c.operationId, c.status);
    exercised.add(keyOf(c));
  });

  afterAll(() => {
    console.log(`contract matrix: ${exercised.size} of ${matrix.length} (operation, status, example) cases ran`);
  });

  it('left no (operation, status, example) of the spec unexercised', () => {
    const missing = matrix.map(keyOf).filter((key) => !exercised.has(key));
    expect(missing).toEqual([]);
    expect(exercised.size).toBe(matrix.length);
  });
});
