export interface StartedMock {
  url: string;
  port: number;
  mode: 'simulator' | 'examples';
  /** The simulator (its JS control API). */
  simulator: import('../../src/mock/index.js').AstraSimulator;
  /** Stops the server gracefully (requests in flight finish). */
  stop(): Promise<void>;
}
export const SPEC_PATH: string;
export function startMock(options?: {
  port?: number;
  host?: string;
  mode?: 'simulator' | 'examples';
  backupMs?: number;
  allowedHosts?: string[];
  log?: (line: string) => void;
  alarm?: (line: string) => void;
  breakField?: string;
  seed?: string;
  controlToken?: string;
  graceMs?: number;
}): Promise<StartedMock>;
