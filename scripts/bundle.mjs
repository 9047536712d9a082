// Bundles the split spec under openapi/ into one file, as YAML and as JSON, in dist/,
// with every operation's code samples (scripts/code-samples.mjs) as `x-codeSamples`.
// A file is replaced only when its content changed, and atomically (rename): Prism
// watches the file it serves and restarts when it is rewritten, so a bundle run by one
// test or a second `npm start` must not disturb a Prism already serving it.
import { mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { codeSamples } from './code-samples.mjs';
import { root, runTool } from './lib/tools.mjs';

const dist = join(root, 'dist');
mkdirSync(dist, { recursive: true });
const scratch = mkdtempSync(join(dist, '.bundle-'));
try {
  const bundled = join(scratch, 'bundled.json');
  runTool('redocly', ['bundle', 'openapi/openapi.yaml', '--output', bundled], { quiet: true });
  const spec = JSON.parse(readFileSync(bundled, 'utf8'));
  const samples = codeSamples();
  for (const item of Object.values(spec.paths))
    for (const operation of Object.values(item))
      if (operation?.operationId) {
        const these = samples[operation.operationId];
        if (!these) throw new Error(`scripts/code-samples.mjs has no samples for ${operation.operationId}`);
        operation['x-codeSamples'] = these;
      }
  const outputs = {
    'openapi.json': `${JSON.stringify(spec, null, 2)}\n`,
    'openapi.yaml': stringify(spec, { lineWidth: 0 }),
  };
  for (const [name, text] of Object.entries(outputs)) {
    const target = join(dist, name);
    let current;
    try {
      current = readFileSync(target, 'utf8');
    } catch {
      current = undefined;
    }
    if (current === text) continue;
    const fresh = join(scratch, name);
    writeFileSync(fresh, text);
    renameSync(fresh, target);
  }
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
console.error('bundled openapi/openapi.yaml -> dist/openapi.yaml, dist/openapi.json (with x-codeSamples)');
