// Debug logging: off by default; with logLevel (or ASTRA_LOG in Node) one line per attempt,
// with its status or failure, its time and the retry decision, to the logger given
// (console by default); never the token, even when the server echoes it.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createAstraClient, InvalidInputError, type Logger, type LogLevel } from '../../src/sdk/index.js';
import { ACCOUNT, BACKUP_ID, backup, fakeFetch, json, problem } from '../support/fake-fetch.js';

const LONG_TOKEN = 'sk-live-0123456789abcdefghijklmnop';

/** A logger that keeps every line with its level. */
function recorder() {
  const lines: [string, string][] = [];
  const logger = Object.fromEntries(
    (['error', 'warn', 'info', 'debug'] as const).map((level) => [
      level,
      (message: string, ...rest: unknown[]) => lines.push([level, [message, ...rest].map(String).join(' ')]),
    ]),
  ) as unknown as Logger;
  return { lines, logger };
}

const unreachable = () => {
  throw new TypeError('fetch failed', { cause: Object.assign(new Error('connect ECONNREFUSED'), { code: 'X' }) });
};

function client(logLevel: LogLevel | undefined, ...handlers: Parameters<typeof fakeFetch>) {
  const { fetch } = fakeFetch(...handlers);
  const { lines, logger } = recorder();
  const astra = createAstraClient(
    {
      accountId: ACCOUNT,
      token: LONG_TOKEN,
      baseUrl: 'https://astra.test',
      fetch,
      logger,
      ...(logLevel ? { logLevel } : {}),
    },
    { random: () => 0, sleep: async () => {} },
  );
  return { astra, lines };
}

afterEach(() => {
  vi.unstubAllEnvs();
});

const PATH = `/accounts/${ACCOUNT}/topology/v1/appBackups/${BACKUP_ID}`;

describe('logLevel', () => {
  it('logs nothing by default', async () => {
    const { astra, lines } = client(
      undefined,
      () => new Response('', { status: 503 }),
      () => json(backup()),
    );
    await astra.appBackups.get(BACKUP_ID);
    expect(lines).toEqual([]);
  });

  it('debug: each attempt, its status, its time and the retry decision', async () => {
    const { astra, lines } = client(
      'debug',
      () => new Response('', { status: 503, headers: { 'retry-after': '0' } }),
      unreachable,
      () => json(backup()),
    );
    await astra.appBackups.get(BACKUP_ID);
    expect(lines).toHaveLength(3);
    expect(lines[0]).toEqual([
      'info',
      expect.stringMatching(/^astra-app-backups: GET \S+ \(attempt 1 of 3\): 503 in \d+ ms, retry in 0 ms$/),
    ]);
    expect(lines[1]).toEqual([
      'info',
      expect.stringMatching(/\(attempt 2 of 3\): connect ECONNREFUSED \(X\) in \d+ ms, retry in 1000 ms$/),
    ]);
    expect(lines[2]).toEqual([
      'debug',
      `astra-app-backups: GET ${PATH} (attempt 3 of 3): 200 in ${lines[2]?.[1].match(/(\d+) ms$/)?.[1]} ms`,
    ]);
  });

  it('warn: error answers and calls without an answer, and not the attempts that succeed or retry', async () => {
    const { astra, lines } = client(
      'warn',
      () => new Response('', { status: 503 }),
      () => problem(404, 1, 'Resource not found'),
    );
    await expect(astra.appBackups.get(BACKUP_ID)).rejects.toThrow('Resource not found');
    expect(lines).toEqual([['warn', expect.stringMatching(/\(attempt 2 of 3\): 404 in \d+ ms$/)]]);

    const down = client('error', unreachable);
    await expect(down.astra.appBackups.get(BACKUP_ID, { maxRetries: 0 })).rejects.toThrow('ECONNREFUSED');
    expect(down.lines).toEqual([
      ['error', expect.stringMatching(/\(attempt 1 of 1\): connect ECONNREFUSED \(X\) in \d+ ms$/)],
    ]);
  });

  it('never logs the token, even when the server echoes it into every answer', async () => {
    const echo = () => problem(401, 4, `Invalid token ${LONG_TOKEN}`, { detail: `Bearer ${LONG_TOKEN}` });
    const { astra, lines } = client(
      'debug',
      () => new Response(`Bearer ${LONG_TOKEN}`, { status: 503 }),
      () => {
        throw new TypeError(`fetch failed for ${LONG_TOKEN}`);
      },
      echo,
    );
    await expect(astra.appBackups.get(BACKUP_ID)).rejects.toThrow('[REDACTED]');
    expect(lines).toHaveLength(3);
    for (const [, line] of lines) expect(line).not.toContain(LONG_TOKEN);
    expect(lines[1]?.[1]).toContain('fetch failed for [REDACTED]');
  });

  it('refuses an unknown level, naming the option', () => {
    expect(() => createAstraClient({ accountId: ACCOUNT, token: LONG_TOKEN, logLevel: 'verbose' as LogLevel })).toThrow(
      new InvalidInputError('options.logLevel', 'must be one of off, error, warn, info, debug, got "verbose"'),
    );
    // An empty level is the option's mistake too, not ASTRA_LOG's.
    expect(() => createAstraClient({ accountId: ACCOUNT, token: LONG_TOKEN, logLevel: '' as LogLevel })).toThrow(
      /^options\.logLevel: must be one of .*, got ""$/,
    );
  });
});

describe('ASTRA_LOG', () => {
  it('sets the level in Node when logLevel is absent, to console by default', async () => {
    vi.stubEnv('ASTRA_LOG', 'debug');
    const debug = vi.spyOn(console, 'debug').mockImplementation(() => {});
    try {
      const { fetch } = fakeFetch(() => json(backup()));
      await createAstraClient({
        accountId: ACCOUNT,
        token: LONG_TOKEN,
        baseUrl: 'https://astra.test',
        fetch,
      }).appBackups.get(BACKUP_ID);
      expect(debug.mock.calls).toEqual([
        [expect.stringMatching(/^astra-app-backups: GET \S+ \(attempt 1 of 3\): 200 in/)],
      ]);
    } finally {
      debug.mockRestore();
    }
  });

  it('is overridden by logLevel, and a bad value is refused naming ASTRA_LOG', async () => {
    vi.stubEnv('ASTRA_LOG', 'debug');
    const { astra, lines } = client('off', () => json(backup()));
    await astra.appBackups.get(BACKUP_ID);
    expect(lines).toEqual([]);
    vi.stubEnv('ASTRA_LOG', 'loud');
    expect(() => createAstraClient({ accountId: ACCOUNT, token: LONG_TOKEN })).toThrow(/^ASTRA_LOG: must be one of/);
  });

  it('is not read where there is no process (a browser), and nothing fails', async () => {
    vi.stubGlobal('process', undefined);
    try {
      const { astra, lines } = client(undefined, () => json(backup()));
      await expect(astra.appBackups.get(BACKUP_ID)).resolves.toMatchObject({ id: BACKUP_ID });
      expect(lines).toEqual([]);
    } finally {
      vi.unstubAllGlobals();
    }
  });
});

describe('ASTRA_LOG in Deno', () => {
  it('is never read, so a client needs no env permission and no user is prompted for one', () => {
    // Deno's process.env throws without --allow-env (and prompts at a terminal).
    const env = new Proxy({} as Record<string, string>, {
      get: () => {
        throw new Error('NotCapable: Requires env access to "ASTRA_LOG", run again with the --allow-env flag');
      },
    });
    vi.stubGlobal('Deno', { version: { deno: '2.9.6' } });
    vi.stubGlobal('process', { env });
    try {
      expect(() => createAstraClient({ accountId: ACCOUNT, token: LONG_TOKEN })).not.toThrow();
    } finally {
      vi.unstubAllGlobals();
    }
  });

  it('counts as unset where process.env refuses to be read (no Deno around)', () => {
    const env = new Proxy({} as Record<string, string>, {
      get: () => {
        throw new Error('env access refused');
      },
    });
    vi.stubGlobal('process', { env });
    try {
      expect(() => createAstraClient({ accountId: ACCOUNT, token: LONG_TOKEN })).not.toThrow();
    } finally {
      vi.unstubAllGlobals();
    }
  });
});

describe('the CLI with ASTRA_LOG', () => {
  it('logs each attempt to stderr, never stdout, and never the token', async () => {
    vi.stubEnv('ASTRA_LOG', 'debug');
    const { fetch } = fakeFetch(
      () => new Response('', { status: 503, headers: { 'retry-after': '0' } }),
      () => json(backup({ state: 'completed' })),
    );
    vi.stubGlobal('fetch', fetch);
    const out: string[] = [];
    const err: string[] = [];
    const { main } = await import('../../src/cli/main.js');
    const code = await main(['get', BACKUP_ID, '--json'], {
      stdout: { write: (text: string) => out.push(text) },
      stderr: { write: (text: string) => err.push(text) },
      stdin: process.stdin,
      env: { ASTRA_URL: 'https://astra.test', ASTRA_ACCOUNT_ID: ACCOUNT, ASTRA_TOKEN: LONG_TOKEN },
    });
    vi.unstubAllGlobals();
    expect(code).toBe(0);
    expect(JSON.parse(out.join(''))).toMatchObject({ id: BACKUP_ID, state: 'completed' });
    expect(err).toEqual([
      expect.stringMatching(/^astra-app-backups: GET \S+ \(attempt 1 of 3\): 503 in \d+ ms, retry in 0 ms\n$/),
      expect.stringMatching(/^astra-app-backups: GET \S+ \(attempt 2 of 3\): 200 in \d+ ms\n$/),
    ]);
    expect(err.join('')).not.toContain(LONG_TOKEN);
  });
});
