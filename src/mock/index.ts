// `astra-app-backups/mock`: the Astra simulator, runtime-neutral (a Fetch Request in, a
// Fetch Response out), for servers, MSW handlers and tests with no server at all.

export type { ClockState } from './clock.js';
export {
  type AstraSimulator,
  type ControlledSimulator,
  type ControlOptions,
  createControlledSimulator as createAstraSimulator,
  SEEDED_START,
  type SimulatorTime,
} from './control.js';
export { ControlInputError } from './control-error.js';
export {
  CONTROL_PREFIX,
  CONTROL_TOKEN_HEADER,
  type ControlContext,
  handleControl,
  isControlPath,
} from './control-http.js';
export { corsHeaders, isPreflight, preflightHeaders } from './cors.js';
export type { ActiveFault, FaultKind, FaultRule, LatencyRule } from './faults.js';
export type { Fixture, FixtureAccount, FixtureApp } from './fixtures.js';
export type { JournalEntry } from './journal.js';
export {
  checkBackupMs,
  checkControlToken,
  checkJournalSize,
  checkSeed,
  SIMULATOR_LIMITS,
  SimulatorLimitError,
  type SimulatorLimitName,
} from './limits.js';
export { type NamedReason, PROBLEM_MEDIA_TYPE, type ProblemOptions, problemResponse } from './problems.js';
export { OPERATION_IDS, type OperationId } from './routes.js';
export { EXAMPLE_ACCOUNT, EXAMPLE_APPS, EXAMPLE_BACKUP, EXAMPLE_COMPLETED_BACKUP } from './seed.js';
export {
  type AstraSimulatorCore,
  type AstraSimulatorOptions,
  allowedMethods,
  MAX_BODY_BYTES,
  parseJson,
} from './simulator.js';
