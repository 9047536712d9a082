// The published declarations name no type that only a newer TypeScript lib has: an
// inferred `Uint8Array<ArrayBuffer>` (TypeScript 5.7's lib) breaks every consumer on an
// older TypeScript, under skipLibCheck: false. Reads what `npm run build` wrote.
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const root = new URL('../../', import.meta.url);

describe('the published declarations', () => {
  it.each(['dist/index.d.ts', 'dist/index.d.cts'])('%s names no generic typed array', (file) => {
    const path = new URL(file, root);
    expect(existsSync(path), `${file} is missing: run npm run build first`).toBe(true);
    const text = readFileSync(path, 'utf8');
    // AnsweredResponse is there (so the check reads the right file), overriding none of
    // Response's members: they keep the types of the consumer's own lib.
    expect(text).toMatch(/interface AnsweredResponse extends Response \{\s*readonly afterLostAnswer: boolean;\s*\}/);
    expect(text.match(/(Uint8Array|ArrayBuffer|Uint8ClampedArray|Float32Array)<[^>]*>/g) ?? []).toEqual([]);
  });
});
