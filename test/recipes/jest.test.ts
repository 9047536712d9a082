// The Jest recipe (docs/snippets/recipes/jest/) run as a frontend team runs it: Jest 30 with
// ts-jest, under jest-fixed-jsdom, from the packed tarball; then the same project broken on
// purpose (a fault that no longer holds, a misspelt operationId) must fail. And the import
// check: every entry but ./msw loads under Jest's stock jsdom environment, ./msw under
// jest-fixed-jsdom (before the SDK created its web globals on first use, `.` threw
// `TextDecoder is not defined`).
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runProcess } from '../support/run.js';
import { type RecipeProject, recipeEnv, recipeProject } from './support.js';

interface JestReport {
  numPassedTests: number;
  numFailedTests: number;
  numFailedTestSuites: number;
  testResults: {
    name: string;
    status: string;
    message: string;
    assertionResults: { title: string; status: string }[];
  }[];
}

let project: RecipeProject;

/** Runs Jest in the project; resolves with its JSON report. */
async function jest(args: string[] = []): Promise<JestReport & { output: string }> {
  const report = join(project.dir, `report-${Date.now()}.json`);
  const run = await runProcess(
    process.execPath,
    [
      join(project.tools, 'node_modules', 'jest', 'bin', 'jest.js'),
      '--ci',
      '--json',
      `--outputFile=${report}`,
      ...args,
    ],
    { cwd: project.dir, env: recipeEnv },
  );
  return { ...(JSON.parse(readFileSync(report, 'utf8')) as JestReport), output: run.stdout + run.stderr };
}

beforeAll(async () => {
  project = await recipeProject('jest', ['app', 'jest']);
}, 600_000);

afterAll(() => project?.remove());

describe('the Jest recipe', () => {
  it('passes as published: the SDK with the simulator, and the list through MSW', async () => {
    const run = await jest(['src']);
    expect(run.numFailedTests, run.output).toBe(0);
    expect(run.numFailedTestSuites, run.output).toBe(0);
    expect(run.numPassedTests, run.output).toBe(5);
  }, 300_000);

  it('fails when broken: a one-time fault never shows, a misspelt operationId does not compile', async () => {
    const list = join(project.dir, 'src', 'BackupList.test.tsx');
    const sdk = join(project.dir, 'src', 'sdk.test.ts');
    writeFileSync(list, readFileSync(list, 'utf8').replace("times: 'always'", 'times: 1'));
    writeFileSync(
      sdk,
      readFileSync(sdk, 'utf8').replaceAll("operationId: 'getAppBackup'", "operationId: 'getAppBackups'"),
    );
    const run = await jest(['src']);
    const byFile = (name: string) => run.testResults.find((r) => r.name.endsWith(name));
    const shown = byFile('BackupList.test.tsx')?.assertionResults.find((a) => a.title.includes('error'));
    expect(shown?.status, run.output).toBe('failed');
    // ts-jest type-checks: the operationId is typed as the spec's operationIds.
    expect(byFile('sdk.test.ts')?.status, run.output).toBe('failed');
    expect(byFile('sdk.test.ts')?.message, run.output).toMatch(/'"getAppBackups"' is not assignable/);
  }, 300_000);

  it("imports every entry under Jest's stock jsdom environment, and ./msw under jest-fixed-jsdom", async () => {
    cpSync(join(import.meta.dirname, 'fixtures', 'jest-imports'), join(project.dir, 'imports'), { recursive: true });
    const run = await jest(['imports']);
    expect(run.numFailedTests, run.output).toBe(0);
    expect(run.numFailedTestSuites, run.output).toBe(0);
    expect(run.numPassedTests, run.output).toBe(5);
  }, 300_000);
});
