// `astra-app-backups/query` as users get it: the packed tarball's subpath passes
// arethetypeswrong, imports both ways with @tanstack/query-core installed or not, shares
// the main entry's error classes, and leaves the main entry without a byte of it.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NPM_INSTALL_MS, PACKED_BOUND_MS, packedApp } from '../support/packed.js';
import { root } from '../support/spec.js';

const env = { ...process.env, SCARF_ANALYTICS: 'false', NO_COLOR: '1' };
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
  peerDependencies: Record<string, string>;
  peerDependenciesMeta: Record<string, { optional?: boolean }>;
};
let scratch: string;
let tarball: string;

/** A scratch app with the tarball installed, and these packages beside it. */
function app(name: string, extra: string[]): string {
  const dir = join(scratch, name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name, private: true }));
  execFileSync(
    'npm',
    ['install', '--prefer-offline', '--no-audit', '--no-fund', '--ignore-scripts', tarball, ...extra],
    {
      cwd: dir,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: NPM_INSTALL_MS,
    },
  );
  return dir;
}

const run = (cwd: string, args: string[]) => spawnSync(process.execPath, args, { cwd, env, encoding: 'utf8' });

let shared: string;

beforeAll(async () => {
  scratch = mkdtempSync(join(tmpdir(), 'astra-query-package-'));
  // The install the package tests share (the tarball, with msw and query-core beside it).
  ({ tarball, app: shared } = await packedApp());
}, PACKED_BOUND_MS);
afterAll(() => {
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

describe('astra-app-backups/query in the packed package', () => {
  it('has @tanstack/query-core ^5 as an optional peer, and openapi-fetch as the only dependency', () => {
    expect(pkg.dependencies).toEqual({ 'openapi-fetch': expect.any(String) });
    expect(pkg.peerDependencies['@tanstack/query-core']).toMatch(/^\^5\./);
    expect(pkg.peerDependenciesMeta['@tanstack/query-core']?.optional).toBe(true);
    // The version the tests use is pinned and within the peer range.
    expect(pkg.devDependencies['@tanstack/query-core']).toMatch(/^5\.\d+\.\d+$/);
  });

  it('leaves the main entry without any of its code', () => {
    for (const file of ['index.js', 'index.cjs', 'index.d.ts']) {
      const text = readFileSync(join(root, 'dist', file), 'utf8');
      expect(text).not.toMatch(/createAstraQueries|refetchInterval|tanstack|astraKeys/i);
    }
    // It imports the SDK by name (one copy of it, one set of error classes), not a bundled copy.
    const query = readFileSync(join(root, 'dist', 'query.js'), 'utf8');
    expect(query).toMatch(/from "astra-app-backups"/);
    expect(query).not.toMatch(/class \w*Error extends/);
    expect(readFileSync(join(root, 'dist', 'query.cjs'), 'utf8')).toMatch(/require\("astra-app-backups"\)/);
  });

  // arethetypeswrong checks ./query (ESM, CJS, node10 through typesVersions) in the package test's one run
  // over every code entrypoint (test/package/package.test.ts): one run of it, not two.

  it('imports with import and with require even without @tanstack/query-core installed', () => {
    const dir = app('without-query-core', []);
    const probe = 'typeof m.createAstraQueries + "," + typeof m.astraKeys';
    const esm = run(dir, [
      '--input-type=module',
      '-e',
      `import * as m from 'astra-app-backups/query'; console.log(${probe})`,
    ]);
    const cjs = run(dir, ['-e', `const m = require('astra-app-backups/query'); console.log(${probe})`]);
    expect(esm.stderr).toBe('');
    expect(cjs.stderr).toBe('');
    expect(esm.stdout.trim()).toBe('function,function');
    expect(cjs.stdout.trim()).toBe('function,function');
  });

  it("runs a query with query-core, both ways, and its errors are the main entry's classes", () => {
    const dir = shared;
    const body = `
      const queries = createAstraQueries({
        accountId: '9ff53b28-2a88-4b1c-8b4a-2d3c1a4f0b5e',
        token: 'package-token',
        baseUrl: 'http://astra.test',
        fetch: async () => new Response(JSON.stringify({ type: 'https://astra.netapp.io/problems/1', title: 'Not found', status: '404' }), { status: 404, headers: { 'content-type': 'application/problem+json' } }),
      });
      const client = new QueryClient();
      client.fetchQuery(queries.get('54fe651d-3d3b-5fa8-b85c-5db757885ff3')).then(
        () => console.log('resolved'),
        (error) => console.log(error instanceof NotFoundError, error.status, JSON.stringify(queries.keys.backup('b'))),
      );`;
    const esm = run(dir, [
      '--input-type=module',
      '-e',
      `import { QueryClient } from '@tanstack/query-core'; import { NotFoundError } from 'astra-app-backups'; import { createAstraQueries } from 'astra-app-backups/query'; ${body}`,
    ]);
    const cjs = run(dir, [
      '-e',
      `const { QueryClient } = require('@tanstack/query-core'); const { NotFoundError } = require('astra-app-backups'); const { createAstraQueries } = require('astra-app-backups/query'); ${body}`,
    ]);
    const expected = `true 404 ["astra-app-backups","http://astra.test","9ff53b28-2a88-4b1c-8b4a-2d3c1a4f0b5e","backup","b"]`;
    expect(esm.stderr).toBe('');
    expect(esm.stdout.trim()).toBe(expected);
    expect(cjs.stderr).toBe('');
    expect(cjs.stdout.trim()).toBe(expected);
  });
});
