// Global setup of the `contract-simulator` project: the same contract cases, against the
// simulator that npm start serves, with Prism's check in process (every answer checked).
import type { TestProject } from 'vitest/node';
import { startMock } from '../../scripts/mock/start.mjs';

export default async function setup(project: TestProject) {
  const violations: string[] = [];
  const mock = await startMock({ backupMs: 2_000, alarm: (line) => violations.push(line) });
  project.provide('prismUrl', mock.url);
  return async () => {
    await mock.stop();
    if (violations.length) throw new Error(`the simulator broke the spec:\n${violations.join('\n')}`);
  };
}
