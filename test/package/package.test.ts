// The npm package as users get it: the packed tarball passes publint and
// arethetypeswrong, and imports both ways (import and require) from a scratch folder.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { root } from '../support/spec.js';

const env = { ...process.env, SCARF_ANALYTICS: 'false', NO_COLOR: '1' };
let scratch: string;
let tarball: string;
let files: string[];

beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), 'astra-package-'));
  const packed = JSON.parse(
    execFileSync('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', scratch], {
      cwd: root,
      env,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }),
  ) as { filename: string; files: { path: string }[] }[];
  tarball = join(scratch, packed[0]?.filename ?? '');
  files = (packed[0]?.files ?? []).map((f) => f.path).sort();
  const installed = join(scratch, 'app', 'node_modules', 'astra-app-backups');
  mkdirSync(installed, { recursive: true });
  execFileSync('tar', ['-xzf', tarball, '-C', installed, '--strip-components=1']);
  // The one runtime dependency, as npm would install it beside the package.
  symlinkSync(join(root, 'node_modules', 'openapi-fetch'), join(scratch, 'app', 'node_modules', 'openapi-fetch'));
}, 60_000);
afterAll(() => {
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

const inApp = (args: string[]) =>
  spawnSync(process.execPath, args, { cwd: join(scratch, 'app'), env, encoding: 'utf8' });

describe('the packed package', () => {
  it('is built by prepack, so that npm pack and npm publish from a fresh clone ship the code', () => {
    const { scripts } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
      scripts: Record<string, string>;
    };
    expect(scripts.prepack).toBe('node scripts/build.mjs');
  });

  it('holds only what users need', () => {
    expect(files).toEqual([
      'LICENSE',
      'README.md',
      'dist/cli.js',
      'dist/index.cjs',
      'dist/index.d.cts',
      'dist/index.d.ts',
      'dist/index.js',
      'dist/openapi.json',
      'dist/openapi.yaml',
      'package.json',
    ]);
  });

  it('passes publint --strict with nothing to report', () => {
    const result = spawnSync(join(root, 'node_modules', '.bin', 'publint'), ['--strict', tarball], {
      env,
      encoding: 'utf8',
    });
    expect(result.stdout + result.stderr).toContain('All good!');
    expect(result.status).toBe(0);
  });

  it('passes arethetypeswrong for its code entrypoint, ESM and CJS', () => {
    const result = spawnSync(
      join(root, 'node_modules', '.bin', 'attw'),
      [tarball, '--entrypoints', '.', '--format', 'json'],
      { env, encoding: 'utf8' },
    );
    const report = JSON.parse(result.stdout) as { analysis: { problems: unknown[] } };
    expect(report.analysis.problems).toEqual([]);
    expect(result.status).toBe(0);
  });

  it('imports with import and with require, giving the same API', () => {
    const probe = (m: Record<string, unknown>) =>
      [typeof m.createAstraClient, typeof m.NotFoundError, Object.keys(m.PROBLEM_CODES as object).length].join(',');
    const esm = inApp([
      '--input-type=module',
      '-e',
      `import * as m from 'astra-app-backups'; console.log((${probe.toString()})(m))`,
    ]);
    const cjs = inApp(['-e', `const m = require('astra-app-backups'); console.log((${probe.toString()})(m))`]);
    expect(esm.stderr).toBe('');
    expect(cjs.stderr).toBe('');
    expect(esm.stdout.trim()).toBe('function,function,19');
    expect(cjs.stdout.trim()).toBe(esm.stdout.trim());
  });

  it('ships the bundled spec as astra-app-backups/openapi.json and openapi.yaml', () => {
    const json = inApp([
      '-e',
      `const s = require('astra-app-backups/openapi.json'); console.log(s.openapi, Object.keys(s.paths).length)`,
    ]);
    expect(json.stdout.trim()).toBe('3.1.0 4');
    const yaml = inApp([
      '-e',
      `const fs = require('fs'); console.log(fs.readFileSync(require.resolve('astra-app-backups/openapi.yaml'), 'utf8').startsWith('openapi: 3.1.0'))`,
    ]);
    expect(yaml.stdout.trim()).toBe('true');
  });

  it('runs its astra-backups executable', () => {
    const result = inApp([join('node_modules', 'astra-app-backups', 'dist', 'cli.js'), '--help']);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('Usage: astra-backups <command>');
  });

  it('has no file the tarball lists that is missing on disk', () => {
    expect(readdirSync(join(scratch, 'app', 'node_modules', 'astra-app-backups', 'dist')).sort()).toEqual(
      files
        .filter((f) => f.startsWith('dist/'))
        .map((f) => f.slice(5))
        .sort(),
    );
  });
});
