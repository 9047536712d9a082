// `npm run test:contract:live`: the contract suite through `prism proxy --errors`
// in front of a real Astra. Needs ASTRA_URL, ASTRA_ACCOUNT_ID and ASTRA_TOKEN;
// says clearly that it skipped without them.
import { spawnSync } from 'node:child_process';
import { bin, quietEnv, root } from './lib/tools.mjs';

const missing = ['ASTRA_URL', 'ASTRA_ACCOUNT_ID', 'ASTRA_TOKEN'].filter((name) => !process.env[name]);
if (missing.length) {
  console.log(
    `SKIPPED: the live contract suite needs ${missing.join(', ')} (a real Astra to proxy). Nothing was tested.`,
  );
  process.exit(0);
}
const bundled = spawnSync(process.execPath, ['scripts/bundle.mjs'], { cwd: root, stdio: 'inherit' });
if (bundled.status !== 0) process.exit(bundled.status ?? 1);
console.log(`Live contract suite: prism proxy --errors -> ${process.env.ASTRA_URL}`);
const run = spawnSync(bin('vitest'), ['run', '--project', 'live'], { cwd: root, env: quietEnv, stdio: 'inherit' });
process.exit(run.status ?? 1);
