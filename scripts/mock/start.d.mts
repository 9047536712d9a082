import type { ChildProcess } from 'node:child_process';

export interface StartedMock {
  url: string;
  port: number;
  mode: 'simulator' | 'examples';
  prism: ChildProcess;
  prisms: ChildProcess[];
  ready: Promise<unknown>;
  prismUrl: string;
  simulatorUrl: string | undefined;
  /** The simulator core (behind Prism, and in the front): its JS control API. */
  simulator: import('../../src/mock/index.js').ControlledSimulator;
  prismOutput(): string;
  stop(): Promise<void>;
}
export function startMock(options?: {
  port?: number;
  host?: string;
  mode?: 'simulator' | 'examples';
  backupMs?: number;
  allowedHosts?: string[];
  upstreamTimeoutMs?: number;
  log?: (line: string) => void;
  alarm?: (line: string) => void;
  breakField?: string;
  prisms?: number;
  seed?: string;
  controlToken?: string;
}): Promise<StartedMock>;
