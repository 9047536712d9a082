// The mock server stops when whatever started it is gone: a test runner killed, an `npx`
// stopped (npm exec → sh → node: the shell in between may outlive npm), a terminal closed.
// Without this, a killed parent leaves the mock holding its port for hours. Written once:
// `astra-backups mock` and the repository's `npm start` both use it.
import { readFileSync } from 'node:fs';

const SHELLS = new Set(['sh', 'bash', 'dash', 'zsh', 'ash', 'ksh']);

/** The parent PID and command name of `pid`, from /proc (Linux); undefined elsewhere or when it is gone. */
function procOf(pid: number): { ppid: number; name: string } | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // "pid (name) state ppid …": the name may hold spaces and parentheses.
    const close = stat.lastIndexOf(')');
    const name = stat.slice(stat.indexOf('(') + 1, close);
    const ppid = Number(stat.slice(close + 2).split(' ')[1]);
    return Number.isInteger(ppid) ? { ppid, name } : undefined;
  } catch {
    return undefined;
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Calls `onGone` once when the process that started this one exits: the parent, and the
 * parent's parent too when the parent is a shell that ran this one (as `npx` and `npm start`
 * run a command). Checks every `intervalMs` on a timer that keeps no process alive; returns
 * a function that stops watching. A process started by init (PID 1: a container's entry)
 * has no parent to lose, and is not watched.
 */
export function watchParent(onGone: () => void, intervalMs = 500): () => void {
  const parent = process.ppid;
  if (parent <= 1) return () => undefined;
  const watched = [parent];
  const above = procOf(parent);
  if (above && SHELLS.has(above.name) && above.ppid > 1) watched.push(above.ppid);
  const timer = setInterval(() => {
    if (process.ppid !== parent || !watched.every(alive)) {
      clearInterval(timer);
      onGone();
    }
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
