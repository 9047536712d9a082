// The SDK's response checker, generated from the bundled spec as plain TypeScript
// (generated/checks.ts): for each success body, a function that returns '' when the
// body is what the spec says, or where and why it is not (`.items[3].percentDone must
// be 0 to 100, got 150`). It checks types, enums, bounds and required keys; patterns
// and formats are left to the server, and unknown fields are let through (a newer
// server may add some). Straight-line code, as ajv's standalone output is: checking a
// page of 1,000 backups costs next to nothing beside parsing it.

/** Builds the TypeScript source of generated/checks.ts from the bundled spec. */
export function checksSource(spec) {
  const schemas = spec.components.schemas;
  const functions = new Map(); // component name -> its function's source
  let depth = 0;

  const resolve = (schema) => {
    if (!schema.$ref) return { schema };
    const name = schema.$ref.replace('#/components/schemas/', '');
    if (!schemas[name]) throw new Error(`checks: unresolved ${schema.$ref}`);
    return { schema: { ...schemas[name], ...withoutRef(schema) }, name };
  };

  // A string expression of parts, leaving out empty ones.
  const cat = (...parts) => parts.filter((part) => part !== "''").join(' + ') || "''";

  // Statements that `return` a message (prefixed by the path expression `at`) when the
  // value in variable `x` is not of `schema`.
  const statements = (input, x, at) => {
    const { schema, name } = resolve(input);
    const fail = (message) => `return ${cat(at, message)};`;
    const alternatives = schema.anyOf ?? schema.oneOf;
    if (alternatives) {
      const fns = alternatives.map((alternative) => functionFor(alternative));
      const kinds = alternatives.map((alternative) => resolve(alternative).schema.type === 'array');
      const near = kinds.indexOf(true);
      return `if (${fns.map((fn) => `${fn}(${x})`).join(' && ')}) ${fail(
        near < 0 ? `${fns[0]}(${x})` : `(Array.isArray(${x}) ? ${fns[near]} : ${fns[near === 0 ? 1 : 0]})(${x})`,
      )}`;
    }
    if (schema.allOf) throw new Error('checks: allOf is not supported; extend scripts/lib/checks.mjs');
    const bounds = (value, lo, hi, unit) =>
      lo === undefined && hi === undefined
        ? ''
        : ` if (${[lo !== undefined && `${value} < ${lo}`, hi !== undefined && `${value} > ${hi}`].filter(Boolean).join(' || ')}) ${fail(`range(${value}, ${lo}, ${hi}, '${unit}')`)}`;
    switch (schema.type) {
      case 'string': {
        const kind = `if (typeof ${x} !== 'string') ${fail(`kind(${x}, 'a string')`)}`;
        const oneOf = schema.enum
          ? ` if (${schema.enum.map((v) => `${x} !== ${JSON.stringify(v)}`).join(' && ')}) ${fail(`oneOf(${x}, ${JSON.stringify(schema.enum)})`)}`
          : '';
        return `${kind}${oneOf}${bounds(`${x}.length`, schema.minLength, schema.maxLength, ' characters long')}`;
      }
      case 'number':
      case 'integer': {
        const test = `typeof ${x} !== 'number'${schema.type === 'integer' ? ` || !Number.isInteger(${x})` : ''}`;
        return `if (${test}) ${fail(`kind(${x}, '${schema.type === 'integer' ? 'a whole number' : 'a number'}')`)}${bounds(x, schema.minimum, schema.maximum, '')}`;
      }
      case 'boolean':
        return `if (typeof ${x} !== 'boolean') ${fail(`kind(${x}, 'true or false')`)}`;
      case 'array': {
        const i = `i${depth}`;
        const y = `y${depth}`;
        depth++;
        const inner = statements(schema.items ?? {}, y, cat(at, `'['`, i, `']'`));
        depth--;
        const items = inner
          ? ` for (let ${i} = 0; ${i} < ${x}.length; ${i}++) { const ${y} = ${x}[${i}]; ${inner} }`
          : '';
        return `if (!Array.isArray(${x})) ${fail(`kind(${x}, 'an array')`)}${items}${bounds(`${x}.length`, schema.minItems || undefined, schema.maxItems, ' items')}`;
      }
      case 'object': {
        const fn = name ? functionFor(input) : undefined;
        if (fn) return `{ const m = ${fn}(${x}); if (m) return ${cat(at, 'm')}; }`;
        return objectStatements(schema, x, at);
      }
      case undefined:
        return '';
      default:
        throw new Error(`checks: type ${JSON.stringify(schema.type)} is not supported`);
    }
  };

  // With `fields`, the name of an object of one check per property: each is called
  // rather than written out again (a backup's fields serve projected list items too).
  const objectStatements = (schema, x, at, fields) => {
    const o = `o${depth}`;
    depth++;
    const required = new Set(schema.required ?? []);
    const unlisted = [...required].filter((key) => !(key in (schema.properties ?? {})));
    if (unlisted.length) throw new Error(`checks: required ${unlisted.join(', ')} not among the properties`);
    const lines = Object.entries(schema.properties ?? {}).map(([key, property]) => {
      const v = `v${depth}`;
      const path = cat(at, JSON.stringify(`.${key}`));
      const check = fields
        ? `{ const m = ${fields}[${JSON.stringify(key)}](${v}); if (m) return ${cat(path, 'm')}; }`
        : statements(property, v, path);
      const missing = required.has(key) ? `if (${v} === undefined) return ${cat(path, "' is missing'")};` : '';
      const body = required.has(key) ? check : check && `if (${v} !== undefined) { ${check} }`;
      return missing || body
        ? `{ const ${v} = ${o}[${JSON.stringify(key)}]; ${[missing, body].filter(Boolean).join(' ')} }`
        : '';
    });
    depth--;
    return [
      `if (typeof ${x} !== 'object' || ${x} === null || Array.isArray(${x})) return ${cat(at, `kind(${x}, 'an object')`)};`,
      `const ${o} = ${x} as Record<string, unknown>;`,
      ...lines.filter(Boolean),
    ].join(depth ? ' ' : '\n  ');
  };

  // A named object schema becomes a function of its own, used wherever it is referenced.
  const functionFor = (input) => {
    const { schema, name } = resolve(input);
    const fn = name ?? `anonymous${functions.size}`;
    if (!functions.has(fn)) {
      functions.set(fn, ''); // placeholder: a schema that refers to itself
      const saved = depth;
      depth = 0;
      const body =
        schema.type === 'object' && !(schema.anyOf ?? schema.oneOf)
          ? objectStatements(schema, 'value', "''", name && fieldsOf.get(name))
          : statements(input.$ref ? { ...schema } : schema, 'value', "''");
      depth = saved;
      functions.set(fn, `export function ${fn}(value: unknown): string {\n  ${body}\n  return '';\n}`);
    }
    return fn;
  };

  // A backup's fields get a check each, for the values of a projected list item.
  const fieldsOf = new Map([['AppBackup', 'APP_BACKUP_FIELDS_CHECKS']]);

  const bodies = [];
  for (const item of Object.values(spec.paths)) {
    for (const operation of Object.values(item)) {
      for (const [status, response] of Object.entries(operation.responses ?? {})) {
        if (!status.startsWith('2')) continue;
        for (const media of Object.values(response.content ?? {})) {
          if (media.schema) bodies.push([operation.operationId, functionFor(media.schema)]);
        }
      }
    }
  }

  // One check per field of a backup, for the values of a projected list item.
  const backup = schemas.AppBackup;
  const fieldChecks = Object.entries(backup.properties).map(
    ([key, property]) =>
      `  ${JSON.stringify(key)}: (value: unknown): string => { ${statements(property, 'value', "''")} return ''; },`,
  );

  // The fields `include` accepts: the enum of the list operations' `include` items.
  const include = new Set();
  for (const item of Object.values(spec.paths)) {
    for (const parameter of item.get?.parameters ?? []) {
      const resolved = parameter.$ref ? spec.components.parameters[parameter.$ref.split('/').pop()] : parameter;
      if (resolved?.name === 'include') include.add(JSON.stringify(resolved.schema.items.enum));
    }
  }
  if (include.size !== 1) throw new Error(`checks: expected one include enum, found ${include.size}`);

  return [
    '// Generated by `npm run generate` from dist/openapi.json (scripts/lib/checks.mjs). Do not edit.',
    "// Each function returns '' when its value is what the spec says, or where and why it is not:",
    '// types, enums, bounds and required keys. Patterns and formats are left to the server;',
    '// fields the spec does not know are let through.',
    "import { describe } from '../src/validate.js';",
    '',
    HELPERS,
    '',
    ...[...functions.values()].flatMap((source) => [source, '']),
    '/** The check of each field of a backup (for the values of a projected list item). */',
    'export const APP_BACKUP_FIELDS_CHECKS = {',
    ...fieldChecks,
    '};',
    '',
    '/** The fields every backup has (a projected value of one of them cannot be null). */',
    `export const APP_BACKUP_REQUIRED: readonly string[] = ${JSON.stringify(backup.required ?? [])};`,
    '',
    "/** The fields `include` accepts, in the spec's order. */",
    `export const INCLUDE_FIELDS = ${[...include][0]} as const;`,
    '',
    "/** The check of each operation's success body. */",
    'export const RESPONSES: { readonly [operationId: string]: (value: unknown) => string } = {',
    ...bodies.map(([id, fn]) => `  ${id}: ${fn},`),
    '};',
    '',
  ].join('\n');
}

// The messages' helpers, as written into generated/checks.ts.
const HELPERS = `const kind = (value: unknown, what: string): string => \` must be \${what}, got \${describe(value)}\`;
const oneOf = (value: unknown, values: readonly string[]): string =>
  \` must be one of \${values.join(', ')}, got \${describe(value)}\`;
const range = (size: number, least: number | undefined, most: number | undefined, unit: string): string =>
  \` must be \${most === undefined ? \`at least \${least}\` : least === undefined ? \`at most \${most}\` : \`\${least} to \${most}\`}\${unit}, got \${size}\`;`;

function withoutRef(schema) {
  const { $ref, ...rest } = schema;
  return rest;
}
