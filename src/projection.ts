// Turns a list item into what the caller asked for: a projected item (the array
// of values the API returns for `include`) into an object keyed by those fields.
import { UnexpectedResponseError } from './errors.js';
import type { AppBackupField } from './types.js';

/** Builds `{ field: value }` from a projected item; checks that its length matches `include`. */
export function projectItem(
  item: unknown,
  include: readonly AppBackupField[] | undefined,
  index: number,
): Record<string, unknown> {
  if (Array.isArray(item)) {
    if (!include) {
      throw new UnexpectedResponseError(
        `list item ${index} is an array, but no include was asked for: the server projected it unasked`,
      );
    }
    if (item.length !== include.length) {
      throw new UnexpectedResponseError(
        `list item ${index} has ${item.length} values for ${include.length} included fields (${include.join(', ')})`,
      );
    }
    const projected: Record<string, unknown> = {};
    include.forEach((field, i) => {
      projected[field] = item[i];
    });
    return projected;
  }
  if (typeof item !== 'object' || item === null) {
    throw new UnexpectedResponseError(`list item ${index} is neither a backup nor an array of values`);
  }
  if (!include) return item as Record<string, unknown>;
  // A server that ignored include sent whole backups: keep just the fields asked for.
  const picked: Record<string, unknown> = {};
  for (const field of include) if (field in item) picked[field] = (item as Record<string, unknown>)[field];
  return picked;
}
