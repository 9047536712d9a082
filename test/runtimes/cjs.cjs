// CommonJS entry for Node: the same checks, the package and its simulator through require().
const api = require('astra-app-backups');

const options = JSON.parse(process.argv[2]);
const mock = options.backend === 'simulator' ? require('astra-app-backups/mock') : undefined;
import('./checks.mjs').then(async ({ RESULT_MARK, runChecks }) => {
  console.log(RESULT_MARK + JSON.stringify(await runChecks(api, options, mock)));
});
