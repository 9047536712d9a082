// `npm run docs`: the publishable docs folder dist/docs/: index.html, the bundled spec rendered
// into one self-contained page (Redoc inlined: no CDN, no web fonts, no telemetry, works offline),
// and beside it what the page links to: openapi.json, openapi.yaml and CHANGELOG.md. Every link is
// relative, so the folder works from file:// and from any static host (the docs workflow
// publishes it to GitHub Pages). Redoc's settings are in scripts/docs.redocly.yaml.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
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
    '--config',
    'scripts/docs.redocly.yaml',
  ],
  { quiet: true },
);
// Redoc 3 loads its attribution logo from a CDN at run time, whatever the options:
// point it at an inline SVG so that the page fetches nothing (the text and link stay).
const page = join(root, 'dist', 'docs', 'index.html');
const logo = `data:image/svg+xml,${encodeURIComponent(
  '<svg xmlns="http://www.w3.org/2000/svg" width="64" height="14"><text x="0" y="11" font-family="sans-serif" font-size="11">Redocly</text></svg>',
)}`;
// Code samples wrap instead of running past the panel's edge, where a reader could not see
// that a line goes on (Redoc scrolls them, with no scroll bar until hovered).
const wrap = `<style>.panel-request-samples pre, .panel-request-samples pre code { white-space: pre-wrap !important; overflow-wrap: anywhere; }</style>`;
const html = readFileSync(page, 'utf8')
  .replace(/https:\/\/cdn\.redoc\.ly\/redoc\/logo-mini(-full)?\.svg/g, logo)
  .replace('</head>', `${wrap}</head>`);
if (/https:\/\/cdn\.redoc\.ly/.test(html)) throw new Error('the docs page still refers to cdn.redoc.ly');
if (!html.includes('"disableTelemetry":true')) throw new Error('the docs page has Redocly telemetry on');
writeFileSync(page, html);
for (const [from, to] of [
  ['dist/openapi.json', 'openapi.json'],
  ['dist/openapi.yaml', 'openapi.yaml'],
  ['CHANGELOG.md', 'CHANGELOG.md'],
])
  copyFileSync(join(root, from), join(root, 'dist', 'docs', to));
console.log('wrote dist/docs/: index.html, openapi.json, openapi.yaml, CHANGELOG.md');
