/**
 * The problem codes the Application Backup operations answer with: the number at
 * the end of a problem's `type` (`https://astra.netapp.io/problems/128` is 128),
 * with the title NetApp's reference gives each.
 */
export const PROBLEM_CODES = Object.freeze({
  1: 'Resource not found',
  2: 'Collection not found',
  3: 'Missing bearer token',
  4: 'Invalid bearer token',
  5: 'Invalid query parameters',
  6: 'Query parameters not supported',
  7: 'Invalid JSON payload',
  8: 'Invalid JSON resource',
  9: 'Invalid JSON resource',
  10: 'JSON resource conflict',
  11: 'Operation not permitted',
  94: 'Backup not created',
  95: 'Backup not retrieved',
  96: 'Backups not listed',
  97: 'Backup not deleted',
  128: 'Backup cancellation not allowed',
  131: 'Backup not supported',
  143: 'Backup with the same name exists',
  148: 'A snapshot is already in progress',
} as const);

/** A problem code this SDK knows by name. */
export type KnownProblemCode = keyof typeof PROBLEM_CODES;

/** True when `code` is one of {@link PROBLEM_CODES}. */
export function isKnownProblemCode(code: number | undefined): code is KnownProblemCode {
  return code !== undefined && Object.hasOwn(PROBLEM_CODES, code);
}

/** The code at the end of a problem type URI, or undefined when it does not end in a number. */
export function problemCodeOf(type: unknown): number | undefined {
  if (typeof type !== 'string') return undefined;
  const match = /\/(\d+)\/?$/.exec(type);
  return match ? Number(match[1]) : undefined;
}
