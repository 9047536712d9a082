import { readFileSync } from 'node:fs';
import { defineConfig } from 'tsup';

const { version } = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string };

export default defineConfig([
  {
    // The SDK: ESM and CommonJS with declarations, for Node >= 20, browsers, Deno and Bun.
    entry: { index: 'src/index.ts' },
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
