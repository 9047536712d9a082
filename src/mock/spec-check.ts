// The spec's own rules, checked with validators generated at build time (no code is
// compiled at run time): request bodies against their schema, and every answer the
// simulator produces against the response its operation declares for that status.
import type { OperationSpec, ValidatorName } from '../../generated/mock-spec.js';
import { VALIDATORS, type ValidationError } from '../../generated/mock-validators.js';
import type { Answer, NamedReason } from './problems.js';

/** `application/json; charset=utf-8` -> `application/json`. */
export function mediaTypeOf(header: string | null | undefined): string {
  return (header ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
}

/** The validator of `media` in a content map, matched without regard to case (media types are case-insensitive). */
export function validatorFor(content: Record<string, ValidatorName>, media: string): ValidatorName | undefined {
  for (const [type, validator] of Object.entries(content)) if (type.toLowerCase() === media) return validator;
  return undefined;
}

/** `/metadata/labels/0/name` -> `metadata.labels[0].name`; the root is `(body)`. */
function fieldName(pointer: string, extra?: unknown): string {
  const parts = pointer
    .split('/')
    .slice(1)
    .map((p) => p.replaceAll('~1', '/').replaceAll('~0', '~'));
  if (typeof extra === 'string') parts.push(extra);
  let name = '';
  for (const part of parts) name += /^\d+$/.test(part) ? `[${part}]` : name === '' ? part : `.${part}`;
  return name === '' ? '(body)' : name;
}

function reasonOf(error: ValidationError): string {
  switch (error.keyword) {
    case 'required':
      return 'is required';
    case 'additionalProperties':
      return 'is not a field here (the spec closes this object)';
    case 'uniqueItems':
      return `must not repeat an item (items ${String(error.params.j)} and ${String(error.params.i)} are equal)`;
    case 'enum':
      return `must be one of ${JSON.stringify(error.params.allowedValues)}`;
    default:
      return error.message ?? `breaks ${error.keyword}`;
  }
}

/** The fields `value` gets wrong against the named schema: [] when it is valid. */
export function invalidFields(validator: ValidatorName, value: unknown): NamedReason[] {
  const validate = VALIDATORS[validator];
  if (validate(value)) return [];
  const fields = (validate.errors ?? []).map((error) => ({
    name: fieldName(
      error.instancePath,
      error.keyword === 'required'
        ? error.params.missingProperty
        : error.keyword === 'additionalProperties'
          ? error.params.additionalProperty
          : undefined,
    ),
    reason: reasonOf(error),
  }));
  // anyOf reports each branch's errors and then its own: keep the first reason per field.
  const seen = new Set<string>();
  return fields.filter((f) => !seen.has(f.name) && seen.add(f.name));
}

/** Why `answer` breaks what `operation` declares: [] when it is what the spec says. */
export function answerViolations(operation: OperationSpec, answer: Answer): string[] {
  const declared = operation.responses[String(answer.status)];
  if (!declared)
    return [
      `status ${answer.status} is not declared for ${operation.operationId} (it declares ${Object.keys(operation.responses).join(', ')})`,
    ];
  const errors: string[] = [];
  const media = mediaTypeOf(answer.headers['content-type']);
  const types = Object.keys(declared.content);
  if (types.length === 0) {
    if (answer.body !== undefined) errors.push(`a ${answer.status} answer has no body in the spec`);
  } else {
    const validator = validatorFor(declared.content, media);
    if (!validator) errors.push(`Content-Type ${JSON.stringify(media)} is not ${types.join(' or ')}`);
    else if (answer.body === undefined) errors.push('the body is missing');
    else
      for (const field of invalidFields(validator, answer.body))
        errors.push(`${field.name === '(body)' ? 'the body' : field.name} ${field.reason}`);
  }
  for (const header of declared.headers) {
    const value = answer.headers[header.name];
    if (value === undefined) {
      if (header.required) errors.push(`the ${header.name} header is missing`);
    } else if (!VALIDATORS[header.validator](value))
      errors.push(`the ${header.name} header ${JSON.stringify(value)} breaks its schema`);
  }
  return errors;
}
