// `Prefer: code=NNN` and `Prefer: example=NAME`, as Prism's mock reads them: answer the
// spec's documented example instead of the simulated state. `example=NAME` alone is
// enough: it is answered with the status that example is documented under.
import type { OperationSpec } from '../../generated/mock-spec.js';

export interface Prefer {
  code?: string;
  example?: string;
  dynamic?: string;
}

/** Parses `Prefer: code=404, example=resourceNotFound` into { code, example, dynamic }. */
export function parsePrefer(header: string | null): Prefer {
  const prefer: Prefer = {};
  if (!header) return prefer;
  for (const part of header.split(/[,;]/)) {
    const [key, ...rest] = part.split('=');
    const value = rest
      .join('=')
      .trim()
      .replace(/^"(.*)"$/, '$1');
    const name = key?.trim().toLowerCase();
    if (name === 'code' || name === 'example' || name === 'dynamic') prefer[name] = value;
  }
  return prefer;
}

export type DocumentedAnswer =
  | { status: number; contentType?: string; body?: unknown; error?: undefined }
  | { error: string };

/** The documented answer an operation gives for `prefer`, or why there is none. */
export function documentedAnswer(operation: OperationSpec, prefer: Prefer): DocumentedAnswer {
  const responses = Object.entries(operation.responses);
  let candidates = responses;
  if (prefer.code !== undefined) {
    candidates = responses.filter(([status]) => status === prefer.code);
    if (candidates.length === 0)
      return {
        error: `Prefer: code=${prefer.code} is not documented for ${operation.operationId}; documented: ${responses.map(([s]) => s).join(', ')}`,
      };
  }
  for (const [status, response] of candidates) {
    if (Object.keys(response.content).length === 0) {
      if (prefer.example === undefined) return { status: Number(status) };
      continue;
    }
    // The resource's own media type first, as the live API answers.
    const examples = [...response.examples].sort(
      (a, b) => Number(b.mediaType.includes('astra')) - Number(a.mediaType.includes('astra')),
    );
    const found =
      prefer.example === undefined ? examples[0] : examples.find((example) => example.name === prefer.example);
    if (found) return { status: Number(status), contentType: found.mediaType, body: found.value };
  }
  const names = [...new Set(candidates.flatMap(([, r]) => r.examples.map((e) => e.name)))];
  const what =
    prefer.example === undefined
      ? `status ${prefer.code} has no example`
      : `no example named ${JSON.stringify(prefer.example)}`;
  return {
    error: `${what} for ${operation.operationId}${prefer.code ? ` under ${prefer.code}` : ''}; its examples: ${names.join(', ')}`,
  };
}
