// Shared by every script: where the project is, the quiet environment for tools
// that would otherwise phone home, and a way to run a locally installed tool.
import { spawn, spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const bin = (name) => join(root, 'node_modules', '.bin', name);

/** The environment for every tool: the network is closed, so nothing may phone home. */
export const quietEnv = {
  ...process.env,
  SCARF_ANALYTICS: 'false',
  REDOCLY_TELEMETRY: 'off',
  REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true',
  DO_NOT_TRACK: '1',
};
Object.assign(process.env, quietEnv);

/** Runs a local tool to completion, inheriting stdio; exits the script if it fails. */
export function runTool(name, args, { quiet = false } = {}) {
  const result = spawnSync(bin(name), args, {
    cwd: root,
    env: quietEnv,
    stdio: quiet ? ['ignore', 'pipe', 'pipe'] : 'inherit',
    encoding: 'utf8',
  });
  if (result.status !== 0) {
    if (quiet) process.stderr.write(`${result.stdout ?? ''}${result.stderr ?? ''}`);
    console.error(`${name} ${args.join(' ')} failed (exit ${result.status ?? result.signal})`);
    process.exit(result.status || 1);
  }
  return result;
}

// Every child started by startChild and not yet exited; and the process groups they lead, kept
// until they are empty: what a child started stays in its group after the child itself has gone
// (npm killed, the node it started still serving), and is stopped all the same.
const live = new Set();
const groups = new Set();

/** Whether any process is left in the process group `group`. */
const groupAlive = (group) => {
  try {
    process.kill(-group, 0);
    return true;
  } catch {
    return false;
  }
};

/**
 * Sends `signal` to the process group `child` leads (to the child alone if it leads none), even if
 * the child itself has exited and only what it started is left; true if any process was there.
 */
export function signalGroup(child, signal) {
  if (!child.pid) return false;
  const exited = child.exitCode !== null || child.signalCode !== null;
  if (groups.has(child.pid) || !exited)
    try {
      process.kill(-child.pid, signal);
      return true;
    } catch {}
  if (exited) return false;
  try {
    return child.kill(signal);
  } catch {
    return false;
  }
}

// A script that ends (or a test worker that stops) takes what it started with it.
process.once('exit', () => {
  for (const group of groups)
    try {
      process.kill(-group, 'SIGKILL');
    } catch {}
});

// And if this process is killed outright (SIGKILL, a crashed worker), the reaper (reaper.cjs) does:
// it hears of each group started and emptied over an IPC channel, and kills those left when the
// channel closes. Started with the first child, ended by stopStarted().
let reaper;
function tellReaper(message) {
  if (!reaper) {
    reaper = spawn(process.execPath, [join(root, 'scripts', 'lib', 'reaper.cjs')], {
      detached: true,
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    });
    // A failed spawn or a lost channel: the other ways of stopping children still hold.
    reaper.on('error', () => {});
    reaper.unref();
    reaper.channel?.unref();
  }
  if (reaper.connected) reaper.send(message, () => {});
}

/** Forgets a group once nothing is left in it. */
function forgetIfEmpty(group) {
  if (!groups.has(group) || groupAlive(group)) return;
  groups.delete(group);
  tellReaper({ gone: group });
}

/**
 * Spawns `command` leading a process group of its own (unless `detached: false`: a script's child
 * that should get the terminal's Ctrl-C), remembered until it exits and its group is empty, so
 * that stopStarted() (the tests' afterAll, test/support/teardown.ts), this process's exit or the
 * reaper stops it and all it started, whether the test that started it passed, failed or timed out.
 */
export function startChild(command, args, options = {}) {
  const child = spawn(command, args, { detached: true, ...options });
  live.add(child);
  if (options.detached !== false && child.pid) {
    groups.add(child.pid);
    tellReaper({ add: child.pid });
  }
  child.once('exit', () => {
    live.delete(child);
    if (child.pid) forgetIfEmpty(child.pid);
  });
  // spawn failed (no such command): 'exit' never comes.
  child.once('error', () => live.delete(child));
  return child;
}

/** Polls (every 50 ms, at most `boundMs`) until nothing is left in the group; true if so. */
async function groupEmptied(group, boundMs) {
  const deadline = Date.now() + boundMs;
  while (groupAlive(group)) {
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return true;
}

/** Stops what is left in a group (its leader gone or going): SIGTERM, SIGKILL after `graceMs`. */
async function stopMembers(group, graceMs) {
  if (groupAlive(group)) {
    try {
      process.kill(-group, 'SIGTERM');
    } catch {}
    if (!(await groupEmptied(group, graceMs)))
      try {
        process.kill(-group, 'SIGKILL');
      } catch {}
    await groupEmptied(group, graceMs);
  }
  forgetIfEmpty(group);
}

/**
 * Stops a child's whole process group, what it started included: SIGTERM, then SIGKILL after
 * `graceMs`; resolves when the child has exited and its group is empty (at once if they are).
 */
export async function stopGroup(child, graceMs = 5_000) {
  if (child.exitCode === null && child.signalCode === null) {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    if (signalGroup(child, 'SIGTERM')) {
      const timer = setTimeout(() => signalGroup(child, 'SIGKILL'), graceMs);
      await exited.finally(() => clearTimeout(timer));
    }
  }
  // What the child started may outlive it.
  if (child.pid && groups.has(child.pid)) await stopMembers(child.pid, graceMs);
}

/** Stops every child startChild started, and whatever is left of what each started. */
export async function stopStarted(graceMs = 2_000) {
  await Promise.all([...live].map((child) => stopGroup(child, graceMs)));
  // Groups whose leader had exited already (npm gone, the node it started left behind).
  await Promise.all([...groups].map((group) => stopMembers(group, graceMs)));
  if (reaper?.connected) reaper.disconnect();
  reaper = undefined;
}

/**
 * Runs a command to its end, collecting what it printed; never rejects. Asynchronous on purpose:
 * several tests run a server in their own process that the command talks to. `boundMs` kills the
 * command's process group after that long, saying so in stderr; `detached: false` keeps the
 * command in this process's group (see startChild); `show: true` lets it print to this process's
 * stdout and stderr instead of collecting them. `code` is the exit code, or 1 when
 * a signal (or a failed spawn) ended it; `signal` names that signal.
 */
export function runProcess(
  command,
  args,
  { env = process.env, cwd, input = '', boundMs, detached = true, show = false } = {},
) {
  return new Promise((resolve) => {
    const stdio = show ? ['pipe', 'inherit', 'inherit'] : ['pipe', 'pipe', 'pipe'];
    const child = startChild(command, args, { env, cwd, detached, stdio });
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (d) => {
      stdout += d;
    });
    child.stderr?.on('data', (d) => {
      stderr += d;
    });
    const timer =
      boundMs === undefined
        ? undefined
        : setTimeout(() => {
            stderr += `\n(killed after ${boundMs} ms)`;
            signalGroup(child, 'SIGKILL');
          }, boundMs);
    child.on('error', (error) => {
      stderr += String(error);
    });
    // A child that exits without reading its input (git ls-files) closes the pipe: EPIPE is no failure.
    child.stdin.on('error', () => {});
    child.stdin.end(input);
    // 'close', not 'exit': the process may exit before its output has all been read.
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code: code ?? 1, signal: signal ?? null, stdout, stderr });
    });
  });
}

/**
 * Starts a server (startChild: its own process group, stopped with the tests' teardown if not
 * before) and waits for it to print a line matching `ready` (on stdout or stderr): resolves with
 * the match once it does; rejects, with what it printed, if it exits first or prints nothing
 * matching within `boundMs` (a generous bound: on a loaded 2-core machine a start takes ten times
 * as long as idle). `stop(signal)` sends `signal` (SIGTERM) to the group, SIGKILL after `graceMs`,
 * and resolves with how the child ended.
 */
export async function startServer(command, args, { ready, boundMs = 120_000, graceMs = 10_000, ...options }) {
  const child = startChild(command, args, { stdio: ['ignore', 'pipe', 'pipe'], ...options });
  let output = '';
  const exited = new Promise((resolve) => child.once('close', (code, signal) => resolve({ code, signal })));
  const stop = async (signal = 'SIGTERM') => {
    if (signalGroup(child, signal)) {
      const timer = setTimeout(() => signalGroup(child, 'SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
    }
    return exited;
  };
  const match = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      stop('SIGKILL');
      reject(new Error(`${command} printed nothing matching ${ready} within ${boundMs} ms:\n${output}`));
    }, boundMs);
    const read = (data) => {
      output += data;
      const found = ready.exec(output);
      if (found) {
        clearTimeout(timer);
        resolve(found);
      }
    };
    child.stdout.on('data', read);
    child.stderr.on('data', read);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`${command} exited (${code ?? signal}) before it was ready:\n${output}`));
    });
  });
  return { child, match, output: () => output, exited, stop };
}

/** Whether a process with this PID is running (or not yet reaped). */
export function processAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
