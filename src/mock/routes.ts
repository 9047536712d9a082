// Which operation of the spec a request is, from its method and path alone: the control
// layer needs it before the simulator answers (latency and faults are set per operation).
import { OPERATION_IDS, OPERATIONS, type OperationId } from '../../generated/mock-spec.js';

const PATTERNS = OPERATIONS.map((o) => ({
  method: o.method,
  operationId: o.operationId as OperationId,
  pattern: new RegExp(`^${o.path.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[^}]+\}/g, '[^/]+')}$`),
}));

/** The operationId a request is for (HEAD counts as GET), or undefined when it is none of the spec's. */
export function operationOf(method: string, path: string): OperationId | undefined {
  const upper = method.toUpperCase();
  const wanted = upper === 'HEAD' ? 'GET' : upper;
  for (const p of PATTERNS) if (p.method === wanted && p.pattern.test(path)) return p.operationId;
  return undefined;
}

export { OPERATION_IDS, type OperationId };
