// The Astra simulator behind `npm start`: accounts, apps and backups in memory, with
// Astra's rules. Any well-formed account and app id exists; each account is isolated;
// the example account starts seeded (seed.mjs). A created backup is `pending` for the
// first tenth of `backupMs`, then `running` with rising progress, then `completed`
// (or `failed`, for a name starting with `fail-`). A deleted backup is gone within a
// second, as the live API deletes asynchronously.
//
// `handle(request)` is synchronous and never throws: every answer is { status,
// headers, body }, every error a problem document of the spec.
import { randomUUID } from 'node:crypto';
import { documentedAnswer, parsePrefer } from './prefer.mjs';
import { problem, problemCatalogue } from './problems.mjs';
import { EXAMPLE_ACCOUNT, seedBackups } from './seed.mjs';

// The spec's AstraIdentifier: a lowercase UUID of version 4 or 5, or the nil UUID.
const UUID =
  /^([0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}|[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}|00000000-0000-0000-0000-000000000000)$/;
const DNS_1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const RESOURCE = 'application/astra-appBackup+json';
const LIST_PARAMS = new Set(['include', 'limit', 'continue']);
/** How long a deleted backup stays visible (the live API deletes asynchronously). */
export const DELETE_LAG_MS = 500;
const DEFAULT_BUCKET = '0afbe357-a717-4c7a-8b3d-d0368959c8de';

const ROUTES = [
  [/^\/accounts\/([^/]+)\/topology\/v1\/appBackups$/, ['accountId'], { GET: 'listAppBackups' }],
  [
    /^\/accounts\/([^/]+)\/topology\/v1\/appBackups\/([^/]+)$/,
    ['accountId', 'backupId'],
    { GET: 'getAppBackup', DELETE: 'deleteAppBackup' },
  ],
  [
    /^\/accounts\/([^/]+)\/k8s\/v1\/apps\/([^/]+)\/appBackups$/,
    ['accountId', 'appId'],
    { GET: 'listAppBackupsForApp', POST: 'createAppBackupForApp' },
  ],
  [
    /^\/accounts\/([^/]+)\/k8s\/v1\/apps\/([^/]+)\/appBackups\/([^/]+)$/,
    ['accountId', 'appId', 'backupId'],
    { GET: 'getAppBackupForApp', DELETE: 'deleteAppBackupForApp' },
  ],
];

const iso = (ms) => new Date(ms).toISOString();

/**
 * Creates a simulator. `spec` is the bundled spec (for problem titles and the
 * documented examples of `Prefer`); `publicUrl` is where clients reach the mock
 * (for `Location`); `now` is the clock.
 */
export function createSimulator({ spec, backupMs = 20_000, publicUrl = 'http://127.0.0.1:4010', now = Date.now }) {
  const catalogue = problemCatalogue(spec);
  // The fields `include` may name: the spec's own list.
  const FIELDS = spec.components.parameters.Include.schema.items.enum;
  // The fields a create body may carry (the spec closes it).
  const CREATE_FIELDS = new Set(Object.keys(spec.components.schemas.AppBackupCreate.properties));
  const operations = new Map();
  for (const item of Object.values(spec.paths ?? {}))
    for (const method of ['get', 'post', 'delete'])
      if (item[method]) operations.set(item[method].operationId, item[method]);
  const accounts = new Map();
  let sequence = 0;

  const fail = (code, options) => problem(catalogue, code, options);

  function account(id) {
    let found = accounts.get(id);
    if (!found) {
      found = { backups: new Map() };
      accounts.set(id, found);
      if (id === EXAMPLE_ACCOUNT)
        for (const seeded of seedBackups()) found.backups.set(seeded.id, { ...seeded, seq: ++sequence });
    }
    return found;
  }

  /** The backup as the API shows it at time `t`. */
  function view(b, t) {
    let state;
    let progress;
    let stateUnready = [];
    let finishedAt;
    const extra = {};
    if (b.fixed) {
      ({ state, progress } = b.fixed);
      stateUnready = b.fixed.stateUnready ?? [];
      if (b.fixed.hookState) extra.hookState = b.fixed.hookState;
      // A seeded backup last changed a few minutes after it was made: fixed timestamps.
      finishedAt =
        b.createdAt + (state === 'completed' || state === 'failed' || state === 'removed' ? 240_000 : 60_000);
    } else {
      const elapsed = t - b.createdAt;
      const started = b.durationMs / 10;
      progress = Math.min(1, Math.max(0, (elapsed - started) / (b.durationMs - started)));
      if (elapsed < started) state = 'pending';
      else if (b.failing && progress >= 0.5) {
        state = 'failed';
        progress = 0.5;
        finishedAt = b.createdAt + started + (b.durationMs - started) / 2;
        stateUnready = ['The object store bucket is not reachable: the backup stopped at 50 %.'];
      } else if (elapsed < b.durationMs) state = 'running';
      else {
        state = 'completed';
        finishedAt = b.createdAt + b.durationMs;
      }
      if (state !== 'pending') extra.hookState = 'success';
    }
    const percentDone = state === 'completed' ? 100 : Math.floor(progress * 100);
    const backup = {
      type: 'application/astra-appBackup',
      version: '1.1',
      id: b.id,
      name: b.name,
      bucketID: b.bucketID,
      snapshotID: b.snapshotID,
      ...(b.scheduleID ? { scheduleID: b.scheduleID } : {}),
      state,
      stateUnready,
      ...extra,
      hookStateDetails: b.fixed?.hookStateDetails ?? [],
      ...(state === 'completed' ? { backupCreationTimestamp: iso(finishedAt) } : {}),
      totalBytes: b.totalBytes,
      bytesDone: state === 'completed' ? b.totalBytes : Math.floor(b.totalBytes * (percentDone / 100)),
      percentDone,
      metadata: {
        labels: b.labels,
        creationTimestamp: iso(b.createdAt),
        modificationTimestamp: iso(Math.min(t, finishedAt ?? t)),
        createdBy: b.createdBy,
      },
    };
    return backup;
  }

  /** Visible backups of the account (or of one app), oldest first; drops those whose deletion finished. */
  function* visible(acct, appId, t) {
    for (const b of acct.backups.values()) {
      if (b.deletedAt !== undefined && t - b.deletedAt >= DELETE_LAG_MS) {
        acct.backups.delete(b.id);
        continue;
      }
      if (appId === undefined || b.appId === appId) yield b;
    }
  }

  function find(acct, backupId, appId, t) {
    const b = acct.backups.get(backupId);
    if (!b) return undefined;
    if (b.deletedAt !== undefined && t - b.deletedAt >= DELETE_LAG_MS) {
      acct.backups.delete(b.id);
      return undefined;
    }
    return appId === undefined || b.appId === appId ? b : undefined;
  }

  function list(acct, appId, query, t) {
    const invalid = [];
    const unsupported = [];
    for (const name of new Set(query.keys())) {
      if (!LIST_PARAMS.has(name))
        unsupported.push({ name, reason: `is not supported; this collection takes ${[...LIST_PARAMS].join(', ')}` });
      else if (query.getAll(name).length > 1) invalid.push({ name, reason: 'is given more than once' });
    }
    if (unsupported.length) return fail(6, { invalidParams: unsupported });
    let include;
    if (query.has('include')) {
      include = String(query.get('include')).split(',');
      const unknown = include.filter((f) => !FIELDS.includes(f));
      if (unknown.length)
        invalid.push({
          name: 'include',
          reason: `${unknown.map((f) => JSON.stringify(f)).join(', ')} is not a field of an appBackup`,
        });
      else if (new Set(include).size !== include.length)
        invalid.push({ name: 'include', reason: 'names a field twice' });
    }
    let limit = Number.POSITIVE_INFINITY;
    if (query.has('limit')) {
      const raw = String(query.get('limit'));
      if (/^[1-9][0-9]{0,8}$/.test(raw)) limit = Number(raw);
      else
        invalid.push({
          name: 'limit',
          reason: `must be a whole number from 1 to 999999999, got ${JSON.stringify(raw)}`,
        });
    }
    let after = 0;
    if (query.has('continue')) {
      const token = String(query.get('continue'));
      const decoded = /^[A-Za-z0-9+/]+={0,2}$/.test(token) ? Buffer.from(token, 'base64').toString('utf8') : '';
      const match = /^\{"after":(\d{1,15})\}$/.exec(decoded);
      if (match) after = Number(match[1]);
      else
        invalid.push({
          name: 'continue',
          reason: 'is not a token this server gave (pass back metadata.continue as it came)',
        });
    }
    if (invalid.length) return fail(5, { invalidParams: invalid });

    const items = [];
    let count = 0;
    let more = false;
    let last = after;
    for (const b of visible(acct, appId, t)) {
      count++;
      if (b.seq <= after) continue;
      if (items.length >= limit) {
        more = true;
        continue;
      }
      const backup = view(b, t);
      items.push(include ? include.map((field) => backup[field] ?? null) : backup);
      last = b.seq;
    }
    const metadata = { count };
    if (more) metadata.continue = Buffer.from(JSON.stringify({ after: last })).toString('base64');
    return json(200, { type: 'application/astra-appBackups', version: '1.1', items, metadata }, 'application/json');
  }

  function create(accountId, acct, appId, request, t) {
    const text = request.body?.length ? request.body.toString('utf8') : '';
    if (text.trim() === '')
      return fail(7, { detail: 'The request body is empty: send an appBackup resource as JSON.' });
    let body;
    try {
      body = JSON.parse(text);
    } catch (error) {
      return fail(7, { detail: `The request body isn't valid JSON: ${error instanceof Error ? error.message : ''}` });
    }
    if (typeof body !== 'object' || body === null || Array.isArray(body))
      return fail(8, { invalidFields: [{ name: '(body)', reason: 'must be a JSON object (an appBackup resource)' }] });
    const invalid = [];
    if (body.type === undefined) invalid.push({ name: 'type', reason: 'is required: "application/astra-appBackup"' });
    else if (body.type !== 'application/astra-appBackup')
      invalid.push({ name: 'type', reason: 'must be "application/astra-appBackup"' });
    if (body.version === undefined) invalid.push({ name: 'version', reason: 'is required: "1.1" (or "1.0")' });
    else if (body.version !== '1.1' && body.version !== '1.0')
      invalid.push({ name: 'version', reason: 'must be "1.1" (or "1.0")' });
    if (
      body.name !== undefined &&
      (typeof body.name !== 'string' || body.name.length > 63 || !DNS_1123_LABEL.test(body.name))
    )
      invalid.push({
        name: 'name',
        reason:
          'must be a DNS-1123 label: 1 to 63 lowercase letters, digits or "-", starting and ending with a letter or digit',
      });
    for (const field of ['bucketID', 'snapshotID'])
      if (body[field] !== undefined && (typeof body[field] !== 'string' || !UUID.test(body[field])))
        invalid.push({ name: field, reason: 'must be a lowercase UUID of version 4 or 5' });
    const labels = [];
    if (body.metadata !== undefined) {
      const m = body.metadata;
      if (typeof m !== 'object' || m === null || Array.isArray(m))
        invalid.push({ name: 'metadata', reason: 'must be an object' });
      else if (m.labels !== undefined) {
        if (!Array.isArray(m.labels)) invalid.push({ name: 'metadata.labels', reason: 'must be an array' });
        else
          m.labels.forEach((label, i) => {
            if (typeof label?.name !== 'string' || typeof label?.value !== 'string')
              invalid.push({ name: `metadata.labels[${i}]`, reason: 'must be { "name": string, "value": string }' });
            else labels.push({ name: label.name, value: label.value });
          });
      }
    }
    for (const field of Object.keys(body))
      if (!CREATE_FIELDS.has(field))
        invalid.push({
          name: field,
          reason: `is not a field of a new appBackup (give ${[...CREATE_FIELDS].join(', ')})`,
        });
    if (invalid.length) return fail(8, { invalidFields: invalid });

    const taken = new Set();
    for (const b of visible(acct, appId, t)) taken.add(b.name);
    let name = body.name;
    if (name !== undefined && taken.has(name))
      return fail(143, { detail: `A backup named "${name}" already exists for this application.` });
    while (name === undefined || taken.has(name)) name = `backup-${randomUUID().slice(0, 8)}`;
    const id = randomUUID();
    let hash = 0;
    for (const c of name) hash = (hash * 31 + c.charCodeAt(0)) >>> 0;
    const b = {
      id,
      seq: ++sequence,
      appId,
      name,
      bucketID: body.bucketID ?? DEFAULT_BUCKET,
      snapshotID: body.snapshotID ?? randomUUID(),
      createdAt: t,
      createdBy: 'a7c2d4e6-8f10-4b3a-9c5d-7e9f1a2b3c4d',
      labels,
      totalBytes: 256 * 1_048_576 * (1 + (hash % 16)),
      durationMs: backupMs,
      failing: name.startsWith('fail-'),
    };
    acct.backups.set(id, b);
    return json(201, view(b, t), RESOURCE, {
      location: `${baseOf(request)}/accounts/${accountId}/k8s/v1/apps/${appId}/appBackups/${id}`,
    });
  }

  function remove(b, t) {
    if (b.deletedAt !== undefined) return { status: 204, headers: {} };
    if (view(b, t).state === 'pending') return fail(128);
    b.deletedAt = t;
    return { status: 204, headers: {} };
  }

  /** Where the client reached the mock: the front passes the Host it checked. */
  function baseOf(request) {
    const host = request.headers['x-forwarded-host'];
    return typeof host === 'string' && host !== '' ? `http://${host}` : publicUrl;
  }

  function json(status, body, contentType, headers = {}) {
    return { status, headers: { 'content-type': contentType, ...headers }, body };
  }

  /** Answers one request: { method, path, query (URLSearchParams), headers (lowercase), body (Buffer) }. */
  function handle(request) {
    const route = ROUTES.map(([pattern, names, methods]) => {
      const match = pattern.exec(request.path);
      return match ? { params: Object.fromEntries(names.map((n, i) => [n, match[i + 1]])), methods } : undefined;
    }).find(Boolean);
    if (!route) return fail(2, { detail: `There is no collection at ${request.path}.` });
    const operationId = route.methods[request.method];
    if (!operationId)
      return fail(2, {
        detail: `${request.method} is not an operation of ${request.path} (it takes ${Object.keys(route.methods).join(', ')}).`,
      });

    const prefer = parsePrefer(request.headers.prefer);
    if (prefer.dynamic !== undefined)
      return fail(5, {
        status: 400,
        detail: 'Prefer: dynamic=true needs the plain Prism mock: start it with MOCK=examples npm start.',
      });
    if (prefer.code !== undefined || prefer.example !== undefined) {
      const answer = documentedAnswer(spec, operations.get(operationId) ?? {}, prefer);
      if (answer.error) return fail(5, { status: 400, detail: `${answer.error}.` });
      const headers = answer.contentType ? { 'content-type': answer.contentType } : {};
      if (answer.status === 201)
        headers.location = `${baseOf(request)}${request.path}/${answer.body?.id ?? '54fe651d-3d3b-5fa8-b85c-5db757885ff3'}`;
      return { status: answer.status, headers, body: answer.body };
    }

    const authorization = request.headers.authorization;
    if (authorization === undefined || authorization === '') return fail(3);
    if (!/^Bearer [\x21-\x7e]+$/.test(authorization)) return fail(4);

    const { accountId, appId, backupId } = route.params;
    const listing = operationId.startsWith('list') || operationId.startsWith('create');
    if (!UUID.test(accountId) || (appId !== undefined && !UUID.test(appId))) return listing ? fail(2) : fail(1);
    const acct = account(accountId);
    const t = now();
    if (operationId.startsWith('list')) return list(acct, appId, request.query, t);
    if (operationId === 'createAppBackupForApp') return create(accountId, acct, appId, request, t);
    const b = UUID.test(backupId) ? find(acct, backupId, appId, t) : undefined;
    if (!b) return fail(1);
    if (request.method === 'DELETE') return remove(b, t);
    return json(200, view(b, t), RESOURCE);
  }

  return { handle };
}
