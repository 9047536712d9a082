// Starts and stops a Prism mock (or proxy) of the bundled spec. Used by `npm start`
// and by the contract tests' global setup. Prism is started from node_modules/.bin
// so that the PID is Prism's own, and it is stopped by that PID.
import { spawn } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { basename, isAbsolute, join } from 'node:path';
import { quietEnv, root } from './tools.mjs';

/**
 * Spawns Prism with `args`; its PID is Prism's own. Prism exits by itself when this
 * process goes away (exit-with-parent.cjs, over an IPC channel).
 */
function spawnPrism(args, { stdio = 'pipe' } = {}) {
  const entry = join(root, 'node_modules', '@stoplight', 'prism-cli', 'dist', 'index.js');
  const guard = join(root, 'scripts', 'lib', 'exit-with-parent.cjs');
  const child = spawn(process.execPath, ['--require', guard, entry, ...args], {
    cwd: root,
    env: quietEnv,
    stdio: ['ignore', stdio, stdio, 'ipc'],
  });
  // The channel only tells Prism that this process is gone: it must not keep this one alive.
  child.channel?.unref();
  return child;
}

/** Asks the OS for a free TCP port on 127.0.0.1. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/**
 * Polls `url` until any HTTP answer comes back, or fails after `timeoutMs`: a bound, generous on
 * purpose (Prism takes 1.5 s idle, and was seen taking over 90 s on a 2-core machine at a load
 * average of 40, several Prisms starting at once); a Prism that exits fails it at once.
 */
export async function waitForHttp(url, { timeoutMs = 240_000, child, headers = {} } = {}) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child && child.exitCode !== null) throw new Error(`Prism exited with code ${child.exitCode} before answering`);
    try {
      const response = await fetch(url, { headers, signal: AbortSignal.timeout(2_000) });
      await response.arrayBuffer();
      return;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  throw new Error(`Nothing answered at ${url} within ${timeoutMs} ms`);
}

/**
 * Starts `prism mock` (or `prism proxy UPSTREAM`) on 127.0.0.1:port with --errors, serving
 * a copy of `spec`. Resolves once Prism answers `probe` (a path, and headers); returns
 * { url, child, output, stop }. `onStart` gets the same as soon as Prism is spawned, so
 * that a caller can stop one that is still starting.
 */
export async function startPrism({
  spec = 'dist/openapi.yaml',
  port,
  upstream,
  validateRequest = true,
  cors = true,
  stdio = 'pipe',
  extraArgs = [],
  probe = { path: '/', headers: {} },
  onStart,
} = {}) {
  const chosen = port ?? (await freePort());
  // Prism restarts when the file it serves changes: it serves a copy, so that a bundle
  // written meanwhile (a build, a test) cannot take it away in the middle of a run.
  const scratch = mkdtempSync(join(tmpdir(), 'astra-prism-'));
  const copy = join(scratch, basename(spec));
  copyFileSync(isAbsolute(spec) ? spec : join(root, spec), copy);
  const args = upstream
    ? ['proxy', copy, upstream, '--errors', '--validate-request', String(validateRequest)]
    : ['mock', copy, '--errors'];
  args.push('--host', '127.0.0.1', '--port', String(chosen));
  if (!cors) args.push('--cors', 'false');
  args.push(...extraArgs);
  const child = spawnPrism(args, { stdio });
  let output = '';
  if (stdio === 'pipe') {
    const keep = (d) => {
      output = (output + d).slice(-20_000);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
  }
  const url = `http://127.0.0.1:${chosen}`;
  const stop = async () => {
    await stopProcess(child);
    rmSync(scratch, { recursive: true, force: true });
  };
  const prism = { url, child, output: () => output, stop };
  onStart?.(prism);
  try {
    await waitForHttp(`${url}${probe.path}`, { child, headers: probe.headers });
  } catch (error) {
    await stop();
    throw new Error(`${error.message}\n${output}`);
  }
  return prism;
}

/** SIGTERM, then SIGKILL after `graceMs` if the process has not exited. */
export function stopProcess(child, graceMs = 3_000) {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}
