// `npm run bench`: builds the package, then runs bench/run.mjs with the GC exposed
// (for the streaming benchmark's heap baseline), then bench/control.mjs (what the
// simulator's control layer costs a request while unused; bench/CONTROL.md), then
// bench/limits.mjs (the simulator's bounds: the longest list, reads, the largest state).
import { spawnSync } from 'node:child_process';
import { quietEnv, root } from './lib/tools.mjs';

const built = spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: root, env: quietEnv, stdio: 'inherit' });
if (built.status !== 0) process.exit(built.status ?? 1);
const run = spawnSync(process.execPath, ['--expose-gc', 'bench/run.mjs'], {
  cwd: root,
  env: quietEnv,
  stdio: 'inherit',
});
if (run.status !== 0) process.exit(run.status ?? 1);
console.log('\n## Simulator control, unused: throughput over the bare core (target >= 0.95)');
const control = spawnSync(process.execPath, ['bench/control.mjs'], { cwd: root, env: quietEnv, stdio: 'inherit' });
if (control.status !== 0) process.exit(control.status ?? 1);
console.log('\n## Simulator limits: the longest list, 50k reads, the largest state');
const limits = spawnSync(process.execPath, ['bench/limits.mjs'], { cwd: root, env: quietEnv, stdio: 'inherit' });
process.exit(limits.status ?? 1);
