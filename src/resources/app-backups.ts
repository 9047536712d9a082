// The appBackups resource: the seven operations, with pagination, projection,
// waiting, and the media types the live API uses.
import type { Client } from 'openapi-fetch';
import type { paths } from '../../generated/openapi.js';
import { InvalidInputError, NotFoundError, UnexpectedResponseError } from '../errors.js';
import { projectItem } from '../projection.js';
import { followedLostAnswer, settle } from '../transport.js';
import {
  APP_BACKUP_FIELDS,
  type AppBackup,
  type AppBackupField,
  type Label,
  type ListItem,
  REQUIRED_APP_BACKUP_FIELDS,
} from '../types.js';
import { checkFields, checkId, checkInteger, checkLimit, checkName, checkUuid, describe } from '../validate.js';
import { type Clock, realClock, WAIT_DEFAULTS, type WaitOptions, waitForBackup } from '../wait.js';

const RESOURCE = 'application/astra-appBackup+json';
const PROBLEM = 'application/problem+json';
const RESOURCE_HEADERS = Object.freeze({ Accept: `${RESOURCE}, ${PROBLEM}` });
const LIST_HEADERS = Object.freeze({ Accept: `application/json, ${PROBLEM}` });
const CREATE_HEADERS = Object.freeze({ 'Content-Type': RESOURCE, Accept: `${RESOURCE}, ${PROBLEM}` });

/** Options of `list` and `listPage`. */
export interface ListOptions<F extends readonly AppBackupField[] | undefined = undefined> {
  /** List one app's backups; default every backup of the account. */
  appId?: string;
  /** Return only these fields of each backup, as typed objects. */
  include?: F;
  /** Page size (a whole number ≥ 1); the server's default when absent. */
  limit?: number | string;
  signal?: AbortSignal;
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
  /** A DNS-1123 label, 1 to 63 characters; the service names it when absent. */
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
  /** The `Location` header: the new backup's URL, if the server sent it. */
  location: string | undefined;
}

export interface ItemOptions {
  /** The app the backup belongs to; uses the per-app path when given. */
  appId?: string;
  signal?: AbortSignal;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Runs an openapi-fetch call (whose body is then read: the attempt's timeout is
 * released); a success body that is not JSON becomes UnexpectedResponseError.
 */
async function parsed<T extends { response: Response }>(call: Promise<T>, what: string): Promise<T> {
  try {
    const result = await call;
    settle(result.response);
    return result;
  } catch (error) {
    if (error instanceof SyntaxError)
      throw new UnexpectedResponseError(`${what}: the response body is not JSON`, undefined, { cause: error });
    throw error;
  }
}

function checkBackup(data: unknown, what: string): AppBackup {
  if (!isObject(data)) throw new UnexpectedResponseError(`${what}: the response is not a JSON object`);
  const missing = REQUIRED_APP_BACKUP_FIELDS.filter((field) => data[field] === undefined);
  if (missing.length)
    throw new UnexpectedResponseError(`${what}: the response is not a backup (no ${missing.join(', ')})`);
  return data as unknown as AppBackup;
}

export class AppBackups {
  readonly #raw: Client<paths>;
  readonly #accountId: string;
  readonly #clock: Clock;

  /** @internal Built by createAstraClient. */
  constructor(raw: Client<paths>, accountId: string, clock: Clock = realClock) {
    this.#raw = raw;
    this.#accountId = accountId;
    this.#clock = clock;
  }

  /**
   * Every backup (of the account, or of `appId`), page after page, holding one page
   * at a time. With `include`, each item is an object of just those fields.
   * @throws InvalidInputError before any request for a bad `appId`, `include` or `limit`; ProblemError subclasses.
   */
  async *list<const F extends readonly AppBackupField[] | undefined = undefined>(
    options: ListAllOptions<F> = {},
  ): AsyncGenerator<ListItem<F>, void, undefined> {
    const { maxPages, ...pageOptions } = options;
    const pages =
      maxPages === undefined
        ? Number.POSITIVE_INFINITY
        : checkInteger('maxPages', maxPages, 1, Number.MAX_SAFE_INTEGER);
    let token: string | undefined;
    const seen = new Set<string>();
    for (let read = 0; read < pages; read++) {
      const page: AppBackupPage<ListItem<F>> = await this.listPage<F>(
        token === undefined ? pageOptions : { ...pageOptions, continue: token },
      );
      yield* page.items;
      token = page.continue;
      // An empty page ends the listing, whatever token it carries (as openai-node does).
      if (page.items.length === 0 || token === undefined) return;
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
    const include =
      options.include === undefined ? undefined : checkFields('include', options.include, APP_BACKUP_FIELDS);
    const query: { include?: AppBackupField[]; limit?: string; continue?: string } = {};
    if (include) query.include = include;
    if (options.limit !== undefined) query.limit = checkLimit(options.limit);
    if (options.continue !== undefined) {
      if (typeof options.continue !== 'string' || options.continue === '')
        throw new InvalidInputError(
          'continue',
          `must be the non-empty token of the previous page, got ${describe(options.continue)}`,
        );
      query.continue = options.continue;
    }
    const init = options.signal ? { headers: LIST_HEADERS, signal: options.signal } : { headers: LIST_HEADERS };
    const { data } = await parsed(
      options.appId === undefined
        ? this.#raw.GET('/accounts/{account_id}/topology/v1/appBackups', {
            params: { path: { account_id: this.#accountId }, query },
            ...init,
          })
        : this.#raw.GET('/accounts/{account_id}/k8s/v1/apps/{app_id}/appBackups', {
            params: { path: { account_id: this.#accountId, app_id: checkId('appId', options.appId) }, query },
            ...init,
          }),
      'list backups',
    );
    if (!isObject(data) || !Array.isArray(data.items))
      throw new UnexpectedResponseError('list backups: the response has no items array');
    const items = data.items.map((item, index) => projectItem(item, include, index) as ListItem<F>);
    const page: AppBackupPage<ListItem<F>> = { items };
    const metadata = isObject(data.metadata) ? data.metadata : {};
    if (typeof metadata.continue === 'string' && metadata.continue !== '') page.continue = metadata.continue;
    if (typeof metadata.count === 'number') page.count = metadata.count;
    return page;
  }

  /**
   * One backup.
   * @throws InvalidInputError for an empty or unsafe id; NotFoundError when it does not exist.
   */
  async get(appBackupId: string, options: ItemOptions = {}): Promise<AppBackup> {
    const id = checkId('appBackupId', appBackupId);
    const init = options.signal ? { headers: RESOURCE_HEADERS, signal: options.signal } : { headers: RESOURCE_HEADERS };
    const { data } = await parsed(
      options.appId === undefined
        ? this.#raw.GET('/accounts/{account_id}/topology/v1/appBackups/{appBackup_id}', {
            params: { path: { account_id: this.#accountId, appBackup_id: id } },
            ...init,
          })
        : this.#raw.GET('/accounts/{account_id}/k8s/v1/apps/{app_id}/appBackups/{appBackup_id}', {
            params: {
              path: { account_id: this.#accountId, app_id: checkId('appId', options.appId), appBackup_id: id },
            },
            ...init,
          }),
      `get backup ${id}`,
    );
    return checkBackup(data, `get backup ${id}`);
  }

  /**
   * Starts a backup of `appId`. Never retried (a retry could make two backups).
   * @throws InvalidInputError for a bad name, bucketID, snapshotID or labels; ConflictError (e.g. 143, same name).
   */
  async create(
    appId: string,
    input: CreateAppBackupInput = {},
    options: { signal?: AbortSignal } = {},
  ): Promise<CreatedAppBackup> {
    const app = checkId('appId', appId);
    if (!isObject(input)) throw new InvalidInputError('input', `must be an object, got ${describe(input)}`);
    const known = new Set(['name', 'bucketID', 'snapshotID', 'labels']);
    for (const key of Object.keys(input)) {
      if (!known.has(key))
        throw new InvalidInputError(`input.${key}`, `is not a create field; known fields: ${[...known].join(', ')}`);
    }
    const body: paths['/accounts/{account_id}/k8s/v1/apps/{app_id}/appBackups']['post']['requestBody']['content']['application/astra-appBackup+json'] =
      {
        type: 'application/astra-appBackup',
        version: '1.1',
      };
    if (input.name !== undefined) body.name = checkName(input.name);
    if (input.bucketID !== undefined) body.bucketID = checkUuid('bucketID', input.bucketID);
    if (input.snapshotID !== undefined) body.snapshotID = checkUuid('snapshotID', input.snapshotID);
    if (input.labels !== undefined) body.metadata = { labels: checkLabels(input.labels) };
    const { data, response } = await parsed(
      this.#raw.POST('/accounts/{account_id}/k8s/v1/apps/{app_id}/appBackups', {
        params: { path: { account_id: this.#accountId, app_id: app } },
        body,
        headers: CREATE_HEADERS,
        ...(options.signal ? { signal: options.signal } : {}),
      }),
      `create a backup of app ${app}`,
    );
    return {
      backup: checkBackup(data, `create a backup of app ${app}`),
      location: response.headers.get('location') ?? undefined,
    };
  }

  /**
   * Deletes a backup (cancelling it if running; deletion completes asynchronously).
   * A retried DELETE whose earlier attempt lost its answer and which then gets a
   * 404 counts as deleted.
   * @throws ConflictError (128) for a pending backup, which cannot be cancelled; NotFoundError.
   */
  async delete(appBackupId: string, options: ItemOptions = {}): Promise<void> {
    const id = checkId('appBackupId', appBackupId);
    const init = options.signal ? { headers: RESOURCE_HEADERS, signal: options.signal } : { headers: RESOURCE_HEADERS };
    try {
      await parsed(
        options.appId === undefined
          ? this.#raw.DELETE('/accounts/{account_id}/topology/v1/appBackups/{appBackup_id}', {
              params: { path: { account_id: this.#accountId, appBackup_id: id } },
              ...init,
            })
          : this.#raw.DELETE('/accounts/{account_id}/k8s/v1/apps/{app_id}/appBackups/{appBackup_id}', {
              params: {
                path: { account_id: this.#accountId, app_id: checkId('appId', options.appId), appBackup_id: id },
              },
              ...init,
            }),
        `delete backup ${id}`,
      );
    } catch (error) {
      if (error instanceof NotFoundError && error.response && followedLostAnswer(error.response)) return;
      throw error;
    }
  }

  /**
   * Polls the backup until it is `completed` (resolves with it). Rejects with
   * BackupFailedError on `failed` or `removed`, TimeoutError after `timeoutMs`
   * (default 1 hour), or the signal's reason when it aborts. Polls after 2 s, then
   * half as long again each time, up to 30 s between polls.
   */
  waitUntilDone(appBackupId: string, options: ItemOptions & WaitOptions = {}): Promise<AppBackup> {
    const id = checkId('appBackupId', appBackupId);
    const settings = {
      ...options,
      timeoutMs: checkInteger('timeoutMs', options.timeoutMs ?? WAIT_DEFAULTS.timeoutMs, 1, Number.MAX_SAFE_INTEGER),
      minDelayMs: checkInteger('minDelayMs', options.minDelayMs ?? WAIT_DEFAULTS.minDelayMs, 0, 3_600_000),
      maxDelayMs: checkInteger('maxDelayMs', options.maxDelayMs ?? WAIT_DEFAULTS.maxDelayMs, 0, 3_600_000),
    };
    if (options.onProgress !== undefined && typeof options.onProgress !== 'function') {
      throw new InvalidInputError('onProgress', `must be a function, got ${describe(options.onProgress)}`);
    }
    const itemOptions: ItemOptions = options.appId === undefined ? {} : { appId: options.appId };
    return waitForBackup(
      (signal) => this.get(id, signal ? { ...itemOptions, signal } : itemOptions),
      settings,
      this.#clock,
    );
  }
}

function checkLabels(labels: unknown): Label[] {
  if (!Array.isArray(labels))
    throw new InvalidInputError('labels', `must be an array of { name, value } strings, got ${describe(labels)}`);
  const seen = new Set<string>();
  return labels.map((label, i) => {
    if (!isObject(label) || typeof label.name !== 'string' || typeof label.value !== 'string') {
      throw new InvalidInputError(`labels[${i}]`, `must be { name: string, value: string }, got ${describe(label)}`);
    }
    // The spec's labels are unique items; a repeated label is surely a mistake.
    const key = JSON.stringify([label.name, label.value]);
    if (seen.has(key))
      throw new InvalidInputError(`labels[${i}]`, `repeats ${describe(label.name)}=${describe(label.value)}`);
    seen.add(key);
    return { name: label.name, value: label.value };
  });
}
