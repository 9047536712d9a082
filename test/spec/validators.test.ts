// The published spec in the validators other tools embed: the official OpenAPI schema
// (@seriousme/openapi-schema-validator) and @apidevtools/swagger-parser 13, whose bundled
// OAS 3.1 schema (2021-04-15) orval and many generators run first. Both must accept the
// bundled spec with its code samples, JSON and YAML; each test also shows the validator
// rejecting a spec it should, so that a validator that accepts anything cannot pass.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import SwaggerParser from '@apidevtools/swagger-parser';
import { Validator } from '@seriousme/openapi-schema-validator';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { root } from '../support/spec.js';

type Spec = { servers: { variables?: Record<string, Record<string, unknown>> }[]; [key: string]: unknown };
const json = (): Spec => JSON.parse(readFileSync(join(root, 'dist', 'openapi.json'), 'utf8'));
const yaml = (): Spec => parse(readFileSync(join(root, 'dist', 'openapi.yaml'), 'utf8'));

/** swagger-parser's verdict: '' when valid, else its message. */
async function swaggerParser(spec: Spec): Promise<string> {
  try {
    // It dereferences in place: give it a copy.
    await SwaggerParser.validate(structuredClone(spec) as never);
    return '';
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

async function officialSchema(spec: Spec): Promise<{ valid: boolean; errors: unknown }> {
  const result = await new Validator().validate(structuredClone(spec) as never);
  return { valid: result.valid, errors: result.errors };
}

describe('the bundled spec in the validators other tools embed', () => {
  it.each([
    ['dist/openapi.json', json],
    ['dist/openapi.yaml', yaml],
  ])('%s passes the official OpenAPI 3.1 schema and swagger-parser 13 validate()', async (_, load) => {
    const spec = load();
    expect(await officialSchema(spec)).toEqual({ valid: true, errors: undefined });
    expect(await swaggerParser(spec)).toBe('');
  });

  it('swagger-parser rejects a server variable with a description of its own (why the server says it once)', async () => {
    const broken = json();
    const host = broken.servers[1]?.variables?.host;
    expect(host).toBeDefined();
    if (host) host.description = 'The host name of your Astra Control Center.';
    expect(await swaggerParser(broken)).toMatch(/servers\/1\/variables\/host must NOT have unevaluated properties/);
  });

  it('both reject a response without a description', async () => {
    type Responses = Record<string, { description?: string }>;
    const broken = json() as Spec & { paths: Record<string, Record<string, { responses: Responses }>> };
    const ok = Object.values(broken.paths)[0]?.get?.responses['200'];
    expect(ok?.description).toBeTruthy();
    if (ok) delete ok.description;
    expect((await officialSchema(broken)).valid).toBe(false);
    expect(await swaggerParser(broken)).not.toBe('');
  });
});
