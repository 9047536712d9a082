// Loaded before every test file (vitest.config.ts, setupFiles): when the file ends, whatever
// it started through startChild or runProcess and is still running (a server, npm and the node
// it started, a command a timed-out test was waiting for) is stopped, group and all.
import { afterAll } from 'vitest';
import { stopStarted } from './run.js';

afterAll(() => stopStarted());
