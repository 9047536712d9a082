// `npm run version-packages`: the one versioning command, run by changesets/action (its
// `version:` input) for the "Version Packages" pull request and by a maintainer by hand. It
// checks the release gates (a pending changeset that asks too little would make too small a
// version), then `changeset version` (the new version in package.json, CHANGELOG.md, the
// changesets consumed), then the release record of the new version (scripts/release/record.mjs),
// and checks the changelog has the new version. Commit everything it changed together.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { bin, quietEnv, root } from '../lib/tools.mjs';
import { checkTree, readChangesets } from './gates.mjs';

const fail = (message) => {
  console.error(`version-packages: ${message}`);
  process.exit(1);
};
const run = (command, args) => {
  const result = spawnSync(command, args, { cwd: root, env: quietEnv, stdio: ['ignore', 'inherit', 'inherit'] });
  if (result.status !== 0) fail(`${[command, ...args].join(' ')} failed (exit ${result.status ?? result.signal})`);
};
const versionOf = () => JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version;

const pending = readChangesets(root);
if (pending.length === 0) {
  console.error('version-packages: no changeset pending: nothing to version');
  process.exit(0);
}
run(process.execPath, ['scripts/bundle.mjs']);
const { problems } = checkTree(root, JSON.parse(readFileSync(join(root, 'dist', 'openapi.json'), 'utf8')));
if (problems.length)
  fail(
    `the release gates fail, so the changesets would make the wrong version; fix these first (npm run release:check lists everything):\n- ${problems.join('\n- ')}`,
  );
const before = versionOf();
run(bin('changeset'), ['version']);
const after = versionOf();
if (after === before) {
  console.error(
    `version-packages: the ${pending.length} pending changeset(s) were all empty: changeset version consumed them and made no new version (${before} stays); commit that`,
  );
  process.exit(0);
}
run(process.execPath, ['scripts/release/record.mjs']);
const changelog = readFileSync(join(root, 'CHANGELOG.md'), 'utf8');
if (!new RegExp(`^## ${after.replace(/\./g, '\\.')}$`, 'm').test(changelog))
  fail(`CHANGELOG.md has no "## ${after}" section after changeset version`);
console.error(
  `version-packages: ${before} -> ${after}: package.json, CHANGELOG.md, releases/${after}/ and the consumed changesets; commit them together ("Version Packages"), then \`npm run release\` publishes (the release workflow does it once that commit is on main)`,
);
