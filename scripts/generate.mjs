// `npm run generate`: from the bundled spec, openapi-typescript's types -> generated/openapi.ts,
// and the response checker -> generated/checks.ts (scripts/lib/checks.mjs).
// `--check`: generates into a scratch folder and fails if generated/ differs (drift).
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checksSource } from './lib/checks.mjs';
import { mockSpecSources } from './lib/mock-spec.mjs';
import { root, runTool } from './lib/tools.mjs';

const check = process.argv.includes('--check');
// `--bundled`: dist/openapi.{yaml,json} are fresh already (npm test bundles once).
if (!process.argv.includes('--bundled')) {
  const bundled = spawnSync(process.execPath, ['scripts/bundle.mjs'], { cwd: root, stdio: 'inherit' });
  if (bundled.status !== 0) process.exit(bundled.status ?? 1);
}

const scratch = check ? mkdtempSync(join(tmpdir(), 'astra-generate-')) : undefined;
const outDir = scratch ?? join(root, 'generated');
mkdirSync(join(root, 'generated'), { recursive: true });
runTool('openapi-typescript', ['dist/openapi.yaml', '--output', join(outDir, 'openapi.ts'), '--alphabetize=false'], {
  quiet: true,
});
const bundledSpec = JSON.parse(readFileSync(join(root, 'dist', 'openapi.json'), 'utf8'));
writeFileSync(join(outDir, 'checks.ts'), checksSource(bundledSpec));
// The simulator core's spec data and validators (src/mock/).
const mock = mockSpecSources(bundledSpec);
writeFileSync(join(outDir, 'mock-validators.js'), mock.jsSource);
writeFileSync(join(outDir, 'mock-validators.d.ts'), mock.dtsSource);
writeFileSync(join(outDir, 'mock-spec.ts'), mock.dataSource);

const FILES = ['openapi.ts', 'checks.ts', 'mock-validators.js', 'mock-validators.d.ts', 'mock-spec.ts'];
if (scratch) {
  const drifted = FILES.filter((file) => {
    let committed = '';
    try {
      committed = readFileSync(join(root, 'generated', file), 'utf8');
    } catch {
      /* missing counts as drift */
    }
    return readFileSync(join(scratch, file), 'utf8') !== committed;
  });
  rmSync(scratch, { recursive: true, force: true });
  if (drifted.length) {
    console.error(
      `${drifted.map((f) => `generated/${f}`).join(', ')} differ from what the spec generates: run \`npm run generate\` and commit.`,
    );
    process.exit(1);
  }
  console.log(`${FILES.map((f) => `generated/${f}`).join(', ')} match the spec`);
} else {
  console.log(`wrote ${FILES.map((f) => `generated/${f}`).join(', ')}`);
}
