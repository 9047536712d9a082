// Runtimes are npm packages, installed once each into a cache outside node_modules
// (~/.cache/astra-runtimes/<name>@<version>, or $ASTRA_RUNTIMES_CACHE), with npm itself:
// nothing is downloaded from anywhere but the npm registry, and a second run reuses them.
import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { runProcess } from '../lib/tools.mjs';

export const cacheRoot = process.env.ASTRA_RUNTIMES_CACHE ?? join(homedir(), '.cache', 'astra-runtimes');
const INSTALL_BOUND_MS = 300_000;

/** The folder a package is cached in (its own npm prefix). */
export function cachedFolder({ name, version }) {
  return join(cacheRoot, `${name.replace('/', '+')}@${version}`);
}

/** The package's folder inside its cached prefix. */
export function packageFolder(pkg) {
  return join(cachedFolder(pkg), 'node_modules', ...pkg.name.split('/'));
}

async function npm(args, cwd) {
  const { code, stdout, stderr } = await runProcess('npm', args, { cwd, boundMs: INSTALL_BOUND_MS });
  const output = stdout + stderr;
  if (code === 0) return output;
  throw new Error(`npm ${args.join(' ')} failed (${code}):\n${output.trim().slice(-2000)}`);
}

/** The installs of this run, by folder. */
const installs = new Map();

/**
 * Makes sure the package is cached; resolves with its binary's path. A package is
 * installed into a fresh folder that is renamed into place when complete, so an
 * interrupted install is never taken for a cached one. Install scripts are not run:
 * the binaries are in the tarballs.
 */
export function ensureCached(pkg) {
  const folder = cachedFolder(pkg);
  // One install per package, however many rows ask for it (Node 24 runs a row and miniflare).
  let pending = installs.get(folder);
  if (!pending) {
    pending = install(pkg, folder);
    installs.set(folder, pending);
  }
  return pending;
}

async function install(pkg, folder) {
  const done = join(folder, '.installed');
  if (!existsSync(done)) {
    mkdirSync(cacheRoot, { recursive: true });
    const partial = `${folder}.partial-${process.pid}`;
    rmSync(partial, { recursive: true, force: true });
    mkdirSync(partial, { recursive: true });
    writeFileSync(join(partial, 'package.json'), JSON.stringify({ private: true }));
    await npm(
      [
        'install',
        '--prefix',
        partial,
        '--ignore-scripts',
        '--no-audit',
        '--no-fund',
        '--save-exact',
        `${pkg.name}@${pkg.version}`,
      ],
      partial,
    );
    writeFileSync(join(partial, '.installed'), `${pkg.name}@${pkg.version}\n`);
    if (existsSync(done)) {
      // Another run finished the same install first, and may be using it: keep its copy.
      rmSync(partial, { recursive: true, force: true });
    } else {
      rmSync(folder, { recursive: true, force: true }); // an interrupted install's leftovers
      try {
        renameSync(partial, folder);
      } catch (error) {
        rmSync(partial, { recursive: true, force: true });
        if (!existsSync(done)) throw error;
      }
    }
  }
  return join(packageFolder(pkg), pkg.bin);
}
