// Every code sample of the docs (the spec's x-codeSamples, made by scripts/code-samples.mjs)
// is run against the simulator that `npm start` serves: curl with bash, the TypeScript
// SDK sample imported, the CLI sample with the CLI built from this checkout.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { MOCK_URL } from '../../scripts/code-samples.mjs';
import { type StartedMock, startMock } from '../../scripts/mock/start.mjs';
import { runProcess } from '../support/run.js';
import { loadSpec, operations, root } from '../support/spec.js';

const spec = loadSpec();
const dir = join(root, 'test', 'readme', '.samples');
let mock: StartedMock;

beforeAll(async () => {
  mkdirSync(dir, { recursive: true });
  mock = await startMock({ backupMs: 600 });
});
afterAll(async () => {
  await mock?.stop();
});

interface Sample {
  lang: string;
  label: string;
  source: string;
}
const samples = operations(spec).flatMap((op) => {
  const operation = (spec.paths as Record<string, Record<string, { 'x-codeSamples'?: Sample[] }>>)[op.path]?.[
    op.method
  ];
  return (operation?.['x-codeSamples'] ?? []).map(
    (s) => [`${op.operationId} (${s.label})`, op.operationId, s] as const,
  );
});

describe('the code samples of the docs', () => {
  it('cover every operation with curl, the TypeScript SDK and the CLI', () => {
    for (const op of operations(spec))
      expect(samples.filter(([, id]) => id === op.operationId).map(([, , s]) => s.label)).toEqual([
        'curl',
        'TypeScript SDK',
        'CLI',
      ]);
  });

  it.each(samples)('%s runs against the mock', async (_, operationId, sample) => {
    const source = sample.source.replaceAll(MOCK_URL, mock.url);
    if (sample.lang === 'TypeScript') {
      const file = join(dir, `code-sample-${operationId}.ts`);
      writeFileSync(file, source);
      const logged: string[] = [];
      const log = vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => {
        logged.push(args.join(' '));
      });
      try {
        await import(file);
      } finally {
        log.mockRestore();
      }
      expect(logged.length).toBeGreaterThan(0);
      if (operationId.startsWith('create')) expect(logged.at(-1)).toBe('completed');
      return;
    }
    // curl answers an HTTP error with exit 22 (and the body), so that a 4xx or 5xx fails here.
    const script = source
      .replace(/^curl -s/, 'curl -s --fail-with-body')
      .replaceAll('npx astra-backups', `node ${join(root, 'dist', 'cli.js')}`);
    const result = await runProcess('bash', ['-euo', 'pipefail', '-c', script]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    if (!operationId.startsWith('delete') || sample.label === 'CLI') expect(result.stdout.length).toBeGreaterThan(0);
  });
});
