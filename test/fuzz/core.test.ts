// The simulator core, fuzzed in this process for volume: requests generated from the
// bundled spec, valid and invalid, one by one and as create -> get -> list -> delete
// sequences, on a clock the test holds (frozen while invalid requests are sent, so that
// "nothing changed" compares like with like).
import fc from 'fast-check';
import { describe, it } from 'vitest';
import { createSimulator } from '../../scripts/mock/simulator.mjs';
import { spec } from './operations.js';
import {
  headIsGetWithoutBody,
  invalidRequestsAreRefused,
  lifecycleCommands,
  lifecycleModel,
  unsupportedMethodsGet405,
  validRequestsAnswerAsDeclared,
} from './properties.js';
import { fuzz, handlerTarget, poolsOf, settings } from './targets.js';

const BACKUP_MS = 10_000;
const START = Date.parse('2026-12-01T00:00:00Z');
// The spec's example account (seeded with backups) and one that starts empty.
const ACCOUNTS = ['9ff53b28-2a88-4b1c-8b4a-2d3c1a4f0b5e', '00000000-0000-4000-8000-00000000f022'];

/** The simulator behind a Fetch handler, on a clock the test moves. */
function simulator() {
  const clock = { t: START };
  const sim = createSimulator({ spec, backupMs: BACKUP_MS, publicUrl: 'http://simulator.test', now: () => clock.t });
  const handle = async (request: Request) => {
    const url = new URL(request.url);
    const headers: Record<string, string> = {};
    request.headers.forEach((value, key) => {
      headers[key] = value;
    });
    const body = Buffer.from(await request.arrayBuffer());
    const answer = sim.handle({ method: request.method, path: url.pathname, query: url.searchParams, headers, body });
    const text = answer.body === undefined ? null : JSON.stringify(answer.body);
    return new Response(request.method === 'HEAD' ? null : text, { status: answer.status, headers: answer.headers });
  };
  return { target: handlerTarget('simulator core', handle), clock };
}

describe('the simulator core, fuzzed from the spec', () => {
  it('answers valid requests with a declared status and a body the schema accepts', async () => {
    const { target } = simulator();
    const pools = await poolsOf(target, ACCOUNTS);
    await fuzz(validRequestsAnswerAsDeclared(target, pools), settings(1_000, 2_000));
  });

  it('refuses invalid requests with a 4xx problem and changes nothing', async () => {
    const { target } = simulator();
    const pools = await poolsOf(target, ACCOUNTS);
    await fuzz(invalidRequestsAreRefused(target, pools, { accounts: ACCOUNTS }), settings(600, 3_000));
  });

  it('answers methods the spec does not give a path with 405 and Allow', async () => {
    const { target } = simulator();
    const pools = await poolsOf(target, ACCOUNTS);
    // A Fetch Request cannot carry TRACE or CONNECT: the HTTP targets send those.
    await fuzz(unsupportedMethodsGet405(target, pools, ['PUT', 'PATCH', 'POST', 'DELETE']), settings(100, 500));
  });

  it('answers HEAD as the GET without a body', async () => {
    const { target } = simulator();
    const pools = await poolsOf(target, ACCOUNTS);
    await fuzz(headIsGetWithoutBody(target, pools), settings(100, 500));
  });

  it('keeps create, get, list and delete consistent over any sequence', async () => {
    let run = 0;
    await fuzz(
      fc.asyncProperty(lifecycleCommands(BACKUP_MS, true), async (commands) => {
        const { target, clock } = simulator();
        run++;
        const id = (k: number) => `00000000-0000-4000-8000-${(run * 16 + k).toString(16).padStart(12, '0')}`;
        const model = lifecycleModel(id(0), [id(1), id(2), id(3)], () => clock.t);
        const advance = (ms: number) => {
          clock.t += ms;
        };
        await fc.asyncModelRun(() => ({ model, real: { target, backupMs: BACKUP_MS, advance } }), commands);
      }),
      settings(100, 2_500),
    );
  });
});
