// The simulator core, fuzzed in this process for volume: requests generated from the
// bundled spec, valid and invalid, one by one and as create -> get -> list -> delete
// sequences, on a clock the test holds (frozen while invalid requests are sent, so that
// "nothing changed" compares like with like).
import fc from 'fast-check';
import { describe, it } from 'vitest';
import { createAstraSimulator, EXAMPLE_ACCOUNT } from '../../src/mock/index.js';
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
// The seeded account (the spec's example) and one that starts empty.
const ACCOUNTS = [EXAMPLE_ACCOUNT, '00000000-0000-4000-8000-00000000f022'];

/** The simulator core, on a clock the test moves; an answer it finds breaking the spec fails the run. */
function simulator() {
  const clock = { t: START };
  const violations: string[] = [];
  const sim = createAstraSimulator({
    backupMs: BACKUP_MS,
    now: () => clock.t,
    onViolation: (v) => violations.push(`${v.operationId} ${v.status}: ${v.errors.join('; ')}`),
  });
  const handle = async (request: Request) => {
    const response = await sim.handle(request);
    if (violations.length) throw new Error(`the simulator broke the spec: ${violations.splice(0).join(' | ')}`);
    return response;
  };
  return { target: handlerTarget('simulator core', handle), clock, sim };
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
    const { target, clock, sim } = simulator();
    await fuzz(
      fc.asyncProperty(lifecycleCommands(BACKUP_MS, true), async (commands) => {
        sim.reset();
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
