import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// Four projects: `unit` (no server, or servers the tests start themselves),
// `contract` (the SDK against a Prism mock of the spec), `contract-simulator` (the same
// cases against the simulator of npm start, with Prism's check in process) and `live`
// (the same checks through a Prism proxy in front of a real Astra; `npm run test:contract:live`).
// Vitest 4 does not hand top-level timeouts down to inline projects: each sets its own.
// Most test files wait on servers and child processes rather than the CPU, so more
// workers than cores pays on the 2-core machine.
// The bounds are generous on purpose: tests wait on events (an answer, an exit, a printed
// address), and on a 2-core machine at a load average of 20 starting Node, Prism or Chromium
// takes ten times as long as idle; a bound only says when to give up on something that hangs.
// Whatever a file started is stopped when it ends, passed, failed or timed out (teardown.ts).
const timeouts = { testTimeout: 180_000, hookTimeout: 300_000, teardownTimeout: 60_000 };
const shared = { ...timeouts, setupFiles: ['test/support/teardown.ts'] };

export default defineConfig({
  // The docs samples import the package by name; here that is the source.
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
          include: ['test/{unit,spec,docs,mock,package,cli,readme,e2e,query,release,fuzz}/**/*.test.ts'],
          ...shared,
        },
      },
      {
        extends: true,
        test: {
          name: 'contract',
          include: ['test/contract/{matrix,dynamic,toolkit}.test.ts'],
          globalSetup: ['test/contract/setup.ts'],
          ...shared,
        },
      },
      {
        extends: true,
        test: {
          name: 'contract-simulator',
          include: ['test/contract/{matrix,toolkit}.test.ts'],
          globalSetup: ['test/contract/setup-simulator.ts'],
          ...shared,
        },
      },
      {
        // Slower than npm test's budget: `npm run test:extended`, which .ci/run runs after it.
        extends: true,
        test: {
          name: 'extended',
          include: ['test/extended/**/*.test.ts', 'test/recipes/**/*.test.ts'],
          ...shared,
        },
      },
      {
        extends: true,
        test: {
          name: 'live',
          include: ['test/contract/live.test.ts'],
          globalSetup: ['test/contract/setup.ts'],
          ...shared,
        },
      },
    ],
  },
});
