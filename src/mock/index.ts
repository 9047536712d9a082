// `astra-app-backups/mock`: the Astra simulator, runtime-neutral (a Fetch Request in, a
// Fetch Response out), for servers, MSW handlers and tests with no server at all.
export { corsHeaders, isPreflight, preflightHeaders } from './cors.js';
export { EXAMPLE_ACCOUNT, EXAMPLE_APPS, EXAMPLE_BACKUP, EXAMPLE_COMPLETED_BACKUP } from './seed.js';
export {
  type AstraSimulator,
  type AstraSimulatorOptions,
  createAstraSimulator,
  MAX_BODY_BYTES,
} from './simulator.js';
