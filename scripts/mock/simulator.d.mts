export interface SimulatorRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: Record<string, string | string[] | undefined>;
  body?: Buffer | undefined;
}
export interface SimulatorAnswer {
  status: number;
  headers: Record<string, string>;
  body?: unknown;
}
export const DELETE_LAG_MS: number;
export function createSimulator(options: {
  spec: unknown;
  backupMs?: number;
  publicUrl?: string;
  now?: () => number;
}): { handle(request: SimulatorRequest): SimulatorAnswer };
