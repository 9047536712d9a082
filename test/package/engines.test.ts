// `engines.node` states the real minimum: the newest Node API the shipped code calls.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { root } from '../support/spec.js';

// APIs newer than Node 18, with the Node version that added them (from Node's changelogs).
const SINCE: [RegExp, string, string][] = [
  [/\bAbortSignal\.any\b/, 'AbortSignal.any', '20.3.0'],
  [/\bAbortSignal\.timeout\b/, 'AbortSignal.timeout', '17.3.0'],
  [/\.throwIfAborted\(/, 'AbortSignal#throwIfAborted', '17.3.0'],
  [/\bObject\.hasOwn\b/, 'Object.hasOwn', '16.9.0'],
  [/\bstructuredClone\(/, 'structuredClone', '17.0.0'],
  [/\.findLast(Index)?\(/, 'Array#findLast', '18.0.0'],
  [/\bArray\.fromAsync\b/, 'Array.fromAsync', '22.0.0'],
  [/\bPromise\.withResolvers\b/, 'Promise.withResolvers', '22.0.0'],
  [/\.(union|intersection|symmetricDifference|isSubsetOf)\(/, 'Set methods', '22.0.0'],
  [/\bObject\.groupBy\b|\bMap\.groupBy\b/, 'Object.groupBy', '21.0.0'],
  [/\bString\.prototype\.isWellFormed\b|\.toWellFormed\(/, 'String#toWellFormed', '20.0.0'],
  [/\bfs\.glob\b|\bprocess\.getBuiltinModule\b/, 'fs.glob / getBuiltinModule', '22.0.0'],
];

const version = (v: string) => v.split('.').map(Number) as [number, number, number];
const newer = (a: string, b: string) => {
  const [x, y] = [version(a), version(b)];
  for (let i = 0; i < 3; i++) if ((x[i] ?? 0) !== (y[i] ?? 0)) return (x[i] ?? 0) > (y[i] ?? 0);
  return false;
};

describe('engines.node', () => {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
    engines: { node: string };
    files: string[];
  };
  // Every script the package ships: the SDK, the CLI, the simulator and its adapters.
  const shipped = pkg.files.filter((f) => /\.c?js$/.test(f));
  const code = shipped.map((f) => readFileSync(join(root, f), 'utf8')).join('\n');
  const used = SINCE.filter(([pattern]) => pattern.test(code));

  it('is ">=" the version that brought the newest API the shipped code uses (20.0.0 at least: the CLI targets node20)', () => {
    expect(shipped).toEqual(expect.arrayContaining(['dist/index.js', 'dist/index.cjs', 'dist/cli.js', 'dist/mock.js']));
    expect(code).toContain('createAstraClient');
    const minimum = used.reduce((max, [, , since]) => (newer(since, max) ? since : max), '20.0.0');
    expect(pkg.engines.node).toBe(`>=${minimum}`);
  });

  it('finds an API that a test plants in the code', () => {
    const planted = `${code}\nPromise.withResolvers();`;
    expect(SINCE.filter(([pattern]) => pattern.test(planted)).map(([, name]) => name)).toContain(
      'Promise.withResolvers',
    );
  });

  it('agrees with the README and the getting-started guide', () => {
    const minimum = pkg.engines.node.replace('>=', '').replace(/\.0$/, '');
    for (const page of ['README.md', 'docs/guide/getting-started.md'])
      expect(readFileSync(join(root, page), 'utf8').replace(/\s+/g, ' '), page).toContain(`Node ${minimum} or later`);
  });
});
