// What the CLI does for a person at a terminal: --version, control characters from the
// server shown escaped, rows streamed as pages arrive, a closed pipe that ends quietly.
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contractSha256 } from '../../scripts/lib/contract.mjs';
import { runProcess } from '../support/run.js';
import { root } from '../support/spec.js';

const CLI = join(root, 'dist', 'cli.js');
const ACCOUNT = '9ff53b28-2a88-4b1c-8b4a-2d3c1a4f0b5e';
// Retitles the terminal, clears the screen, and fakes a line of output.
const HOSTILE = '\u001b]0;pwned\u0007\u001b[2J\r\nastra-backups: all good\u009b31m';

let server: Server;
let url: string;
let pagesServed = 0;

beforeAll(async () => {
  server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://x');
    if (path.pathname.endsWith('/topology/v1/appBackups')) {
      // An endless listing: every page has a fresh continue token.
      const page = Number(path.searchParams.get('continue') ?? '0');
      pagesServed++;
      const items = Array.from({ length: 100 }, (_, i) => [
        `00000000-0000-4000-8000-${String(page * 100 + i).padStart(12, '0')}`,
        page === 0 && i === 0 ? HOSTILE : `backup-${page}-${i}`,
        'completed',
      ]);
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ items, metadata: { continue: String(page + 1) } }));
      return;
    }
    response.writeHead(404, { 'content-type': 'application/problem+json' });
    response.end(
      JSON.stringify({
        type: 'https://astra.netapp.io/problems/1',
        title: 'Resource not found',
        detail: HOSTILE,
        status: '404',
      }),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => {
  server.closeAllConnections();
  return new Promise<void>((resolve) => server.close(() => resolve()));
});

const env = () => ({ ...process.env, ASTRA_URL: url, ASTRA_ACCOUNT_ID: ACCOUNT, ASTRA_TOKEN: 'tok', NO_COLOR: '1' });

describe('astra-backups at a terminal', () => {
  it('--version prints the package version and the spec it was built from', async () => {
    const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string };
    const spec = JSON.parse(readFileSync(join(root, 'dist', 'openapi.json'), 'utf8'));
    const { code, stdout } = await runProcess(process.execPath, [CLI, '--version']);
    expect(code).toBe(0);
    expect(stdout).toBe(
      `astra-backups ${version}\nAstra Control Application Backup API 1.1 (resource version 1.1), contract sha256 ${contractSha256(spec)}\n`,
    );
  });

  it('shows control characters from the server escaped, never sends them to the terminal', async () => {
    const { code, stderr } = await runProcess(process.execPath, [CLI, 'get', '00000000-0000-4000-8000-000000000001'], {
      env: env(),
    });
    expect(code).toBe(1);
    expect(stderr).toBe(
      'astra-backups: Resource not found: \\x1b]0;pwned\\x07\\x1b[2J\\r\\nastra-backups: all good\\x9b31m (problem 1)\n',
    );
    expect(stderr.trimEnd()).not.toMatch(/\p{Cc}/u);
  });

  it('streams rows as pages arrive, and a closed pipe ends it quietly with exit 0', async () => {
    pagesServed = 0;
    // `head -2` closes the pipe while the listing (which never ends) is still going.
    const { code, stdout, stderr } = await runProcess(
      'bash',
      ['-c', `node ${JSON.stringify(CLI)} list | head -2; echo "exit \${PIPESTATUS[0]}"`],
      { env: env() },
    );
    expect(code).toBe(0);
    const lines = stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^ID\s+NAME\s+STATE$/);
    expect(lines[1]).toContain('\\x1b]0;pwned\\x07');
    expect(lines[1]).not.toContain('\u001b');
    expect(lines.at(-1)).toBe('exit 0');
    expect(stderr).toBe('');
    // The rows came out while the listing had no end: nothing waited for the last page.
    expect(pagesServed).toBeGreaterThan(0);
  });

  it('list --json streams a JSON array that parses', async () => {
    const { stdout } = await runProcess('bash', ['-c', `node ${JSON.stringify(CLI)} list --json | head -c 300000`], {
      env: env(),
    });
    const text = stdout.slice(0, stdout.lastIndexOf('},') + 1);
    const rows = JSON.parse(`${text}]`) as { id: string; name: string }[];
    expect(rows.length).toBeGreaterThan(100);
    expect(rows[0]?.name).toBe(HOSTILE);
    expect(stdout.replaceAll('\n', '')).not.toMatch(/\p{Cc}/u);
  });
});
