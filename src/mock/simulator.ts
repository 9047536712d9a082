// The Astra simulator: a Fetch Request in, a Fetch Response out, with no runtime API
// beyond what browsers, Node, Deno, Bun and Workers share. Every answer it produces for
// an operation is checked against what the spec declares for that operation and status
// before it leaves; one that breaks it becomes a 500 problem and is reported. Protocol
// answers outside every operation (405 with `Allow`, 404 for a path the API does not
// have, `OPTIONS`) are exempt, and are still problem documents.
import { INCLUDE_FIELDS, OPERATIONS, type OperationSpec } from '../../generated/mock-spec.js';
import { BackupStore, type Label, type StoredBackup, view } from './backups.js';
import { documentedAnswer, parsePrefer } from './prefer.js';
import { type Answer, type NamedReason, PROBLEM_MEDIA_TYPE, problem } from './problems.js';
import { answerViolations, invalidFields, mediaTypeOf, validatorFor } from './spec-check.js';

/** Options of `createAstraSimulator`. */
export interface AstraSimulatorOptions {
  /** How long a new backup takes from creation to completed, in ms. @default 20_000 */
  backupMs?: number;
  /** The clock, in ms since the epoch. @default Date.now */
  now?: () => number;
  /** Called when an answer the simulator produced breaks the spec (it is then replaced by a 500 problem). @default logs via console.error */
  onViolation?: (violation: { operationId: string; status: number; errors: string[] }) => void;
}

/** A simulator of Astra's Application Backup API. */
export interface AstraSimulator {
  /** Answers one Fetch Request; never throws, never hangs. */
  handle(request: Request): Promise<Response>;
  /** A fetch usable as the SDK's `fetch` option: `createAstraClient({ baseUrl: 'http://astra.test', fetch: sim.fetch })`. */
  fetch(input: RequestInfo | URL, init?: RequestInit): Promise<Response>;
  /** Back to the seeded state. */
  reset(): void;
}

/** Internal: what tests may change to break the simulator on purpose. Not part of the package's API. */
export interface SimulatorInternals {
  /** Called on every answer of an operation before it is checked; may change it. */
  tamper?: (answer: Answer, operationId: string) => void;
  /** Where correlation ids, backup ids and snapshot ids come from. @default crypto.randomUUID */
  newId?: () => string;
  /** The backups (the control layer keeps a hold on them for fixtures and dumps). @default a new store */
  store?: BackupStore;
}

// The spec's AstraIdentifier: a lowercase UUID of version 4 or 5, or the nil UUID.
const UUID =
  /^([0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}|[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}|00000000-0000-0000-0000-000000000000)$/;
const RESOURCE = 'application/astra-appBackup+json';
const LIST_PARAMS = ['include', 'limit', 'continue'];
const BASE64 = /^([A-Za-z0-9+/]{4})*(([A-Za-z0-9+/]{2})==|([A-Za-z0-9+/]{3})=)?$/;
const TOKEN_CHARS = /^[\x21-\x7e]+$/;
/** Bodies over this are refused (problem 7) before they are parsed. */
export const MAX_BODY_BYTES = 1_048_576;
const MAX_DEPTH = 100;

interface Route {
  operations: OperationSpec[];
  pattern: RegExp;
  names: string[];
}

// The spec's paths as patterns: `{account_id}` -> one segment.
const ROUTES: Route[] = [];
for (const operation of OPERATIONS) {
  let route = ROUTES.find((r) => r.operations[0]?.path === operation.path);
  if (!route) {
    const names: string[] = [];
    const source = operation.path.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{([^}]+)\}/g, (_, name: string) => {
      names.push(name);
      return '([^/]+)';
    });
    route = { operations: [], pattern: new RegExp(`^${source}$`), names };
    ROUTES.push(route);
  }
  route.operations.push(operation);
}

/** The methods a path takes, for `Allow`: its operations', HEAD beside GET, and OPTIONS. */
function allowOf(route: Route): string[] {
  const methods = route.operations.map((o) => o.method);
  if (methods.includes('GET')) methods.splice(methods.indexOf('GET') + 1, 0, 'HEAD');
  return [...methods, 'OPTIONS'];
}

function routeOf(path: string): { route: Route; match: RegExpExecArray } | undefined {
  for (const route of ROUTES) {
    const match = route.pattern.exec(path);
    if (match) return { route, match };
  }
  return undefined;
}

/**
 * The methods the API takes at `path` (a URL's pathname), as `Allow` lists them, or
 * undefined when it has no such path: servers in front of the core use it to send
 * protocol answers (405, HEAD) to the core rather than to a proxy that cannot give them.
 */
export function allowedMethods(path: string): string[] | undefined {
  const found = routeOf(path);
  return found ? allowOf(found.route) : undefined;
}

/** Reads a body up to `limit` bytes; undefined when it is larger. */
async function readBody(request: Request, limit: number): Promise<Uint8Array | undefined> {
  if (!request.body) return new Uint8Array(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => undefined);
      return undefined;
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, at);
    at += chunk.byteLength;
  }
  return bytes;
}

/** Why `text` is no JSON the simulator takes, or the parsed value. Depth is checked before parsing. */
export function parseJson(text: string): { value: unknown } | { why: string } {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92) i++;
      else if (c === 34) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 123 || c === 91) {
      if (++depth > MAX_DEPTH) return { why: `The request body nests deeper than ${MAX_DEPTH} levels.` };
    } else if (c === 125 || c === 93) depth--;
  }
  try {
    return { value: JSON.parse(text) };
  } catch (error) {
    return { why: `The request body isn't valid JSON: ${error instanceof Error ? error.message : String(error)}` };
  }
}

const encodeToken = (value: object) => btoa(JSON.stringify(value));

/** The paging position a `continue` token holds: after a sequence number, or an offset (the spec's example). */
function decodeToken(token: string): { after: number } | { offset: number } | undefined {
  if (!BASE64.test(token) || token === '') return undefined;
  let text: string;
  try {
    text = atob(token);
  } catch {
    return undefined;
  }
  const after = /^\{"after":(\d{1,15})\}$/.exec(text);
  if (after) return { after: Number(after[1]) };
  const offset = /^\{"offset":(\d{1,15})\}$/.exec(text);
  if (offset) return { offset: Number(offset[1]) };
  return undefined;
}

const json = (status: number, body: unknown, contentType: string, headers: Record<string, string> = {}): Answer => ({
  status,
  headers: { 'content-type': contentType, ...headers },
  body,
});

/** Creates a simulator with internals a test may reach (`tamper`, `newId`). */
export function createSimulatorCore(
  options: AstraSimulatorOptions = {},
  internals: SimulatorInternals = {},
): AstraSimulator {
  const backupMs = options.backupMs ?? 20_000;
  if (!Number.isFinite(backupMs) || backupMs < 10)
    throw new RangeError(`options.backupMs must be a number of ms of at least 10, got ${String(backupMs)}`);
  const now = options.now ?? Date.now;
  const onViolation =
    options.onViolation ??
    ((violation: { operationId: string; status: number; errors: string[] }) =>
      console.error(
        `\u2716 SPEC VIOLATION: the simulator's ${violation.status} answer to ${violation.operationId} broke the spec:\n  ${violation.errors.join('\n  ')}`,
      ));
  // The one place ids come from.
  const newId = internals.newId ?? (() => crypto.randomUUID());
  const store = internals.store ?? new BackupStore({ backupMs, newId });
  const fail = (code: number, problemOptions?: Parameters<typeof problem>[2]) => problem(code, newId(), problemOptions);

  function list(accountId: string, appId: string | undefined, query: URLSearchParams, t: number): Answer {
    const invalid: NamedReason[] = [];
    const unsupported: NamedReason[] = [];
    for (const name of new Set(query.keys())) {
      if (!LIST_PARAMS.includes(name))
        unsupported.push({ name, reason: `is not supported; this collection takes ${LIST_PARAMS.join(', ')}` });
      else if (query.getAll(name).length > 1) invalid.push({ name, reason: 'is given more than once' });
    }
    if (unsupported.length) return fail(6, { invalidParams: unsupported });
    let include: string[] | undefined;
    const includeParam = query.get('include');
    if (includeParam !== null) {
      include = includeParam.split(',');
      const unknown = include.filter((f) => !INCLUDE_FIELDS.includes(f));
      if (unknown.length)
        invalid.push({
          name: 'include',
          reason: `${unknown.map((f) => JSON.stringify(f)).join(', ')} is not a field of an appBackup`,
        });
      else if (new Set(include).size !== include.length)
        invalid.push({ name: 'include', reason: 'names a field twice' });
    }
    // The spec's rule (the 1.7 reference's query_limit): digits from 1 up, no maximum;
    // a limit beyond what exists returns everything.
    let limit = Number.POSITIVE_INFINITY;
    const limitParam = query.get('limit');
    if (limitParam !== null) {
      if (/^[1-9][0-9]*$/.test(limitParam)) limit = Number(limitParam);
      else
        invalid.push({ name: 'limit', reason: `must be a whole number from 1 up, got ${JSON.stringify(limitParam)}` });
    }
    let position: { after: number } | { offset: number } = { after: 0 };
    const continueParam = query.get('continue');
    if (continueParam !== null) {
      const decoded = decodeToken(continueParam);
      if (decoded) position = decoded;
      else
        invalid.push({
          name: 'continue',
          reason: 'is not a token this server gave (pass back metadata.continue as it came)',
        });
    }
    if (invalid.length) return fail(5, { invalidParams: invalid });

    const items: unknown[] = [];
    let count = 0;
    let more = false;
    let last = 'after' in position ? position.after : 0;
    for (const b of store.visible(accountId, appId, t)) {
      count++;
      if ('after' in position ? b.seq <= position.after : count <= position.offset) continue;
      if (items.length >= limit) {
        more = true;
        continue;
      }
      const backup = view(b, t);
      items.push(include ? include.map((field) => backup[field] ?? null) : backup);
      last = b.seq;
    }
    const metadata: Record<string, unknown> = { count };
    if (more) metadata.continue = encodeToken({ after: last });
    return json(200, { type: 'application/astra-appBackups', version: '1.1', items, metadata }, 'application/json');
  }

  /** Reads and checks a JSON body against the operation's request body; an Answer when it is refused. */
  async function jsonBody(
    request: Request,
    operation: OperationSpec,
  ): Promise<{ value: unknown; present: boolean } | Answer> {
    const spec = operation.requestBody;
    const bytes = await readBody(request, MAX_BODY_BYTES);
    if (bytes === undefined) return fail(7, { detail: `The request body is over ${MAX_BODY_BYTES} bytes.` });
    let text: string;
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch {
      return fail(7, { detail: 'The request body is not UTF-8.' });
    }
    const types = Object.keys(spec?.content ?? {});
    if (text.trim() === '') {
      if (spec?.required)
        return fail(7, { detail: `The request body is empty: send a JSON resource as ${types.join(' or ')}.` });
      return { value: undefined, present: false };
    }
    const media = mediaTypeOf(request.headers.get('content-type'));
    const validator = spec ? validatorFor(spec.content, media) : undefined;
    if (!spec || !validator)
      return fail(7, {
        detail: `${media === '' ? 'The request body has no Content-Type' : `Content-Type ${JSON.stringify(media)} is not taken here`}: send ${types.length ? types.join(' or ') : 'no body'}.`,
      });
    const parsed = parseJson(text);
    if ('why' in parsed) return fail(7, { detail: parsed.why });
    const fields = invalidFields(validator, parsed.value);
    if (fields.length) return fail(8, { invalidFields: fields });
    return { value: parsed.value, present: true };
  }

  async function create(accountId: string, appId: string, request: Request, operation: OperationSpec, t: number) {
    const read = await jsonBody(request, operation);
    if ('status' in read) return read;
    const body = read.value as {
      name?: string;
      bucketID?: string;
      snapshotID?: string;
      metadata?: { labels?: Label[] };
    };
    const taken = new Set<string>();
    for (const b of store.visible(accountId, appId, t)) taken.add(b.name);
    let name = body.name;
    if (name !== undefined && taken.has(name))
      return fail(143, { detail: `A backup named "${name}" already exists for this application.` });
    while (name === undefined || taken.has(name)) name = `backup-${newId().slice(0, 8)}`;
    const labels = (body.metadata?.labels ?? []).map((l) => ({ name: l.name, value: l.value }));
    const b = store.add(
      accountId,
      appId,
      {
        name,
        labels,
        ...(body.bucketID ? { bucketID: body.bucketID } : {}),
        ...(body.snapshotID ? { snapshotID: body.snapshotID } : {}),
      },
      t,
    );
    const origin = new URL(request.url).origin;
    return {
      answer: json(201, view(b, t), RESOURCE, {
        location: `${origin}/accounts/${accountId}/k8s/v1/apps/${appId}/appBackups/${b.id}`,
      }),
      created: b,
    };
  }

  function remove(b: StoredBackup, t: number): Answer {
    if (b.deletedAt !== undefined) return { status: 204, headers: {} };
    if (view(b, t).state === 'pending') return fail(128);
    b.deletedAt = t;
    return { status: 204, headers: {} };
  }

  /** The answer of one operation, and the backup it created (so that a refused answer can undo it). */
  async function operate(
    request: Request,
    url: URL,
    operation: OperationSpec,
    params: Record<string, string>,
  ): Promise<{ answer: Answer; created?: { accountId: string; id: string } }> {
    const prefer = parsePrefer(request.headers.get('prefer'));
    if (prefer.dynamic !== undefined)
      return {
        answer: fail(5, {
          status: 400,
          detail: 'Prefer: dynamic=true needs the plain Prism mock: start it with MOCK=examples npm start.',
        }),
      };
    if (prefer.code !== undefined || prefer.example !== undefined) {
      const documented = documentedAnswer(operation, prefer);
      if (documented.error !== undefined) return { answer: fail(5, { status: 400, detail: `${documented.error}.` }) };
      const headers: Record<string, string> = documented.contentType ? { 'content-type': documented.contentType } : {};
      const body = documented.body as { id?: string } | undefined;
      if (documented.status === 201) headers.location = `${url.origin}${url.pathname}/${body?.id ?? newId()}`;
      return {
        answer: {
          status: documented.status,
          headers,
          ...(documented.body !== undefined ? { body: structuredClone(documented.body) } : {}),
        },
      };
    }

    const authorization = request.headers.get('authorization') ?? '';
    const [scheme, token, ...rest] = authorization.trim().split(/ +/);
    if (scheme?.toLowerCase() !== 'bearer' || !token || rest.length)
      return { answer: fail(3, { headers: { 'www-authenticate': 'Bearer' } }) };
    if (!TOKEN_CHARS.test(token))
      return { answer: fail(4, { headers: { 'www-authenticate': 'Bearer error="invalid_token"' } }) };

    const { account_id: accountId = '', app_id: appId, appBackup_id: backupId } = params;
    const t = now();
    const collection = backupId === undefined;
    if (!UUID.test(accountId) || (appId !== undefined && !UUID.test(appId)))
      return { answer: collection ? fail(2) : fail(1) };
    if (operation.method === 'GET' && collection) return { answer: list(accountId, appId, url.searchParams, t) };
    // No other operation declares a query parameter: one sent is refused, as the lists refuse theirs.
    const stray = [...new Set(url.searchParams.keys())];
    if (stray.length)
      return {
        answer: fail(6, {
          invalidParams: stray.map((name) => ({
            name,
            reason: 'is not supported; this operation takes no query parameter',
          })),
        }),
      };
    if (operation.method === 'POST' && appId !== undefined) {
      const made = await create(accountId, appId, request, operation, t);
      return 'answer' in made ? { answer: made.answer, created: { accountId, id: made.created.id } } : { answer: made };
    }
    // A DELETE's body is judged before the backup is looked up: a request the spec refuses is
    // refused whether or not the backup is there (in front of Prism's example mock too).
    if (operation.method === 'DELETE') {
      const read = await jsonBody(request, operation);
      if ('status' in read) return { answer: read };
    }
    const b = backupId !== undefined && UUID.test(backupId) ? store.find(accountId, backupId, appId, t) : undefined;
    if (!b) return { answer: fail(1) };
    if (operation.method === 'DELETE') return { answer: remove(b, t) };
    return { answer: json(200, view(b, t), RESOURCE) };
  }

  /** The spec's 500 for the operation, for an answer that broke the spec. */
  function violationAnswer(operation: OperationSpec, errors: string[]): Answer {
    const documented = operation.responses['500']?.examples[0]?.value as { type?: string } | undefined;
    const code = Number(/(\d+)$/.exec(documented?.type ?? '')?.[1] ?? 95);
    return fail(code, {
      status: 500,
      detail: `The simulator's answer broke the spec, so it was not served: ${errors.join('; ')}.`,
    });
  }

  async function answerOf(request: Request): Promise<{ answer: Answer; head: boolean }> {
    const url = new URL(request.url);
    const method = request.method.toUpperCase();
    const head = method === 'HEAD';
    let path: string;
    try {
      path = url.pathname;
      for (const segment of path.split('/')) decodeURIComponent(segment);
    } catch {
      return { answer: fail(1, { detail: 'The request URI holds a percent-escape that does not decode.' }), head };
    }
    const found = routeOf(path);
    if (!found) return { answer: fail(2, { detail: `There is no collection at ${path}.` }), head };
    const { route, match } = found;
    const allow = allowOf(route).join(', ');
    if (method === 'OPTIONS') return { answer: { status: 204, headers: { allow } }, head };
    const operation = route.operations.find((o) => o.method === (head ? 'GET' : method));
    if (!operation)
      return {
        answer: fail(11, {
          status: 405,
          detail: `${method} is not an operation of ${path}; it takes ${allow}.`,
          headers: { allow },
        }),
        head,
      };
    const params: Record<string, string> = {};
    route.names.forEach((name, i) => {
      params[name] = decodeURIComponent(match[i + 1] ?? '');
    });

    const { answer, created } = await operate(request, url, operation, params);
    internals.tamper?.(answer, operation.operationId);
    const errors = answerViolations(operation, answer);
    if (errors.length === 0) return { answer, head };
    // Nothing the simulator keeps may be unservable: a create whose answer broke the spec is undone.
    if (created) store.forget(created.accountId, created.id);
    try {
      onViolation({ operationId: operation.operationId, status: answer.status, errors });
    } catch {
      // A reporter that throws must not take the answer with it.
    }
    return { answer: violationAnswer(operation, errors), head };
  }

  async function handle(request: Request): Promise<Response> {
    let answer: Answer;
    let head = request.method.toUpperCase() === 'HEAD';
    try {
      ({ answer, head } = await answerOf(request));
    } catch (error) {
      answer = fail(95, {
        status: 500,
        detail: `The simulator failed: ${error instanceof Error ? error.message : String(error)}.`,
      });
    }
    const text = answer.body === undefined || head ? null : JSON.stringify(answer.body);
    if (answer.body === undefined) delete answer.headers['content-type'];
    return new Response(text, { status: answer.status, headers: answer.headers });
  }

  return {
    handle,
    async fetch(input, init) {
      const request = new Request(input, init);
      request.signal.throwIfAborted();
      return handle(request);
    },
    reset: () => store.reset(),
  };
}

/** Creates a simulator: all its state lives in it, on the clock `options.now`. */
export function createAstraSimulator(options?: AstraSimulatorOptions): AstraSimulator {
  return createSimulatorCore(options);
}

export { PROBLEM_MEDIA_TYPE };
