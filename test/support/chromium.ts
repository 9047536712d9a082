// Headless Chromium for the browser tests, on any machine `npm ci` has set up: a system
// Chromium when there is one (CHROMIUM_PATH, or Debian's /usr/bin/chromium), else the one
// @sparticuz/chromium carries inside its npm tarball (no download at install or at run).
//
// @sparticuz/chromium unpacks itself into the temporary folder on first use. Several test
// workers (and several checkouts) may ask at once, so the unpacking is done under a lock:
// a half-written binary must never be launched.
import { existsSync, mkdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, chromium } from 'playwright-core';

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

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Takes the unpacking lock (a folder: mkdir is atomic), waiting with a bound; a lock older than 2 min is stale. */
async function withLock<T>(work: () => Promise<T>): Promise<T> {
  const deadline = Date.now() + UNPACK_BOUND_MS;
  for (;;) {
    try {
      mkdirSync(LOCK);
      break;
    } catch {
      try {
        if (Date.now() - statSync(LOCK).mtimeMs > LOCK_STALE_MS) rmSync(LOCK, { recursive: true, force: true });
      } catch {}
      if (Date.now() > deadline) throw new Error(`could not take ${LOCK} within ${UNPACK_BOUND_MS} ms`);
      await sleep(100);
    }
  }
  try {
    return await work();
  } finally {
    rmSync(LOCK, { recursive: true, force: true });
  }
}

let packed: Promise<string> | undefined;

/** The path of a Chromium to launch: a system one if present, else the packed one, unpacked once. */
export function chromiumPath(): Promise<string> {
  const system = process.env.CHROMIUM_PATH ?? SYSTEM.find((path) => existsSync(path));
  if (system) return Promise.resolve(system);
  packed ??= withLock(async () => {
    const { default: sparticuz } = await import('@sparticuz/chromium');
    // It sets FONTCONFIG_PATH and LD_LIBRARY_PATH for its own libraries as it unpacks.
    return sparticuz.executablePath();
  });
  return packed;
}

/** Launches headless Chromium (system or packed); the caller closes it. */
export async function launchChromium(options: { args?: string[] } = {}): Promise<Browser> {
  const executablePath = await chromiumPath();
  return chromium.launch({ executablePath, args: [...FLAGS, ...(options.args ?? [])], timeout: 60_000 });
}
