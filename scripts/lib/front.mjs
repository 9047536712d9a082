// The front `npm start` puts before Prism: it forwards every request unchanged,
// except one answer Prism makes outside the spec. A body that is not JSON at all
// gets, from Prism's body parser, {"error":{"code":"invalid_json"}}; the live API
// answers problem 7, "Invalid JSON payload", and so does this front (the spec's
// invalidJsonPayload example), keeping Prism's other headers (CORS among them).
import { createServer, request as httpRequest } from 'node:http';

/** Starts the front on 127.0.0.1:port, forwarding to `upstream` (Prism's URL). */
export function startFront({ port, upstream, invalidJsonProblem }) {
  const target = new URL(upstream);
  const server = createServer((incoming, outgoing) => {
    const forward = httpRequest(
      {
        host: target.hostname,
        port: target.port,
        method: incoming.method,
        path: incoming.url,
        headers: incoming.headers,
      },
      (answer) => {
        const type = String(answer.headers['content-type'] ?? '');
        if (answer.statusCode !== 400 || !type.startsWith('application/json')) {
          outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(outgoing);
          return;
        }
        const chunks = [];
        answer.on('data', (chunk) => chunks.push(chunk));
        answer.on('end', () => {
          let body = Buffer.concat(chunks);
          const headers = { ...answer.headers };
          try {
            if (JSON.parse(body.toString('utf8'))?.error?.code === 'invalid_json') {
              body = Buffer.from(JSON.stringify(invalidJsonProblem));
              headers['content-type'] = 'application/problem+json';
            }
          } catch {
            /* not JSON after all: pass it on as it is */
          }
          headers['content-length'] = String(body.length);
          outgoing.writeHead(400, headers);
          outgoing.end(body);
        });
      },
    );
    forward.on('error', (error) => {
      outgoing.writeHead(502, { 'content-type': 'text/plain' });
      outgoing.end(`the mock's Prism did not answer: ${error.message}`);
    });
    incoming.pipe(forward);
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () =>
      resolve({
        url: `http://127.0.0.1:${server.address().port}`,
        close: () =>
          new Promise((done) => {
            server.closeAllConnections();
            server.close(() => done());
          }),
      }),
    );
  });
}
