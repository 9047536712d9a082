// The testing guide (docs/guide/testing.md) says what the recipes' tests run: every file it
// includes with VitePress's `<<<` exists under docs/snippets/recipes/, every recipe file is
// either shown there or named by a recipe test, its table of operationIds is the spec's, and
// its table of versions is the pins the tests install (scripts/recipes/tools.mjs).
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { toolSets } from '../../scripts/recipes/tools.mjs';
import { OPERATION_IDS } from '../../src/mock/routes.js';
import { root } from '../support/spec.js';
import { recipes } from './support.js';

const guide = readFileSync(join(root, 'docs', 'guide', 'testing.md'), 'utf8');
const included = [...guide.matchAll(/^<<< @\/snippets\/recipes\/(\S+)/gm)].map((m) => m[1] ?? '');

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? files(join(dir, entry.name)) : [relative(recipes, join(dir, entry.name))],
  );
}

describe('the testing guide', () => {
  it('includes only recipe files that exist, and shows every recipe file a user copies', () => {
    const all = files(recipes).sort();
    expect(included.length).toBeGreaterThan(10);
    for (const file of included) expect(all, file).toContain(file);
    // Run by the tests but not shown: the app's page, entry and tsconfig (plain Vite and React).
    const notShown = all.filter((file) => !included.includes(file));
    expect(notShown).toEqual(['app/index.html', 'app/src/main.tsx', 'app/tsconfig.json']);
  });

  it("lists the spec's seven operationIds, each once", () => {
    const listed = [...guide.matchAll(/^\| `(\w+)` +\|/gm)].map((m) => m[1]);
    expect([...listed].sort()).toEqual([...OPERATION_IDS].sort());
  });

  it('gives the versions the recipe tests install', () => {
    const table = guide.slice(guide.indexOf('## Versions'), guide.indexOf('## Speed'));
    for (const pinned of Object.values(toolSets).flat()) {
      const at = pinned.lastIndexOf('@');
      const [name, version] = [pinned.slice(0, at), pinned.slice(at + 1)];
      if (name.startsWith('@types/') || name === 'react-dom' || name === '@testing-library/dom') continue;
      const literal = (text: string) => text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
      // The name, then its version in the same cell (a cell may name several packages of one version).
      expect(table, pinned).toMatch(new RegExp(`(^|[ |,])${literal(name)}[^|]*? ${literal(version)}`, 'm'));
    }
  });
});
