// Reads the bundled spec (dist/openapi.json) and enumerates what tests need from it:
// every operation, every response status, every named example, and an Ajv
// (JSON Schema 2020-12) validator for any schema in it.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ValidateFunction } from 'ajv';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';

export const root = join(import.meta.dirname, '..', '..');
const SPEC_ID = 'https://astra-app-backups.test/openapi.json';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

export interface ExampleCase {
  operationId: string;
  method: string;
  path: string;
  status: string; // '200', '404', ..., or 'request'
  mediaType: string;
  exampleName: string;
  value: Json;
  schemaPointer: string; // JSON pointer of the schema within the spec
}

export interface OperationInfo {
  operationId: string;
  summary: string;
  method: string;
  path: string;
  statuses: string[];
}

export function loadSpec(): JsonObject {
  return JSON.parse(readFileSync(join(root, 'dist', 'openapi.json'), 'utf8')) as JsonObject;
}

const escapePointer = (s: string) => s.replace(/~/g, '~0').replace(/\//g, '~1');

/** Follows a local `$ref` (`#/components/...`) within the spec, if the node is one. */
export function deref(spec: JsonObject, node: Json): Json {
  let current = node;
  while (current && typeof current === 'object' && !Array.isArray(current) && typeof current.$ref === 'string') {
    const ref: string = current.$ref;
    current = ref
      .slice(2)
      .split('/')
      .reduce<Json>((acc, key) => {
        const k = key.replace(/~1/g, '/').replace(/~0/g, '~');
        return (acc as JsonObject)[k] as Json;
      }, spec);
  }
  return current;
}

const METHODS = ['get', 'put', 'post', 'delete', 'patch'];

/** Each operation object of the spec, with its path and method. */
function* eachOperation(spec: JsonObject): Generator<{ path: string; method: string; op: JsonObject }> {
  for (const [path, item] of Object.entries(spec.paths as JsonObject)) {
    for (const method of METHODS) {
      const op = (item as JsonObject)[method] as JsonObject | undefined;
      if (op) yield { path, method, op };
    }
  }
}

export function operations(spec: JsonObject): OperationInfo[] {
  return [...eachOperation(spec)].map(({ path, method, op }) => ({
    operationId: op.operationId as string,
    summary: op.summary as string,
    method,
    path,
    statuses: Object.keys(op.responses as JsonObject),
  }));
}

/** Every named example in the spec: request bodies and responses, per media type. */
export function exampleCases(spec: JsonObject): ExampleCase[] {
  const cases: ExampleCase[] = [];
  for (const { path, method, op } of eachOperation(spec)) {
    const base = { operationId: op.operationId as string, method, path };
    const opPointer = `#/paths/${escapePointer(path)}/${method}`;
    const contents: [string, Json, string][] = [];
    if (op.requestBody) contents.push(['request', deref(spec, op.requestBody), `${opPointer}/requestBody`]);
    for (const [status, response] of Object.entries(op.responses as JsonObject)) {
      contents.push([status, deref(spec, response), `${opPointer}/responses/${status}`]);
    }
    for (const [status, holder] of contents) {
      const content = ((holder as JsonObject).content ?? {}) as JsonObject;
      for (const [mediaType, media] of Object.entries(content)) {
        const mediaObject = media as JsonObject;
        const schemaRef = ((mediaObject.schema as JsonObject).$ref as string) ?? '';
        for (const [exampleName, example] of Object.entries((mediaObject.examples ?? {}) as JsonObject)) {
          cases.push({
            ...base,
            status,
            mediaType,
            exampleName,
            value: (deref(spec, example) as JsonObject).value as Json,
            schemaPointer: schemaRef,
          });
        }
      }
    }
  }
  return cases;
}

/** An Ajv 2020-12 validator that resolves `#/components/...` references against the spec. */
export function makeValidator(spec: JsonObject): (pointer: string) => ValidateFunction {
  const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => Ajv2020;
  const ajv = addFormats(new Ajv2020({ strict: false, allErrors: true, validateSchema: false }));
  ajv.addSchema({ ...spec, $id: SPEC_ID } as object);
  const cache = new Map<string, ValidateFunction>();
  return (pointer) => {
    let validate = cache.get(pointer);
    if (!validate) {
      validate = ajv.compile({ $ref: `${SPEC_ID}${pointer}` });
      cache.set(pointer, validate);
    }
    return validate;
  };
}

/** The pointer of the schema a response of (operationId, status, mediaType) is declared with. */
export function responseSchemaPointer(
  spec: JsonObject,
  operationId: string,
  status: string,
  mediaType: string,
): string {
  for (const op of operations(spec)) {
    if (op.operationId !== operationId) continue;
    const responses = ((spec.paths as JsonObject)[op.path] as JsonObject)[op.method] as JsonObject;
    const response = deref(spec, (responses.responses as JsonObject)[status] ?? null) as JsonObject;
    const media = ((response.content ?? {}) as JsonObject)[mediaType] as JsonObject | undefined;
    if (!media) throw new Error(`${operationId} ${status} declares no ${mediaType} content`);
    return (media.schema as JsonObject).$ref as string;
  }
  throw new Error(`no operation ${operationId}`);
}
