// `npm run build`: the bundled spec, then the SDK (ESM, CJS, declarations) and the CLI into dist/.
// Build logs go to stderr: `npm pack --json` prints whatever prepack writes to stdout before its JSON.
import { spawnSync } from 'node:child_process';
import { root, runTool } from './lib/tools.mjs';

// `--bundled`: dist/openapi.{yaml,json} are fresh already (npm test bundles once).
if (!process.argv.includes('--bundled')) {
  const bundled = spawnSync(process.execPath, ['scripts/bundle.mjs'], { cwd: root, stdio: 'inherit' });
  if (bundled.status !== 0) process.exit(bundled.status ?? 1);
}
runTool('tsup', [], { quiet: true });
console.error('built dist/index.js, dist/index.cjs, dist/index.d.ts, dist/index.d.cts, dist/query.*, dist/cli.js');
