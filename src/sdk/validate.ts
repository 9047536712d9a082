// Checks of caller input, made before any request. Each failure is an
// InvalidInputError naming the input and what is accepted.
import { describe } from '../../generated/checks.js';
import { InvalidInputError } from './errors.js';

const DNS_1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
// The spec's AstraIdentifier: a lowercase UUID of version 4 or 5, or the nil UUID.
const ASTRA_IDENTIFIER =
  /^([0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}|[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}|00000000-0000-0000-0000-000000000000)$/;
// Whitespace, control characters and the path separator can't be part of an id.
const NOT_IN_ID = /[\s\p{Cc}/\\]/u;

/** A path identifier: a non-empty string that stays one path segment (no `/`, not `.` or `..`). */
export function checkId(input: string, value: unknown): string {
  if (typeof value !== 'string' || value.length === 0) {
    throw new InvalidInputError(input, `must be a non-empty string, got ${describe(value)}`);
  }
  // A lone UTF-16 surrogate cannot be percent-encoded (encodeURIComponent throws URIError).
  if (!(value as unknown as { isWellFormed(): boolean }).isWellFormed()) {
    throw new InvalidInputError(input, 'holds a lone UTF-16 surrogate, which cannot be sent in a URL');
  }
  if (value === '.' || value === '..' || NOT_IN_ID.test(value)) {
    throw new InvalidInputError(
      input,
      `must be one path segment (no '/', spaces or control characters, not '.' or '..'), got ${JSON.stringify(value)}`,
    );
  }
  return value;
}

/**
 * Why a token cannot go in an `Authorization` header, or undefined. Never says what the
 * token is: only what kind of character is wrong and where.
 */
export function tokenProblem(token: string): string | undefined {
  if (token.trim() === '') return 'is empty';
  for (let i = 0; i < token.length; i++) {
    const code = token.charCodeAt(i);
    if (code < 0x20 || code === 0x7f)
      return `holds a control character (such as CR, LF or NUL) at position ${i + 1}: copy the token again without it`;
    if (code > 0xff) return `holds a character outside Latin-1 at position ${i + 1}, which no HTTP header can carry`;
  }
  return undefined;
}

/** A backup name: a DNS-1123 label of 1 to 63 characters. */
export function checkName(value: unknown): string {
  if (typeof value !== 'string' || value.length < 1 || value.length > 63 || !DNS_1123_LABEL.test(value)) {
    throw new InvalidInputError(
      'name',
      `must be a DNS-1123 label: 1 to 63 lowercase letters, digits or '-', starting and ending with a letter or digit (e.g. "nightly-1"), got ${describe(value)}`,
    );
  }
  return value;
}

/** An Astra identifier in a body (bucketID, snapshotID): a lowercase UUID of version 4 or 5. */
export function checkUuid(input: string, value: unknown): string {
  if (typeof value !== 'string' || !ASTRA_IDENTIFIER.test(value)) {
    throw new InvalidInputError(
      input,
      `must be a lowercase UUID of version 4 or 5 like "0afbe357-a717-4c7a-8b3d-d0368959c8de", got ${describe(value)}`,
    );
  }
  return value;
}

/** A whole number within [min, max]. */
export function checkInteger(input: string, value: unknown, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new InvalidInputError(input, `must be a whole number from ${min} to ${max}, got ${describe(value)}`);
  }
  return value;
}

/** A page size: a whole number ≥ 1 (or a string of digits), sent as a string of digits. */
export function checkLimit(value: unknown): string {
  const number = typeof value === 'string' && /^[0-9]+$/.test(value) ? Number(value) : value;
  return String(checkInteger('limit', number, 1, Number.MAX_SAFE_INTEGER));
}

/** Each of `values` is one of `allowed`, with no repeats; at least one. */
export function checkFields<T extends string>(input: string, value: unknown, allowed: readonly T[]): T[] {
  if (!Array.isArray(value) || value.length === 0) {
    throw new InvalidInputError(
      input,
      `must be a non-empty array of field names (${allowed.join(', ')}), got ${describe(value)}`,
    );
  }
  const seen = new Set<string>();
  for (const field of value) {
    if (typeof field !== 'string' || !(allowed as readonly string[]).includes(field)) {
      throw new InvalidInputError(
        input,
        `${describe(field)} is not a field of a backup; known fields: ${allowed.join(', ')}`,
      );
    }
    if (seen.has(field)) throw new InvalidInputError(input, `"${field}" is named twice`);
    seen.add(field);
  }
  return value as T[];
}

export const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

// describe(): a short, safe description of a value for an error message, written once in the generated checks.
export { describe };

/**
 * Refuses an argument past a method's last parameter, as a plain JavaScript caller can pass
 * one that TypeScript would have refused: `listPage({ appId }, { signal })` would otherwise
 * drop the signal unseen. `params` names the parameters (`'appBackupId, options'`). A trailing
 * `undefined` (a wrapper passing on an absent option) counts as no argument.
 */
export function checkArgumentCount(method: string, params: string, args: ArrayLike<unknown>): void {
  const count = params.split(',').length;
  for (let i = count; i < args.length; i++) {
    const value = args[i];
    if (value !== undefined)
      throw new InvalidInputError(
        `arguments[${i}]`,
        `${method}(${params}) got one argument more: ${isObject(value) ? `{ ${Object.keys(value)} }` : describe(value)}; request options (signal, timeoutMs, …) go inside options`,
      );
  }
}
