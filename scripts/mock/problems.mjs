// Astra's problem documents, as the spec's examples give them: the simulator and the
// front answer with these titles and types, so that a problem from the mock reads
// exactly as the spec (and the SDK's PROBLEM_CODES) says.
import { randomUUID } from 'node:crypto';

/** code -> { title, detail, status } from the spec's problem examples. */
export function problemCatalogue(spec) {
  const catalogue = new Map();
  for (const example of Object.values(spec.components?.examples ?? {})) {
    const value = example?.value;
    const code = /\/problems\/(\d+)$/.exec(value?.type ?? '')?.[1];
    if (code && !catalogue.has(Number(code))) catalogue.set(Number(code), value);
  }
  return catalogue;
}

/**
 * A problem document. `code` picks the type and title from the catalogue; `status`
 * defaults to the catalogue's. Every problem carries a fresh correlationID, as Astra's do.
 */
export function problem(catalogue, code, { status, detail, invalidParams, invalidFields } = {}) {
  const known = catalogue.get(code);
  const body = {
    type: `https://astra.netapp.io/problems/${code}`,
    title: known?.title ?? 'Error',
    detail: detail ?? known?.detail ?? '',
    status: String(status ?? known?.status ?? 500),
    correlationID: randomUUID(),
  };
  if (invalidParams?.length) body.invalidParams = invalidParams;
  if (invalidFields?.length) body.invalidFields = invalidFields;
  return { status: Number(body.status), headers: { 'content-type': 'application/problem+json' }, body };
}
