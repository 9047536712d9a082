// The properties every target must hold, as functions of the target: each generates
// requests from the spec, sends them, and throws (with the request and the answer)
// on the first one whose answer the spec does not allow.
import fc from 'fast-check';
import {
  anyValidRequest,
  type FuzzRequest,
  getRequest,
  invalidRequest,
  type Pools,
  unsupportedMethodRequest,
  validRequest,
} from './arbitraries.js';
import { type Json, type JsonObject, type Operation, operations } from './operations.js';
import {
  declaredAnswerProblems,
  describeExchange,
  type FuzzAnswer,
  methodNotAllowedProblems,
  operationFor,
  problemDocumentProblems,
  refusalProblems,
} from './oracle.js';
import { backupsOf, type Target } from './targets.js';

function fail(what: string, request: FuzzRequest, answer: FuzzAnswer | undefined, problems: string[]): never {
  throw new Error(`${what}: ${problems.join('; ')}\n${describeExchange(request, answer)}`);
}

async function exchange(target: Target, request: FuzzRequest): Promise<FuzzAnswer> {
  try {
    return await target.send(request);
  } catch (error) {
    return fail('no answer', request, undefined, [error instanceof Error ? error.message : String(error)]);
  }
}

/** Valid requests get a status their operation declares (not 5xx), with a body its schema accepts. */
export function validRequestsAnswerAsDeclared(target: Target, pools: Pools): fc.IAsyncProperty<[FuzzRequest]> {
  return fc.asyncProperty(anyValidRequest(pools), async (request) => {
    const answer = await exchange(target, request);
    const op = operationFor(request) as Operation;
    const problems = declaredAnswerProblems(op, answer);
    if (problems.length) fail('a valid request got an answer the spec does not declare', request, answer, problems);
  });
}

/**
 * Invalid requests get a 4xx problem document and change nothing: the backups of
 * `accounts` (ids and names) are the same before and after. `declaredOnly`: the status
 * must also be one the operation declares (Prism's plain mock answers its own 422).
 * `repeats`: a repeated query parameter counts as invalid (see `invalidRequest`).
 */
export function invalidRequestsAreRefused(
  target: Target,
  pools: Pools,
  { accounts, declaredOnly = true, repeats = true }: { accounts: string[]; declaredOnly?: boolean; repeats?: boolean },
): fc.IAsyncProperty<[FuzzRequest]> {
  return fc.asyncProperty(invalidRequest(pools, { repeats }), async (request) => {
    const before = accounts.length ? await backupsOf(target, accounts) : [];
    const answer = await exchange(target, request);
    const problems = declaredOnly ? refusalProblems(request, answer) : problemDocumentProblems(answer);
    if (accounts.length) {
      const after = await backupsOf(target, accounts);
      const added = after.filter((b) => !before.includes(b));
      const removed = before.filter((b) => !after.includes(b));
      if (added.length) problems.push(`it added or renamed ${added.join(', ')}`);
      if (removed.length) problems.push(`it removed or renamed ${removed.join(', ')}`);
    }
    if (problems.length) fail('an invalid request was not refused cleanly', request, answer, problems);
  });
}

/** A method the path does not have gets 405, with `Allow`, as a problem document. */
export function unsupportedMethodsGet405(
  target: Target,
  pools: Pools,
  methods: string[],
): fc.IAsyncProperty<[FuzzRequest]> {
  return fc.asyncProperty(unsupportedMethodRequest(pools, methods), async (request) => {
    const answer = await exchange(target, request);
    const problems = methodNotAllowedProblems(request, answer);
    if (problems.length) fail('an unsupported method was not answered 405', request, answer, problems);
  });
}

/** HEAD is the GET without a body: same status and media type, nothing after the headers. */
export function headIsGetWithoutBody(target: Target, pools: Pools): fc.IAsyncProperty<[FuzzRequest]> {
  return fc.asyncProperty(getRequest(pools), async (request) => {
    const got = await exchange(target, request);
    const head = { ...request, method: 'HEAD', operationId: undefined };
    const answer = await exchange(target, head);
    const problems: string[] = [];
    if (answer.status !== got.status) problems.push(`HEAD answered ${answer.status}, GET ${got.status}`);
    if (answer.headers.get('content-type') !== got.headers.get('content-type'))
      problems.push(
        `HEAD's Content-Type ${answer.headers.get('content-type')} is not GET's ${got.headers.get('content-type')}`,
      );
    if (answer.text !== '') problems.push('HEAD answered with a body');
    if (problems.length) fail('HEAD is not the GET without a body', head, answer, problems);
  });
}

// ---- create -> get -> list -> delete, against a model --------------------------------

interface Tracked {
  id: string;
  app: string;
  name: string;
  createdAt: number;
  /** When a 204 answered its DELETE; it may stay visible a little while (Astra deletes asynchronously). */
  deletedAt?: number;
}

interface Model {
  account: string;
  apps: string[];
  backups: Tracked[];
  now: () => number;
}

export interface Lifecycle {
  target: Target;
  /** Moves the target's clock on (a simulator with a clock the test holds); absent over HTTP. */
  advance?: (ms: number) => void;
  /** The time after which a backup is no longer pending, so that its DELETE must succeed. */
  backupMs: number;
}

/** A deleted backup is gone (404, not listed) this long after its DELETE; before, it may linger. */
const GONE_AFTER_MS = 60_000;

const pathOf = (op: Operation, values: Record<string, string>) =>
  op.path.replace(/\{([^}]+)\}/g, (_, name: string) => values[name] ?? '');
// A collection's path ends in a literal, one backup's in its id.
const findOp = (method: string, collection: boolean, pathParams: number) =>
  operations.find(
    (o) =>
      o.method === method &&
      o.path.endsWith('}') !== collection &&
      o.parameters.filter((p) => p.in === 'path').length === pathParams,
  ) as Operation;
// The spec's seven operations, told apart by method and how many ids their path takes.
const LIST_ALL = findOp('GET', true, 1);
const LIST_APP = findOp('GET', true, 2);
const CREATE = findOp('POST', true, 2);
const GETS = operations.filter((o) => o.method === 'GET' && o.path.endsWith('}'));
const DELETES = operations.filter((o) => o.method === 'DELETE');

/** The path's ids in template order: the account first, the app (if any) next, the backup last. */
function idsOf(op: Operation, model: Model, what: { app?: string | undefined; id?: string }): Record<string, string> {
  const names = [...op.path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1] as string);
  const endsWithId = op.path.endsWith('}') && names.length > 1;
  const values: Record<string, string> = { [names[0] as string]: model.account };
  const app = names[1] !== undefined && (!endsWithId || names.length > 2) ? names[1] : undefined;
  if (app && what.app) values[app] = what.app;
  if (endsWithId && what.id) values[names[names.length - 1] as string] = what.id;
  return values;
}

const auth = { authorization: 'Bearer fuzz-lifecycle' };

async function call(
  target: Target,
  op: Operation,
  values: Record<string, string>,
  query = '',
  body?: { text: string; type: string },
): Promise<{ request: FuzzRequest; answer: FuzzAnswer; json: JsonObject }> {
  const request: FuzzRequest = {
    operationId: op.operationId,
    method: op.method,
    path: pathOf(op, values),
    query,
    headers: { ...auth, ...(body ? { 'content-type': body.type } : {}) },
    ...(body ? { body: body.text } : {}),
  };
  const answer = await exchange(target, request);
  const problems = declaredAnswerProblems(op, answer);
  if (problems.length) fail('the lifecycle got an answer the spec does not declare', request, answer, problems);
  let json: JsonObject = {};
  try {
    json = answer.text ? (JSON.parse(answer.text) as JsonObject) : {};
  } catch {}
  return { request, answer, json };
}

const gone = (b: Tracked, now: number) => b.deletedAt !== undefined && now - b.deletedAt >= GONE_AFTER_MS;
const live = (b: Tracked) => b.deletedAt === undefined;

type Cmd = fc.AsyncCommand<Model, Lifecycle, boolean>;

class CreateCmd implements Cmd {
  constructor(
    readonly appIndex: number,
    readonly body: JsonObject,
  ) {}
  check = () => true;
  async run(m: Model, r: Lifecycle) {
    const app = m.apps[this.appIndex % m.apps.length] as string;
    const [type] = CREATE.body?.content.keys() ?? [];
    const { request, answer, json } = await call(r.target, CREATE, idsOf(LIST_APP, m, { app }), '', {
      text: JSON.stringify(this.body),
      type: type as string,
    });
    const name = this.body.name as string | undefined;
    const holders = m.backups.filter((b) => b.app === app && b.name === name && !gone(b, m.now()));
    const must409 = holders.some(live);
    const may409 = holders.length > 0;
    if (answer.status === 201) {
      if (must409) fail('a create reused a live name', request, answer, [`${name} is taken`]);
      if (name !== undefined && json.name !== name) fail('a create changed the name', request, answer, []);
      const location = answer.headers.get('location') ?? '';
      if (!location.endsWith(`/${json.id as string}`))
        fail('Location does not name the new backup', request, answer, [location]);
      m.backups.push({ id: json.id as string, app, name: json.name as string, createdAt: m.now() });
    } else if (!(answer.status === 409 && may409)) fail('a valid create was refused', request, answer, []);
  }
  toString = () => `create(app ${this.appIndex}, ${JSON.stringify(this.body)})`;
}

class GetCmd implements Cmd {
  constructor(
    readonly pick: number,
    readonly via: number,
  ) {}
  check = (m: Readonly<Model>) => m.backups.length > 0;
  async run(m: Model, r: Lifecycle) {
    const b = m.backups[this.pick % m.backups.length] as Tracked;
    const op = GETS[this.via % GETS.length] as Operation;
    const { request, answer, json } = await call(r.target, op, idsOf(op, m, b));
    const expected = gone(b, m.now()) ? [404] : live(b) ? [200] : [200, 404];
    if (!expected.includes(answer.status))
      fail(`GET of a ${live(b) ? 'live' : 'deleted'} backup`, request, answer, [`expected ${expected}`]);
    if (answer.status === 200 && (json.id !== b.id || json.name !== b.name))
      fail('GET answered another backup', request, answer, []);
  }
  toString = () => `get(${this.pick}, via ${this.via})`;
}

class ListCmd implements Cmd {
  constructor(
    readonly perApp: number | undefined,
    readonly limit: number | undefined,
  ) {}
  check = () => true;
  async run(m: Model, r: Lifecycle) {
    const app = this.perApp === undefined ? undefined : (m.apps[this.perApp % m.apps.length] as string);
    const op = app ? LIST_APP : LIST_ALL;
    const values = idsOf(op, m, { app });
    const listed: string[] = [];
    let query = this.limit ? `?limit=${this.limit}` : '';
    let last: { request: FuzzRequest; answer: FuzzAnswer } | undefined;
    for (let page = 0; page < 200; page++) {
      const { request, answer, json } = await call(r.target, op, values, query);
      last = { request, answer };
      if (answer.status !== 200) fail('a list was refused', request, answer, []);
      for (const item of json.items as JsonObject[]) listed.push(item.id as string);
      const next = (json.metadata as { continue?: string } | undefined)?.continue;
      if (!next) break;
      query = `?${this.limit ? `limit=${this.limit}&` : ''}continue=${encodeURIComponent(next)}`;
    }
    const ours = m.backups.filter((b) => app === undefined || b.app === app);
    const problems: string[] = [];
    if (new Set(listed).size !== listed.length) problems.push('an id is listed twice across pages');
    for (const b of ours)
      if (live(b) && !listed.includes(b.id)) problems.push(`live ${b.id} (${b.name}) is missing`);
      else if (gone(b, m.now()) && listed.includes(b.id)) problems.push(`${b.id}, deleted long ago, is listed`);
    const known = new Set(ours.map((b) => b.id));
    for (const id of listed) if (!known.has(id)) problems.push(`${id} was never created here`);
    if (problems.length && last) fail('the list does not match what was created', last.request, last.answer, problems);
  }
  toString = () => `list(${this.perApp === undefined ? 'account' : `app ${this.perApp}`}, limit ${this.limit})`;
}

class DeleteCmd implements Cmd {
  constructor(
    readonly pick: number,
    readonly via: number,
  ) {}
  check = (m: Readonly<Model>) => m.backups.length > 0;
  async run(m: Model, r: Lifecycle) {
    const b = m.backups[this.pick % m.backups.length] as Tracked;
    const op = DELETES[this.via % DELETES.length] as Operation;
    const { request, answer } = await call(r.target, op, idsOf(op, m, b));
    const done = m.now() - b.createdAt >= r.backupMs;
    // A pending backup cannot be cancelled (409); a finished one can; a deleted one is gone.
    const expected = gone(b, m.now()) ? [404] : live(b) ? (done ? [204] : [204, 409]) : [204, 404];
    if (!expected.includes(answer.status))
      fail(`DELETE of a ${live(b) ? 'live' : 'deleted'} backup`, request, answer, [`expected ${expected}`]);
    if (answer.status === 204 && live(b)) b.deletedAt = m.now();
  }
  toString = () => `delete(${this.pick}, via ${this.via})`;
}

class AdvanceCmd implements Cmd {
  constructor(readonly ms: number) {}
  check = () => true;
  async run(_m: Model, r: Lifecycle) {
    r.advance?.(this.ms);
  }
  toString = () => `advance(${this.ms} ms)`;
}

/** Commands for a model run: create (names from a small pool, so that they collide), get, list, delete, wait. */
export function lifecycleCommands(backupMs: number, withClock: boolean): fc.Arbitrary<Iterable<Cmd>> {
  const [media] = CREATE.body?.content.values() ?? [];
  if (!media) throw new Error('the create operation declares no body');
  const body = validRequest(CREATE, new Map()).map((r) => JSON.parse(r.body ?? '{}') as JsonObject);
  const named = fc
    .tuple(body, fc.option(fc.constantFrom('alpha', 'beta', 'gamma'), { nil: undefined }))
    .map(([b, name]) => {
      const { name: _, ...rest } = b;
      return (name === undefined ? rest : { ...rest, name }) as JsonObject;
    })
    .filter((b) => media.validate(b as Json));
  const commands: fc.Arbitrary<Cmd>[] = [
    fc.tuple(fc.nat(2), named).map(([app, b]) => new CreateCmd(app, b)),
    fc.tuple(fc.nat(), fc.nat()).map(([pick, via]) => new GetCmd(pick, via)),
    fc
      .tuple(fc.option(fc.nat(2), { nil: undefined }), fc.option(fc.integer({ min: 1, max: 3 }), { nil: undefined }))
      .map(([app, limit]) => new ListCmd(app, limit)),
    fc.tuple(fc.nat(), fc.nat()).map(([pick, via]) => new DeleteCmd(pick, via)),
  ];
  if (withClock)
    commands.push(
      fc.constantFrom(100, Math.ceil(backupMs / 10), backupMs, GONE_AFTER_MS).map((ms) => new AdvanceCmd(ms)),
    );
  return fc.commands(commands, { maxCommands: 25 });
}

/** A fresh model for an empty account: `account` and `apps` are ids no other run touches. */
export function lifecycleModel(account: string, apps: string[], now: () => number): Model {
  return { account, apps, backups: [], now };
}
