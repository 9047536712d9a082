import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { exampleCases, loadSpec, makeValidator, root } from '../support/spec.js';

const spec = loadSpec();
const cases = exampleCases(spec);
const schemaFor = makeValidator(spec);
const seedExamples = JSON.parse(readFileSync(join(root, 'test', 'fixtures', 'seed-examples.json'), 'utf8')) as {
  operationId: string;
  status: string;
  body: unknown;
}[];

describe('every example in the bundled spec', () => {
  it('is found (the spec has at least the 44 documented ones)', () => {
    expect(cases.length).toBeGreaterThanOrEqual(seedExamples.length);
  });

  it.each(cases.map((c) => [`${c.operationId} ${c.status} ${c.mediaType} ${c.exampleName}`, c] as const))(
    '%s validates against its schema (Ajv, JSON Schema 2020-12)',
    (_, c) => {
      const validate = schemaFor(c.schemaPointer);
      const valid = validate(c.value);
      expect(validate.errors ?? [], JSON.stringify(validate.errors)).toEqual([]);
      expect(valid).toBe(true);
    },
  );
});

describe("the documents' examples", () => {
  it.each(seedExamples.map((e, i) => [`#${i + 1} ${e.operationId} ${e.status}`, e] as const))(
    '%s is in the spec on that operation and status, verbatim',
    (_, seed) => {
      const onThatStatus = cases.filter((c) => c.operationId === seed.operationId && c.status === seed.status);
      expect(onThatStatus.map((c) => c.value)).toContainEqual(seed.body);
    },
  );

  it.runIf(existsSync(join(root, '..', 'shared', 'seeds')))(
    'fixture matches a fresh extraction from the seed reference',
    () => {
      expect(() =>
        execFileSync(process.execPath, ['scripts/extract-seed-examples.mjs', '--check'], { cwd: root, stdio: 'pipe' }),
      ).not.toThrow();
    },
  );
});

describe('the validator', () => {
  it('rejects a backup without its required state, so the checks above can fail', () => {
    const validate = schemaFor('#/components/schemas/AppBackup');
    const pending = cases.find((c) => c.exampleName === 'appBackupPending')?.value as Record<string, unknown>;
    expect(validate(pending)).toBe(true);
    const { state: _state, ...withoutState } = pending;
    expect(validate(withoutState)).toBe(false);
    expect(validate({ ...pending, name: 'Not_A_DNS_Label' })).toBe(false);
    expect(validate({ ...pending, id: 'not-a-uuid' })).toBe(false);
  });

  it('rejects a problem whose status is a number, as the documents make it a string', () => {
    const validate = schemaFor('#/components/schemas/Problem');
    expect(validate({ type: 'https://astra.netapp.io/problems/1', title: 'Resource not found', status: '404' })).toBe(
      true,
    );
    expect(validate({ type: 'https://astra.netapp.io/problems/1', title: 'Resource not found', status: 404 })).toBe(
      false,
    );
  });
});
