// Chromium for the browser row, found as every browser test here finds it: through
// launchChromium of test/support/chromium.ts (system Chromium, else @sparticuz/chromium).
// That module is TypeScript; esbuild turns it into a module this script can import.
import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { root } from '../lib/tools.mjs';

/** Launches headless Chromium; resolves with a playwright-core Browser. */
export async function launchBrowser() {
  const folder = mkdtempSync(join(root, 'node_modules', '.astra-chromium-'));
  try {
    const outfile = join(folder, 'chromium.mjs');
    await build({
      entryPoints: [join(root, 'test', 'support', 'chromium.ts')],
      outfile,
      bundle: true,
      packages: 'external',
      format: 'esm',
      platform: 'node',
      logLevel: 'silent',
    });
    const { launchChromium } = await import(pathToFileURL(outfile).href);
    return await launchChromium();
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}
