// Astra Control Center on-premises, behind a private CA: the CLI and the SDK trust it
// through NODE_EXTRA_CA_CERTS or the CLI's --ca-file, and refuse it (clearly) without.
// No option turns certificate checks off.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runProcess } from '../support/run.js';
import { root } from '../support/spec.js';
import { type Listening, makePrivateCa, type PrivateCa, startHttpsAstra, TLS_BACKUP } from '../support/tls.js';

const CLI = join(root, 'dist', 'cli.js');
let ca: PrivateCa;
let astra: Listening;

beforeAll(async () => {
  ca = makePrivateCa();
  astra = await startHttpsAstra(ca);
});
afterAll(async () => {
  await astra?.close();
  ca?.remove();
});

const env = (extra: Record<string, string> = {}) => {
  const base: NodeJS.ProcessEnv = { ...process.env, ASTRA_URL: astra.url, NO_COLOR: '1', ...extra };
  base.ASTRA_ACCOUNT_ID = '9ff53b28-2a88-4b1c-8b4a-2d3c1a4f0b5e';
  base.ASTRA_TOKEN = 'tls-token';
  if (!extra.NODE_EXTRA_CA_CERTS) delete base.NODE_EXTRA_CA_CERTS;
  return base;
};

describe('a private CA', () => {
  it('is refused without being trusted, with a message that says why and what to do', async () => {
    const { code, stdout, stderr } = await runProcess(process.execPath, [CLI, 'list'], { env: env() });
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/^astra-backups: .*certificate.*\n$/);
    expect(stderr).toContain('--ca-file');
  });

  it('is trusted by the CLI with --ca-file', async () => {
    const { code, stdout, stderr } = await runProcess(process.execPath, [CLI, 'list', '--ca-file', ca.caFile], {
      env: env(),
    });
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toMatch(new RegExp(`^${TLS_BACKUP.id}\\s+over-tls\\s+completed$`, 'm'));
  });

  it('is trusted by the CLI with NODE_EXTRA_CA_CERTS', async () => {
    const { code, stdout } = await runProcess(process.execPath, [CLI, 'get', TLS_BACKUP.id], {
      env: env({ NODE_EXTRA_CA_CERTS: ca.caFile }),
    });
    expect(code).toBe(0);
    expect(stdout).toMatch(/^name\s+over-tls$/m);
  });

  it('is trusted by the SDK in a Node program started with NODE_EXTRA_CA_CERTS', async () => {
    const program = join(ca.dir, 'program.mjs');
    writeFileSync(
      program,
      `import { createAstraClient } from ${JSON.stringify(join(root, 'dist', 'index.js'))};
const astra = createAstraClient({ accountId: process.env.ASTRA_ACCOUNT_ID, token: process.env.ASTRA_TOKEN, baseUrl: process.env.ASTRA_URL });
console.log((await astra.appBackups.get(${JSON.stringify(TLS_BACKUP.id)})).name);`,
    );
    const trusted = await runProcess(process.execPath, [program], { env: env({ NODE_EXTRA_CA_CERTS: ca.caFile }) });
    expect(trusted).toMatchObject({ code: 0, stdout: 'over-tls\n' });
    const untrusted = await runProcess(process.execPath, [program], { env: env() });
    expect(untrusted.code).toBe(1);
    expect(untrusted.stderr).toContain('ConnectionError');
  });

  it('--ca-file that is no PEM certificate is a usage error (exit 2) naming the file', async () => {
    const { code, stderr } = await runProcess(process.execPath, [CLI, 'list', '--ca-file', join(ca.dir, 'san.ext')], {
      env: env(),
    });
    expect(code).toBe(2);
    expect(stderr).toContain('san.ext');
    expect(stderr).toContain('PEM');
  });
});
