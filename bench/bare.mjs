// The floor the packaged server is measured against: a bare node:http server that sends,
// for each path it was given, the very bytes (status, headers, body) the packaged server
// answered to that path, with no work at all. Run as its own process:
//   node bench/bare.mjs ANSWERS_JSON PORT
// where ANSWERS_JSON maps a path (with its query) to { status, headers, body }.
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';

const [file, port] = process.argv.slice(2);
const answers = new Map(
  Object.entries(JSON.parse(readFileSync(file, 'utf8'))).map(([path, a]) => [
    path,
    { status: a.status, headers: a.headers, body: Buffer.from(a.body) },
  ]),
);
const server = createServer((request, response) => {
  const answer = answers.get(request.url);
  if (!answer) {
    response.writeHead(404);
    return response.end();
  }
  response.writeHead(answer.status, answer.headers);
  response.end(answer.body);
});
server.keepAliveTimeout = 5_000;
server.listen(Number(port), '127.0.0.1');
process.on('SIGTERM', () => server.close(() => process.exit(0)));
