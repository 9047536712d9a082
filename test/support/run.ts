// Runs a command to its end, collecting what it printed. Asynchronous on purpose:
// several tests run a server in their own process that the command talks to.
import { spawn } from 'node:child_process';

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function runProcess(
  command: string,
  args: string[],
  { env = process.env, cwd, input = '' }: { env?: NodeJS.ProcessEnv; cwd?: string; input?: string } = {},
): Promise<RunResult> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { env, cwd, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => {
      stdout += d;
    });
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    // A child that exits without reading its input (git ls-files) closes the pipe: EPIPE is no failure of the test.
    child.stdin.on('error', () => {});
    child.stdin.end(input);
    // 'close', not 'exit': the process may exit before its output has all been read.
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}
