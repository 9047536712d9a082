// Every error the SDK throws is an AstraError. A problem response becomes a
// ProblemError subclass chosen by status; nothing here ever holds the bearer token
// (no Request objects are kept, and messages are built from response data only).

import type { components } from '../generated/openapi.js';
import { retryAfterMs } from './backoff.js';
import { isKnownProblemCode, type KnownProblemCode, problemCodeOf } from './problem-codes.js';

type Problem = components['schemas']['Problem'];
type InvalidParam = components['schemas']['InvalidParam'];
type InvalidField = components['schemas']['InvalidField'];
type AppBackup = components['schemas']['AppBackup'];

const inspectSymbol = Symbol.for('nodejs.util.inspect.custom');
const EXCERPT_LENGTH = 200;

/** The base of every error this SDK throws. */
export class AstraError extends Error {
  override name = 'AstraError';

  /** Plain fields for logging; never contains the bearer token. */
  toJSON(): Record<string, unknown> {
    return { name: this.name, message: this.message };
  }

  /** What `util.inspect` / `console.log` show: the same safe fields as {@link toJSON}. */
  [inspectSymbol](): string {
    return `${this.name}: ${this.message} ${JSON.stringify(this.toJSON())}\n${this.stack?.split('\n').slice(1).join('\n') ?? ''}`;
  }
}

/** Input the SDK refuses before any request: says which input was wrong and what is accepted. */
export class InvalidInputError extends AstraError {
  override name = 'InvalidInputError';
  /** The option or argument that was wrong, e.g. `name` or `options.timeoutMs`. */
  readonly input: string;

  constructor(input: string, message: string, options?: { cause?: unknown }) {
    super(`${input}: ${message}`, options);
    this.input = input;
  }

  override toJSON() {
    return { ...super.toJSON(), input: this.input };
  }
}

/** The request never got an answer: DNS, refused connection, reset. Retried for GET and DELETE. */
export class ConnectionError extends AstraError {
  override name = 'ConnectionError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** An attempt outlived `timeoutMs`, or `waitUntilDone` outlived its `timeoutMs`. */
export class TimeoutError extends AstraError {
  override name = 'TimeoutError';
  /** The limit that ran out, in milliseconds. */
  readonly timeoutMs: number;
  /** For `waitUntilDone`: the last state of the backup seen before the time ran out. */
  readonly lastBackup: AppBackup | undefined;

  constructor(message: string, timeoutMs: number, lastBackup?: AppBackup) {
    super(message);
    this.timeoutMs = timeoutMs;
    this.lastBackup = lastBackup;
  }

  override toJSON() {
    return { ...super.toJSON(), timeoutMs: this.timeoutMs, lastState: this.lastBackup?.state };
  }
}

/** A success status whose body is not what the spec promises (not JSON, or the wrong shape). */
export class UnexpectedResponseError extends AstraError {
  override name = 'UnexpectedResponseError';
  readonly status: number | undefined;
  constructor(message: string, status?: number, options?: { cause?: unknown }) {
    super(message, options);
    this.status = status;
  }
}

/** `waitUntilDone` saw the backup reach `failed` or `removed`. */
export class BackupFailedError extends AstraError {
  override name = 'BackupFailedError';
  readonly backup: AppBackup;
  readonly state: AppBackup['state'];
  readonly stateUnready: string[];
  readonly hookStateDetails: NonNullable<AppBackup['hookStateDetails']>;

  constructor(backup: AppBackup) {
    const reasons = backup.stateUnready.length ? `: ${backup.stateUnready.join('; ')}` : '';
    super(`Backup ${backup.id} (${backup.name}) is ${backup.state}${reasons}`);
    this.backup = backup;
    this.state = backup.state;
    this.stateUnready = backup.stateUnready;
    this.hookStateDetails = backup.hookStateDetails ?? [];
  }

  override toJSON() {
    return {
      ...super.toJSON(),
      state: this.state,
      stateUnready: this.stateUnready,
      hookStateDetails: this.hookStateDetails,
    };
  }
}

/** An HTTP error answer, with the problem document's fields when the body was one. */
export class ProblemError extends AstraError {
  override name = 'ProblemError';
  /** The HTTP status (a number, although the problem's own `status` is a string). */
  readonly status: number;
  /** The problem type URI, e.g. `https://astra.netapp.io/problems/1`. */
  readonly type: string | undefined;
  /** The number at the end of `type`; see {@link PROBLEM_CODES}. */
  readonly code: number | undefined;
  readonly title: string | undefined;
  readonly detail: string | undefined;
  /** Quote it to NetApp support; only the body carries it. */
  readonly correlationID: string | undefined;
  readonly invalidParams: InvalidParam[];
  readonly invalidFields: InvalidField[];
  /** The problem document as received (any extra fields included), or undefined if the body was none. */
  readonly problem: Problem | undefined;
  /** The first characters of the body, when it was not a problem document. */
  readonly bodyExcerpt: string | undefined;
  /** The response (its body already read). */
  readonly response: Response | undefined;
  /** Method and URL of the request (never its headers). */
  readonly request: { method: string; url: string } | undefined;

  constructor(init: {
    status: number;
    problem?: Problem | undefined;
    bodyExcerpt?: string | undefined;
    response?: Response | undefined;
    request?: { method: string; url: string } | undefined;
  }) {
    const { status, problem } = init;
    const code = problemCodeOf(problem?.type);
    const title = problem?.title ?? (init.response?.statusText || `HTTP ${status}`);
    const where = init.request ? ` (${init.request.method} ${new URL(init.request.url).pathname})` : '';
    const detail = problem?.detail ?? (init.bodyExcerpt ? `body: ${init.bodyExcerpt}` : undefined);
    const tags = [
      `status ${status}`,
      code !== undefined ? `problem ${code}` : '',
      problem?.correlationID ? `correlationID ${problem.correlationID}` : '',
    ]
      .filter(Boolean)
      .join(', ');
    super(`${title}${detail ? `: ${detail}` : ''} [${tags}]${where}`);
    this.status = status;
    this.problem = problem;
    this.type = problem?.type;
    this.code = code;
    this.title = problem?.title;
    this.detail = problem?.detail;
    this.correlationID = problem?.correlationID;
    this.invalidParams = problem?.invalidParams ?? [];
    this.invalidFields = problem?.invalidFields ?? [];
    this.bodyExcerpt = init.bodyExcerpt;
    this.response = init.response;
    this.request = init.request;
  }

  /** True when {@link code} is one of the codes this SDK knows by name. */
  hasKnownCode(): this is this & { code: KnownProblemCode } {
    return isKnownProblemCode(this.code);
  }

  override toJSON() {
    return {
      ...super.toJSON(),
      status: this.status,
      type: this.type,
      code: this.code,
      title: this.title,
      detail: this.detail,
      correlationID: this.correlationID,
      invalidParams: this.invalidParams,
      invalidFields: this.invalidFields,
      request: this.request,
    };
  }
}

/** 400: the query or body was refused; see `invalidParams` / `invalidFields`. */
export class BadRequestError extends ProblemError {
  override name = 'BadRequestError';
}
/** 401: the bearer token is missing or invalid (problems 3, 4). */
export class AuthenticationError extends ProblemError {
  override name = 'AuthenticationError';
}
/** 403: the operation is not permitted for this token (problem 11). */
export class PermissionDeniedError extends ProblemError {
  override name = 'PermissionDeniedError';
}
/** 404: the backup or its collection was not found (problems 1, 2). */
export class NotFoundError extends ProblemError {
  override name = 'NotFoundError';
}
/** 409: a real conflict, never retried (e.g. 128, a pending backup cannot be cancelled). */
export class ConflictError extends ProblemError {
  override name = 'ConflictError';
}
/** 5xx: the service failed (problems 94 to 97). */
export class InternalServerError extends ProblemError {
  override name = 'InternalServerError';
}

/** 429: too many requests; retried for GET and DELETE after `retryAfterMs` when the server says. */
export class RateLimitError extends ProblemError {
  override name = 'RateLimitError';
  /** What `Retry-After` asked for, in ms, when it was 0 to 60 s. */
  get retryAfterMs(): number | undefined {
    return retryAfterMs(this.response?.headers.get('retry-after') ?? null);
  }
}

const BY_STATUS: Record<number, typeof ProblemError> = {
  400: BadRequestError,
  401: AuthenticationError,
  403: PermissionDeniedError,
  404: NotFoundError,
  409: ConflictError,
  429: RateLimitError,
};

const ASTRA_ERROR_NAMES = new Set([
  'AstraError',
  'InvalidInputError',
  'ConnectionError',
  'TimeoutError',
  'UnexpectedResponseError',
  'BackupFailedError',
]);
// Names, not constructors' own `name`: a user's minifier may rename the classes.
const PROBLEM_ERROR_NAMES = new Set([
  'ProblemError',
  'BadRequestError',
  'AuthenticationError',
  'PermissionDeniedError',
  'NotFoundError',
  'ConflictError',
  'RateLimitError',
  'InternalServerError',
]);

/**
 * True for any error of this SDK, even from another copy of the package (ESM and
 * CommonJS can both be loaded, and `instanceof` fails across them): matched on `name`.
 */
export function isAstraError(error: unknown): error is AstraError {
  if (error instanceof AstraError) return true;
  const name = (error as { name?: unknown } | null)?.name;
  return (
    error instanceof Error && typeof name === 'string' && (ASTRA_ERROR_NAMES.has(name) || PROBLEM_ERROR_NAMES.has(name))
  );
}

/** True for an HTTP error answer of this SDK (any copy of the package); see {@link isAstraError}. */
export function isProblemError(error: unknown): error is ProblemError {
  if (error instanceof ProblemError) return true;
  const name = (error as { name?: unknown } | null)?.name;
  return error instanceof Error && typeof name === 'string' && PROBLEM_ERROR_NAMES.has(name);
}

function isProblem(value: unknown): value is Problem {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    typeof (value as Problem).type === 'string' &&
    typeof (value as Problem).title === 'string'
  );
}

/** Removes every occurrence of each secret from a text (a server echoing a token must not leak it). */
export function redact(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) if (secret) out = out.split(secret).join('[REDACTED]');
  return out;
}

/**
 * Reads an error response and builds the ProblemError subclass of its status. Never
 * throws on a bad body: a non-JSON, empty or malformed body gives the class of the
 * status with an excerpt of the body.
 */
export async function problemErrorFrom(
  response: Response,
  request?: { method: string; url: string },
  secrets: readonly string[] = [],
): Promise<ProblemError> {
  let text = '';
  try {
    text = redact(await response.text(), secrets);
  } catch {
    text = '';
  }
  let parsed: unknown;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    parsed = undefined;
  }
  const problem = isProblem(parsed) ? parsed : undefined;
  const bodyExcerpt = problem
    ? undefined
    : text
      ? text.slice(0, EXCERPT_LENGTH) + (text.length > EXCERPT_LENGTH ? '…' : '')
      : undefined;
  const Class = BY_STATUS[response.status] ?? (response.status >= 500 ? InternalServerError : ProblemError);
  return new Class({ status: response.status, problem, bodyExcerpt, response, request });
}
