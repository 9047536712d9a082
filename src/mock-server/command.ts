// `astra-backups mock`: the simulator on a port, from the installed package, until
// Ctrl-C (or SIGTERM) stops it. Loaded only when that command runs, so that the other
// commands do not pay for the simulator at start.
import { parseArgs } from 'node:util';
import { EXAMPLE_ACCOUNT, EXAMPLE_APPS, EXAMPLE_BACKUP, SEEDED_START } from '../mock/index.js';
import { isLoopback } from './host.js';
import { startMockServer } from './server.js';

/** Where the command writes, and the signals it stops on: the process, or a test's stand-in. */
export interface MockIo {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
  once(signal: 'SIGINT' | 'SIGTERM' | 'SIGHUP', listener: () => void): unknown;
}

export const MOCK_HELP = `Usage: astra-backups mock [--port N] [--host H] [--backup-ms N] [--allowed-hosts NAMES] [--seed S]
                         [--control-token T] [--quiet]

Serve the Astra simulator (backups kept in memory, every answer checked against the spec)
for a frontend or a test, until Ctrl-C. Any bearer token is accepted.
  --port N              the port (default 4010; 0 picks a free one)
  --host H              the address to listen on (default 127.0.0.1; 0.0.0.0 serves a team network)
  --backup-ms N         how long a new backup takes, in ms (default 20000)
  --allowed-hosts NAMES more comma-separated names a request's Host may carry
  --seed S              fixed ids and a clock frozen at its start, for snapshot tests
                        (or ASTRA_MOCK_SEED)
  --control-token T     lets requests carrying it in X-Astra-Control-Token use /__astra/
                        from anywhere, a page included (or ASTRA_MOCK_CONTROL_TOKEN);
                        without it, only this machine's scripts and tests may
  --quiet               no line per request or control operation
  -h, --help            show help`;

const OPTIONS = {
  port: { type: 'string' },
  host: { type: 'string' },
  'backup-ms': { type: 'string' },
  'allowed-hosts': { type: 'string' },
  seed: { type: 'string' },
  'control-token': { type: 'string' },
  quiet: { type: 'boolean' },
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
  if (seed === '') throw new MockUsageError('--seed (or ASTRA_MOCK_SEED) must not be empty');
  const controlToken = values['control-token'] ?? process.env.ASTRA_MOCK_CONTROL_TOKEN;
  // Said without the token: it is a secret.
  if (controlToken !== undefined && !/^[\x21-\x7e]{16,256}$/.test(controlToken))
    throw new MockUsageError(
      '--control-token (or ASTRA_MOCK_CONTROL_TOKEN) must be 16 to 256 printable ASCII characters without spaces',
    );
  return {
    port: whole('port', values.port, 4010, 0, 65535),
    host,
    backupMs: whole('backup-ms', values['backup-ms'], 20_000, 10, 86_400_000),
    allowedHosts: (values['allowed-hosts'] ?? '')
      .split(',')
      .map((h) => h.trim())
      .filter(Boolean),
    ...(seed === undefined ? {} : { seed }),
    ...(controlToken === undefined ? {} : { controlToken }),
    quiet: values.quiet === true,
  };
}

/** Runs `astra-backups mock`; resolves with the exit code once a signal has stopped the server. */
export async function runMockCommand(args: string[], io: MockIo): Promise<number> {
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
  const { port, host, backupMs, allowedHosts, seed, controlToken, quiet } = parsed;

  let server: Awaited<ReturnType<typeof startMockServer>>;
  try {
    server = await startMockServer({
      port,
      host,
      backupMs,
      allowedHosts,
      ...(seed === undefined ? {} : { seed }),
      ...(controlToken === undefined ? {} : { controlToken }),
      alarm: (line) => io.stderr.write(`${line}\n`),
      ...(quiet ? {} : { log: (line: string) => io.stdout.write(`${line}\n`) }),
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
    return 1;
  }
  if (!isLoopback(host))
    io.stderr.write(
      `warning: --host ${host} serves the mock beyond this machine: anyone who can reach it can use it (it checks no token); its /__astra/ control endpoints answer ${controlToken === undefined ? 'only this machine (give --control-token to allow others)' : 'others only with the control token'}.\n`,
    );
  const { url } = server;
  io.stdout.write(`
Astra Application Backup simulator at ${url} (every answer checked against the spec)
  Any bearer token is accepted. New backups take ${backupMs} ms: pending, running, completed
  (a name starting with "fail-" fails half-way).
  Seeded account ${EXAMPLE_ACCOUNT}:
    app ${EXAMPLE_APPS.shop}  the documents' examples (backup ${EXAMPLE_BACKUP} is pending)
    app ${EXAMPLE_APPS.nightly}  270 nightly backups (paging)
    app ${EXAMPLE_APPS.states}  one backup in each other state
  Try: curl -H 'Authorization: Bearer any' '${url}/accounts/${EXAMPLE_ACCOUNT}/topology/v1/appBackups?include=id,name,state&limit=5'
  Prefer: code=NNN or example=NAME answers a documented example. Ctrl-C stops it.
  Control: ${url}/__astra/ reset, fixtures, time, latency, faults, journal (${controlToken === undefined ? 'from this machine only' : 'from anywhere with the control token'}).${seed === undefined ? '' : `\n  Seed ${JSON.stringify(seed)}: fixed ids, and the clock frozen at ${new Date(SEEDED_START).toISOString()} (POST /__astra/time moves it).`}
`);
  await new Promise<void>((resolve) => {
    for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) io.once(signal, resolve);
  });
  await server.close();
  return 0;
}
