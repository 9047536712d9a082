// The release gates. What users get is listed once, in scripts/release/config.json (`watched`);
// each change of it is classified (scripts/release/api-diff.mjs, spec-diff.mjs, package-diff.mjs;
// the table of rules is in CONTRIBUTING.md, "Releasing") and must carry a changeset of the bump the
// policy asks for (before 1.0: breaking -> minor, feature -> patch, fix -> patch; from 1.0:
// major, minor, patch). Three checks:
// - since the latest release record (releases/<version>/): the pending changesets ask for at
//   least the highest bump of everything that moved since, and a change carries a changeset
//   (an empty one only when nothing classified moved);
// - each commit after the baseline (config.json; earlier commits are not judged) that changes
//   what users get adds or edits a changeset in that same commit, asking for at least the bump
//   of its own changes; the working tree is judged as one more commit on HEAD;
// - records only grow: after the baseline no commit (nor the working tree) changes, deletes or
//   adds to an existing releases/<version>/, every record's contract hashes to its
//   contractSha256, and package.json's version has its record.
import { execFileSync, spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { contractOf, contractSha256 } from '../lib/contract.mjs';
import { diffModels } from './api-diff.mjs';
import { diffPackages } from './package-diff.mjs';
import { diffSpecs } from './spec-diff.mjs';

export const PACKAGE = 'astra-app-backups';
export const CONFIG = 'scripts/release/config.json';
const projectRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const BUMPS = ['none', 'patch', 'minor', 'major'];
const EMPTY_TREE = '4b825dc642cb6eb9a060e54bf8d69288fbee4904';

/** The configuration (`{ baseline, watched }`) of `root`, or this project's when it has none. */
export function loadConfig(root) {
  const file = existsSync(join(root, CONFIG)) ? join(root, CONFIG) : join(projectRoot, CONFIG);
  return JSON.parse(readFileSync(file, 'utf8'));
}

/** The watched paths, from the one list in config.json. */
export const WATCHED = loadConfig(projectRoot).watched.map((w) => w.path);

/** The watched entry a path falls under, if any. */
export const watchedEntry = (config, path) =>
  config.watched.find((w) => path === w.path || path.startsWith(`${w.path}/`));

const semver = (v) => v.split(/[.-]/).slice(0, 3).map(Number);
function compareVersions(a, b) {
  const [x, y] = [semver(a), semver(b)];
  for (let i = 0; i < 3; i++) if (x[i] !== y[i]) return x[i] - y[i];
  return 0;
}
export const maxBump = (bumps) => bumps.reduce((max, b) => (BUMPS.indexOf(b) > BUMPS.indexOf(max) ? b : max), 'none');
const below = (bump, needed) => BUMPS.indexOf(bump) < BUMPS.indexOf(needed);

/** The bump the policy asks for a breaking change of a package at `version`. */
export const breakingBump = (version) => (semver(version)[0] === 0 ? 'minor' : 'major');
/** The bump the policy asks for a change of `kind` ('breaking', 'feature', 'fix') at `version`. */
export function bumpFor(kind, version) {
  if (kind === 'breaking') return breakingBump(version);
  if (kind === 'feature') return semver(version)[0] === 0 ? 'patch' : 'minor';
  return 'patch';
}
/** The version a release of `bump` makes of `version` (as `changeset version` does). */
export function nextVersion(version, bump) {
  const [major, minor, patch] = semver(version);
  if (bump === 'major') return `${major + 1}.0.0`;
  if (bump === 'minor') return `${major}.${minor + 1}.0`;
  if (bump === 'patch') return `${major}.${minor}.${patch + 1}`;
  return version;
}

const git = (root, args) =>
  execFileSync('git', args, { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 1 << 28 });
const lines = (text) => text.split('\n').filter(Boolean);
const show = (root, ref, path) => {
  const run = spawnSync('git', ['show', `${ref}:${path}`], { cwd: root, encoding: 'utf8', maxBuffer: 1 << 28 });
  return run.status === 0 ? run.stdout : undefined;
};

/** Every release record under releases/, oldest first: `[{ version, dir }]`. */
function recordVersions(root) {
  const dir = join(root, 'releases');
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((name) => existsSync(join(dir, name, 'release.json')))
    .sort(compareVersions);
}

/** The latest release record: `{ version, commit, contractSha256, …, dir, spec }`. */
export function latestRelease(root) {
  const versions = recordVersions(root);
  if (versions.length === 0) throw new Error('no release record under releases/: run `npm run release:record`');
  return readRecord(root, versions.at(-1));
}

/** One record, its contract checked against its hash. */
export function readRecord(root, version) {
  const dir = join(root, 'releases', version);
  const record = JSON.parse(readFileSync(join(dir, 'release.json'), 'utf8'));
  const spec = JSON.parse(readFileSync(join(dir, record.spec ?? 'openapi.json'), 'utf8'));
  if (record.version !== version) throw new Error(`releases/${version}/release.json says version ${record.version}`);
  if (contractSha256(spec) !== record.contractSha256)
    throw new Error(`releases/${version}/openapi.json does not hash to the contractSha256 of its release.json`);
  return { ...record, dir, spec };
}

function checkCommit(root, commit, what) {
  try {
    git(root, ['cat-file', '-e', `${commit}^{commit}`]);
  } catch {
    throw new Error(
      `${what} ${commit} is not in this clone: fetch the history (git fetch --unshallow) to compare with it`,
    );
  }
}

/** Watched files that differ from `commit` (tracked or new), sorted. */
export function changedSince(root, commit, config = loadConfig(root)) {
  checkCommit(root, commit, 'the release commit');
  const paths = config.watched.map((w) => w.path);
  const tracked = git(root, ['diff', '--name-only', '--no-renames', commit, '--', ...paths]);
  const untracked = git(root, ['ls-files', '--others', '--exclude-standard', '--', ...paths]);
  return [...new Set([...lines(tracked), ...lines(untracked)])].sort();
}

/** The bump a changeset's text asks for ('none' for an empty one). */
export function parseChangeset(name, text) {
  const front = /^---\r?\n([\s\S]*?)\r?\n?---/.exec(text);
  if (!front) throw new Error(`${name} has no front matter: make it with \`npx changeset\``);
  let bump = 'none';
  for (const line of (front[1] ?? '').split(/\r?\n/).filter((l) => l.trim())) {
    const m = /^\s*["']?([^"':]+)["']?\s*:\s*(patch|minor|major)\s*$/.exec(line);
    if (!m) throw new Error(`${name}: cannot read "${line.trim()}" (want "${PACKAGE}": patch|minor|major)`);
    if (m[1] !== PACKAGE) throw new Error(`${name} names ${m[1]}, not ${PACKAGE}`);
    bump = maxBump([bump, m[2]]);
  }
  return bump;
}

const isChangeset = (path) => /^\.changeset\/[^/]+\.md$/.test(path) && path !== '.changeset/README.md';

/** The changesets in `.changeset/`: `[{ file, bump }]`, bump 'none' for an empty one. */
export function readChangesets(root) {
  const dir = join(root, '.changeset');
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .map((name) => `.changeset/${name}`)
    .filter(isChangeset)
    .sort()
    .map((file) => ({ file, bump: parseChangeset(file, readFileSync(join(root, file), 'utf8')) }));
}

/**
 * The bundled contract of the spec under openapi/ at `ref` (a commit), cached by its tree:
 * a single file with local `$ref`s only is read as it is; anything else goes through
 * `redocly bundle` in a scratch folder.
 */
function specAt(root, ref) {
  const tree = spawnSync('git', ['rev-parse', `${ref}:openapi`], { cwd: root, encoding: 'utf8' });
  if (tree.status !== 0) return {};
  const cache = join(tmpdir(), 'astra-spec-bundles');
  const cached = join(cache, `${tree.stdout.trim()}.json`);
  if (existsSync(cached)) return JSON.parse(readFileSync(cached, 'utf8'));
  const files = lines(git(root, ['ls-tree', '-r', '--name-only', ref, '--', 'openapi']));
  const main = show(root, ref, 'openapi/openapi.yaml');
  let spec;
  if (files.length === 1 && main !== undefined && !/"?\$ref"?\s*:\s*["']?(?!#)[^\s"']/.test(main))
    spec = parseYaml(main);
  else {
    const scratch = mkdtempSync(join(tmpdir(), 'astra-spec-at-'));
    try {
      execFileSync(
        'sh',
        ['-c', `git archive ${ref} openapi $(git ls-tree --name-only ${ref} redocly.yaml) | tar -x -C "${scratch}"`],
        {
          cwd: root,
          stdio: ['ignore', 'ignore', 'pipe'],
        },
      );
      const out = join(scratch, 'bundled.json');
      const run = spawnSync(
        join(projectRoot, 'node_modules', '.bin', 'redocly'),
        ['bundle', 'openapi/openapi.yaml', '--output', out],
        {
          cwd: scratch,
          encoding: 'utf8',
          env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' },
        },
      );
      if (run.status !== 0) throw new Error(`cannot bundle openapi/ at ${ref}: ${run.stderr}`);
      spec = JSON.parse(readFileSync(out, 'utf8'));
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  }
  const contract = contractOf(spec);
  mkdirSync(cache, { recursive: true });
  // Written whole, then renamed: a check running beside this one reads all of it or nothing.
  const partial = `${cached}.${process.pid}.tmp`;
  writeFileSync(partial, JSON.stringify(contract));
  renameSync(partial, cached);
  return contract;
}

/** The API models (`name.api.json` -> model) in `dir` of the working tree; only `names` when given. */
function modelsIn(dir, names) {
  if (!existsSync(dir)) return new Map();
  return new Map(
    readdirSync(dir)
      .filter((f) => f.endsWith('.api.json') && (!names || names.has(f.slice(0, -'.api.json'.length))))
      .map((f) => [f.slice(0, -'.api.json'.length), JSON.parse(readFileSync(join(dir, f), 'utf8'))]),
  );
}
/** The API models in api-report/ at a commit; only `names` when given. */
function modelsAt(root, ref, names) {
  const found = new Map();
  const files = names
    ? [...names].map((name) => `api-report/${name}.api.json`)
    : lines(git(root, ['ls-tree', '--name-only', ref, '--', 'api-report/'])).filter((f) => f.endsWith('.api.json'));
  for (const file of files) {
    const text = show(root, ref, file);
    if (text !== undefined) found.set(file.slice('api-report/'.length, -'.api.json'.length), JSON.parse(text));
  }
  return found;
}

/** A snapshot of what users get: at a commit, or the working tree (`ref` undefined). */
export function snapshot(root, ref, { spec } = {}) {
  if (ref === undefined)
    return {
      label: 'the working tree',
      pkg: () => JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')),
      models: (names) => modelsIn(join(root, 'api-report'), names),
      spec: () => contractOf(spec ?? JSON.parse(readFileSync(join(root, 'dist', 'openapi.json'), 'utf8'))),
    };
  return {
    label: ref,
    pkg: () => JSON.parse(show(root, ref, 'package.json') ?? '{}'),
    models: (names) => (ref === EMPTY_TREE ? new Map() : modelsAt(root, ref, names)),
    spec: () => (ref === EMPTY_TREE ? {} : specAt(root, ref)),
  };
}

/** An entry's name for a model's file name: `astra-app-backups-mock` -> `./mock`. */
const entryOf = (name) => (name === PACKAGE ? '.' : `./${name.slice(PACKAGE.length + 1)}`);

/**
 * Classifies what moved between two snapshots, given the watched files that changed:
 * `{ files, changes: [{ kind, change, bump, file? }], required }`. `files` are the changed
 * files that count (package.json only when a field users get moved).
 */
export function classify({ config, version, changedFiles, before, after, always = [] }) {
  const changes = [];
  const judged = new Set([...always, ...changedFiles.map((f) => watchedEntry(config, f)?.judge).filter(Boolean)]);
  const files = [];
  if (judged.has('api')) {
    // A step compares the models it changed; a comparison with a record compares them all.
    const names = always.includes('api')
      ? undefined
      : new Set(
          changedFiles
            .filter((f) => f.startsWith('api-report/') && f.endsWith('.api.json'))
            .map((f) => f.slice('api-report/'.length, -'.api.json'.length)),
        );
    const [a, b] = [before.models(names), after.models(names)];
    for (const name of new Set([...a.keys(), ...b.keys()])) {
      const entry = entryOf(name);
      if (!b.has(name)) changes.push({ kind: 'breaking', change: `API ${entry}: the entry's model is gone` });
      else if (!a.has(name)) changes.push({ kind: 'feature', change: `API ${entry}: a new entry` });
      else changes.push(...diffModels(a.get(name), b.get(name), entry));
    }
  }
  if (judged.has('spec')) {
    const [a, b] = [before.spec(), after.spec()];
    const { breaking, nonBreaking } = diffSpecs(a, b);
    changes.push(...breaking.map((change) => ({ kind: 'breaking', change: `spec ${change}` })));
    changes.push(...nonBreaking.map((change) => ({ kind: 'feature', change: `spec ${change}` })));
    if (!breaking.length && !nonBreaking.length && contractSha256(a) !== contractSha256(b))
      changes.push({ kind: 'fix', change: 'spec: the contract changed (descriptions, examples or other text)' });
  }
  let pkgChanged = false;
  if (judged.has('package')) {
    const found = diffPackages(before.pkg(), after.pkg());
    pkgChanged = found.length > 0;
    changes.push(...found);
  }
  for (const file of changedFiles) {
    const entry = watchedEntry(config, file);
    if (!entry || (entry.judge === 'package' && !pkgChanged)) continue;
    files.push(file);
    if (entry.judge === 'patch') changes.push({ kind: 'fix', change: `${file}: ${entry.what} changed`, file });
  }
  for (const c of changes) c.bump = bumpFor(c.kind, version);
  return { files, changes, required: maxBump(changes.map((c) => c.bump)) };
}

const list = (items, n = 8) =>
  `${items.slice(0, n).join('; ')}${items.length > n ? `; … (${items.length - n} more)` : ''}`;
const needing = (changes, bump) =>
  changes.filter((c) => c.bump === bump).map((c) => `${c.change} (${c.kind}: ${c.bump})`);

/** The commit the per-commit and record checks start after, or undefined (nothing committed judged). */
export function baselineOf(root, config = loadConfig(root)) {
  return once(`baseline ${root} ${config.baseline}`, () => findBaseline(root, config));
}

/** What one checkTree run reads more than once (git's answers), kept for that run only. */
let memo;
const once = (key, compute) => {
  if (!memo) return compute();
  if (!memo.has(key)) memo.set(key, compute());
  return memo.get(key);
};

function findBaseline(root, config) {
  if (config.baseline && config.baseline !== 'added') {
    checkCommit(root, config.baseline, 'the baseline commit of scripts/release/config.json');
    return git(root, ['rev-parse', `${config.baseline}^{commit}`]).trim();
  }
  const added = lines(git(root, ['log', '--diff-filter=A', '--format=%H', '--', CONFIG]));
  return added.at(-1);
}

/** What `git rev-list`/`git log` leaves out of the judged range (`^baseline`, `^base`); none without a baseline. */
function excluded(root, base, config) {
  const baseline = baselineOf(root, config);
  if (!baseline) return undefined;
  const not = [`^${baseline}`];
  if (base) {
    checkCommit(root, base, 'the range base');
    not.push(`^${base}`);
  }
  return not;
}

/** The commits to judge: after the baseline (and after `base`, a CI range's base), oldest first. */
export function commitsToJudge(root, { base, config = loadConfig(root) } = {}) {
  const not = excluded(root, base, config);
  if (!not) return [];
  return lines(git(root, ['rev-list', '--reverse', '--no-merges', 'HEAD', ...not]));
}

/**
 * The judged commits (after the baseline and `base`), oldest first, with what each changed, in
 * one `git log`: `[{ commit, parent, subject, changes: [{ status, path }] }]`.
 */
function history(root, { base, config }) {
  return once(`history ${root} ${base}`, () => readHistory(root, { base, config }));
}

function readHistory(root, { base, config }) {
  const not = excluded(root, base, config);
  if (!not) return [];
  const log = git(root, [
    'log',
    '--reverse',
    '--no-merges',
    '--format=%x1e%H %P%x1f%s',
    '--name-status',
    '--no-renames',
    'HEAD',
    ...not,
  ]);
  return log
    .split('\x1e')
    .filter(Boolean)
    .map((block) => {
      const [head = '', ...rest] = block.split('\n');
      const [ids = '', subject = ''] = head.split('\x1f');
      const [commit = '', parent = EMPTY_TREE] = ids.trim().split(' ');
      const changes = lines(rest.join('\n')).map((line) => {
        const [status = '', path = ''] = line.split('\t');
        return { status, path };
      });
      return { commit, parent, subject, changes };
    });
}

/** A commit's own step: its watched files, the changesets it adds or edits, and its parent. */
function commitStep(root, config, { commit, parent, subject, changes }) {
  const files = [];
  const changesets = [];
  for (const { status, path } of changes) {
    if (watchedEntry(config, path)) files.push(path);
    if (isChangeset(path) && status !== 'D')
      changesets.push({ file: path, bump: parseChangeset(path, show(root, commit, path) ?? '') });
  }
  return { label: `commit ${commit.slice(0, 12)} ("${subject.slice(0, 60)}")`, commit, parent, files, changesets };
}

/** `git status --porcelain` of the working tree, every file listed. */
const workingStatus = (root) =>
  once(`status ${root}`, () => lines(git(root, ['status', '--porcelain', '--untracked-files=all', '--no-renames'])));

/** The working tree as one more commit on HEAD. */
function workingStep(root, config) {
  const status = workingStatus(root);
  const files = [];
  const changesets = [];
  for (const line of status) {
    const [code, path] = [line.slice(0, 2), line.slice(3)];
    if (watchedEntry(config, path)) files.push(path);
    if (isChangeset(path) && !code.includes('D'))
      changesets.push({ file: path, bump: parseChangeset(path, readFileSync(join(root, path), 'utf8')) });
  }
  return { label: 'the working tree (not committed yet)', parent: 'HEAD', files, changesets };
}

/**
 * Each commit after the baseline (and the working tree) against its own changesets: returns
 * `{ steps, problems }`, each step `{ label, files, changesets, changes, required }`.
 */
export function checkCommits(root, { base, spec, version, config = loadConfig(root) } = {}) {
  const steps = [];
  const problems = [];
  const judged = history(root, { base, config }).map((entry) => commitStep(root, config, entry));
  // Before the baseline is committed, nothing is judged; from it on, the working tree too.
  if (baselineOf(root, config) !== undefined) judged.push(workingStep(root, config));
  for (const step of judged) {
    if (step.files.length === 0) continue;
    const v = version ?? JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version;
    const result = classify({
      config,
      version: v,
      changedFiles: step.files,
      before: snapshot(root, step.parent === 'HEAD' ? git(root, ['rev-parse', 'HEAD']).trim() : step.parent),
      after: step.commit ? snapshot(root, step.commit) : snapshot(root, undefined, { spec }),
    });
    steps.push({ ...step, ...result });
    if (result.files.length === 0) continue;
    const asked = step.changesets.length ? maxBump(step.changesets.map((c) => c.bump)) : undefined;
    const what =
      result.required === 'none'
        ? `changes what users get (${list(result.files, 5)}) with nothing classified: it needs a changeset of its own, an empty one (\`npx changeset --empty\`) if users cannot see it`
        : `needs a ${result.required} changeset for its own changes: ${list(needing(result.changes, result.required))}`;
    if (asked === undefined)
      problems.push(
        `${step.label} ${what}; it adds or edits no changeset. Add one (\`npx changeset\`) in that commit.`,
      );
    else if (below(asked, result.required))
      problems.push(
        `${step.label} ${what}; the changesets it adds or edits (${step.changesets.map((c) => `${c.file}: ${c.bump}`).join(', ')}) ask for ${asked}. A pending changeset does not cover a later change: add or edit one in that commit (\`npx changeset\`, choose ${result.required}).`,
      );
  }
  return { steps, problems };
}

/** Records only grow: what commits after the baseline and the working tree did to releases/. */
export function checkRecords(root, config = loadConfig(root)) {
  const problems = [];
  for (const version of recordVersions(root)) {
    try {
      readRecord(root, version);
    } catch (error) {
      problems.push(String(error.message));
    }
  }
  const refuse = (who, path, what, from) =>
    problems.push(
      `${who} ${what} ${path}: a release record is written once (npm run version-packages writes a new version's); restore it (git checkout ${from} -- ${path}, or delete what was added) and release a new version instead`,
    );
  const versionDir = (path) => /^releases\/([^/]+)\//.exec(path)?.[1];
  const baseline = baselineOf(root, config);
  // Versions recorded at the baseline, then as each judged commit adds one.
  const recorded = new Set(
    baseline
      ? lines(git(root, ['ls-tree', '-r', '--name-only', baseline, '--', 'releases']))
          .filter((path) => path.endsWith('/release.json'))
          .map(versionDir)
      : [],
  );
  for (const { commit, changes } of history(root, { config })) {
    const who = `commit ${commit.slice(0, 12)}`;
    const from = `${commit.slice(0, 12)}^`;
    const adding = new Set();
    for (const { status, path } of changes) {
      const version = versionDir(path);
      if (!version) continue;
      if (status === 'M') refuse(who, path, 'rewrites', from);
      else if (status === 'D') refuse(who, path, 'deletes', from);
      else if (status === 'A' && recorded.has(version))
        refuse(who, path, `adds to the existing record ${version} with`, from);
      if (status === 'A' && path.endsWith('/release.json')) adding.add(version);
    }
    for (const version of adding) recorded.add(version);
  }
  if (baseline !== undefined)
    for (const line of workingStatus(root).filter((l) => l.slice(3).startsWith('releases/'))) {
      const [code, path] = [line.slice(0, 2), line.slice(3)];
      const version = versionDir(path);
      if (!version) continue;
      if (code.includes('M')) refuse('the working tree', path, 'rewrites', 'HEAD');
      else if (code.includes('D')) refuse('the working tree', path, 'deletes', 'HEAD');
      else if (recorded.has(version))
        refuse('the working tree', path, `adds to the existing record ${version} with`, 'HEAD');
    }
  const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  const versions = recordVersions(root);
  if (versions.length && !versions.includes(version))
    problems.push(
      `package.json says ${version} but releases/ has no record of it (the newest is ${versions.at(-1)}): \`npx changeset version\` was run alone? Run \`npm run release:record\` (\`npm run version-packages\` does both)`,
    );
  return problems;
}

/** Since the latest release: what moved, and whether the pending changesets ask enough. */
export function checkRelease(root, spec, config = loadConfig(root)) {
  const release = latestRelease(root);
  const changedFiles = changedSince(root, release.commit, config);
  const changesets = readChangesets(root);
  const models = new Map(
    readdirSync(release.dir)
      .filter((f) => f.endsWith('.api.json'))
      .map((f) => [f.slice(0, -'.api.json'.length), JSON.parse(readFileSync(join(release.dir, f), 'utf8'))]),
  );
  const before = {
    label: `release ${release.version}`,
    pkg: () => JSON.parse(show(root, release.commit, 'package.json') ?? '{}'),
    models: () => models,
    spec: () => release.spec,
  };
  // The API (when the record has its models) and the spec are compared with the record whatever files moved.
  const result = classify({
    config,
    version: release.version,
    changedFiles,
    before,
    after: snapshot(root, undefined, { spec }),
    always: models.size ? ['api', 'spec'] : ['spec'],
  });
  const problems = [];
  const highest = maxBump(changesets.map((c) => c.bump));
  const since = `since release ${release.version} (${release.commit.slice(0, 12)})`;
  const needs =
    result.required === 'none'
      ? 'a changeset (an empty one, `npx changeset --empty`, as nothing classified moved)'
      : `a ${result.required} changeset: ${list(needing(result.changes, result.required))}`;
  if ((result.files.length || result.changes.length) && changesets.length === 0)
    problems.push(
      `${result.files.length} file(s) users get changed ${since} without a changeset (${list(result.files, 5)}); they need ${needs}. Add it with \`npx changeset\` and commit it.`,
    );
  else if (below(highest, result.required))
    problems.push(
      `${since} the changes need ${needs} (the highest pending is ${highest}). Add one with \`npx changeset\` (choose ${result.required}), or undo the change.`,
    );
  return { release, changed: result.files, changes: result.changes, required: result.required, changesets, problems };
}

/** Every gate on the working tree; `spec` is the bundled spec (dist/openapi.json). */
export function checkTree(root, spec, { base } = {}) {
  memo = new Map();
  try {
    return checkAll(root, spec, { base });
  } finally {
    memo = undefined;
  }
}

function checkAll(root, spec, { base }) {
  const config = loadConfig(root);
  const release = checkRelease(root, spec, config);
  const commits = checkCommits(root, { base, spec, version: release.release.version, config });
  const records = checkRecords(root, config);
  const breaking = release.changes.filter((c) => c.kind === 'breaking').map((c) => c.change);
  const nonBreaking = release.changes.filter((c) => c.kind !== 'breaking').map((c) => c.change);
  return {
    ...release,
    breaking,
    nonBreaking,
    steps: commits.steps,
    problems: [...release.problems, ...commits.problems, ...records],
  };
}
