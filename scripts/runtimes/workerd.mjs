// Runs the bundled Worker in workerd through miniflare (under the suite's Node 24:
// miniflare 4 needs Node 22). argv: miniflare's folder, the bundle, the options JSON.
// Prints the results on one line, as the other runtimes do.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const [miniflareFolder, bundle, options] = process.argv.slice(2);
const { Miniflare } = await import(pathToFileURL(join(miniflareFolder, 'dist', 'src', 'index.js')).href);
// The module's contents, not a path: a scriptPath outside miniflare's folder fails with "can't use '..'".
const mf = new Miniflare({ modules: true, script: readFileSync(bundle, 'utf8'), compatibilityDate: '2026-07-01' });
try {
  const response = await mf.dispatchFetch(`http://worker.test/?options=${encodeURIComponent(options)}`);
  const text = await response.text();
  if (!response.ok) throw new Error(`the Worker answered ${response.status}: ${text.slice(0, 500)}`);
  console.log(`ASTRA_RUNTIME_RESULTS ${text}`);
} finally {
  await mf.dispose();
}
