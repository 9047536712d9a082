// The testing recipes as users run them: the recipe's files (docs/snippets/recipes/<tool>/,
// with the app they test, docs/snippets/recipes/app/) copied into a scratch project beside
// the tool's cached install (scripts/recipes/cache.mjs), the packed tarball installed in it.
import { cpSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { scratchProject, toolFolder } from '../../scripts/recipes/cache.mjs';
import { packedApp } from '../support/packed.js';
import { root } from '../support/spec.js';

export const recipes = join(root, 'docs', 'snippets', 'recipes');
export const recipeEnv = {
  ...process.env,
  SCARF_ANALYTICS: 'false',
  NO_COLOR: '1',
  DO_NOT_TRACK: '1',
  STORYBOOK_DISABLE_TELEMETRY: '1',
  CI: '1',
};

export interface RecipeProject {
  /** The scratch project: the recipe's files, the tarball in its node_modules. */
  dir: string;
  /** The tool set's folder: its node_modules holds the tools. */
  tools: string;
  remove(): void;
}

/** A scratch project for `set` holding the files of `folders` (under docs/snippets/recipes/), later ones last. */
export async function recipeProject(
  set: string,
  folders: string[],
  packageJson: Record<string, unknown> = {},
): Promise<RecipeProject> {
  const { tarball } = await packedApp();
  const dir = await scratchProject(set, tarball, packageJson);
  for (const folder of folders) cpSync(join(recipes, folder), dir, { recursive: true });
  return { dir, tools: toolFolder(set), remove: () => rmSync(dir, { recursive: true, force: true }) };
}
