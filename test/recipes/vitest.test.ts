// The Vitest recipe (docs/snippets/recipes/vitest/): the list's component test under Vitest 4
// with jsdom, its requests answered by the simulator through MSW, from the packed tarball; then
// with the fault made one-time (the SDK retries it away) the error test must fail.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runProcess } from '../support/run.js';
import { type RecipeProject, recipeEnv, recipeProject } from './support.js';

interface VitestReport {
  numPassedTests: number;
  numFailedTests: number;
  testResults: { assertionResults: { title: string; status: string }[] }[];
}

let project: RecipeProject;

async function vitest(): Promise<VitestReport & { output: string }> {
  const run = await runProcess(
    process.execPath,
    [join(project.tools, 'node_modules', 'vitest', 'vitest.mjs'), 'run', '--reporter=json', '--outputFile=report.json'],
    { cwd: project.dir, env: recipeEnv },
  );
  return {
    ...(JSON.parse(readFileSync(join(project.dir, 'report.json'), 'utf8')) as VitestReport),
    output: run.stdout + run.stderr,
  };
}

beforeAll(async () => {
  project = await recipeProject('vitest', ['app', 'vitest'], { type: 'module' });
}, 600_000);

afterAll(() => project?.remove());

describe('the Vitest recipe', () => {
  it('passes as published', async () => {
    const run = await vitest();
    expect(run.numFailedTests, run.output).toBe(0);
    expect(run.numPassedTests, run.output).toBe(3);
  }, 300_000);

  it('fails when the fault does not hold', async () => {
    const test = join(project.dir, 'src', 'BackupList.test.tsx');
    writeFileSync(test, readFileSync(test, 'utf8').replace("times: 'always'", 'times: 1'));
    const run = await vitest();
    const failed = run.testResults.flatMap((r) => r.assertionResults).filter((a) => a.status === 'failed');
    expect(
      failed.map((a) => a.title),
      run.output,
    ).toEqual(['shows the error once the SDK has stopped retrying']);
  }, 300_000);
});
