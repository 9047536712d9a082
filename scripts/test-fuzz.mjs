// `npm run test:fuzz`: the long fuzz run, by hand or after `npm test` in CI. The same
// properties as `npm test` runs (test/fuzz/), with FUZZ_RUNS runs each (default 500; `npm
// test` makes about 100) and FUZZ_SEED (default the fixed seed of `npm test`; give another
// to explore). Bundles the spec first, as the tests read dist/openapi.json. Ends with the
// plain line CI reads: `N passed, N failed`.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bin, quietEnv, root } from './lib/tools.mjs';

const run = (command, args, env) =>
  new Promise((resolve) => {
    const child = spawn(command, args, { cwd: root, env, stdio: ['ignore', 'inherit', 'inherit'] });
    child.on('close', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });

const env = { ...quietEnv, FUZZ_RUNS: process.env.FUZZ_RUNS ?? '500' };
if (process.env.FUZZ_SEED) env.FUZZ_SEED = process.env.FUZZ_SEED;
console.log(`fuzz: FUZZ_RUNS=${env.FUZZ_RUNS} FUZZ_SEED=${env.FUZZ_SEED ?? '(the fixed seed of npm test)'}`);

if ((await run(process.execPath, ['scripts/bundle.mjs'], quietEnv)) !== 0) {
  console.log('\nbundling the spec failed.\n0 passed, 1 failed');
  process.exit(1);
}
const scratch = mkdtempSync(join(tmpdir(), 'astra-fuzz-'));
const report = join(scratch, 'report.json');
const code = await run(
  bin('vitest'),
  ['run', '--project', 'unit', 'test/fuzz/', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`],
  env,
);
let passed = 0;
let failed = code === 0 ? 0 : 1;
if (existsSync(report)) {
  const results = JSON.parse(readFileSync(report, 'utf8'));
  passed = results.numPassedTests;
  failed = results.numFailedTests + (results.numFailedTestSuites > 0 && results.numFailedTests === 0 ? 1 : 0);
  if (results.numTotalTests === 0) failed = Math.max(failed, 1);
}
rmSync(scratch, { recursive: true, force: true });
console.log(`\n${passed} passed, ${failed} failed`);
process.exit(code === 0 && failed === 0 ? 0 : 1);
