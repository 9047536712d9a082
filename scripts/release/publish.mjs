// `npm run release` (the release workflow, through changesets/action, once the "Version
// Packages" commit is on main): publishes package.json's version with provenance, unless the
// registry has it already (then it publishes nothing and exits 0).
// `npm run release:dry-run` does everything but publish, here or anywhere, and says which
// version the pending changesets would make.
// Before publishing it checks that the version has its release record and that the record's
// contract is the one being shipped. It packs the tarball once (prepack builds), writes the
// links the package.json lacks (`repository`, `homepage`, `bugs`: scripts/release/links.mjs,
// from GITHUB_SERVER_URL and GITHUB_REPOSITORY) into the packed package.json, and publishes that
// file, so what was checked is what users get. Provenance is refused, with what to set, when the
// links name another repository than the one the release runs in; it is skipped only for a
// registry on loopback (a rehearsal, test/extended/release-rehearsal.test.ts), and the script
// says so. After a publish it tags v<version> and prints the line changesets/action reads.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { contractSha256 } from '../lib/contract.mjs';
import { root } from '../lib/tools.mjs';
import { maxBump, nextVersion, readChangesets } from './gates.mjs';
import { publishLinks } from './links.mjs';

const dryRun = process.argv.includes('--dry-run');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const { name, version } = pkg;
const fail = (message) => {
  console.error(`release: ${message}`);
  process.exit(1);
};
const npm = (args, options = {}) => spawnSync('npm', args, { cwd: root, encoding: 'utf8', ...options });

const registry = npm(['config', 'get', 'registry']).stdout.trim() || 'https://registry.npmjs.org/';
const loopback = ['127.0.0.1', 'localhost', '[::1]', '::1'].includes(new URL(registry).hostname);

const recordFile = join(root, 'releases', version, 'release.json');
if (!existsSync(recordFile))
  fail(
    `no release record for ${version} (releases/${version}/): \`npm run version-packages\` writes it with the version (\`npm run release:record\` if \`npx changeset version\` was run alone)`,
  );
const record = JSON.parse(readFileSync(recordFile, 'utf8'));
// Changesets not yet versioned: the tree is on its way to the next version, whose record
// `npm run version-packages` writes; a real publish waits for it, a dry run says so and checks the rest.
const pending = readChangesets(root);
if (pending.length) {
  const bump = maxBump(pending.map((c) => c.bump));
  const next =
    bump === 'none' ? `no new version (all ${pending.length} are empty)` : `${nextVersion(version, bump)} (${bump})`;
  const list = pending.map((c) => `${c.file} (${c.bump})`).join(', ');
  if (!dryRun)
    fail(
      `${pending.length} changeset(s) pending (${list}): version them first: \`npm run version-packages\` (the release workflow's "Version Packages" pull request does it), which would make ${next}`,
    );
  console.error(
    `warning: ${pending.length} changeset(s) pending (${list}): the next release would be ${next}, once \`npm run version-packages\` has run; this dry run checks ${version}, as package.json has it`,
  );
}

const links = publishLinks(pkg, process.env);
const provenance = !dryRun && !loopback;
if (links.problems.length && provenance) fail(links.problems.join('\n'));
for (const problem of links.problems) console.error(`warning: ${problem}`);
if (!dryRun && loopback)
  console.error(
    `release: the registry ${registry} is on loopback (a rehearsal): publishing without provenance, which needs GitHub Actions and a public registry`,
  );

if (!dryRun) {
  const published = npm(['view', `${name}@${version}`, 'version']);
  if (published.status === 0 && published.stdout.trim() === version) {
    console.error(`release: ${name}@${version} is on ${registry} already: nothing to publish`);
    process.exit(0);
  }
}

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
  const shipped = JSON.parse(readFileSync(join(root, 'dist', 'openapi.json'), 'utf8'));
  if (!pending.length && contractSha256(shipped) !== record.contractSha256)
    fail(`the contract built (${contractSha256(shipped)}) is not the one releases/${version} records`);
  let tarball = join(scratch, packed.filename);
  if (links.added.length) {
    // The packed package.json gets the links it lacks, and is packed again (no scripts: the build is done).
    const unpacked = join(scratch, 'unpacked');
    mkdirSync(unpacked);
    execFileSync('tar', ['-xzf', tarball, '-C', unpacked]);
    const folder = join(unpacked, 'package');
    const manifest = JSON.parse(readFileSync(join(folder, 'package.json'), 'utf8'));
    for (const field of links.added) manifest[field] = links.fields[field];
    writeFileSync(join(folder, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
    const out = join(scratch, 'linked');
    mkdirSync(out);
    const [repacked] = JSON.parse(
      execFileSync('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', out], {
        cwd: folder,
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'inherit'],
      }),
    );
    tarball = join(out, repacked.filename);
    console.error(
      `release: package.json lacks ${links.added.join(', ')}: the published one gets them from GITHUB_REPOSITORY: ${links.added.map((f) => `${f} ${JSON.stringify(links.fields[f])}`).join(', ')}`,
    );
  }
  console.error(`packed ${packed.filename}: ${packed.files.length} files, ${packed.size} bytes`);

  const args = ['publish', tarball, '--access', 'public'];
  if (dryRun) args.push('--dry-run');
  else args.push(provenance ? '--provenance' : '--provenance=false');
  console.error(`npm ${args.join(' ')} (registry ${registry})`);
  const publish = npm(args, { stdio: 'inherit' });
  if (publish.status !== 0) fail(`npm publish failed (exit ${publish.status})`);
  if (!dryRun) {
    execFileSync('git', ['tag', `v${version}`], { cwd: root });
    console.log(`New tag: ${name}@${version}`);
  } else console.log(`dry run: ${name}@${version} would be published from ${packed.filename}`);
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
