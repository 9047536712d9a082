// The release gates (scripts/release/gates.mjs) on this working tree, and their parts: the one
// watched list, the baseline, the bump each kind of change asks for, the changesets' format,
// the records. Each mistake a maintainer makes has its own case in cases.test.ts.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { contractSha256 } from '../../scripts/lib/contract.mjs';
import {
  baselineOf,
  bumpFor,
  changedSince,
  checkTree,
  commitsToJudge,
  latestRelease,
  loadConfig,
  nextVersion,
  readChangesets,
  readRecord,
  WATCHED,
} from '../../scripts/release/gates.mjs';
import { root } from '../support/spec.js';
import { cleanScratches, scratchRepo } from './scratch.js';

afterAll(cleanScratches);
const bundled = (): unknown => JSON.parse(readFileSync(join(root, 'dist', 'openapi.json'), 'utf8'));

describe('this working tree', () => {
  it('passes every gate: since the latest record, each commit since the baseline, the records', () => {
    const { problems, release } = checkTree(root, bundled());
    expect(problems).toEqual([]);
    expect(release.version).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('has records whose contracts hash to their contractSha256, at commits of this history, with API models', () => {
    const release = latestRelease(root);
    expect(contractSha256(release.spec)).toBe(release.contractSha256);
    expect(() => changedSince(root, release.commit)).not.toThrow();
    expect(readRecord(root, '0.1.0').version).toBe('0.1.0');
    const models = readFileSync(join(root, 'releases', '0.1.0', 'astra-app-backups.api.json'), 'utf8');
    expect(JSON.parse(models)).toMatchObject({ kind: 'Package', name: 'astra-app-backups' });
  });

  it('watches what users get, listed once (scripts/release/config.json)', () => {
    const config = loadConfig(root);
    expect(WATCHED).toEqual(config.watched.map((w) => w.path));
    expect(WATCHED).toEqual(
      expect.arrayContaining(['src', 'openapi', 'api-report', 'package.json', 'tsup.config.ts', 'README.md', 'docs']),
    );
    expect(['added', undefined].includes(config.baseline) || /^[0-9a-f]{40}$/.test(config.baseline)).toBe(true);
    expect(baselineOf(root)).toMatch(/^[0-9a-f]{40}$/);
  });
});

describe('the policy', () => {
  it('asks before 1.0 for minor (breaking), patch (feature), patch (fix); from 1.0 major, minor, patch', () => {
    expect(['breaking', 'feature', 'fix'].map((k) => bumpFor(k as 'fix', '0.1.0'))).toEqual([
      'minor',
      'patch',
      'patch',
    ]);
    expect(['breaking', 'feature', 'fix'].map((k) => bumpFor(k as 'fix', '1.4.2'))).toEqual([
      'major',
      'minor',
      'patch',
    ]);
    expect([nextVersion('0.1.0', 'minor'), nextVersion('0.1.0', 'patch'), nextVersion('1.4.2', 'major')]).toEqual([
      '0.2.0',
      '0.1.1',
      '2.0.0',
    ]);
  });
});

describe('the baseline and the range', () => {
  it('judges only commits after the baseline, and after a CI range base', () => {
    const s = scratchRepo();
    const baseline = s.git('rev-list', '--max-parents=0', 'HEAD');
    expect(baselineOf(s.dir)).toBe(baseline);
    const recorded = s.git('rev-parse', 'HEAD');
    expect(commitsToJudge(s.dir)).toEqual([recorded]);
    s.write('src/a.ts', 'export const a = 2;\n');
    s.changeset('a', 'patch');
    const later = s.commit('a fix');
    expect(commitsToJudge(s.dir)).toEqual([recorded, later]);
    expect(commitsToJudge(s.dir, { base: recorded })).toEqual([later]);
    // A baseline given by hash: earlier commits are not judged, even a bad one.
    s.write('README.md', 'changed\n');
    const bad = s.commit('no changeset');
    expect(checkTree(s.dir, s.json('openapi/openapi.yaml')).problems.join('\n')).toContain(
      `commit ${bad.slice(0, 12)}`,
    );
    s.edit('scripts/release/config.json', (c) => {
      c.baseline = bad;
    });
    s.commit('baseline moved past it');
    expect(commitsToJudge(s.dir)).toHaveLength(1);
    expect(checkTree(s.dir, s.json('openapi/openapi.yaml')).problems).toEqual([]);
  });

  it('names a release commit that is not in the clone', () => {
    const s = scratchRepo();
    expect(() => changedSince(s.dir, '0123456789abcdef0123456789abcdef01234567')).toThrow(/not in this clone/);
  });
});

describe('changesets and records', () => {
  it('refuses a changeset for another package, and one it cannot read', () => {
    const s = scratchRepo();
    s.write('.changeset/a.md', '---\n"other-package": minor\n---\n');
    expect(() => readChangesets(s.dir)).toThrow(/names other-package, not astra-app-backups/);
    s.write('.changeset/a.md', '---\n"astra-app-backups": huge\n---\n');
    expect(() => readChangesets(s.dir)).toThrow(/cannot read/);
    s.write('.changeset/a.md', '---\n---\n');
    expect(readChangesets(s.dir)).toEqual([{ file: '.changeset/a.md', bump: 'none' }]);
  });

  it('refuses a release record whose contract does not hash to its record', () => {
    const s = scratchRepo();
    s.write('releases/0.1.0/openapi.json', s.read('releases/0.1.0/openapi.json').replace('percentDone', 'percentdone'));
    expect(() => latestRelease(s.dir)).toThrow(/does not hash to the contractSha256/);
  });

  it('fails a version without its record (`npx changeset version` run alone), naming the command that writes it', () => {
    const s = scratchRepo();
    s.edit('package.json', (p) => {
      p.version = '0.2.0';
    });
    expect(checkTree(s.dir, s.json('openapi/openapi.yaml')).problems.join('\n')).toMatch(
      /package\.json says 0\.2\.0 but releases\/ has no record of it .*`npm run release:record` \(`npm run version-packages` does both\)/,
    );
  });
});
