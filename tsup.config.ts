import { readFileSync } from 'node:fs';
import { defineConfig } from 'tsup';

const { version } = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string };

const sdk = {
  // The SDK, for Node >= 20, browsers, Deno and Bun.
  entry: { index: 'src/index.ts', spec: 'src/spec.ts' },
  dts: true,
  platform: 'neutral',
  target: 'es2022',
  outDir: 'dist',
  clean: false,
} as const;

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
    // The CLI, for Node.
    entry: { cli: 'src/cli/bin.ts' },
    format: ['esm'],
    platform: 'node',
    target: 'node20',
    outDir: 'dist',
    clean: false,
    banner: { js: '#!/usr/bin/env node' },
    define: { __ASTRA_VERSION__: JSON.stringify(version) },
  },
]);
