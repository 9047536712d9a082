import type { ChildProcess, SpawnOptions } from 'node:child_process';

export const root: string;
export const bin: (name: string) => string;
export const quietEnv: NodeJS.ProcessEnv;
export function runTool(
  name: string,
  args: string[],
  options?: { quiet?: boolean },
): import('node:child_process').SpawnSyncReturns<string>;
export function signalGroup(child: ChildProcess, signal: NodeJS.Signals): boolean;
export function startChild(command: string, args: string[], options?: SpawnOptions): ChildProcess;
export function stopGroup(child: ChildProcess, graceMs?: number): Promise<void>;
export function stopStarted(graceMs?: number): Promise<void>;
export interface RunResult {
  /** The exit code; 1 when a signal (or a failed spawn) ended the command. */
  code: number;
  /** The signal that ended the command, if one did. */
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}
export function runProcess(
  command: string,
  args: string[],
  options?: {
    env?: NodeJS.ProcessEnv;
    cwd?: string;
    input?: string;
    boundMs?: number;
    detached?: boolean;
    show?: boolean;
  },
): Promise<RunResult>;
export interface StartedServer {
  child: ChildProcess;
  /** What matched `ready`. */
  match: RegExpExecArray;
  /** All it printed so far, stdout and stderr. */
  output: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  stop: (signal?: NodeJS.Signals) => Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}
export function startServer(
  command: string,
  args: string[],
  options: SpawnOptions & { ready: RegExp; boundMs?: number; graceMs?: number },
): Promise<StartedServer>;
export function processAlive(pid: number): boolean;
