// The simulator over HTTP, on 127.0.0.1: the upstream that Prism proxies to. It reads
// a bounded body, asks the simulator, and writes the answer; whatever goes wrong, the
// answer is a problem document.
import { createServer } from 'node:http';
import { createSimulator } from './simulator.mjs';

const MAX_BODY = 1_048_576;

/** Starts the simulator's HTTP server; resolves with { url, simulator, close }. */
export function startSimulatorServer({ spec, backupMs, publicUrl, breakField, now } = {}) {
  const simulator = createSimulator({ spec, backupMs, publicUrl, ...(now ? { now } : {}) });
  const server = createServer((incoming, outgoing) => {
    const chunks = [];
    let size = 0;
    incoming.on('data', (chunk) => {
      size += chunk.length;
      if (size <= MAX_BODY) chunks.push(chunk);
    });
    incoming.on('error', () => outgoing.destroy());
    incoming.on('end', () => {
      let answer;
      try {
        const url = new URL(incoming.url ?? '/', 'http://simulator');
        answer = simulator.handle({
          method: incoming.method ?? 'GET',
          path: url.pathname,
          query: url.searchParams,
          headers: incoming.headers,
          body: Buffer.concat(chunks),
        });
        // A test breaks the simulator on purpose, to prove Prism catches it.
        if (breakField && answer.body && typeof answer.body === 'object' && !Array.isArray(answer.body))
          answer.body[breakField] = { broken: true };
      } catch (error) {
        answer = {
          status: 500,
          headers: { 'content-type': 'application/problem+json' },
          body: {
            type: 'https://astra.netapp.io/problems/95',
            title: 'Internal simulator error',
            detail: error instanceof Error ? error.message : String(error),
            status: '500',
          },
        };
      }
      const text = answer.body === undefined ? undefined : JSON.stringify(answer.body);
      outgoing.writeHead(answer.status, {
        ...answer.headers,
        ...(text === undefined ? {} : { 'content-length': Buffer.byteLength(text) }),
      });
      outgoing.end(text);
    });
  });
  server.keepAliveTimeout = 30_000;
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      resolve({
        url: `http://127.0.0.1:${server.address().port}`,
        simulator,
        close: () =>
          new Promise((done) => {
            server.closeAllConnections();
            server.close(() => done());
          }),
      });
    });
  });
}
