// The published package.json's links (`repository`, `homepage`, `bugs`): the project's home is
// wherever its repository is hosted, which the checkout does not name, so they come from the
// repository the release runs in (GitHub Actions' GITHUB_SERVER_URL and GITHUB_REPOSITORY) when
// package.json does not hold them. The docs site (docs.yml publishes it to GitHub Pages) is
// https://<owner>.github.io/<name>/ on github.com; on another server, whose Pages address this
// cannot know, the homepage is the repository's README. Nothing is invented: with neither
// package.json nor the environment naming a repository, there are no links.

/** `owner/name` of a repository URL on `server` (`git+https://host/owner/name.git`, …), or undefined. */
export function repositoryOf(url, server) {
  if (typeof url !== 'string') return undefined;
  const host = new URL(server).host.toLowerCase();
  const m = /^(?:git\+)?(?:https?|ssh|git):\/\/(?:[^@/]+@)?([^/]+)\/([^/]+)\/([^/#?]+?)(?:\.git)?(?:[/#?].*)?$/i.exec(
    url.trim(),
  );
  if (m && m[1]?.toLowerCase() === host) return `${m[2]}/${m[3]}`;
  const short = /^(?:github:)?([\w.-]+)\/([\w.-]+)$/.exec(url.trim());
  if (short && host === 'github.com') return `${short[1]}/${short[2]}`;
  const pages = /^https?:\/\/([\w-]+)\.github\.io\/([^/#?]+)/i.exec(url.trim());
  if (pages && host === 'github.com') return `${pages[1]}/${pages[2]}`;
  return undefined;
}

/**
 * The links the published package.json gets, and what is wrong with them for a publish with
 * provenance: `{ repository, fields: { repository?, homepage?, bugs? }, added: string[], problems: string[] }`.
 * `env` holds GITHUB_SERVER_URL (default https://github.com, as GitHub Actions sets it) and GITHUB_REPOSITORY.
 */
export function publishLinks(pkg, env = process.env) {
  const repo = env.GITHUB_REPOSITORY?.trim() || undefined;
  const server = (env.GITHUB_SERVER_URL?.trim() || 'https://github.com').replace(/\/+$/, '');
  const fields = {};
  const added = [];
  const problems = [];
  if (repo && !/^[\w.-]+\/[\w.-]+$/.test(repo)) {
    problems.push(`GITHUB_REPOSITORY is "${repo}", not owner/name`);
    return { repository: undefined, fields, added, problems };
  }
  const repoUrl = repo ? `${server}/${repo}` : undefined;
  const [owner, name] = repo ? repo.split('/') : [];
  const derived = repo
    ? {
        repository: { type: 'git', url: `git+${repoUrl}.git` },
        homepage:
          new URL(server).host === 'github.com'
            ? `https://${owner?.toLowerCase()}.github.io/${name}/`
            : `${repoUrl}#readme`,
        bugs: { url: `${repoUrl}/issues` },
      }
    : {};
  const urlOf = (value) => (typeof value === 'string' ? value : value?.url);
  for (const field of ['repository', 'homepage', 'bugs']) {
    if (pkg[field] !== undefined) {
      fields[field] = pkg[field];
      if (repo) {
        const named = repositoryOf(urlOf(pkg[field]), server);
        // A homepage elsewhere (its own domain) names no repository; one that names another does.
        if ((field === 'repository' || named !== undefined) && named?.toLowerCase() !== repo.toLowerCase())
          problems.push(
            `package.json's ${field} (${urlOf(pkg[field])}) names ${named ?? 'no repository on this server'}, but this release runs in ${repoUrl}: npm refuses a provenance statement whose repository does not match (E422). Set ${field} to the repository the release runs in, or remove it from package.json so that the release writes it from GITHUB_REPOSITORY`,
          );
      }
    } else if (repo) {
      fields[field] = derived[field];
      added.push(field);
    }
  }
  if (!repo && pkg.repository === undefined)
    problems.push(
      'package.json has no repository and GITHUB_REPOSITORY is not set: npm needs the repository for provenance, and the npm page would link nowhere. Run the release in the release workflow (GitHub Actions sets GITHUB_REPOSITORY), or set GITHUB_SERVER_URL and GITHUB_REPOSITORY, or add repository to package.json',
    );
  return { repository: repo, fields, added, problems };
}
