// Bundles the split spec under openapi/ into one file, as YAML and as JSON, in dist/.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { root, runTool } from './lib/tools.mjs';

mkdirSync(join(root, 'dist'), { recursive: true });
for (const ext of ['yaml', 'json']) {
  runTool('redocly', ['bundle', 'openapi/openapi.yaml', '--output', `dist/openapi.${ext}`], { quiet: true });
}
console.log('bundled openapi/openapi.yaml -> dist/openapi.yaml, dist/openapi.json');
