// `npm run release` (the release workflow, through changesets/action, once the version PR is
// merged): publishes package.json's version with provenance, unless the registry has it.
// `npm run release:dry-run` does everything but publish, here or anywhere.
// Before publishing it checks that the version has its release record and that the record's
// contract is the one being shipped; it packs the tarball once and publishes that file, so what
// was checked is what users get. After a publish it tags v<version> and prints the line
// changesets/action reads to push the tag and make the GitHub release.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { contractSha256 } from '../lib/contract.mjs';
import { root } from '../lib/tools.mjs';

const dryRun = process.argv.includes('--dry-run');
const { name, version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const fail = (message) => {
  console.error(`release: ${message}`);
  process.exit(1);
};

const recordFile = join(root, 'releases', version, 'release.json');
if (!existsSync(recordFile))
  fail(`no release record for ${version}: the version PR runs \`npm run version\`, which writes it`);
const record = JSON.parse(readFileSync(recordFile, 'utf8'));
// Changesets not yet versioned: the tree is on its way to the next version, whose record the
// version PR writes; a real publish waits for it, a dry run checks the rest.
const pending = readdirSync(join(root, '.changeset')).filter((f) => f.endsWith('.md') && f !== 'README.md');
if (pending.length && !dryRun) fail(`${pending.length} changeset(s) pending: merge the version PR first`);

const scratch = mkdtempSync(join(tmpdir(), 'astra-release-'));
try {
  // npm pack runs prepack (the build); the build logs go to stderr, so stdout is the JSON.
  const [packed] = JSON.parse(
    execFileSync('npm', ['pack', '--json', '--pack-destination', scratch], {
      cwd: root,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
    }),
  );
  const tarball = join(scratch, packed.filename);
  const shipped = JSON.parse(readFileSync(join(root, 'dist', 'openapi.json'), 'utf8'));
  if (!pending.length && contractSha256(shipped) !== record.contractSha256)
    fail(`the contract built (${contractSha256(shipped)}) is not the one releases/${version} records`);
  console.error(`packed ${packed.filename}: ${packed.files.length} files, ${packed.size} bytes`);

  const published = spawnSync('npm', ['view', `${name}@${version}`, 'version'], { cwd: root, encoding: 'utf8' });
  if (!dryRun && published.status === 0 && published.stdout.trim() === version) {
    console.error(`${name}@${version} is on the registry already: nothing to publish`);
    process.exit(0);
  }
  // Provenance needs the CI's identity (GitHub Actions' id-token): not in a dry run.
  const args = ['publish', tarball, '--access', 'public', ...(dryRun ? ['--dry-run'] : ['--provenance'])];
  console.error(`npm ${args.join(' ')}`);
  const publish = spawnSync('npm', args, { cwd: root, stdio: 'inherit' });
  if (publish.status !== 0) fail(`npm publish failed (exit ${publish.status})`);
  if (!dryRun) {
    execFileSync('git', ['tag', `v${version}`], { cwd: root });
    console.log(`New tag: ${name}@${version}`);
  } else console.log(`dry run: ${name}@${version} would be published from ${packed.filename}`);
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
