// The npm package as users get it, packed and installed once per content: every test file
// that needs it (the package test, the frontend acceptance tests) shares one install.
//
// Each caller packs (a second or so: `npm pack` of the built dist/); the tarball's hash names
// the install folder in the temporary folder, so a second file, a second worker or a second
// run with the same content finds it ready. The install is made under a lock (mkdir is
// atomic) and marked ready last: a half-made install is never used.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { withLock } from './lock.js';
import { root } from './spec.js';

export interface PackedApp {
  /** The scratch app: a package.json, the tarball installed, and the msw and query-core the tests use. */
  app: string;
  /** The packed tarball. */
  tarball: string;
  /** The paths the tarball holds, sorted. */
  files: string[];
}

export const packageEnv = { ...process.env, SCARF_ANALYTICS: 'false', NO_COLOR: '1', DO_NOT_TRACK: '1' };
// Bounds, generous for a loaded 2-core machine (an install takes 10 to 20 s idle): the install
// itself; a lock older than the install is stale; a second file waits for the first's install.
export const NPM_INSTALL_MS = 240_000;
const LOCK_STALE_MS = NPM_INSTALL_MS + 30_000;
const INSTALL_BOUND_MS = LOCK_STALE_MS + 30_000;
/** How long packedApp() may take, at the most: the timeout of a hook that calls it. */
export const PACKED_BOUND_MS = INSTALL_BOUND_MS + NPM_INSTALL_MS + 60_000;
const OLD_MS = 24 * 3_600_000;

/** The version of a dev dependency of this repository (the scratch app installs the same). */
function devVersion(name: string): string {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
    devDependencies: Record<string, string>;
  };
  const version = pkg.devDependencies[name];
  if (!version) throw new Error(`${name} is no dev dependency of this repository`);
  return version;
}

/** The packages installed beside the tarball, at this repository's versions. */
const besides = () => ['msw', '@tanstack/query-core', 'vitest'].map((name) => `${name}@${devVersion(name)}`);

/** Packs this repository's dist/ (no build: the caller built it) and installs it in a scratch app, once per content. */
export async function packedApp(): Promise<PackedApp> {
  const packDir = mkdtempSync(join(tmpdir(), 'astra-pack-'));
  const packed = JSON.parse(
    execFileSync('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', packDir], {
      cwd: root,
      env: packageEnv,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }),
  ) as { filename: string; files: { path: string }[] }[];
  const files = (packed[0]?.files ?? []).map((f) => f.path).sort();
  const packedTarball = join(packDir, packed[0]?.filename ?? '');
  // What is installed beside the tarball is part of the key: an install made with fewer packages is not reused.
  const key = createHash('sha256')
    .update(readFileSync(packedTarball))
    .update(besides().join(' '))
    .digest('hex')
    .slice(0, 16);
  const home = join(tmpdir(), `astra-packed-${key}`);
  const app = join(home, 'app');
  const tarball = join(home, packed[0]?.filename ?? '');
  const ready = join(home, '.ready');
  try {
    if (!existsSync(ready))
      await withLock(`${home}.lock`, { staleMs: LOCK_STALE_MS, boundMs: INSTALL_BOUND_MS }, async () => {
        if (!existsSync(ready)) install(home, app, packedTarball, tarball);
      });
  } finally {
    rmSync(packDir, { recursive: true, force: true });
  }
  return { app, tarball, files };
}

function install(home: string, app: string, packedTarball: string, tarball: string): void {
  // Installs of other contents, a day old: their runs are over.
  for (const name of readdirSync(tmpdir()))
    if (/^astra-packed-[0-9a-f]{16}$/.test(name))
      try {
        if (Date.now() - statSync(join(tmpdir(), name)).mtimeMs > OLD_MS)
          rmSync(join(tmpdir(), name), { recursive: true, force: true });
      } catch {}
  rmSync(home, { recursive: true, force: true });
  mkdirSync(app, { recursive: true });
  writeFileSync(tarball, readFileSync(packedTarball));
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'app', private: true }));
  // As users install it: npm install of the tarball (its dependency, msw and query-core from npm's cache),
  // and vitest, the test runner a frontend team runs the fetch mode and MSW in.
  execFileSync(
    'npm',
    ['install', '--prefer-offline', '--no-audit', '--no-fund', '--ignore-scripts', tarball, ...besides()],
    { cwd: app, env: packageEnv, stdio: ['ignore', 'pipe', 'pipe'], timeout: NPM_INSTALL_MS },
  );
  writeFileSync(join(home, '.ready'), '');
}
