// `npm run docs`: renders the bundled spec into one self-contained page,
// dist/docs/index.html (Redoc inlined: no CDN, no web fonts, works offline).
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { root, runTool } from './lib/tools.mjs';

// `--bundled`: dist/openapi.{yaml,json} are fresh already (npm test bundles once).
if (!process.argv.includes('--bundled')) {
  const bundled = spawnSync(process.execPath, ['scripts/bundle.mjs'], { cwd: root, stdio: 'inherit' });
  if (bundled.status !== 0) process.exit(bundled.status ?? 1);
}
mkdirSync(join(root, 'dist', 'docs'), { recursive: true });
runTool(
  'redocly',
  [
    'build-docs',
    'dist/openapi.yaml',
    '--inlineBundle',
    '--output',
    'dist/docs/index.html',
    '--title',
    'Astra Control Application Backup API',
    '--openapi.hideLoading',
  ],
  { quiet: true },
);
// Redoc 3 loads its attribution logo from a CDN at run time, whatever the options:
// point it at an inline SVG so that the page fetches nothing (the text and link stay).
const page = join(root, 'dist', 'docs', 'index.html');
const logo = `data:image/svg+xml,${encodeURIComponent(
  '<svg xmlns="http://www.w3.org/2000/svg" width="64" height="14"><text x="0" y="11" font-family="sans-serif" font-size="11">Redocly</text></svg>',
)}`;
const html = readFileSync(page, 'utf8').replace(/https:\/\/cdn\.redoc\.ly\/redoc\/logo-mini(-full)?\.svg/g, logo);
if (/https:\/\/cdn\.redoc\.ly/.test(html)) throw new Error('the docs page still refers to cdn.redoc.ly');
writeFileSync(page, html);
console.log('wrote dist/docs/index.html');
