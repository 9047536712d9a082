// The astra-backups CLI end to end against the simulator, as the package serves it
// (`astra-backups mock`, which checks each answer against the spec): every command, progress
// (a bar on a terminal, lines elsewhere) of backups that really move, failures, usage errors,
// and a token that is never printed. One server for the file, in this process: no Prism to
// start, which took most of a minute on a loaded machine (npm start's stack, Prism included,
// has its own tests: the contract-simulator project and test/mock/).
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXAMPLE_ACCOUNT, EXAMPLE_APPS, EXAMPLE_BACKUP, EXAMPLE_COMPLETED_BACKUP } from '../../src/mock/index.js';
import { type MockServer, startMockServer } from '../../src/mock-server/index.js';
import { runProcess } from '../support/run.js';
import { root } from '../support/spec.js';

const CLI = join(root, 'dist', 'cli.js');
const ACCOUNT = EXAMPLE_ACCOUNT;
const APP = EXAMPLE_APPS.shop;
const BACKUP = EXAMPLE_BACKUP;
const TOKEN = 'sk-cli-secret-do-not-print';

let mock: MockServer;
const outputs: string[] = [];
const alarms: string[] = [];

beforeAll(async () => {
  mock = await startMockServer({ port: 0, backupMs: 1_500, alarm: (line) => alarms.push(line) });
});
afterAll(async () => {
  await mock?.close();
  // Every answer the CLI got was one the spec declares.
  expect(alarms).toEqual([]);
});

/** Completed backups of the nightly app, to delete. */
async function completedNightly(): Promise<string[]> {
  const response = await fetch(
    `${mock.url}/accounts/${ACCOUNT}/k8s/v1/apps/${EXAMPLE_APPS.nightly}/appBackups?include=id,state&limit=20`,
    { headers: { authorization: 'Bearer t' } },
  );
  const { items } = (await response.json()) as { items: [string, string][] };
  return items.filter(([, state]) => state === 'completed').map(([id]) => id);
}

function run(
  args: string[],
  { account = ACCOUNT, tty = false, input = '' }: { account?: string; tty?: boolean; input?: string } = {},
) {
  const env = { ...process.env, ASTRA_URL: mock.url, ASTRA_ACCOUNT_ID: account, ASTRA_TOKEN: TOKEN, NO_COLOR: '1' };
  // `script` gives the CLI a real pseudo-terminal, so that it draws its progress bar.
  const [command, argv] = tty
    ? ['script', ['-qfec', [process.execPath, CLI, ...args].map((a) => `'${a}'`).join(' '), '/dev/null']]
    : [process.execPath, [CLI, ...args]];
  return runProcess(command as string, argv as string[], { env, input }).then((result) => {
    outputs.push(result.stdout, result.stderr);
    return result;
  });
}

describe('astra-backups against the simulator', () => {
  it('list prints a table of id, name and state, every backup of the account', async () => {
    const { code, stdout } = await run(['list']);
    expect(code).toBe(0);
    const lines = stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^ID\s+NAME\s+STATE$/);
    expect(lines).toContainEqual(expect.stringMatching(new RegExp(`^${BACKUP}\\s+app-name-245\\s+pending$`)));
    expect(lines.length).toBeGreaterThan(270);
  });

  it('list --app --json prints that app’s backups as JSON objects', async () => {
    const { code, stdout } = await run(['list', '--app', EXAMPLE_APPS.states, '--json']);
    expect(code).toBe(0);
    expect((JSON.parse(stdout) as { name: string; state: string }[]).map((b) => `${b.name} ${b.state}`)).toEqual([
      'db-discovering discovering',
      'db-running running',
      'db-failed failed',
      'db-removed removed',
      'db-unknown unknown',
    ]);
  });

  it('get --json prints the backup; get alone its fields', async () => {
    const json = await run(['get', BACKUP, '--json']);
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toMatchObject({ id: BACKUP, name: 'app-name-245', state: 'pending' });
    const text = await run(['get', BACKUP, '--app', APP]);
    expect(text.stdout).toMatch(/^state\s+pending$/m);
  });

  it('create prints the new backup; --json its JSON', async () => {
    const text = await run(['create', '--app', APP, '--name', 'cli-made']);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/^Created backup \S+ \(cli-made\), pending\. http:\/\/127\.0\.0\.1:\d+\/accounts\//);
    const json = await run(['create', '--app', APP, '--json']);
    expect(JSON.parse(json.stdout)).toMatchObject({ name: expect.stringMatching(/^backup-/), state: 'pending' });
  });

  it('delete --yes deletes; without --yes and without a terminal it refuses (exit 2)', async () => {
    expect(await run(['delete', EXAMPLE_COMPLETED_BACKUP, '--yes'])).toMatchObject({
      code: 0,
      stdout: expect.stringContaining(`Deleted backup ${EXAMPLE_COMPLETED_BACKUP}`),
    });
    const refused = await run(['delete', EXAMPLE_COMPLETED_BACKUP]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('--yes');
  });

  it('delete of a pending backup is refused by the API: problem 128, exit 1', async () => {
    const { code, stderr } = await run(['delete', BACKUP, '--yes']);
    expect(code).toBe(1);
    expect(stderr).toMatch(/^astra-backups: Backup cancellation not allowed: .* \(problem 128, correlationID \S+\)\n$/);
  });

  it('delete asks on a terminal, and deletes nothing without a yes', async () => {
    const [id] = await completedNightly();
    const { code, stdout } = await run(['delete', id as string], { tty: true, input: 'n\n' });
    expect(stdout).toContain(`Delete backup ${id}?`);
    expect(stdout).toContain('Not deleted.');
    expect(code).toBe(0);
    const yes = await run(['delete', id as string], { tty: true, input: 'y\n' });
    expect(yes.stdout).toContain(`Deleted backup ${id}`);
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
    const { code, stdout } = await run(['create', '--app', APP, '--name', 'moving', '--wait', '--interval', '0.05']);
    expect(code).toBe(0);
    const lines = stdout.trim().split('\n');
    const states = lines.slice(1, -1).map((l) => l.replace(/^\S+ /, '').replace(/ \(.*\)$/, ''));
    // What the polls catch depends on the machine's speed; the order and the end do not.
    expect(states.every((line) => /^(pending 0|running \d+|completed 100)%$/.test(line))).toBe(true);
    expect(states.at(-1)).toBe('completed 100%');
    const percents = states.map((line) => Number(/(\d+)%/.exec(line)?.[1]));
    expect(percents).toEqual([...percents].sort((a, b) => a - b));
    expect(lines.at(-1)).toMatch(/^Backup \S+ \(moving\) completed\.$/);
  });

  it('wait draws a progress bar on a terminal', async () => {
    const created = await run(['create', '--app', APP, '--name', 'barred', '--json']);
    const id = (JSON.parse(created.stdout) as { id: string }).id;
    const { code, stdout } = await run(['wait', id, '--app', APP, '--interval', '0.05'], { tty: true });
    expect(code).toBe(0);
    expect(stdout).toContain('\r[##############################] 100% completed');
    expect(stdout).toContain('(barred) completed.');
  });

  it('exits 3 with the reasons when the backup fails', async () => {
    const { code, stderr } = await run([
      'create',
      '--app',
      APP,
      '--name',
      'fail-doomed',
      '--wait',
      '--interval',
      '0.05',
    ]);
    expect(code).toBe(3);
    expect(stderr).toMatch(
      /^astra-backups: Backup \S+ \(fail-doomed\) is failed: The object store bucket is not reachable.*\n$/,
    );
  });

  it('prints an API error as one line with its problem code and correlationID, exit 1', async () => {
    const { code, stderr } = await run(['get', '00000000-0000-4000-8000-999999999999']);
    expect(code).toBe(1);
    expect(stderr).toMatch(
      /^astra-backups: Resource not found: The resource specified in the request URI wasn't found\. \(problem 1, correlationID [0-9a-f-]{36}\)\n$/,
    );
  });
});

describe('the token', () => {
  it('was never printed by any command above', () => {
    expect(outputs.length).toBeGreaterThan(20);
    for (const output of outputs) expect(output).not.toContain(TOKEN);
  });
});
