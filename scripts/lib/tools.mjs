// Shared by every script: where the project is, the quiet environment for tools
// that would otherwise phone home, and a way to run a locally installed tool.
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const bin = (name) => join(root, 'node_modules', '.bin', name);

/** The environment for every tool: the network is closed, so nothing may phone home. */
export const quietEnv = {
  ...process.env,
  SCARF_ANALYTICS: 'false',
  REDOCLY_TELEMETRY: 'off',
  REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true',
  DO_NOT_TRACK: '1',
};
Object.assign(process.env, quietEnv);

/** Runs a local tool to completion, inheriting stdio; exits the script if it fails. */
export function runTool(name, args, { quiet = false } = {}) {
  const result = spawnSync(bin(name), args, {
    cwd: root,
    env: quietEnv,
    stdio: quiet ? ['ignore', 'pipe', 'pipe'] : 'inherit',
    encoding: 'utf8',
  });
  if (result.status !== 0) {
    if (quiet) process.stderr.write(`${result.stdout ?? ''}${result.stderr ?? ''}`);
    console.error(`${name} ${args.join(' ')} failed (exit ${result.status ?? result.signal})`);
    process.exit(result.status || 1);
  }
  return result;
}
