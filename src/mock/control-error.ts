// The one error control input gets: it names the field that was wrong and says how to put
// it right. The HTTP endpoints turn it into a 400 problem whose invalidFields name the
// same field; the state is left as it was, since every operation checks before it changes.

export class ControlInputError extends Error {
  override name = 'ControlInputError' as const;
  /** The field that was wrong, as a path: `latency.ms`, `accounts[0].apps[1].backups[2].state`. */
  readonly field: string;
  readonly reason: string;

  constructor(field: string, reason: string) {
    super(`${field} ${reason}`);
    this.field = field;
    this.reason = reason;
  }
}

/** True for an object that is neither null nor an array. */
export const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Refuses fields of `value` that are not in `allowed`, naming the first. */
export function onlyFields(value: Record<string, unknown>, allowed: readonly string[], prefix: string): void {
  for (const key of Object.keys(value))
    if (!allowed.includes(key))
      throw new ControlInputError(`${prefix}${key}`, `is not a field here; give ${allowed.join(', ')}`);
}

/** A whole number from `min` to `max`, or a ControlInputError naming `field`. */
export function wholeNumber(value: unknown, field: string, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max)
    throw new ControlInputError(field, `must be a whole number from ${min} to ${max}, got ${JSON.stringify(value)}`);
  return value;
}
