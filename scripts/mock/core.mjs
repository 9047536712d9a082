// The simulator core (src/mock, TypeScript) for the repository's scripts, which cannot
// import .ts: esbuild bundles it once into node_modules/.cache (about 0.1 s), named by a
// hash of what went in, so that parallel starts and test workers share one file and a
// changed source gets a new one. The package ships the same core as dist/mock.js.
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { root } from '../lib/tools.mjs';

// What the scripts need beyond the package's entry: the seed, for the code samples; and the
// packaged server's Host check (src/mock-server/host.ts), which npm start's front applies too.
const ENTRY = `export * from './src/mock/index.ts';
export { seedBackups } from './src/mock/seed.ts';
export { createSimulatorCore, parseJson } from './src/mock/simulator.ts';
export { allowedHostNames, hostNameOf, isLoopback } from './src/mock-server/host.ts';
`;
const INPUTS = [join(root, 'src', 'mock'), join(root, 'src', 'mock-server'), join(root, 'generated')];

function hashOfInputs() {
  const hash = createHash('sha256').update(ENTRY);
  for (const dir of INPUTS)
    for (const name of readdirSync(dir).sort()) {
      const file = join(dir, name);
      if (statSync(file).isFile()) hash.update(name).update(readFileSync(file));
    }
  return hash.digest('hex').slice(0, 16);
}

async function load() {
  const cache = join(root, 'node_modules', '.cache', 'astra-mock');
  const file = join(cache, `core-${hashOfInputs()}.mjs`);
  try {
    statSync(file);
  } catch {
    // esbuild is loaded only when there is something to build: a cached start skips it.
    const { build } = await import('esbuild');
    const result = await build({
      stdin: { contents: ENTRY, resolveDir: root, loader: 'ts', sourcefile: 'mock-core-entry.ts' },
      bundle: true,
      format: 'esm',
      platform: 'neutral',
      target: 'es2022',
      // The Host check reads this machine's names and addresses (node:os).
      external: ['node:*'],
      write: false,
      logLevel: 'silent',
    });
    mkdirSync(cache, { recursive: true });
    // Written aside and renamed: another process never imports half a file.
    const scratch = `${file}.${process.pid}.tmp`;
    writeFileSync(scratch, result.outputFiles[0].text);
    renameSync(scratch, file);
    // Older builds go (a process still using one has it loaded already).
    for (const name of readdirSync(cache))
      if (name.startsWith('core-') && join(cache, name) !== file) rmSync(join(cache, name), { force: true });
  }
  return import(pathToFileURL(file).href);
}

const core = await load();
export const {
  allowedHostNames,
  allowedMethods,
  CONTROL_TOKEN_HEADER,
  corsHeaders,
  createAstraSimulator,
  createSimulatorCore,
  EXAMPLE_ACCOUNT,
  EXAMPLE_APPS,
  EXAMPLE_BACKUP,
  EXAMPLE_COMPLETED_BACKUP,
  hostNameOf,
  isLoopback,
  handleControl,
  isControlPath,
  isPreflight,
  MAX_BODY_BYTES,
  parseJson,
  preflightHeaders,
  SEEDED_START,
  seedBackups,
} = core;
