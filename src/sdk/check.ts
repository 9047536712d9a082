// Success bodies against the spec, through the checks `npm run generate` writes from it
// (generated/checks.ts): types, enums, bounds and required keys. Fields the spec does not
// know are let through, as a newer server may add some.
import { UnexpectedResponseError } from './errors.js';

/** Where and why a value is not what the spec says (`.items[3].percentDone must be …`), or ''. */
export type Check = (value: unknown) => string;

/** The body, if `check` finds nothing wrong; an UnexpectedResponseError naming the field otherwise. */
export function checked<T>(check: Check, body: unknown, where: () => string): T {
  const problem = check(body);
  if (problem)
    throw new UnexpectedResponseError(
      `${where()}: the response is not what the spec says: ${problem[0] === '.' ? problem.slice(1) : `the body${problem}`}`,
    );
  return body as T;
}
