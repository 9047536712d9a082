// `npm run docs`: the docs site, one publishable folder dist/docs/ (VitePress; its config is
// docs/.vitepress/config.mts). Steps: bundle the spec; build the package (the SDK reference is
// generated from the published declarations, and every page shows dist/spec.js's contract
// hash); TypeDoc (with typedoc-plugin-markdown) writes the SDK reference of every entry into
// docs/sdk/ (never committed); VitePress builds the site; the spec as JSON and YAML goes beside
// the pages. The base path is the repository's name (GITHUB_REPOSITORY), `/astra-app-backups/`
// by default, or DOCS_BASE. Preview: `npm run docs:preview` (see CONTRIBUTING.md).
//
// Flags: `--bundled` (dist/openapi.* are fresh), `--built` (dist/*.d.ts and dist/spec.js are fresh).
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { root, runTool } from './lib/tools.mjs';

/** The package's entries and their declaration files, as package.json's exports publish them. */
export const ENTRIES = [
  ['index', 'astra-app-backups', 'dist/index.d.ts'],
  ['mock', 'astra-app-backups/mock', 'dist/mock.d.ts'],
  ['msw', 'astra-app-backups/msw', 'dist/msw.d.ts'],
  ['query', 'astra-app-backups/query', 'dist/query.d.ts'],
  ['spec', 'astra-app-backups/spec', 'dist/spec.d.ts'],
];

function node(script, ...args) {
  const result = spawnSync(process.execPath, [script, ...args], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

const started = performance.now();
if (!process.argv.includes('--bundled') && !process.argv.includes('--built')) node('scripts/bundle.mjs');
if (!process.argv.includes('--built')) node('scripts/build.mjs', '--bundled');
for (const [, , file] of ENTRIES)
  if (!existsSync(join(root, file))) throw new Error(`${file} is missing: run npm run build first`);

// The SDK reference: TypeDoc reads the declarations users get (their TSDoc is the text).
const sdk = join(root, 'docs', 'sdk');
rmSync(sdk, { recursive: true, force: true });
const scratch = join(tmpdir(), `astra-typedoc-${process.pid}`);
mkdirSync(scratch, { recursive: true });
const tsconfig = join(scratch, 'tsconfig.json');
writeFileSync(
  tsconfig,
  JSON.stringify({
    compilerOptions: {
      target: 'ES2022',
      module: 'NodeNext',
      moduleResolution: 'NodeNext',
      strict: true,
      skipLibCheck: true,
      noEmit: true,
      types: [],
    },
    files: ENTRIES.map(([, , file]) => join(root, file)),
  }),
);
try {
  runTool(
    'typedoc',
    [
      '--tsconfig',
      tsconfig,
      '--plugin',
      'typedoc-plugin-markdown',
      ...ENTRIES.flatMap(([, , file]) => ['--entryPoints', file]),
      '--out',
      sdk,
      '--name',
      'SDK reference',
      '--readme',
      'none',
      '--entryFileName',
      'index.md',
      '--excludeInternal',
      '--disableSources',
      '--hidePageHeader',
      '--logLevel',
      'Error',
    ],
    { quiet: true },
  );
} finally {
  rmSync(scratch, { recursive: true, force: true });
}

// TypeDoc names each module after its file (index, mock...): readers import them by the entry's name.
const label = Object.fromEntries(ENTRIES.map(([dir, name]) => [dir, name]));
for (const file of readdirSync(sdk, { recursive: true, encoding: 'utf8' })) {
  if (!file.endsWith('.md')) continue;
  const path = join(sdk, file);
  const text = readFileSync(path, 'utf8')
    .replace(
      /\[(index|mock|msw|query|spec)\]\(((?:\.\.\/)*(?:[a-z]+\/)?index\.md)\)/g,
      (_, dir, href) => `[${label[dir]}](${href})`,
    )
    .replace(/^# (index|mock|msw|query|spec)$/m, (_, dir) => `# ${label[dir]}`);
  writeFileSync(path, text);
}

runTool('vitepress', ['build', 'docs'], { quiet: true });
const out = join(root, 'dist', 'docs');
for (const [from, to] of [
  ['dist/openapi.json', 'openapi.json'],
  ['dist/openapi.yaml', 'openapi.yaml'],
])
  copyFileSync(join(root, from), join(out, to));
console.error(`built the docs site into dist/docs/ in ${((performance.now() - started) / 1000).toFixed(1)} s`);
