// Every code sample in the README is run: each block is tagged with how.
//   mock / progress: a TypeScript sample, imported (with 'astra-app-backups' resolved to src/)
//     against the Prism mock, or a local server whose backups move to completed;
//   sh-mock / sh-progress: a shell sample run by bash, the mock's address and `npx astra-backups`
//     pointed at this checkout;
//   ci: the two commands, which .ci/run runs; install: covered by the package test.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startPrism } from '../../scripts/lib/prism.mjs';
import { PROGRESS_ACCOUNT, SHORT_STEPS, startProgressServer } from '../support/progress-server.js';
import { runProcess } from '../support/run.js';
import { root } from '../support/spec.js';
import { type Listening, makePrivateCa, type PrivateCa, startConnectProxy, startHttpsAstra } from '../support/tls.js';

interface Sample {
  kind: string;
  language: string;
  code: string;
  line: number;
}

function samples(markdown: string): { tagged: Sample[]; untagged: number[] } {
  const tagged: Sample[] = [];
  const untagged: number[] = [];
  const lines = markdown.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const open = /^```(\w+)$/.exec(lines[i] ?? '');
    if (!open) continue;
    const end = lines.indexOf('```', i + 1);
    const tag = /^<!-- sample: ([\w-]+)/.exec(lines[i - 1] ?? '');
    if (tag?.[1])
      tagged.push({ kind: tag[1], language: open[1] ?? '', code: lines.slice(i + 1, end).join('\n'), line: i + 1 });
    else untagged.push(i + 1);
    i = end;
  }
  return { tagged, untagged };
}

const readme = samples(readFileSync(join(root, 'README.md'), 'utf8'));
const sampleDir = join(root, 'test', 'readme', '.samples');
let prism: Awaited<ReturnType<typeof startPrism>>;
let progress: Awaited<ReturnType<typeof startProgressServer>>;
let ca: PrivateCa;
let https: Listening;
let proxy: Awaited<ReturnType<typeof startConnectProxy>>;

beforeAll(async () => {
  mkdirSync(sampleDir, { recursive: true });
  ca = makePrivateCa();
  [prism, progress, https, proxy] = await Promise.all([
    startPrism({ extraArgs: ['-v', 'error'] }),
    startProgressServer({ steps: SHORT_STEPS }),
    startHttpsAstra(ca),
    startConnectProxy(),
  ]);
});
afterAll(async () => {
  await Promise.all([prism?.stop(), progress?.close(), https?.close(), proxy?.close()]);
  ca?.remove();
});

function serverFor(kind: string) {
  if (kind.endsWith('tls')) return https.url;
  return kind.endsWith('progress') ? progress.url : prism.url;
}

describe('the README', () => {
  it('tags every code block with how it is run', () => {
    expect(readme.untagged, 'untagged code blocks at these README lines').toEqual([]);
    expect(readme.tagged.map((s) => s.kind).sort()).toEqual([
      'ci',
      'install',
      'mock',
      'mock',
      'progress',
      'sh-mock',
      'sh-mock',
      'sh-progress',
      'sh-tls',
      'tls',
    ]);
  });

  it.each(readme.tagged.filter((s) => s.language === 'ts').map((s) => [`line ${s.line} (${s.kind})`, s] as const))(
    'runs the TypeScript sample at %s',
    async (_, sample) => {
      const file = join(sampleDir, `sample-${sample.line}.ts`);
      writeFileSync(file, sample.code);
      vi.stubEnv('ASTRA_URL', serverFor(sample.kind));
      vi.stubEnv('ASTRA_ACCOUNT_ID', PROGRESS_ACCOUNT);
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
      if (sample.kind === 'progress')
        expect(logged).toEqual([
          expect.stringMatching(/^created \S+ at \//),
          'pending 0%',
          'running 50%',
          'completed 100%',
          'completed: 1048576 bytes',
        ]);
    },
    20_000,
  );

  it.each(readme.tagged.filter((s) => s.kind.startsWith('sh-')).map((s) => [`line ${s.line} (${s.kind})`, s] as const))(
    'runs the shell sample at %s',
    async (_, sample) => {
      const script = sample.code
        .replaceAll('http://127.0.0.1:4010', serverFor(sample.kind))
        .replaceAll('npx astra-backups', `node ${join(root, 'dist', 'cli.js')}`)
        .replaceAll('/etc/ssl/astra-ca.pem', ca.caFile);
      const env: NodeJS.ProcessEnv = {
        ...process.env,
        ASTRA_URL: serverFor(sample.kind),
        ASTRA_ACCOUNT_ID: PROGRESS_ACCOUNT,
        ASTRA_TOKEN: 'readme-token',
      };
      const result = await runProcess('bash', ['-euo', 'pipefail', '-c', script], { env });
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      expect(result.stdout.length).toBeGreaterThan(0);
      if (sample.kind === 'sh-tls') expect(result.stdout).toMatch(/over-tls\s+completed[\s\S]*name\s+over-tls/);
      if (sample.kind === 'sh-progress') expect(result.stdout).toMatch(/running 50%[\s\S]*nightly-1\) completed\./);
    },
    20_000,
  );

  it('states the two commands that .ci/run and package.json carry out', () => {
    const ci = readme.tagged.find((s) => s.kind === 'ci')?.code ?? '';
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
    expect(readme.tagged.find((s) => s.kind === 'install')?.code).toBe(`npm install ${scripts.name}`);
  });
});
