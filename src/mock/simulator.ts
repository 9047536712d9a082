// The Astra simulator: a request in (an Exchange: a Fetch Request, or what the Node server
// read), an answer out (a Fetch Response, or bytes for the Node server), with no runtime API
// beyond what browsers, Node, Deno, Bun and Workers share. Every answer it produces for
// an operation is checked against what the spec declares for that operation and status
// before it leaves; one that breaks it becomes a 500 problem and is reported. Protocol
// answers outside every operation (405 with `Allow`, 404 for a path the API does not
// have, `OPTIONS`) are exempt, and are still problem documents.
import { INCLUDE_FIELDS, OPERATIONS, type OperationSpec } from '../../generated/mock-spec.js';
import {
  type AppBackupView,
  BackupStore,
  backupBytes,
  type Label,
  type StoredBackup,
  settlesAt,
  view,
} from './backups.js';
import { type Exchange, type Outcome, setDirect } from './exchange.js';
import { breathe, fromRequest, outcomeResponse, toResponse } from './fetch-face.js';
import { ASTRA_ID as UUID } from './ids.js';
import { checkBackupMs, loneSurrogateField, SIMULATOR_LIMITS, SimulatorLimitError } from './limits.js';
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

/** What every simulator answers with (a test's stand-in may have only this): see {@link AstraSimulator} for the one users hold. */
export interface AstraSimulatorCore {
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

const RESOURCE = 'application/astra-appBackup+json';
const LIST_PARAMS = ['include', 'limit', 'continue'];
const BASE64 = /^([A-Za-z0-9+/]{4})*(([A-Za-z0-9+/]{2})==|([A-Za-z0-9+/]{3})=)?$/;
const TOKEN_CHARS = /^[\x21-\x7e]+$/;
/** Bodies over this are refused (problem 7) before they are parsed: SIMULATOR_LIMITS.requestBodyBytes. */
export const MAX_BODY_BYTES: number = SIMULATOR_LIMITS.requestBodyBytes;
/** A list holding more items than this is built in chunks, the event loop free between them. */
const CHUNK_ITEMS = 100;

interface Route {
  operations: OperationSpec[];
  pattern: RegExp;
  names: string[];
  /** `Allow` of the path (allowOf), joined once. */
  allow: string;
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
    route = { operations: [], pattern: new RegExp(`^${source}$`), names, allow: '' };
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
for (const route of ROUTES) route.allow = allowOf(route).join(', ');

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

/**
 * Reads a body as UTF-8 text up to `limit` bytes, decoding chunk by chunk (no second copy of
 * the bytes): undefined when it is larger (the rest is not read), null when it is not UTF-8.
 */
export async function readText(request: Request, limit: number): Promise<string | undefined | null> {
  if (!request.body) return '';
  const reader = request.body.getReader();
  const decoder = new TextDecoder('utf-8', { fatal: true });
  const pieces: string[] = [];
  let size = 0;
  const decode = (value?: Uint8Array) => {
    try {
      pieces.push(value ? decoder.decode(value, { stream: true }) : decoder.decode());
      return true;
    } catch {
      return false;
    }
  };
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit || !decode(value)) {
      await reader.cancel().catch(() => undefined);
      return size > limit ? undefined : null;
    }
  }
  return decode() ? pieces.join('') : null;
}

/**
 * Why `text` is no JSON the simulator takes, or the parsed value: the one JSON reader of the
 * API's bodies and of control bodies. Depth (SIMULATOR_LIMITS.jsonDepth) is checked before parsing.
 */
export function parseJson(text: string): { value: unknown } | { why: string } {
  const MAX_DEPTH = SIMULATOR_LIMITS.jsonDepth;
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92) i++;
      else if (c === 34) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 123 || c === 91) {
      if (++depth > MAX_DEPTH)
        return { why: `The request body nests deeper than ${MAX_DEPTH} levels (the simulator's limit jsonDepth).` };
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
): AstraSimulatorCore {
  const backupMs = checkBackupMs(options.backupMs);
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

  async function list(
    accountId: string,
    appId: string | undefined,
    query: URLSearchParams,
    t: number,
  ): Promise<Answer> {
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

    // The page is picked at once (references only); its items are then serialized, and checked
    // against the spec where they changed since their last check, in chunks with the event
    // loop free between them: the longest list the limits allow does not hold other clients up.
    const shown = store.visible(accountId, appId, t);
    const count = shown.length;
    let from = 0;
    if ('after' in position) {
      const after = position.after;
      while (from < count && (shown[from] as StoredBackup).seq <= after) from++;
    } else from = Math.min(position.offset, count);
    const page = shown.slice(from, from + limit);
    const more = from + page.length < count;
    const last = page.length ? (page[page.length - 1] as StoredBackup).seq : 'after' in position ? position.after : 0;
    const metadata: Record<string, unknown> = { count };
    if (more) metadata.continue = encodeToken({ after: last });
    const text: string[] = ['{"type":"application/astra-appBackups","version":"1.1","items":['];
    const violations: string[] = [];
    for (let at = 0; at < page.length; at += CHUNK_ITEMS) {
      if (at > 0) await breathe();
      const chunk = page.slice(at, at + CHUNK_ITEMS);
      if (include) {
        const rows = chunk.map((b) => {
          const backup = shownAt(b, t);
          return include.map((field) => backup[field] ?? null);
        });
        // Projected rows are checked as the list's items they are.
        for (const field of invalidFields('AppBackupList', { items: rows, metadata: { count } }))
          violations.push(`${field.name} ${field.reason}`);
        const part = JSON.stringify(rows).slice(1, -1);
        text.push(at > 0 ? `,${part}` : part);
      }
      // Each backup's own text as a part of its own (a settled one's is kept): nothing is copied here.
      else
        for (const [k, b] of chunk.entries()) {
          if (at + k > 0) text.push(',');
          text.push(itemText(b, t, violations));
        }
    }
    text.push(`],"metadata":${JSON.stringify(metadata)}}`);
    return {
      ...json(200, { type: 'application/astra-appBackups', version: '1.1', items: [], metadata }, 'application/json'),
      text,
      ...(violations.length ? { violations } : {}),
    };
  }

  /**
   * A backup's JSON at `t`, checked against the spec only when it shows something new since its
   * last check; once it no longer changes, its text is kept. What breaks the spec goes to `violations`.
   */
  function itemText(b: StoredBackup, t: number, violations: string[]): string {
    if (b.final !== undefined) return b.final;
    const shown = view(b, t);
    const text = JSON.stringify(shown);
    if (text !== b.checked) {
      const wrong = invalidFields('AppBackup', shown);
      if (wrong.length) {
        for (const field of wrong)
          violations.push(`${field.name === '(body)' ? 'the body' : field.name} ${field.reason}`);
        return text;
      }
      b.checked = text;
    }
    if (t >= settlesAt(b)) {
      b.final = text;
      delete b.checked;
    }
    return text;
  }

  /** The backup's view at `t`; once it no longer changes, the view is kept (a page of a few fields is mostly timestamps). */
  function shownAt(b: StoredBackup, t: number): AppBackupView {
    if (t < settlesAt(b)) return view(b, t);
    b.shown ??= view(b, t);
    return b.shown;
  }

  /** Reads and checks a JSON body against the operation's request body; an Answer when it is refused. */
  async function jsonBody(
    exchange: Exchange,
    operation: OperationSpec,
  ): Promise<{ value: unknown; present: boolean } | Answer> {
    const spec = operation.requestBody;
    const { bytes, complete } = await exchange.body();
    if (!complete || bytes.byteLength > MAX_BODY_BYTES)
      return fail(7, { detail: `The request body is over ${MAX_BODY_BYTES} bytes.` });
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
    const media = mediaTypeOf(exchange.headers.get('content-type'));
    const validator = spec ? validatorFor(spec.content, media) : undefined;
    if (!spec || !validator)
      return fail(7, {
        detail: `${media === '' ? 'The request body has no Content-Type' : `Content-Type ${JSON.stringify(media)} is not taken here`}: send ${types.length ? types.join(' or ') : 'no body'}.`,
      });
    const parsed = parseJson(text);
    if ('why' in parsed) return fail(7, { detail: parsed.why });
    // JSON may escape a lone surrogate (`"\ud800"`): such a string has no UTF-8 form, and would be stored as U+FFFD.
    const notUtf8 = loneSurrogateField(parsed.value);
    if (notUtf8 !== undefined)
      return fail(8, {
        invalidFields: [
          {
            name: notUtf8,
            reason: 'is not UTF-8 text: it holds a lone surrogate (an unpaired \\uD800-\\uDFFF escape)',
          },
        ],
      });
    const fields = invalidFields(validator, parsed.value);
    if (fields.length) return fail(8, { invalidFields: fields });
    return { value: parsed.value, present: true };
  }

  async function create(accountId: string, appId: string, exchange: Exchange, operation: OperationSpec, t: number) {
    const read = await jsonBody(exchange, operation);
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
    const draft = store.draft(
      appId,
      {
        name,
        labels,
        ...(body.bucketID ? { bucketID: body.bucketID } : {}),
        ...(body.snapshotID ? { snapshotID: body.snapshotID } : {}),
      },
      t,
    );
    const bytes = backupBytes(draft);
    if (bytes > SIMULATOR_LIMITS.bytesPerBackup)
      return limitAnswer(
        new SimulatorLimitError('bytesPerBackup', `This backup would be ${bytes} bytes of JSON, labels included`),
        body.metadata?.labels?.length ? 'metadata.labels' : '(body)',
      );
    if (taken.size >= SIMULATOR_LIMITS.backupsPerApp)
      return limitAnswer(new SimulatorLimitError('backupsPerApp', `This app holds ${taken.size} backups already`));
    let b: StoredBackup;
    try {
      b = store.add(accountId, draft, t);
    } catch (error) {
      if (error instanceof SimulatorLimitError) return limitAnswer(error);
      throw error;
    }
    const origin = exchange.url.origin;
    return {
      answer: json(201, view(b, t), RESOURCE, {
        location: `${origin}/accounts/${accountId}/k8s/v1/apps/${appId}/appBackups/${b.id}`,
      }),
      created: b,
    };
  }

  /**
   * A create past one of the simulator's limits: a 400 (problem 9) naming `field` for the size of
   * the backup, else a 409 (problem 131); either way the problem names the limit in `limit`.
   */
  function limitAnswer(error: SimulatorLimitError, field?: string): Answer {
    const detail = `${error.message} Nothing was created: delete backups, or reset the simulator.`;
    const members = { limit: error.limit };
    if (field !== undefined)
      return fail(9, { detail, invalidFields: [{ name: field, reason: error.message }], members });
    return fail(131, { status: 409, detail, members });
  }

  function remove(b: StoredBackup, t: number): Answer {
    if (b.deletedAt !== undefined) return { status: 204, headers: {} };
    if (view(b, t).state === 'pending') return fail(128);
    b.deletedAt = t;
    return { status: 204, headers: {} };
  }

  /** The answer of one operation, and the backup it created (so that a refused answer can undo it). */
  async function operate(
    exchange: Exchange,
    operation: OperationSpec,
    params: Record<string, string>,
  ): Promise<{ answer: Answer; created?: { accountId: string; id: string } }> {
    const url = exchange.url;
    const prefer = parsePrefer(exchange.headers.get('prefer'));
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

    const authorization = exchange.headers.get('authorization') ?? '';
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
    if (operation.method === 'GET' && collection) return { answer: await list(accountId, appId, url.searchParams, t) };
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
      const made = await create(accountId, appId, exchange, operation, t);
      return 'answer' in made ? { answer: made.answer, created: { accountId, id: made.created.id } } : { answer: made };
    }
    // A DELETE's body is judged before the backup is looked up: a request the spec refuses is
    // refused whether or not the backup is there (in front of Prism's example mock too).
    if (operation.method === 'DELETE') {
      const read = await jsonBody(exchange, operation);
      if ('status' in read) return { answer: read };
    }
    const b = backupId !== undefined && UUID.test(backupId) ? store.find(accountId, backupId, appId, t) : undefined;
    if (!b) return { answer: fail(1) };
    if (operation.method === 'DELETE') return { answer: remove(b, t) };
    const violations: string[] = [];
    const text = itemText(b, t, violations);
    if (violations.length) return { answer: { ...json(200, JSON.parse(text), RESOURCE), violations } };
    return { answer: { ...json(200, undefined, RESOURCE), text: [text], checked: true } };
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

  async function answerOf(exchange: Exchange): Promise<{ answer: Answer; head: boolean }> {
    const url = exchange.url;
    const method = exchange.method.toUpperCase();
    const head = method === 'HEAD';
    let path: string;
    try {
      path = url.pathname;
      if (path.includes('%')) for (const segment of path.split('/')) decodeURIComponent(segment);
    } catch {
      return { answer: fail(1, { detail: 'The request URI holds a percent-escape that does not decode.' }), head };
    }
    const found = routeOf(path);
    if (!found) return { answer: fail(2, { detail: `There is no collection at ${path}.` }), head };
    const { route, match } = found;
    const allow = route.allow;
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

    const { answer, created } = await operate(exchange, operation, params);
    if (internals.tamper) {
      // A test's hook changes the answer as an object: it is checked again in full.
      if (answer.text) answer.body = JSON.parse(answer.text.join(''));
      delete answer.text;
      answer.checked = false;
      internals.tamper(answer, operation.operationId);
    }
    const spotted = answer.checked ? undefined : answerViolations(operation, answer);
    if (!answer.violations?.length && !spotted?.length) return { answer, head };
    const errors = [...(answer.violations ?? []), ...(spotted ?? [])];
    // Nothing the simulator keeps may be unservable: a create whose answer broke the spec is undone.
    if (created) store.forget(created.accountId, created.id);
    try {
      onViolation({ operationId: operation.operationId, status: answer.status, errors });
    } catch {
      // A reporter that throws must not take the answer with it.
    }
    return { answer: violationAnswer(operation, errors), head };
  }

  async function respond(exchange: Exchange): Promise<Outcome> {
    try {
      return await answerOf(exchange);
    } catch (error) {
      const answer = fail(95, {
        status: 500,
        detail: `The simulator failed: ${error instanceof Error ? error.message : String(error)}.`,
      });
      return { answer, head: exchange.method.toUpperCase() === 'HEAD' };
    }
  }

  const handle = async (request: Request): Promise<Response> => outcomeResponse(await respond(fromRequest(request)));
  const core: AstraSimulatorCore = {
    handle,
    fetch: (input, init) => fetchThrough(handle, input, init),
    reset: () => store.reset(),
  };
  setDirect(core, { respond, toResponse, handle });
  return core;
}

/**
 * `fetch` over a handler: the caller's `init.signal` is listened to itself, not only through
 * the Request (Node's Request follows `init.signal` by a weak reference, so after a garbage
 * collection an abort might never reach it). Aborted, it rejects with the signal's reason.
 */
export async function fetchThrough(
  handle: (request: Request, signal?: AbortSignal) => Promise<Response>,
  input: RequestInfo | URL,
  init?: RequestInit,
): Promise<Response> {
  const callerSignal = init?.signal ?? (input instanceof Request ? input.signal : undefined);
  callerSignal?.throwIfAborted();
  if (!callerSignal) return handle(new Request(input, init));
  const gone = new AbortController();
  let onAbort = () => {};
  const aborted = new Promise<never>((_, reject) => {
    onAbort = () => {
      gone.abort(callerSignal.reason);
      reject(callerSignal.reason);
    };
  });
  aborted.catch(() => undefined);
  callerSignal.addEventListener('abort', onAbort, { once: true });
  try {
    // The handler is given the signal it can hold strongly (a stall waits on it).
    return await Promise.race([handle(new Request(input, { ...init, signal: gone.signal }), gone.signal), aborted]);
  } finally {
    callerSignal.removeEventListener('abort', onAbort);
  }
}

/** Creates a simulator: all its state lives in it, on the clock `options.now`. */
export function createAstraSimulator(options?: AstraSimulatorOptions): AstraSimulatorCore {
  return createSimulatorCore(options);
}

export { PROBLEM_MEDIA_TYPE };
