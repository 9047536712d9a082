// What every answer must be, read from the spec: a status the operation declares (never
// 5xx), a body of the declared media type that its schema accepts, the headers the spec
// marks required; for a request the spec refuses, a 4xx problem document; for a method
// the path does not have, 405 with `Allow`.
import type { FuzzRequest } from './arbitraries.js';
import { type Json, methodsByPath, type Operation, operations, problemMedia } from './operations.js';

export interface FuzzAnswer {
  status: number;
  headers: Headers;
  text: string;
}

const byId = new Map(operations.map((op) => [op.operationId, op]));
const mediaTypeOf = (answer: FuzzAnswer) =>
  (answer.headers.get('content-type') ?? '').split(';')[0]?.trim().toLowerCase() ?? '';

/** The operation whose template the request's path fits, if any (for requests with a bad path). */
export function operationFor(request: FuzzRequest): Operation | undefined {
  if (request.operationId) {
    const op = byId.get(request.operationId);
    if (op?.pattern.test(request.path)) return op;
  }
  return undefined;
}

function parse(text: string): { value?: Json; error?: string } {
  try {
    return { value: JSON.parse(text) as Json };
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
  }
}

/** Why the answer is not what the spec declares for `op` (empty when it is). */
export function declaredAnswerProblems(op: Operation, answer: FuzzAnswer): string[] {
  const problems: string[] = [];
  if (answer.status >= 500) problems.push(`a ${answer.status} (server error)`);
  const declared = op.responses.get(String(answer.status)) ?? op.responses.get(`${String(answer.status)[0]}XX`);
  if (!declared) {
    problems.push(`status ${answer.status} is not one ${op.operationId} declares (${[...op.responses.keys()]})`);
    return problems;
  }
  for (const header of declared.headers)
    if (!answer.headers.has(header)) problems.push(`no ${header} header, which the spec requires on ${answer.status}`);
  if (declared.content.size === 0) {
    if (answer.text !== '') problems.push(`a body on ${answer.status}, which the spec declares without one`);
    return problems;
  }
  // Media types compare without regard to case (RFC 9110 §8.3.1); the spec spells them in camel case.
  const type = mediaTypeOf(answer);
  const media = [...declared.content].find(([declaredType]) => declaredType.toLowerCase() === type)?.[1];
  if (!media) {
    problems.push(`Content-Type ${JSON.stringify(type)} is not one of ${[...declared.content.keys()]}`);
    return problems;
  }
  const { value, error } = parse(answer.text);
  if (error) problems.push(`the body is not JSON (${error})`);
  else if (!media.validate(value))
    problems.push(`the body breaks the schema: ${JSON.stringify(media.validate.errors?.slice(0, 3))}`);
  return problems;
}

/** Why the answer is not a problem document of the spec with a 4xx status (empty when it is). */
export function problemDocumentProblems(answer: FuzzAnswer, { allowed }: { allowed?: number[] } = {}): string[] {
  const problems: string[] = [];
  if (answer.status < 400 || answer.status > 499) problems.push(`status ${answer.status}, not a 4xx`);
  if (allowed && !allowed.includes(answer.status)) problems.push(`status ${answer.status}, not one of ${allowed}`);
  if (mediaTypeOf(answer) !== 'application/problem+json')
    problems.push(`Content-Type ${JSON.stringify(answer.headers.get('content-type'))}, not application/problem+json`);
  const { value, error } = parse(answer.text);
  if (error) problems.push(`the body is not JSON (${error})`);
  else if (!problemMedia.validate(value))
    problems.push(`the body is no Problem: ${JSON.stringify(problemMedia.validate.errors?.slice(0, 3))}`);
  else if ((value as { status?: string }).status !== String(answer.status))
    problems.push(`the problem's status ${(value as { status?: string }).status} is not the answer's`);
  return problems;
}

/** For a refused request: a 4xx problem, and one of the operation's declared statuses when the path fits one. */
export function refusalProblems(request: FuzzRequest, answer: FuzzAnswer): string[] {
  const op = operationFor(request);
  const problems = problemDocumentProblems(answer);
  if (op && !op.responses.has(String(answer.status)))
    problems.push(`status ${answer.status} is not one ${op.operationId} declares (${[...op.responses.keys()]})`);
  return problems;
}

/** For a method the path lacks: 405, an `Allow` naming the path's methods, a problem document. */
export function methodNotAllowedProblems(request: FuzzRequest, answer: FuzzAnswer): string[] {
  const problems = problemDocumentProblems(answer, { allowed: [405] });
  const template = [...methodsByPath.keys()].find((path) =>
    new RegExp(`^${path.replace(/\{[^}]+\}/g, '[^/]+')}$`).test(request.path),
  );
  const allow = (answer.headers.get('allow') ?? '')
    .split(',')
    .map((m) => m.trim().toUpperCase())
    .filter(Boolean);
  if (!answer.headers.has('allow')) problems.push('no Allow header');
  else if (template) {
    for (const method of methodsByPath.get(template) ?? [])
      if (!allow.includes(method)) problems.push(`Allow (${allow}) lacks ${method}`);
    if (allow.includes(request.method)) problems.push(`Allow (${allow}) names ${request.method} itself`);
  }
  return problems;
}

/** A request and its answer, short enough to read in a failure message. */
export function describeExchange(request: FuzzRequest, answer: FuzzAnswer | undefined): string {
  const headers = Object.entries(request.headers)
    .map(([k, v]) => `${k}: ${v}`)
    .join('\n  ');
  const sent = `${request.method} ${request.path}${request.query}\n  ${headers}${request.body !== undefined ? `\n  body: ${JSON.stringify(request.body).slice(0, 400)}` : ''}`;
  if (!answer) return sent;
  const got = `-> ${answer.status} ${answer.headers.get('content-type') ?? ''}${answer.headers.has('allow') ? ` (Allow: ${answer.headers.get('allow')})` : ''}\n  ${answer.text.slice(0, 400)}`;
  return `${request.why ? `(${request.why})\n` : ''}${sent}\n${got}`;
}
