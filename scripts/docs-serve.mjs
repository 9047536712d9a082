// Serves the built docs site (dist/docs/) the way GitHub Pages serves a project site: under
// its base path (`/astra-app-backups/` unless DOCS_BASE or GITHUB_REPOSITORY says otherwise),
// on 127.0.0.1, `.html` optional, 404.html for anything else. `npm run docs:preview` runs it
// (PORT=... to choose the port); the docs tests import serveDocs() and start it on a free port.
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { root } from './lib/tools.mjs';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.yaml': 'application/yaml; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

/** The base path the site was built for: DOCS_BASE, else GITHUB_REPOSITORY's name, else astra-app-backups. */
export function docsBase(env = process.env) {
  const name = env.GITHUB_REPOSITORY?.split('/')[1]?.trim();
  const base = env.DOCS_BASE?.trim() || `/${name || 'astra-app-backups'}/`;
  return `/${base.replace(/^\/+|\/+$/g, '')}/`.replace(/^\/\/$/, '/');
}

/**
 * Starts a static server for `dir` under `base` on 127.0.0.1:`port` (0: a free one).
 * Resolves to { url, close() }; `url` ends with the base path.
 */
export function serveDocs({ dir = join(root, 'dist', 'docs'), base = docsBase(), port = 0 } = {}) {
  if (!existsSync(join(dir, 'index.html'))) throw new Error(`${dir}/index.html is missing: run npm run docs`);
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    let path = decodeURIComponent(url.pathname);
    if (`${path}/` === base) {
      res.writeHead(301, { location: base });
      res.end();
      return;
    }
    if (!path.startsWith(base)) return notFound(res);
    path = path.slice(base.length);
    let file = normalize(join(dir, path));
    if (!file.startsWith(dir + sep) && file !== dir) return notFound(res);
    if (existsSync(file) && statSync(file).isDirectory()) file = join(file, 'index.html');
    else if (!existsSync(file) && existsSync(`${file}.html`)) file = `${file}.html`;
    if (!existsSync(file) || !statSync(file).isFile()) return notFound(res);
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
    if (req.method === 'HEAD') return res.end();
    createReadStream(file).pipe(res);
  });
  function notFound(res) {
    const page = join(dir, '404.html');
    res.writeHead(404, { 'content-type': 'text/html; charset=utf-8' });
    if (existsSync(page)) createReadStream(page).pipe(res);
    else res.end('Not found');
  }
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      const address = server.address();
      const actual = typeof address === 'object' && address ? address.port : port;
      resolve({
        url: `http://127.0.0.1:${actual}${base}`,
        close: () => new Promise((done) => server.close(() => done(undefined))),
        server,
      });
    });
  });
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { url } = await serveDocs({ port: Number(process.env.PORT ?? 4173) });
  console.error(`serving dist/docs/ at ${url} (Ctrl-C to stop; npm run docs rebuilds it)`);
}
