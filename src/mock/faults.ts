// Latency and faults, the rules a test adds so that a UI shows its slow and error states:
// a delay (fixed, or drawn from a range) for every request or for one operation; and the
// next N answers (or a share of them) of an operation turned into a given status with
// Astra's problem (429 and 503 carry Retry-After), a dropped connection, or a stall. A
// fault rule ends by itself after its count, so the next answers are normal again, as
// MSW's `{ once: true }` overrides do; `times: 'always'` holds until the rules are cleared
// (the SDK retries a failed GET twice, so a UI sees a fault that holds). Fault answers are
// deliberate: they skip the spec check.

import type { OperationId } from '../../generated/mock-spec.js';
import { OPERATIONS, PROBLEMS } from '../../generated/mock-spec.js';
import { ControlInputError, isRecord, onlyFields, wholeNumber } from './control-error.js';
import { SIMULATOR_LIMITS, SimulatorLimitError } from './limits.js';
import { type Answer, problem } from './problems.js';
import { OPERATION_IDS } from './routes.js';

/** The longest delay a latency rule may ask for: SIMULATOR_LIMITS.latencyMs (ten minutes). */
export const MAX_DELAY_MS: number = SIMULATOR_LIMITS.latencyMs;

/** A delay before answers: `{ ms }` or `{ minMs, maxMs }`, for one operation or all. */
export interface LatencyRule {
  /** Only this operation's requests (an operationId of the spec); every request when left out. @default all */
  operationId?: OperationId;
  /** A fixed delay, in ms (0 removes the rule). */
  ms?: number;
  /** With `maxMs`: a delay drawn evenly from this range, in ms. */
  minMs?: number;
  maxMs?: number;
}

/** What a fault rule does to an answer. */
export type FaultKind = number | 'drop' | 'stall';

/** A fault: what the next answers of an operation (or of all) become. */
export interface FaultRule {
  /** Only this operation (an operationId of the spec); every operation when left out. @default all */
  operationId?: OperationId;
  /**
   * An HTTP status from 400 to 599 (answered with Astra's problem document for it), `'drop'` (the
   * connection is closed with no answer; `fetch` rejects), or `'stall'` (no answer until the client gives
   * up, or for at most SIMULATOR_LIMITS.stallMs, ten minutes; then the connection is dropped).
   */
  fault: FaultKind;
  /**
   * How many answers the rule takes (1 to 1,000,000), then it ends; `'always'`: every answer until
   * the fault rules are cleared (or the simulator reset). @default 1 (`'always'` when `share` is given)
   */
  times?: number | 'always';
  /** The chance, from 0 to 1, that each answer is taken (drawn from the seed when there is one). @default 1 */
  share?: number;
  /** `Retry-After`, in seconds: sent with 429 and 503 (and any status when given). @default 1 */
  retryAfter?: number;
  /** The problem's `detail`. @default says a fault rule made the answer */
  detail?: string;
}

/** A fault rule as it stands: what it asked, and how many answers it may still take. */
export interface ActiveFault extends FaultRule {
  id: number;
  /** Answers it may still take; null while it holds until cleared (`times: 'always'`). */
  remaining: number | null;
}

/** What happens to one request: a delay first, then maybe a fault instead of the simulator's answer. */
export interface Plan {
  delayMs: number;
  fault?: ActiveFault;
  /** The operation the request is for. */
  operationId?: OperationId;
}

function operationIdOf(value: unknown, field: string): OperationId | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || !(OPERATION_IDS as readonly string[]).includes(value))
    throw new ControlInputError(
      field,
      `must be an operationId of the spec (${OPERATION_IDS.join(', ')}), got ${JSON.stringify(value)}`,
    );
  return value as OperationId;
}

/** Checks a latency rule; ControlInputError names the field. */
export function checkLatency(input: unknown): { operationId?: OperationId; minMs: number; maxMs: number } {
  if (!isRecord(input))
    throw new ControlInputError(
      'latency',
      'must be an object: { ms } or { minMs, maxMs }, with an optional operationId',
    );
  onlyFields(input, ['operationId', 'ms', 'minMs', 'maxMs'], 'latency.');
  const operationId = operationIdOf(input.operationId, 'latency.operationId');
  const scope = operationId === undefined ? {} : { operationId };
  if (input.ms !== undefined) {
    if (input.minMs !== undefined || input.maxMs !== undefined)
      throw new ControlInputError('latency.ms', 'cannot be given with minMs/maxMs: give a fixed delay or a range');
    const ms = wholeNumber(input.ms, 'latency.ms', 0, MAX_DELAY_MS);
    return { ...scope, minMs: ms, maxMs: ms };
  }
  if (input.minMs === undefined && input.maxMs === undefined)
    throw new ControlInputError('latency.ms', 'is required (or minMs and maxMs, for a range)');
  const minMs = wholeNumber(input.minMs, 'latency.minMs', 0, MAX_DELAY_MS);
  const maxMs = wholeNumber(input.maxMs, 'latency.maxMs', 0, MAX_DELAY_MS);
  if (maxMs < minMs) throw new ControlInputError('latency.maxMs', `must be at least minMs (${minMs}), got ${maxMs}`);
  return { ...scope, minMs, maxMs };
}

/** Checks a fault rule; ControlInputError names the field. */
export function checkFault(input: unknown): FaultRule {
  if (!isRecord(input))
    throw new ControlInputError(
      'fault',
      'must be an object such as { "operationId": "createAppBackupForApp", "fault": 503 }',
    );
  onlyFields(input, ['operationId', 'fault', 'times', 'share', 'retryAfter', 'detail'], 'fault.');
  const operationId = operationIdOf(input.operationId, 'fault.operationId');
  const kind = input.fault;
  if (
    !(
      kind === 'drop' ||
      kind === 'stall' ||
      (typeof kind === 'number' && Number.isInteger(kind) && kind >= 400 && kind <= 599)
    )
  )
    throw new ControlInputError(
      'fault.fault',
      `must be a status from 400 to 599, "drop" or "stall", got ${JSON.stringify(kind)}`,
    );
  const rule: FaultRule = { fault: kind };
  if (operationId !== undefined) rule.operationId = operationId;
  if (input.times === 'always') rule.times = 'always';
  else if (input.times !== undefined) {
    if (typeof input.times !== 'number')
      throw new ControlInputError(
        'fault.times',
        `must be a whole number from 1 to 1000000, or "always", got ${JSON.stringify(input.times)}`,
      );
    rule.times = wholeNumber(input.times, 'fault.times', 1, 1_000_000);
  }
  if (input.share !== undefined) {
    if (typeof input.share !== 'number' || !(input.share > 0 && input.share <= 1))
      throw new ControlInputError(
        'fault.share',
        `must be a number above 0 and up to 1, got ${JSON.stringify(input.share)}`,
      );
    rule.share = input.share;
  }
  if (input.retryAfter !== undefined) {
    if (typeof kind !== 'number') throw new ControlInputError('fault.retryAfter', 'only goes with a status fault');
    rule.retryAfter = wholeNumber(input.retryAfter, 'fault.retryAfter', 0, 86_400);
  }
  if (input.detail !== undefined) {
    if (typeof input.detail !== 'string' || input.detail.length > 1000)
      throw new ControlInputError('fault.detail', 'must be a string of at most 1000 characters');
    if (typeof kind !== 'number') throw new ControlInputError('fault.detail', 'only goes with a status fault');
    rule.detail = input.detail;
  }
  return rule;
}

/** The latency and fault rules of one simulator. */
export class Rules {
  readonly #random: () => number;
  readonly #latency = new Map<OperationId | '*', { minMs: number; maxMs: number }>();
  #faults: ActiveFault[] = [];
  #nextId = 0;

  constructor(random: () => number) {
    this.#random = random;
  }

  setLatency(input: unknown): void {
    const { operationId = '*', minMs, maxMs } = checkLatency(input);
    if (maxMs === 0) this.#latency.delete(operationId);
    else this.#latency.set(operationId, { minMs, maxMs });
  }

  latency(): LatencyRule[] {
    return [...this.#latency].map(([operationId, { minMs, maxMs }]) => ({
      ...(operationId === '*' ? {} : { operationId }),
      ...(minMs === maxMs ? { ms: minMs } : { minMs, maxMs }),
    }));
  }

  /** Adds a fault rule; the newest rule is tried first, as MSW tries its latest override first. */
  addFault(input: unknown): ActiveFault {
    const rule = checkFault(input);
    if (this.#faults.length >= SIMULATOR_LIMITS.faultRules)
      throw new SimulatorLimitError(
        'faultRules',
        `${this.#faults.length} fault rules are set already: clear them first`,
      );
    const active: ActiveFault = {
      id: ++this.#nextId,
      ...rule,
      remaining: rule.times === 'always' ? null : (rule.times ?? (rule.share === undefined ? 1 : null)),
    };
    this.#faults.unshift(active);
    return { ...active };
  }

  faults(): ActiveFault[] {
    return this.#faults.map((f) => ({ ...f }));
  }

  clearLatency(): void {
    this.#latency.clear();
  }

  clearFaults(): void {
    this.#faults = [];
  }

  clear(): void {
    this.#latency.clear();
    this.#faults = [];
    this.#nextId = 0;
  }

  /** True when any rule is set (a request with none pays nothing more). */
  active(): boolean {
    return this.#latency.size > 0 || this.#faults.length > 0;
  }

  /** What to do with a request for `operationId` (undefined: it matched none); undefined when nothing applies. */
  plan(operationId: OperationId | undefined): Plan | undefined {
    if (this.#latency.size === 0 && this.#faults.length === 0) return undefined;
    const range = (operationId !== undefined && this.#latency.get(operationId)) || this.#latency.get('*');
    const delayMs = range ? range.minMs + Math.floor(this.#random() * (range.maxMs - range.minMs + 1)) : 0;
    let fault: ActiveFault | undefined;
    if (operationId !== undefined)
      for (const rule of this.#faults) {
        if (rule.operationId !== undefined && rule.operationId !== operationId) continue;
        if (rule.share !== undefined && this.#random() >= rule.share) continue;
        if (rule.remaining !== null && --rule.remaining === 0) this.#faults.splice(this.#faults.indexOf(rule), 1);
        fault = { ...rule };
        break;
      }
    if (delayMs === 0 && !fault) return undefined;
    const scope = operationId === undefined ? {} : { operationId };
    return fault ? { delayMs, fault, ...scope } : { delayMs, ...scope };
  }
}

const REASONS: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

/** The problem code the spec documents for `status` on the operation (its own 500 code for any 5xx), if any. */
function documentedCode(operationId: OperationId | undefined, status: number): number | undefined {
  const operation = OPERATIONS.find((o) => o.operationId === operationId);
  const response = operation?.responses[String(Math.min(status, 500))];
  for (const example of response?.examples ?? []) {
    const code = /\/problems\/(\d+)$/.exec(String((example.value as { type?: unknown })?.type))?.[1];
    if (code) return Number(code);
  }
  for (const [code, known] of Object.entries(PROBLEMS)) if (Number(known.status) === status) return Number(code);
  return undefined;
}

/** The answer a status fault gives: Astra's problem for that status where the spec has one. */
export function faultAnswer(rule: ActiveFault, operationId: OperationId | undefined, correlationID: string): Answer {
  const status = rule.fault as number;
  const detail = rule.detail ?? `A fault rule of the simulator made this answer (rule ${rule.id}).`;
  const retry = rule.retryAfter ?? (status === 429 || status === 503 ? 1 : undefined);
  const headers: Record<string, string> = retry === undefined ? {} : { 'retry-after': String(retry) };
  const code = documentedCode(operationId, status);
  if (code !== undefined) return problem(code, correlationID, { status, detail, headers });
  // No problem of the spec fits (429, 503 on a 4xx-only operation...): RFC 9457's about:blank, titled by the status.
  return {
    status,
    headers: { 'content-type': 'application/problem+json', ...headers },
    body: { type: 'about:blank', title: REASONS[status] ?? 'Error', detail, status: String(status), correlationID },
  };
}
