// `astra-backups mock` as a test runner or a script drives it (issue 30): `--json` prints one
// line with the URL, the seeded ids and the control endpoint once it is ready, and nothing else
// on stdout; closing stdin stops it only with `--json` or `--exit-on-stdin-close` (and only
// when stdin is a pipe: a mock started with </dev/null stays up); and it exits when the
// process that started it is gone, a shell in between included (npm exec -> sh -> node).
// Runs the built CLI (dist/cli.js), as users do.
import type { ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { EXAMPLE_ACCOUNT, EXAMPLE_APPS, EXAMPLE_BACKUP } from '../../scripts/mock/seed.mjs';
import { startChild } from '../support/run.js';
import { root } from '../support/spec.js';

const CLI = join(root, 'dist', 'cli.js');
const started: ChildProcess[] = [];
const pids: number[] = [];

// Whatever a test started is stopped, even when it failed.
afterEach(() => {
  for (const child of started.splice(0))
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  for (const pid of pids.splice(0))
    try {
      process.kill(pid, 'SIGKILL');
    } catch {}
});

interface Mock {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  exited: Promise<number | null>;
}

function mock(args: string[], stdin: 'pipe' | 'ignore' = 'pipe'): Mock {
  // startChild: stopped by the teardown too, should a test end without its afterEach.
  const child = startChild(process.execPath, [CLI, 'mock', '--port', '0', ...args], { stdio: [stdin, 'pipe', 'pipe'] });
  started.push(child);
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (d) => {
    stdout += d;
  });
  child.stderr?.on('data', (d) => {
    stderr += d;
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, stdout: () => stdout, stderr: () => stderr, exited };
}

/** Resolves when `check` is true, checked on each output or every 50 ms; fails after `ms`. */
async function until(check: () => boolean, what: string, ms = 30_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`not within ${ms} ms: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function ready(m: Mock): Promise<{ url: string; [key: string]: unknown }> {
  await until(() => m.stdout().includes('\n') || m.child.exitCode !== null, `the --json line\n${m.stderr()}`);
  return JSON.parse(m.stdout().split('\n')[0] ?? '') as { url: string };
}

const answers = (url: string) =>
  fetch(`${url}/accounts/${EXAMPLE_ACCOUNT}/topology/v1/appBackups?limit=1`, {
    headers: { authorization: 'Bearer t' },
    signal: AbortSignal.timeout(10_000),
  }).then(
    (r) => r.status,
    () => 0,
  );

/** Waits (bounded) for an exit and returns its code. */
function exitOf(m: Mock, ms = 20_000): Promise<number | null> {
  return Promise.race([
    m.exited,
    new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`still running after ${ms} ms`)), ms)),
  ]);
}

describe('astra-backups mock --json', () => {
  it('prints exactly one JSON line on stdout once ready, never the token; request lines go to stderr', async () => {
    const token = 'control-token-0123456789abcdef';
    const m = mock(['--json', '--control-token', token]);
    const line = await ready(m);
    expect(Object.keys(line)).toEqual(['url', 'accountId', 'appIds', 'backupId', 'completedBackupId', 'control']);
    expect(line.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(line).toMatchObject({
      accountId: EXAMPLE_ACCOUNT,
      appIds: [EXAMPLE_APPS.shop, EXAMPLE_APPS.nightly, EXAMPLE_APPS.states],
      backupId: EXAMPLE_BACKUP,
      control: `${line.url}/__astra`,
    });
    expect(await answers(line.url)).toBe(200);
    await until(() => m.stderr().includes('GET /accounts/'), 'a request line on stderr');
    const journal = await fetch(`${line.url}/__astra/journal`);
    expect(journal.status).toBe(200);
    expect(m.stdout()).toBe(`${JSON.stringify(line)}\n`);
    expect(m.stdout() + m.stderr()).not.toContain(token);
    m.child.kill('SIGTERM');
    expect(await exitOf(m)).toBe(0);
  });

  it('stops when stdin (a pipe) closes with --json or --exit-on-stdin-close; without either it stays up', async () => {
    const [json, flagged, plain] = [mock(['--json']), mock(['--json', '--quiet']), mock(['--quiet'])];
    const flaggedNoJson = mock(['--exit-on-stdin-close', '--quiet']);
    const url = (await ready(json)).url;
    await ready(flagged);
    await until(() => /at (http:\S+)/.test(plain.stdout()), 'the plain banner');
    await until(() => /at (http:\S+)/.test(flaggedNoJson.stdout()), 'the flagged banner');
    const plainUrl = /at (http:\S+)/.exec(plain.stdout())?.[1] as string;
    expect(await answers(url)).toBe(200);
    for (const m of [json, flagged, plain, flaggedNoJson]) m.child.stdin?.end();
    expect(await exitOf(json)).toBe(0);
    expect(await exitOf(flagged)).toBe(0);
    expect(await exitOf(flaggedNoJson)).toBe(0);
    // The others saw their stdin close as early: this one is still serving.
    expect(await answers(plainUrl)).toBe(200);
    expect(plain.child.exitCode).toBeNull();
  });

  it('stays up when started with stdin from /dev/null, --json or not', async () => {
    const background = mock(['--json'], 'ignore');
    const witness = mock(['--json']);
    const url = (await ready(background)).url;
    await ready(witness);
    witness.child.stdin?.end();
    expect(await exitOf(witness)).toBe(0);
    expect(await answers(url)).toBe(200);
    expect(background.child.exitCode).toBeNull();
  });
});

describe('astra-backups mock and the process that started it', () => {
  it('exits when its starter is killed, though the shell in between lives on (npm exec -> sh -> node)', async () => {
    // A stand-in for npx: a node process that runs the mock through `sh -c`, as npm exec does.
    const starter = startChild(
      process.execPath,
      [
        '-e',
        `const { spawn } = require('node:child_process');
         const sh = spawn('sh', ['-c', ${JSON.stringify(`"${process.execPath}" "${CLI}" mock --port 0 --json; true`)}], { stdio: ['ignore', 'inherit', 'inherit'] });
         process.stdout.write('sh ' + sh.pid + '\\n');`,
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    started.push(starter);
    let out = '';
    starter.stdout?.on('data', (d) => {
      out += d;
    });
    await until(() => /\{"url":"([^"]+)"/.test(out), `the mock's --json line\n${out}`);
    const url = /\{"url":"([^"]+)"/.exec(out)?.[1] as string;
    const sh = Number(/^sh (\d+)/m.exec(out)?.[1]);
    pids.push(sh);
    expect(await answers(url)).toBe(200);
    starter.kill('SIGKILL');
    // The mock's stdin is /dev/null (no stdin close to see) and its parent shell lives on:
    // only the lost starter can stop it.
    await until(() => {
      try {
        process.kill(sh, 0);
      } catch {
        return true;
      }
      return false;
    }, 'the shell ends once the mock has exited');
    expect(await answers(url)).toBe(0);
  });
});
