// Starts the whole mock: the simulator, Prism in proxy mode in front of it (so that
// every answer is checked against the spec), and the front. `mode: 'examples'` puts
// Prism's plain example mock behind the front instead. Used by `npm start`, the tests,
// the README samples and the benchmarks.
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, spawnPrism, stopProcess } from '../lib/prism.mjs';
import { root } from '../lib/tools.mjs';
import { startFront } from './front.mjs';
import { EXAMPLE_ACCOUNT } from './seed.mjs';
import { startSimulatorServer } from './server.mjs';

/** Polls Prism with a valid request (so that it logs no error) until it answers. */
async function waitForPrism(url, child, output, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  const probe = `${url}/accounts/${EXAMPLE_ACCOUNT}/topology/v1/appBackups?limit=1`;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`Prism exited with code ${child.exitCode}:\n${output()}`);
    try {
      const response = await fetch(probe, {
        headers: { authorization: 'Bearer readiness-probe', accept: 'application/json' },
        signal: AbortSignal.timeout(2_000),
      });
      await response.arrayBuffer();
      return;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  throw new Error(`Prism did not answer at ${url} within ${timeoutMs} ms:\n${output()}`);
}

/**
 * Starts the mock. Options: port (0: a free one), host, mode ('simulator' or
 * 'examples'), backupMs, allowedHosts, upstreamTimeoutMs, log, alarm, breakField
 * (tests: the simulator puts a wrong value in this field of every object answer),
 * prisms (how many Prism processes share the work; default 2, one per core here).
 */
export async function startMock({
  port = 0,
  host = '127.0.0.1',
  mode = 'simulator',
  backupMs = 20_000,
  allowedHosts = [],
  upstreamTimeoutMs,
  log,
  alarm,
  breakField,
  prisms = 2,
} = {}) {
  const spec = JSON.parse(readFileSync(join(root, 'dist', 'openapi.json'), 'utf8'));
  // Prism serves a copy: it restarts when the file it serves changes, and a build or a
  // second `npm start` rewrites dist/openapi.yaml.
  const scratch = mkdtempSync(join(tmpdir(), 'astra-mock-'));
  const specCopy = join(scratch, 'openapi.yaml');
  copyFileSync(join(root, 'dist', 'openapi.yaml'), specCopy);
  const frontPort = port || (await freePort());
  const shownHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
  const publicUrl = `http://${shownHost.includes(':') ? `[${shownHost}]` : shownHost}:${frontPort}`;

  const cleanups = [() => rmSync(scratch, { recursive: true, force: true })];
  const stop = async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  };
  try {
    let simulator;
    let target;
    if (mode === 'examples') target = ['mock', specCopy, '--errors'];
    else {
      simulator = await startSimulatorServer({ spec, backupMs, publicUrl, breakField });
      cleanups.push(() => simulator.close());
      target = ['proxy', specCopy, simulator.url, '--errors', '--validate-request', 'false'];
    }
    // Prism is single-threaded and the stack's bottleneck: `prisms` of them share the
    // work. The first answers as soon as it is up; the others join the rotation when ready.
    const started = [];
    const launch = async () => {
      const prismPort = await freePort();
      const child = spawnPrism([
        ...target,
        '--cors',
        'false',
        '--host',
        '127.0.0.1',
        '--port',
        String(prismPort),
        '-v',
        'warn',
      ]);
      let output = '';
      const keep = (d) => {
        output = (output + d).slice(-20_000);
      };
      child.stdout.on('data', keep);
      child.stderr.on('data', keep);
      cleanups.push(() => stopProcess(child));
      const url = `http://127.0.0.1:${prismPort}`;
      const prism = { child, url, output: () => output };
      started.push(prism);
      await waitForPrism(url, child, () => output);
      return prism;
    };
    const first = await launch();
    const front = await startFront({
      spec,
      port: frontPort,
      host,
      upstream: first.url,
      allowedHosts,
      ...(upstreamTimeoutMs ? { upstreamTimeoutMs } : {}),
      ...(log ? { log } : {}),
      ...(alarm ? { alarm } : {}),
    });
    cleanups.push(() => front.close());
    const joined = Promise.all(
      Array.from({ length: prisms - 1 }, () =>
        launch().then(
          (prism) => front.addUpstream(prism.url),
          () => undefined, // one Prism is enough to serve; a second that fails to start is not fatal
        ),
      ),
    );
    return {
      url: front.url,
      port: front.port,
      mode,
      prism: first.child,
      /** Every Prism started (those still starting included). */
      get prisms() {
        return started.map((p) => p.child);
      },
      /** Resolves when every Prism has joined the rotation. */
      ready: joined,
      prismUrl: first.url,
      simulatorUrl: simulator?.url,
      prismOutput: () => started.map((p) => p.output()).join('\n'),
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
