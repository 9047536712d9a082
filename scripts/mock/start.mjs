// Starts the whole mock: the simulator, Prism in proxy mode in front of it (so that
// every answer is checked against the spec), and the front. `mode: 'examples'` puts
// Prism's plain example mock behind the front instead. Used by `npm start`, the tests,
// the README samples and the benchmarks.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { freePort, startPrism } from '../lib/prism.mjs';
import { root } from '../lib/tools.mjs';
import { createAstraSimulator, EXAMPLE_ACCOUNT } from './core.mjs';
import { startFront } from './front.mjs';
import { startSimulatorServer } from './server.mjs';

// Prism is probed with a valid request, so that its readiness leaves no error in its log.
const PROBE = {
  path: `/accounts/${EXAMPLE_ACCOUNT}/topology/v1/appBackups?limit=1`,
  headers: { authorization: 'Bearer readiness-probe', accept: 'application/json' },
};

/**
 * Starts the mock. Options: port (0: a free one), host, mode ('simulator' or
 * 'examples'), backupMs, allowedHosts, upstreamTimeoutMs, log, alarm, breakField
 * (tests: the simulator puts a wrong value in this field of every object answer),
 * prisms (how many Prism processes share the work; default 2, one per core here),
 * seed and controlToken (the simulator's control: see the packaged server's options).
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
  seed,
  controlToken,
} = {}) {
  const spec = JSON.parse(readFileSync(join(root, 'dist', 'openapi.json'), 'utf8'));
  const frontPort = port || (await freePort());

  const cleanups = [];
  const stop = async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  };
  try {
    // One simulator core: behind Prism, and in the front for what Prism cannot answer.
    const report = alarm ?? ((line) => console.error(line));
    const core = createAstraSimulator({
      backupMs,
      ...(seed === undefined ? {} : { seed }),
      onViolation: ({ operationId, status, errors }) =>
        report(
          `\u2716 SPEC VIOLATION: the simulator's ${status} answer to ${operationId} broke the spec:\n  ${errors.join('\n  ')}`,
        ),
    });
    let simulator;
    if (mode !== 'examples') {
      simulator = await startSimulatorServer({ simulator: core, breakField });
      cleanups.push(() => simulator.close());
    }
    // Prism is single-threaded and the stack's bottleneck: `prisms` of them share the
    // work. The first answers as soon as it is up; the others join the rotation when ready.
    const started = [];
    const launch = () =>
      startPrism({
        // The simulator checks requests itself, to answer each mistake with Astra's problem.
        ...(simulator ? { upstream: simulator.url, validateRequest: false } : {}),
        cors: false,
        extraArgs: ['-v', 'warn'],
        probe: PROBE,
        onStart: (prism) => {
          started.push(prism);
          cleanups.push(prism.stop);
        },
      });
    const first = await launch();
    const front = await startFront({
      spec,
      core,
      stateful: mode !== 'examples',
      ...(controlToken ? { controlToken } : {}),
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
      simulator: core,
      prismOutput: () => started.map((p) => p.output()).join('\n'),
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
