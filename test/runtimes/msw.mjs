// MSW entry for Node: the package's MSW handlers (astra-app-backups/msw) around its
// simulator, under whichever msw this folder installed (2 or 3); the SDK uses the global
// fetch, which MSW intercepts. Any request MSW does not handle fails the run.
import * as api from 'astra-app-backups';
import { createAstraSimulator } from 'astra-app-backups/mock';
import { astraHandlers } from 'astra-app-backups/msw';
import { setupServer } from 'msw/node';
import { RESULT_MARK, runChecks } from './checks.mjs';

const options = JSON.parse(process.argv[2]);
const server = setupServer(...astraHandlers(createAstraSimulator({ backupMs: 300 }), { baseUrl: 'http://astra.test' }));
server.listen({ onUnhandledRequest: 'error' });
try {
  const results = await runChecks(api, { ...options, backend: 'http', baseUrl: 'http://astra.test' });
  console.log(RESULT_MARK + JSON.stringify(results));
} finally {
  server.close();
}
