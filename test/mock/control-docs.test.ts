// The control samples of the docs (docs/guide/simulator.md; test/readme/samples.ts finds them), each run: the TypeScript ones in-process (the package's
// `astra-app-backups/mock` resolved to src/), the curl ones by bash against the packaged
// server (`astra-backups mock`), whose log must show one line per control operation.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type MockServer, startMockServer } from '../../src/mock-server/index.js';
import { samplesOf, where } from '../readme/samples.js';
import { runProcess } from '../support/run.js';
import { root } from '../support/spec.js';

const samples = samplesOf('control-');
const sampleDir = join(root, 'test', 'readme', '.samples');
const mockEntry = join(root, 'src', 'mock', 'index.ts');

let server: MockServer;
const logged: string[] = [];
beforeAll(async () => {
  mkdirSync(sampleDir, { recursive: true });
  server = await startMockServer({ port: 0, log: (line) => logged.push(line) });
});
afterAll(() => server?.close());

describe('the docs document every control operation with a curl and a JS sample', () => {
  it('has both for each operation', () => {
    const kinds = samples.map((s) => s.kind);
    expect(kinds.filter((k) => k === 'control-sh')).toHaveLength(6);
    expect(kinds.filter((k) => k === 'control-ts')).toHaveLength(6);
    const shell = samples
      .filter((s) => s.kind === 'control-sh')
      .map((s) => s.code)
      .join('\n');
    for (const endpoint of ['reset', 'fixtures', 'time', 'latency', 'faults', 'journal'])
      expect(shell).toContain(`/__astra/${endpoint}`);
  });

  it.each(samples.filter((s) => s.kind === 'control-ts').map((s) => [where(s), s] as const))(
    'runs the TypeScript sample at %s',
    async (_, sample) => {
      const file = join(sampleDir, `control-${sample.file.replace(/\W+/g, '-')}-${sample.line}.ts`);
      writeFileSync(file, sample.code.replaceAll("'astra-app-backups/mock'", JSON.stringify(mockEntry)));
      const printed: string[] = [];
      const log = vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => {
        printed.push(args.map(String).join(' '));
      });
      try {
        await import(file);
      } finally {
        log.mockRestore();
      }
      expect(printed.length).toBeGreaterThan(0);
      // Each sample's comment says what it prints: check it does.
      for (const [, said] of sample.code.matchAll(/console\.log\([^\n]*\); \/\/ (.+)$/gm)) {
        const exact = (said ?? '').replace(/^\.\.\. /, '');
        expect(printed.join('\n')).toContain(exact);
      }
    },
    20_000,
  );

  it.each(samples.filter((s) => s.kind === 'control-sh').map((s) => [where(s), s] as const))(
    'runs the curl sample at %s against the packaged server, which logs each operation on one line',
    async (_, sample) => {
      const before = logged.length;
      const script = sample.code.replaceAll('http://127.0.0.1:4010', server.url);
      const result = await runProcess('bash', ['-euo', 'pipefail', '-c', script], { cwd: sampleDir });
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      const curls = sample.code.match(/^curl /gm)?.length ?? 0;
      const control = logged.slice(before).filter((l) => l.startsWith('control '));
      expect(control).toHaveLength(curls);
      for (const line of control) expect(line).toMatch(/^control (GET|POST|DELETE) \/__astra\/\w+ -> 20[01]: /);
    },
    20_000,
  );
});
