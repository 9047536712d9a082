// Runs vitest over some tests as a suite of its own (after `npm test`, in CI), and ends
// with the plain line CI reads: `N passed, N failed`. The spec is bundled first, as the
// tests read dist/openapi.json.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bin, quietEnv, root, runProcess } from './tools.mjs';

const run = async (command, args, env) =>
  (await runProcess(command, args, { cwd: root, env, detached: false, show: true })).code;

/** Runs `vitest run ...args` with `env`; prints the closing line and exits with the suite's verdict. */
export async function runSuite(args, env = quietEnv) {
  if ((await run(process.execPath, ['scripts/bundle.mjs'], quietEnv)) !== 0) {
    console.log('\nbundling the spec failed.\n0 passed, 1 failed');
    process.exit(1);
  }
  const scratch = mkdtempSync(join(tmpdir(), 'astra-suite-'));
  const report = join(scratch, 'report.json');
  const code = await run(
    bin('vitest'),
    ['run', ...args, '--reporter=default', '--reporter=json', `--outputFile.json=${report}`],
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
  // vitest failed without a failed test (an unhandled error in a file): the line says so too.
  if (code !== 0) failed = Math.max(failed, 1);
  rmSync(scratch, { recursive: true, force: true });
  console.log(`\n${passed} passed, ${failed} failed`);
  process.exit(code === 0 && failed === 0 ? 0 : 1);
}
