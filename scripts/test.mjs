// `npm test`: builds what the tests read (bundled spec, docs page), checks the
// generated types have not drifted, type-checks, then runs every vitest suite and
// ends with the plain line `N passed, N failed` that CI reads.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bin, quietEnv, root } from './lib/tools.mjs';

function step(title, command, args) {
  console.log(`\n== ${title}`);
  const result = spawnSync(command, args, { cwd: root, env: quietEnv, stdio: 'inherit' });
  if (result.status !== 0) {
    console.log(`\n${title} failed.\n0 passed, 1 failed`);
    process.exit(result.status || 1);
  }
}

step('build the spec, SDK and CLI', process.execPath, ['scripts/build.mjs']);
if (existsSync(join(root, 'scripts', 'generate.mjs'))) step('generated types match the spec', process.execPath, ['scripts/generate.mjs', '--check']);
step('build the docs page', process.execPath, ['scripts/docs.mjs']);
step('type-check', bin('tsc'), ['-p', 'tsconfig.json']);

const scratch = mkdtempSync(join(tmpdir(), 'astra-vitest-'));
const report = join(scratch, 'report.json');
console.log('\n== vitest');
const run = spawnSync(bin('vitest'), ['run', '--project', 'unit', '--project', 'contract', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`, ...process.argv.slice(2)], {
  cwd: root, env: quietEnv, stdio: 'inherit',
});
let passed = 0;
let failed = run.status === 0 ? 0 : 1;
if (existsSync(report)) {
  const results = JSON.parse(readFileSync(report, 'utf8'));
  passed = results.numPassedTests;
  failed = results.numFailedTests + (results.numFailedTestSuites > 0 && results.numFailedTests === 0 ? 1 : 0);
  if (results.numTotalTests === 0) failed = Math.max(failed, 1);
}
rmSync(scratch, { recursive: true, force: true });
console.log(`\n${passed} passed, ${failed} failed`);
process.exit(run.status === 0 && failed === 0 ? 0 : 1);
