// Every code sample of the docs (README.md, CONTRIBUTING.md and the site's pages under docs/;
// test/readme/samples.ts finds them) is run: each block is tagged with how.
//   mock / progress: a TypeScript sample, imported (with 'astra-app-backups' resolved to src/)
//     against the simulator npm start serves (its backups finish in 1.5 s here);
//   sh-mock / sh-progress: a shell sample run by bash, the mock's address and `npx astra-backups`
//     pointed at this checkout;
//   tls / sh-tls: against a local HTTPS server signed by a CA made for the test (and a proxy);
//   ci: the two commands, which .ci/run runs; install: covered by the package test;
//   frontend-*: "Mocking in a frontend", run from the installed tarball by test/package/frontend.test.ts;
//   control-*, react, frontend-vite-*: see SAMPLE_RUNNERS in test/readme/samples.ts.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { EXAMPLE_ACCOUNT } from '../../scripts/mock/seed.mjs';
import { type StartedMock, startMock } from '../../scripts/mock/start.mjs';
import { runProcess } from '../support/run.js';
import { root } from '../support/spec.js';
import { type Listening, makePrivateCa, type PrivateCa, startConnectProxy, startHttpsAstra } from '../support/tls.js';
import { allSamples, parseSamples, runnerOf, SAMPLE_RUNNERS, type Sample, where } from './samples.js';

const docs = allSamples();
const readme = { tagged: docs.tagged.filter((s) => !s.kind.startsWith('control-')) };
const sampleDir = join(root, 'test', 'readme', '.samples');
let mock: StartedMock;
let ca: PrivateCa;
let https: Listening;
let proxy: Awaited<ReturnType<typeof startConnectProxy>>;

beforeAll(async () => {
  mkdirSync(sampleDir, { recursive: true });
  ca = makePrivateCa();
  [mock, https, proxy] = await Promise.all([
    // The simulator npm start serves, with backups that finish in 1.5 s.
    startMock({ backupMs: 1_500 }),
    startHttpsAstra(ca),
    startConnectProxy(),
  ]);
});
afterAll(async () => {
  await Promise.all([mock?.stop(), https?.close(), proxy?.close()]);
  ca?.remove();
});

function serverFor(kind: string) {
  return kind.endsWith('tls') ? https.url : mock.url;
}

describe('the docs samples (README.md, CONTRIBUTING.md, docs/**/*.md)', () => {
  it('tags every code block with how it is run', () => {
    expect(docs.untagged, 'untagged code blocks (file:line); see CONTRIBUTING.md, "Code samples"').toEqual([]);
  });

  it('finds an untagged block, a block tagged above a blank line, and a tag no test runs', () => {
    const page = [
      '<!-- sample: mock -->',
      '```ts',
      'console.log(1);',
      '```',
      '',
      '<!-- sample: mock -->',
      '',
      '```sh',
      'echo untagged',
      '```',
      '````md',
      '```ts',
      'nested',
      '```',
      '````',
    ].join('\n');
    const found = parseSamples(page, 'x.md');
    expect(found.tagged.map((s) => [s.kind, s.language, s.code, s.line])).toEqual([
      ['mock', 'ts', 'console.log(1);', 3],
    ]);
    expect(found.untagged).toEqual(['x.md:8', 'x.md:11']);
    expect(runnerOf('mock')).toBeDefined();
    expect(runnerOf('control-ts')).toBe('test/mock/control-docs.test.ts');
    expect(runnerOf('frontend-vite-main')).toBe('test/e2e/browser.test.ts');
    expect(runnerOf('mocks')).toBeUndefined();
    expect(runnerOf('untested')).toBeUndefined();
  });

  it('runs every tag: each kind has a test that runs it', () => {
    const unknown = docs.tagged.filter((s) => runnerOf(s.kind) === undefined).map(where);
    expect(unknown, `tags no test runs; known: ${Object.keys(SAMPLE_RUNNERS).join(', ')}`).toEqual([]);
  });

  it('keeps every sample the README had before it became a landing page', () => {
    expect(
      readme.tagged
        .map((s) => s.kind)
        .filter((k) => k !== 'mock' && k !== 'install')
        .sort(),
    ).toEqual([
      'ci',
      'cjs',
      'frontend-fetch',
      'frontend-mock-command',
      'frontend-msw-browser',
      'frontend-msw-node',
      'frontend-server',
      'frontend-server-browser',
      'frontend-vite-config',
      'frontend-vite-html',
      'frontend-vite-main',
      'progress',
      'query-core',
      'react',
      'sh-mock',
      'sh-mock',
      'sh-mock',
      'sh-progress',
      'sh-tls',
      'tls',
    ]);
    expect(readme.tagged.filter((s) => s.kind === 'mock').length).toBeGreaterThanOrEqual(5);
    expect(docs.tagged.filter((s) => s.kind.startsWith('control-')).length).toBe(12);
  });

  it('tells, in the README, what it is, how to install it, a short SDK sample and the simulator in one command', () => {
    const own = readme.tagged.filter((s) => s.file === 'README.md');
    expect(own.map((s) => s.kind).sort()).toEqual(['frontend-mock-command', 'install', 'mock']);
    const sdk = own.find((s) => s.kind === 'mock');
    expect(sdk?.code.split('\n').length).toBeLessThanOrEqual(15);
    expect(readFileSync(join(root, 'README.md'), 'utf8').split('\n').length).toBeLessThanOrEqual(300);
  });

  it.each(
    readme.tagged
      .filter((s) => s.language === 'ts' && !s.kind.startsWith('frontend-') && !s.kind.startsWith('control-'))
      .map((s) => [where(s), s] as const),
  )(
    'runs the TypeScript sample at %s',
    async (_, sample: Sample) => {
      const file = join(sampleDir, `sample-${sample.file.replace(/\W+/g, '-')}-${sample.line}.ts`);
      // The package's subpaths, as the tests resolve the main entry: to the source.
      writeFileSync(
        file,
        sample.code.replaceAll("'astra-app-backups/spec'", JSON.stringify(join(root, 'src', 'spec', 'index.ts'))),
      );
      vi.stubEnv('ASTRA_URL', serverFor(sample.kind));
      vi.stubEnv('ASTRA_ACCOUNT_ID', EXAMPLE_ACCOUNT);
      vi.stubEnv('ASTRA_TOKEN', 'readme-token');
      vi.stubEnv('HTTPS_PROXY', proxy.url);
      vi.stubEnv('ASTRA_CA_FILE', ca.caFile);
      const tunnels = proxy.tunnels.length;
      const logged: string[] = [];
      const log = vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => {
        logged.push(args.join(' '));
      });
      const errors = vi.spyOn(console, 'error').mockImplementation((...args: unknown[]) => {
        logged.push(`ERROR ${args.join(' ')}`);
      });
      try {
        await import(file);
      } finally {
        log.mockRestore();
        errors.mockRestore();
        vi.unstubAllEnvs();
      }
      expect(logged.filter((l) => l.startsWith('ERROR'))).toEqual([]);
      expect(logged.length).toBeGreaterThan(0);
      if (sample.kind === 'tls') {
        expect(logged).toEqual(['over-tls completed']);
        expect(proxy.tunnels.length, 'the request went through the proxy').toBeGreaterThan(tunnels);
      }
      if (sample.kind === 'query-core') {
        expect(logged[0]).toMatch(/^app-name-\d+ \w+, /);
        expect(logged.slice(1, -1).every((line) => /^(pending 0|running \d+|completed 100)%$/.test(line))).toBe(true);
        expect(logged.slice(-2)).toEqual(['completed 100%', expect.stringMatching(/^core-\d+: completed$/)]);
      }
      if (sample.kind === 'progress') {
        expect(logged[0]).toMatch(/^created \S+ at http:\/\/127\.0\.0\.1:\d+\/accounts\//);
        // What the polls catch depends on the machine's speed; the order and the end do not.
        expect(logged.slice(1, -2).every((line) => /^(pending 0|running \d+)%$/.test(line))).toBe(true);
        expect(logged.slice(-2)).toEqual(['completed 100%', expect.stringMatching(/^completed: \d+ bytes$/)]);
      }
    },
    60_000,
  );

  it.each(readme.tagged.filter((s) => s.kind.startsWith('sh-')).map((s) => [where(s), s] as const))(
    'runs the shell sample at %s',
    async (_, sample) => {
      const script = sample.code
        .replaceAll('http://127.0.0.1:4010', serverFor(sample.kind))
        .replaceAll('npx astra-backups', `node ${join(root, 'dist', 'cli.js')}`)
        .replaceAll('/etc/ssl/astra-ca.pem', ca.caFile);
      const env: NodeJS.ProcessEnv = {
        ...process.env,
        ASTRA_URL: serverFor(sample.kind),
        ASTRA_ACCOUNT_ID: EXAMPLE_ACCOUNT,
        ASTRA_TOKEN: 'readme-token',
      };
      const result = await runProcess('bash', ['-euo', 'pipefail', '-c', script], { env });
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      expect(result.stdout.length).toBeGreaterThan(0);
      if (sample.kind === 'sh-tls') expect(result.stdout).toMatch(/over-tls\s+completed[\s\S]*name\s+over-tls/);
      if (sample.code.includes('astra-backups mock --port 0 --json'))
        expect(result.stdout, 'the --json sample reset, listed, then saw the mock exit').toMatch(
          /^\{"reset":true[\s\S]*"items":[\s\S]*mock stopped \(exit 0\)\n$/,
        );
      if (sample.kind === 'sh-progress')
        expect(result.stdout).toMatch(/(pending|running|completed) \d+%[\s\S]*\(nightly-\d+\) completed\.\n$/);
    },
    60_000,
  );

  it('runs the CommonJS sample with require, from the built package', async () => {
    const sample = readme.tagged.find((s) => s.kind === 'cjs');
    const file = join(sampleDir, 'sample-cjs.cjs');
    writeFileSync(
      file,
      (sample?.code ?? '').replace(
        "require('astra-app-backups')",
        `require(${JSON.stringify(join(root, 'dist', 'index.cjs'))})`,
      ),
    );
    const result = await runProcess(process.execPath, [file], {
      env: { ...process.env, ASTRA_URL: mock.url, ASTRA_TOKEN: 'readme-token' },
    });
    expect(result.stderr).toBe('');
    expect(result.stdout).toBe('app-name-245 pending\n');
  });

  it('states the two commands that .ci/run and package.json carry out', () => {
    const ci = readme.tagged.find((s) => s.kind === 'ci')?.code ?? '';
    expect(readme.tagged.find((s) => s.kind === 'ci')?.file).toBe('CONTRIBUTING.md');
    expect(ci).toContain('npm ci && npm start');
    expect(ci).toContain('npm ci && npm test');
    const run = readFileSync(join(root, '.ci', 'run'), 'utf8');
    expect(run).toMatch(/^npm ci\b/m);
    expect(run).toMatch(/^npm test$/m);
    const scripts = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
      name: string;
      scripts: Record<string, string>;
    };
    // `exec`, so that npm's signals reach the mock itself rather than a shell that drops them.
    expect(scripts.scripts.start).toBe('exec node scripts/mock.mjs');
    const installs = readme.tagged.filter((s) => s.kind === 'install');
    expect(installs.length).toBeGreaterThan(0);
    for (const install of installs) expect(install.code, where(install)).toBe(`npm install ${scripts.name}`);
  });
});
