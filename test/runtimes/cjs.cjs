// CommonJS entry for Node: the same checks through require().
const api = require('astra-app-backups');

import('./checks.mjs').then(async ({ RESULT_MARK, runChecks }) => {
  const results = await runChecks(api, JSON.parse(process.argv[2]));
  console.log(RESULT_MARK + JSON.stringify(results));
});
