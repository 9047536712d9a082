// The Node face of the simulator: its HTTP server and the `astra-backups mock` command.
// Built to dist/mock-server.js, which the CLI loads only for that command, and which
// `npm start`'s front imports for the same Host check.
export { MOCK_HELP, type MockIo, runMockCommand } from './command.js';
export { allowedHostNames, hostNameOf, isLoopback } from './host.js';
export { type MockServer, type MockServerOptions, startMockServer } from './server.js';
