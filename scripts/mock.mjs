// `npm start`: the packaged `astra-backups mock` command (src/mock-server), with Prism's check
// of every request and answer run in process as a step behind the server
// (scripts/mock/prism-step.mjs): one process, one port. A thin launcher: the environment
// becomes the command's flags, so that one set of checks and messages applies.
// Environment: PORT (--port, default 4010), HOST (--host), MOCK=examples (Prism's example mock
// instead of the simulator), ASTRA_MOCK_BACKUP_MS (--backup-ms), ASTRA_MOCK_ALLOWED_HOSTS
// (--allowed-hosts), ASTRA_MOCK_SEED and ASTRA_MOCK_CONTROL_TOKEN (read by the command);
// `npm start -- FLAGS` passes any of the command's flags (--seed S, --json, …).
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { root } from './lib/tools.mjs';

const mode = process.env.MOCK || 'simulator';
if (mode !== 'simulator' && mode !== 'examples') {
  console.error(
    `npm start: MOCK must be "examples" (Prism's example mock) or unset (the simulator), got ${JSON.stringify(mode)}`,
  );
  process.exit(2);
}

// Bundle only when the spec changed since the last bundle: a second start is quicker.
const newest = (dir) =>
  readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile())
    .reduce((max, e) => Math.max(max, statSync(join(e.parentPath ?? e.path, e.name)).mtimeMs), 0);
let bundledAt = 0;
try {
  bundledAt = Math.min(
    statSync(join(root, 'dist', 'openapi.yaml')).mtimeMs,
    statSync(join(root, 'dist', 'openapi.json')).mtimeMs,
  );
} catch {}
if (bundledAt < newest(join(root, 'openapi'))) {
  const bundled = spawnSync(process.execPath, ['scripts/bundle.mjs'], {
    cwd: root,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  if (bundled.status !== 0) process.exit(bundled.status ?? 1);
}

const env = process.env;
const flags = [
  ['--port', env.PORT ?? '4010'],
  ['--host', env.HOST || undefined],
  ['--backup-ms', env.ASTRA_MOCK_BACKUP_MS],
  ['--allowed-hosts', env.ASTRA_MOCK_ALLOWED_HOSTS],
].flatMap(([flag, value]) => (value === undefined ? [] : [flag, value]));

const [{ runMockCommand, EXAMPLE_ACCOUNT, EXAMPLE_BACKUP }, { prismStep }, { SPEC_PATH }] = await Promise.all([
  import('./mock/core.mjs'),
  import('./mock/prism-step.mjs'),
  import('./mock/start.mjs'),
]);
const step = await prismStep({ specPath: SPEC_PATH, mode, alarm: (line) => process.stderr.write(`${line}\n`) });
const code = await runMockCommand(
  [...flags, ...process.argv.slice(2)],
  {
    stdout: process.stdout,
    stderr: process.stderr,
    once: (signal, listener) => process.once(signal, listener),
    stdin: process.stdin,
    exitWithParent: true,
  },
  mode === 'examples'
    ? {
        step,
        checkedBy: "Prism's example mock",
        banner: (url) =>
          `  Prefer: code=NNN, example=NAME or dynamic=true pick an answer. Ctrl-C stops it.\n  Try: curl -H 'Authorization: Bearer any' '${url}/accounts/${EXAMPLE_ACCOUNT}/topology/v1/appBackups/${EXAMPLE_BACKUP}'`,
      }
    : { step, checkedBy: 'every request and answer checked against the spec by Prism' },
);
process.exit(code);
