// TypeScript consumers of every subpath, from the packed tarball installed as users get it,
// without skipLibCheck (skipDefaultLibCheck only: TypeScript's own lib files are not ours to
// check, and checking the DOM lib costs most of the time; the package's declarations and
// msw's are checked):
// - classic `moduleResolution: node10`, which reads no `exports`: every subpath resolves
//   through `typesVersions` (`./spec` had no entry and was a TS2307);
// - CommonJS (`.cts`, `import x = require(...)`) under node16: `.`, `./mock`, `./query`,
//   `./spec` check; `./msw` does not, in msw's own declarations (TS1479: they import the
//   ESM-only `rettime`), so the docs say node16 needs skipLibCheck for it, or nodenext,
//   under which it checks. Each claim the docs make is one check here.
// Each file also has a wrong use marked @ts-expect-error, so a subpath typed `any` fails.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { packedApp } from '../support/packed.js';
import { runProcess } from '../support/run.js';
import { root } from '../support/spec.js';

const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
let dir: string;

/** A consumer of each subpath but ./msw, in the syntax of `require` or `import`. */
const uses = (load: (name: string, subpath: string) => string) => `${load('sdk', '')}
${load('mock', '/mock')}
${load('query', '/query')}
${load('spec', '/spec')}

export const simulator: mock.ControlledSimulator = mock.createAstraSimulator();
export const client: sdk.AstraClient = sdk.createAstraClient({ accountId: 'a', token: 't', fetch: simulator.fetch });
export const queries: query.AstraQueries = query.createAstraQueries({ accountId: 'a', token: 't' });
export const info: spec.SpecInfo = spec.SPEC;
// @ts-expect-error the contract's hash is a string
export const hash: number = spec.SPEC.contractSha256;
// @ts-expect-error get takes an id
client.appBackups.get(42);
// @ts-expect-error backupMs is a number of ms
mock.createAstraSimulator({ backupMs: 'soon' });
// @ts-expect-error progress takes an id
queries.progress(42);
`;

const MSW = `import msw = require('astra-app-backups/msw');
import mock = require('astra-app-backups/mock');

export const handlers = msw.astraHandlers(mock.createAstraSimulator(), { baseUrl: '/astra' });
// @ts-expect-error the first argument is a simulator
msw.astraHandlers(42);
`;

interface Check {
  module: string;
  files: string[];
  skipLibCheck: boolean;
}

/** Runs tsc on `files` in `dir`; resolves with its error lines. */
async function typeCheck(name: string, { module, files, skipLibCheck }: Check): Promise<string[]> {
  const config = join(dir, `tsconfig.${name}.json`);
  writeFileSync(
    config,
    JSON.stringify({
      compilerOptions: {
        module,
        moduleResolution: module === 'commonjs' ? 'node10' : module,
        target: 'es2022',
        lib: ['es2022', 'dom', 'dom.iterable'],
        types: [],
        strict: true,
        noEmit: true,
        skipLibCheck,
        skipDefaultLibCheck: true,
        exactOptionalPropertyTypes: true,
      },
      files,
    }),
  );
  const run = await runProcess(process.execPath, [tsc, '-p', config, '--pretty', 'false'], { cwd: dir });
  const lines = `${run.stdout}${run.stderr}`.split('\n').filter((line) => /error TS\d+/.test(line));
  if (run.code !== 0 && lines.length === 0) throw new Error(`tsc failed without errors: ${run.stdout}${run.stderr}`);
  return lines;
}

const CHECKS: Record<string, Check> = {
  // commonjs module, node10 resolution: what `"moduleResolution": "node"` projects still use.
  node10: { module: 'commonjs', files: ['node10.ts'], skipLibCheck: false },
  'node16-cts': { module: 'node16', files: ['consumer.cts', 'msw.cts'], skipLibCheck: false },
  'node16-cts-skipLibCheck': { module: 'node16', files: ['msw.cts'], skipLibCheck: true },
  'nodenext-cts': { module: 'nodenext', files: ['consumer.cts', 'msw.cts'], skipLibCheck: false },
};
const results: Record<string, Promise<string[]>> = {};

beforeAll(async () => {
  const { app } = await packedApp();
  // Inside the scratch app, so that its node_modules (the tarball, msw) are found.
  dir = mkdtempSync(join(app, 'consumer-types-'));
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(dir, 'node10.ts'),
    `${uses((name, subpath) => `import * as ${name} from 'astra-app-backups${subpath}';`)}
import { astraHandlers } from 'astra-app-backups/msw';
export const handlers = astraHandlers(simulator, { baseUrl: '/astra' });
// @ts-expect-error the first argument is a simulator
astraHandlers(42);
`,
  );
  writeFileSync(
    join(dir, 'consumer.cts'),
    uses((name, subpath) => `import ${name} = require('astra-app-backups${subpath}');`),
  );
  writeFileSync(join(dir, 'msw.cts'), MSW);
  // All at once: each waits on its own tsc.
  for (const [name, check] of Object.entries(CHECKS)) results[name] = typeCheck(name, check);
  await Promise.allSettled(Object.values(results));
}, 600_000);

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('TypeScript consumers of every subpath, from the packed tarball', () => {
  it('node10 (classic resolution): ., ./mock, ./msw, ./query and ./spec all resolve and check', async () => {
    expect(await results.node10).toEqual([]);
  });

  it('node16, from a .cts: ., ./mock, ./query and ./spec check; ./msw fails only in msw’s own declarations (TS1479)', async () => {
    const errors = await results['node16-cts'];
    // If msw fixes its declarations, this fails: then the docs' note on node16 can go.
    expect(errors?.length).toBeGreaterThan(0);
    for (const line of errors ?? []) expect(line).toMatch(/^\.\.\/node_modules\/msw\/.*error TS1479:/);
  });

  it('node16, from a .cts, with skipLibCheck: ./msw checks', async () => {
    expect(await results['node16-cts-skipLibCheck']).toEqual([]);
  });

  it('nodenext, from a .cts: every subpath, ./msw included, checks without skipLibCheck', async () => {
    expect(await results['nodenext-cts']).toEqual([]);
  });
});
