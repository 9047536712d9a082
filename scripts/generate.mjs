// `npm run generate`: openapi-typescript on the bundled spec -> generated/openapi.ts.
// `--check`: generates into a scratch file and fails if generated/ differs (drift).
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { root, runTool } from './lib/tools.mjs';

const check = process.argv.includes('--check');
const target = join(root, 'generated', 'openapi.ts');
// `--bundled`: dist/openapi.{yaml,json} are fresh already (npm test bundles once).
if (!process.argv.includes('--bundled')) {
  const bundled = spawnSync(process.execPath, ['scripts/bundle.mjs'], { cwd: root, stdio: 'inherit' });
  if (bundled.status !== 0) process.exit(bundled.status ?? 1);
}

const scratch = check ? mkdtempSync(join(tmpdir(), 'astra-generate-')) : undefined;
const output = scratch ? join(scratch, 'openapi.ts') : target;
mkdirSync(join(root, 'generated'), { recursive: true });
runTool('openapi-typescript', ['dist/openapi.yaml', '--output', output, '--alphabetize=false'], { quiet: true });

if (scratch) {
  const fresh = readFileSync(output, 'utf8');
  let committed = '';
  try {
    committed = readFileSync(target, 'utf8');
  } catch {
    /* missing counts as drift */
  }
  rmSync(scratch, { recursive: true, force: true });
  if (fresh !== committed) {
    console.error('generated/openapi.ts differs from what the spec generates: run `npm run generate` and commit it.');
    process.exit(1);
  }
  console.log('generated/openapi.ts matches the spec');
} else {
  console.log('wrote generated/openapi.ts');
}
