// The simulator in the reader's tab: the package's `./mock` (src/mock), loaded only when a
// Try it is first pressed (its own chunk), one per tab. Unseeded: ids are random and the
// clock is the real one, so a created backup moves from pending to completed in 20 s, as
// `npx astra-backups mock` does; reset() returns to the seeded account.
import { createAstraSimulator } from '../../../../src/mock/index.js';
import type { InPage } from './state.js';

export function createInPageSimulator(): InPage {
  // An answer that would break the spec becomes a 500 problem, and the simulator says so on the
  // console (its default): the site's tests fail on any console error.
  const sim = createAstraSimulator();
  return { fetch: sim.fetch, reset: () => sim.reset() };
}
