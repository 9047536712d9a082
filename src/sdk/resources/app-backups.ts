// The appBackups resource: the seven operations, with pagination, projection,
// waiting, a create that is safe to retry when named, and every success body
// checked against the spec.
import type { Client } from 'openapi-fetch';
import {
  APP_BACKUP_FIELDS_CHECKS,
  APP_BACKUP_REQUIRED,
  AppBackup as BACKUP,
  AppBackupList as LIST,
} from '../../../generated/checks.js';
import type { paths } from '../../../generated/openapi.js';
import { type Check, checked } from '../check.js';
import { ConflictError, InvalidInputError, NotFoundError, UnexpectedResponseError } from '../errors.js';
import { type CallSettings, callSettings, type RequestOptions } from '../options.js';
import { type AnsweredResponse, CallRequest } from '../transport.js';
import { APP_BACKUP_FIELDS, type AppBackup, type AppBackupField, type Label, type ListItem } from '../types.js';
import {
  checkArgumentCount,
  checkFields,
  checkId,
  checkInteger,
  checkLimit,
  checkName,
  checkUuid,
  describe,
  isObject,
} from '../validate.js';
import { type Clock, realClock, WAIT_DEFAULTS, type WaitOptions, waitForBackup } from '../wait.js';

const RESOURCE = 'application/astra-appBackup+json';
const PROBLEM = 'application/problem+json';
const RESOURCE_HEADERS = { Accept: `${RESOURCE}, ${PROBLEM}` };
const LIST_HEADERS = { Accept: `application/json, ${PROBLEM}` };
const CREATE_HEADERS = { 'Content-Type': RESOURCE, Accept: `${RESOURCE}, ${PROBLEM}` };
const ACCOUNT_PATH = '/accounts/{account_id}/topology/v1/appBackups';
const APP_PATH = '/accounts/{account_id}/k8s/v1/apps/{app_id}/appBackups';
// Fails to compile if the spec stops having these paths.
const pathsExist: [
  typeof ACCOUNT_PATH | typeof APP_PATH | `${typeof APP_PATH | typeof ACCOUNT_PATH}/{appBackup_id}`,
] extends [keyof paths]
  ? true
  : never = true;
void pathsExist;

/** Options of every call on one backup: the per-app path when `appId` is given. */
export interface ItemOptions extends RequestOptions {
  /** The app the backup belongs to; uses the per-app path when given. */
  appId?: string;
}

/** Options of `list` and `listPage`. */
export interface ListOptions<F extends readonly AppBackupField[] | undefined = undefined> extends ItemOptions {
  /** Return only these fields of each backup, as typed objects. */
  include?: F;
  /** Page size (a whole number ≥ 1); the server's default when absent. */
  limit?: number | string;
}

/** Options of `list`: also a hard stop after some pages. */
export interface ListAllOptions<F extends readonly AppBackupField[] | undefined = undefined> extends ListOptions<F> {
  /** Stop after this many pages (a whole number ≥ 1). @default no limit */
  maxPages?: number;
}

/** Options of `listPage`: also the `continue` token of the previous page. */
export interface ListPageOptions<F extends readonly AppBackupField[] | undefined = undefined> extends ListOptions<F> {
  continue?: string;
}

/** One page of a listing. */
export interface AppBackupPage<T> {
  items: T[];
  /** Token for the next page; absent on the last page. */
  continue?: string;
  /** The collection's size, when the server says it. */
  count?: number;
}

/** What `create` accepts. `type` and `version` are filled in. */
export interface CreateAppBackupInput {
  /** A DNS-1123 label, 1 to 63 characters; the service names it when absent. With a name, create is safe to retry. */
  name?: string;
  /** Where to store it (a bucket's UUID); a system-selected bucket when absent. */
  bucketID?: string;
  /** Back up this snapshot (its UUID); a new snapshot is taken when absent. */
  snapshotID?: string;
  /** Labels for the new backup. */
  labels?: Label[];
}

/** What `create` resolves with: the new backup, and where it lives. */
export interface CreatedAppBackup {
  backup: AppBackup;
  /** The `Location` header: the new backup's URL; undefined when the server sent none, or the backup was found by name after a lost answer. */
  location: string | undefined;
}

type Method = 'GET' | 'POST' | 'DELETE';
// The helpers call openapi-fetch with paths chosen at run time (checked above), and
// check what it parsed against the spec themselves.
type Loose = Record<Method, (path: string, init: object) => Promise<{ data?: unknown; response: Response }>>;

export class AppBackups {
  readonly #raw: Loose;
  readonly #accountId: string;
  readonly #settings: CallSettings;
  readonly #clock: Clock;

  /** @internal Built by createAstraClient. */
  constructor(raw: Client<paths>, accountId: string, settings: CallSettings, clock: Clock = realClock) {
    this.#raw = raw as unknown as Loose;
    this.#accountId = accountId;
    this.#settings = settings;
    this.#clock = clock;
  }

  /** One request; the body as JSON, checked against the spec by `check` when one is given. */
  async #send(
    method: Method,
    item: string | undefined,
    options: ItemOptions | undefined,
    headers: Record<string, string>,
    check?: Check,
    extra?: { query?: object; body?: object; retryPost?: boolean },
  ): Promise<{ data: unknown; response: AnsweredResponse }> {
    const settings = callSettings(this.#settings, options);
    const appId = options?.appId;
    const path: Record<string, string> = { account_id: this.#accountId };
    if (appId !== undefined) path.app_id = checkId('appId', appId);
    if (item !== undefined) path.appBackup_id = item;
    const template = `${appId === undefined ? ACCOUNT_PATH : APP_PATH}${item === undefined ? '' : '/{appBackup_id}'}`;
    const { data, response } = await this.#raw[method](template, {
      params: { path, query: extra?.query },
      body: extra?.body,
      headers: options?.headers ? { ...headers, ...options.headers } : headers,
      Request: CallRequest,
      astra: extra?.retryPost ? { ...settings, retryPost: true } : settings,
    });
    // openapi-fetch parsed it through AnsweredResponse.json(): a body that is not JSON is an UnexpectedResponseError.
    const where = () => `${method} ${template.replace(/\{(\w+)\}/g, (_, key: string) => path[key] as string)}`;
    return { data: check ? checked(check, data, where) : data, response: response as AnsweredResponse };
  }

  /**
   * Every backup (of the account, or of `appId`), page after page, holding one page
   * at a time. With `include`, each item is an object of just those fields.
   * @throws InvalidInputError before any request for a bad `appId`, `include` or `limit`; ProblemError subclasses.
   */
  async *list<const F extends readonly AppBackupField[] | undefined = undefined>(
    options: ListAllOptions<F> = {},
  ): AsyncGenerator<ListItem<F>, void, undefined> {
    // biome-ignore lint/complexity/noArguments: the declared parameters stay the typed signature; arguments holds what plain JavaScript passed
    checkArgumentCount('list', 'options', arguments);
    const { maxPages, ...pageOptions } = options;
    const pages = maxPages === undefined ? Number.POSITIVE_INFINITY : checkInteger('maxPages', maxPages, 1, 2 ** 53);
    let token: string | undefined;
    const seen = new Set<string>();
    for (let read = 0; read < pages; read++) {
      const page: AppBackupPage<ListItem<F>> = await this.listPage<F>(
        token === undefined ? pageOptions : { ...pageOptions, continue: token },
      );
      yield* page.items;
      token = page.continue;
      // An empty page ends the listing, whatever token it carries (as openai-node does).
      if (!page.items.length || token === undefined) return;
      if (seen.has(token))
        throw new UnexpectedResponseError(
          `the server returned the continue token ${describe(token)} twice: stopping rather than looping`,
        );
      seen.add(token);
    }
  }

  /**
   * One page of backups, for callers who page themselves: pass the returned
   * `continue` back to get the next page.
   * @throws InvalidInputError before any request for bad input; ProblemError subclasses.
   */
  async listPage<const F extends readonly AppBackupField[] | undefined = undefined>(
    options: ListPageOptions<F> = {},
  ): Promise<AppBackupPage<ListItem<F>>> {
    // biome-ignore lint/complexity/noArguments: the declared parameters stay the typed signature; arguments holds what plain JavaScript passed
    checkArgumentCount('listPage', 'options', arguments);
    const include = options.include && checkFields('include', options.include, APP_BACKUP_FIELDS);
    const query: Record<string, unknown> = {};
    if (include) query.include = include;
    if (options.limit !== undefined) query.limit = checkLimit(options.limit);
    if (options.continue !== undefined) {
      if (typeof options.continue !== 'string' || !options.continue)
        throw new InvalidInputError(
          'continue',
          `must be the non-empty token of the previous page, got ${describe(options.continue)}`,
        );
      query.continue = options.continue;
    }
    const { data } = await this.#send('GET', undefined, options, LIST_HEADERS, LIST, { query });
    const { items, metadata } = data as { items: unknown[]; metadata: { continue?: string; count?: number } };
    const page: AppBackupPage<ListItem<F>> = { items: items.map((item, i) => project(item, include, i)) as never };
    if (metadata.continue) page.continue = metadata.continue;
    if (metadata.count !== undefined) page.count = metadata.count;
    return page;
  }

  /**
   * One backup.
   * @throws InvalidInputError for an empty or unsafe id; NotFoundError when it does not exist.
   */
  async get(appBackupId: string, options?: ItemOptions): Promise<AppBackup> {
    // biome-ignore lint/complexity/noArguments: the declared parameters stay the typed signature; arguments holds what plain JavaScript passed
    checkArgumentCount('get', 'appBackupId, options', arguments);
    return (await this.#send('GET', checkId('appBackupId', appBackupId), options, RESOURCE_HEADERS, BACKUP))
      .data as AppBackup;
  }

  /**
   * Starts a backup of `appId`. With a `name` it is safe to retry: when the answer is
   * lost (reset or timeout) it is sent once more, and if that finds the name taken
   * (409, problem 143) the backup the first attempt made is fetched by name and
   * returned. Without a name it is never sent twice (that could make two backups).
   * @throws InvalidInputError for a bad name, bucketID, snapshotID or labels; ConflictError (e.g. 143, same name).
   */
  async create(appId: string, input: CreateAppBackupInput = {}, options?: RequestOptions): Promise<CreatedAppBackup> {
    // biome-ignore lint/complexity/noArguments: the declared parameters stay the typed signature; arguments holds what plain JavaScript passed
    checkArgumentCount('create', 'appId, input, options', arguments);
    const app = checkId('appId', appId);
    callSettings(this.#settings, options);
    if (!isObject(input)) throw new InvalidInputError('input', `must be an object, got ${describe(input)}`);
    const body: Record<string, unknown> = { type: 'application/astra-appBackup', version: '1.1' };
    for (const key of Object.keys(input)) {
      const value = input[key as keyof CreateAppBackupInput];
      if (value === undefined) continue;
      if (key === 'name') body.name = checkName(value);
      else if (key === 'bucketID' || key === 'snapshotID') body[key] = checkUuid(key, value);
      else if (key === 'labels') body.metadata = { labels: checkLabels(value) };
      else
        throw new InvalidInputError(`input.${key}`, 'is not a create field; known: name, bucketID, snapshotID, labels');
    }
    const itemOptions = { ...options, appId: app };
    try {
      const { data, response } = await this.#send('POST', undefined, itemOptions, CREATE_HEADERS, BACKUP, {
        body,
        retryPost: body.name !== undefined,
      });
      return { backup: data as AppBackup, location: response.headers.get('location') ?? undefined };
    } catch (error) {
      // The first attempt's answer was lost, and the retry found the name taken: the first made it.
      if (error instanceof ConflictError && error.code === 143 && error.afterLostAnswer) {
        for await (const backup of this.list(itemOptions)) {
          if (backup.name === body.name) return { backup, location: undefined };
        }
      }
      throw error;
    }
  }

  /**
   * Deletes a backup (cancelling it if running; deletion completes asynchronously).
   * A retried DELETE whose earlier attempt lost its answer and which then gets a
   * 404 counts as deleted.
   * @throws ConflictError (128) for a pending backup, which cannot be cancelled; NotFoundError.
   */
  async delete(appBackupId: string, options?: ItemOptions): Promise<void> {
    // biome-ignore lint/complexity/noArguments: the declared parameters stay the typed signature; arguments holds what plain JavaScript passed
    checkArgumentCount('delete', 'appBackupId, options', arguments);
    try {
      await this.#send('DELETE', checkId('appBackupId', appBackupId), options, RESOURCE_HEADERS);
    } catch (error) {
      if (!(error instanceof NotFoundError && error.afterLostAnswer)) throw error;
    }
  }

  /**
   * Polls the backup until it is `completed` (resolves with it). Rejects with
   * BackupFailedError on `failed` or `removed`, TimeoutError after `maxWaitMs`
   * (default 1 hour), or the signal's reason when it aborts. Polls after 2 s, then
   * half as long again each time, up to 30 s between polls. Each poll takes the
   * request options (`timeoutMs` bounds one poll's attempt).
   */
  waitUntilDone(appBackupId: string, options: ItemOptions & WaitOptions = {}): Promise<AppBackup> {
    // biome-ignore lint/complexity/noArguments: the declared parameters stay the typed signature; arguments holds what plain JavaScript passed
    checkArgumentCount('waitUntilDone', 'appBackupId, options', arguments);
    const id = checkId('appBackupId', appBackupId);
    callSettings(this.#settings, options);
    const { maxWaitMs, minDelayMs, maxDelayMs, onProgress, ...request } = options;
    if (onProgress !== undefined && typeof onProgress !== 'function')
      throw new InvalidInputError('onProgress', `must be a function, got ${describe(onProgress)}`);
    return waitForBackup(
      () => this.get(id, request),
      {
        maxWaitMs: checkInteger('maxWaitMs', maxWaitMs ?? WAIT_DEFAULTS.maxWaitMs, 1, 2 ** 53),
        minDelayMs: checkInteger('minDelayMs', minDelayMs ?? WAIT_DEFAULTS.minDelayMs, 0, 3_600_000),
        maxDelayMs: checkInteger('maxDelayMs', maxDelayMs ?? WAIT_DEFAULTS.maxDelayMs, 0, 3_600_000),
        signal: options.signal,
        onProgress,
      },
      this.#clock,
    );
  }
}

/**
 * A list item as the caller asked for it: a projected item (the array of values the
 * API returns for `include`) becomes an object of those fields, each checked against
 * the spec (a null is an optional field the backup lacks); a whole backup, when the server
 * ignored `include`, keeps just the fields asked for.
 */
function project(item: unknown, include: readonly AppBackupField[] | undefined, index: number): unknown {
  const fail = (why: string): never => {
    throw new UnexpectedResponseError(`list backups: items[${index}] ${why}`);
  };
  if (!include) return Array.isArray(item) ? fail('is an array of values, but no include was asked for') : item;
  const out: Record<string, unknown> = {};
  if (!Array.isArray(item)) {
    const backup = item as Record<string, unknown>;
    for (const field of include) if (backup[field] !== undefined) out[field] = backup[field];
    return out;
  }
  if (item.length !== include.length)
    fail(`has ${item.length} values for ${include.length} included fields (${include.join(', ')})`);
  include.forEach((field, i) => {
    if (item[i] === null) {
      if (APP_BACKUP_REQUIRED.includes(field)) fail(`(${field}) is null, but every backup has a ${field}`);
      return;
    }
    const problem = (APP_BACKUP_FIELDS_CHECKS[field] as Check)(item[i]);
    if (problem) fail(`(${field})${problem}`);
    out[field] = item[i];
  });
  return out;
}

function checkLabels(labels: unknown): Label[] {
  if (!Array.isArray(labels))
    throw new InvalidInputError('labels', `must be an array of { name, value } strings, got ${describe(labels)}`);
  const seen = new Set<string>();
  return labels.map((label, i) => {
    if (!isObject(label) || typeof label.name !== 'string' || typeof label.value !== 'string')
      throw new InvalidInputError(`labels[${i}]`, `must be { name: string, value: string }, got ${describe(label)}`);
    // The spec's labels are unique items; a repeated label is surely a mistake.
    const key = JSON.stringify([label.name, label.value]);
    if (seen.has(key))
      throw new InvalidInputError(`labels[${i}]`, `repeats ${describe(label.name)}=${describe(label.value)}`);
    seen.add(key);
    return { name: label.name, value: label.value };
  });
}
