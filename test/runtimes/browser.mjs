// Browser entry (bundled by esbuild, loaded by a page): runs the checks in the page and
// shows the results as visible text, which the harness reads back with innerText.
import * as api from 'astra-app-backups';
import { runChecks } from './checks.mjs';

const options = JSON.parse(decodeURIComponent(location.hash.slice(1)));
const out = document.getElementById('results');
runChecks(api, { ...options, baseUrl: options.baseUrl ?? location.origin }).then(
  (results) => {
    out.textContent = JSON.stringify(results);
  },
  (error) => {
    out.textContent = `ERROR ${error}`;
  },
);
