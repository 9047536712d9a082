// What the site says about the build it comes from, read once at build time by config.mts:
// the package's version, the contract hash of dist/spec.js, whether this version is a
// recorded release, the seven operations of the bundled spec, and the repository's address
// (only when the CI says it: GITHUB_REPOSITORY and GITHUB_SERVER_URL; no URL is invented).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { docsBase } from '../../scripts/docs-serve.mjs';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { name: string; version: string };

export interface Operation {
  operationId: string;
  summary: string;
  method: string;
  path: string;
  tag: string;
}

/** The spec's operations in the bundled spec's order (dist/openapi.json; `npm run docs` bundles first). */
export function readOperations(): Operation[] {
  const file = join(root, 'dist', 'openapi.json');
  if (!existsSync(file)) throw new Error('dist/openapi.json is missing: run `npm run docs` (it bundles the spec)');
  const spec = JSON.parse(readFileSync(file, 'utf8')) as {
    paths: Record<string, Record<string, { operationId?: string; summary?: string; tags?: string[] }>>;
  };
  const out: Operation[] = [];
  for (const [path, item] of Object.entries(spec.paths))
    for (const [method, op] of Object.entries(item))
      if (op && typeof op === 'object' && op.operationId)
        out.push({
          operationId: op.operationId,
          summary: op.summary ?? op.operationId,
          method: method.toUpperCase(),
          path,
          tag: op.tags?.[0] ?? '',
        });
  return out;
}

/** The contract hash of the build (dist/spec.js, as `astra-app-backups/spec` gives it). */
function contractSha256(): string {
  const file = join(root, 'dist', 'spec.js');
  if (!existsSync(file)) throw new Error('dist/spec.js is missing: run `npm run docs` (it builds the package first)');
  const match = /contractSha256:\s*["']([0-9a-f]{64})["']/.exec(readFileSync(file, 'utf8'));
  if (!match?.[1]) throw new Error('dist/spec.js holds no contractSha256');
  return match[1];
}

/** Versions with a release record (releases/<version>/release.json), and pending changesets. */
function releaseState(): { released: boolean; latest: string | undefined; pending: number } {
  const dir = join(root, 'releases');
  const versions = existsSync(dir) ? readdirSync(dir).filter((v) => existsSync(join(dir, v, 'release.json'))) : [];
  const num = (v: string) => v.split(/[.-]/).map((p) => Number.parseInt(p, 10) || 0);
  versions.sort((a, b) => {
    const [x, y] = [num(a), num(b)];
    for (let i = 0; i < Math.max(x.length, y.length); i++)
      if ((x[i] ?? 0) !== (y[i] ?? 0)) return (x[i] ?? 0) - (y[i] ?? 0);
    return 0;
  });
  const changesets = join(root, '.changeset');
  const pending = existsSync(changesets)
    ? readdirSync(changesets).filter((f) => f.endsWith('.md') && f !== 'README.md').length
    : 0;
  return { released: versions.includes(pkg.version), latest: versions.at(-1), pending };
}

/** The base path: one rule for the build and the preview server (scripts/docs-serve.mjs). */
export const basePath = docsBase;

function repositoryUrl(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const repo = env.GITHUB_REPOSITORY?.trim();
  const server = env.GITHUB_SERVER_URL?.trim();
  if (!repo || !server) return undefined;
  return `${server.replace(/\/+$/, '')}/${repo}`;
}

export interface BuildInfo {
  name: string;
  version: string;
  contractSha256: string;
  /** The version has a release record and no changeset is pending. */
  released: boolean;
  latestRelease: string | undefined;
  npmUrl: string;
  repositoryUrl: string | undefined;
}

export function buildInfo(): BuildInfo {
  const state = releaseState();
  return {
    name: pkg.name,
    version: pkg.version,
    contractSha256: contractSha256(),
    released: state.released && state.pending === 0,
    latestRelease: state.latest,
    npmUrl: `https://www.npmjs.com/package/${pkg.name}`,
    repositoryUrl: repositoryUrl(),
  };
}
