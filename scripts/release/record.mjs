// `npm run release:record`: records the working tree as the release of package.json's
// version: releases/<version>/release.json (version, commit, date, the spec's versions and
// contract hash) and releases/<version>/openapi.json (the contract it shipped). The release
// workflow runs it in `npm run version`, right after `changeset version`; every gate then
// compares the tree with the newest record. `--commit <sha>` names another commit than HEAD.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { contractOf, specInfo } from '../lib/contract.mjs';
import { root } from '../lib/tools.mjs';

const at = process.argv.indexOf('--commit');
const commit = execFileSync('git', ['rev-parse', at > 0 ? (process.argv[at + 1] ?? '') : 'HEAD'], {
  cwd: root,
  encoding: 'utf8',
}).trim();
// The contract as the source has it, bundled afresh (not a dist/ that may be stale).
execFileSync(process.execPath, ['scripts/bundle.mjs'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
const spec = JSON.parse(readFileSync(join(root, 'dist', 'openapi.json'), 'utf8'));
const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const { apiVersion, resourceVersion, contractSha256 } = specInfo(spec);
const dir = join(root, 'releases', version);
mkdirSync(dir, { recursive: true });
const record = {
  version,
  commit,
  date: new Date().toISOString().slice(0, 10),
  apiVersion,
  resourceVersion,
  contractSha256,
  spec: 'openapi.json',
};
writeFileSync(join(dir, 'release.json'), `${JSON.stringify(record, null, 2)}\n`);
writeFileSync(join(dir, 'openapi.json'), `${JSON.stringify(contractOf(spec), null, 2)}\n`);
console.error(`recorded release ${version} at ${commit.slice(0, 12)} in releases/${version}/`);
