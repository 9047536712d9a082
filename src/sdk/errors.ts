// Every error the SDK throws is an AstraError. A problem response becomes a
// ProblemError subclass chosen by status; nothing here ever holds the bearer token
// (no Request objects are kept, and messages are built from response data only).

import type { components } from '../../generated/openapi.js';
import { retryAfterMs } from './backoff.js';
import { isKnownProblemCode, type KnownProblemCode, problemCodeOf } from './problem-codes.js';

type Problem = components['schemas']['Problem'];
type AppBackup = components['schemas']['AppBackup'];

/** The base of every error this SDK throws. */
export class AstraError extends Error {
  override name = 'AstraError';

  /** Plain fields for logging (the response left out); never contains the bearer token. */
  toJSON(): Record<string, unknown> {
    const { response, name, ...fields } = this as Record<string, unknown>;
    return { name, message: this.message, ...fields };
  }

  /** What `util.inspect` / `console.log` show: the same safe fields as {@link toJSON}. */
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return `${this.stack}\n${JSON.stringify(this.toJSON())}`;
  }
}

/** Input the SDK refuses before any request: says which input was wrong and what is accepted. */
export class InvalidInputError extends AstraError {
  override name = 'InvalidInputError';
  /** The option or argument that was wrong, e.g. `name` or `options.timeoutMs`. */
  declare readonly input: string;

  constructor(input: string, message: string, options?: { cause?: unknown }) {
    super(`${input}: ${message}`, options);
    this.input = input;
  }
}

/** The request got no answer, or lost it mid-body: DNS, refused or reset connection. Retried for GET and DELETE. */
export class ConnectionError extends AstraError {
  override name = 'ConnectionError';
}

/** An attempt outlived `timeoutMs` (or the call `totalTimeoutMs`), or `waitUntilDone` its `maxWaitMs`. */
export class TimeoutError extends AstraError {
  override name = 'TimeoutError';
  /** The limit that ran out, in milliseconds. */
  declare readonly timeoutMs: number;
  /** For `waitUntilDone`: the last state of the backup seen before the time ran out. */
  declare readonly lastBackup: AppBackup | undefined;

  constructor(message: string, timeoutMs: number, lastBackup?: AppBackup) {
    super(message);
    this.timeoutMs = timeoutMs;
    this.lastBackup = lastBackup;
  }
}

/** An answer the SDK cannot take: a redirect, a body too large, not JSON, or not what the spec says. */
export class UnexpectedResponseError extends AstraError {
  override name = 'UnexpectedResponseError';
  declare readonly status: number | undefined;
  constructor(message: string, status?: number, options?: { cause?: unknown }) {
    super(message, options);
    this.status = status;
  }
}

/** `waitUntilDone` saw the backup reach `failed` or `removed`. */
export class BackupFailedError extends AstraError {
  override name = 'BackupFailedError';
  declare readonly state: AppBackup['state'];
  declare readonly stateUnready: string[];
  declare readonly hookStateDetails: NonNullable<AppBackup['hookStateDetails']>;
  declare readonly backup: AppBackup;

  constructor(backup: AppBackup) {
    const reasons = backup.stateUnready.length ? `: ${backup.stateUnready.join('; ')}` : '';
    super(`Backup ${backup.id} (${backup.name}) is ${backup.state}${reasons}`);
    this.state = backup.state;
    this.stateUnready = backup.stateUnready;
    this.hookStateDetails = backup.hookStateDetails ?? [];
    this.backup = backup;
  }
}

/** An HTTP error answer, with the problem document's fields when the body was one. */
export class ProblemError extends AstraError {
  override name = 'ProblemError';
  /** The HTTP status (a number, although the problem's own `status` is a string). */
  declare readonly status: number;
  /** The problem type URI, e.g. `https://astra.netapp.io/problems/1`. */
  declare readonly type: string | undefined;
  /** The number at the end of `type`; see {@link PROBLEM_CODES}. */
  declare readonly code: number | undefined;
  declare readonly title: string | undefined;
  declare readonly detail: string | undefined;
  /** Quote it to NetApp support; only the body carries it. */
  declare readonly correlationID: string | undefined;
  declare readonly invalidParams: NonNullable<Problem['invalidParams']>;
  declare readonly invalidFields: NonNullable<Problem['invalidFields']>;
  /** The problem document as received (any extra fields included), or undefined if the body was none. */
  declare readonly problem: Problem | undefined;
  /** The first characters of the body, when it was not a problem document. */
  declare readonly bodyExcerpt: string | undefined;
  /** Method and URL of the request (never its headers). */
  declare readonly request: { method: string; url: string } | undefined;
  /** True when an earlier attempt of this request got no answer: the server may have acted on it. */
  declare readonly afterLostAnswer: boolean;
  /** The response (its body already read). */
  declare readonly response: Response | undefined;

  constructor(init: {
    status: number;
    problem?: Problem | undefined;
    bodyExcerpt?: string | undefined;
    response?: Response | undefined;
    request?: { method: string; url: string } | undefined;
    afterLostAnswer?: boolean;
  }) {
    const { status, problem, request } = init;
    const code = problemCodeOf(problem?.type);
    const detail = problem?.detail ?? (init.bodyExcerpt && `body: ${init.bodyExcerpt}`);
    const tags = [
      `status ${status}`,
      code !== undefined && `problem ${code}`,
      problem?.correlationID && `correlationID ${problem.correlationID}`,
    ];
    super(
      `${problem?.title ?? (init.response?.statusText || `HTTP ${status}`)}${detail ? `: ${detail}` : ''} [${tags.filter(Boolean).join(', ')}]${request ? ` (${request.method} ${new URL(request.url).pathname})` : ''}`,
    );
    this.status = status;
    this.type = problem?.type;
    this.code = code;
    this.title = problem?.title;
    this.detail = problem?.detail;
    this.correlationID = problem?.correlationID;
    this.invalidParams = problem?.invalidParams ?? [];
    this.invalidFields = problem?.invalidFields ?? [];
    this.problem = problem;
    this.bodyExcerpt = init.bodyExcerpt;
    this.request = request;
    this.afterLostAnswer = init.afterLostAnswer ?? false;
    this.response = init.response;
  }

  /** True when {@link code} is one of the codes this SDK knows by name. */
  hasKnownCode(): this is this & { code: KnownProblemCode } {
    return isKnownProblemCode(this.code);
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

// Names, not constructors: a user's minifier may rename the classes, and another copy of
// the package (ESM and CommonJS both loaded) has classes of its own.
const PROBLEM_NAMES =
  /^(Problem|BadRequest|Authentication|PermissionDenied|NotFound|Conflict|RateLimit|InternalServer)Error$/;
const ASTRA_NAMES = /^(Astra|InvalidInput|Connection|Timeout|UnexpectedResponse|BackupFailed)Error$/;

/** True for any error of this SDK, even from another copy of the package, where `instanceof` fails. */
export function isAstraError(error: unknown): error is AstraError {
  return error instanceof Error && (ASTRA_NAMES.test(error.name) || PROBLEM_NAMES.test(error.name));
}

/** True for an HTTP error answer of this SDK (any copy of the package); see {@link isAstraError}. */
export function isProblemError(error: unknown): error is ProblemError {
  return error instanceof Error && PROBLEM_NAMES.test(error.name);
}

/** A character of a secret as a pattern: itself, or its UTF-8 bytes percent-encoded (`%25` for an encoded `%`). */
const charPattern = (char: string): string => {
  const code = char.charCodeAt(0);
  const encoded = code < 0x80 ? `%${code.toString(16).padStart(2, '0')}` : encodeURIComponent(char);
  return `(?:${char.replace(/\W/, '\\$&')}|${encoded.replace(/%/g, '%(?:25)*')})`;
};

let lastPattern: [string, RegExp] | undefined;

/**
 * `text` with every occurrence of `secret` replaced by `[REDACTED]`: as it is, or with any of
 * its characters percent-encoded (any case of hex, or encoded twice), as a URL carries it;
 * case-insensitive, as hex is (a near miss redacted costs nothing). Only when the secret is
 * long enough to be one (8 characters or more): a dummy token such as `t` would otherwise cut
 * letters out of every word. Latin-1 only, as `tokenProblem` makes every token.
 */
export function redact(text: string, secret: string): string {
  if (secret.length < 8) return text;
  if (lastPattern?.[0] !== secret) lastPattern = [secret, new RegExp([...secret].map(charPattern).join(''), 'gi')];
  return text.replace(lastPattern[1], '[REDACTED]');
}

/**
 * A URL (a redirect's `Location`) as an error or a log may show it: without user-info
 * (`user:password@`, dropped) and with every occurrence of `secret` redacted. Tabs and
 * newlines, which URL parsers skip, are taken out first, so none can split the secret.
 */
export function shownUrl(url: string, secret: string): string {
  return redact(url.replace(/[\t\n\r]/g, ''), secret).replace(
    /^(\s*(?:[a-z][a-z\d+.-]*:[\\/]*|[\\/]{2,}))[^\\/?#]*@/i,
    '$1',
  );
}

/**
 * Builds the ProblemError subclass of an error answer's status from its body. A body
 * that is not JSON, empty or no problem gives the class of the status with an excerpt.
 */
export function problemErrorFrom(
  response: Response,
  body: string,
  request?: { method: string; url: string },
  secret = '',
  afterLostAnswer = false,
): ProblemError {
  // Parsed first, then redacted string by string: the status, code and structure never
  // change, and a token JSON escapes in the body is still found.
  let problem: Problem | undefined;
  try {
    problem = JSON.parse(body, (_, value) => (typeof value === 'string' ? redact(value, secret) : value));
  } catch {}
  const text = redact(body, secret);
  if (typeof problem?.type !== 'string' || typeof problem.title !== 'string') problem = undefined;
  const bodyExcerpt = problem || !text ? undefined : text.length > 200 ? `${text.slice(0, 200)}…` : text;
  const Class = BY_STATUS[response.status] ?? (response.status >= 500 ? InternalServerError : ProblemError);
  return new Class({ status: response.status, problem, bodyExcerpt, response, request, afterLostAnswer });
}
