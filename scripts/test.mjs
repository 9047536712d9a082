// `npm test`: bundles the spec once; then, in parallel, builds the SDK and CLI, checks
// the generated types have not drifted; then runs every vitest
// suite with the type-check and Biome beside it. Prints the time of each step and the slowest test
// files, and ends with the plain line CI reads: `N passed, N failed[, N skipped]`.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { bin, quietEnv, root, runProcess } from './lib/tools.mjs';

const timings = [];

/** Runs one step with its output captured (printed at the end of the step), or shown as it comes. */
async function step(title, command, args, { inherit = false } = {}) {
  const started = performance.now();
  // In this process's group, so that a Ctrl-C reaches every step.
  const { code, stdout, stderr } = await runProcess(command, args, {
    cwd: root,
    env: quietEnv,
    detached: false,
    show: inherit,
  });
  if (!inherit) process.stdout.write(`\n== ${title} (${seconds(started)} s)\n${(stdout + stderr).trimEnd()}\n`);
  timings.push([title, (performance.now() - started) / 1000]);
  return { title, ok: code === 0, code };
}

const seconds = (started) => ((performance.now() - started) / 1000).toFixed(1);

function fail(titles) {
  console.log(`\n${titles.join(', ')} failed.\n0 passed, 1 failed`);
  process.exit(1);
}

const node = process.execPath;
const bundled = await step('bundle the spec', node, ['scripts/bundle.mjs']);
if (!bundled.ok) fail([bundled.title]);
// What the tests read first (the package, the generated types; the docs site is built and
// checked by `npm run test:extended`)...
const builds = await Promise.all([
  step('build the SDK and CLI', node, ['scripts/build.mjs', '--bundled']),
  step('generated types match the spec', node, ['scripts/generate.mjs', '--check', '--bundled']),
]);
const failedBuilds = builds.filter((c) => !c.ok).map((c) => c.title);
if (failedBuilds.length) fail(failedBuilds);

// ...then the tests, with the type-check, Biome and the API report check beside them (none writes anything).
const scratch = mkdtempSync(join(tmpdir(), 'astra-vitest-'));
const report = join(scratch, 'report.json');
console.log('\n== vitest (type-check and Biome run beside it; their output comes after)');
const args = ['run', '--project', 'unit', '--project', 'contract', '--project', 'contract-simulator'];
args.push('--reporter=default', '--reporter=json');
const [run, ...checks] = await Promise.all([
  step('vitest', bin('vitest'), [...args, `--outputFile.json=${report}`, ...process.argv.slice(2)], { inherit: true }),
  step('type-check', bin('tsc'), ['-p', 'tsconfig.json']),
  step('format and lint (Biome)', bin('biome'), ['ci', '--reporter=summary', '.']),
  step('API report (api-extractor)', node, ['scripts/release/api-report.mjs']),
]);

let passed = 0;
let failed = run.ok ? 0 : 1;
let skipped = 0;
if (existsSync(report)) {
  const results = JSON.parse(readFileSync(report, 'utf8'));
  passed = results.numPassedTests;
  skipped = results.numPendingTests + results.numTodoTests;
  failed = results.numFailedTests + (results.numFailedTestSuites > 0 && results.numFailedTests === 0 ? 1 : 0);
  if (results.numTotalTests === 0) failed = Math.max(failed, 1);
  const files = results.testResults
    .map((file) => [relative(root, file.name), (file.endTime - file.startTime) / 1000])
    .sort((a, b) => b[1] - a[1])
    .slice(0, 5);
  console.log('\nslowest test files:');
  for (const [name, seconds] of files) console.log(`  ${seconds.toFixed(1).padStart(6)} s  ${name}`);
}
rmSync(scratch, { recursive: true, force: true });
// vitest failed without a failed test (an unhandled error in a file): the line says so too.
if (!run.ok) failed = Math.max(failed, 1);
console.log('\nsteps:');
for (const [title, seconds] of timings) console.log(`  ${seconds.toFixed(1).padStart(6)} s  ${title}`);
// A failed type-check or lint counts as one failed test, so that the line CI reads shows it.
const failedChecks = checks.filter((c) => !c.ok).map((c) => c.title);
if (failedChecks.length) console.log(`\n${failedChecks.join(', ')} failed.`);
failed += failedChecks.length;
console.log(`\n${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(run.ok && failed === 0 ? 0 : 1);
