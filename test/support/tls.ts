// A private CA made for one test run (openssl), an HTTPS stand-in for an Astra Control
// Center whose certificate that CA signed, and an HTTP proxy that tunnels CONNECT.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { type AddressInfo, connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface PrivateCa {
  dir: string;
  /** The CA's certificate (PEM), what a user would be given as `astra-ca.pem`. */
  caFile: string;
  key: string;
  cert: string;
  remove(): void;
}

/** Makes a CA and a server certificate for 127.0.0.1 and localhost, signed by it. */
export function makePrivateCa(): PrivateCa {
  const dir = mkdtempSync(join(tmpdir(), 'astra-ca-'));
  const openssl = (args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  openssl(['req', '-x509', ...ec, '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '2', '-subj', '/CN=Test Astra CA']);
  openssl(['req', ...ec, '-keyout', 'server.key', '-out', 'server.csr', '-subj', '/CN=127.0.0.1']);
  writeFileSync(join(dir, 'san.ext'), 'subjectAltName=IP:127.0.0.1,DNS:localhost\n');
  openssl([
    'x509',
    '-req',
    '-in',
    'server.csr',
    '-CA',
    'ca.pem',
    '-CAkey',
    'ca.key',
    '-CAcreateserial',
    '-out',
    'server.pem',
    '-days',
    '2',
    '-extfile',
    'san.ext',
  ]);
  return {
    dir,
    caFile: join(dir, 'ca.pem'),
    key: readFileSync(join(dir, 'server.key'), 'utf8'),
    cert: readFileSync(join(dir, 'server.pem'), 'utf8'),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

export const TLS_BACKUP = {
  type: 'application/astra-appBackup',
  version: '1.1',
  id: '54fe651d-3d3b-5fa8-b85c-5db757885ff3',
  name: 'over-tls',
  bucketID: '0afbe357-a717-4c7a-8b3d-d0368959c8de',
  state: 'completed',
  stateUnready: [],
  totalBytes: 1024,
  bytesDone: 1024,
  percentDone: 100,
  metadata: {
    labels: [],
    creationTimestamp: '2026-01-01T00:00:00Z',
    modificationTimestamp: '2026-01-01T00:00:00Z',
    createdBy: '8f84cf09-8036-51e4-b579-bd30cb07b269',
  },
} as const;

export interface Listening {
  url: string;
  close(): Promise<void>;
}

function closer(server: Server): () => Promise<void> {
  return () =>
    new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
}

/** HTTPS on 127.0.0.1: one backup, listed (projected on `include`) and got. */
export async function startHttpsAstra(ca: PrivateCa): Promise<Listening> {
  const server = createHttpsServer({ key: ca.key, cert: ca.cert }, (request, response) => {
    const url = new URL(request.url ?? '/', 'https://x');
    const include = url.searchParams.get('include')?.split(',');
    response.setHeader('content-type', 'application/json');
    if (url.pathname.endsWith('/appBackups')) {
      const item = include
        ? include.map((field) => (TLS_BACKUP as Record<string, unknown>)[field] ?? null)
        : TLS_BACKUP;
      response.end(JSON.stringify({ items: [item], metadata: {} }));
    } else {
      response.setHeader('content-type', 'application/astra-appBackup+json');
      response.end(JSON.stringify(TLS_BACKUP));
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `https://127.0.0.1:${(server.address() as AddressInfo).port}`, close: closer(server) };
}

/** An HTTP proxy on 127.0.0.1 that tunnels CONNECT and counts the tunnels it opened. */
export async function startConnectProxy(): Promise<Listening & { tunnels: string[] }> {
  const tunnels: string[] = [];
  const sockets = new Set<Socket>();
  const server = createHttpServer((_, response) => {
    response.writeHead(405).end();
  });
  server.on('connect', (request, client: Socket) => {
    const [host, port] = (request.url ?? '').split(':');
    tunnels.push(request.url ?? '');
    const upstream = connect(Number(port), host ?? '127.0.0.1', () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.pipe(client);
      client.pipe(upstream);
    });
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('error', () => socket.destroy());
      socket.on('close', () => sockets.delete(socket));
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const close = closer(server);
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    tunnels,
    close: () => {
      for (const socket of sockets) socket.destroy();
      return close();
    },
  };
}
