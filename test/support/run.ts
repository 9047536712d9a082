// Running commands from tests: one helper for scripts and tests alike (scripts/lib/tools.mjs).
// runProcess collects what a command printed; startChild spawns a longer-lived one (a server)
// in a process group of its own. Whatever either started and is still running when a test file
// ends, passed, failed or timed out, is stopped by test/support/teardown.ts.
export {
  processAlive,
  type RunResult,
  runProcess,
  type StartedServer,
  signalGroup,
  startChild,
  startServer,
  stopGroup,
  stopStarted,
} from '../../scripts/lib/tools.mjs';
