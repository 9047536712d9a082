// The release gates (scripts/release/gates.mjs): the working tree against the latest release
// record, and each gate failing on a deliberate break: a change without a changeset (in a
// scratch git repository), a breaking spec change without the bump the policy asks for.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { contractOf, contractSha256 } from '../../scripts/lib/contract.mjs';
import {
  breakingBump,
  changedSince,
  checkTree,
  judge,
  latestRelease,
  readChangesets,
} from '../../scripts/release/gates.mjs';
import { diffSpecs } from '../../scripts/release/spec-diff.mjs';
import { root } from '../support/spec.js';

type Spec = { components: { schemas: Record<string, { properties?: Record<string, unknown> }> } };
const bundled = (): Spec => JSON.parse(readFileSync(join(root, 'dist', 'openapi.json'), 'utf8'));
const scratches: string[] = [];
afterAll(() => {
  for (const dir of scratches) rmSync(dir, { recursive: true, force: true });
});

describe('the working tree against the latest release record', () => {
  it('passes every gate (a change since the release carries a changeset of the right bump)', () => {
    const { problems, release } = checkTree(root, bundled());
    expect(problems).toEqual([]);
    expect(release.version).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('records a contract that hashes to its recorded contractSha256, and a commit of this history', () => {
    const release = latestRelease(root);
    expect(contractSha256(release.spec)).toBe(release.contractSha256);
    expect(() => changedSince(root, release.commit)).not.toThrow();
  });
});

/** A scratch git repository with one release recorded at its first commit. */
function scratchRepo() {
  const dir = mkdtempSync(join(tmpdir(), 'astra-release-'));
  scratches.push(dir);
  const git = (...args: string[]) =>
    execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], {
      cwd: dir,
      encoding: 'utf8',
    }).trim();
  git('init', '-q');
  mkdirSync(join(dir, 'src'));
  writeFileSync(join(dir, 'src', 'a.ts'), 'export const a = 1;\n');
  git('add', '.');
  git('commit', '-qm', 'first');
  const spec = contractOf(bundled());
  mkdirSync(join(dir, 'releases', '0.1.0'), { recursive: true });
  writeFileSync(join(dir, 'releases', '0.1.0', 'openapi.json'), JSON.stringify(spec));
  const record = { version: '0.1.0', commit: git('rev-parse', 'HEAD'), contractSha256: contractSha256(spec) };
  writeFileSync(join(dir, 'releases', '0.1.0', 'release.json'), JSON.stringify(record));
  git('add', '.');
  git('commit', '-qm', 'record 0.1.0');
  return { dir, git };
}

const changeset = (dir: string, name: string, bump: string) => {
  mkdirSync(join(dir, '.changeset'), { recursive: true });
  writeFileSync(join(dir, '.changeset', `${name}.md`), `---\n"astra-app-backups": ${bump}\n---\n\nA change.\n`);
};

describe('the changeset gate', () => {
  it('fails a change under src/ without a changeset, and passes it with one', () => {
    const { dir } = scratchRepo();
    const check = () => checkTree(dir, bundled()).problems;
    expect(check()).toEqual([]);
    writeFileSync(join(dir, 'src', 'a.ts'), 'export const a = 2;\n');
    writeFileSync(join(dir, 'src', 'b.ts'), 'export const b = 1;\n');
    const problems = check();
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(
      /2 file\(s\) under src\/ and openapi\/ changed since release 0\.1\.0 .* without a changeset/,
    );
    expect(problems[0]).toContain('src/a.ts, src/b.ts');
    expect(problems[0]).toContain('npx changeset');
    changeset(dir, 'brave-lions', 'patch');
    expect(check()).toEqual([]);
  });

  it('takes an empty changeset (npx changeset --empty) for a change users cannot see', () => {
    const { dir, git } = scratchRepo();
    writeFileSync(join(dir, 'src', 'a.ts'), '// a refactor\nexport const a = 1;\n');
    git('commit', '-qam', 'refactor');
    expect(checkTree(dir, bundled()).problems).toHaveLength(1);
    mkdirSync(join(dir, '.changeset'));
    writeFileSync(join(dir, '.changeset', 'quiet-owls.md'), '---\n---\n');
    expect(readChangesets(dir)).toEqual([{ file: '.changeset/quiet-owls.md', bump: 'none' }]);
    expect(checkTree(dir, bundled()).problems).toEqual([]);
  });

  it('names a release commit that is not in the clone', () => {
    const { dir } = scratchRepo();
    expect(() => changedSince(dir, '0123456789abcdef0123456789abcdef01234567')).toThrow(/not in this clone/);
  });

  it('refuses a changeset for another package, and one it cannot read', () => {
    const { dir } = scratchRepo();
    mkdirSync(join(dir, '.changeset'));
    writeFileSync(join(dir, '.changeset', 'a.md'), '---\n"other-package": minor\n---\n');
    expect(() => readChangesets(dir)).toThrow(/names other-package, not astra-app-backups/);
    writeFileSync(join(dir, '.changeset', 'a.md'), '---\n"astra-app-backups": huge\n---\n');
    expect(() => readChangesets(dir)).toThrow(/cannot read/);
  });

  it('refuses a release record whose contract does not hash to its record', () => {
    const { dir } = scratchRepo();
    const file = join(dir, 'releases', '0.1.0', 'openapi.json');
    writeFileSync(file, readFileSync(file, 'utf8').replace('percentDone', 'percentdone'));
    expect(() => latestRelease(dir)).toThrow(/does not hash to the contractSha256/);
  });
});

describe('the spec gate', () => {
  it('asks for a minor changeset before 1.0 and a major one after', () => {
    expect(breakingBump('0.1.0')).toBe('minor');
    expect(breakingBump('1.4.2')).toBe('major');
  });

  it('fails a response field removed (a deliberate break) with only a patch changeset, passes it with a minor one', () => {
    const after = bundled();
    delete after.components.schemas.AppBackup?.properties?.percentDone;
    const { breaking } = diffSpecs(contractOf(bundled()), contractOf(after));
    const facts = { release: { version: '0.1.0', commit: 'f'.repeat(40) }, changed: ['openapi/x.yaml'], breaking };
    const patch = judge({ ...facts, changesets: [{ file: '.changeset/a.md', bump: 'patch' }] });
    expect(patch).toHaveLength(1);
    expect(patch[0]).toMatch(
      /breaking change\(s\) since release 0\.1\.0, which need a minor changeset \(the highest here is patch\)/,
    );
    expect(patch[0]).toContain('percentDone: response field removed');
    expect(judge({ ...facts, changesets: [{ file: '.changeset/a.md', bump: 'minor' }] })).toEqual([]);
  });

  it('fails the same break in a scratch repository as npm test would see it', () => {
    const { dir } = scratchRepo();
    const after = bundled();
    delete after.components.schemas.AppBackup?.properties?.percentDone;
    changeset(dir, 'small-fix', 'patch');
    const { problems, breaking } = checkTree(dir, after);
    expect(breaking.length).toBeGreaterThan(0);
    expect(problems.join('\n')).toMatch(/need a minor changeset/);
  });
});
