// The loopback server beside the runtimes, on 127.0.0.1, port 0: the files of the browser
// check under /__runtimes/ and, on the same origin, the repository's simulator core (what
// npm start runs, without Prism) for a package that does not ship its own yet.
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { createAstraSimulator } from '../mock/core.mjs';
import { readBody, toFetchRequest, writeFetchResponse } from '../mock/server.mjs';

const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8' };

/** Starts it; resolves with { url, serve(name, path), close() }. */
export function startBackend({ backupMs }) {
  const files = new Map();
  const simulator = createAstraSimulator({ backupMs });
  const server = createServer(async (incoming, outgoing) => {
    const file = files.get(new URL(incoming.url ?? '/', 'http://backend').pathname);
    if (file) {
      outgoing.writeHead(200, { 'content-type': TYPES[file.slice(file.lastIndexOf('.'))] ?? 'text/plain' });
      return outgoing.end(readFileSync(file));
    }
    const body = await readBody(incoming);
    if (body === undefined) return outgoing.destroy();
    const response = await simulator.handle(toFetchRequest(incoming, body));
    await writeFetchResponse(outgoing, response).catch(() => outgoing.destroy());
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
