import type { ChildProcess } from 'node:child_process';

export function freePort(): Promise<number>;
export function waitForHttp(
  url: string,
  options?: { timeoutMs?: number; child?: ChildProcess; headers?: Record<string, string> },
): Promise<void>;
export interface StartedPrism {
  url: string;
  child: ChildProcess;
  output: () => string;
  stop: () => Promise<void>;
}
export function startPrism(options?: {
  spec?: string;
  port?: number;
  upstream?: string;
  validateRequest?: boolean;
  cors?: boolean;
  stdio?: 'pipe' | 'inherit' | 'ignore';
  extraArgs?: string[];
  probe?: { path: string; headers: Record<string, string> };
  onStart?: (prism: StartedPrism) => void;
}): Promise<StartedPrism>;
export function stopProcess(child: ChildProcess, graceMs?: number): Promise<void>;
