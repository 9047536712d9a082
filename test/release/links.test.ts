// The published package.json's links (scripts/release/links.mjs): written from the repository
// the release runs in (GITHUB_SERVER_URL, GITHUB_REPOSITORY) when package.json lacks them,
// refused for a publish with provenance when they name another repository, never invented.
// And every `npm run <script>` the release scripts tell the user to run exists.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { publishLinks, repositoryOf } from '../../scripts/release/links.mjs';
import { root } from '../support/spec.js';

const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as Record<string, unknown> & {
  scripts: Record<string, string>;
};
const env = { GITHUB_SERVER_URL: 'https://github.com', GITHUB_REPOSITORY: 'Test-Owner/astra-app-backups' };

describe('the published links', () => {
  it('are not in package.json: this checkout names no repository', () => {
    expect([pkg.repository, pkg.homepage, pkg.bugs]).toEqual([undefined, undefined, undefined]);
  });

  it('come from GITHUB_REPOSITORY: the repository, the docs site on GitHub Pages, its issues', () => {
    const links = publishLinks(pkg, env);
    expect(links.problems).toEqual([]);
    expect(links.added).toEqual(['repository', 'homepage', 'bugs']);
    expect(links.fields).toEqual({
      repository: { type: 'git', url: 'git+https://github.com/Test-Owner/astra-app-backups.git' },
      homepage: 'https://test-owner.github.io/astra-app-backups/',
      bugs: { url: 'https://github.com/Test-Owner/astra-app-backups/issues' },
    });
    // GITHUB_SERVER_URL defaults to github.com, as GitHub Actions sets it.
    expect(publishLinks(pkg, { GITHUB_REPOSITORY: env.GITHUB_REPOSITORY }).fields).toEqual(links.fields);
  });

  it('on another server, whose Pages address cannot be known, give the README as the homepage', () => {
    const links = publishLinks(pkg, {
      GITHUB_SERVER_URL: 'https://git.example.com/',
      GITHUB_REPOSITORY: 'team/backups',
    });
    expect(links.fields.homepage).toBe('https://git.example.com/team/backups#readme');
    expect(links.fields.repository).toEqual({ type: 'git', url: 'git+https://git.example.com/team/backups.git' });
  });

  it('are refused, saying what to set, when package.json names another repository', () => {
    const links = publishLinks(
      { ...pkg, repository: { type: 'git', url: 'git+https://github.com/someone/else.git' } },
      env,
    );
    expect(links.problems).toHaveLength(1);
    expect(links.problems[0]).toMatch(
      /package\.json's repository \(git\+https:\/\/github\.com\/someone\/else\.git\) names someone\/else, but this release runs in https:\/\/github\.com\/Test-Owner\/astra-app-backups: npm refuses .*\(E422\)\. Set repository to the repository the release runs in, or remove it/,
    );
    const bugs = publishLinks({ ...pkg, bugs: 'https://github.com/someone/else/issues' }, env);
    expect(bugs.problems.join()).toMatch(/bugs .* names someone\/else/);
    // Its own repository, written another way, and a homepage on a domain of its own, pass.
    const own = publishLinks(
      { ...pkg, repository: 'github:test-owner/astra-app-backups', homepage: 'https://astra-backups.example.org/' },
      env,
    );
    expect(own.problems).toEqual([]);
    expect(own.added).toEqual(['bugs']);
  });

  it('are not invented: without GITHUB_REPOSITORY and a repository in package.json there are none, and a problem says so', () => {
    const links = publishLinks(pkg, {});
    expect(links.fields).toEqual({});
    expect(links.problems.join()).toMatch(/package\.json has no repository and GITHUB_REPOSITORY is not set/);
    expect(publishLinks(pkg, { GITHUB_REPOSITORY: 'not a repo' }).problems.join()).toMatch(/not owner\/name/);
  });

  it('read repository URLs as npm writes them', () => {
    const on = 'https://github.com';
    expect(repositoryOf('git+https://github.com/a/b.git', on)).toBe('a/b');
    expect(repositoryOf('git+ssh://git@github.com/a/b.git', on)).toBe('a/b');
    expect(repositoryOf('https://github.com/a/b#readme', on)).toBe('a/b');
    expect(repositoryOf('https://a.github.io/b/', on)).toBe('a/b');
    expect(repositoryOf('https://gitlab.com/a/b', on)).toBeUndefined();
  });
});

describe('the release scripts', () => {
  it('name only npm scripts that exist', () => {
    const folder = join(root, 'scripts', 'release');
    const named = new Set<string>();
    for (const file of readdirSync(folder).filter((f) => f.endsWith('.mjs')))
      for (const m of readFileSync(join(folder, file), 'utf8').matchAll(/npm run ([\w:-]+)/g)) named.add(m[1] ?? '');
    expect(named.size).toBeGreaterThan(3);
    for (const name of named) expect(Object.keys(pkg.scripts), `npm run ${name}`).toContain(name);
  });
});
