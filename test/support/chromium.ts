// Headless Chromium for the browser tests, on any machine `npm ci` has set up: a system
// Chromium when there is one (CHROMIUM_PATH, or Debian's /usr/bin/chromium), else the one
// @sparticuz/chromium carries inside its npm tarball (no download at install or at run).
//
// @sparticuz/chromium unpacks itself into the temporary folder on first use. Several test
// workers (and several checkouts) may ask at once, so the unpacking is done under a lock:
// a half-written binary must never be launched.
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, chromium } from 'playwright-core';
import { withLock } from './lock.js';

/** Flags for a headless Chromium in a container; never `--disable-web-security` (CORS is under test). */
const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--no-zygote',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-dev-shm-usage',
  '--no-default-browser-check',
  '--no-first-run',
  '--font-render-hinting=none',
];
const SYSTEM = ['/usr/bin/chromium', '/usr/bin/chromium-browser'];
const LOCK = join(tmpdir(), 'astra-sparticuz-chromium.lock');
const LOCK_STALE_MS = 120_000;
const UNPACK_BOUND_MS = 180_000;

let packed: Promise<string> | undefined;

/** The path of a Chromium to launch: a system one if present, else the packed one, unpacked once. */
export function chromiumPath(): Promise<string> {
  const system = process.env.CHROMIUM_PATH ?? SYSTEM.find((path) => existsSync(path));
  if (system) return Promise.resolve(system);
  packed ??= withLock(LOCK, { staleMs: LOCK_STALE_MS, boundMs: UNPACK_BOUND_MS }, async () => {
    const { default: sparticuz } = await import('@sparticuz/chromium');
    // It sets FONTCONFIG_PATH and LD_LIBRARY_PATH for its own libraries as it unpacks.
    return sparticuz.executablePath();
  });
  return packed;
}

/** How long a launch may take: a bound, generous for a loaded 2-core machine (2 s idle). */
export const LAUNCH_BOUND_MS = 120_000;

/** Launches headless Chromium (system or packed); the caller closes it. */
export async function launchChromium(options: { args?: string[] } = {}): Promise<Browser> {
  const executablePath = await chromiumPath();
  return chromium.launch({ executablePath, args: [...FLAGS, ...(options.args ?? [])], timeout: LAUNCH_BOUND_MS });
}
