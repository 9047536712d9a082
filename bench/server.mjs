// The benchmarks' server, run as a child process on 127.0.0.1 so that its memory
// is not counted in the client's. Prints its port, then serves:
//   GET .../appBackups/{id}  one backup;
//   GET .../appBackups       pages of PAGE_SIZE backups, TOTAL in all, with continue tokens.
import { createServer } from 'node:http';

const TOTAL = Number(process.env.TOTAL ?? 100_000);
const PAGE_SIZE = Number(process.env.PAGE_SIZE ?? 1_000);
const backup = (i) => ({
  type: 'application/astra-appBackup',
  version: '1.1',
  id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
  name: `backup-${i}`,
  bucketID: '0afbe357-a717-4c7a-8b3d-d0368959c8de',
  state: 'completed',
  stateUnready: [],
  totalBytes: 1073741824,
  bytesDone: 1073741824,
  percentDone: 100,
  metadata: {
    labels: [],
    creationTimestamp: '2022-10-06T20:58:16.305662Z',
    modificationTimestamp: '2022-10-06T20:58:16.305662Z',
    createdBy: '8f84cf09-8036-51e4-b579-bd30cb07b269',
  },
});
const one = JSON.stringify(backup(1));

const server = createServer((request, response) => {
  const url = new URL(request.url, 'http://x');
  if (/\/appBackups\/[^/]+$/.test(url.pathname)) {
    response.writeHead(200, {
      'content-type': 'application/astra-appBackup+json',
      'content-length': Buffer.byteLength(one),
    });
    return response.end(one);
  }
  const start = Number(url.searchParams.get('continue') ?? 0);
  const end = Math.min(start + PAGE_SIZE, TOTAL);
  const items = [];
  for (let i = start; i < end; i++) items.push(backup(i));
  const body = JSON.stringify({
    type: 'application/astra-appBackups',
    version: '1.1',
    items,
    metadata: end < TOTAL ? { continue: String(end) } : {},
  });
  response.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
  response.end(body);
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => console.log(server.address().port));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
