// The example account's ids and seed, from the simulator core (src/mock/seed.ts), for the
// scripts and tests that print or use them.
export { EXAMPLE_ACCOUNT, EXAMPLE_APPS, EXAMPLE_BACKUP, EXAMPLE_COMPLETED_BACKUP, seedBackups } from './core.mjs';
