// The loopback backend: npm start's simulator (no Prism: the runtimes test the package,
// not the spec) on 127.0.0.1, port 0, and beside it the files of the browser check
// under /__runtimes/, so that the page and the API share one origin.
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { root } from '../lib/tools.mjs';
import { createSimulator } from '../mock/simulator.mjs';

const MAX_BODY = 1_048_576;
const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8' };

/** Starts it; resolves with { url, serve(name, path), close() }. */
export function startBackend({ backupMs }) {
  const spec = JSON.parse(readFileSync(join(root, 'dist', 'openapi.json'), 'utf8'));
  const files = new Map();
  let simulator;
  const server = createServer((incoming, outgoing) => {
    const url = new URL(incoming.url ?? '/', 'http://backend');
    const file = files.get(url.pathname);
    if (file) {
      outgoing.writeHead(200, {
        'content-type': TYPES[file.slice(file.lastIndexOf('.'))] ?? 'application/octet-stream',
      });
      return outgoing.end(readFileSync(file));
    }
    const chunks = [];
    let size = 0;
    incoming.on('data', (chunk) => {
      size += chunk.length;
      if (size <= MAX_BODY) chunks.push(chunk);
    });
    incoming.on('end', () => {
      const answer = simulator.handle({
        method: incoming.method ?? 'GET',
        path: url.pathname,
        query: url.searchParams,
        headers: incoming.headers,
        body: Buffer.concat(chunks),
      });
      const text = answer.body === undefined ? undefined : JSON.stringify(answer.body);
      outgoing.writeHead(answer.status, {
        ...answer.headers,
        ...(text === undefined ? {} : { 'content-length': Buffer.byteLength(text) }),
      });
      outgoing.end(text);
    });
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const url = `http://127.0.0.1:${server.address().port}`;
      simulator = createSimulator({ spec, backupMs, publicUrl: url });
      resolve({
        url,
        serve: (name, path) => files.set(`/__runtimes/${name}`, path),
        close: () =>
          new Promise((done) => {
            server.closeAllConnections();
            server.close(() => done());
          }),
      });
    });
  });
}
