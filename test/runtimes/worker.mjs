// Cloudflare Worker entry (bundled by esbuild, run by workerd through miniflare): the
// checks run inside the Worker; the options come in the query, the results go out as JSON.
import * as api from 'astra-app-backups';
import { runChecks } from './checks.mjs';

export default {
  async fetch(request) {
    const options = JSON.parse(new URL(request.url).searchParams.get('options') ?? '{}');
    const mock = options.backend === 'simulator' ? await import('astra-app-backups/mock') : undefined;
    return Response.json(await runChecks(api, options, mock));
  },
};
