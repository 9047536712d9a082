// The size budget of the main entry (.size-limit.json, size-limit with esbuild, min+gzip):
// 9.5 KiB for the SDK's own code and 11.5 KiB with openapi-fetch. The real build must pass;
// the same budget on the build plus 600 random bytes (which gzip cannot shrink) must fail.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { root } from '../support/spec.js';

interface Measured {
  name: string;
  passed: boolean;
  size: number;
  sizeLimit: number;
}
const budget = JSON.parse(readFileSync(join(root, '.size-limit.json'), 'utf8')) as { path: string; limit: string }[];
const scratch = mkdtempSync(join(tmpdir(), 'astra-size-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function sizeLimit(args: string[] = []): { code: number | null; results: Measured[] } {
  const run = spawnSync(join(root, 'node_modules', '.bin', 'size-limit'), ['--json', ...args], {
    cwd: root,
    encoding: 'utf8',
  });
  return { code: run.status, results: JSON.parse(run.stdout) as Measured[] };
}

describe('the size budget of the main entry', () => {
  it('is 9.5 KiB own and 11.5 KiB with openapi-fetch, min+gzip', () => {
    expect(budget.map((b) => [b.path, b.limit])).toEqual([
      ['dist/index.js', '9.5 KiB'],
      ['dist/index.js', '11.5 KiB'],
    ]);
  });

  it('holds for the build', () => {
    const { code, results } = sizeLimit();
    for (const r of results) expect(r.size, `${r.name}: ${r.size} bytes`).toBeLessThanOrEqual(r.sizeLimit);
    expect(results.map((r) => [r.sizeLimit, r.passed])).toEqual([
      [9728, true],
      [11776, true],
    ]);
    expect(code).toBe(0);
  }, 120_000);

  it('fails a bundle over budget (the build plus 600 bytes gzip cannot shrink)', () => {
    const entry = join(scratch, 'entry.js');
    writeFileSync(
      entry,
      `export * from ${JSON.stringify(pathToFileURL(join(root, 'dist', 'index.js')).pathname)};\nexport const bloat = '${randomBytes(600).toString('base64')}';\n`,
    );
    const config = join(scratch, 'size-limit.json');
    writeFileSync(config, JSON.stringify(budget.map((b) => ({ ...b, path: entry }))));
    const { code, results } = sizeLimit(['--config', config]);
    expect(results.map((r) => r.passed)).toEqual([false, false]);
    expect(code).toBe(1);
  }, 120_000);
});
