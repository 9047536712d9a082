import type { ChildProcess } from 'node:child_process';

export function freePort(): Promise<number>;
export function spawnPrism(args: string[], options?: { stdio?: 'pipe' | 'inherit' | 'ignore' }): ChildProcess;
export function waitForHttp(url: string, options?: { timeoutMs?: number; child?: ChildProcess }): Promise<void>;
export function startPrism(options?: {
  spec?: string;
  port?: number;
  upstream?: string;
  cors?: boolean;
  stdio?: 'pipe' | 'inherit' | 'ignore';
  extraArgs?: string[];
}): Promise<{ url: string; child: ChildProcess; output: () => string; stop: () => Promise<void> }>;
export function stopProcess(child: ChildProcess, graceMs?: number): Promise<void>;
