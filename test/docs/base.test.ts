// The docs site's base path (scripts/docs-serve.mjs; docs/.vitepress/config.mts builds with it):
// the repository's name on GitHub Pages, `/astra-app-backups/` elsewhere, DOCS_BASE above both.
import { describe, expect, it } from 'vitest';
import { docsBase } from '../../scripts/docs-serve.mjs';

describe('the docs base path', () => {
  it('is /astra-app-backups/ without a repository', () => {
    expect(docsBase({})).toBe('/astra-app-backups/');
  });
  it("is the repository's name, as GitHub Pages serves a project site", () => {
    expect(docsBase({ GITHUB_REPOSITORY: 'acme/astra-sdk' })).toBe('/astra-sdk/');
  });
  it('takes DOCS_BASE over the repository, with or without its slashes', () => {
    expect(docsBase({ GITHUB_REPOSITORY: 'acme/astra-sdk', DOCS_BASE: 'docs/v1' })).toBe('/docs/v1/');
    expect(docsBase({ DOCS_BASE: '/' })).toBe('/');
  });
});
