// The astra-backups CLI end to end: every command against the Prism mock, and
// progress (a bar on a terminal, lines elsewhere) against a server whose backups move.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPrism } from '../../scripts/lib/prism.mjs';
import { PROGRESS_ACCOUNT, PROGRESS_APP, startProgressServer } from '../support/progress-server.js';
import { runProcess } from '../support/run.js';
import { exampleCases, loadSpec, root } from '../support/spec.js';

const CLI = join(root, 'dist', 'cli.js');
const ACCOUNT = '9ff53b28-2a88-4b1c-8b4a-2d3c1a4f0b5e';
const APP = '2b7d3f5c-1e8a-4c6b-9d0e-7f1a2b3c4d5e';
const BACKUP = '54fe651d-3d3b-5fa8-b85c-5db757885ff3';
const TOKEN = 'sk-cli-secret-do-not-print';
const documented = (operationId: string, status: string) =>
  exampleCases(loadSpec()).find((c) => c.operationId === operationId && c.status === status)?.value;

let prism: Awaited<ReturnType<typeof startPrism>>;
let progress: Awaited<ReturnType<typeof startProgressServer>>;
const outputs: string[] = [];

beforeAll(async () => {
  [prism, progress] = await Promise.all([startPrism({ extraArgs: ['-v', 'error'] }), startProgressServer()]);
});
afterAll(async () => {
  await Promise.all([prism?.stop(), progress?.close()]);
});

function run(
  args: string[],
  {
    url = prism.url,
    account = ACCOUNT,
    tty = false,
    input = '',
  }: { url?: string; account?: string; tty?: boolean; input?: string } = {},
) {
  const env = { ...process.env, ASTRA_URL: url, ASTRA_ACCOUNT_ID: account, ASTRA_TOKEN: TOKEN, NO_COLOR: '1' };
  // `script` gives the CLI a real pseudo-terminal, so that it draws its progress bar.
  const [command, argv] = tty
    ? ['script', ['-qfec', [process.execPath, CLI, ...args].map((a) => `'${a}'`).join(' '), '/dev/null']]
    : [process.execPath, [CLI, ...args]];
  return runProcess(command as string, argv as string[], { env, input }).then((result) => {
    outputs.push(result.stdout, result.stderr);
    return result;
  });
}

describe('astra-backups against the mock', () => {
  it('list prints a table of id, name and state', async () => {
    const { code, stdout } = await run(['list']);
    expect(code).toBe(0);
    const lines = stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^ID\s+NAME\s+STATE$/);
    expect(lines.slice(1)).toEqual([
      expect.stringMatching(/^5cb608f9-571b-492e-a520-5bfb900a9b9c\s+app-name-245\s+pending$/),
      expect.stringMatching(/^f8faa690-7e09-48a4-b33c-7965712acd0c\s+app-name-244\s+completed$/),
    ]);
  });

  it('list --json prints the items as JSON objects', async () => {
    const { code, stdout } = await run(['list', '--app', APP, '--json']);
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toEqual([
      { id: '5cb608f9-571b-492e-a520-5bfb900a9b9c', name: 'app-name-245', state: 'pending' },
      { id: 'f8faa690-7e09-48a4-b33c-7965712acd0c', name: 'app-name-244', state: 'completed' },
    ]);
  });

  it('get --json prints the documented backup; get alone its fields', async () => {
    const json = await run(['get', BACKUP, '--json']);
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toEqual(documented('getAppBackup', '200'));
    const text = await run(['get', BACKUP, '--app', APP]);
    expect(text.stdout).toMatch(/^state\s+pending$/m);
  });

  it('create prints the new backup; --json its JSON', async () => {
    const text = await run(['create', '--app', APP, '--name', 'nightly-1']);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('Created backup 54fe651d-3d3b-5fa8-b85c-5db757885ff3 (app-name-245), pending.');
    const json = await run(['create', '--app', APP, '--json']);
    expect(JSON.parse(json.stdout)).toEqual(documented('createAppBackupForApp', '201'));
  });

  it('delete --yes deletes; without --yes and without a terminal it refuses (exit 2)', async () => {
    expect(await run(['delete', BACKUP, '--yes'])).toMatchObject({
      code: 0,
      stdout: expect.stringContaining(`Deleted backup ${BACKUP}`),
    });
    const refused = await run(['delete', BACKUP]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('--yes');
  });

  it('delete asks on a terminal, and deletes nothing without a yes', async () => {
    const { code, stdout } = await run(['delete', BACKUP], { tty: true, input: 'n\n' });
    expect(stdout).toContain(`Delete backup ${BACKUP}?`);
    expect(stdout).toContain('Not deleted.');
    expect(code).toBe(0);
    const yes = await run(['delete', BACKUP], { tty: true, input: 'y\n' });
    expect(yes.stdout).toContain(`Deleted backup ${BACKUP}`);
  });

  it('wait gives up after --timeout with exit 1, having shown the state', async () => {
    const { code, stdout, stderr } = await run(['wait', BACKUP, '--timeout', '0.3', '--interval', '0.05']);
    expect(code).toBe(1);
    expect(stdout).toContain(`${BACKUP} pending`);
    expect(stderr).toMatch(/^astra-backups: Backup \S+ is still pending after 300 ms\n$/);
  });

  it.each(['list', 'get', 'create', 'delete', 'wait'])('%s --help prints its usage and exits 0', async (command) => {
    const { code, stdout } = await run([command, '--help']);
    expect(code).toBe(0);
    expect(stdout).toContain(`Usage: astra-backups ${command}`);
  });

  it.each([
    [['create', '--app', APP, '--name', 'Bad_Name'], 'name'],
    [['get'], 'one backup ID'],
    [
      ['list', '--colour'],
      'list has no option --colour; its options are --url, --account, --token, --json, --help (-h)',
    ],
    [['get', BACKUP, '--app'], "--app needs a value: see 'astra-backups get --help'"],
    [['frobnicate'], 'unknown command'],
    [['list', '--include', 'id,colour'], 'colour'],
  ])('exits 2 on the usage error %j', async (args, message) => {
    const { code, stderr } = await run(args as string[]);
    expect(code).toBe(2);
    expect(stderr).toContain(message);
    expect(stderr.trim().split('\n')).toHaveLength(1);
    // Plain words: no JavaScript class names, no parser hints.
    expect(stderr).not.toMatch(/[A-Z]\w*Error\b|as in '--/);
  });

  it('exits 2 when no account is configured', async () => {
    const { code, stderr } = await run(['list'], { account: '' });
    expect(code).toBe(2);
    expect(stderr).toContain('ASTRA_ACCOUNT_ID');
  });
});

describe('astra-backups following a backup that moves', () => {
  it('create --wait prints progress lines when not on a terminal, then completed', async () => {
    const { code, stdout } = await run(
      ['create', '--app', PROGRESS_APP, '--name', 'moving', '--wait', '--interval', '0.01'],
      { url: progress.url, account: PROGRESS_ACCOUNT },
    );
    expect(code).toBe(0);
    const lines = stdout.trim().split('\n');
    expect(lines.slice(1, -1).map((l) => l.replace(/^\S+ /, '').replace(/ \(.*\)$/, ''))).toEqual([
      'pending',
      'running 0%',
      'running 25%',
      'running 50%',
      'running 75%',
      'running 100%',
      'completed 100%',
    ]);
    expect(lines.at(-1)).toMatch(/^Backup \S+ \(moving\) completed\.$/);
  });

  it('wait draws a progress bar on a terminal', async () => {
    const created = await run(['create', '--app', PROGRESS_APP, '--name', 'barred', '--json'], {
      url: progress.url,
      account: PROGRESS_ACCOUNT,
    });
    const id = (JSON.parse(created.stdout) as { id: string }).id;
    const { code, stdout } = await run(['wait', id, '--app', PROGRESS_APP, '--interval', '0.01'], {
      url: progress.url,
      account: PROGRESS_ACCOUNT,
      tty: true,
    });
    expect(code).toBe(0);
    expect(stdout).toContain('\r[###############---------------]  50% running');
    expect(stdout).toContain('\r[##############################] 100% completed');
    expect(stdout).toContain('(barred) completed.');
  });

  it('exits 3 with the reasons when the backup fails', async () => {
    const { code, stderr } = await run(
      ['create', '--app', PROGRESS_APP, '--name', 'doomed', '--wait', '--interval', '0.01'],
      { url: progress.url, account: PROGRESS_ACCOUNT },
    );
    expect(code).toBe(3);
    expect(stderr).toMatch(/^astra-backups: Backup \S+ \(doomed\) is failed: The bucket is not reachable\.\n$/);
  });

  it('prints an API error as one line with its problem code and correlationID, exit 1', async () => {
    const { code, stderr } = await run(['get', '00000000-0000-4000-8000-999999999999'], {
      url: progress.url,
      account: PROGRESS_ACCOUNT,
    });
    expect(code).toBe(1);
    expect(stderr).toBe(
      "astra-backups: Resource not found: The resource specified in the request URI wasn't found. (problem 1, correlationID corr-404)\n",
    );
  });
});

describe('the token', () => {
  it('was never printed by any command above', () => {
    expect(outputs.length).toBeGreaterThan(20);
    for (const output of outputs) expect(output).not.toContain(TOKEN);
  });
});
