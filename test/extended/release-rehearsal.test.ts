// The publish rehearsal (issue 29): a real registry (Verdaccio 6.8.0, pinned: 6.10 wants
// Node 22; installed once into ~/.cache/astra-verdaccio, or ASTRA_VERDACCIO_CACHE) on 127.0.0.1
// and a free port, run from a scratch folder. In a scratch clone of this checkout (its working
// tree's changes committed there; this checkout is never tagged or changed), `npm run release`
// itself runs with npm_config_registry pointing at it and GITHUB_REPOSITORY=test-owner/astra-app-backups:
// provenance is skipped because the registry is on loopback, and the script says so. A scratch
// project then installs astra-app-backups from it as a user would, checks the installed
// package.json's links and CHANGELOG.md, and runs the SDK against the package's own simulator
// (`astra-backups mock`) from there. Running the release again publishes nothing and exits 0;
// after a changeset and `npm run version-packages`, the next version publishes and installs.
import { type ChildProcess, execFileSync, spawn, spawnSync } from 'node:child_process';
import { appendFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readChangesets } from '../../scripts/release/gates.mjs';
import { root } from '../support/spec.js';
import { scratchClone } from './scratch-clone.js';

const VERDACCIO = '6.8.0';
const REPOSITORY = 'test-owner/astra-app-backups';
const cache = process.env.ASTRA_VERDACCIO_CACHE ?? join(homedir(), '.cache', 'astra-verdaccio', VERDACCIO);
const scratch = mkdtempSync(join(tmpdir(), 'astra-rehearsal-'));
const clone = join(scratch, 'clone');
const app = join(scratch, 'app');
const children: ChildProcess[] = [];

/** The environment of every npm command here: the registry, its token, this repository; no provenance asked. */
let registryEnv: NodeJS.ProcessEnv = {};
let registry = '';

const run = (command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = registryEnv) => {
  const result = spawnSync(command, args, { cwd, env, encoding: 'utf8', maxBuffer: 1 << 26 });
  return { code: result.status, stdout: result.stdout ?? '', stderr: result.stderr ?? '' };
};
const git = (...args: string[]) =>
  execFileSync('git', ['-c', 'user.name=rehearsal', '-c', 'user.email=rehearsal@example.com', ...args], {
    cwd: clone,
    encoding: 'utf8',
  }).trim();
const npmRun = (script: string) => run('npm', ['run', '--silent', script], clone);
const version = () => (JSON.parse(readFileSync(join(clone, 'package.json'), 'utf8')) as { version: string }).version;

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });

/** Starts a child and resolves once its output matches `ready`, within `ms`. */
function startUntil(command: string, args: string[], cwd: string, ready: RegExp, ms: number, env = registryEnv) {
  return new Promise<{ child: ChildProcess; match: RegExpExecArray }>((resolve, reject) => {
    const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    children.push(child);
    let output = '';
    const timer = setTimeout(
      () => reject(new Error(`${command} was not ready within ${ms} ms: ${output.slice(-800)}`)),
      ms,
    );
    const read = (data: Buffer) => {
      output += data;
      const match = ready.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve({ child, match });
      }
    };
    child.stdout?.on('data', read);
    child.stderr?.on('data', read);
    child.on('close', (code) => {
      clearTimeout(timer);
      reject(new Error(`${command} exited (${code}) before it was ready: ${output.slice(-800)}`));
    });
  });
}

/** Stops a child by its PID: SIGTERM, then SIGKILL after a bound. */
async function stop(child: ChildProcess) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const closed = new Promise((done) => child.once('close', done));
  child.kill('SIGTERM');
  const bound = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await closed;
  clearTimeout(bound);
}

const realCheckout = () => ({
  head: execFileSync('git', ['rev-parse', 'HEAD'], { cwd: root, encoding: 'utf8' }),
  tags: execFileSync('git', ['tag', '-l'], { cwd: root, encoding: 'utf8' }),
  status: execFileSync('git', ['status', '--porcelain'], { cwd: root, encoding: 'utf8' }),
});
const before = realCheckout();

beforeAll(async () => {
  // Verdaccio, pinned, installed once with npm into its cache folder.
  const bin = join(cache, 'node_modules', 'verdaccio', 'bin', 'verdaccio');
  if (!existsSync(bin)) {
    mkdirSync(cache, { recursive: true });
    writeFileSync(join(cache, 'package.json'), '{ "private": true }\n');
    const installed = run(
      'npm',
      ['install', '--no-audit', '--no-fund', '--save-exact', `verdaccio@${VERDACCIO}`],
      cache,
      process.env,
    );
    expect(installed.code, installed.stderr).toBe(0);
  }
  // Its scratch folder: storage, users, and a configuration that serves astra-app-backups only
  // from what is published here and everything else from the registry this machine uses.
  const upstream = run('npm', ['config', 'get', 'registry'], root, process.env).stdout.trim();
  const port = await freePort();
  const folder = join(scratch, 'verdaccio');
  mkdirSync(folder);
  writeFileSync(
    join(folder, 'config.yaml'),
    [
      'storage: ./storage',
      'auth:',
      '  htpasswd:',
      '    file: ./htpasswd',
      '    max_users: 10',
      'uplinks:',
      '  upstream:',
      `    url: ${upstream}`,
      'packages:',
      "  'astra-app-backups':",
      '    access: $all',
      '    publish: $authenticated',
      "  '**':",
      '    access: $all',
      '    proxy: upstream',
      'log: { type: stdout, format: pretty, level: warn }',
      '',
    ].join('\n'),
  );
  registry = `http://127.0.0.1:${port}/`;
  await startUntil(
    process.execPath,
    [bin, '--config', join(folder, 'config.yaml'), '--listen', `127.0.0.1:${port}`],
    folder,
    /http address/,
    120_000,
    process.env,
  );
  // A user, and its token in a user config of the scratch folder.
  const user = await fetch(`${registry}-/user/org.couchdb.user:rehearsal`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'rehearsal', password: 'rehearsal-password' }),
  });
  expect(user.status, await user.clone().text()).toBe(201);
  const { token } = (await user.json()) as { token: string };
  const npmrc = join(scratch, 'npmrc');
  writeFileSync(npmrc, `//127.0.0.1:${port}/:_authToken=${token}\nfund=false\naudit=false\nupdate-notifier=false\n`);
  registryEnv = { ...process.env, SCARF_ANALYTICS: 'false', REDOCLY_TELEMETRY: 'off', DO_NOT_TRACK: '1' };
  for (const key of Object.keys(registryEnv))
    if (/^(npm_config_(registry|userconfig|provenance)|GITHUB_SERVER_URL|GITHUB_REPOSITORY)$/i.test(key))
      delete registryEnv[key];
  Object.assign(registryEnv, {
    npm_config_registry: registry,
    npm_config_userconfig: npmrc,
    GITHUB_REPOSITORY: REPOSITORY,
  });

  scratchClone(clone);
  mkdirSync(app);
  writeFileSync(join(app, 'package.json'), '{ "name": "rehearsal-app", "private": true, "type": "module" }\n');
}, 900_000);

afterAll(async () => {
  for (const child of children) await stop(child);
  rmSync(scratch, { recursive: true, force: true });
});

/** Versions what is pending (as the "Version Packages" pull request does) and commits it. */
function versionPackages() {
  const from = version();
  const versioned = npmRun('version-packages');
  expect(versioned.code, versioned.stderr).toBe(0);
  expect(version()).not.toBe(from);
  expect(existsSync(join(clone, 'releases', version(), 'release.json'))).toBe(true);
  expect(readFileSync(join(clone, 'CHANGELOG.md'), 'utf8')).toContain(`## ${version()}`);
  git('add', '-A');
  git('commit', '-qm', 'Version Packages');
  return version();
}

/** `npm run release` in the clone: publishes, tags in the clone, says provenance is skipped. */
function release(expected: string) {
  const published = npmRun('release');
  expect(published.code, published.stderr).toBe(0);
  expect(published.stderr).toContain(
    `the registry ${registry} is on loopback (a rehearsal): publishing without provenance`,
  );
  expect(published.stderr).toMatch(/package\.json lacks repository, homepage, bugs: the published one gets them/);
  expect(published.stdout).toContain(`New tag: astra-app-backups@${expected}`);
  expect(git('tag', '-l', `v${expected}`)).toBe(`v${expected}`);
}

/** Installs a version from the registry into the scratch project and returns its package.json. */
function install(wanted: string) {
  const installed = run('npm', ['install', '--no-audit', '--no-fund', `astra-app-backups@${wanted}`], app);
  expect(installed.code, installed.stderr).toBe(0);
  const folder = join(app, 'node_modules', 'astra-app-backups');
  return { folder, pkg: JSON.parse(readFileSync(join(folder, 'package.json'), 'utf8')) as Record<string, unknown> };
}

describe('the publish rehearsal through a local registry', () => {
  let first = '';

  it('warns in the dry run when changesets are pending, naming the next version, then versions them', () => {
    first = version();
    if (readChangesets(clone).length > 0) {
      const dry = npmRun('release:dry-run');
      expect(dry.code, dry.stderr).toBe(0);
      expect(dry.stderr).toMatch(
        /warning: \d+ changeset\(s\) pending \(.*\): the next release would be \d+\.\d+\.\d+ \((patch|minor|major)\)/,
      );
      const named = /the next release would be (\d+\.\d+\.\d+)/.exec(dry.stderr)?.[1];
      first = versionPackages();
      expect(first).toBe(named);
    }
  }, 1_200_000);

  it('publishes with npm run release, from the scratch clone, without provenance on loopback', () => {
    release(first);
  }, 1_200_000);

  it('installs from the registry with its links, its changelog, and the SDK runs against the simulator from there', async () => {
    const { folder, pkg } = install(first);
    expect(pkg.version).toBe(first);
    expect(pkg.repository).toEqual({ type: 'git', url: `git+https://github.com/${REPOSITORY}.git` });
    expect(pkg.homepage).toBe('https://test-owner.github.io/astra-app-backups/');
    expect(pkg.bugs).toEqual({ url: `https://github.com/${REPOSITORY}/issues` });
    expect(readFileSync(join(folder, 'CHANGELOG.md'), 'utf8')).toContain(`## ${first}`);
    const { child, match } = await startUntil(
      process.execPath,
      [join(folder, 'dist', 'cli.js'), 'mock', '--port', '0', '--quiet', '--backup-ms', '300'],
      app,
      /simulator at (http:\/\/\S+)/,
      60_000,
    );
    writeFileSync(
      join(app, 'main.mjs'),
      [
        "import { createAstraClient } from 'astra-app-backups';",
        "import { EXAMPLE_ACCOUNT, EXAMPLE_APPS } from 'astra-app-backups/mock';",
        "const astra = createAstraClient({ accountId: EXAMPLE_ACCOUNT, token: 'rehearsal-token', baseUrl: process.argv[2] });",
        'let listed = 0;',
        'for await (const _ of astra.appBackups.list()) listed++;',
        "const { backup } = await astra.appBackups.create(EXAMPLE_APPS.shop, { name: 'rehearsal' });",
        'const got = await astra.appBackups.get(backup.id);',
        'console.log(JSON.stringify({ listed, same: got.id === backup.id, name: got.name }));',
        '',
      ].join('\n'),
    );
    const sdk = run(process.execPath, ['main.mjs', match[1] ?? ''], app);
    await stop(child);
    expect(sdk.code, sdk.stderr).toBe(0);
    const result = JSON.parse(sdk.stdout) as { listed: number; same: boolean; name: string };
    expect(result.listed).toBeGreaterThan(0);
    expect(result).toMatchObject({ same: true, name: 'rehearsal' });
  }, 600_000);

  it('publishes nothing when run again, and exits 0', () => {
    const tags = git('tag', '-l');
    const again = npmRun('release');
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).toContain(`astra-app-backups@${first} is on ${registry} already: nothing to publish`);
    expect(again.stdout).not.toContain('New tag');
    expect(git('tag', '-l')).toBe(tags);
  }, 600_000);

  it('publishes and installs the next version after a changeset and npm run version-packages', () => {
    writeFileSync(
      join(clone, '.changeset', 'rehearsal-fix.md'),
      '---\n"astra-app-backups": patch\n---\n\nA rehearsal fix of the README.\n',
    );
    appendFileSync(join(clone, 'README.md'), '\nA rehearsal fix.\n');
    git('add', '-A');
    git('commit', '-qm', 'a rehearsal fix, with its changeset');
    const next = versionPackages();
    expect(next).not.toBe(first);
    release(next);
    const { pkg, folder } = install(next);
    expect(pkg.version).toBe(next);
    expect(readFileSync(join(folder, 'CHANGELOG.md'), 'utf8')).toMatch(
      new RegExp(`## ${next.replace(/\./g, '\\.')}[\\s\\S]*A rehearsal fix of the README`),
    );
  }, 1_200_000);

  it('left this checkout as it was: no tag, no commit, no change', () => {
    expect(realCheckout()).toEqual(before);
  });
});
