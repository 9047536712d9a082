export {
  allowedMethods,
  CONTROL_TOKEN_HEADER,
  corsHeaders,
  createAstraSimulator,
  EXAMPLE_ACCOUNT,
  EXAMPLE_APPS,
  EXAMPLE_BACKUP,
  EXAMPLE_COMPLETED_BACKUP,
  handleControl,
  isControlPath,
  isPreflight,
  MAX_BODY_BYTES,
  preflightHeaders,
  SEEDED_START,
} from '../../src/mock/index.js';
export { seedBackups } from '../../src/mock/seed.js';
export { createSimulatorCore, parseJson } from '../../src/mock/simulator.js';
export { allowedHostNames, hostNameOf, isLoopback } from '../../src/mock-server/host.js';
