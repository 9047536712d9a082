// The SDK's response checks (generated/checks.ts, from the spec) against Ajv on the
// spec itself. What the checker leaves to the server (patterns, formats, uniqueItems)
// and what it lets through on purpose (unknown fields) are taken out of the spec for
// Ajv; on everything else the two must agree, body for body, on the spec's examples
// and on thousands of mutations of them.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AppBackup, AppBackupList } from '../../generated/checks.js';
import type { Check } from '../../src/sdk/check.js';
import { exampleCases, loadSpec, makeValidator } from '../support/spec.js';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
const LEFT_TO_THE_SERVER = new Set(['pattern', 'format', 'uniqueItems', 'additionalProperties']);
const strip = (node: unknown): unknown =>
  Array.isArray(node)
    ? node.map(strip)
    : node && typeof node === 'object'
      ? Object.fromEntries(
          Object.entries(node)
            .filter(([key]) => !LEFT_TO_THE_SERVER.has(key))
            .map(([key, value]) => [key, key === 'properties' ? mapValues(value, strip) : strip(value)]),
        )
      : node;
const mapValues = (object: unknown, f: (v: unknown) => unknown) =>
  Object.fromEntries(Object.entries(object as object).map(([k, v]) => [k, f(v)]));

const spec = loadSpec();
const loose = makeValidator(strip(spec) as never);
const strict = makeValidator(spec);
const cases: [string, Check, string][] = [
  ['AppBackup', AppBackup, '#/components/schemas/AppBackup'],
  ['AppBackupList', AppBackupList, '#/components/schemas/AppBackupList'],
];
const examplesOf = (pointer: string) =>
  exampleCases(spec)
    .filter((c) => c.schemaPointer === pointer)
    .map((c) => c.value);

/** Replaces, or deletes, the value at a path chosen by `pick` among every path of `value`. */
function mutate(value: Json, pick: number, replacement: Json | undefined): Json {
  const paths: (string | number)[][] = [];
  const walk = (node: Json, path: (string | number)[]) => {
    if (path.length) paths.push(path);
    if (Array.isArray(node)) {
      for (const [i, child] of node.entries()) walk(child, [...path, i]);
    } else if (node && typeof node === 'object')
      for (const [k, child] of Object.entries(node)) walk(child, [...path, k]);
  };
  walk(value, []);
  const copy = structuredClone(value);
  const path = paths[pick % paths.length];
  if (!path) return copy;
  const parent = path.slice(0, -1).reduce<Json>((node, key) => (node as Record<string, Json>)[key] as Json, copy);
  const last = path[path.length - 1] as string | number;
  if (replacement === undefined && !Array.isArray(parent)) delete (parent as Record<string, Json>)[last];
  else (parent as Record<string | number, Json>)[last] = replacement ?? null;
  return copy;
}

describe.each(cases)('the check of %s', (_, check, pointer) => {
  const examples = examplesOf(pointer);

  it('accepts every example the spec gives, as Ajv does', () => {
    expect(examples.length).toBeGreaterThan(0);
    for (const example of examples) {
      expect(strict(pointer)(example), JSON.stringify(strict(pointer).errors)).toBe(true);
      expect(check(example)).toBe('');
    }
  });

  it('agrees with Ajv (patterns, formats and closed objects aside) on any mutation of an example', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...examples),
        fc.nat(),
        fc.option(fc.oneof(fc.jsonValue({ maxDepth: 2 }), fc.integer({ min: -5, max: 200 })), { nil: undefined }),
        (example, pick, replacement) => {
          const body = mutate(example as Json, pick, replacement as Json | undefined);
          const ajvSays = loose(pointer)(body);
          const problem = check(body);
          expect(problem === '', `checker: ${problem || 'valid'}; Ajv: ${JSON.stringify(loose(pointer).errors)}`).toBe(
            ajvSays,
          );
        },
      ),
      { numRuns: 2_000 },
    );
  });
});
