// A small stand-in for Astra whose backups move: pending -> running 0..100 % ->
// completed (or failed, for a backup named "doomed"), one step per GET.
import { createServer, type Server } from 'node:http';

export const PROGRESS_ACCOUNT = '9ff53b28-2a88-4b1c-8b4a-2d3c1a4f0b5e';
export const PROGRESS_APP = '2b7d3f5c-1e8a-4c6b-9d0e-7f1a2b3c4d5e';

const ALL_STEPS = [
  { state: 'pending' },
  { state: 'running', percentDone: 0 },
  { state: 'running', percentDone: 25 },
  { state: 'running', percentDone: 50 },
  { state: 'running', percentDone: 75 },
  { state: 'running', percentDone: 100 },
  { state: 'completed', percentDone: 100 },
];

/** The short walk: three polls from pending to completed. */
export const SHORT_STEPS = [
  { state: 'pending' },
  { state: 'running', percentDone: 50 },
  { state: 'completed', percentDone: 100 },
];

export async function startProgressServer({
  steps = ALL_STEPS,
}: {
  steps?: Record<string, unknown>[];
} = {}): Promise<{ url: string; close: () => Promise<void> }> {
  const STEPS = steps;
  const backups = new Map<string, { name: string; step: number }>();
  let next = 0;
  const server: Server = createServer((request, response) => {
    const send = (status: number, body: unknown, type = 'application/json', headers: Record<string, string> = {}) => {
      response.writeHead(status, { 'content-type': type, ...headers });
      response.end(body === undefined ? undefined : JSON.stringify(body));
    };
    const url = new URL(request.url ?? '/', 'http://x');
    const match = /\/appBackups(?:\/([^/]+))?$/.exec(url.pathname);
    const bodyOf = (id: string) => {
      const b = backups.get(id);
      if (!b) return undefined;
      const failed = b.name === 'doomed' && b.step >= 3;
      const step = STEPS[Math.min(b.step, STEPS.length - 1)] ?? {};
      return {
        type: 'application/astra-appBackup',
        version: '1.1',
        id,
        name: b.name,
        bucketID: '0afbe357-a717-4c7a-8b3d-d0368959c8de',
        stateUnready: failed ? ['The bucket is not reachable.'] : [],
        totalBytes: 1048576,
        ...(failed ? { state: 'failed', percentDone: 50 } : step),
        bytesDone: Math.round((((failed ? 50 : (step as { percentDone?: number }).percentDone) ?? 0) / 100) * 1048576),
        metadata: {
          labels: [],
          creationTimestamp: '2026-01-01T00:00:00Z',
          modificationTimestamp: '2026-01-01T00:00:00Z',
          createdBy: 'x',
        },
      };
    };
    if (!match || !request.headers.authorization?.startsWith('Bearer '))
      return send(
        401,
        { type: 'https://astra.netapp.io/problems/3', title: 'Missing bearer token', status: '401' },
        'application/problem+json',
      );
    if (request.method === 'POST') {
      let raw = '';
      request.on('data', (d) => {
        raw += d;
      });
      request.on('end', () => {
        const id = `00000000-0000-4000-8000-${String(++next).padStart(12, '0')}`;
        backups.set(id, { name: (JSON.parse(raw) as { name?: string }).name ?? `backup-${next}`, step: 0 });
        send(201, bodyOf(id), 'application/astra-appBackup+json', { location: `${url.pathname}/${id}` });
      });
      return;
    }
    const id = match[1];
    const backup = id ? backups.get(id) : undefined;
    if (!id || !backup) {
      return send(
        404,
        {
          type: 'https://astra.netapp.io/problems/1',
          title: 'Resource not found',
          detail: "The resource specified in the request URI wasn't found.",
          status: '404',
          correlationID: 'corr-404',
        },
        'application/problem+json',
      );
    }
    const body = bodyOf(id);
    backup.step++;
    send(200, body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  return {
    url,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
