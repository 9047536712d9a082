// The Node face of the simulator: its HTTP server and the `astra-backups mock` command.
// Built to dist/mock-server.js, which the CLI loads only for that command; the repository's
// `npm start` runs the same command with Prism's check as a step behind the server.
export { MOCK_HELP, type MockCommandExtras, type MockIo, runMockCommand } from './command.js';
export { allowedHostNames, hostNameOf, isLoopback } from './host.js';
export { watchParent } from './parent.js';
export { type MockServer, type MockServerOptions, type MockStep, startMockServer, targetPath } from './server.js';
