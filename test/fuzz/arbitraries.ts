// fast-check generators read from the spec: values a schema accepts, values it refuses
// (each one checked by Ajv, so a mutation that happens to stay valid is never sent as
// "invalid"), and whole requests, valid or invalid, for any operation of the spec.
import fc from 'fast-check';
import {
  bearer,
  type Json,
  type JsonObject,
  type Media,
  methodsByPath,
  type Operation,
  operations,
  type Parameter,
  type Schema,
  schemaOf,
} from './operations.js';

export interface FuzzRequest {
  operationId: string | undefined; // undefined when the method is not the spec's for that path
  method: string;
  path: string; // raw, percent-encoded as sent
  query: string; // '' or '?a=b'
  headers: Record<string, string>;
  body?: string;
  /** For an invalid request: what is wrong with it. */
  why?: string;
}

const typeOf = (v: Json) => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v);
const WRONG_TYPES: Json[] = [null, false, true, 0, -1, 1.5, '', 'x', [], {}];
/** Keys no closed object of the spec has: outside Latin-1, prototype names, blank. */
const ODD_KEYS = ['☃', 'ключ', '名前', '😀', '__proto__', 'constructor', ' ', 'Type', 'type ', 'NAME'];

/** Values the schema accepts (mostly; callers that need certainty filter with Ajv). */
export function validValue(node: Schema, depth = 0): fc.Arbitrary<Json> {
  const s = schemaOf(node);
  if (s.const !== undefined) return fc.constant(s.const);
  if (s.enum) return fc.constantFrom(...s.enum);
  const alternatives = s.anyOf ?? s.oneOf;
  if (alternatives) return fc.oneof(...alternatives.map((a) => validValue(a, depth + 1)));
  switch (Array.isArray(s.type) ? s.type[0] : s.type) {
    case 'string':
      return validString(s);
    case 'integer':
      return fc.integer({ min: s.minimum ?? -1_000, max: s.maximum ?? 1_000_000_000 });
    case 'number':
      return fc.double({ min: s.minimum ?? -1e9, max: s.maximum ?? 1e9, noNaN: true, noDefaultInfinity: true });
    case 'boolean':
      return fc.boolean();
    case 'array': {
      const items = s.items ? validValue(s.items, depth + 1) : (fc.jsonValue({ maxDepth: 1 }) as fc.Arbitrary<Json>);
      const minLength = s.minItems ?? 0;
      const maxLength = Math.min(s.maxItems ?? Number.POSITIVE_INFINITY, minLength + (depth > 1 ? 1 : 3));
      return s.uniqueItems
        ? fc.uniqueArray(items, { minLength, maxLength, selector: (v) => JSON.stringify(v) })
        : fc.array(items, { minLength, maxLength });
    }
    case 'object': {
      const properties = s.properties ?? {};
      const model: Record<string, fc.Arbitrary<Json>> = {};
      for (const [key, sub] of Object.entries(properties)) model[key] = validValue(sub, depth + 1);
      return fc.record(model, {
        requiredKeys: (s.required ?? []).filter((k) => k in properties),
      }) as fc.Arbitrary<Json>;
    }
    default:
      return fc.jsonValue({ maxDepth: 2 }) as fc.Arbitrary<Json>;
  }
}

// Building a stringMatching arbitrary parses its regex into a generator (~0.2 s for a UUID):
// build each once.
const byPattern = new Map<string, fc.Arbitrary<string>>();
function matching(pattern: string): fc.Arbitrary<string> {
  let arbitrary = byPattern.get(pattern);
  if (!arbitrary) {
    arbitrary = fc.stringMatching(new RegExp(pattern));
    byPattern.set(pattern, arbitrary);
  }
  return arbitrary;
}

function validString(s: Schema): fc.Arbitrary<string> {
  const fits = (v: string) => v.length >= (s.minLength ?? 0) && v.length <= (s.maxLength ?? Number.POSITIVE_INFINITY);
  if (s.format === 'date-time')
    return fc
      .date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2099-12-31T23:59:59Z'), noInvalidDate: true })
      .map((d) => d.toISOString());
  if (s.pattern) return matching(s.pattern).filter(fits);
  return fc.string({ minLength: s.minLength ?? 0, maxLength: Math.min(s.maxLength ?? 24, 24) });
}

/** Near misses of a valid string: changed case, a character dropped, added or swapped. */
function nearMiss(valid: fc.Arbitrary<Json>): fc.Arbitrary<Json> {
  return fc
    .tuple(valid, fc.nat(), fc.constantFrom('-', ' ', 'é', '/', '%', 'Z', '0', '☃', '\u0000'))
    .chain(([v, i, c]) => {
      const text = String(v);
      const at = text.length ? i % text.length : 0;
      return fc.constantFrom<Json>(
        text.toUpperCase(),
        text.slice(0, at) + text.slice(at + 1),
        text.slice(0, at) + c + text.slice(at),
        text.slice(0, at) + c + text.slice(at + 1),
        `${text}${text}`,
        ` ${text}`,
      );
    });
}

/** Values one step away from valid. Not all are invalid: `invalidFor` filters with Ajv. */
function mutant(node: Schema, depth = 0): fc.Arbitrary<Json> {
  const s = schemaOf(node);
  const type = Array.isArray(s.type) ? s.type[0] : s.type;
  const wrongType = fc.constantFrom(...WRONG_TYPES.filter((v) => typeOf(v) !== type));
  const kinds: fc.Arbitrary<Json>[] = [wrongType];
  if (s.enum) kinds.push(fc.string({ maxLength: 12 }), nearMiss(fc.constantFrom(...s.enum)));
  if (type === 'string' && !s.enum) {
    kinds.push(fc.string({ maxLength: 80, unit: 'grapheme' }), nearMiss(validString(s)));
    if (s.maxLength !== undefined) kinds.push(fc.string({ minLength: s.maxLength + 1, maxLength: s.maxLength + 8 }));
  }
  if (type === 'array' && depth < 3) {
    const valid = validValue(s, depth) as fc.Arbitrary<Json[]>;
    if (s.items)
      kinds.push(
        fc
          .tuple(valid, mutant(s.items, depth + 1), fc.nat())
          .map(([arr, bad, i]) => [...arr.slice(0, i % (arr.length + 1)), bad, ...arr.slice(i % (arr.length + 1))]),
      );
    // A repeated item (repeated labels, a field named twice).
    if (s.uniqueItems) kinds.push(valid.filter((arr) => arr.length > 0).map((arr) => [...arr, arr[0] as Json]));
    if (s.minItems) kinds.push(fc.constant([]));
  }
  if (type === 'object' && depth < 3) {
    const properties = s.properties ?? {};
    const valid = validValue(s, depth) as fc.Arbitrary<JsonObject>;
    for (const key of s.required ?? [])
      kinds.push(
        valid.map((v) => {
          const { [key]: _, ...rest } = v;
          return rest;
        }),
      );
    for (const [key, sub] of Object.entries(properties))
      kinds.push(fc.tuple(valid, mutant(sub, depth + 1)).map(([v, bad]) => ({ ...v, [key]: bad })));
    if (s.additionalProperties === false)
      kinds.push(
        fc
          .tuple(
            valid,
            fc.oneof(fc.constantFrom(...ODD_KEYS), fc.string({ minLength: 1, maxLength: 12 })),
            fc.jsonValue({ maxDepth: 1 }) as fc.Arbitrary<Json>,
          )
          .filter(([, key]) => !Object.hasOwn(properties, key))
          .map(([v, key, value]) => ({ ...v, [key]: value })),
      );
  }
  return fc.oneof(...kinds);
}

/** Values that `media.validate` (Ajv, with the spec's own schema) refuses. */
export function invalidFor(schema: Schema, validate: (v: unknown) => boolean): fc.Arbitrary<Json> {
  return mutant(schema).filter((v) => !validate(v));
}

// ---- requests ------------------------------------------------------------------------

/** Ids the generators pick from besides random ones: param name -> known values. */
export type Pools = Map<string, string[]>;

const token = fc.stringMatching(/^[A-Za-z0-9\-._~+/]{1,40}=*$/);
const authHeader = token.map((t) => ({ [bearer.header]: `${bearer.prefix}${t}` }));

function pathParamValue(p: Parameter, pools: Pools): fc.Arbitrary<string> {
  const known = [...(pools.get(p.name) ?? []), ...p.examples.filter((e): e is string => typeof e === 'string')];
  const random = validValue(p.schema).map(String);
  return known.length ? fc.oneof({ arbitrary: fc.constantFrom(...known), weight: 4 }, random) : random;
}

function fillPath(op: Operation, values: Record<string, string>): string {
  return op.path.replace(/\{([^}]+)\}/g, (_, name: string) => values[name] ?? '');
}

/** Serialises a query value as the parameter's style says (arrays comma-joined). */
function serialise(p: Parameter, value: Json): string {
  if (p.commaJoined && Array.isArray(value)) return value.map((v) => encodeURIComponent(String(v))).join(',');
  return encodeURIComponent(typeof value === 'string' ? value : JSON.stringify(value));
}

/** How the server reads a query value back (the inverse of `serialise`), for Ajv. */
export function parseQueryValue(p: Parameter, raw: string): Json {
  return p.commaJoined ? raw.split(',') : raw;
}

function pathValues(op: Operation, pools: Pools): fc.Arbitrary<Record<string, string>> {
  const model: Record<string, fc.Arbitrary<string>> = {};
  for (const p of op.parameters) if (p.in === 'path') model[p.name] = pathParamValue(p, pools);
  return fc.record(model);
}

function validQuery(op: Operation): fc.Arbitrary<[string, string][]> {
  const query = op.parameters.filter((p) => p.in === 'query');
  if (!query.length) return fc.constant([]);
  return fc.subarray(query).chain((chosen) =>
    fc.tuple(
      ...chosen.map((p) =>
        validValue(p.schema)
          .filter((v) => p.validate(v))
          .map((v): [string, string] => [p.name, serialise(p, v)]),
      ),
    ),
  );
}

const queryString = (pairs: [string, string][]) =>
  pairs.length ? `?${pairs.map(([k, v]) => `${encodeURIComponent(k)}=${v}`).join('&')}` : '';

function validBody(media: Media): fc.Arbitrary<string> {
  return validValue(media.schema)
    .filter((v) => media.validate(v))
    .map((v) => JSON.stringify(v));
}

/** A request the spec allows, to operation `op`. */
export function validRequest(op: Operation, pools: Pools): fc.Arbitrary<FuzzRequest> {
  const contents = [...(op.body?.content ?? new Map<string, Media>())];
  const body: fc.Arbitrary<{ body?: string; type?: string }> = contents.length
    ? fc.oneof(
        ...contents.map(([type, media]) => validBody(media).map((text) => ({ body: text, type }))),
        ...(op.body?.required ? [] : [fc.constant({})]),
      )
    : fc.constant({});
  return fc.record({ values: pathValues(op, pools), query: validQuery(op), auth: authHeader, body }).map((r) => ({
    operationId: op.operationId,
    method: op.method,
    path: fillPath(op, r.values),
    query: queryString(r.query),
    headers: {
      ...r.auth,
      accept: '*/*',
      ...(r.body.type ? { 'content-type': r.body.type } : {}),
    },
    ...(r.body.body !== undefined ? { body: r.body.body } : {}),
  }));
}

/** Strings a path parameter refuses, percent-encoded as a client would send them. */
function badId(p: Parameter): fc.Arbitrary<string> {
  return invalidFor(p.schema, (v) => p.validate(v))
    .filter((v): v is string => typeof v === 'string')
    .map(encodeURIComponent);
}

/** Each way the spec lets a request be wrong, for operation `op`. */
function invalidKinds(op: Operation, pools: Pools, repeats: boolean): fc.Arbitrary<FuzzRequest>[] {
  const base = validRequest(op, pools);
  const kinds: fc.Arbitrary<FuzzRequest>[] = [];
  const pathParams = op.parameters.filter((p) => p.in === 'path');
  const queryParams = op.parameters.filter((p) => p.in === 'query');
  kinds.push(
    fc.tuple(base, fc.constantFrom(...pathParams)).chain(([r, p]) =>
      fc.tuple(fc.constant(r), fc.constant(p), badId(p), pathValues(op, pools)).map(([req, param, bad, values]) => ({
        ...req,
        path: fillPath(op, { ...values, [param.name]: bad }),
        why: `path parameter ${param.name} is ${JSON.stringify(decodeURIComponent(bad))}`,
      })),
    ),
  );
  kinds.push(
    fc
      .tuple(
        base,
        fc.constantFrom<Record<string, string>>(
          {},
          { [bearer.header]: 'Basic dXNlcjpwYXNz' },
          { [bearer.header]: bearer.prefix.trim() },
        ),
      )
      .map(([r, auth]) => {
        const { [bearer.header]: _, ...headers } = r.headers;
        return {
          ...r,
          headers: { ...headers, ...auth },
          why: `Authorization is ${JSON.stringify(auth[bearer.header] ?? '(none)')}`,
        };
      }),
  );
  const declared = new Set(queryParams.map((p) => p.name));
  kinds.push(
    fc
      .tuple(
        base,
        fc.oneof(
          fc.constantFrom('page', 'offset', 'filter', 'orderBy', 'count', 'Include', 'LIMIT', 'include[]', '☃'),
          fc.string({ minLength: 1, maxLength: 10 }),
        ),
        fc.string({ maxLength: 10 }),
      )
      .filter(([, name]) => !declared.has(name))
      .map(([r, name, value]) => ({
        ...r,
        query: `${r.query ? `${r.query}&` : '?'}${encodeURIComponent(name)}=${encodeURIComponent(value)}`,
        why: `unknown query parameter ${JSON.stringify(name)}`,
      })),
  );
  if (queryParams.length) {
    kinds.push(
      fc.tuple(base, fc.constantFrom(...queryParams)).chain(([r, p]) =>
        fc
          .tuple(
            fc.constant(r),
            fc.constant(p),
            fc.oneof(
              invalidFor(p.schema, (v) => p.validate(v)).map((v) => serialise(p, v)),
              fc.string({ maxLength: 30, unit: 'grapheme' }).map(encodeURIComponent),
            ),
          )
          .filter(([, param, raw]) => !param.validate(parseQueryValue(param, decodeURIComponent(raw))))
          .map(([req, param, raw]) => ({
            ...req,
            query: `?${encodeURIComponent(param.name)}=${raw}`,
            why: `query parameter ${param.name} is ${JSON.stringify(decodeURIComponent(raw))}`,
          })),
      ),
      fc.tuple(base, fc.constantFrom(...queryParams)).chain(([r, p]) =>
        fc
          .tuple(
            fc.constant(r),
            fc.constant(p),
            validValue(p.schema).filter((v) => p.validate(v)),
            validValue(p.schema).filter((v) => p.validate(v)),
          )
          .map(([req, param, a, b]) => ({
            ...req,
            query: `?${param.name}=${serialise(param, a)}&${param.name}=${serialise(param, b)}`,
            why: `query parameter ${param.name} given twice`,
          })),
      ),
    );
    if (!repeats) kinds.pop();
  }
  for (const [type, media] of op.body?.content ?? []) {
    const withBody = (text: string, contentType: string | undefined, why: string) =>
      base.map((r) => {
        const { 'content-type': _, ...headers } = r.headers;
        return {
          ...r,
          headers: { ...headers, ...(contentType ? { 'content-type': contentType } : {}) },
          body: text,
          why,
        };
      });
    kinds.push(
      invalidFor(media.schema, (v) => media.validate(v)).chain((v) =>
        withBody(JSON.stringify(v), type, `body ${JSON.stringify(v)} breaks the schema`),
      ),
      // JSON scalars and other non-objects, alone (item 6: `null`, `false`, `0` once hung the mock).
      fc
        .constantFrom('null', 'false', '0', 'true', '""', '[]', '1e999')
        .filter((text) => !media.validate(JSON.parse(text)))
        .chain((text) => withBody(text, type, `body ${text}`)),
      fc
        .constantFrom(
          '{',
          '{"type":',
          'nope',
          '{"a":1}}',
          "{'type':'x'}",
          '\u0000',
          '{"type":"application/astra-appBackup",}',
        )
        .chain((text) => withBody(text, type, `body ${JSON.stringify(text)} is not JSON`)),
    );
  }
  if (op.body) {
    const declaredTypes = new Set(op.body.content.keys());
    const [firstMedia] = [...op.body.content.values()];
    if (firstMedia)
      kinds.push(
        fc
          .tuple(
            base,
            validBody(firstMedia),
            fc.constantFrom<string | undefined>(
              undefined,
              'text/plain',
              'application/xml',
              'application/x-www-form-urlencoded',
              'application/json',
              'application/problem+json',
              'multipart/form-data; boundary=x',
            ),
          )
          .filter(([, , type]) => type === undefined || !declaredTypes.has(type))
          .map(([r, text, type]) => {
            const { 'content-type': _, ...headers } = r.headers;
            return {
              ...r,
              headers: { ...headers, ...(type ? { 'content-type': type } : {}) },
              body: text,
              why: `body sent as ${type ?? 'no media type'}`,
            };
          }),
      );
    if (op.body.required) kinds.push(base.map((r) => ({ ...r, body: '', why: 'the required body is empty' })));
  }
  return kinds;
}

/**
 * A request the spec refuses, to any operation; `why` says what is wrong. `repeats`: a
 * query parameter given twice counts as wrong (the spec defines one comma-joined value;
 * Prism's plain mock reads a repeated one as a list and answers it).
 */
export function invalidRequest(
  pools: Pools,
  { repeats = true }: { repeats?: boolean } = {},
): fc.Arbitrary<FuzzRequest> {
  return fc.oneof(
    ...operations.map((op) => {
      const kinds = invalidKinds(op, pools, repeats);
      // Bodies come in more shapes than ids or queries: give them (listed last) more turns.
      const queries = op.parameters.some((p) => p.in === 'query') ? (repeats ? 2 : 1) : 0;
      const bodies = op.body ? kinds.length - 3 - queries : 0;
      return fc.oneof(...kinds.map((arbitrary, i) => ({ arbitrary, weight: i >= kinds.length - bodies ? 3 : 1 })));
    }),
  );
}

/** A valid request to any operation. */
export function anyValidRequest(pools: Pools): fc.Arbitrary<FuzzRequest> {
  return fc.oneof(...operations.map((op) => validRequest(op, pools)));
}

/** A request with a method the spec does not give its path (405 expected). */
export function unsupportedMethodRequest(pools: Pools, methods: string[]): fc.Arbitrary<FuzzRequest> {
  const cases = [...methodsByPath].flatMap(([path, allowed]) => {
    const op = operations.find((o) => o.path === path) as Operation;
    return methods.filter((m) => !allowed.includes(m)).map((method) => ({ op, method }));
  });
  return fc.constantFrom(...cases).chain(({ op, method }) =>
    validRequest(op, pools).map((r) => ({
      ...r,
      operationId: undefined,
      method,
      why: `${method} is not an operation of ${op.path}`,
    })),
  );
}

/** A valid GET, to be sent again as HEAD. */
export function getRequest(pools: Pools): fc.Arbitrary<FuzzRequest> {
  return fc.oneof(...operations.filter((op) => op.method === 'GET').map((op) => validRequest(op, pools)));
}
