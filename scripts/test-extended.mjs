// `npm run test:extended`: the checks too slow for `npm test`'s 3 minutes, run after it in
// CI (test/extended/): the published spec through the generators and validators its readers
// use, `npm pack --json` with prepack's whole build, and the live contract suite run twice
// against local upstreams (one keeps the contract, one breaks it), and a test that times out
// leaving nothing running (test/support/teardown.ts). Needs the package built
// (`npm test` or `npm run build` first). Ends with the plain line CI reads: `N passed, N failed`.
// With them, test/recipes/: the testing recipes (Jest, Vitest, Storybook, Playwright) run from the tarball.
import { runSuite } from './lib/suite.mjs';

await runSuite(['--project', 'extended']);
