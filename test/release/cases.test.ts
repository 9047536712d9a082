// The release gates tried as a maintainer making ordinary mistakes (issue 29), each in a
// scratch repository (test/release/scratch.ts): one test per case. Each change first fails with
// no changeset and with a changeset one bump too small, with a message that names the change
// and the bump the policy asks for (before 1.0: breaking -> minor, feature -> patch, fix ->
// patch), then passes once the right changeset is added, and again once committed with it.
import { afterAll, describe, expect, it } from 'vitest';
import { contractSha256 } from '../../scripts/lib/contract.mjs';
import { recordRelease } from '../../scripts/release/record.mjs';
import { bundledContract, cleanScratches, type Json, type Scratch, scratchRepo } from './scratch.js';

afterAll(cleanScratches);

type Bump = 'patch' | 'minor';
type Spec = {
  paths: Record<string, Record<string, { operationId?: string }>>;
  servers: { url: string }[];
  components: { parameters: Record<string, { explode?: boolean }>; schemas: Record<string, { format?: string }> };
};
type Pkg = {
  exports: Record<string, unknown>;
  engines: Record<string, string>;
  peerDependencies: Record<string, string>;
  dependencies: Record<string, string>;
  bin: Record<string, string>;
  files: string[];
  type: string;
  typesVersions: Record<string, Record<string, string[]>>;
};
type Model = { members: { members: { name: string; excerptTokens: { text: string }[] }[] }[] };

const spec = (s: Scratch, change: (spec: Spec) => void) =>
  s.edit('openapi/openapi.yaml', (value) => change(value as unknown as Spec));
const pkg = (s: Scratch, change: (pkg: Pkg) => void) =>
  s.edit('package.json', (value) => change(value as unknown as Pkg));
const model = (s: Scratch, change: (model: Model) => void, name = 'astra-app-backups') =>
  s.edit(`api-report/${name}.api.json`, (value) => change(value as unknown as Model));
/** Replaces text in the type of an export of the main entry's model. */
const retype = (s: Scratch, name: string, from: string, to: string) =>
  model(s, (m) => {
    const item = m.members[0]?.members.find((x) => x.name === name);
    const token = item?.excerptTokens.find((t) => t.text.includes(from));
    if (!token) throw new Error(`no "${from}" in ${name}`);
    token.text = token.text.replace(from, to);
  });

/** Fails with none, then with one bump too small, then passes with `bump` (committed with it too: the later-change test). */
function expectNeeds(s: Scratch, change: RegExp, bump: Bump) {
  const failing = (label: string) => {
    const problems = s.check().problems.join('\n');
    expect(problems, label).toMatch(change);
    expect(problems, label).toContain(`need${problems.includes('needs a') ? 's' : ''} a ${bump} changeset`);
  };
  failing('no changeset');
  s.changeset('this-change', bump === 'minor' ? 'patch' : 'none');
  failing('a changeset one bump too small');
  s.changeset('this-change', bump);
  expect(s.check().problems).toEqual([]);
}

const cases: [string, (s: Scratch) => void, RegExp, Bump][] = [
  // The spec.
  [
    'an operationId renamed',
    (s) =>
      spec(s, (x) => {
        const op = Object.values(x.paths)
          .flatMap((item) => Object.values(item))
          .find((o) => o.operationId === 'listAppBackups');
        if (op) op.operationId = 'listBackups';
      }),
    /operationId renamed listAppBackups -> listBackups/,
    'minor',
  ],
  [
    "a parameter's explode flipped",
    (s) =>
      spec(s, (x) => {
        const include = x.components.parameters.Include;
        if (include) include.explode = true;
      }),
    /query parameter include explode flipped false -> true/,
    'minor',
  ],
  [
    'a format changed from date-time to date',
    (s) =>
      spec(s, (x) => {
        const time = x.components.schemas.AstraTime;
        if (time) time.format = 'date';
      }),
    /format date-time -> date/,
    'minor',
  ],
  ['a server removed', (s) => spec(s, (x) => x.servers.pop()), /server https:\/\/\{host\} removed/, 'minor'],
  // package.json.
  [
    'an exports subpath removed',
    (s) =>
      pkg(s, (p) => {
        delete p.exports['./msw'];
      }),
    /exports: subpath \.\/msw removed/,
    'minor',
  ],
  [
    'engines narrowed',
    (s) => pkg(s, (p) => Object.assign(p.engines, { node: '>=22' })),
    /engines\.node narrowed >=20\.0\.0 -> >=22/,
    'minor',
  ],
  [
    'engines widened',
    (s) => pkg(s, (p) => Object.assign(p.engines, { node: '>=18' })),
    /engines\.node widened >=20\.0\.0 -> >=18/,
    'patch',
  ],
  [
    'a peer range narrowed (msw)',
    (s) => pkg(s, (p) => Object.assign(p.peerDependencies, { msw: '^2.0.0' })),
    /peerDependencies\.msw narrowed \^2\.0\.0 \|\| \^3\.0\.0 -> \^2\.0\.0/,
    'minor',
  ],
  [
    'a runtime dependency range changed',
    (s) => pkg(s, (p) => Object.assign(p.dependencies, { 'openapi-fetch': '0.18.0' })),
    /dependencies\.openapi-fetch changed 0\.17\.0 -> 0\.18\.0/,
    'minor',
  ],
  [
    'a runtime dependency range widened',
    (s) => pkg(s, (p) => Object.assign(p.dependencies, { 'openapi-fetch': '^0.17.0' })),
    /dependencies\.openapi-fetch widened 0\.17\.0 -> \^0\.17\.0/,
    'patch',
  ],
  [
    'a typesVersions mapping added (node10 types for one more subpath)',
    (s) =>
      pkg(s, (p) => {
        const map = p.typesVersions['*'];
        if (map) map.extra = ['./dist/extra.d.ts'];
      }),
    /typesVersions: \* > extra added/,
    'patch',
  ],
  [
    'a typesVersions mapping removed',
    (s) =>
      pkg(s, (p) => {
        const map = p.typesVersions['*'];
        if (map) delete map.mock;
      }),
    /typesVersions: \* > mock removed/,
    'minor',
  ],
  [
    'a bin command removed',
    (s) =>
      pkg(s, (p) => {
        p.bin = {};
      }),
    /bin: command astra-backups removed/,
    'minor',
  ],
  [
    'a files entry removed',
    (s) =>
      pkg(s, (p) => {
        p.files = p.files.filter((f) => f !== 'dist/openapi.yaml');
      }),
    /files: dist\/openapi\.yaml removed/,
    'minor',
  ],
  [
    'type changed',
    (s) =>
      pkg(s, (p) => {
        p.type = 'commonjs';
      }),
    /type changed module -> commonjs/,
    'minor',
  ],
  // What ends up in the tarball or the docs.
  [
    'the build configuration',
    (s) => s.write('tsup.config.ts', `${s.read('tsup.config.ts').replace("target: 'es2022'", "target: 'es2020'")}`),
    /tsup\.config\.ts: the build configuration changed/,
    'patch',
  ],
  [
    'a code sample',
    (s) => s.write('docs/snippets/list-backups.ts', "const backups = await astra.appBackups.list('shop');\n"),
    /docs\/snippets\/list-backups\.ts: the docs site and its code samples changed/,
    'patch',
  ],
  [
    'the README',
    (s) => s.write('README.md', `${s.read('README.md')}\nOne more line.\n`),
    /README\.md: the README changed/,
    'patch',
  ],
  // The exported API (the committed models, as npm run api:report writes them).
  [
    'a changed default (DEFAULTS.maxRetries 2 -> 0)',
    (s) => retype(s, 'DEFAULTS', 'maxRetries: 2', 'maxRetries: 0'),
    /DEFAULTS\.maxRetries: default value changed from 2 to 0/,
    'minor',
  ],
  [
    'a changed default computed in code (DEFAULTS.maxResponseBytes, `number` in the declarations)',
    (s) =>
      s.edit('api-report/astra-app-backups.api.json', (m) => {
        const defaults = (m as { exportedDefaults: { DEFAULTS: Record<string, number> } }).exportedDefaults.DEFAULTS;
        defaults.maxResponseBytes = 1024 * 1024;
      }),
    /DEFAULTS\.maxResponseBytes: default value changed from 33554432 to 1048576/,
    'minor',
  ],
];

describe('each change users can see needs the bump the policy asks for', () => {
  it.each(cases)('%s', (_, change, message, bump) => {
    const s = scratchRepo();
    expect(s.check().problems).toEqual([]);
    change(s);
    expectNeeds(s, message, bump);
  });

  it('a removed export with a patch changeset fails, and passes with a minor one', () => {
    const s = scratchRepo();
    model(s, (m) => {
      const entry = m.members[0];
      if (entry) entry.members = entry.members.filter((x) => x.name !== 'isProblemError');
    });
    s.changeset('remove-is-problem-error', 'patch');
    const problems = s.check().problems.join('\n');
    expect(problems).toMatch(/API \. isProblemError \(Function\) removed from the exports \(breaking: minor\)/);
    expect(problems).toMatch(/needs a minor changeset/);
    expect(problems).toMatch(/ask for patch/);
    s.changeset('remove-is-problem-error', 'minor');
    expect(s.check().problems).toEqual([]);
  });

  it('an empty changeset passes a change nothing classifies (a refactor under src/), and only that', () => {
    const s = scratchRepo();
    s.write('src/a.ts', '// a refactor\nexport const a = 1;\n');
    expect(s.check().problems.join('\n')).toMatch(/src\/a\.ts.*needs? a changeset.*empty/s);
    s.changeset('refactor', 'none');
    expect(s.check().problems).toEqual([]);
    s.write('README.md', `${s.read('README.md')}\nAnd the README.\n`);
    expect(s.check().problems.join('\n')).toMatch(/README\.md: the README changed \(fix: patch\)/);
  });

  it('a later change is not covered by an earlier changeset: each commit carries its own', () => {
    const s = scratchRepo();
    s.write('README.md', `${s.read('README.md')}\nA fix of the docs.\n`);
    s.changeset('docs-fix', 'patch');
    s.commit('docs: a fix, with its changeset');
    expect(s.check().problems).toEqual([]);
    // Later, DEFAULTS.timeoutMs 60 s -> 5 s (the report rerun), committed with no changeset of its own.
    retype(s, 'DEFAULTS', 'timeoutMs: 60000', 'timeoutMs: 5000');
    const sha = s.commit('shorter timeout');
    const problems = s.check().problems;
    const own = problems.find((p) => p.startsWith(`commit ${sha.slice(0, 12)}`));
    expect(own).toMatch(
      /needs a minor changeset for its own changes: API \. DEFAULTS\.timeoutMs: default value changed from 60000 to 5000/,
    );
    expect(own).toMatch(/adds or edits no changeset/);
    expect(problems.join('\n')).toMatch(
      /since release 0\.1\.0 .* the changes need a minor changeset: .*\(the highest pending is patch\)/,
    );
    // A patch-sized commit that only edits the earlier changeset's text is still too small.
    s.git('reset', '-q', '--soft', 'HEAD~1');
    s.write(
      '.changeset/docs-fix.md',
      '---\n"astra-app-backups": patch\n---\n\nA fix of the docs; a shorter timeout.\n',
    );
    s.commit('shorter timeout, the earlier changeset edited');
    expect(s.check().problems.join('\n')).toMatch(/ask for patch\. A pending changeset does not cover a later change/);
    // Edited to ask for a minor in the same commit: passes.
    s.git('reset', '-q', '--soft', 'HEAD~1');
    s.changeset('docs-fix', 'minor');
    s.commit('shorter timeout, with its minor changeset');
    expect(s.check().problems).toEqual([]);
  });

  it('a record rewritten fails, committed or not, and release:record refuses to rewrite one', () => {
    const s = scratchRepo();
    // As `npm run release:record` would have overwritten it after a breaking change: a record
    // whose contract hashes to its contractSha256, so only git shows the rewrite.
    const broken = bundledContract() as Spec & Json;
    broken.servers.pop();
    expect(() =>
      recordRelease({ root: s.dir, version: '0.1.0', commit: s.git('rev-parse', 'HEAD'), spec: broken }),
    ).toThrow(/release 0\.1\.0 is recorded already \(releases\/0\.1\.0\/\): a record is written once/);
    const rewrite = () => {
      s.writeJson('releases/0.1.0/openapi.json', broken);
      s.edit('releases/0.1.0/release.json', (r) => {
        r.contractSha256 = contractSha256(broken);
      });
    };
    rewrite();
    expect(s.check().problems.join('\n')).toMatch(
      /the working tree rewrites releases\/0\.1\.0\/openapi\.json: a release record is written once/,
    );
    s.git('checkout', '--', 'releases');
    expect(s.check().problems).toEqual([]);
    rewrite();
    s.write('releases/0.1.0/extra.api.json', '{}\n');
    const sha = s.commit('rerecord 0.1.0').slice(0, 12);
    const problems = s.check().problems.join('\n');
    expect(problems).toContain(`commit ${sha} rewrites releases/0.1.0/openapi.json`);
    expect(problems).toContain(`commit ${sha} rewrites releases/0.1.0/release.json`);
    expect(problems).toContain(`commit ${sha} adds to the existing record 0.1.0 with releases/0.1.0/extra.api.json`);
    // Dropped from the branch (as a pull request would be): passes.
    s.git('reset', '-q', '--hard', 'HEAD~1');
    expect(s.check().problems).toEqual([]);
  });
});
