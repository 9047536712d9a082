// What the fuzzer knows about the API, all read from the bundled spec (dist/openapi.json):
// each operation's path template, parameters, request body and declared answers, with
// the JSON pointers Ajv needs to validate each of them. Nothing here names a field.
import type { ValidateFunction } from 'ajv';
import { loadSpec, makeValidator } from '../support/spec.js';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

/** A JSON Schema node of the spec, read loosely: the generators look at a few keywords. */
export interface Schema {
  $ref?: string;
  type?: string | string[];
  enum?: Json[];
  const?: Json;
  pattern?: string;
  format?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  items?: Schema;
  minItems?: number;
  maxItems?: number;
  uniqueItems?: boolean;
  properties?: Record<string, Schema>;
  required?: string[];
  additionalProperties?: boolean | Schema;
  allOf?: Schema[];
  anyOf?: Schema[];
  oneOf?: Schema[];
}

export interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required: boolean;
  /** An array parameter sent as one comma-joined value (style form, explode false). */
  commaJoined: boolean;
  schema: Schema;
  /** Checks a value as it would be parsed from the request (an array for a comma-joined one). */
  validate: ValidateFunction;
  /** The spec's examples of the parameter (for a path id: one that exists in the simulator's seed). */
  examples: Json[];
}

export interface Media {
  schema: Schema;
  validate: ValidateFunction;
}

export interface Answer {
  /** Media type -> schema of the body; empty when the answer has no body. */
  content: Map<string, Media>;
  /** Headers the spec marks as always present, lowercase. */
  headers: string[];
}

export interface Operation {
  operationId: string;
  method: string; // upper case
  path: string; // template, `/accounts/{account_id}/...`
  pattern: RegExp; // matches a concrete path of this template
  parameters: Parameter[];
  body?: { required: boolean; content: Map<string, Media> };
  responses: Map<string, Answer>;
}

export const spec = loadSpec();
const validatorAt = makeValidator(spec);

const segment = (key: string) => encodeURIComponent(key.replace(/~/g, '~0').replace(/\//g, '~1'));

/** Follows `$ref`s from a node, returning the node and the pointer it sits at. */
function resolve(node: Json, pointer: string): { node: JsonObject; pointer: string } {
  let current = node as JsonObject;
  let at = pointer;
  while (typeof current?.$ref === 'string') {
    at = current.$ref;
    current = at
      .slice(2)
      .split('/')
      .reduce<Json>(
        (acc, key) => (acc as JsonObject)[decodeURIComponent(key).replace(/~1/g, '/').replace(/~0/g, '~')] as Json,
        spec,
      ) as JsonObject;
  }
  return { node: current, pointer: at };
}

/** The schema a `$ref` points to, with `allOf` folded in (the spec uses it to add bounds to a `$ref`). */
export function schemaOf(node: Schema): Schema {
  let schema = resolve(node as unknown as Json, '#').node as unknown as Schema;
  if (schema.allOf) {
    const { allOf, ...rest } = schema;
    schema = Object.assign({}, ...allOf.map(schemaOf), rest) as Schema;
  }
  return schema;
}

function mediaOf(content: Json, pointer: string): Map<string, Media> {
  const map = new Map<string, Media>();
  for (const mediaType of Object.keys((content ?? {}) as JsonObject)) {
    const at = `${pointer}/${segment(mediaType)}/schema`;
    const { node } = resolve(read(at), at);
    map.set(mediaType, {
      schema: schemaOf(node as unknown as Schema),
      validate: validatorAt(at),
    });
  }
  return map;
}

function read(pointer: string): Json {
  return pointer
    .slice(2)
    .split('/')
    .reduce<Json>(
      (acc, key) => (acc as JsonObject)[decodeURIComponent(key).replace(/~1/g, '/').replace(/~0/g, '~')] as Json,
      spec,
    );
}

/** Every operation of the spec. */
export const operations: Operation[] = [];
for (const [path, rawItem] of Object.entries(spec.paths as JsonObject)) {
  const itemPointer = `#/paths/${segment(path)}`;
  const item = rawItem as JsonObject;
  for (const method of ['get', 'put', 'post', 'delete', 'patch', 'head', 'options', 'trace']) {
    const op = item[method] as JsonObject | undefined;
    if (!op) continue;
    const opPointer = `${itemPointer}/${method}`;
    const parameters = new Map<string, Parameter>();
    const collect = (list: Json, listPointer: string) =>
      ((list ?? []) as Json[]).forEach((_, i) => {
        const { node, pointer } = resolve(read(`${listPointer}/${i}`), `${listPointer}/${i}`);
        const schema = schemaOf(node.schema as unknown as Schema);
        const style = (node.style as string | undefined) ?? (node.in === 'query' ? 'form' : 'simple');
        const explode = (node.explode as boolean | undefined) ?? style === 'form';
        parameters.set(`${node.in}:${node.name}`, {
          name: node.name as string,
          in: node.in as Parameter['in'],
          required: node.required === true,
          commaJoined: schema.type === 'array' && !explode,
          schema,
          validate: validatorAt(`${pointer}/schema`),
          examples: [
            ...(node.example !== undefined ? [node.example] : []),
            ...Object.values((node.examples ?? {}) as JsonObject).map((e) => (e as JsonObject).value as Json),
          ],
        });
      });
    collect(item.parameters as Json, `${itemPointer}/parameters`);
    collect(op.parameters as Json, `${opPointer}/parameters`);
    const responses = new Map<string, Answer>();
    for (const status of Object.keys(op.responses as JsonObject)) {
      const { node, pointer } = resolve(read(`${opPointer}/responses/${status}`), `${opPointer}/responses/${status}`);
      const headers = Object.entries((node.headers ?? {}) as JsonObject)
        .filter(([name, header]) => name.toLowerCase() !== 'content-type' && header !== null)
        .map(([name]) => name.toLowerCase());
      responses.set(status, { content: mediaOf(node.content as Json, `${pointer}/content`), headers });
    }
    let body: Operation['body'];
    if (op.requestBody) {
      const { node, pointer } = resolve(op.requestBody, `${opPointer}/requestBody`);
      body = { required: node.required === true, content: mediaOf(node.content as Json, `${pointer}/content`) };
    }
    operations.push({
      operationId: op.operationId as string,
      method: method.toUpperCase(),
      path,
      pattern: new RegExp(`^${path.replace(/\{[^}]+\}/g, '[^/]+')}$`),
      parameters: [...parameters.values()],
      ...(body ? { body } : {}),
      responses,
    });
  }
}

/** Path template -> the methods the spec gives it. */
export const methodsByPath = new Map<string, string[]>();
for (const op of operations) methodsByPath.set(op.path, [...(methodsByPath.get(op.path) ?? []), op.method]);

/** The Problem schema every error answer carries (the schema of the spec's 4xx answers). */
export const problemMedia: Media = (() => {
  for (const op of operations)
    for (const [status, answer] of op.responses)
      if (status.startsWith('4')) {
        const media = answer.content.get('application/problem+json');
        if (media) return media;
      }
  throw new Error('the spec declares no application/problem+json answer');
})();

/** The security scheme's header, from the spec (`Authorization: Bearer ...`). */
export const bearer = (() => {
  const schemes = ((spec.components as JsonObject).securitySchemes ?? {}) as JsonObject;
  const found = Object.values(schemes).find((s) => (s as JsonObject).scheme === 'bearer');
  if (!found) throw new Error('the spec declares no bearer scheme');
  return { header: 'authorization', prefix: 'Bearer ' };
})();
