// `astra-backups mock`: the simulator on a port, from the installed package, until
// Ctrl-C (or SIGTERM) stops it. Loaded only when that command runs, so that the other
// commands do not pay for the simulator at start.

import { fstatSync } from 'node:fs';
import { parseArgs } from 'node:util';
import {
  ControlInputError,
  checkBackupMs,
  checkControlToken,
  checkSeed,
  EXAMPLE_ACCOUNT,
  EXAMPLE_APPS,
  EXAMPLE_BACKUP,
  EXAMPLE_COMPLETED_BACKUP,
  SEEDED_START,
  SIMULATOR_LIMITS,
} from '../mock/index.js';
import { isLoopback } from './host.js';
import { watchParent } from './parent.js';
import { type MockStep, startMockServer } from './server.js';

/** Where the command writes, and the signals it stops on: the process, or a test's stand-in. */
export interface MockIo {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
  once(signal: 'SIGINT' | 'SIGTERM' | 'SIGHUP', listener: () => void): unknown;
  /** The process's stdin, for `--json` and `--exit-on-stdin-close`. @default not watched */
  stdin?: NodeJS.ReadableStream & { fd?: number };
  /** Stop when the process that started this one is gone (a real process; never a test's stand-in). */
  exitWithParent?: boolean;
}

/** What the repository's `npm start` adds to the command: Prism's check behind the server. */
export interface MockCommandExtras {
  step?: MockStep;
  /** What the banner says checks the answers. @default 'every answer checked against the spec' */
  checkedBy?: string;
  /** Replaces the banner's lines after the first (the example mock has no seeded state). */
  banner?: (url: string) => string;
  /** Stops what the step started, after the server has stopped. */
  stop?: () => Promise<void>;
}

export const MOCK_HELP = `Usage: astra-backups mock [--port N] [--host H] [--backup-ms N] [--allowed-hosts NAMES] [--seed S]
                         [--control-token T] [--quiet] [--json] [--exit-on-stdin-close]

Serve the Astra simulator (backups kept in memory, every answer checked against the spec)
for a frontend or a test, until Ctrl-C. Any bearer token is accepted.
  --port N              the port (default 4010; 0 picks a free one)
  --host H              the address to listen on (default 127.0.0.1; 0.0.0.0 serves a team network)
  --backup-ms N         how long a new backup takes, in ms (default ${SIMULATOR_LIMITS.backupMsDefault},
                        from ${SIMULATOR_LIMITS.backupMsMin} to ${SIMULATOR_LIMITS.backupMsMax})
  --allowed-hosts NAMES more comma-separated names a request's Host may carry
  --seed S              fixed ids and a clock frozen at its start, for snapshot tests
                        (or ASTRA_MOCK_SEED)
  --control-token T     lets requests carrying it in X-Astra-Control-Token use /__astra/
                        from anywhere, a page included (or ASTRA_MOCK_CONTROL_TOKEN);
                        without it, only this machine's scripts and tests may
  --quiet               no line per request or control operation (those lines go to stderr)
  --json                once ready, print one JSON line on stdout and nothing else:
                        {"url","accountId","appIds","backupId","completedBackupId","control"}
                        (no token); with it, closing stdin (a pipe) stops the mock
  --exit-on-stdin-close stop when stdin (a pipe) is closed, without --json; a mock started
                        with stdin from /dev/null or a file is not stopped by it
  -h, --help            show help
The mock stops on Ctrl-C, SIGTERM or SIGHUP (requests in flight get their answer, for up
to 5 s), and when the process that started it is gone (a killed npx stops it).`;

const OPTIONS = {
  port: { type: 'string' },
  host: { type: 'string' },
  'backup-ms': { type: 'string' },
  'allowed-hosts': { type: 'string' },
  seed: { type: 'string' },
  'control-token': { type: 'string' },
  quiet: { type: 'boolean' },
  json: { type: 'boolean' },
  'exit-on-stdin-close': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

class MockUsageError extends Error {}

function whole(flag: string, value: string | undefined, fallback: number, min: number, max: number): number {
  if (value === undefined) return fallback;
  const number = Number(value);
  if (!/^\d+$/.test(value) || number < min || number > max)
    throw new MockUsageError(`--${flag} must be a whole number from ${min} to ${max}, got ${JSON.stringify(value)}`);
  return number;
}

interface Settings {
  port: number;
  host: string;
  backupMs: number;
  allowedHosts: string[];
  seed?: string;
  controlToken?: string;
  quiet: boolean;
  json: boolean;
  exitOnStdinClose: boolean;
}

/** The command's settings from its arguments, or `'help'`; a MockUsageError says what is wrong. */
function settings(args: string[]): Settings | 'help' {
  let parsed: ReturnType<typeof parseArgs<{ args: string[]; options: typeof OPTIONS; strict: true }>>;
  try {
    parsed = parseArgs({ args, options: OPTIONS, strict: true });
  } catch (error) {
    throw new MockUsageError(
      `${(error instanceof Error ? error.message : String(error)).split('\n')[0]}: see 'astra-backups mock --help'`,
    );
  }
  const { values } = parsed;
  if (values.help) return 'help';
  const host = values.host ?? '127.0.0.1';
  if (!host) throw new MockUsageError('--host must be an address, like 127.0.0.1 or 0.0.0.0');
  const seed = values.seed ?? process.env.ASTRA_MOCK_SEED;
  const controlToken = values['control-token'] ?? process.env.ASTRA_MOCK_CONTROL_TOKEN;
  const given = values['backup-ms'];
  let backupMs: number;
  // The simulator's own checks and messages (src/mock/limits.ts), named by flag; the token's never repeats it.
  try {
    checkSeed(seed, '--seed (or ASTRA_MOCK_SEED)');
    if (controlToken !== undefined) checkControlToken(controlToken, '--control-token (or ASTRA_MOCK_CONTROL_TOKEN)');
    backupMs = checkBackupMs(given !== undefined && /^\d+$/.test(given) ? Number(given) : given, '--backup-ms');
  } catch (error) {
    if (error instanceof ControlInputError) throw new MockUsageError(error.message);
    throw error;
  }
  return {
    port: whole('port', values.port, 4010, 0, 65535),
    host,
    backupMs,
    allowedHosts: (values['allowed-hosts'] ?? '')
      .split(',')
      .map((h) => h.trim())
      .filter(Boolean),
    ...(seed === undefined ? {} : { seed }),
    ...(controlToken === undefined ? {} : { controlToken }),
    quiet: values.quiet === true,
    json: values.json === true,
    exitOnStdinClose: values.json === true || values['exit-on-stdin-close'] === true,
  };
}

/** True when `stdin` is a pipe or a socket: its other end can close; /dev/null and files cannot. */
function closable(stdin: { fd?: number }): boolean {
  try {
    const stat = fstatSync(stdin.fd ?? 0);
    return stat.isFIFO() || stat.isSocket();
  } catch {
    return false;
  }
}

/** Runs `astra-backups mock`; resolves with the exit code once a signal (or a lost parent) has stopped the server. */
export async function runMockCommand(args: string[], io: MockIo, extras: MockCommandExtras = {}): Promise<number> {
  let parsed: Settings | 'help';
  try {
    parsed = settings(args);
  } catch (error) {
    if (!(error instanceof MockUsageError)) throw error;
    io.stderr.write(`astra-backups: ${error.message}\n`);
    return 2;
  }
  if (parsed === 'help') {
    io.stdout.write(`${MOCK_HELP}\n`);
    return 0;
  }
  const { port, host, backupMs, allowedHosts, seed, controlToken, quiet, json } = parsed;

  // Stopping is asked for from the start: a signal during start-up stops cleanly too.
  let stop: () => void = () => undefined;
  const stopped = new Promise<void>((resolve) => {
    stop = resolve;
  });
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) io.once(signal, () => stop());
  const unwatch = io.exitWithParent ? watchParent(() => stop()) : () => undefined;
  const stdin = parsed.exitOnStdinClose && io.stdin && closable(io.stdin) ? io.stdin : undefined;
  if (stdin) {
    stdin.on('end', () => stop());
    stdin.on('close', () => stop());
    stdin.on('error', () => stop());
    // Read (and drop) whatever comes, so that the end is seen.
    stdin.resume();
  }
  const finish = async (code: number) => {
    unwatch();
    if (stdin) (stdin as { destroy?: () => void }).destroy?.();
    await extras.stop?.();
    return code;
  };

  let server: Awaited<ReturnType<typeof startMockServer>>;
  try {
    server = await startMockServer({
      port,
      host,
      backupMs,
      allowedHosts,
      ...(seed === undefined ? {} : { seed }),
      ...(controlToken === undefined ? {} : { controlToken }),
      ...(extras.step ? { step: extras.step } : {}),
      alarm: (line) => io.stderr.write(`${line}\n`),
      // Request lines go to stderr: stdout holds what a script reads (the --json line).
      ...(quiet ? {} : { log: (line: string) => io.stderr.write(`${line}\n`) }),
    });
  } catch (error) {
    const { code, message } = error as NodeJS.ErrnoException;
    io.stderr.write(
      `astra-backups: the mock did not start: ${
        code === 'EADDRINUSE'
          ? `port ${port} on ${host} is in use; pass --port N (0 picks a free one)`
          : code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND'
            ? `${host} is no address of this machine; pass --host 127.0.0.1 or 0.0.0.0`
            : message
      }\n`,
    );
    return finish(1);
  }
  if (!isLoopback(host))
    io.stderr.write(
      `warning: --host ${host} serves the mock beyond this machine: anyone who can reach it can use it (it checks no token); its /__astra/ control endpoints answer ${controlToken === undefined ? 'only this machine (give --control-token to allow others)' : 'others only with the control token'}.\n`,
    );
  const { url } = server;
  if (json)
    io.stdout.write(
      `${JSON.stringify({
        url,
        accountId: EXAMPLE_ACCOUNT,
        appIds: [EXAMPLE_APPS.shop, EXAMPLE_APPS.nightly, EXAMPLE_APPS.states],
        backupId: EXAMPLE_BACKUP,
        completedBackupId: EXAMPLE_COMPLETED_BACKUP,
        control: `${url}/__astra`,
      })}\n`,
    );
  else
    io.stdout.write(
      `\nAstra Application Backup simulator at ${url} (${extras.checkedBy ?? 'every answer checked against the spec'})\n${
        extras.banner?.(url) ??
        `  Any bearer token is accepted. New backups take ${backupMs} ms: pending, running, completed
  (a name starting with "fail-" fails half-way).
  Seeded account ${EXAMPLE_ACCOUNT}:
    app ${EXAMPLE_APPS.shop}  the documents' examples (backup ${EXAMPLE_BACKUP} is pending)
    app ${EXAMPLE_APPS.nightly}  270 nightly backups (paging)
    app ${EXAMPLE_APPS.states}  one backup in each other state
  Try: curl -H 'Authorization: Bearer any' '${url}/accounts/${EXAMPLE_ACCOUNT}/topology/v1/appBackups?include=id,name,state&limit=5'
  Prefer: code=NNN or example=NAME answers a documented example. Ctrl-C stops it.
  Control: ${url}/__astra/ reset, fixtures, time, latency, faults, journal (${controlToken === undefined ? 'from this machine only' : 'from anywhere with the control token'}).${seed === undefined ? '' : `\n  Seed ${JSON.stringify(seed)}: fixed ids, and the clock frozen at ${new Date(SEEDED_START).toISOString()} (POST /__astra/time moves it).`}`
      }\n`,
    );
  await stopped;
  await server.close();
  return finish(0);
}
