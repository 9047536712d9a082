// Bundles the split spec under openapi/ into one file, as YAML and as JSON, in dist/.
// A file is replaced only when its content changed, and atomically (rename): Prism
// watches the file it serves and restarts when it is rewritten, so a bundle run by one
// test or a second `npm start` must not disturb a Prism already serving it.
import { mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { root, runTool } from './lib/tools.mjs';

const dist = join(root, 'dist');
mkdirSync(dist, { recursive: true });
const scratch = mkdtempSync(join(dist, '.bundle-'));
try {
  for (const ext of ['yaml', 'json']) {
    const fresh = join(scratch, `openapi.${ext}`);
    runTool('redocly', ['bundle', 'openapi/openapi.yaml', '--output', fresh], { quiet: true });
    const target = join(dist, `openapi.${ext}`);
    let current;
    try {
      current = readFileSync(target);
    } catch {
      current = undefined;
    }
    if (!current?.equals(readFileSync(fresh))) renameSync(fresh, target);
  }
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
console.log('bundled openapi/openapi.yaml -> dist/openapi.yaml, dist/openapi.json');
