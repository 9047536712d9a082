// `npm run release:record`: records the working tree as the release of package.json's
// version, once: releases/<version>/release.json (version, commit, date, the spec's versions and
// contract hash), releases/<version>/openapi.json (the contract it shipped) and each entry's
// API Extractor model (<entry>.api.json, copied from api-report/, which npm test keeps equal to
// the build). `npm run version-packages` runs it right after `changeset version`; every gate
// then compares the tree with the newest record. A version that has a record is refused:
// records only grow. `--commit <sha>` names another commit than HEAD.
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { contractOf, specInfo } from '../lib/contract.mjs';
import { root as projectRoot } from '../lib/tools.mjs';

// api-report.mjs's folder (not imported from there: that loads API Extractor).
const REPORTS = 'api-report';

/**
 * Writes the record of `version` under `root`/releases/ from `spec` (bundled) and the models
 * in `root`/api-report/; throws, writing nothing, when that version has a record already.
 */
export function recordRelease({ root, version, commit, spec, date = new Date().toISOString().slice(0, 10) }) {
  const dir = join(root, 'releases', version);
  if (existsSync(dir) && readdirSync(dir).length > 0)
    throw new Error(
      `release ${version} is recorded already (releases/${version}/): a record is written once. Bump the version first (\`npx changeset\`, then \`npm run version-packages\`), or restore the record from git if it was changed (git checkout HEAD -- releases/${version})`,
    );
  const reports = join(root, REPORTS);
  const models = existsSync(reports) ? readdirSync(reports).filter((f) => f.endsWith('.api.json')) : [];
  if (models.length === 0)
    throw new Error(`no API models in ${REPORTS}/ to record: run \`npm run api:report\` and commit them first`);
  const { apiVersion, resourceVersion, contractSha256 } = specInfo(spec);
  mkdirSync(dir, { recursive: true });
  const record = { version, commit, date, apiVersion, resourceVersion, contractSha256, spec: 'openapi.json' };
  writeFileSync(join(dir, 'release.json'), `${JSON.stringify(record, null, 2)}\n`);
  writeFileSync(join(dir, 'openapi.json'), `${JSON.stringify(contractOf(spec), null, 2)}\n`);
  for (const model of models) copyFileSync(join(reports, model), join(dir, model));
  return { dir, record, models };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const root = projectRoot;
  const at = process.argv.indexOf('--commit');
  const commit = execFileSync('git', ['rev-parse', at > 0 ? (process.argv[at + 1] ?? '') : 'HEAD'], {
    cwd: root,
    encoding: 'utf8',
  }).trim();
  const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  if (existsSync(join(root, 'releases', version, 'release.json'))) {
    console.error(
      `release:record: release ${version} is recorded already (releases/${version}/): a record is written once. Bump the version first (\`npx changeset\`, then \`npm run version-packages\`).`,
    );
    process.exit(1);
  }
  // The contract as the source has it, bundled afresh (not a dist/ that may be stale).
  execFileSync(process.execPath, ['scripts/bundle.mjs'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
  const spec = JSON.parse(readFileSync(join(root, 'dist', 'openapi.json'), 'utf8'));
  try {
    const { models } = recordRelease({ root, version, commit, spec });
    console.error(
      `recorded release ${version} at ${commit.slice(0, 12)} in releases/${version}/ (release.json, openapi.json, ${models.join(', ')})`,
    );
  } catch (error) {
    console.error(`release:record: ${error.message}`);
    process.exit(1);
  }
}
