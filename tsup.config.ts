import { readFileSync } from 'node:fs';
import { defineConfig, type Options } from 'tsup';

const { version } = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string };

const sdk = {
  // The SDK, for Node >= 20, browsers, Deno and Bun.
  entry: { index: 'src/sdk/index.ts', spec: 'src/spec/index.ts' },
  dts: true,
  platform: 'neutral',
  target: 'es2022',
  outDir: 'dist',
  clean: false,
} as const;

/**
 * The Node faces load the simulator from the file the package ships for it (`dist/mock.js`),
 * rather than each carrying a copy: `../mock/index.js` becomes `./mock.js`, and the CLI's
 * `../mock-server/index.js` (loaded by `astra-backups mock` only) `./mock-server.js`.
 */
const shippedSiblings: NonNullable<Options['esbuildPlugins']>[number] = {
  name: 'shipped-siblings',
  setup(build) {
    build.onResolve({ filter: /^\.\.\/(mock|mock-server)\/index\.js$/ }, (args) => ({
      path: `./${args.path.split('/')[1]}.js`,
      external: true,
    }));
  },
};

export default defineConfig([
  // ESM imports openapi-fetch, the one runtime dependency.
  { ...sdk, format: ['esm'] },
  // CommonJS carries openapi-fetch inside: required from CommonJS, openapi-fetch's own CJS
  // build meets esbuild's Node-mode interop, which hands over the module object instead of
  // createClient ("import_openapi_fetch.default is not a function").
  { ...sdk, format: ['cjs'], noExternal: ['openapi-fetch'] },
  // The simulator core (`astra-app-backups/mock`): runtime-neutral, with nothing to import.
  {
    entry: { mock: 'src/mock/index.ts' },
    format: ['esm', 'cjs'],
    dts: true,
    platform: 'neutral',
    target: 'es2022',
    outDir: 'dist',
    clean: false,
  },
  {
    // `astra-app-backups/query`: imports the SDK by its package name, so an app loads one copy
    // of it (one set of error classes), and the main entry stays as it is.
    entry: { query: 'src/query/index.ts' },
    format: ['esm', 'cjs'],
    dts: true,
    platform: 'neutral',
    target: 'es2022',
    outDir: 'dist',
    clean: false,
    external: ['astra-app-backups', '@tanstack/query-core'],
  },
  {
    // The CLI, for Node.
    entry: { cli: 'src/cli/bin.ts' },
    format: ['esm'],
    platform: 'node',
    target: 'node20',
    outDir: 'dist',
    clean: false,
    banner: { js: '#!/usr/bin/env node' },
    define: { __ASTRA_VERSION__: JSON.stringify(version) },
    esbuildPlugins: [shippedSiblings],
    // One file: main.js, loaded with import() so that `mock` skips it, stays inside cli.js.
    splitting: false,
  },
  // `astra-app-backups/msw`: the simulator as MSW handlers (msw, an optional peer, stays external).
  { ...sdk, entry: { msw: 'src/msw/index.ts' }, format: ['esm', 'cjs'] },
  {
    // The simulator's HTTP server, for `astra-backups mock` and `npm start`'s front.
    entry: { 'mock-server': 'src/mock-server/index.ts' },
    format: ['esm'],
    platform: 'node',
    target: 'node20',
    outDir: 'dist',
    clean: false,
    esbuildPlugins: [shippedSiblings],
  },
]);
