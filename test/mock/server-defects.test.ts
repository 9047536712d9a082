// The defects issue 28 found where the packaged server (`astra-backups mock`) and `npm start`
// once differed, asked of both: a request target in absolute form and `OPTIONS *` are
// answered (never 500); HEAD has GET's header fields, Content-Length included; a body that is
// a JSON string, or not UTF-8, reaches the core as the bytes sent, so that both judge it alike.
// `npm start` is started in this process (the same server, Prism's check behind it).
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXAMPLE_ACCOUNT, EXAMPLE_APPS, EXAMPLE_BACKUP } from '../../scripts/mock/seed.mjs';
import { startMock } from '../../scripts/mock/start.mjs';
import { SIMULATOR_LIMITS } from '../../src/mock/index.js';
import { startMockServer } from '../../src/mock-server/index.js';

const auth = { authorization: 'Bearer defects-token' };
const APP_BACKUPS = `/accounts/${EXAMPLE_ACCOUNT}/k8s/v1/apps/${EXAMPLE_APPS.shop}/appBackups`;
const BACKUP = `/accounts/${EXAMPLE_ACCOUNT}/topology/v1/appBackups/${EXAMPLE_BACKUP}`;
const CREATE = { type: 'application/astra-appBackup', version: '1.1', name: 'from-a-string' };

interface Mode {
  url: string;
  stop(): Promise<void>;
}
const modes: Record<string, Mode> = {};

beforeAll(async () => {
  const [packaged, npmStart, examples] = await Promise.all([
    startMockServer({ port: 0, log: () => undefined, alarm: () => undefined }),
    startMock({ alarm: () => undefined }),
    startMock({ mode: 'examples', alarm: () => undefined }),
  ]);
  modes['packaged server'] = { url: packaged.url, stop: () => packaged.close() };
  modes['npm start'] = npmStart;
  modes['MOCK=examples npm start'] = examples;
});
afterAll(async () => {
  await Promise.all(Object.values(modes).map((m) => m.stop()));
});

/** A raw HTTP exchange, so that nothing normalises the request line or the body's bytes. */
function raw(base: string, head: string, body: Buffer = Buffer.alloc(0)): Promise<{ status: number; text: string }> {
  const { port } = new URL(base);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), '127.0.0.1', () => {
      socket.write(`${head}\r\nHost: 127.0.0.1:${port}\r\nConnection: close\r\nContent-Length: ${body.length}\r\n\r\n`);
      socket.end(body);
    });
    const chunks: Buffer[] = [];
    socket.on('data', (d) => chunks.push(d));
    socket.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      resolve({ status: Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1] ?? 0), text });
    });
    socket.on('error', reject);
  });
}

const bodyOf = (text: string) => text.slice(text.indexOf('\r\n\r\n') + 4);

describe.each(['packaged server', 'npm start', 'MOCK=examples npm start'])('%s', (name) => {
  const mode = () => modes[name] as Mode;

  it('answers a request target in absolute form as the same path in origin form', async () => {
    const { port } = new URL(mode().url);
    const target = `http://127.0.0.1:${port}${BACKUP}`;
    const absolute = await raw(mode().url, `GET ${target} HTTP/1.1\r\nAuthorization: Bearer t`);
    const origin = await raw(mode().url, `GET ${BACKUP} HTTP/1.1\r\nAuthorization: Bearer t`);
    expect(absolute.status).toBe(200);
    expect(JSON.parse(bodyOf(absolute.text))).toEqual(JSON.parse(bodyOf(origin.text)));
  });

  it('answers OPTIONS * with the methods the server takes, and keeps answering', async () => {
    const answer = await raw(mode().url, 'OPTIONS * HTTP/1.1');
    expect(answer.status).toBe(204);
    expect(answer.text).toMatch(/\r\nallow: GET, HEAD, POST, PUT, DELETE, OPTIONS\r\n/i);
    // Another target that names no resource: a 4xx problem, never a 500.
    const star = await raw(mode().url, 'GET * HTTP/1.1');
    expect(star.status).toBe(400);
    expect(star.text).toContain('application/problem+json');
    expect((await fetch(`${mode().url}${BACKUP}`, { headers: auth })).status).toBe(200);
  });

  it("answers HEAD with GET's header fields, its Content-Length included, and no body", async () => {
    const get = await fetch(`${mode().url}${BACKUP}`, { headers: auth });
    const length = (await get.arrayBuffer()).byteLength;
    const head = await raw(mode().url, `HEAD ${BACKUP} HTTP/1.1\r\nAuthorization: Bearer t`);
    expect(head.status).toBe(200);
    expect(head.text).toMatch(new RegExp(`\\r\\ncontent-length: ${length}\\r\\n`, 'i'));
    expect(head.text).toMatch(/\r\ncontent-type: application\/astra-appBackup\+json\r\n/i);
    expect(bodyOf(head.text)).toBe('');
  });
});

describe('control bodies over the API body limit reach control (a dump over 1 MiB loads back)', () => {
  it.each(['packaged server', 'npm start'])('%s', async (name) => {
    const mode = modes[name] as Mode;
    // 1.5 MiB of JSON that is no fixture: control judges it (naming the field), not the 1 MiB cap.
    const body = JSON.stringify({ accounts: [], padding: 'x'.repeat(1_572_864) });
    const response = await fetch(`${mode.url}/__astra/fixtures`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
    });
    const text = await response.text();
    expect(response.status).toBe(400);
    expect(text).not.toMatch(/over 1048576 bytes/);
    expect(text).toMatch(/padding/);
    // Past the control limit itself: refused, naming that limit.
    const huge = await fetch(`${mode.url}/__astra/fixtures`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: 'x'.repeat(SIMULATOR_LIMITS.controlBodyBytes + 1),
    });
    expect(huge.status).toBe(400);
    expect(await huge.text()).toMatch(/controlBodyBytes/);
  });
});

describe('bodies reach the core as sent: both modes judge them alike', () => {
  const cases: [string, string, string, Buffer][] = [
    ['a JSON string holding a valid create', 'POST', APP_BACKUPS, Buffer.from(JSON.stringify(JSON.stringify(CREATE)))],
    ['the JSON string "x"', 'POST', APP_BACKUPS, Buffer.from('"x"')],
    ['a DELETE with the JSON string "{}"', 'DELETE', BACKUP, Buffer.from('"{}"')],
    [
      'a label value that is not UTF-8',
      'POST',
      APP_BACKUPS,
      Buffer.concat([
        Buffer.from(
          '{"type":"application/astra-appBackup","version":"1.1","name":"bytes","metadata":{"labels":[{"name":"k","value":"',
        ),
        Buffer.from([0xff, 0xfe, 0x41]),
        Buffer.from('"}]}}'),
      ]),
    ],
  ];

  it.each(cases)('%s: a 400 problem in both, the same in both', async (_, method, path, body) => {
    const answers = [];
    for (const name of ['packaged server', 'npm start']) {
      const mode = modes[name] as Mode;
      const contentType = method === 'DELETE' ? 'application/json' : 'application/astra-appBackup+json';
      const answer = await raw(
        mode.url,
        `${method} ${path} HTTP/1.1\r\nAuthorization: Bearer t\r\nContent-Type: ${contentType}`,
        body,
      );
      const problem = JSON.parse(bodyOf(answer.text)) as { type: string; title: string; detail: string };
      answers.push({ status: answer.status, type: problem.type, title: problem.title, detail: problem.detail });
    }
    expect(answers[0]?.status).toBe(400);
    expect(answers[1]).toEqual(answers[0]);
  });
});
