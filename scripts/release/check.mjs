// `npm run release:check`: the changeset and spec gates on the working tree (the bundled
// spec in dist/ must be fresh: `npm run bundle`). test/release/gates.test.ts runs the same in `npm test`.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { root } from '../lib/tools.mjs';
import { checkTree } from './gates.mjs';

const spec = JSON.parse(readFileSync(join(root, 'dist', 'openapi.json'), 'utf8'));
const { release, changed, changesets, breaking, nonBreaking, problems } = checkTree(root, spec);
console.log(`since release ${release.version} (${release.commit.slice(0, 12)}):`);
console.log(`  ${changed.length} changed file(s) under src/ and openapi/; ${changesets.length} changeset(s)`);
for (const line of breaking) console.log(`  breaking: ${line}`);
for (const line of nonBreaking) console.log(`  not breaking: ${line}`);
for (const problem of problems) console.error(`release gate: ${problem}`);
process.exit(problems.length ? 1 : 0);
