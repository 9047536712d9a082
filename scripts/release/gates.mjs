// The release gates that compare the working tree with the latest release record
// (releases/<version>/release.json and the contract it shipped, releases/<version>/openapi.json):
// - a change to src/ or openapi/ since the release's commit needs a changeset;
// - a breaking change of the contract needs a changeset of the bump the policy asks for
//   (before 1.0, minor; from 1.0 on, major).
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { contractOf, contractSha256 } from '../lib/contract.mjs';
import { diffSpecs } from './spec-diff.mjs';

export const PACKAGE = 'astra-app-backups';
/** What users see: a change here since the last release needs a changeset. */
export const WATCHED = ['src', 'openapi'];
const BUMPS = ['none', 'patch', 'minor', 'major'];

const semver = (v) => v.split(/[.-]/).slice(0, 3).map(Number);
function compareVersions(a, b) {
  const [x, y] = [semver(a), semver(b)];
  for (let i = 0; i < 3; i++) if (x[i] !== y[i]) return x[i] - y[i];
  return 0;
}

/** The latest release record: `{ version, commit, contractSha256, …, dir, spec }`. */
export function latestRelease(root) {
  const dir = join(root, 'releases');
  const versions = existsSync(dir)
    ? readdirSync(dir).filter((name) => existsSync(join(dir, name, 'release.json')))
    : [];
  if (versions.length === 0) throw new Error('no release record under releases/: run `npm run release:record`');
  const version = versions.sort(compareVersions).at(-1);
  const record = JSON.parse(readFileSync(join(dir, version, 'release.json'), 'utf8'));
  const spec = JSON.parse(readFileSync(join(dir, version, 'openapi.json'), 'utf8'));
  if (record.version !== version) throw new Error(`releases/${version}/release.json says version ${record.version}`);
  if (contractSha256(spec) !== record.contractSha256)
    throw new Error(`releases/${version}/openapi.json does not hash to the contractSha256 of its release.json`);
  return { ...record, dir: join(dir, version), spec };
}

const git = (root, args) =>
  execFileSync('git', args, { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

/** Files under src/ and openapi/ that differ from the release's commit (tracked or new). */
export function changedSince(root, commit) {
  try {
    git(root, ['cat-file', '-e', `${commit}^{commit}`]);
  } catch {
    throw new Error(
      `the release commit ${commit} is not in this clone: fetch the history (git fetch --unshallow) to compare with it`,
    );
  }
  const tracked = git(root, ['diff', '--name-only', commit, '--', ...WATCHED]);
  const untracked = git(root, ['ls-files', '--others', '--exclude-standard', '--', ...WATCHED]);
  return [...new Set(`${tracked}\n${untracked}`.split('\n').filter(Boolean))].sort();
}

/** The changesets in `.changeset/`: `[{ file, bump }]`, bump 'none' for an empty one. */
export function readChangesets(root) {
  const dir = join(root, '.changeset');
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((name) => name.endsWith('.md') && name !== 'README.md')
    .sort()
    .map((name) => {
      const text = readFileSync(join(dir, name), 'utf8');
      const front = /^---\r?\n([\s\S]*?)\r?\n?---/.exec(text);
      if (!front) throw new Error(`.changeset/${name} has no front matter: make it with \`npx changeset\``);
      let bump = 'none';
      for (const line of (front[1] ?? '').split(/\r?\n/).filter((l) => l.trim())) {
        const m = /^\s*["']?([^"':]+)["']?\s*:\s*(patch|minor|major)\s*$/.exec(line);
        if (!m)
          throw new Error(`.changeset/${name}: cannot read "${line.trim()}" (want "${PACKAGE}": patch|minor|major)`);
        if (m[1] !== PACKAGE) throw new Error(`.changeset/${name} names ${m[1]}, not ${PACKAGE}`);
        bump = m[2];
      }
      return { file: `.changeset/${name}`, bump };
    });
}

/** The bump the policy asks for a breaking change of a package at `version`. */
export const breakingBump = (version) => (semver(version)[0] === 0 ? 'minor' : 'major');

/**
 * The verdict of the gates on given facts: a list of problems, each saying what to do
 * (empty when the tree may be released as it is).
 */
export function judge({ release, changed, changesets, breaking }) {
  const problems = [];
  const highest = changesets.reduce((max, c) => (BUMPS.indexOf(c.bump) > BUMPS.indexOf(max) ? c.bump : max), 'none');
  if (changed.length > 0 && changesets.length === 0)
    problems.push(
      `${changed.length} file(s) under ${WATCHED.join('/ and ')}/ changed since release ${release.version} (${release.commit.slice(0, 12)}) without a changeset: ${changed.slice(0, 5).join(', ')}${changed.length > 5 ? ', …' : ''}. Add one with \`npx changeset\` (or \`npx changeset --empty\` for a change users cannot see) and commit it.`,
    );
  if (breaking.length > 0) {
    const needed = breakingBump(release.version);
    if (BUMPS.indexOf(highest) < BUMPS.indexOf(needed))
      problems.push(
        `the spec has ${breaking.length} breaking change(s) since release ${release.version}, which need a ${needed} changeset (the highest here is ${highest}): ${breaking.slice(0, 5).join('; ')}${breaking.length > 5 ? '; …' : ''}. Add one with \`npx changeset\` (choose ${needed}), or undo the change.`,
      );
  }
  return problems;
}

/** Runs every gate on the working tree; `spec` is the bundled spec (dist/openapi.json). */
export function checkTree(root, spec) {
  const release = latestRelease(root);
  const changed = changedSince(root, release.commit);
  const changesets = readChangesets(root);
  const { breaking, nonBreaking } = diffSpecs(release.spec, contractOf(spec));
  return {
    release,
    changed,
    changesets,
    breaking,
    nonBreaking,
    problems: judge({ release, changed, changesets, breaking }),
  };
}
