// `npm run release:check [-- --base <commit>]`: the release gates on the working tree (the
// bundled spec in dist/ must be fresh: `npm run bundle`; the API models in api-report/ are the
// committed ones, which npm test checks against the build). Lists each changed file, each
// classified change with the bump it needs, and each judged commit. `--base` gives a CI range's
// base (a pull request's): commits before it are not judged. test/release/gates.test.ts runs the
// same in `npm test`.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { root } from '../lib/tools.mjs';
import { checkTree } from './gates.mjs';

const at = process.argv.indexOf('--base');
const base = at > 0 ? process.argv[at + 1] : process.env.RELEASE_GATE_BASE || undefined;
const spec = JSON.parse(readFileSync(join(root, 'dist', 'openapi.json'), 'utf8'));
let result;
try {
  result = checkTree(root, spec, { base });
} catch (error) {
  console.error(`release gate: ${error.message}`);
  process.exit(1);
}
const { release, changed, changes, required, changesets, steps, problems } = result;
console.log(`since release ${release.version} (${release.commit.slice(0, 12)}):`);
console.log(`  ${changed.length} changed file(s) users get:`);
for (const file of changed) console.log(`    ${file}`);
console.log(`  ${changes.length} classified change(s):`);
for (const c of changes) console.log(`    ${c.bump.padEnd(5)} (${c.kind}) ${c.change}`);
console.log(`  the policy asks for: ${required === 'none' ? 'no release (an empty changeset)' : required}`);
console.log(`  ${changesets.length} pending changeset(s):`);
for (const c of changesets) console.log(`    ${c.bump.padEnd(5)} ${c.file}`);
console.log(`each commit judged (since the baseline of scripts/release/config.json${base ? ` and ${base}` : ''}):`);
for (const step of steps) {
  console.log(
    `  ${step.label}: needs ${step.required}; its changesets: ${step.changesets.map((c) => `${c.file} (${c.bump})`).join(', ') || 'none'}`,
  );
  for (const file of step.files) console.log(`    ${file}`);
  for (const c of step.changes) console.log(`    ${c.bump.padEnd(5)} (${c.kind}) ${c.change}`);
}
for (const problem of problems) console.error(`release gate: ${problem}`);
if (!problems.length) console.log('the release gates pass');
process.exit(problems.length ? 1 : 0);
