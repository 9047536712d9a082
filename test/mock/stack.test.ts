// The whole mock as `npm start` runs it (the packaged server, Prism's check in process behind
// it), started in this process: a real flow over HTTP, every answer checked by Prism, and
// everything a browser or a script may throw at it. It must answer with a problem
// document, keep answering, and leave no socket behind.
import { readdirSync, readFileSync, readlinkSync, renameSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { connect, type Socket } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXAMPLE_ACCOUNT, EXAMPLE_APPS, EXAMPLE_COMPLETED_BACKUP } from '../../scripts/mock/seed.mjs';
import { type StartedMock, startMock } from '../../scripts/mock/start.mjs';
import { root } from '../support/spec.js';

const auth = { authorization: 'Bearer stack-token' };
const APP = EXAMPLE_APPS.shop;
const alarms: string[] = [];
let mock: StartedMock;
let base: string;

beforeAll(async () => {
  mock = await startMock({ backupMs: 1_500, alarm: (line) => alarms.push(line) });
  base = `${mock.url}/accounts/${EXAMPLE_ACCOUNT}`;
});
afterAll(async () => {
  await mock?.stop();
});

/** Polls `check` until it returns a value, up to `timeoutMs`: waits for an event, not a time. */
async function eventually<T>(check: () => Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`not within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Open sockets of a process (Linux: /proc/PID/fd links to socket:[…]). */
function socketsOf(pid: number): number {
  return readdirSync(`/proc/${pid}/fd`).filter((fd) => {
    try {
      return readlinkSync(`/proc/${pid}/fd/${fd}`).startsWith('socket:');
    } catch {
      return false;
    }
  }).length;
}

/** A raw HTTP exchange over a socket, so that nothing normalises what is sent. */
function raw(request: string): Promise<string> {
  const { port } = new URL(mock.url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), '127.0.0.1', () => socket.write(request));
    let text = '';
    socket.on('data', (d) => {
      text += d;
    });
    socket.on('end', () => resolve(text));
    socket.on('error', reject);
  });
}

const stillAnswers = async () => {
  const response = await fetch(`${base}/topology/v1/appBackups?limit=1`, { headers: auth });
  expect(response.status).toBe(200);
  await response.arrayBuffer();
};

describe('the mock stack: a backup from creation to deletion, over HTTP', () => {
  it('creates, lists, progresses to completed, deletes, and the backup is gone', async () => {
    const created = await fetch(`${base}/k8s/v1/apps/${APP}/appBackups`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/astra-appBackup+json' },
      body: JSON.stringify({ type: 'application/astra-appBackup', version: '1.1', name: 'stack-flow' }),
    });
    expect(created.status).toBe(201);
    expect(created.headers.get('sl-violations')).toBeNull();
    const { id, state } = (await created.json()) as { id: string; state: string };
    expect(created.headers.get('location')).toBe(`${base}/k8s/v1/apps/${APP}/appBackups/${id}`);
    const listed = await (
      await fetch(`${base}/k8s/v1/apps/${APP}/appBackups?include=id,name`, { headers: auth })
    ).json();
    expect((listed as { items: string[][] }).items).toContainEqual([id, 'stack-flow']);
    const seen = new Set<string>([state]);
    const done = await eventually(async () => {
      const backup = (await (await fetch(`${base}/topology/v1/appBackups/${id}`, { headers: auth })).json()) as {
        state: string;
        percentDone: number;
      };
      seen.add(backup.state);
      return backup.state === 'completed' ? backup : undefined;
    });
    expect(done.percentDone).toBe(100);
    expect(seen.has('pending') || seen.has('running')).toBe(true);
    const deleted = await fetch(`${base}/topology/v1/appBackups/${id}`, { method: 'DELETE', headers: auth });
    expect(deleted.status).toBe(204);
    await eventually(async () => {
      const response = await fetch(`${base}/topology/v1/appBackups/${id}`, { headers: auth });
      await response.arrayBuffer();
      return response.status === 404 ? true : undefined;
    }, 1_500);
  });

  it('tolerates the {} JSON body NetApp’s toolkit sends on a GET', async () => {
    const answer = await raw(
      `GET /accounts/${EXAMPLE_ACCOUNT}/k8s/v1/apps/${APP}/appBackups HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer t\r\nContent-Type: application/json\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}`,
    );
    expect(answer).toMatch(/^HTTP\/1\.1 200 /);
    expect(answer).toContain('"items":[');
  });

  it('answers Prefer: example=NAME alone with that example’s documented status', async () => {
    const response = await fetch(`${base}/topology/v1/appBackups/00000000-0000-4000-8000-000000000001`, {
      headers: { ...auth, prefer: 'example=resourceNotFound' },
    });
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ type: 'https://astra.netapp.io/problems/1' });
  });
});

describe('the mock stack: every answer checked against the spec', () => {
  it('answers a 500 problem and logs loudly when the simulator breaks the spec', async () => {
    const broken = await startMock({ breakField: 'state', alarm: (line) => alarms.push(line) });
    try {
      const response = await fetch(
        `${broken.url}/accounts/${EXAMPLE_ACCOUNT}/topology/v1/appBackups/${EXAMPLE_APPS.shop}`,
        {
          headers: { ...auth, prefer: 'example=appBackupRunning' },
        },
      );
      const body = (await response.json()) as { status: string; detail: string };
      expect(response.status).toBe(500);
      expect(response.headers.get('content-type')).toBe('application/problem+json');
      expect(body.status).toBe('500');
      expect(body.detail).toMatch(/state/);
      expect(alarms.some((line) => line.startsWith('\u2716 SPEC VIOLATION') && line.includes('state'))).toBe(true);
    } finally {
      await broken.stop();
    }
  });
});

describe('the mock stack: bad input gets a problem document, never a crash', () => {
  const problemOf = async (response: Response) => {
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    return (await response.json()) as { type: string; status: string; detail: string };
  };

  it('answers a body that is not JSON with problem 7', async () => {
    const response = await fetch(`${base}/k8s/v1/apps/${APP}/appBackups`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: '{"type": "application/astra-appBackup",',
    });
    expect(response.status).toBe(400);
    expect((await problemOf(response)).type).toBe('https://astra.netapp.io/problems/7');
  });

  it('answers a body over 1 MiB with a problem, and keeps answering', async () => {
    const response = await fetch(`${base}/k8s/v1/apps/${APP}/appBackups`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify({ type: 'application/astra-appBackup', version: '1.1', pad: 'x'.repeat(2_000_000) }),
    }).catch((error: unknown) => error);
    if (response instanceof Response) {
      expect(response.status).toBe(400);
      expect((await problemOf(response)).detail).toMatch(/over 1048576 bytes/);
    }
    await stillAnswers();
  });

  it('answers JSON nested 50,000 deep with problem 7, and keeps answering', async () => {
    const response = await fetch(`${base}/k8s/v1/apps/${APP}/appBackups`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/astra-appBackup+json' },
      body: `${'['.repeat(50_000)}${']'.repeat(50_000)}`,
    });
    expect(response.status).toBe(400);
    expect((await problemOf(response)).detail).toMatch(/nests deeper/);
    await stillAnswers();
  });

  it.each([
    ['%ff in the account', '/accounts/%ff/topology/v1/appBackups'],
    ['a lone % in the backup id', `/accounts/${EXAMPLE_ACCOUNT}/topology/v1/appBackups/%`],
    ['%zz in the app id', `/accounts/${EXAMPLE_ACCOUNT}/k8s/v1/apps/%zz/appBackups`],
    ['a cut UTF-8 sequence', `/accounts/${EXAMPLE_ACCOUNT}/k8s/v1/apps/${APP}/appBackups/%e2%82`],
    ['%ff in the collection name', `/accounts/${EXAMPLE_ACCOUNT}/topology/v1/app%ffBackups`],
  ])('answers an invalid percent-escape (%s) with a 404 problem, with or without a token', async (_, path) => {
    for (const headers of [auth, {}]) {
      const answer = await raw(
        `GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n${Object.entries(headers)
          .map(([k, v]) => `${k}: ${v}\r\n`)
          .join('')}\r\n`,
      );
      expect(answer).toMatch(/^HTTP\/1\.1 404 /);
      expect(answer).toContain('application/problem+json');
    }
    await stillAnswers();
  });
});

describe('the mock stack: Astra’s answers where Prism has its own (issues 19 and 22)', () => {
  it.each([
    ['no token', {}],
    ['an empty Authorization', { authorization: '' }],
    ['another scheme', { authorization: 'Basic eDp5' }],
  ])('answers %s with problem 3 and WWW-Authenticate: Bearer, not Prism’s 401', async (_, headers) => {
    const response = await fetch(`${base}/topology/v1/appBackups?limit=1`, { headers });
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe('Bearer');
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    expect(await response.json()).toMatchObject({ type: 'https://astra.netapp.io/problems/3', status: '401' });
  });

  it.each(['PUT', 'PATCH', 'TRACE', 'POST'])(
    'answers %s on the account-wide list with 405, Allow and an Astra problem',
    async (method) => {
      const answer = await raw(
        `${method} /accounts/${EXAMPLE_ACCOUNT}/topology/v1/appBackups HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer t\r\nConnection: close\r\n\r\n`,
      );
      expect(answer).toMatch(/^HTTP\/1\.1 405 /);
      expect(answer).toMatch(/\r\nallow: GET, HEAD, OPTIONS\r\n/i);
      expect(answer).toContain('https://astra.netapp.io/problems/');
      expect(answer).not.toContain('NO_METHOD_MATCHED');
    },
  );

  it('answers HEAD as the GET of the same path, without a body', async () => {
    const url = `${base}/topology/v1/appBackups?limit=1`;
    const head = await fetch(url, { method: 'HEAD', headers: auth });
    expect(head.status).toBe(200);
    expect(head.headers.get('content-type')).toBe('application/json');
    expect(await head.text()).toBe('');
    // The same header fields as GET (RFC 9110 §9.3.2), its Content-Length included.
    const get = await fetch(url, { headers: auth });
    const bytes = (await get.arrayBuffer()).byteLength;
    expect(bytes).toBeGreaterThan(100);
    expect(head.headers.get('content-length')).toBe(String(bytes));
  });

  it.each(['null', 'false', '0'])('answers a DELETE with the JSON body %s at once with a 400 problem', async (body) => {
    const response = await fetch(`${base}/topology/v1/appBackups/${EXAMPLE_COMPLETED_BACKUP}`, {
      method: 'DELETE',
      headers: { ...auth, 'content-type': 'application/json' },
      body,
      signal: AbortSignal.timeout(10_000),
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ type: 'https://astra.netapp.io/problems/8' });
    await stillAnswers();
  });
});

describe('the mock stack: browsers', () => {
  it('answers a preflight with Authorization, exposes Location, and never allows credentials', async () => {
    const preflight = await fetch(`${base}/k8s/v1/apps/${APP}/appBackups`, {
      method: 'OPTIONS',
      headers: {
        origin: 'http://localhost:5173',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization, content-type',
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('*');
    expect(preflight.headers.get('access-control-allow-headers')).toMatch(/authorization/i);
    expect(preflight.headers.get('access-control-allow-methods')).toMatch(/POST/);
    expect(preflight.headers.get('access-control-allow-credentials')).toBeNull();
    const answer = await fetch(`${base}/topology/v1/appBackups?limit=1`, {
      headers: { ...auth, origin: 'http://localhost:5173' },
    });
    expect(answer.headers.get('access-control-allow-origin')).toBe('*');
    expect(answer.headers.get('access-control-expose-headers')).toMatch(/^\*(, |$)/);
    expect(answer.headers.get('access-control-allow-credentials')).toBeNull();
  });

  it('allows any header a preflight asks for (tracing headers too), and exposes Location on a create', async () => {
    const preflight = await fetch(`${base}/k8s/v1/apps/${APP}/appBackups`, {
      method: 'OPTIONS',
      headers: {
        origin: 'http://localhost:5173',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization, content-type, traceparent, x-request-id',
      },
    });
    expect(preflight.status).toBe(204);
    const allowed = (preflight.headers.get('access-control-allow-headers') ?? '').toLowerCase().split(/, */);
    expect(allowed).toEqual(expect.arrayContaining(['authorization', 'content-type', 'traceparent', 'x-request-id']));
    const created = await fetch(`${base}/k8s/v1/apps/${APP}/appBackups`, {
      method: 'POST',
      headers: {
        ...auth,
        origin: 'http://localhost:5173',
        traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
        'x-request-id': 'stack-cors',
        'content-type': 'application/astra-appBackup+json',
      },
      body: JSON.stringify({ type: 'application/astra-appBackup', version: '1.1', name: 'stack-cors' }),
    });
    expect(created.status).toBe(201);
    expect(created.headers.get('access-control-expose-headers')?.toLowerCase()).toMatch(/location/);
  });

  it('refuses a Host that is not its own name or address (DNS rebinding), with a problem', async () => {
    const answer = await raw(
      `GET /accounts/${EXAMPLE_ACCOUNT}/topology/v1/appBackups HTTP/1.1\r\nHost: evil.example:4010\r\nAuthorization: Bearer t\r\nConnection: close\r\n\r\n`,
    );
    expect(answer).toMatch(/^HTTP\/1\.1 403 /);
    expect(answer).toContain('problems/11');
    const local = await raw(
      `GET /accounts/${EXAMPLE_ACCOUNT}/topology/v1/appBackups?limit=1 HTTP/1.1\r\nHost: localhost:${mock.port}\r\nAuthorization: Bearer t\r\nConnection: close\r\n\r\n`,
    );
    expect(local).toMatch(/^HTTP\/1\.1 200 /);
  });
});

describe('the mock stack: cannot be wedged', () => {
  it('leaves no socket behind when clients abort mid-upload and mid-download', async () => {
    const { port } = new URL(mock.url);
    await stillAnswers();
    const ownBefore = socketsOf(process.pid);
    const drops = 60;
    for (let i = 0; i < drops; i++) {
      await new Promise<void>((resolve) => {
        // Mid-upload: headers and half a body, then the client is gone.
        const socket = connect(Number(port), '127.0.0.1', () => {
          socket.write(
            `POST /accounts/${EXAMPLE_ACCOUNT}/k8s/v1/apps/${APP}/appBackups HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer t\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"type":`,
            () => {
              socket.destroy();
              resolve();
            },
          );
        });
        socket.on('error', () => resolve());
      });
      await new Promise<void>((resolve) => {
        // Mid-download: the first bytes of a long listing, then the client is gone.
        const request = httpRequest(`${base}/topology/v1/appBackups`, { headers: auth }, (response) => {
          response.once('data', () => {
            request.destroy();
            resolve();
          });
        });
        request.on('error', () => resolve());
        request.end();
      });
    }
    await stillAnswers();
    // The connections close asynchronously: wait (bounded) for the counts to come back.
    await eventually(async () => (socketsOf(process.pid) <= ownBefore + 10 ? true : undefined), 15_000);
  });

  it('serves others while 50 slow clients hold connections', async () => {
    const { port } = new URL(mock.url);
    const slow: Socket[] = [];
    for (let i = 0; i < 50; i++) {
      const socket = connect(Number(port), '127.0.0.1');
      socket.on('error', () => undefined);
      socket.write(`GET /accounts/${EXAMPLE_ACCOUNT}/topology/v1/appBackups HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: `);
      slow.push(socket);
    }
    try {
      const answers = await Promise.all(
        Array.from({ length: 20 }, () => fetch(`${base}/topology/v1/appBackups?limit=2`, { headers: auth })),
      );
      expect(answers.map((a) => a.status)).toEqual(Array(20).fill(200));
      await Promise.all(answers.map((a) => a.arrayBuffer()));
    } finally {
      for (const socket of slow) socket.destroy();
    }
  });

  it('keeps answering when the bundle is rewritten while it runs', async () => {
    const bundle = join(root, 'dist', 'openapi.yaml');
    const scratch = `${bundle}.rewrite-${process.pid}`;
    writeFileSync(scratch, readFileSync(bundle));
    renameSync(scratch, bundle);
    for (let i = 0; i < 30; i++) await stillAnswers();
  });
});
