// A redirect's Location is shown in the SDK's error (and so on the CLI's stderr), and a
// hostile or careless server may put the bearer token in it: in the query, the path, the
// fragment, as user-info, raw or percent-encoded in any case of hex. It is shown without
// user-info and with every form of the token redacted, in the error, its JSON and inspect
// output, the log lines, and the CLI's output. Against a real server on loopback.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { inspect } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAstraClient, UnexpectedResponseError } from '../../src/sdk/index.js';
import { backup } from '../support/fake-fetch.js';
import { runProcess } from '../support/run.js';

const ACCOUNT = '9ff53b28-2a88-4b1c-8b4a-2d3c1a4f0b5e';
const ID = '54fe651d-3d3b-5fa8-b85c-5db757885ff3';
// Characters that percent-encoding changes (+ / =), and letters whose hex has a case (%2F, %3D).
const TOKEN = 'sk-Secret+tok/en=42';

/** Every character percent-encoded, hex in the case given. */
const encodeAll = (text: string, upper: boolean) =>
  [...Buffer.from(text)].map((b) => `%${upper ? b.toString(16).toUpperCase() : b.toString(16)}`).join('');
const lowerHex = (text: string) => text.replace(/%[0-9A-F]{2}/g, (h) => h.toLowerCase());
const mixedHex = (text: string) =>
  text.replace(/%[0-9a-fA-F]{2}/g, (h, i: number) => (i % 2 ? h.toLowerCase() : h.toUpperCase()));

let origin: string;
/** What the server puts in Location, by the first segment of the path (the client's baseUrl). */
const LOCATIONS: Record<string, () => string> = {
  query: () => `${origin}/elsewhere?token=${TOKEN}`,
  'user-info': () => `http://user:${TOKEN}@127.0.0.1:9/`,
  'user-info-encoded': () => `http://user:${encodeURIComponent(TOKEN)}@127.0.0.1:9/`,
  'user-only': () => `https://alice@astra.example/api`,
  'encoded-lower': () => `${origin}/x?t=${lowerHex(encodeURIComponent(TOKEN))}`,
  'encoded-upper': () => `${origin}/x?t=${encodeURIComponent(TOKEN)}`,
  'every-char-mixed': () => `${origin}/x?t=${mixedHex(encodeAll(TOKEN, true))}&u=${encodeAll(TOKEN, false)}`,
  'path-fragment-twice': () => `/a/${TOKEN}/b?x=${TOKEN}#${encodeURIComponent(TOKEN)}`,
  'double-encoded': () => `${origin}/x?t=${encodeURIComponent(encodeURIComponent(TOKEN))}`,
  'scheme-relative': () => `//bob:${TOKEN}@evil.example/`,
  'tab-inside': () => `${origin}/x?t=${TOKEN.slice(0, 5)}\t${TOKEN.slice(5)}`,
};

/** Whether `text` shows the token in any form a reader could use: decoded again and again, tabs gone. */
function showsToken(text: string): boolean {
  let decoded = text.replace(/[\t\n\r]/g, '').replace(/\\t/g, '');
  for (let i = 0; i < 4; i++) {
    if (decoded.includes(TOKEN)) return true;
    try {
      decoded = decodeURIComponent(decoded);
    } catch {
      decoded = decoded.replace(/%([0-9a-f]{2})/gi, (_, h: string) => String.fromCharCode(Number.parseInt(h, 16)));
    }
  }
  return decoded.includes(TOKEN);
}

let server: Server;
beforeAll(async () => {
  server = createServer((request, response) => {
    const kind = (request.url ?? '/').split('/')[1] ?? '';
    if (kind === 'created') {
      // A create answered 201 with a Location the CLI prints: the same rule.
      response.writeHead(201, {
        'content-type': 'application/astra-appBackup+json',
        location: `http://user:${TOKEN}@127.0.0.1:9/b/${ID}?t=${encodeURIComponent(TOKEN)}`,
      });
      return response.end(JSON.stringify(backup()));
    }
    response.writeHead(302, { location: LOCATIONS[kind]?.() ?? '/nowhere' });
    response.end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => {
  server.closeAllConnections();
  server.close();
});

describe('the oracle', () => {
  it('sees the token in each Location as the server sends it (so the checks below can fail)', () => {
    for (const [kind, location] of Object.entries(LOCATIONS))
      if (kind !== 'user-only') expect(showsToken(location()), kind).toBe(true);
  });
});

describe("a redirect's Location in the SDK's error and logs", () => {
  it.each(Object.keys(LOCATIONS))('%s: shown without user-info or the token', async (kind) => {
    const lines: string[] = [];
    const log = (line: string) => lines.push(line);
    const astra = createAstraClient({
      accountId: ACCOUNT,
      token: TOKEN,
      baseUrl: `${origin}/${kind}`,
      maxRetries: 0,
      logLevel: 'debug',
      logger: { debug: log, info: log, warn: log, error: log },
    });
    const error = await astra.appBackups.get(ID).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnexpectedResponseError);
    const message = (error as Error).message;
    expect(message).toMatch(/answered 302, a redirect to .+, which the SDK does not follow/);
    for (const shown of [message, JSON.stringify(error), inspect(error, { depth: 5 }), ...lines])
      expect(showsToken(shown), shown).toBe(false);
    expect(message).not.toMatch(/user:|alice@|bob:/);
    expect(lines.length).toBeGreaterThan(0);
  });

  it('still says where the redirect pointed', async () => {
    const astra = createAstraClient({ accountId: ACCOUNT, token: TOKEN, baseUrl: `${origin}/query`, maxRetries: 0 });
    const message = await astra.appBackups.get(ID).catch((e: Error) => e.message);
    expect(message).toContain(`a redirect to ${origin}/elsewhere?token=[REDACTED],`);
    const user = createAstraClient({ accountId: ACCOUNT, token: TOKEN, baseUrl: `${origin}/user-only`, maxRetries: 0 });
    expect(await user.appBackups.get(ID).catch((e: Error) => e.message)).toContain(
      'a redirect to https://astra.example/api,',
    );
    const twice = createAstraClient({
      accountId: ACCOUNT,
      token: TOKEN,
      baseUrl: `${origin}/path-fragment-twice`,
      maxRetries: 0,
    });
    expect(await twice.appBackups.get(ID).catch((e: Error) => e.message)).toContain(
      'a redirect to /a/[REDACTED]/b?x=[REDACTED]#[REDACTED],',
    );
  });
});

describe("a redirect's Location on the CLI's output", () => {
  const cli = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));

  it.concurrent.each(Object.keys(LOCATIONS))('%s: stderr shows neither user-info nor the token', async (kind) => {
    const run = await runProcess(process.execPath, [cli, 'get', ID, '--url', `${origin}/${kind}`], {
      env: { ...process.env, ASTRA_TOKEN: TOKEN, ASTRA_ACCOUNT_ID: ACCOUNT, ASTRA_LOG: 'debug', NO_COLOR: '1' },
    });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('answered 302, a redirect to ');
    expect(showsToken(run.stderr), run.stderr).toBe(false);
    expect(showsToken(run.stdout)).toBe(false);
    expect(run.stderr).not.toMatch(/user:|alice@|bob:/);
  });

  it("a created backup's Location: shown without user-info or the token", async () => {
    const run = await runProcess(
      process.execPath,
      [cli, 'create', '--app', '2b7d3f5c-1e8a-4c6b-9d0e-7f1a2b3c4d5e', '--url', `${origin}/created`],
      { env: { ...process.env, ASTRA_TOKEN: TOKEN, ASTRA_ACCOUNT_ID: ACCOUNT, NO_COLOR: '1' } },
    );
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`Created backup ${ID}`);
    expect(run.stdout).toContain(`http://127.0.0.1:9/b/${ID}?t=[REDACTED]`);
    expect(showsToken(run.stdout), run.stdout).toBe(false);
  });
});
