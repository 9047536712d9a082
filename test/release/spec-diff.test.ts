// The spec breaking-change checker (scripts/release/spec-diff.mjs): each kind of change on a
// small spec, then deliberate breaks of the real bundled spec.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { diffSpecs } from '../../scripts/release/spec-diff.mjs';
import { root } from '../support/spec.js';

interface Schema {
  type?: string | string[];
  enum?: string[];
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  maxLength?: number;
  format?: string;
  $ref?: string;
}
interface Parameter {
  name: string;
  in: string;
  required?: boolean;
  explode?: boolean;
  schema: Schema;
}
type Content = Record<string, { schema: Schema }>;
interface Operation {
  operationId: string;
  parameters?: Parameter[];
  requestBody?: { required?: boolean; content: Content };
  responses: Record<string, { description: string; content?: Content }>;
}
interface Spec {
  openapi: string;
  servers: { url: string }[];
  info: { title: string; version: string };
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Schema> };
}

const thing = { $ref: '#/components/schemas/Thing' };
const json = (schema: Schema): Content => ({ 'application/json': { schema } });
function small(): Spec {
  return {
    openapi: '3.1.0',
    info: { title: 'things', version: '1' },
    servers: [{ url: 'https://things.example' }, { url: 'https://{host}' }],
    paths: {
      '/things': {
        get: {
          operationId: 'listThings',
          parameters: [{ name: 'limit', in: 'query', schema: { type: 'integer' } }],
          responses: { '200': { description: 'ok', content: json({ type: 'array', items: thing }) } },
        },
        post: {
          operationId: 'createThing',
          requestBody: { required: true, content: json({ $ref: '#/components/schemas/ThingCreate' }) },
          responses: { '201': { description: 'made', content: json(thing) }, '400': { description: 'bad' } },
        },
      },
      '/things/{id}': {
        get: {
          operationId: 'getThing',
          parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
          responses: { '200': { description: 'ok', content: json(thing) } },
        },
        delete: { operationId: 'deleteThing', responses: { '204': { description: 'gone' } } },
      },
    },
    components: {
      schemas: {
        Thing: {
          type: 'object',
          required: ['id', 'state'],
          properties: {
            id: { type: 'string' },
            made: { type: 'string', format: 'date-time' },
            state: { type: 'string', enum: ['a', 'b'] },
            size: { type: 'integer' },
          },
        },
        ThingCreate: {
          type: 'object',
          required: ['name'],
          properties: {
            name: { type: 'string', maxLength: 63 },
            color: { type: 'string', enum: ['red', 'blue'] },
            note: { type: 'string' },
            when: { type: 'string', format: 'date-time' },
          },
        },
      },
    },
  };
}

const schema = (spec: Spec, name: string): Schema => spec.components.schemas[name] ?? {};
const props = (spec: Spec, name: string): Record<string, Schema> => schema(spec, name).properties ?? {};
const op = (spec: Spec, path: string, method: string): Operation =>
  spec.paths[path]?.[method] ?? { operationId: '', responses: {} };

const breaking: [string, (spec: Spec) => void, RegExp][] = [
  [
    'an operation removed',
    (s) => {
      delete s.paths['/things/{id}']?.delete;
    },
    /^DELETE \/things\/\{id\}: operation removed$/,
  ],
  [
    'a response field removed',
    (s) => {
      delete props(s, 'Thing').size;
    },
    /\.size: response field removed$/,
  ],
  [
    'a response status removed',
    (s) => {
      delete op(s, '/things', 'post').responses['400'];
    },
    /^POST \/things: response 400 removed$/,
  ],
  [
    'a required request field added',
    (s) => {
      props(s, 'ThingCreate').owner = { type: 'string' };
      schema(s, 'ThingCreate').required?.push('owner');
    },
    /body\.owner: required request field added$/,
  ],
  [
    'an optional request field made required',
    (s) => {
      schema(s, 'ThingCreate').required?.push('color');
    },
    /body\.color: request field made required$/,
  ],
  [
    'a required parameter added',
    (s) => {
      op(s, '/things', 'get').parameters?.push({
        name: 'sort',
        in: 'query',
        required: true,
        schema: { type: 'string' },
      });
    },
    /^GET \/things: required query parameter sort added$/,
  ],
  [
    'an optional parameter made required',
    (s) => {
      const limit = op(s, '/things', 'get').parameters?.[0];
      if (limit) limit.required = true;
    },
    /^GET \/things: query parameter limit made required$/,
  ],
  [
    'a request enum narrowed',
    (s) => {
      (props(s, 'ThingCreate').color ?? {}).enum = ['red'];
    },
    /body\.color: request enum narrowed, "blue" removed$/,
  ],
  [
    'a request type narrowed',
    (s) => {
      (props(s, 'ThingCreate').note ?? {}).type = 'integer';
    },
    /body\.note: request type narrowed, no longer accepts string$/,
  ],
  [
    'a request bound tightened',
    (s) => {
      (props(s, 'ThingCreate').name ?? {}).maxLength = 32;
    },
    /body\.name: request narrowed \(maxLength 63 -> 32\)$/,
  ],
  [
    'a response enum widened',
    (s) => {
      props(s, 'Thing').state?.enum?.push('c');
    },
    /\.state: response enum widened, "c" added$/,
  ],
  [
    'an operationId renamed',
    (s) => {
      op(s, '/things', 'get').operationId = 'listAllThings';
    },
    /^GET \/things: operationId renamed listThings -> listAllThings \(generated clients name their methods after it\)$/,
  ],
  [
    "a parameter's explode flipped (form's default is true)",
    (s) => {
      const limit = op(s, '/things', 'get').parameters?.[0];
      if (limit) limit.explode = false;
    },
    /^GET \/things: query parameter limit explode flipped true -> false/,
  ],
  [
    'a response format changed (date-time -> date)',
    (s) => {
      (props(s, 'Thing').made ?? {}).format = 'date';
    },
    /\.made: response format date-time -> date \(format changed\)$/,
  ],
  [
    'a request format changed (date-time -> date)',
    (s) => {
      (props(s, 'ThingCreate').when ?? {}).format = 'date';
    },
    /body\.when: request format date-time -> date \(format changed\)$/,
  ],
  [
    'a server removed',
    (s) => {
      s.servers.pop();
    },
    /^servers: server https:\/\/\{host\} removed$/,
  ],
  [
    'a response field no longer required',
    (s) => {
      schema(s, 'Thing').required = ['id'];
    },
    /\.state: response field no longer required$/,
  ],
];

const nonBreaking: [string, (spec: Spec) => void, RegExp][] = [
  [
    'a request format removed (it accepts more)',
    (s) => {
      const when = props(s, 'ThingCreate').when;
      if (when) delete when.format;
    },
    /body\.when: request format date-time -> none$/,
  ],
  [
    'a server added',
    (s) => {
      s.servers.push({ url: 'https://eu.things.example' });
    },
    /^servers: server https:\/\/eu\.things\.example added$/,
  ],

  [
    'an optional request field added',
    (s) => {
      props(s, 'ThingCreate').owner = { type: 'string' };
    },
    /body\.owner: optional request field added$/,
  ],
  [
    'an optional response field added',
    (s) => {
      props(s, 'Thing').owner = { type: 'string' };
    },
    /\.owner: optional response field added$/,
  ],
  [
    'an optional parameter added',
    (s) => {
      op(s, '/things', 'get').parameters?.push({ name: 'sort', in: 'query', schema: { type: 'string' } });
    },
    /^GET \/things: optional query parameter sort added$/,
  ],
  [
    'an operation added',
    (s) => {
      const item = s.paths['/things/{id}'];
      if (item) item.put = { operationId: 'putThing', responses: { '200': { description: 'ok' } } };
    },
    /^PUT \/things\/\{id\}: operation added$/,
  ],
  [
    'a request enum widened',
    (s) => {
      props(s, 'ThingCreate').color?.enum?.push('green');
    },
    /body\.color: request enum widened, "green" added$/,
  ],
];

describe('the spec breaking-change checker', () => {
  it('finds nothing between a spec and its copy', () => {
    expect(diffSpecs(small(), small())).toEqual({ breaking: [], nonBreaking: [] });
  });

  it.each(breaking)('flags %s as breaking', (_, change, message) => {
    const after = small();
    change(after);
    const { breaking: found } = diffSpecs(small(), after);
    expect(found.length, JSON.stringify(found)).toBeGreaterThan(0);
    expect(
      found.some((line) => message.test(line)),
      JSON.stringify(found),
    ).toBe(true);
  });

  it("finds nothing when a parameter's explode is written out as its default", () => {
    const after = small();
    const limit = op(after, '/things', 'get').parameters?.[0];
    if (limit) limit.explode = true;
    expect(diffSpecs(small(), after)).toEqual({ breaking: [], nonBreaking: [] });
  });

  it.each(nonBreaking)('lists %s as not breaking', (_, change, message) => {
    const after = small();
    change(after);
    const { breaking: found, nonBreaking: safe } = diffSpecs(small(), after);
    expect(found).toEqual([]);
    expect(
      safe.some((line) => message.test(line)),
      JSON.stringify(safe),
    ).toBe(true);
  });
});

describe('the checker on the bundled spec', () => {
  type Bundled = { components: { schemas: Record<string, Schema> }; [key: string]: unknown };
  const load = (): Bundled => JSON.parse(readFileSync(join(root, 'dist', 'openapi.json'), 'utf8'));

  it('finds no change between the bundled spec and a copy', () => {
    expect(diffSpecs(load(), load())).toEqual({ breaking: [], nonBreaking: [] });
  });

  it('flags a response field removed from AppBackup (a deliberate break)', () => {
    const after = load();
    delete after.components.schemas.AppBackup?.properties?.percentDone;
    const { breaking: found } = diffSpecs(load(), after);
    expect(
      found.some((line) => /\.percentDone: response field removed$/.test(line)),
      JSON.stringify(found),
    ).toBe(true);
  });

  it('flags a new backup state as a widened response enum', () => {
    const after = load();
    after.components.schemas.BackupState?.enum?.push('paused');
    const { breaking: found } = diffSpecs(load(), after);
    expect(
      found.some((line) => /response enum widened, "paused" added$/.test(line)),
      JSON.stringify(found),
    ).toBe(true);
  });
});
