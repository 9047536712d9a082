// `MOCK=examples` (Prism's static mock of the spec behind the front), fuzzed briefly: no
// state to keep, but every answer must still be one the spec declares, and every refusal
// a 4xx problem (Prism's own 422 counts). No request may stop the mock.
import { afterAll, beforeAll, describe, it } from 'vitest';
import { type StartedMock, startMock } from '../../scripts/mock/start.mjs';
import type { Pools } from './arbitraries.js';
import { validRequestsAnswerAsDeclared } from './properties.js';
import { fuzz, httpTarget, settings, type Target } from './targets.js';

let mock: StartedMock;
let target: Target;
const pools: Pools = new Map();

beforeAll(async () => {
  mock = await startMock({ mode: 'examples', prisms: 1, alarm: () => {} });
  target = httpTarget('MOCK=examples', mock.url);
});
afterAll(async () => {
  await mock?.stop();
});

describe('MOCK=examples, fuzzed from the spec', () => {
  it('answers valid requests with a declared status and a body the schema accepts', async () => {
    await fuzz(validRequestsAnswerAsDeclared(target, pools), settings(40, 1_000));
  });
});
