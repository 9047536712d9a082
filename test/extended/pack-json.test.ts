// `npm pack --json` prints only JSON: prepack's build logs go to stderr, so release tooling
// and CI can parse what it prints. Run on a copy of the tracked files, since prepack rebuilds
// dist/ (every entry: about a minute here, so this runs in `npm run test:extended`).
import { cpSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runProcess } from '../support/run.js';
import { root } from '../support/spec.js';

const env = { ...process.env, SCARF_ANALYTICS: 'false', REDOCLY_TELEMETRY: 'off', NO_COLOR: '1' };
const cleanup: (() => void)[] = [];
afterAll(() => {
  for (const undo of cleanup.reverse()) undo();
});

describe('npm pack --json', () => {
  it('prints only JSON from npm pack --json, the build logs going to stderr', async () => {
    // A copy of the tracked files, so that prepack's build does not rewrite this checkout's dist/.
    const copy = mkdtempSync(join(tmpdir(), 'astra-pack-'));
    cleanup.push(() => rmSync(copy, { recursive: true, force: true }));
    const tracked = await runProcess('git', ['ls-files', '-z'], { cwd: root });
    for (const file of tracked.stdout.split('\0').filter(Boolean)) cpSync(join(root, file), join(copy, file));
    symlinkSync(join(root, 'node_modules'), join(copy, 'node_modules'), 'dir');
    const packed = await runProcess('npm', ['pack', '--dry-run', '--json'], { cwd: copy, env });
    expect(packed.code, packed.stderr).toBe(0);
    const [entry] = JSON.parse(packed.stdout) as { name: string; files: { path: string }[] }[];
    expect(entry?.name).toBe('astra-app-backups');
    expect(entry?.files.map((f) => f.path)).toContain('dist/index.js');
    expect(packed.stderr).toContain('built dist/');
  }, 300_000);
});
