// The astra-backups CLI: parses arguments, runs one command on the SDK, and maps
// the outcome to an exit code (0 success, 1 API or network error, 2 usage, 3 backup failed).
import { createInterface } from 'node:readline/promises';
import { parseArgs } from 'node:util';
import { shownUrl } from '../sdk/errors.js';
import {
  type AppBackup,
  type AppBackupField,
  type AstraClient,
  BackupFailedError,
  createAstraClient,
  InvalidInputError,
} from '../sdk/index.js';
import { SPEC } from '../spec/index.js';
import { describeBackup, errorLine, progressBar, progressLine, StreamingTable, safe, safeJson } from './output.js';
import { HELP, UsageError, VERSION } from './usage.js';

/** Where the CLI reads and writes: the process, or a test's stand-in. */
export interface Io {
  stdout: { write(text: string): unknown; isTTY?: boolean };
  stderr: { write(text: string): unknown };
  stdin: NodeJS.ReadableStream;
  env: Record<string, string | undefined>;
}

const COMMON = {
  url: { type: 'string' },
  account: { type: 'string' },
  token: { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  // Read by bin.ts, which restarts the CLI with NODE_EXTRA_CA_CERTS set to it.
  'ca-file': { type: 'string' },
} as const;

const OPTIONS = {
  list: { ...COMMON, app: { type: 'string' }, include: { type: 'string' }, limit: { type: 'string' } },
  get: { ...COMMON, app: { type: 'string' } },
  create: {
    ...COMMON,
    app: { type: 'string' },
    name: { type: 'string' },
    bucket: { type: 'string' },
    snapshot: { type: 'string' },
    wait: { type: 'boolean' },
    timeout: { type: 'string' },
    interval: { type: 'string' },
  },
  delete: { ...COMMON, app: { type: 'string' }, yes: { type: 'boolean', short: 'y' } },
  wait: { ...COMMON, app: { type: 'string' }, timeout: { type: 'string' }, interval: { type: 'string' } },
} as const;
type Command = keyof typeof OPTIONS;
type Values = Record<string, string | boolean | undefined>;

/** What `list` shows without --include: small pages, and what a person scans for. */
const DEFAULT_LIST_FIELDS: AppBackupField[] = ['id', 'name', 'state'];

function seconds(name: string, value: string | boolean | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const number = Number(value);
  if (typeof value !== 'string' || !Number.isFinite(number) || number <= 0)
    throw new UsageError(`--${name} must be a number of seconds above 0, got ${JSON.stringify(value)}`);
  return Math.round(number * 1000);
}

/** The token, from --token or ASTRA_TOKEN. */
const tokenOf = (values: Values, io: Io): string | undefined =>
  (values.token as string | undefined) ?? io.env.ASTRA_TOKEN;

function client(values: Values, io: Io): AstraClient {
  const accountId = (values.account as string | undefined) ?? io.env.ASTRA_ACCOUNT_ID;
  const token = tokenOf(values, io);
  const baseUrl = (values.url as string | undefined) ?? io.env.ASTRA_URL;
  if (!accountId) throw new UsageError('no account: set ASTRA_ACCOUNT_ID or pass --account ID');
  if (!token) throw new UsageError('no token: set ASTRA_TOKEN or pass --token TOKEN');
  // ASTRA_LOG (read by the SDK) logs each attempt: to stderr, so that stdout (--json) stays clean.
  const log = (line: string) => io.stderr.write(`${line}\n`);
  const logger = { error: log, warn: log, info: log, debug: log };
  return createAstraClient({ accountId, token, logger, ...(baseUrl ? { baseUrl } : {}) });
}

function one(positionals: string[], command: string): string {
  if (positionals.length !== 1 || !positionals[0])
    throw new UsageError(
      `${command} takes one backup ID, got ${positionals.length}: see 'astra-backups ${command} --help'`,
    );
  return positionals[0];
}

async function follow(astra: AstraClient, id: string, values: Values, io: Io): Promise<AppBackup> {
  const tty = io.stdout.isTTY === true && !values.json;
  const appId = values.app as string | undefined;
  try {
    const backup = await astra.appBackups.waitUntilDone(id, {
      ...(appId ? { appId } : {}),
      maxWaitMs: seconds('timeout', values.timeout, 3_600_000),
      minDelayMs: seconds('interval', values.interval, 2_000),
      onProgress: (b) => {
        if (!values.json) io.stdout.write(tty ? progressBar(b) : `${progressLine(b)}\n`);
      },
    });
    if (tty) io.stdout.write('\n');
    io.stdout.write(
      values.json ? `${safeJson(backup, 2)}\n` : `${safe(`Backup ${backup.id} (${backup.name}) completed.`)}\n`,
    );
    return backup;
  } catch (error) {
    if (tty) io.stdout.write('\n');
    throw error;
  }
}

async function confirm(io: Io, question: string): Promise<boolean> {
  const rl = createInterface({ input: io.stdin, output: io.stdout as NodeJS.WritableStream });
  // End of input without an answer is a no.
  const closed = new Promise<string>((resolve) => rl.once('close', () => resolve('')));
  try {
    return /^y(es)?$/i.test((await Promise.race([rl.question(question), closed])).trim());
  } finally {
    rl.close();
  }
}

const RUN: Record<Command, (astra: () => AstraClient, values: Values, positionals: string[], io: Io) => Promise<void>> =
  {
    async list(astra, values, positionals, io) {
      if (positionals.length) throw new UsageError(`list takes no arguments, got ${JSON.stringify(positionals[0])}`);
      const include = (values.include as string | undefined)
        ?.split(',')
        .map((f) => f.trim())
        .filter(Boolean) as AppBackupField[] | undefined;
      const appId = values.app as string | undefined;
      const limit = values.limit as string | undefined;
      const fields = include ?? DEFAULT_LIST_FIELDS;
      // Rows are written page by page as they arrive: memory stays flat however long the listing.
      const text = new StreamingTable(fields);
      let batch: Record<string, unknown>[] = [];
      let first = true;
      const flush = () => {
        if (values.json) {
          for (const row of batch) {
            io.stdout.write(`${first ? '[\n' : ',\n'}  ${safeJson(row)}`);
            first = false;
          }
        } else if (batch.length || first) {
          io.stdout.write(text.rows(batch));
          first = false;
        }
        batch = [];
      };
      for await (const item of astra().appBackups.list({
        ...(appId ? { appId } : {}),
        include: fields,
        ...(limit ? { limit } : {}),
      })) {
        batch.push(item as Record<string, unknown>);
        if (batch.length >= 100) flush();
      }
      flush();
      if (values.json) io.stdout.write(first ? '[]\n' : '\n]\n');
    },
    async get(astra, values, positionals, io) {
      const appId = values.app as string | undefined;
      const backup = await astra().appBackups.get(one(positionals, 'get'), appId ? { appId } : {});
      io.stdout.write(
        values.json ? `${safeJson(backup, 2)}\n` : `${describeBackup(backup as Record<string, unknown>)}\n`,
      );
    },
    async create(astra, values, positionals, io) {
      if (positionals.length)
        throw new UsageError(`create takes no arguments (the app is --app ID), got ${JSON.stringify(positionals[0])}`);
      if (typeof values.app !== 'string') throw new UsageError('create needs --app ID');
      const client = astra();
      const { backup, location } = await client.appBackups.create(values.app, {
        ...(values.name ? { name: values.name as string } : {}),
        ...(values.bucket ? { bucketID: values.bucket as string } : {}),
        ...(values.snapshot ? { snapshotID: values.snapshot as string } : {}),
      });
      if (!values.wait) {
        io.stdout.write(
          values.json
            ? `${safeJson(backup, 2)}\n`
            : `${safe(`Created backup ${backup.id} (${backup.name}), ${backup.state}.${location ? ` ${shownUrl(location, tokenOf(values, io) ?? '')}` : ''}`)}\n`,
        );
        return;
      }
      if (!values.json)
        io.stdout.write(`${safe(`Created backup ${backup.id} (${backup.name}); waiting for it to finish.`)}\n`);
      await follow(client, backup.id, values, io);
    },
    async delete(astra, values, positionals, io) {
      const id = one(positionals, 'delete');
      if (!values.yes) {
        if (io.stdout.isTTY !== true)
          throw new UsageError('delete asks for confirmation on a terminal; pass --yes to delete without one');
        if (!(await confirm(io, `Delete backup ${id}? This deletes its data. [y/N] `))) {
          io.stdout.write('Not deleted.\n');
          return;
        }
      }
      const appId = values.app as string | undefined;
      await astra().appBackups.delete(id, appId ? { appId } : {});
      io.stdout.write(
        values.json
          ? `${JSON.stringify({ deleted: id })}\n`
          : `Deleted backup ${id} (deletion completes in the background).\n`,
      );
    },
    async wait(astra, values, positionals, io) {
      await follow(astra(), one(positionals, 'wait'), values, io);
    },
  };

/** What was wrong with the arguments, in plain words, with what is accepted. */
function argumentProblem(error: unknown, command: Command): string {
  const { code, message } = error as { code?: string; message?: string };
  const flags = Object.entries(OPTIONS[command])
    .map(([flag, spec]) => `--${flag}${'short' in spec ? ` (-${spec.short})` : ''}`)
    .join(', ');
  const option = /'(-[^' ]+)/.exec(message ?? '')?.[1];
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION')
    return `${command} has no option ${safe(option ?? '?')}; its options are ${flags}`;
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE')
    return `${safe(option ?? 'an option')} needs a value: see 'astra-backups ${command} --help'`;
  return `${safe((message ?? String(error)).split('\n')[0] ?? '')}: see 'astra-backups ${command} --help'`;
}

/** Runs the CLI; resolves with the exit code. */
export async function main(argv: string[], io: Io): Promise<number> {
  const [command, ...rest] = argv;
  if (command === '--version' || command === '-V' || command === 'version') {
    // The spec too, so that a report can name the contract it was made against.
    io.stdout.write(
      `astra-backups ${VERSION}\n${SPEC.title} ${SPEC.apiVersion} (resource version ${SPEC.resourceVersion}), contract sha256 ${SPEC.contractSha256}\n`,
    );
    return 0;
  }
  if (!command || command === '--help' || command === '-h' || command === 'help') {
    io.stdout.write(`${HELP.main}\n`);
    return command ? 0 : 2;
  }
  if (command === 'mock') {
    // Loaded for this command only: the other commands do not pay for the simulator at start.
    const { runMockCommand } = await import('../mock-server/index.js');
    return runMockCommand(rest, {
      stdout: io.stdout,
      stderr: io.stderr,
      once: (s, l) => process.once(s, l),
      stdin: process.stdin,
      exitWithParent: true,
    });
  }
  try {
    if (!Object.hasOwn(OPTIONS, command))
      throw new UsageError(
        `unknown command ${JSON.stringify(command)}: one of ${[...Object.keys(OPTIONS), 'mock'].join(', ')}`,
      );
    const name = command as Command;
    let parsed: { values: Values; positionals: string[] };
    try {
      parsed = parseArgs({ args: rest, options: OPTIONS[name], allowPositionals: true, strict: true }) as {
        values: Values;
        positionals: string[];
      };
    } catch (error) {
      throw new UsageError(argumentProblem(error, name));
    }
    if (parsed.values.help) {
      io.stdout.write(`${HELP[name]}\n`);
      return 0;
    }
    await RUN[name](() => client(parsed.values, io), parsed.values, parsed.positionals, io);
    return 0;
  } catch (error) {
    io.stderr.write(`astra-backups: ${errorLine(error)}\n`);
    if (error instanceof UsageError || error instanceof InvalidInputError) return 2;
    if (error instanceof BackupFailedError) return 3;
    return 1;
  }
}
