// Astra's problem documents, titled as the spec's examples title them, so that a problem
// from the simulator reads exactly as the spec (and the SDK's PROBLEM_CODES) says.
import { PROBLEMS } from '../../generated/mock-spec.js';

/** A field or a parameter, and what is wrong with it (a problem's invalidFields or invalidParams). */
export interface NamedReason {
  /** As a path: `metadata.labels[0].value`, `limit`. */
  name: string;
  /** What is wrong, and how to put it right. */
  reason: string;
}

/** An answer before it becomes a Fetch Response: the body is JSON (or absent). */
export interface Answer {
  status: number;
  headers: Record<string, string>;
  body?: unknown;
  /**
   * The body as JSON text in parts, when it was serialized as it was built (a list, in
   * chunks); `body` then holds what the spec check still needs (a list's envelope).
   */
  text?: string[];
  /** True when the whole answer was checked against the spec already (a cached backup). */
  checked?: boolean;
  /** What the spec check found while the answer was built (an item of a list). */
  violations?: string[];
}

/** What a problem says beside its code. */
export interface ProblemOptions {
  /** The HTTP status; defaults to the one the spec gives the problem. */
  status?: number;
  /** What happened, and how to put it right. @default the spec's example detail for the code */
  detail?: string;
  /** The query parameters that were wrong. */
  invalidParams?: NamedReason[];
  /** The body's fields that were wrong. */
  invalidFields?: NamedReason[];
  /** More headers (Allow, Retry-After...). */
  headers?: Record<string, string>;
  /** Extension members (RFC 9457), such as the `limit` a refusal names. */
  members?: Record<string, unknown>;
}

/** The media type of every problem document. */
export const PROBLEM_MEDIA_TYPE = 'application/problem+json';

/** A problem answer: `code` picks the type and title; each carries a fresh correlationID. */
export function problem(code: number, correlationID: string, options: ProblemOptions = {}): Answer {
  const known = PROBLEMS[String(code)];
  const status = options.status ?? Number(known?.status ?? 500);
  const body: Record<string, unknown> = {
    type: `https://astra.netapp.io/problems/${code}`,
    title: known?.title ?? 'Error',
    detail: options.detail ?? known?.detail ?? '',
    status: String(status),
    correlationID,
  };
  if (options.invalidParams?.length) body.invalidParams = dedupe(options.invalidParams);
  if (options.invalidFields?.length) body.invalidFields = dedupe(options.invalidFields);
  if (options.members) Object.assign(body, options.members);
  return { status, headers: { 'content-type': PROBLEM_MEDIA_TYPE, ...options.headers }, body };
}

/** The spec makes these lists uniqueItems: one entry per name and reason. */
function dedupe(entries: NamedReason[]): NamedReason[] {
  const seen = new Set<string>();
  return entries.filter((e) => {
    const key = `${e.name}\u0000${e.reason}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * A problem as a Fetch Response, for a server in front of the core (a 405, a body over the
 * limit, a Host refused): the one builder, titled as the spec titles its codes. `status`
 * defaults to the one the spec gives the code; the correlationID is fresh.
 */
export function problemResponse(code: number, options: ProblemOptions = {}): Response {
  const answer = problem(code, crypto.randomUUID(), options);
  return new Response(JSON.stringify(answer.body), { status: answer.status, headers: answer.headers });
}
