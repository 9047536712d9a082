// The browser row's page and its bundle, served on 127.0.0.1 (port 0) under /__runtimes/.
// The checks in the page need no server: the simulator answers inside the page.
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';

const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8' };

/** Starts it; resolves with { url, serve(name, path), close() }. */
export function startPages() {
  const files = new Map();
  const server = createServer((incoming, outgoing) => {
    const file = files.get(new URL(incoming.url ?? '/', 'http://pages').pathname);
    if (!file) {
      outgoing.writeHead(404, { 'content-type': 'text/plain' });
      return outgoing.end('not found');
    }
    outgoing.writeHead(200, { 'content-type': TYPES[file.slice(file.lastIndexOf('.'))] ?? 'text/plain' });
    outgoing.end(readFileSync(file));
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      resolve({
        url: `http://127.0.0.1:${server.address().port}`,
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
