// Checks a success body against its shape, generated from the spec (generated/shapes.ts):
// types, enums, bounds and required keys. Fields the spec does not know are let through,
// as a newer server may add some.
import type { Shape } from '../generated/shapes.js';
import { UnexpectedResponseError } from './errors.js';
import { describe, isObject } from './validate.js';

const outside = (shape: { n?: number; x?: number }, size: number, unit: string): string =>
  (shape.n !== undefined && size < shape.n) || (shape.x !== undefined && size > shape.x)
    ? ` must be ${shape.x === undefined ? `at least ${shape.n}` : shape.n === undefined ? `at most ${shape.x}` : `${shape.n} to ${shape.x}`}${unit}, got ${size}`
    : '';

/** Where and why `value` is not of `shape` (`.items[3].percentDone must be …`), or '' when it is. */
export function mismatch(shape: Shape, value: unknown): string {
  switch (shape.t) {
    case 's':
      if (typeof value !== 'string') break;
      if (shape.e && !shape.e.includes(value)) return ` must be one of ${shape.e.join(', ')}, got ${describe(value)}`;
      return outside(shape, value.length, ' characters long');
    case 'n':
    case 'i':
      if (typeof value !== 'number' || (shape.t === 'i' && !Number.isInteger(value))) break;
      return outside(shape, value, '');
    case 'b':
      if (typeof value !== 'boolean') break;
      return '';
    case 'a':
      if (!Array.isArray(value)) break;
      for (let i = 0; i < value.length; i++) {
        const inner = mismatch(shape.k, value[i]);
        if (inner) return `[${i}]${inner}`;
      }
      return outside(shape, value.length, ' items');
    case 'o':
      if (!isObject(value)) break;
      for (const key of shape.r) if (value[key] === undefined) return `.${key} is missing`;
      for (const key in shape.p) {
        const field = value[key];
        const inner = field === undefined ? '' : mismatch(shape.p[key] as Shape, field);
        if (inner) return `.${key}${inner}`;
      }
      return '';
    case 'u': {
      for (const option of shape.o) if (!mismatch(option, value)) return '';
      // Say what is wrong against the option of the value's kind (an object, or an array).
      return mismatch(
        shape.o.find((option) => (option.t === 'a') === Array.isArray(value)) ?? (shape.o[0] as Shape),
        value,
      );
    }
    default:
      return '';
  }
  const kinds = {
    s: 'a string',
    n: 'a number',
    i: 'a whole number',
    b: 'true or false',
    a: 'an array',
    o: 'an object',
  };
  return ` must be ${kinds[shape.t]}, got ${describe(value)}`;
}

/** The body, if it is of `shape`; an UnexpectedResponseError naming the field otherwise. */
export function checked<T>(shape: Shape, body: unknown, where: () => string): T {
  const problem = mismatch(shape, body);
  if (problem)
    throw new UnexpectedResponseError(
      `${where()}: the response is not what the spec says: ${problem[0] === '.' ? problem.slice(1) : `the body${problem}`}`,
    );
  return body as T;
}
