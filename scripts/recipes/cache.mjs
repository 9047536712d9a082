// The testing recipes' tools (Jest, Storybook, Playwright...) are installed once per set of
// pinned versions into a cache outside node_modules (~/.cache/astra-recipes/<set>-<hash>, or
// $ASTRA_RECIPES_CACHE), with npm itself, as scripts/runtimes/cache.mjs does for runtimes: none
// of them is a dev dependency of this repository, and a second run reuses them.
//
// A recipe runs in a scratch project made inside that folder (so that the tools resolve from
// its node_modules), with the packed tarball installed in the scratch project's own
// node_modules as users install it (`npm install <tarball>`).
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { toolSets } from './tools.mjs';

export const cacheRoot = process.env.ASTRA_RECIPES_CACHE ?? join(homedir(), '.cache', 'astra-recipes');
const INSTALL_BOUND_MS = 600_000;
/** A set's folders of other pins (or an interrupted install) untouched this long are removed. */
const OLD_MS = 24 * 3_600_000;
const env = {
  ...process.env,
  SCARF_ANALYTICS: 'false',
  NO_COLOR: '1',
  DO_NOT_TRACK: '1',
  STORYBOOK_DISABLE_TELEMETRY: '1',
};

function npm(args, cwd) {
  return new Promise((resolve, reject) => {
    const child = spawn('npm', args, { cwd, stdio: ['ignore', 'pipe', 'pipe'], env });
    let output = '';
    child.stdout.on('data', (d) => {
      output += d;
    });
    child.stderr.on('data', (d) => {
      output += d;
    });
    const timer = setTimeout(() => child.kill('SIGTERM'), INSTALL_BOUND_MS);
    child.on('close', (code) => {
      clearTimeout(timer);
      if (code === 0) resolve(output);
      else reject(new Error(`npm ${args.join(' ')} failed (${code}):\n${output.trim().slice(-2000)}`));
    });
  });
}

/** The folder of a tool set: its name and a hash of its pinned packages (a new pin is a new folder). */
export function toolFolder(set) {
  const packages = toolSets[set];
  if (!packages) throw new Error(`no tool set named ${set}: ${Object.keys(toolSets).join(', ')}`);
  const hash = createHash('sha256').update(packages.join(' ')).digest('hex').slice(0, 12);
  return join(cacheRoot, `${set}-${hash}`);
}

const installs = new Map();

/**
 * Makes sure a tool set is installed; resolves with its folder. Installed into a fresh folder
 * renamed into place when complete, so an interrupted install is never taken for a cached one.
 * Install scripts are not run (no browser download, no telemetry).
 */
export function ensureTools(set) {
  const folder = toolFolder(set);
  let pending = installs.get(folder);
  if (!pending) {
    pending = install(set, folder);
    installs.set(folder, pending);
  }
  return pending;
}

async function install(set, folder) {
  const done = join(folder, '.installed');
  if (existsSync(done)) return folder;
  mkdirSync(cacheRoot, { recursive: true });
  const partial = `${folder}.partial-${process.pid}`;
  rmSync(partial, { recursive: true, force: true });
  mkdirSync(partial, { recursive: true });
  writeFileSync(join(partial, 'package.json'), JSON.stringify({ name: `recipe-${set}`, private: true }));
  await npm(
    ['install', '--ignore-scripts', '--no-audit', '--no-fund', '--save-exact', '--prefer-offline', ...toolSets[set]],
    partial,
  );
  writeFileSync(join(partial, '.installed'), `${toolSets[set].join('\n')}\n`);
  // The same set at other pins, a day old: their runs are over (a few hundred MB each).
  for (const name of readdirSync(cacheRoot))
    if (name.startsWith(`${set}-`) && join(cacheRoot, name) !== folder && join(cacheRoot, name) !== partial)
      try {
        if (Date.now() - statSync(join(cacheRoot, name)).mtimeMs > OLD_MS)
          rmSync(join(cacheRoot, name), { recursive: true, force: true });
      } catch {}
  if (existsSync(done)) {
    rmSync(partial, { recursive: true, force: true });
  } else {
    rmSync(folder, { recursive: true, force: true });
    try {
      renameSync(partial, folder);
    } catch (error) {
      rmSync(partial, { recursive: true, force: true });
      if (!existsSync(done)) throw error;
    }
  }
  return folder;
}

/**
 * A scratch project inside the tool set's folder, with the tarball installed in its own
 * node_modules (and `packageJson` merged into its package.json). The caller removes it.
 */
export async function scratchProject(set, tarball, packageJson = {}) {
  const folder = await ensureTools(set);
  const project = mkdtempSync(join(folder, 'scratch-'));
  writeFileSync(
    join(project, 'package.json'),
    JSON.stringify({ name: `scratch-${set}`, private: true, ...packageJson }, null, 2),
  );
  await npm(
    [
      'install',
      '--ignore-scripts',
      '--no-audit',
      '--no-fund',
      '--no-save',
      '--prefer-offline',
      '--no-package-lock',
      tarball,
    ],
    project,
  );
  return project;
}

// `node scripts/recipes/cache.mjs jest storybook` installs those sets ahead of a run.
if (import.meta.url === `file://${process.argv[1]}`) {
  for (const set of process.argv.slice(2).length ? process.argv.slice(2) : Object.keys(toolSets))
    console.error(`${set}: ${await ensureTools(set)}`);
}
