export { forwardingOf } from '../../src/mock/control.js';
export {
  allowedMethods,
  createAstraSimulator,
  EXAMPLE_ACCOUNT,
  EXAMPLE_APPS,
  EXAMPLE_BACKUP,
  EXAMPLE_COMPLETED_BACKUP,
  problemResponse,
  SEEDED_START,
} from '../../src/mock/index.js';
export { seedBackups } from '../../src/mock/seed.js';
export { createSimulatorCore, parseJson } from '../../src/mock/simulator.js';
export { allowedHostNames, isLoopback, runMockCommand, startMockServer } from '../../src/mock-server/index.js';
