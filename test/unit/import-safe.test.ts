// Every entry loads where the web globals are missing: Jest's stock jsdom environment has no
// TextDecoder or Response, and a component test that only imports an API module must not die
// on it. The built files (what `npm run build` wrote), ESM and CommonJS, each imported in a
// bare `vm` context (ECMAScript's own globals only) by import-probe.mjs, in a child process
// (vm modules need --experimental-vm-modules).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { runProcess } from '../support/run.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const probe = fileURLToPath(new URL('./import-probe.mjs', import.meta.url));

interface ProbeResult {
  entry: string;
  format: 'esm' | 'cjs';
  exports?: string[];
  error?: string;
}

let results: ProbeResult[] = [];

beforeAll(async () => {
  expect(existsSync(`${root}dist/index.cjs`), 'dist/ is missing: run npm run build first').toBe(true);
  const run = await runProcess(process.execPath, ['--experimental-vm-modules', '--no-warnings', probe, `${root}dist`]);
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
  results = JSON.parse(run.stdout);
});

// What each entry must still export once loaded: a sign the probe loaded the right file whole.
const EXPECTED: Record<string, string[]> = {
  index: ['createAstraClient', 'TimeoutError', 'InvalidInputError'],
  mock: ['createAstraSimulator', 'EXAMPLE_BACKUP'],
  query: ['createAstraQueries', 'astraKeys'],
  spec: ['SPEC'],
  // ./msw's own code, with msw replaced by a stand-in (msw's HttpResponse extends Response at load).
  msw: ['astraHandlers'],
};

describe('every entry imports in a context without web globals', () => {
  it.each(
    Object.keys(EXPECTED).flatMap((entry) => [
      [entry, 'esm'],
      [entry, 'cjs'],
    ]),
  )('%s (%s)', (entry, format) => {
    const result = results.find((r) => r.entry === entry && r.format === format);
    expect(result, `the probe did not try ${entry} ${format}`).toBeDefined();
    expect(result?.error).toBeUndefined();
    expect(result?.exports).toEqual(expect.arrayContaining(EXPECTED[entry] ?? []));
  });
});
