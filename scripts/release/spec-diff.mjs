// Breaking changes between two bundled OpenAPI 3.1 documents (the last released contract and
// the working one), offline and without a dependency: no maintained OAS 3.1 diff tool runs
// here without downloading a binary. Breaking is what can fail a client built on `before`:
// - an operation, a response status, a response media type or header, or a response field
//   removed, or a response field no longer required;
// - a parameter or request field added as required, or made required; a request body made
//   required; a parameter, request field or request media type removed;
// - a request value narrowed (enum values removed, an enum or const added, a type removed, a
//   tighter bound or a changed pattern);
// - a response value widened (enum values added, an enum removed, a type added, a looser
//   bound or a changed pattern);
// - an operationId renamed (every generated client names its method after it);
// - a parameter's serialization changed (`style`, or `explode` flipped, defaults applied);
// - a `format` changed (`date-time` -> `date`), added to a request value, or removed from a
//   response value;
// - a server removed (its URL, at the top, on a path or on an operation).
// api-smart-diff 1.0.6 (tried here, offline, on this spec) calls a renamed operationId and a
// removed server annotations, a flipped `explode` unclassified and a response `format` change
// non-breaking: hence this checker. The table of rules is in CONTRIBUTING.md, "Releasing".
// Anything else that differs (an optional field or a new operation) is listed as non-breaking.

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];
// Bounds: for each, whether a larger value accepts more.
const BOUNDS = {
  maxLength: true,
  maximum: true,
  exclusiveMaximum: true,
  maxItems: true,
  maxProperties: true,
  minLength: false,
  minimum: false,
  exclusiveMinimum: false,
  minItems: false,
  minProperties: false,
};

/** Follows local `$ref`s (`#/…`) in `spec`. */
function resolver(spec) {
  return (node) => {
    let current = node;
    for (let hops = 0; current && typeof current === 'object' && typeof current.$ref === 'string'; hops++) {
      if (hops > 50 || !current.$ref.startsWith('#/')) return current;
      current = current.$ref
        .slice(2)
        .split('/')
        .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
        .reduce((at, key) => at?.[key], spec);
    }
    return current;
  };
}

/** A schema with its `allOf` merged in: properties, required, and the rest of its keywords. */
function flatten(schema, resolve) {
  const s = resolve(schema);
  if (!s || typeof s !== 'object' || !Array.isArray(s.allOf)) return s;
  const merged = { ...s, properties: { ...(s.properties ?? {}) }, required: [...(s.required ?? [])] };
  delete merged.allOf;
  for (const part of s.allOf) {
    const p = flatten(part, resolve) ?? {};
    Object.assign(merged.properties, p.properties ?? {});
    merged.required.push(...(p.required ?? []));
    for (const [key, value] of Object.entries(p))
      if (!['properties', 'required'].includes(key) && !(key in merged)) merged[key] = value;
  }
  return merged;
}

function types(schema) {
  if (!schema || typeof schema !== 'object') return undefined;
  const t = schema.type === undefined ? undefined : [schema.type].flat();
  if (t && schema.nullable === true) t.push('null');
  return t;
}

function allowedValues(schema) {
  if (!schema || typeof schema !== 'object') return undefined;
  if ('const' in schema) return [schema.const];
  return Array.isArray(schema.enum) ? schema.enum : undefined;
}

const show = (values) => values.map((v) => JSON.stringify(v)).join(', ');

/**
 * Compares two schemas as seen by a client: `direction` is 'request' (what the client sends,
 * so narrowing breaks it) or 'response' (what it reads, so widening breaks it).
 */
function compareSchemas(before, after, direction, where, context) {
  const [rawA, rawB] = [context.resolveBefore(before), context.resolveAfter(after)];
  if (!rawA || !rawB || typeof rawA !== 'object' || typeof rawB !== 'object') return;
  // Shared and recursive schemas: each pair is compared once in each direction.
  const seen = context.seen[direction];
  const seenFor = seen.get(rawA) ?? new Set();
  if (seenFor.has(rawB)) return;
  seenFor.add(rawB);
  seen.set(rawA, seenFor);
  const a = flatten(rawA, context.resolveBefore);
  const b = flatten(rawB, context.resolveAfter);
  const request = direction === 'request';
  const { breaking, nonBreaking } = context;

  const [ta, tb] = [types(a), types(b)];
  if (ta && tb) {
    const covers = (list, t) => list.includes(t) || (t === 'integer' && list.includes('number'));
    const lost = ta.filter((t) => !covers(tb, t));
    const gained = tb.filter((t) => !covers(ta, t));
    if (request && lost.length) breaking.push(`${where}: request type narrowed, no longer accepts ${lost.join(', ')}`);
    if (!request && gained.length) breaking.push(`${where}: response type widened, may now be ${gained.join(', ')}`);
  } else if (request && !ta && tb) breaking.push(`${where}: request type narrowed to ${tb.join(', ')}`);
  else if (!request && ta && !tb) breaking.push(`${where}: response type widened (no type any more)`);

  const [ea, eb] = [allowedValues(a), allowedValues(b)];
  if (ea && eb) {
    const removed = ea.filter((v) => !eb.some((w) => JSON.stringify(w) === JSON.stringify(v)));
    const added = eb.filter((v) => !ea.some((w) => JSON.stringify(w) === JSON.stringify(v)));
    if (request && removed.length) breaking.push(`${where}: request enum narrowed, ${show(removed)} removed`);
    if (request && added.length) nonBreaking.push(`${where}: request enum widened, ${show(added)} added`);
    if (!request && added.length) breaking.push(`${where}: response enum widened, ${show(added)} added`);
    if (!request && removed.length) nonBreaking.push(`${where}: response enum narrowed, ${show(removed)} removed`);
  } else if (request && !ea && eb) breaking.push(`${where}: request narrowed to ${show(eb)}`);
  else if (!request && ea && !eb) breaking.push(`${where}: response enum removed, any value may come`);

  for (const [bound, largerAcceptsMore] of Object.entries(BOUNDS)) {
    const [x, y] = [a[bound], b[bound]];
    if (x === y || (typeof x !== 'number' && typeof y !== 'number')) continue;
    // undefined is the loosest bound there is.
    const looser = y === undefined || (x !== undefined && (largerAcceptsMore ? y > x : y < x));
    const change = `${bound} ${x ?? 'none'} -> ${y ?? 'none'}`;
    if (request && !looser) breaking.push(`${where}: request narrowed (${change})`);
    else if (!request && looser) breaking.push(`${where}: response widened (${change})`);
    else nonBreaking.push(`${where}: ${change}`);
  }
  if ((a.format ?? null) !== (b.format ?? null)) {
    const change = `${direction} format ${a.format ?? 'none'} -> ${b.format ?? 'none'}`;
    const safe = request ? b.format === undefined : a.format === undefined;
    (safe ? nonBreaking : breaking).push(`${where}: ${change}${safe ? '' : ' (format changed)'}`);
  }
  if ((a.pattern ?? null) !== (b.pattern ?? null))
    breaking.push(`${where}: ${direction} pattern changed (${a.pattern ?? 'none'} -> ${b.pattern ?? 'none'})`);

  const [pa, pb] = [a.properties ?? {}, b.properties ?? {}];
  const [ra, rb] = [new Set(a.required ?? []), new Set(b.required ?? [])];
  for (const name of Object.keys(pa)) {
    const field = `${where}.${name}`;
    if (!(name in pb)) {
      if (request) breaking.push(`${field}: request field removed`);
      else breaking.push(`${field}: response field removed`);
      continue;
    }
    if (request && !ra.has(name) && rb.has(name)) breaking.push(`${field}: request field made required`);
    if (!request && ra.has(name) && !rb.has(name)) breaking.push(`${field}: response field no longer required`);
    compareSchemas(pa[name], pb[name], direction, field, context);
  }
  for (const name of Object.keys(pb))
    if (!(name in pa)) {
      const field = `${where}.${name}`;
      if (request && rb.has(name)) breaking.push(`${field}: required request field added`);
      else nonBreaking.push(`${field}: optional ${direction} field added`);
    }

  if (a.items || b.items) compareSchemas(a.items, b.items, direction, `${where}[]`, context);
  if (typeof a.additionalProperties === 'object' && typeof b.additionalProperties === 'object')
    compareSchemas(a.additionalProperties, b.additionalProperties, direction, `${where}{}`, context);
  for (const keyword of ['anyOf', 'oneOf']) {
    const [va, vb] = [a[keyword] ?? [], b[keyword] ?? []];
    for (let i = 0; i < Math.min(va.length, vb.length); i++)
      compareSchemas(va[i], vb[i], direction, `${where}(${keyword} ${i + 1})`, context);
    if (request && vb.length < va.length) breaking.push(`${where}: request ${keyword} lost a variant`);
    if (!request && vb.length > va.length) breaking.push(`${where}: response ${keyword} gained a variant`);
  }
}

function operationsOf(spec, resolve) {
  const result = new Map();
  for (const [path, rawItem] of Object.entries(spec.paths ?? {})) {
    const item = resolve(rawItem) ?? {};
    for (const method of METHODS) {
      const operation = item[method];
      if (!operation) continue;
      // Operation parameters override path-level ones of the same name and place.
      const parameters = new Map();
      for (const p of [...(item.parameters ?? []), ...(operation.parameters ?? [])]) {
        const parameter = resolve(p);
        parameters.set(`${parameter.in} parameter ${parameter.name}`, parameter);
      }
      const servers = (operation.servers ?? item.servers ?? []).map((server) => server.url);
      result.set(`${method.toUpperCase()} ${path}`, { operation, parameters, servers });
    }
  }
  return result;
}

/** A parameter's serialization with the spec's defaults applied: `style`, `explode`. */
function serialization(parameter) {
  const style = parameter.style ?? (['query', 'cookie'].includes(parameter.in) ? 'form' : 'simple');
  return { style, explode: parameter.explode ?? style === 'form' };
}

/** The differences between two bundled specs: `{ breaking: string[], nonBreaking: string[] }`. */
export function diffSpecs(before, after) {
  const context = {
    resolveBefore: resolver(before),
    resolveAfter: resolver(after),
    breaking: [],
    nonBreaking: [],
    seen: { request: new Map(), response: new Map() },
  };
  const { resolveBefore: rA, resolveAfter: rB, breaking, nonBreaking } = context;
  const [opsA, opsB] = [operationsOf(before, rA), operationsOf(after, rB)];
  const urls = (spec) => (spec.servers ?? []).map((server) => server.url);
  for (const url of urls(before)) if (!urls(after).includes(url)) breaking.push(`servers: server ${url} removed`);
  for (const url of urls(after)) if (!urls(before).includes(url)) nonBreaking.push(`servers: server ${url} added`);
  for (const key of opsB.keys()) if (!opsA.has(key)) nonBreaking.push(`${key}: operation added`);
  for (const [key, { operation: a, parameters: paramsA }] of opsA) {
    const next = opsB.get(key);
    if (!next) {
      breaking.push(`${key}: operation removed`);
      continue;
    }
    const { operation: b, parameters: paramsB } = next;
    if ((a.operationId ?? null) !== (b.operationId ?? null))
      breaking.push(
        `${key}: operationId renamed ${a.operationId ?? 'none'} -> ${b.operationId ?? 'none'} (generated clients name their methods after it)`,
      );
    for (const url of opsA.get(key).servers)
      if (!next.servers.includes(url)) breaking.push(`${key}: server ${url} removed`);
    for (const [name, pa] of paramsA) {
      const pb = paramsB.get(name);
      if (!pb) breaking.push(`${key}: ${name} removed`);
      else {
        if (!pa.required && pb.required) breaking.push(`${key}: ${name} made required`);
        const [sa, sb] = [serialization(pa), serialization(pb)];
        if (sa.style !== sb.style) breaking.push(`${key}: ${name} style changed ${sa.style} -> ${sb.style}`);
        if (sa.explode !== sb.explode)
          breaking.push(
            `${key}: ${name} explode flipped ${sa.explode} -> ${sb.explode} (clients serialize it differently)`,
          );
        compareSchemas(pa.schema, pb.schema, 'request', `${key}: ${name}`, context);
      }
    }
    for (const [name, pb] of paramsB)
      if (!paramsA.has(name))
        (pb.required ? breaking : nonBreaking).push(`${key}: ${pb.required ? 'required' : 'optional'} ${name} added`);

    const [bodyA, bodyB] = [rA(a.requestBody), rB(b.requestBody)];
    if (bodyB?.required && !bodyA?.required) breaking.push(`${key}: request body made required`);
    for (const [type, media] of Object.entries(bodyA?.content ?? {})) {
      const other = bodyB?.content?.[type];
      if (!other) breaking.push(`${key}: request media type ${type} removed`);
      else compareSchemas(media.schema, other.schema, 'request', `${key} request ${type} body`, context);
    }

    for (const [status, rawResponse] of Object.entries(a.responses ?? {})) {
      const rawOther = b.responses?.[status];
      if (!rawOther) {
        breaking.push(`${key}: response ${status} removed`);
        continue;
      }
      const [response, other] = [rA(rawResponse), rB(rawOther)];
      for (const header of Object.keys(response.headers ?? {}))
        if (!other.headers?.[header]) breaking.push(`${key}: response ${status} header ${header} removed`);
      for (const [type, media] of Object.entries(response.content ?? {})) {
        const otherMedia = other.content?.[type];
        if (!otherMedia) breaking.push(`${key}: response ${status} media type ${type} removed`);
        else compareSchemas(media.schema, otherMedia.schema, 'response', `${key} ${status} ${type}`, context);
      }
    }
    for (const status of Object.keys(b.responses ?? {}))
      if (!a.responses?.[status]) nonBreaking.push(`${key}: response ${status} added`);
  }
  return { breaking: [...new Set(breaking)], nonBreaking: [...new Set(nonBreaking)] };
}
