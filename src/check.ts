// Checks a success body against its shape, generated from the spec (generated/shapes.ts):
// types, enums, bounds and required keys. Fields the spec does not know are let through,
// as a newer server may add some. Each shape is compiled once into a function, as ajv
// does: a page of 1,000 backups is checked on every list call.
import type { Shape } from '../generated/shapes.js';
import { UnexpectedResponseError } from './errors.js';
import { describe } from './validate.js';

/** Where and why a value is not of its shape (`.items[3].percentDone must be …`), or '' when it is. */
export type Check = (value: unknown) => string;

const KINDS = { s: 'a string', n: 'a number', i: 'a whole number', b: 'true or false', a: 'an array', o: 'an object' };
const compiled = new WeakMap<Shape, Check>();

/** Bounds (`n` least, `x` most) as a check of a size, or undefined when there are none. */
function bounds(shape: { n?: number; x?: number }, unit: string): ((size: number) => string) | undefined {
  const { n, x } = shape;
  if (n === undefined && x === undefined) return undefined;
  const range = x === undefined ? `at least ${n}` : n === undefined ? `at most ${x}` : `${n} to ${x}`;
  return (size) =>
    (n !== undefined && size < n) || (x !== undefined && size > x) ? ` must be ${range}${unit}, got ${size}` : '';
}

/** The check of a shape, built once. */
export function compile(shape: Shape): Check {
  let check = compiled.get(shape);
  if (check) return check;
  const wrong: Check = (value) => ` must be ${KINDS[shape.t as keyof typeof KINDS]}, got ${describe(value)}`;
  switch (shape.t) {
    case 's': {
      const { e } = shape;
      const size = bounds(shape, ' characters long');
      check =
        !e && !size
          ? (value) => (typeof value === 'string' ? '' : wrong(value))
          : (value) =>
              typeof value !== 'string'
                ? wrong(value)
                : e && !e.includes(value)
                  ? ` must be one of ${e.join(', ')}, got ${describe(value)}`
                  : size
                    ? size(value.length)
                    : '';
      break;
    }
    case 'n':
    case 'i': {
      const size = bounds(shape, '');
      const whole = shape.t === 'i';
      check = (value) =>
        typeof value !== 'number' || (whole && !Number.isInteger(value)) ? wrong(value) : size ? size(value) : '';
      break;
    }
    case 'b':
      check = (value) => (typeof value === 'boolean' ? '' : wrong(value));
      break;
    case 'a': {
      const item = compile(shape.k);
      const size = bounds(shape, ' items');
      check = (value) => {
        if (!Array.isArray(value)) return wrong(value);
        for (let i = 0; i < value.length; i++) {
          const inner = item(value[i]);
          if (inner) return `[${i}]${inner}`;
        }
        return size ? size(value.length) : '';
      };
      break;
    }
    case 'o': {
      const keys = Object.keys(shape.p);
      const checks = keys.map((key) => compile(shape.p[key] as Shape));
      const required = keys.map((key) => shape.r.includes(key));
      check = (value) => {
        if (typeof value !== 'object' || value === null || Array.isArray(value)) return wrong(value);
        for (let i = 0; i < keys.length; i++) {
          const field = (value as Record<string, unknown>)[keys[i] as string];
          const inner = field !== undefined ? (checks[i] as Check)(field) : required[i] ? ' is missing' : '';
          if (inner) return `.${keys[i]}${inner}`;
        }
        return '';
      };
      break;
    }
    case 'u': {
      const options = shape.o.map((option) => [option.t === 'a', compile(option)] as const);
      check = (value) => {
        for (const [, option] of options) if (!option(value)) return '';
        // Say what is wrong against the option of the value's kind (an object, or an array).
        const [, near] =
          options.find(([array]) => array === Array.isArray(value)) ?? (options[0] as (typeof options)[0]);
        return near(value);
      };
      break;
    }
    default:
      check = () => '';
  }
  compiled.set(shape, check);
  return check;
}

/** The body, if it is of `shape`; an UnexpectedResponseError naming the field otherwise. */
export function checked<T>(shape: Shape, body: unknown, where: () => string): T {
  const problem = compile(shape)(body);
  if (problem)
    throw new UnexpectedResponseError(
      `${where()}: the response is not what the spec says: ${problem[0] === '.' ? problem.slice(1) : `the body${problem}`}`,
    );
  return body as T;
}
