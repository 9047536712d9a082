// `npm run test:extended`: the checks too slow for `npm test`'s 3 minutes, run after it in
// CI (test/extended/): the published spec through the generators and validators its readers
// use, and `npm pack --json` with prepack's whole build. Needs the package built (`npm test`
// or `npm run build` first). Ends with the plain line CI reads: `N passed, N failed`.
// With them, test/recipes/: the testing recipes (Jest, Vitest, Storybook, Playwright) run from the tarball.
import { runSuite } from './lib/suite.mjs';

await runSuite(['--project', 'extended']);
