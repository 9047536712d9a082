// The API reference's generator (scripts/docs/reference.mjs) on the bundled spec, without a
// browser: a page per operation and an index; every example of every status, every code sample
// and every parameter on its operation's page; Try it's props carrying the seeded ids; spec text
// that would break a VitePress page (an HTML tag, a Vue interpolation) made inert. The pages as
// rendered are checked in Chromium by test/extended/reference.test.ts.
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
// @ts-expect-error: a script without declarations
import { operationsOf, prose, tryItProps, writeReferencePages } from '../../scripts/docs/reference.mjs';
import { loadSpec } from '../support/spec.js';

type Json = Record<string, unknown>;
const spec = loadSpec() as Json;
const dir = mkdtempSync(join(tmpdir(), 'astra-reference-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const written: string[] = writeReferencePages({ spec, dir });
const ops = operationsOf(spec) as (Json & { operationId: string; method: string; path: string; parameters: Json[] })[];

const deref = (node: unknown): Json => {
  let n = node as Json;
  while (n && typeof n.$ref === 'string')
    n = (n.$ref as string)
      .slice(2)
      .split('/')
      .reduce<unknown>((o, k) => (o as Json)[k], spec) as Json;
  return n;
};

describe('the API reference pages generated from dist/openapi.json', () => {
  it('writes an index and one page per operation, and the index links to each', () => {
    expect(written.sort()).toEqual(['index.md', ...ops.map((o) => `${o.operationId}.md`)].sort());
    expect(ops).toHaveLength(7);
    const index = readFileSync(join(dir, 'index.md'), 'utf8');
    for (const op of ops) expect(index).toContain(`](./${op.operationId})`);
    expect(index).toMatch(
      /simulator of Astra running in your browser tab|a simulator of Astra running in your browser/,
    );
  });

  it.each(ops.map((o) => o.operationId))('%s: every example, sample, parameter and status is on its page', (id) => {
    const op = ops.find((o) => o.operationId === id) as (typeof ops)[number];
    const page = readFileSync(join(dir, `${id}.md`), 'utf8');
    const holders = [op.requestBody, ...Object.values(op.responses as Json)].filter(Boolean);
    let examples = 0;
    for (const holder of holders)
      for (const media of Object.values((deref(holder).content ?? {}) as Record<string, { examples?: Json }>))
        for (const ex of Object.values(media.examples ?? {})) {
          examples++;
          expect(page).toContain(`\`\`\`json\n${JSON.stringify(deref(ex).value, null, 2)}\n\`\`\``);
        }
    expect(examples).toBeGreaterThan(0);
    for (const status of Object.keys(op.responses as Json)) expect(page).toMatch(new RegExp(`^### ${status}\\b`, 'm'));
    for (const sample of op['x-codeSamples'] as { label: string; source: string }[]) {
      expect(page).toContain(`[${sample.label}]\n${sample.source}\n`);
    }
    expect(page).toContain('::: code-group');
    for (const p of op.parameters) expect(page).toContain(`- \`${p.name}\` (${p.in}`);
    expect(page).toContain('<TryIt v-bind="operation" />');
  });

  it('gives Try it the seeded ids: a delete starts on a completed backup, a get on the pending one', () => {
    const props = (id: string) =>
      tryItProps(
        spec,
        ops.find((o) => o.operationId === id),
      );
    const value = (id: string, name: string) =>
      (props(id).params as { name: string; value: string }[]).find((p) => p.name === name)?.value;
    expect(value('getAppBackup', 'account_id')).toBe('9ff53b28-2a88-4b1c-8b4a-2d3c1a4f0b5e');
    expect(value('getAppBackup', 'appBackup_id')).toBe('54fe651d-3d3b-5fa8-b85c-5db757885ff3');
    expect(value('deleteAppBackup', 'appBackup_id')).toBe('f8faa690-7e09-48a4-b33c-7965712acd0c');
    expect(value('createAppBackupForApp', 'app_id')).toBe('2b7d3f5c-1e8a-4c6b-9d0e-7f1a2b3c4d5e');
    const body = props('createAppBackupForApp').body as { mediaType: string; text: string };
    expect(body.mediaType).toBe('application/astra-appBackup+json');
    expect(JSON.parse(body.text)).toMatchObject({ type: 'application/astra-appBackup', version: '1.1' });
    expect(props('deleteAppBackup').body).toMatchObject({ required: false, text: '' });
  });

  it('makes spec text inert in a Vue template: a tag and an interpolation outside code, kept inside code', () => {
    expect(prose('Send <token> as {{ x }}, or `<token>` and `{{ y }}`')).toBe(
      'Send &lt;token> as &#123;&#123; x }}, or `<token>` and `{{ y }}`',
    );
  });

  it('removes the page of an operation that left the spec, and leaves an unchanged page untouched', () => {
    writeFileSync(join(dir, 'goneOperation.md'), '# gone\n');
    const before = readFileSync(join(dir, 'getAppBackup.md'), 'utf8');
    writeReferencePages({ spec, dir });
    expect(readdirSync(dir)).not.toContain('goneOperation.md');
    expect(readFileSync(join(dir, 'getAppBackup.md'), 'utf8')).toBe(before);
  });
});
