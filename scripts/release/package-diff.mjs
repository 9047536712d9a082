// The changes of package.json that change what users get, classified as the policy reads
// them ('breaking' or 'feature'; 'fix' for published metadata). The rules (the table in
// CONTRIBUTING.md, "Releasing"):
// - `exports`: a subpath or a condition removed, or a target changed -> breaking; a subpath or
//   a condition added -> feature; likewise `main`, `module`, `types`, `typesVersions` (mapping by
//   mapping: one added -> feature),
//   `browser`, `sideEffects` (removed or changed -> breaking; added -> feature);
// - `engines`, `dependencies`, `peerDependencies`, `optionalDependencies`: a range that accepts
//   less (narrowed; or neither inside the other) -> breaking, one that accepts more (widened)
//   -> feature; a peer added as required, or an optional peer made required -> breaking; an
//   engine or a runtime dependency added -> breaking, removed -> feature; an optional peer
//   added, a peer removed -> feature;
// - `bin`: a command removed -> breaking; added -> feature; its file changed -> fix;
// - `files`: an entry removed -> breaking (the tarball ships less); added -> feature;
// - `type`: changed -> breaking (every .js file is read the other way);
// - install scripts (`preinstall`, `install`, `postinstall`) changed -> breaking;
// - other published fields (`description`, `keywords`, `license`, `repository`, `homepage`,
//   `bugs`...) -> fix. `version` (versioning writes it), `devDependencies`, `scripts` other
//   than install scripts, `overrides`, `allowScripts`, `devEngines` and `private` are not
//   what users get.
import semver from 'semver';

const IGNORED = new Set([
  'version',
  'devDependencies',
  'scripts',
  'overrides',
  'allowScripts',
  'devEngines',
  'private',
]);
const ENTRY_FIELDS = ['main', 'module', 'types', 'typings', 'typesVersions', 'browser', 'sideEffects'];
const RANGE_FIELDS = ['engines', 'dependencies', 'peerDependencies', 'optionalDependencies'];
const INSTALL_SCRIPTS = ['preinstall', 'install', 'postinstall'];
const show = (value) => JSON.stringify(value);
const same = (a, b) => show(a) === show(b);

/** How range `after` relates to `before`: 'same', 'widened', 'narrowed' or 'changed'. */
export function compareRanges(before, after) {
  if (before === after) return 'same';
  const valid = (r) => semver.validRange(r, { loose: true }) !== null;
  if (!valid(before) || !valid(after)) return 'changed';
  const options = { includePrerelease: true };
  const wider = semver.subset(before, after, options);
  const narrower = semver.subset(after, before, options);
  if (wider && narrower) return 'same';
  if (wider) return 'widened';
  if (narrower) return 'narrowed';
  return 'changed';
}

/** Leaves of an `exports` value: `Map<'subpath > condition > …', target>`. */
function exportLeaves(exportsField) {
  const leaves = new Map();
  const walk = (node, path) => {
    if (node === null || typeof node !== 'object' || Array.isArray(node)) leaves.set(path.join(' > '), node);
    else for (const [key, value] of Object.entries(node)) walk(value, [...path, key]);
  };
  if (typeof exportsField === 'string' || Array.isArray(exportsField)) walk(exportsField, ['.']);
  else if (exportsField && typeof exportsField === 'object') {
    const keys = Object.keys(exportsField);
    // Conditions at the top level ({ import, require }) stand for ".".
    if (keys.length && keys.every((k) => !k.startsWith('.'))) walk(exportsField, ['.']);
    else walk(exportsField, []);
  }
  return leaves;
}

const bins = (pkg) =>
  typeof pkg.bin === 'string' ? { [pkg.name?.replace(/^@[^/]+\//, '') ?? '']: pkg.bin } : (pkg.bin ?? {});

const isObject = (value) => value !== null && typeof value === 'object' && !Array.isArray(value);

/** `typesVersions` ({ range: { subpath: [targets] } }), leaf by leaf: a mapping added -> feature; removed or changed -> breaking. */
function diffTypesVersions(before, after, add) {
  const leaves = (tv) =>
    new Map(
      Object.entries(tv).flatMap(([range, map]) =>
        isObject(map)
          ? Object.entries(map).map(([path, target]) => [`${range} > ${path}`, show(target)])
          : [[range, show(map)]],
      ),
    );
  const [a, b] = [leaves(before), leaves(after)];
  for (const [key, target] of a) {
    if (!b.has(key)) add('breaking', `typesVersions: ${key} removed`);
    else if (b.get(key) !== target) add('breaking', `typesVersions: ${key} changed ${target} -> ${b.get(key)}`);
  }
  for (const key of b.keys()) if (!a.has(key)) add('feature', `typesVersions: ${key} added`);
}

/** The classified changes between two package.json objects: `[{ kind, change }]`. */
export function diffPackages(before, after) {
  const out = [];
  const add = (kind, change) => out.push({ kind, change: `package.json ${change}` });

  const [ea, eb] = [exportLeaves(before.exports), exportLeaves(after.exports)];
  const subpaths = (leaves) => new Set([...leaves.keys()].map((k) => k.split(' > ')[0]));
  const [sa, sb] = [subpaths(ea), subpaths(eb)];
  for (const s of sa) if (!sb.has(s)) add('breaking', `exports: subpath ${s} removed`);
  for (const s of sb) if (!sa.has(s)) add('feature', `exports: subpath ${s} added`);
  for (const [leaf, target] of ea) {
    if (!sb.has(leaf.split(' > ')[0])) continue;
    if (!eb.has(leaf)) add('breaking', `exports: ${leaf} removed`);
    else if (!same(eb.get(leaf), target))
      add('breaking', `exports: ${leaf} changed ${show(target)} -> ${show(eb.get(leaf))}`);
  }
  for (const leaf of eb.keys())
    if (!ea.has(leaf) && sa.has(leaf.split(' > ')[0])) add('feature', `exports: ${leaf} added`);

  for (const field of ENTRY_FIELDS) {
    const [x, y] = [before[field], after[field]];
    if (same(x, y)) continue;
    if (x === undefined) add('feature', `${field} added`);
    else if (field === 'typesVersions' && isObject(x) && isObject(y)) diffTypesVersions(x, y, add);
    else add('breaking', `${field} ${y === undefined ? 'removed' : `changed ${show(x)} -> ${show(y)}`}`);
  }

  const optionalPeer = (pkg, name) => pkg.peerDependenciesMeta?.[name]?.optional === true;
  for (const field of RANGE_FIELDS) {
    const [x, y] = [before[field] ?? {}, after[field] ?? {}];
    for (const [name, range] of Object.entries(x)) {
      const what = `${field}.${name}`;
      if (!(name in y)) {
        add('feature', `${what} removed (widened)`);
        continue;
      }
      const relation = compareRanges(range, y[name]);
      if (relation === 'widened') add('feature', `${what} widened ${range} -> ${y[name]}`);
      else if (relation === 'narrowed') add('breaking', `${what} narrowed ${range} -> ${y[name]}`);
      else if (relation === 'changed') add('breaking', `${what} changed ${range} -> ${y[name]} (not a wider range)`);
      if (field === 'peerDependencies' && optionalPeer(before, name) && !optionalPeer(after, name))
        add('breaking', `peerDependencies.${name} made required (peerDependenciesMeta)`);
      if (field === 'peerDependencies' && !optionalPeer(before, name) && optionalPeer(after, name))
        add('feature', `peerDependencies.${name} made optional (peerDependenciesMeta)`);
    }
    for (const [name, range] of Object.entries(y)) {
      if (name in x) continue;
      const what = `${field}.${name}`;
      if (field === 'peerDependencies' && optionalPeer(after, name))
        add('feature', `${what} added as optional ${range}`);
      else add('breaking', `${what} added ${range} (narrowed: users must now have it)`);
    }
  }

  const [ba, bb] = [bins(before), bins(after)];
  for (const [command, file] of Object.entries(ba)) {
    if (!(command in bb)) add('breaking', `bin: command ${command} removed`);
    else if (bb[command] !== file) add('fix', `bin: command ${command} now runs ${bb[command]} (was ${file})`);
  }
  for (const command of Object.keys(bb)) if (!(command in ba)) add('feature', `bin: command ${command} added`);

  const [fa, fb] = [before.files ?? [], after.files ?? []];
  for (const entry of fa) if (!fb.includes(entry)) add('breaking', `files: ${entry} removed (the tarball ships less)`);
  for (const entry of fb) if (!fa.includes(entry)) add('feature', `files: ${entry} added`);

  if ((before.type ?? 'commonjs') !== (after.type ?? 'commonjs'))
    add('breaking', `type changed ${before.type ?? 'commonjs'} -> ${after.type ?? 'commonjs'}`);

  for (const script of INSTALL_SCRIPTS)
    if (!same(before.scripts?.[script], after.scripts?.[script])) add('breaking', `scripts.${script} changed`);

  const classified = new Set([
    ...ENTRY_FIELDS,
    ...RANGE_FIELDS,
    'exports',
    'bin',
    'files',
    'type',
    'peerDependenciesMeta',
  ]);
  for (const field of new Set([...Object.keys(before), ...Object.keys(after)]))
    if (!classified.has(field) && !IGNORED.has(field) && !same(before[field], after[field]))
      add('fix', `${field} changed (published metadata)`);
  return out;
}
