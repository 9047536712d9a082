// Browser entry (bundled by esbuild, loaded by a page): runs the checks in the page and
// shows the results as visible lines, which the harness reads back with innerText.
import * as api from 'astra-app-backups';
import { runChecks } from './checks.mjs';

const options = JSON.parse(decodeURIComponent(location.hash.slice(1)));
const out = document.getElementById('results');
const mock = options.backend === 'simulator' ? import('astra-app-backups/mock') : Promise.resolve(undefined);
mock
  .then((loaded) => runChecks(api, options, loaded))
  .then(
    (results) => {
      // One visible line per check, which the harness reads back as the user sees it.
      out.textContent = results.map((r) => `${r.ok ? 'PASS' : 'FAIL'} ${r.check}: ${r.detail}`).join('\n');
    },
    (error) => {
      out.textContent = `ERROR ${error}`;
    },
  );
