// Starts `npm start`'s mock in this process, for the tests, the docs samples and the
// benchmarks: the packaged server (src/mock-server) with Prism's check as its step
// (prism-step.mjs). `mode: 'examples'` has Prism's example mock answer instead of the
// simulator. `scripts/mock.mjs` runs the same through the `astra-backups mock` command.
import { join } from 'node:path';
import { root } from '../lib/tools.mjs';
import { createAstraSimulator, startMockServer } from './core.mjs';
import { prismStep } from './prism-step.mjs';

/** The bundled spec Prism checks against (npm start bundles it when it is stale). */
export const SPEC_PATH = join(root, 'dist', 'openapi.json');

/**
 * Starts the mock. Options: port (0: a free one), host, mode ('simulator' or 'examples'),
 * backupMs, allowedHosts, log, alarm, seed, controlToken (as the packaged server's), and
 * breakField (tests: a wrong value is put in this field of every object answer after the
 * simulator, to show that Prism's check catches what the core did not make).
 */
export async function startMock({
  port = 0,
  host = '127.0.0.1',
  mode = 'simulator',
  backupMs,
  allowedHosts = [],
  log,
  alarm = (line) => console.error(line),
  breakField,
  seed,
  controlToken,
  graceMs,
} = {}) {
  const step = await prismStep({
    specPath: SPEC_PATH,
    mode,
    alarm,
    ...(breakField ? { tamper: (response) => breakAnswer(response, breakField) } : {}),
  });
  const simulator = createAstraSimulator({
    ...(backupMs === undefined ? {} : { backupMs }),
    ...(seed === undefined ? {} : { seed }),
    onViolation: ({ operationId, status, errors }) =>
      alarm(
        `\u2716 SPEC VIOLATION: the simulator's ${status} answer to ${operationId} broke the spec:\n  ${errors.join('\n  ')}`,
      ),
  });
  const server = await startMockServer({
    port,
    host,
    allowedHosts,
    simulator,
    step,
    alarm,
    ...(log ? { log } : {}),
    ...(controlToken ? { controlToken } : {}),
    ...(graceMs === undefined ? {} : { graceMs }),
  });
  return { url: server.url, port: server.port, mode, simulator, stop: () => server.close() };
}

async function breakAnswer(response, field) {
  if (!response.headers.get('content-type')?.includes('json')) return response;
  const answer = await response.json();
  if (answer && typeof answer === 'object' && !Array.isArray(answer)) answer[field] = { broken: true };
  return new Response(JSON.stringify(answer), { status: response.status, headers: response.headers });
}
