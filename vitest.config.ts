import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// Four projects: `unit` (no server, or servers the tests start themselves),
// `contract` (the SDK against a Prism mock of the spec), `contract-simulator` (the same
// cases against the simulator of npm start, through prism proxy --errors) and `live`
// (the same checks through a Prism proxy in front of a real Astra; `npm run test:contract:live`).
// Vitest 4 does not hand top-level timeouts down to inline projects: each sets its own.
// Most test files wait on servers and child processes rather than the CPU, so more
// workers than cores pays on the 2-core machine.
const timeouts = { testTimeout: 60_000, hookTimeout: 90_000, teardownTimeout: 30_000 };

export default defineConfig({
  // README samples import the package by name; here that is the source.
  // A subpath comes before the package name, which would otherwise take it as a prefix.
  resolve: {
    alias: {
      'astra-app-backups/query': fileURLToPath(new URL('./src/query/index.ts', import.meta.url)),
      'astra-app-backups': fileURLToPath(new URL('./src/sdk/index.ts', import.meta.url)),
    },
  },
  test: {
    ...timeouts,
    maxWorkers: 6,
    pool: 'threads',
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: [
            'test/{unit,spec,docs,mock,package,cli,readme,e2e,query,release,fuzz}/**/*.test.ts',
            'test/contract/proxy.test.ts',
          ],
          ...timeouts,
        },
      },
      {
        extends: true,
        test: {
          name: 'contract',
          include: ['test/contract/{matrix,dynamic,toolkit}.test.ts'],
          globalSetup: ['test/contract/setup.ts'],
          ...timeouts,
        },
      },
      {
        extends: true,
        test: {
          name: 'contract-simulator',
          include: ['test/contract/{matrix,toolkit}.test.ts'],
          globalSetup: ['test/contract/setup-simulator.ts'],
          ...timeouts,
        },
      },
      {
        // Slower than npm test's budget: `npm run test:extended`, which .ci/run runs after it.
        extends: true,
        test: {
          name: 'extended',
          include: ['test/extended/**/*.test.ts', 'test/recipes/**/*.test.ts'],
          ...timeouts,
        },
      },
      {
        extends: true,
        test: {
          name: 'live',
          include: ['test/contract/live.test.ts'],
          globalSetup: ['test/contract/setup.ts'],
          ...timeouts,
        },
      },
    ],
  },
});
