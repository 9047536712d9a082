// `npm run test:fuzz`: the long fuzz run, by hand or after `npm test` in CI. The same
// properties as `npm test` runs (test/fuzz/), with FUZZ_RUNS runs each (default 500; `npm
// test` makes about 100) and FUZZ_SEED (default the fixed seed of `npm test`; give another
// to explore). Ends with the plain line CI reads: `N passed, N failed`.

import { runSuite } from './lib/suite.mjs';
import { quietEnv } from './lib/tools.mjs';

const env = { ...quietEnv, FUZZ_RUNS: process.env.FUZZ_RUNS ?? '500' };
if (process.env.FUZZ_SEED) env.FUZZ_SEED = process.env.FUZZ_SEED;
console.log(`fuzz: FUZZ_RUNS=${env.FUZZ_RUNS} FUZZ_SEED=${env.FUZZ_SEED ?? '(the fixed seed of npm test)'}`);
await runSuite(['--project', 'unit', 'test/fuzz/'], env);
