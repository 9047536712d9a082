// What the release workflow publishes: `npm publish --dry-run` of the packed tarball (the
// tarball `npm run release` publishes with provenance) is accepted, for this version, with
// the files users need. `npm run release:dry-run` does the same with a fresh build.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { root } from '../support/spec.js';

const env = { ...process.env, SCARF_ANALYTICS: 'false', NO_COLOR: '1' };
const scratch = mkdtempSync(join(tmpdir(), 'astra-publish-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('the release', () => {
  it('npm publish --dry-run accepts the packed tarball', () => {
    const { name, version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
      name: string;
      version: string;
    };
    const [packed] = JSON.parse(
      execFileSync('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', scratch], {
        cwd: root,
        env,
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'ignore'],
      }),
    ) as { filename: string }[];
    const tarball = join(scratch, packed?.filename ?? '');
    const publish = spawnSync('npm', ['publish', tarball, '--dry-run', '--access', 'public', '--ignore-scripts'], {
      cwd: scratch,
      env,
      encoding: 'utf8',
    });
    expect(publish.status, publish.stderr).toBe(0);
    expect(publish.stdout).toContain(`+ ${name}@${version}`);
    expect(publish.stderr).toContain('dist/index.js');
    expect(publish.stderr).toContain('CHANGELOG.md');
    expect(publish.stderr).toContain('(dry-run)');
  }, 240_000);

  it('has a release record for the version in package.json', () => {
    const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string };
    const record = JSON.parse(readFileSync(join(root, 'releases', version, 'release.json'), 'utf8')) as {
      version: string;
    };
    expect(record.version).toBe(version);
  });
});
