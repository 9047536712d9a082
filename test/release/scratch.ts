// A scratch git repository shaped as this project is for the release gates: the gates'
// configuration, package.json, the API models (api-report/), the spec as one file
// (openapi/openapi.yaml: the bundled contract, which needs no bundling), README.md,
// tsup.config.ts, a code sample under docs/snippets/, a source file, and release 0.1.0 recorded
// from all of it, committed as the baseline. Tests change a file, and judge the tree with
// `check()` (what npm test runs), before and after adding a changeset.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { contractOf } from '../../scripts/lib/contract.mjs';
import { checkTree } from '../../scripts/release/gates.mjs';
import { recordRelease } from '../../scripts/release/record.mjs';
import { root } from '../support/spec.js';

export type Json = Record<string, unknown>;
const scratches: string[] = [];
export const cleanScratches = () => {
  for (const dir of scratches.splice(0)) rmSync(dir, { recursive: true, force: true });
  template = '';
};

export const bundledContract = (): Json =>
  contractOf(JSON.parse(readFileSync(join(root, 'dist', 'openapi.json'), 'utf8'))) as Json;

/** The repository every scratch one starts as, made once per test file and copied (no git run to copy it). */
let template = '';

export function scratchRepo() {
  const dir = mkdtempSync(join(tmpdir(), 'astra-gates-'));
  scratches.push(dir);
  if (!template) {
    template = mkdtempSync(join(tmpdir(), 'astra-gates-template-'));
    scratches.push(template);
    makeTemplate(template);
  }
  cpSync(template, dir, { recursive: true });
  return helpers(dir);
}

function makeTemplate(dir: string) {
  const { git, write, commit } = helpers(dir);
  git('init', '-q');
  for (const path of ['scripts/release/config.json', 'package.json', 'README.md', 'tsup.config.ts', 'LICENSE'])
    cpSync(join(root, path), join(dir, path), { recursive: true });
  cpSync(join(root, 'api-report'), join(dir, 'api-report'), { recursive: true });
  // This repository's baseline is one of its own commits; the scratch one starts at its first.
  const config = JSON.parse(readFileSync(join(dir, 'scripts/release/config.json'), 'utf8'));
  write('scripts/release/config.json', `${JSON.stringify({ ...config, baseline: 'added' }, null, 2)}\n`);
  write('openapi/openapi.yaml', `${JSON.stringify(bundledContract(), null, 2)}\n`);
  write('docs/snippets/list-backups.ts', "const backups = await astra.appBackups.list('app');\n");
  write('src/a.ts', 'export const a = 1;\n');
  const first = commit('the project, with its release gates (the baseline)');
  recordRelease({ root: dir, version: '0.1.0', commit: first, spec: bundledContract(), date: '2026-12-02' });
  commit('release 0.1.0 recorded');
}

function helpers(dir: string) {
  const git = (...args: string[]) =>
    execFileSync(
      'git',
      ['-c', 'user.name=t', '-c', 'user.email=t@example.com', '-c', 'commit.gpgsign=false', ...args],
      {
        cwd: dir,
        encoding: 'utf8',
      },
    ).trim();
  const write = (path: string, text: string) => {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), text);
  };
  const read = (path: string) => readFileSync(join(dir, path), 'utf8');
  const json = (path: string): Json => JSON.parse(read(path));
  const writeJson = (path: string, value: unknown) => write(path, `${JSON.stringify(value, null, 2)}\n`);
  /** Edits a JSON file in place. */
  const edit = (path: string, change: (value: Json) => void) => {
    const value = json(path);
    change(value);
    writeJson(path, value);
  };
  const changeset = (name: string, bump: 'none' | 'patch' | 'minor' | 'major') =>
    write(
      `.changeset/${name}.md`,
      bump === 'none' ? '---\n---\n\nInternal.\n' : `---\n"astra-app-backups": ${bump}\n---\n\nA change.\n`,
    );
  const commit = (message: string) => {
    git('add', '-A');
    git('commit', '-qm', message);
    return git('rev-parse', 'HEAD');
  };

  /** The gates on the working tree, with the spec as openapi/openapi.yaml has it. */
  const check = () => checkTree(dir, json('openapi/openapi.yaml'));
  return { dir, git, write, read, json, writeJson, edit, changeset, commit, check };
}
export type Scratch = ReturnType<typeof scratchRepo>;
