// The API reference pages of the docs site, generated from the bundled spec (dist/openapi.json,
// `npm run bundle`) into Markdown under docs/reference/ (git-ignored): an index and one page
// per operation at /reference/<operationId>. Markdown rather than a page rendered in the
// browser, so that VitePress's local search indexes every word of it (descriptions, fields,
// examples, code samples). Each page carries the operation's Try it panel
// (docs/.vitepress/theme/try-it/), given what it needs as props: nothing else of the spec
// reaches the browser.
//
// `node scripts/docs/reference.mjs` writes the pages; the docs build calls
// `writeReferencePages()` before VitePress scans its pages.
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { REASONS } from '../../docs/.vitepress/theme/try-it/reasons.mjs';
import { root } from '../lib/tools.mjs';
import { EXAMPLE_ACCOUNT, EXAMPLE_APPS, EXAMPLE_BACKUP, EXAMPLE_COMPLETED_BACKUP } from '../mock/seed.mjs';

/** Where the pages go; everything in it that ends in .md is generated (see its .gitignore). */
export const REFERENCE_DIR = join(root, 'docs', 'reference');
const METHODS = ['get', 'post', 'put', 'patch', 'delete'];

/** Reason phrases for the statuses the spec uses (the heading of each response). */
export { REASONS };

/**
 * The values Try it starts with: the simulator's seeded account, app and backups, so that the
 * first press answers with the documented success. A delete starts on a completed backup (204);
 * the pending one (the get's) is refused with problem 128.
 */
function prefill(operationId, name) {
  if (name === 'account_id') return EXAMPLE_ACCOUNT;
  if (name === 'app_id') return EXAMPLE_APPS.shop;
  if (name === 'appBackup_id') return operationId.startsWith('delete') ? EXAMPLE_COMPLETED_BACKUP : EXAMPLE_BACKUP;
  if (name === 'limit' && operationId === 'listAppBackups') return '10';
  return '';
}

/** Follows one local `$ref` (`#/components/...`). */
function resolver(spec) {
  const get = (ref) => {
    if (!ref.startsWith('#/')) throw new Error(`only local $refs are supported, got ${ref}`);
    let node = spec;
    for (const part of ref.slice(2).split('/')) node = node?.[part.replaceAll('~1', '/').replaceAll('~0', '~')];
    if (node === undefined) throw new Error(`unresolved $ref ${ref}`);
    return node;
  };
  const deref = (node) => {
    let seen = 0;
    while (node && typeof node === 'object' && '$ref' in node) {
      if (++seen > 20) throw new Error('a $ref cycle');
      node = get(node.$ref);
    }
    return node;
  };
  return { get, deref };
}

const schemaName = (ref) => ref.split('/').at(-1);
const anchor = (name) => `schema-${name.toLowerCase()}`;

/**
 * Text from the spec, made safe for a VitePress page (compiled as a Vue template): outside
 * code spans, `<` would open an HTML element and `{{` an interpolation.
 */
export function prose(text) {
  return String(text ?? '')
    .split(/(`+[^`]*`+)/)
    .map((part, i) => (i % 2 === 1 ? part : part.replaceAll('<', '&lt;').replaceAll('{{', '&#123;&#123;')))
    .join('')
    .trim();
}

/** A code span holding `text` whatever backticks it contains. */
function code(text) {
  const s = String(text);
  const ticks = '`'.repeat((s.match(/`+/g) ?? ['']).reduce((n, run) => Math.max(n, run.length), 0) + 1);
  return s.includes('`') ? `${ticks} ${s} ${ticks}` : `\`${s}\``;
}

/** One line saying what a schema is: its type, format, bounds, enum, or a link to a named schema. */
function typeOf(schema, { deref }) {
  if (!schema || typeof schema !== 'object') return 'any';
  if (schema.$ref) return `[${schemaName(schema.$ref)}](#${anchor(schemaName(schema.$ref))})`;
  if (schema.allOf?.length === 1) {
    const base = typeOf(schema.allOf[0], { deref });
    const extra = constraints(schema);
    return extra ? `${base}, ${extra}` : base;
  }
  for (const key of ['anyOf', 'oneOf', 'allOf'])
    if (schema[key]) return schema[key].map((s) => typeOf(s, { deref })).join(key === 'allOf' ? ' and ' : ' or ');
  if (schema.type === 'array') {
    let items = schema.items && Object.keys(schema.items).length ? typeOf(schema.items, { deref }) : 'any value';
    if (items.includes(', ')) items = `(${items})`;
    const extra = constraints(schema);
    return `array of ${items}${extra ? `, ${extra}` : ''}`;
  }
  const type = Array.isArray(schema.type) ? schema.type.join(' or ') : (schema.type ?? 'any');
  const extra = constraints(schema);
  return `${type}${schema.format ? ` (${schema.format})` : ''}${extra ? `, ${extra}` : ''}`;
}

function constraints(schema) {
  const out = [];
  if (schema.enum) out.push(`one of ${schema.enum.map((v) => code(JSON.stringify(v))).join(', ')}`);
  if (schema.const !== undefined) out.push(`always ${code(JSON.stringify(schema.const))}`);
  if (schema.minLength !== undefined) out.push(`at least ${schema.minLength} characters`);
  if (schema.maxLength !== undefined) out.push(`at most ${schema.maxLength} characters`);
  if (schema.minimum !== undefined) out.push(`≥ ${schema.minimum}`);
  if (schema.maximum !== undefined) out.push(`≤ ${schema.maximum}`);
  if (schema.minItems !== undefined) out.push(`at least ${schema.minItems} items`);
  if (schema.maxItems !== undefined) out.push(`at most ${schema.maxItems} items`);
  if (schema.uniqueItems) out.push('no duplicates');
  if (schema.pattern) out.push(`matching ${code(schema.pattern)}`);
  return out.join(', ');
}

/**
 * The fields of an object schema, each under a heading of its own (anchored
 * `schema-<schema>-<field>`), so that the site's search takes a reader who types a field's name to
 * the operations that carry it; inline objects are expanded with dotted names.
 */
function fields(schema, r, owner, prefix = '') {
  const s = r.deref(schema);
  const required = new Set(s.required ?? []);
  const lines = [];
  for (const [name, prop] of Object.entries(s.properties ?? {})) {
    const path = `${prefix}${name}`;
    lines.push(`#### ${code(path)} {#${anchor(owner)}-${path.toLowerCase().replace(/[^a-z0-9]+/g, '-')}}`, '');
    lines.push(`${required.has(name) ? '**Required.** ' : ''}${typeOf(prop, r)}.`, '');
    if (prop.description) lines.push(prose(prop.description), '');
    const inline = prop.type === 'object' && prop.properties ? prop : prop.items?.type === 'object' ? prop.items : null;
    if (inline?.properties) lines.push(...fields(inline, r, owner, `${path}${inline === prop ? '.' : '[].'}`));
  }
  if (s.additionalProperties === false && !prefix) lines.push('No other field is allowed.', '');
  return lines;
}

/** Every named schema reachable from `node`, in the order first met. */
function schemasUsed(node, r, found = new Set()) {
  if (Array.isArray(node)) {
    for (const item of node) schemasUsed(item, r, found);
  } else if (node && typeof node === 'object') {
    if (typeof node.$ref === 'string') {
      const ref = node.$ref;
      if (ref.startsWith('#/components/schemas/')) {
        const name = schemaName(ref);
        if (found.has(name)) return found;
        found.add(name);
      }
      schemasUsed(r.get(ref), r, found);
    }
    for (const [key, value] of Object.entries(node)) if (key !== '$ref') schemasUsed(value, r, found);
  }
  return found;
}

function fence(lang, text, title = '') {
  const body = String(text).replace(/\n+$/, '');
  const ticks = '`'.repeat(Math.max(3, ...(body.match(/`{3,}/g) ?? []).map((m) => m.length + 1)));
  return `${ticks}${lang}${title ? ` [${title}]` : ''}\n${body}\n${ticks}`;
}

/** Every operation of the spec, in the spec's order, with its path and its path item's parameters merged. */
export function operationsOf(spec) {
  const r = resolver(spec);
  const out = [];
  for (const [path, item] of Object.entries(spec.paths ?? {}))
    for (const method of METHODS) {
      const op = item[method];
      if (!op?.operationId) continue;
      const params = new Map();
      for (const p of [...(item.parameters ?? []), ...(op.parameters ?? [])]) {
        const param = r.deref(p);
        params.set(`${param.in}:${param.name}`, param);
      }
      out.push({ ...op, method: method.toUpperCase(), path, parameters: [...params.values()] });
    }
  return out;
}

/** What the Try it panel of one operation needs, and nothing more. */
export function tryItProps(spec, op) {
  const r = resolver(spec);
  const body = op.requestBody ? r.deref(op.requestBody) : undefined;
  let bodyProps = null;
  if (body) {
    const [mediaType, media] = Object.entries(body.content ?? {})[0] ?? [];
    const first = media?.examples ? r.deref(Object.values(media.examples)[0]) : undefined;
    const example =
      op.operationId === 'createAppBackupForApp'
        ? { type: 'application/astra-appBackup', version: '1.1', name: 'from-try-it' }
        : (first?.value ?? media?.example);
    bodyProps = {
      mediaType,
      required: body.required === true,
      text: body.required && example !== undefined ? JSON.stringify(example, null, 2) : '',
    };
  }
  return {
    operationId: op.operationId,
    method: op.method,
    path: op.path,
    params: op.parameters
      .filter((p) => p.in === 'path' || p.in === 'query')
      .map((p) => ({
        name: p.name,
        in: p.in,
        required: p.required === true,
        description: String(p.description ?? '')
          .replace(/`/g, '')
          .split(/(?<=\.)\s/)[0],
        value: prefill(op.operationId, p.name),
      })),
    body: bodyProps,
    statuses: Object.keys(op.responses ?? {}),
  };
}

/** The Markdown page of one operation. */
export function operationPage(spec, op) {
  const r = resolver(spec);
  const lines = [];
  const push = (...more) => lines.push(...more, '');
  const props = tryItProps(spec, op);
  push(
    '---',
    `title: ${JSON.stringify(op.summary)}`,
    `description: ${JSON.stringify(`${op.method} ${op.path}: ${op.summary}.`)}`,
    'outline: [2, 3]',
    'pageClass: api-reference',
    '---',
  );
  push(
    '<script setup>',
    "import TryIt from '../.vitepress/theme/try-it/TryIt.vue';",
    `const operation = ${JSON.stringify(props)};`,
    '</script>',
  );
  push(`# ${prose(op.summary)}`);
  push(
    `<p class="api-endpoint"><span class="api-method api-method-${op.method.toLowerCase()}">${op.method}</span> <code>${op.path}</code></p>`,
  );
  push(prose(op.description));

  push('## Try it');
  push('<TryIt v-bind="operation" />');

  const samples = op['x-codeSamples'] ?? [];
  if (samples.length) {
    push('## Code samples');
    push(
      'Each sample is written against the simulator of `npx astra-backups mock` (`http://127.0.0.1:4010`, its seeded account, any token): start it, and run the sample as it is.',
    );
    push(
      '::: code-group',
      ...samples.map((s) => fence(s.lang === 'TypeScript' ? 'ts' : 'sh', s.source, s.label)),
      ':::',
    );
  }

  if (op.parameters.length) {
    push('## Parameters');
    const list = [];
    for (const p of op.parameters) {
      const bits = [
        `- ${code(p.name)} (${p.in}${p.required ? ', **required**' : ', optional'}) — ${typeOf(p.schema, r)}`,
      ];
      if (p.description) bits.push(`: ${prose(p.description).replaceAll('\n', ' ')}`);
      if (p.example !== undefined)
        bits.push(` Example: ${code(Array.isArray(p.example) ? p.example.join(',') : String(p.example))}.`);
      list.push(bits.join(''));
    }
    push(...list);
  }

  if (op.requestBody) {
    const body = r.deref(op.requestBody);
    push('## Request body');
    push(`${body.required ? '**Required.**' : '**Optional.**'} ${prose(body.description)}`);
    for (const [mediaType, media] of Object.entries(body.content ?? {})) {
      push(`### ${code(mediaType)}`);
      if (media.schema) push(`Schema: ${typeOf(media.schema, r)}.`);
      for (const [name, ex] of Object.entries(media.examples ?? {})) {
        const example = r.deref(ex);
        push(`**Example ${code(name)}**${example.summary ? `: ${prose(example.summary)}` : ''}`);
        if (example.description) push(prose(example.description));
        push(fence('json', JSON.stringify(example.value, null, 2)));
      }
    }
  }

  push('## Responses');
  for (const [status, ref] of Object.entries(op.responses ?? {})) {
    const response = r.deref(ref);
    push(`### ${status} ${REASONS[status] ?? ''}`.trimEnd());
    push(prose(response.description));
    const headers = Object.entries(response.headers ?? {});
    if (headers.length) {
      push(
        '**Headers**',
        ...headers.map(([name, h]) => {
          const header = r.deref(h);
          return `- ${code(name)} — ${typeOf(header.schema, r)}: ${prose(header.description)}${header.example ? ` Example: ${code(header.example)}.` : ''}`;
        }),
      );
    }
    const contents = Object.entries(response.content ?? {});
    if (!contents.length) push('No body.');
    for (const [mediaType, media] of contents) {
      push(`Body: ${code(mediaType)}, ${media.schema ? typeOf(media.schema, r) : 'any'}.`);
      const examples = Object.entries(media.examples ?? {});
      if (!examples.length && media.example !== undefined) examples.push(['example', { value: media.example }]);
      for (const [name, ex] of examples) {
        const example = r.deref(ex);
        push(`**Example ${code(name)}**${example.summary ? `: ${prose(example.summary)}` : ''}`);
        if (example.description) push(prose(example.description));
        push(fence('json', JSON.stringify(example.value, null, 2)));
      }
    }
  }

  const used = [...schemasUsed({ p: op.parameters, b: op.requestBody, r: op.responses }, r)];
  if (used.length) {
    push('## Schemas');
    for (const name of used) {
      const schema = spec.components.schemas[name];
      push(`### ${name} {#${anchor(name)}}`);
      push(`${prose(schema.description)}`);
      if (schema.properties) push(...fields(schema, r, name));
      else push(`A ${typeOf({ ...schema, description: undefined }, r)}.`);
    }
  }
  return `${lines
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trimEnd()}\n`;
}

/** The index page: what the API is, how to call it, every operation. */
export function indexPage(spec) {
  const ops = operationsOf(spec);
  const r = resolver(spec);
  const lines = [
    '---',
    'title: API reference',
    'description: Every operation of the Astra Control Application Backup API, with samples, schemas and Try it.',
    'pageClass: api-reference',
    '---',
    '',
    '# API reference',
    '',
    `${prose(spec.info.summary ?? spec.info.title)} OpenAPI ${spec.openapi}, API version ${spec.info.version}.`,
    '',
    '**Try it** on every operation page sends the request to a simulator of Astra running in your browser tab: nothing leaves the page, and the answers are the simulator’s, not a real Astra’s. The simulator starts from a seeded account; what you create or delete stays until you press *Reset* or close the tab. Switch the target to a local `npx astra-backups mock` or to your own Astra from the same panel.',
    '',
    '## Operations',
    '',
    ...ops.map((op) => `- [${prose(op.summary)}](./${op.operationId}) — ${code(`${op.method} ${op.path}`)}`),
    '',
    '## Servers and authentication',
    '',
    ...(spec.servers ?? []).map((s) => `- ${code(s.url)}: ${prose(s.description)}`),
    '',
    ...Object.entries(spec.components?.securitySchemes ?? {}).map(
      ([name, scheme]) => `${code(name)}: ${prose(r.deref(scheme).description)}`,
    ),
    '',
    'Every error is an RFC 7807 problem document (`application/problem+json`) whose `type` ends in a numeric problem code, and whose `status` is a string.',
    '',
    '## The seeded account',
    '',
    'The simulator (in this page, `npx astra-backups mock`, the MSW handlers) starts with the same data:',
    '',
    `- account ${code(EXAMPLE_ACCOUNT)}`,
    `- app ${code(EXAMPLE_APPS.shop)} with backups ${code(EXAMPLE_BACKUP)} (pending: deleting it is refused with problem 128) and ${code(EXAMPLE_COMPLETED_BACKUP)} (completed)`,
    `- app ${code(EXAMPLE_APPS.nightly)} with 270 nightly backups to page through`,
    `- app ${code(EXAMPLE_APPS.states)} with one backup in each other state`,
    '',
    '## The spec itself',
    '',
    // Relative and plain HTML: VitePress gives a Markdown link to a file that is not a page no base path.
    'The bundled OpenAPI document is published beside these pages: <a href="../openapi.json" target="_self">openapi.json</a> and <a href="../openapi.yaml" target="_self">openapi.yaml</a>, with every code sample as `x-codeSamples`.',
    '',
  ];
  return lines.join('\n');
}

/** Writes docs/reference/*.md from dist/openapi.json (or `spec`); removes pages of operations that are gone. */
export function writeReferencePages({ spec, dir = REFERENCE_DIR } = {}) {
  const doc = spec ?? JSON.parse(readFileSync(join(root, 'dist', 'openapi.json'), 'utf8'));
  mkdirSync(dir, { recursive: true });
  const pages = { 'index.md': indexPage(doc) };
  for (const op of operationsOf(doc)) pages[`${op.operationId}.md`] = operationPage(doc, op);
  for (const name of readdirSync(dir)) if (name.endsWith('.md') && !(name in pages)) rmSync(join(dir, name));
  for (const [name, text] of Object.entries(pages)) {
    let current;
    try {
      current = readFileSync(join(dir, name), 'utf8');
    } catch {}
    if (current !== text) writeFileSync(join(dir, name), text);
  }
  return Object.keys(pages);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const written = writeReferencePages();
  console.error(`wrote docs/reference/: ${written.join(', ')}`);
}
