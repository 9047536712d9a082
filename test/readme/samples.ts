// The code samples of the docs, one source each: fenced blocks in README.md, CONTRIBUTING.md and the site's
// Markdown (docs/**/*.md), each preceded by a tag saying how the tests run it:
//
//   <!-- sample: KIND (how it is run, in words) -->
//   ```ts
//   ...
//   ```
//
// KIND picks the test that runs it (SAMPLE_RUNNERS below). A block without a tag fails
// test/readme/readme.test.ts, and so does a tag no test runs. Not scanned: docs/sdk/ (TypeDoc's
// output, not committed), docs/reference/ (generated from the spec, whose x-codeSamples
// test/docs/code-samples.test.ts runs), docs/snippets/ (files included with `<<<`, run by the
// tests of the pages that include them).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { root } from '../support/spec.js';

export interface Sample {
  /** The tag's kind, e.g. `mock`, `sh-mock`, `frontend-fetch`. */
  kind: string;
  /** The fence's language, e.g. `ts`. */
  language: string;
  code: string;
  /** The file, relative to the repository (`README.md`, `docs/guide/errors.md`). */
  file: string;
  /** The first line of the code (1-based). */
  line: number;
}

/** Which test runs each kind (by exact name, or by prefix ending in `-`). */
export const SAMPLE_RUNNERS: Record<string, string> = {
  mock: 'test/readme/readme.test.ts',
  progress: 'test/readme/readme.test.ts',
  tls: 'test/readme/readme.test.ts',
  cjs: 'test/readme/readme.test.ts',
  'query-core': 'test/readme/readme.test.ts',
  'sh-': 'test/readme/readme.test.ts',
  ci: 'test/readme/readme.test.ts (checks .ci/run and package.json say them)',
  install: 'test/readme/readme.test.ts (the name) and test/package (the packed tarball)',
  'control-': 'test/mock/control-docs.test.ts',
  react: 'test/query/react.test.ts',
  'frontend-vite-': 'test/e2e/browser.test.ts',
  'frontend-': 'test/package/frontend.test.ts',
  'frontend-mock-command': "test/package/frontend.test.ts (the README's one command, on a free port)",
};

export function runnerOf(kind: string): string | undefined {
  if (SAMPLE_RUNNERS[kind]) return SAMPLE_RUNNERS[kind];
  const prefix = Object.keys(SAMPLE_RUNNERS)
    .filter((k) => k.endsWith('-') && kind.startsWith(k))
    .sort((a, b) => b.length - a.length)[0];
  return prefix ? SAMPLE_RUNNERS[prefix] : undefined;
}

/** README.md, CONTRIBUTING.md and every Markdown page of the site that holds hand-written samples. */
export function sampleFiles(): string[] {
  const files = [join(root, 'README.md'), join(root, 'CONTRIBUTING.md')].filter((f) => existsSync(f));
  const skip = new Set(['sdk', 'reference', 'snippets', '.vitepress', 'node_modules']);
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.isDirectory()) {
        if (!skip.has(entry.name)) walk(join(dir, entry.name));
      } else if (entry.name.endsWith('.md')) files.push(join(dir, entry.name));
    }
  };
  if (existsSync(join(root, 'docs'))) walk(join(root, 'docs'));
  return files.sort();
}

/** One file's fenced blocks: the tagged ones, and the lines where an untagged one opens. */
export function parseSamples(markdown: string, file: string): { tagged: Sample[]; untagged: string[] } {
  const tagged: Sample[] = [];
  const untagged: string[] = [];
  const lines = markdown.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const open = /^(`{3,})(\w*)/.exec(lines[i] ?? '');
    if (!open) continue;
    const fence = open[1] ?? '```';
    let end = i + 1;
    while (end < lines.length && (lines[end] ?? '').trimEnd() !== fence) end++;
    const tag = /^<!-- sample: ([\w-]+)/.exec(lines[i - 1] ?? '');
    if (tag?.[1])
      tagged.push({
        kind: tag[1],
        language: open[2] ?? '',
        code: lines.slice(i + 1, end).join('\n'),
        file,
        line: i + 2,
      });
    else untagged.push(`${file}:${i + 1}`);
    i = end;
  }
  return { tagged, untagged };
}

let cache: { tagged: Sample[]; untagged: string[] } | undefined;

/** Every sample of README.md and the site's pages, in file order. */
export function allSamples(): { tagged: Sample[]; untagged: string[] } {
  if (cache) return cache;
  const tagged: Sample[] = [];
  const untagged: string[] = [];
  for (const path of sampleFiles()) {
    const found = parseSamples(readFileSync(path, 'utf8'), relative(root, path));
    tagged.push(...found.tagged);
    untagged.push(...found.untagged);
  }
  cache = { tagged, untagged };
  return cache;
}

/** The samples of one kind (or of kinds starting with a prefix ending in `-`). */
export function samplesOf(kind: string): Sample[] {
  return allSamples().tagged.filter((s) => (kind.endsWith('-') ? s.kind.startsWith(kind) : s.kind === kind));
}

/** The one sample of a kind; throws when there is none or more than one. */
export function onlySample(kind: string): Sample {
  const found = samplesOf(kind);
  if (found.length !== 1)
    throw new Error(
      `expected one sample tagged ${kind} in README.md or docs/, found ${found.length}${found.length ? `: ${found.map((s) => `${s.file}:${s.line}`).join(', ')}` : ''}`,
    );
  return found[0] as Sample;
}

/** A short name for a sample in a test's title. */
export const where = (s: Sample) => `${s.file}:${s.line} (${s.kind})`;
