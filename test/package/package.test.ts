// The npm package as users get it: the packed tarball passes publint and
// arethetypeswrong, and imports both ways (import and require) from a scratch folder.
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join, relative } from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contractSha256 } from '../../scripts/lib/contract.mjs';
import { PACKED_BOUND_MS, packageEnv, packedApp } from '../support/packed.js';
import { runProcess } from '../support/run.js';
import { root } from '../support/spec.js';

const env = packageEnv;
let scratch: string;
let tarball: string;
let files: string[];
let server: Server;
let baseUrl: string;
const RESOURCE = 'application/astra-appBackup+json';
const BACKUP = {
  type: 'application/astra-appBackup',
  version: '1.1',
  id: '54fe651d-3d3b-5fa8-b85c-5db757885ff3',
  name: 'from-the-package',
  bucketID: '0afbe357-a717-4c7a-8b3d-d0368959c8de',
  state: 'completed',
  stateUnready: [],
  metadata: {
    labels: [],
    creationTimestamp: '2026-01-01T00:00:00Z',
    modificationTimestamp: '2026-01-01T00:00:00Z',
    createdBy: '8f84cf09-8036-51e4-b579-bd30cb07b269',
  },
};

beforeAll(async () => {
  // Packed and installed once, shared with the frontend acceptance tests (test/support/packed.ts): this
  // may wait for another file's install (msw, query-core and vitest beside the tarball), hence the bound.
  const packed = await packedApp();
  scratch = dirname(packed.app);
  tarball = packed.tarball;
  files = packed.files;
  server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://x');
    response.setHeader('content-type', url.pathname.endsWith('/appBackups') ? 'application/json' : RESOURCE);
    if (request.headers.authorization !== 'Bearer package-token') {
      response.statusCode = 401;
      response.setHeader('content-type', 'application/problem+json');
      return response.end(
        JSON.stringify({ type: 'https://astra.netapp.io/problems/3', title: 'Missing bearer token', status: '401' }),
      );
    }
    response.end(JSON.stringify(url.pathname.endsWith('/appBackups') ? { items: [BACKUP], metadata: {} } : BACKUP));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}, PACKED_BOUND_MS);
afterAll(() => {
  server?.close();
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
      'CHANGELOG.md',
      'LICENSE',
      'README.md',
      'dist/cli.js',
      'dist/index.cjs',
      'dist/index.d.cts',
      'dist/index.d.ts',
      'dist/index.js',
      'dist/mock-server.js',
      'dist/mock.cjs',
      'dist/mock.d.cts',
      'dist/mock.d.ts',
      'dist/mock.js',
      'dist/msw.cjs',
      'dist/msw.d.cts',
      'dist/msw.d.ts',
      'dist/msw.js',
      'dist/openapi.json',
      'dist/openapi.yaml',
      'dist/query.cjs',
      'dist/query.d.cts',
      'dist/query.d.ts',
      'dist/query.js',
      'dist/spec.cjs',
      'dist/spec.d.cts',
      'dist/spec.d.ts',
      'dist/spec.js',
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

  it('says which spec it was built from (astra-app-backups/spec), import and require alike', () => {
    const spec = JSON.parse(readFileSync(join(root, 'dist', 'openapi.json'), 'utf8'));
    const esm = inApp([
      '--input-type=module',
      '-e',
      "import { SPEC } from 'astra-app-backups/spec'; console.log(JSON.stringify(SPEC))",
    ]);
    const cjs = inApp(['-e', "console.log(JSON.stringify(require('astra-app-backups/spec').SPEC))"]);
    expect(esm.stderr + cjs.stderr).toBe('');
    expect(JSON.parse(esm.stdout)).toEqual({
      title: 'Astra Control Application Backup API',
      openapi: '3.1.0',
      apiVersion: '1.1',
      resourceVersion: '1.1',
      contractSha256: contractSha256(spec),
    });
    expect(cjs.stdout).toBe(esm.stdout);
    // Subpaths need exports-aware resolution (node16, bundler): node10 cannot see them.
    const attw = spawnSync(
      join(root, 'node_modules', '.bin', 'attw'),
      [tarball, '--entrypoints', './spec', '--profile', 'node16', '--format', 'json'],
      { env, encoding: 'utf8' },
    );
    const { problems } = (JSON.parse(attw.stdout) as { analysis: { problems: { resolutionKind?: string }[] } })
      .analysis;
    expect(problems.filter((p) => p.resolutionKind !== 'node10')).toEqual([]);
    expect(attw.status).toBe(0);
    // The main entry does not carry it (it has a subpath of its own, to keep the SDK small).
    expect(
      readFileSync(join(scratch, 'app', 'node_modules', 'astra-app-backups', 'dist', 'index.js'), 'utf8'),
    ).not.toContain(spec.info.title);
  });

  it('passes arethetypeswrong for its code entrypoints (the SDK, the simulator, its MSW handlers, the query glue), ESM and CJS', () => {
    // One run for all of them: each run of attw costs seconds of CPU (./query's node10 types come through typesVersions).
    const result = spawnSync(
      join(root, 'node_modules', '.bin', 'attw'),
      [tarball, '--entrypoints', '.', './mock', './msw', './query', '--format', 'json'],
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

  it('imports the simulator and its MSW handlers with import and with require', () => {
    const probe = (mock: Record<string, unknown>, msw: Record<string, unknown>) =>
      [typeof mock.createAstraSimulator, mock.EXAMPLE_ACCOUNT, typeof msw.astraHandlers].join(',');
    const esm = inApp([
      '--input-type=module',
      '-e',
      `import * as mock from 'astra-app-backups/mock'; import * as msw from 'astra-app-backups/msw'; console.log((${probe.toString()})(mock, msw))`,
    ]);
    const cjs = inApp([
      '-e',
      `console.log((${probe.toString()})(require('astra-app-backups/mock'), require('astra-app-backups/msw')))`,
    ]);
    expect(esm.stderr).toBe('');
    expect(cjs.stderr).toBe('');
    expect(esm.stdout.trim()).toBe('function,9ff53b28-2a88-4b1c-8b4a-2d3c1a4f0b5e,function');
    expect(cjs.stdout.trim()).toBe(esm.stdout.trim());
  });

  it('keeps the simulator and MSW out of the SDK main entry', async () => {
    // From the source: nothing the main entry reaches is in the simulator's folders.
    const source = await build({
      entryPoints: [join(root, 'src', 'sdk', 'index.ts')],
      bundle: true,
      write: false,
      metafile: true,
      format: 'esm',
      platform: 'neutral',
      external: ['openapi-fetch'],
      logLevel: 'silent',
    });
    const reached = Object.keys(source.metafile.inputs).map((f) => relative(root, join(root, f)));
    expect(reached.filter((f) => /^(src\/(mock|msw|mock-server)\/|generated\/mock-)/.test(f))).toEqual([]);
    // From the tarball: dist/index.js imports openapi-fetch and nothing else, and holds no simulator.
    const shipped = readFileSync(join(scratch, 'app', 'node_modules', 'astra-app-backups', 'dist', 'index.js'), 'utf8');
    expect([...shipped.matchAll(/^import .* from ['"]([^'"]+)['"]/gm)].map((m) => m[1])).toEqual(['openapi-fetch']);
    expect(shipped).not.toMatch(/createAstraSimulator|nightly-2026|\bmsw\b/);
  });

  // The same program, three ways a user writes it; each prints what the calls returned.
  const program = (importLine: string) => `${importLine}
const astra = createAstraClient({ accountId: '9ff53b28-2a88-4b1c-8b4a-2d3c1a4f0b5e', token: 'package-token', baseUrl: process.env.BASE_URL });
const main = async () => {
  const backup = await astra.appBackups.get('54fe651d-3d3b-5fa8-b85c-5db757885ff3');
  const page = await astra.appBackups.listPage({ include: ['id', 'name'] });
  const wrong = createAstraClient({ accountId: '9ff53b28-2a88-4b1c-8b4a-2d3c1a4f0b5e', token: 'wrong', baseUrl: process.env.BASE_URL });
  const error = await wrong.appBackups.get('54fe651d-3d3b-5fa8-b85c-5db757885ff3').catch((e) => e);
  console.log(JSON.stringify([backup.name, page.items, error instanceof AuthenticationError, error.status]));
};
main();
`;
  const expected = JSON.stringify([
    'from-the-package',
    [{ id: '54fe651d-3d3b-5fa8-b85c-5db757885ff3', name: 'from-the-package' }],
    true,
    401,
  ]);
  // Asynchronous: the server these programs call runs in this process.
  const runIn = (file: string) =>
    runProcess(process.execPath, [file], { cwd: join(scratch, 'app'), env: { ...env, BASE_URL: baseUrl } });

  it.each([
    [
      'an .mjs file (import)',
      'main.mjs',
      "import { AuthenticationError, createAstraClient } from 'astra-app-backups';",
    ],
    [
      'a .cjs file (require)',
      'main.cjs',
      "const { AuthenticationError, createAstraClient } = require('astra-app-backups');",
    ],
  ])('creates a client and makes calls from %s', async (_, file, importLine) => {
    writeFileSync(join(scratch, 'app', file), program(importLine));
    const result = await runIn(file);
    expect(result.stderr).toBe('');
    expect(result.stdout.trim()).toBe(expected);
  });

  it('creates a client and makes calls from a type-checked .ts file', async () => {
    const app = join(scratch, 'app');
    writeFileSync(
      join(app, 'main.ts'),
      // No @types/node in this app: the one Node global the program reads is declared here.
      `declare const process: { env: Record<string, string | undefined> };\n${program("import { AuthenticationError, createAstraClient } from 'astra-app-backups';")}`.replace(
        'const error = await',
        'const error: { status?: number } = await',
      ),
    );
    writeFileSync(
      join(app, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          target: 'ES2022',
          module: 'NodeNext',
          moduleResolution: 'NodeNext',
          strict: true,
          skipLibCheck: true,
          types: [],
          lib: ['ES2022', 'DOM'],
          outDir: 'out',
        },
        files: ['main.ts'],
      }),
    );
    const tsc = spawnSync(process.execPath, [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', app], {
      encoding: 'utf8',
    });
    expect(tsc.stdout + tsc.stderr).toBe('');
    expect(tsc.status).toBe(0);
    const result = await runIn(join('out', 'main.js'));
    expect(result.stderr).toBe('');
    expect(result.stdout.trim()).toBe(expected);
  });

  it('runs its installed astra-backups bin against a server', async () => {
    const result = await runProcess(
      join(scratch, 'app', 'node_modules', '.bin', 'astra-backups'),
      ['get', '54fe651d-3d3b-5fa8-b85c-5db757885ff3', '--json'],
      {
        cwd: join(scratch, 'app'),
        env: {
          ...env,
          ASTRA_URL: baseUrl,
          ASTRA_ACCOUNT_ID: '9ff53b28-2a88-4b1c-8b4a-2d3c1a4f0b5e',
          ASTRA_TOKEN: 'package-token',
        },
      },
    );
    expect(result.stderr).toBe('');
    expect(JSON.parse(result.stdout)).toEqual(BACKUP);
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
