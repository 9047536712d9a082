// The contract: the bundled spec without its code samples (`x-codeSamples` are docs, not
// API), and its hash. The hash is taken over canonical JSON (keys sorted), so it changes
// when the contract does, and never for a reordering or a new code sample.
import { createHash } from 'node:crypto';

/** A copy of the bundled spec with every operation's `x-codeSamples` removed. */
export function contractOf(spec) {
  const contract = structuredClone(spec);
  for (const item of Object.values(contract.paths ?? {}))
    for (const operation of Object.values(item ?? {}))
      if (operation && typeof operation === 'object') delete operation['x-codeSamples'];
  return contract;
}

/** JSON with every object's keys sorted: one text per value. */
export function canonicalJson(value) {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object')
    return `{${Object.keys(value)
      .sort()
      .filter((key) => value[key] !== undefined)
      .map((key) => `${JSON.stringify(key)}:${canonicalJson(value[key])}`)
      .join(',')}}`;
  return JSON.stringify(value);
}

/** sha256 (hex) of the contract of `spec`, bundled with or without its code samples. */
export function contractSha256(spec) {
  return createHash('sha256')
    .update(canonicalJson(contractOf(spec)))
    .digest('hex');
}

/** What a build of the package says about the spec it was made from. */
export function specInfo(spec) {
  const versions = spec.components?.schemas?.ResourceVersion?.enum ?? [];
  return {
    title: spec.info.title,
    openapi: spec.openapi,
    apiVersion: spec.info.version,
    resourceVersion:
      [...versions].sort((a, b) => a.localeCompare(b, 'en', { numeric: true })).at(-1) ?? spec.info.version,
    contractSha256: contractSha256(spec),
  };
}
