// The SDK's response checker, generated from the bundled spec as plain TypeScript
// (generated/checks.ts): for each success body, a function that returns '' when the
// body is what the spec says, or where and why it is not (`.items[3].percentDone must
// be 0 to 100, got 150`). It checks types, enums, bounds and required keys; patterns
// and formats are left to the server, and unknown fields are let through (a newer
// server may add some). Straight-line code, as ajv's standalone output is: checking a
// page of 1,000 backups costs next to nothing beside parsing it. Each distinct check is
// one function (a named object's has its name), shared wherever it appears.

/** Builds the TypeScript source of generated/checks.ts from the bundled spec. */
export function checksSource(spec) {
  const schemas = spec.components.schemas;
  const functions = new Map(); // function name -> source
  const byBody = new Map(); // body -> function name, so that equal checks are written once

  const resolve = (schema) => {
    if (!schema.$ref) return { schema };
    const name = schema.$ref.replace('#/components/schemas/', '');
    if (!schemas[name]) throw new Error(`checks: unresolved ${schema.$ref}`);
    return { schema: { ...schemas[name], ...withoutRef(schema) }, name };
  };

  const bounds = (value, lo, hi, unit) =>
    lo === undefined && hi === undefined
      ? []
      : [
          `if (${[lo !== undefined && `${value} < ${lo}`, hi !== undefined && `${value} > ${hi}`].filter(Boolean).join(' || ')}) return range(${value}, ${lo}, ${hi}, '${unit}');`,
        ];

  // The statements of a check of `value` against `schema` (each returns a message).
  const bodyOf = (schema) => {
    const alternatives = schema.anyOf ?? schema.oneOf;
    if (alternatives) {
      const fns = alternatives.map(checkOf);
      const arrays = alternatives.map((alternative) => resolve(alternative).schema.type === 'array');
      const array = arrays.indexOf(true);
      const near = array < 0 ? fns[0] : `(Array.isArray(value) ? ${fns[array]} : ${fns[array === 0 ? 1 : 0]})`;
      return [`if (${fns.map((fn) => `${fn}(value)`).join(' && ')}) return ${near}(value);`];
    }
    if (schema.allOf) throw new Error('checks: allOf is not supported; extend scripts/lib/checks.mjs');
    switch (schema.type) {
      case 'string':
        return [
          "if (typeof value !== 'string') return kind(value, 'a string');",
          ...(schema.enum
            ? [
                `if (${schema.enum.map((v) => `value !== ${JSON.stringify(v)}`).join(' && ')}) return oneOf(value, ${JSON.stringify(schema.enum)});`,
              ]
            : []),
          ...bounds('value.length', schema.minLength, schema.maxLength, ' characters long'),
        ];
      case 'number':
      case 'integer': {
        const whole = schema.type === 'integer';
        return [
          `if (typeof value !== 'number'${whole ? ' || !Number.isInteger(value)' : ''}) return kind(value, '${whole ? 'a whole number' : 'a number'}');`,
          ...bounds('value', schema.minimum, schema.maximum, ''),
        ];
      }
      case 'boolean':
        return ["if (typeof value !== 'boolean') return kind(value, 'true or false');"];
      case 'array': {
        const item = resolve(schema.items ?? {}).schema;
        const anything = !item.type && !item.anyOf && !item.oneOf;
        return [
          "if (!Array.isArray(value)) return kind(value, 'an array');",
          ...(anything
            ? []
            : [
                `for (let i = 0; i < value.length; i++) { const m = ${checkOf(schema.items)}(value[i]); if (m) return '[' + i + ']' + m; }`,
              ]),
          ...bounds('value.length', schema.minItems || undefined, schema.maxItems, ' items'),
        ];
      }
      case 'object': {
        const required = new Set(schema.required ?? []);
        const unlisted = [...required].filter((key) => !(key in (schema.properties ?? {})));
        if (unlisted.length) throw new Error(`checks: required ${unlisted.join(', ')} not among the properties`);
        const lines = [
          "if (typeof value !== 'object' || value === null || Array.isArray(value)) return kind(value, 'an object');",
          'const o = value as Record<string, unknown>;',
          'let m: string;',
        ];
        for (const [key, property] of Object.entries(schema.properties ?? {})) {
          const at = JSON.stringify(`.${key}`);
          const field = `o[${JSON.stringify(key)}]`;
          const check = checkOf(property);
          if (required.has(key))
            lines.push(`if (${field} === undefined) return ${JSON.stringify(`.${key} is missing`)};`);
          if (check !== 'anything')
            lines.push(
              `if (${required.has(key) ? '' : `${field} !== undefined && `}(m = ${check}(${field}))) return ${at} + m;`,
            );
        }
        return lines;
      }
      case undefined:
        return [];
      default:
        throw new Error(`checks: type ${JSON.stringify(schema.type)} is not supported`);
    }
  };

  // The name of the function that checks `input`: a named schema's own name; an
  // anonymous one shares the function of any equal check.
  const checkOf = (input) => {
    const { schema, name: component } = resolve(input);
    // Named objects keep their names; any other check is shared by all that are equal.
    const name = schema.type === 'object' ? component : undefined;
    if (name && functions.has(name)) return name;
    if (name) functions.set(name, ''); // placeholder: a schema that refers to itself
    const body = bodyOf(schema);
    if (!body.length && !name) return 'anything';
    const text = body.join('\n  ');
    const fn = name ?? byBody.get(text) ?? `check${byBody.size + 1}`;
    if (!name) {
      if (byBody.has(text)) return fn;
      byBody.set(text, fn);
    }
    functions.set(fn, `${name ? 'export ' : ''}function ${fn}(value: unknown): string {\n  ${text}\n  return '';\n}`);
    return fn;
  };

  const bodies = [];
  for (const item of Object.values(spec.paths)) {
    for (const operation of Object.values(item)) {
      for (const [status, response] of Object.entries(operation.responses ?? {})) {
        if (!status.startsWith('2')) continue;
        for (const media of Object.values(response.content ?? {})) {
          if (media.schema) bodies.push([operation.operationId, checkOf(media.schema)]);
        }
      }
    }
  }

  // One check per field of a backup, for the values of a projected list item.
  const backup = schemas.AppBackup;
  const fieldChecks = Object.entries(backup.properties).map(
    ([key, property]) => `  ${JSON.stringify(key)}: ${checkOf(property)},`,
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
// describe() is the SDK's one description of a value in a message (src/sdk/validate.ts re-exports it):
// generated code imports nothing from src/.
const HELPERS = `/** A short, safe description of a value for an error message. */
export function describe(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (typeof value === 'string') return JSON.stringify(value.length > 80 ? \`\${value.slice(0, 80)}…\` : value);
  if (typeof value === 'function') return 'a function';
  if (Array.isArray(value)) return \`an array of \${value.length}\`;
  if (typeof value === 'object') return value === null ? 'null' : 'an object';
  return String(value);
}

const kind = (value: unknown, what: string): string => \` must be \${what}, got \${describe(value)}\`;
const oneOf = (value: unknown, values: readonly string[]): string =>
  \` must be one of \${values.join(', ')}, got \${describe(value)}\`;
const range = (size: number, least: number | undefined, most: number | undefined, unit: string): string =>
  \` must be \${most === undefined ? \`at least \${least}\` : least === undefined ? \`at most \${most}\` : \`\${least} to \${most}\`}\${unit}, got \${size}\`;
const anything = (_value: unknown): string => '';`;

function withoutRef(schema) {
  const { $ref, ...rest } = schema;
  return rest;
}
