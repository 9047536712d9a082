import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// Three projects: `unit` (no server, or servers the tests start themselves),
// `contract` (the SDK against a Prism mock of the spec) and `live` (the same
// checks through a Prism proxy in front of a real Astra; `npm run test:contract:live`).
export default defineConfig({
  // README samples import the package by name; here that is the source.
  resolve: { alias: { 'astra-app-backups': fileURLToPath(new URL('./src/index.ts', import.meta.url)) } },
  test: {
    testTimeout: 30_000,
    hookTimeout: 60_000,
    projects: [
      { test: { name: 'unit', include: ['test/{unit,spec,docs,mock,package,cli,readme}/**/*.test.ts', 'test/contract/proxy.test.ts'] } },
      { test: { name: 'contract', include: ['test/contract/{matrix,dynamic,toolkit}.test.ts'], globalSetup: ['test/contract/setup.ts'] } },
      { test: { name: 'live', include: ['test/contract/live.test.ts'], globalSetup: ['test/contract/setup.ts'] } },
    ],
  },
});
